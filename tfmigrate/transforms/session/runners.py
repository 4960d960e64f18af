"""The program's own functions that run the graph in a Session they are passed: ``def run_epochs(sess, epochs):
... sess.run([train_op, cost], feed_dict=...)``, called as ``run_epochs(sess, 2)`` inside ``with tf.Session() as
sess:``.

TF1 runs such a body each time it is called, with the graph as it stands then; so does the eager program. The body
is proved where it is called, as run-phase code in a loop (one call may run it many times) unless the module calls
it once outside a loop (``gan.train()``: its ``sess.run(init)`` initialises once), with the parameter
standing for the Session passed: each site becomes its eager call, the parameter and the Session argument go.
Refused (the graph tier keeps the program, with the line): a session parameter that is also used otherwise, a call
that passes something other than a Session of this module, a use of the function other than such a call, a body
that calls the function again, graph names bound in the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import Blocked, descendants
from tfmigrate.transforms.session.run_calls import session_run

# proof.py's refusal of graph building in the body of a function given the Session (inlined_helpers.py reads it)
BUILDS_GIVEN = "is given the Session and builds graph values in its body"


@dataclass
class Runner:
    definition: cst.FunctionDef
    param: str  # the parameter that holds the Session
    index: int  # its position
    calls: set[cst.Call] = field(default_factory=set)  # calls proved so far


class Runners:
    """The Session-taking functions of the module, proved at each call."""

    def __init__(self, proof) -> None:
        self.proof = proof
        self.program = proof.program
        self.runners: dict[str, Runner] = {}
        self.active: set[str] = set()

    def define(self, definition: cst.FunctionDef) -> bool:
        """Record a module-level function whose one parameter is used as a Session (``p.run(...)``,
        ``eval(session=p)``); False for any other function."""
        params = definition.params
        if params.posonly_params or params.kwonly_params or params.star_kwarg is not None:
            return False
        if not isinstance(params.star_arg, cst.MaybeSentinel) or definition.decorators:
            return False
        names = [p.name.value for p in params.params]
        savers = _savers(self.program)
        used = [
            name for name in names if _runs_with(definition, name, savers) or _passes_on(definition, name, self.runners)
        ]
        if len(used) != 1 or definition.asynchronous is not None:
            return False
        name = definition.name.value
        if self.program.binds.get(name, 0) != 1:
            raise self.program.deny(
                f"function `{name}` runs the graph and its name is bound more than once", definition
            )
        param = used[0]
        if params.params[names.index(param)].default is not None:
            raise self.program.deny(f"function `{name}`: the Session parameter `{param}` has a default", definition)
        self.runners[name] = Runner(definition, param, names.index(param))
        self.proof.plan.params[definition] = param
        return True

    def call(self, call: cst.Call, loop: bool) -> bool:
        """``run_epochs(sess, 2)`` in the run phase: prove the body for this call; False for other calls."""
        func = call.func
        if not (isinstance(func, cst.Name) and func.value in self.runners):
            return False
        runner = self.runners[func.value]
        if func.value in self.active:
            raise self.proof.deny(f"function `{func.value}` calls itself", call)
        if any(a.star for a in call.args):
            raise self.proof.deny(f"`{func.value}` is called with *args or **kwargs", call)
        session = argument(call, runner.index, runner.param)
        if session is None or not (isinstance(session.value, cst.Name) and session.value.value in self.proof.sessions):
            raise self.proof.deny(f"`{func.value}` is called without a Session of this module", call)
        for arg in call.args:
            if arg is not session:
                self.proof.expression(arg.value, loop)
                if any(node in self.proof.plan.replace for node in descendants(arg.value)):
                    raise self.proof.deny(f"an argument of `{func.value}` runs the graph", arg)
        self.active.add(func.value)
        added = runner.param not in self.proof.sessions
        self.proof.sessions.add(runner.param)
        inside = set(descendants(runner.definition.body))
        earlier = {node: code for node, code in self.proof.plan.replace.items() if node in inside}
        try:
            self.proof.block(_body(runner.definition), top=False, loop=loop or not self.once(func.value))
        finally:
            self.active.discard(func.value)
            if added:
                self.proof.sessions.discard(runner.param)
        for node, code in earlier.items():
            if self.proof.plan.replace.get(node) != code:
                raise self.proof.deny(
                    f"`{func.value}` runs other graph values at this call than at an earlier one", call
                )
        code = self.program.module.code_for_node
        kept = [a for a in call.args if a is not session]
        arguments = ", ".join(code(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in kept)
        self.proof.plan.replace[call] = f"{code(func)}({arguments})"
        self.proof.plan.sites += 1
        runner.calls.add(call)
        return True

    def given(self, call: cst.Call, sessions: set[str]) -> bool:
        """``run_epochs(sess, 2)``: a call of such a function passing a Session of the module, which runs the graph
        (its result, ``score = evaluate(sess, X)``, is a host value, not a graph definition)."""
        func = call.func
        runner = self.runners.get(func.value) if isinstance(func, cst.Name) else None
        session = argument(call, runner.index, runner.param) if runner is not None else None
        return session is not None and isinstance(session.value, cst.Name) and session.value.value in sessions

    def once(self, name: str) -> bool:
        """The function is called by one call of the module (``gan.train()``): a call outside any loop runs its
        body once, as straight-line code; else (several calls, or one in a loop) the body is read as a loop's."""
        calls = [
            n
            for n in descendants(self.program.module)
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
        ]
        return len(calls) == 1

    def finish(self) -> None:
        """Every use of such a function is a call that was proved."""
        for name, runner in self.runners.items():
            if not runner.calls:  # its body was never proved: its sites stay Session calls
                raise self.program.deny(f"function `{name}` runs the graph and is never called", runner.definition)
        labels = set()  # attribute and keyword names: not references
        for node in descendants(self.program.module):
            if isinstance(node, cst.Attribute):
                labels.add(node.attr)
            elif isinstance(node, cst.Arg) and node.keyword is not None:
                labels.add(node.keyword)
        for node in descendants(self.program.module):
            if isinstance(node, cst.Name) and node.value in self.runners and node not in labels:
                runner = self.runners[node.value]
                if node is runner.definition.name:
                    continue
                if not any(call.func is node for call in runner.calls):
                    raise Blocked(
                        f"function `{node.value}` runs the graph and is used here other than called with a Session",
                        self.program.line_of(node),
                    )


