"""Module-level functions judged where they are called: a GAN script's ``def show_result(num_epoch): test_images =
sess.run(G_z, {z: fixed_z_, isTrain: False}); ...`` defined at the top, above ``G_z = generator(z, isTrain)`` and
``sess = tf.InteractiveSession()``, and called every epoch of the training loop.

The ``def`` only binds the name; the body reads the module's names when it is called, and by then they are the graph
values and the Session. At the ``def`` such a function reads as plain Python (proof.py keeps it, foreign_code having
found no TensorFlow in it); at a call where its body reads a graph value or a Session, the body is proved there as
run-phase code (in a loop unless the module calls it once, outside a loop), as runners.py proves ``def f(sess)``
bodies: each run in it becomes its eager call, the function and its calls stay as written. A call at which the body
reads other graph values than at an earlier one is refused (one body, one rewrite).

Refused (the graph tier keeps the program, named at the line): a function whose body reads a graph value or a
Session that is used other than called from module code the proof reads, called before those names are bound (a
NameError in TF1 too), called after its Session is closed, whose parameters or locals are named like a graph value
or Session, that calls a graph-building helper, or calls itself (Program refuses any ``global``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session import feed_functions
from tfmigrate.transforms.session.analysis import descendants, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Proof

LATE = "bound to a graph value or Session only after the function is defined (the function is not plain Python)"


class LateCalls:
    """The module's host functions (read as plain Python at their ``def``), proved at each call that needs it."""

    def __init__(self, proof: Proof) -> None:
        self.proof = proof
        self.functions: dict[str, cst.FunctionDef] = {}
        self.proved: dict[str, list[tuple[cst.Call, frozenset[str]]]] = {}  # calls proved, graph names seen there
        self.early: dict[str, list[cst.Call]] = {}  # calls met while the body read no graph value yet
        self.active: set[str] = set()

    def define(self, definition: cst.FunctionDef) -> None:
        self.functions[definition.name.value] = definition

    def call(self, call: cst.Call, loop: bool) -> bool:
        """``show_result(epoch)`` in the run phase, its body reading graph values or a Session: prove the body for
        this call; False for other calls (and for a call of such a function while nothing it reads is graph yet)."""
        func = call.func
        if not (isinstance(func, cst.Name) and func.value in self.functions):
            return False
        name = func.value
        definition = self.functions[name]
        if name in self.proof.program.feed_functions:
            return False  # proved where its dict is bound (proof.feed_dict), its uses by feed_functions.check_uses
        reads = self.graph_reads(definition)
        if not reads:
            self.early.setdefault(name, []).append(call)
            return False
        proof = self.proof
        where = f"function `{name}` (read where it is called)"
        if name in self.active:
            raise proof.deny(f"{where} calls itself", call)
        if proof.program.binds.get(name, 0) != 1:
            raise proof.deny(f"{where}: its name is bound more than once", call)
        if any(a.star for a in call.args):
            raise proof.deny(f"`{name}` is called with *args or **kwargs", call)
        self.refuse_shapes(definition, where, call)
        for arg in call.args:
            proof.expression(arg.value, loop)
            if any(node in proof.plan.replace for node in descendants(arg.value)):
                raise proof.deny(f"an argument of `{name}` runs the graph", arg)
        inside = set(descendants(definition.body))
        earlier = {node: code for node, code in proof.plan.replace.items() if node in inside}
        self.active.add(name)
        line = proof.line  # the statement holding the call, where a run's step goes (fetch_order.after_step)
        try:
            proof.block(_body(definition), top=False, loop=loop or not self.once(name))
        finally:
            self.active.discard(name)
            proof.line = line
        for node, code in earlier.items():
            if proof.plan.replace.get(node) != code:
                raise proof.deny(f"`{name}` runs other graph values at this call than at an earlier one", call)
        self.proved.setdefault(name, []).append((call, frozenset(reads)))
        return True

    def feed_function(self, value: cst.BaseExpression) -> None:
        """``feed = feed_dict(True)`` calling a function defined above the placeholders its dict is keyed by: a
        feed function now that they are bound, as one defined below them is at its ``def`` (feed_functions.py)."""
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            definition = self.functions.get(value.func.value)
            if definition is not None and value.func.value not in self.proof.program.feed_functions:
                feed_functions.define(self.proof.program, definition)

    def graph_reads(self, definition: cst.FunctionDef) -> set[str]:
        """The module names the body reads that are graph values or Sessions now."""
        program, sessions = self.proof.program, self.proof.sessions
        return {node.value for node in _free_names(definition) if node.value in program.nodes or node.value in sessions}

    def refuse_shapes(self, definition: cst.FunctionDef, where: str, call: cst.Call) -> None:
        """What the body-at-the-call model cannot read: its own names spelled like graph values (the proof would
        take them for the graph's), graph helpers (a body building graph ops), a Session closed by now (TF1 stops
        at the run, an eager call would not). A ``global`` anywhere is refused by the Program (analysis.py)."""
        from tfmigrate.transforms.session.functions import local_names  # functions.py imports the proof

        proof = self.proof
        program, sessions = proof.program, proof.sessions
        for local, node in local_names(definition).items():
            if local in program.nodes or local in sessions:
                raise proof.deny(f"{where} has its own `{local}`, named like the module's graph value", node)
        for node in _free_names(definition):
            if node.value in program.helpers:
                raise proof.deny(f"{where} calls `{node.value}`, which builds graph values, at each call", node)
            if node.value in sessions and node.value not in proof.open:
                raise proof.deny(f"`{node.value}`, which function `{definition.name.value}` runs, is closed here", call)

    def once(self, name: str) -> bool:
        calls = [
            n
            for n in descendants(self.proof.program.module)
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
        ]
        return len(calls) == 1

    def finish(self) -> None:
        """Every function whose body reads, by the end of the module, a graph value or a Session bound after its
        ``def`` was proved at each of its uses, each call seeing all of them; else the first such read is named."""
        for name, definition in self.functions.items():
            reads = self.graph_reads(definition)
            if not reads or name in self.proof.program.feed_functions:
                continue
            proved = self.proved.get(name, [])
            early = [(call, frozenset[str]()) for call in self.early.get(name, [])]
            for call, seen in sorted([*early, *proved], key=lambda item: self.proof.program.line_of(item[0])):
                if seen != reads:
                    raise self.proof.deny(
                        f"function `{name}` is called before `{sorted(reads - seen)[0]}`, which it reads, is bound",
                        call,
                    )
            calls = {call.func for call, _ in proved}
            module = self.proof.program.module
            uses = [n for n in loaded_names(module) if n.value == name and n not in calls and n is not definition.name]
            if proved and not uses:
                continue
            first = next(n for n in _free_names(definition) if n.value in reads)
            if proved:
                raise self.proof.deny(
                    f"function `{name}` reads `{first.value}`, a graph value or Session, and is used here other than "
                    "called from module code",
                    uses[0],
                )
            raise self.proof.deny(f"`{first.value}` is used inside function `{name}`, {LATE}", first)


def _free_names(definition: cst.FunctionDef) -> list[cst.Name]:
    """The names the body reads from the module: not its parameters or locals."""
    from tfmigrate.transforms.session.functions import local_names  # functions.py imports the proof

    own = set(local_names(definition))
    return [node for node in loaded_names(definition.body) if node.value not in own]


def _body(definition: cst.FunctionDef) -> list:
    body = definition.body
    if isinstance(body, cst.IndentedBlock):
        return list(body.body)
    return [cst.SimpleStatementLine(body=body.body)]  # type: ignore[arg-type]