def _savers(program) -> set[str]:
    """The names the module binds to a ``tf.train.Saver(...)``: only their ``save``/``restore`` take a Session."""
    return {
        target.target.value
        for node in descendants(program.module)
        if isinstance(node, cst.Assign)
        and isinstance(node.value, cst.Call)
        and program.tf1_path(node.value.func) == "train.Saver"
        for target in node.targets
        if isinstance(target.target, cst.Name)
    }


def _runs_with(definition: cst.FunctionDef, name: str, savers: set[str]) -> bool:
    for node in descendants(definition.body):
        if session_run(node, {name}):
            return True
        if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == "session":
            if isinstance(node.value, cst.Name) and node.value.value == name:
                return True
        if _saves_with(node, name, savers):
            return True
    return False


def _passes_on(definition: cst.FunctionDef, name: str, runners: dict[str, Runner]) -> bool:
    """``def model__score(sess, X, Y): return np.mean(Y == model__predict(sess, X))``: the parameter passed as the
    Session of a function defined before that runs it (session_callers.py), which runs it as much as ``sess.run``."""
    return any(
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value in runners
        and (given := argument(node, runners[node.func.value].index, runners[node.func.value].param)) is not None
        and isinstance(given.value, cst.Name)
        and given.value.value == name
        for node in descendants(definition.body)
    )


def _saves_with(node: cst.CSTNode, name: str, savers: set[str]) -> bool:
    """``saver.save(p, path)`` / ``saver.restore(p, path)``: the GAN collection's ``def save(self, checkpoint_dir,
    step): self.saver.save(self.sess, ...)`` runs the Session it is given as much as ``p.run`` does; ``np.save(p,
    x)`` does not (the receiver must be a name the module binds to a Saver)."""
    if not (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value in savers
        and node.func.attr.value in ("save", "restore")
        and node.args
    ):
        return False
    first = node.args[0]
    return (
        (first.keyword is None or first.keyword.value == "sess")
        and isinstance(first.value, cst.Name)
        and first.value.value == name
    )


def _body(definition: cst.FunctionDef) -> list:
    body = definition.body
    if isinstance(body, cst.IndentedBlock):
        return list(body.body)
    return [cst.SimpleStatementLine(body=body.body)]  # type: ignore[arg-type]
