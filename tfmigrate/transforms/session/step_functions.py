"""Step functions of the run phase, read as their body where they are called: dennybritz's text-CNN ``train.py``
and its forks define, inside the Session block::

    def train_step(x_batch, y_batch):
        feed_dict = {cnn.input_x: x_batch, cnn.input_y: y_batch, cnn.dropout_keep_prob: 0.5}
        _, step, loss, accuracy = sess.run([train_op, global_step, cnn.loss, cnn.accuracy], feed_dict)
        print("{}: step {}, loss {:g}, acc {:g}".format(time_str, step, loss, accuracy))

and call ``train_step(x_batch, y_batch)`` once, as a statement, in the training loop (``dev_step`` likewise).

Python runs the body once per call, where the call stands, its parameters bound to the arguments: the program with
the call replaced by the body is the same program, run for run, so the proof reads that (it models runs in the
module's loops; it does not model a function that runs the graph). A parameter passed a plain name that the body
does not rebind reads that name; any other parameter, and a local also spelled outside the function, takes a fresh
name (bound from the argument before the body), so no binding of the program is read or overwritten by another.
A local shared only with another step function, bound at the top of each body before it is read, keeps its name.

Only a plain function with parameters (no decorator, default other than a literal, ``*args``, ``return``,
``yield``, ``nonlocal``, nested function, class or lambda; a ``global a`` line of the body's own, inlined at a
call in module-level code, is dropped: its names are the module's there too) defined in module-level code outside loops and branches,
whose body runs a Session it does not open (``sess.run``, ``sess`` a name it does not bind), spelled only in its
``def`` and in one later call that is a statement of its own, in module-level code, passing each parameter once (by
position or keyword) or leaving it its literal default. A function without parameters that runs a Session is the
program's main function, which functions.py and main_guard.py read.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.session import inlined_helpers
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.functions import local_names, own_body, references_to
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.run_calls import run_name
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

NOTE = "step function `{name}` read as its body where it is called once, as Python ran it"


def inline(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each step function's call replaced by its body, and a note for each; None where none."""
    parents = parents_of(module)
    steps: dict[str, tuple[cst.FunctionDef, cst.SimpleStatementLine]] = {}
    for statement, scope in _straight_definitions(module.body, None):
        if _plain(statement):
            call = _one_call(module, statement, scope, parents, line_of)
            if call is not None and (scope is None or not _globals(statement)):  # a global read in a function
                steps[statement.name.value] = (statement, call)
    if not steps:
        return None
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    rewrite = _Inline(module, resolve, line_of, steps, taken)
    applied = rewrite.applied()
    notes = [(line_of(call), NOTE.format(name=name)) for name, (_, call) in steps.items()]
    return *applied, notes


def _plain(function: cst.FunctionDef) -> bool:
    params = function.params
    if (
        function.decorators
        or function.asynchronous is not None
        or not isinstance(function.body, cst.IndentedBlock)
        or params.kwonly_params
        or params.posonly_params
        or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
        or params.star_kwarg is not None
        or any(p.default is not None and not _literal(p.default) for p in params.params)
    ):
        return False
    inner = list(descendants(function.body))
    if any(isinstance(n, (cst.Return, cst.Yield, cst.Await, cst.Nonlocal)) for n in inner):
        return False
    if any(isinstance(n, cst.Global) for n in inner) and len(_globals(function)) != _global_count(inner):
        return False  # a ``global`` in a branch or loop of the body, or beside another statement on its line
    if any(isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) for n in inner):
        return False
    runs = [  # it runs a Session opened outside it: ``sess.run(...)`` of a name it does not bind
        name for n in own_body(function.body) if (name := run_name(n)) is not None
    ]
    # a function taking no parameters is the program's main function (functions.py, main_guard.py)
    return bool(params.params) and bool(runs) and not set(runs) & set(local_names(function))


def _globals(function: cst.FunctionDef) -> dict[int, set[str]]:
    """The body's top-level ``global a, b`` lines (id of the line -> the names): inlined at a module-level call,
    the names are the module's, as ``global`` made them, and the lines are dropped."""
    found = {}
    for statement in cast(cst.IndentedBlock, function.body).body:
        if (
            isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
            and isinstance(small := statement.body[0], cst.Global)
        ):
            found[id(statement)] = {item.name.value for item in small.names}
    return found


def _global_count(inner: list[cst.CSTNode]) -> int:
    return sum(isinstance(n, cst.Global) for n in inner)


def _straight_definitions(statements, scope: cst.FunctionDef | None):
    """Each ``def`` run once where it stands in the straight code of the module or of a function (its body and the
    bodies of its ``with`` blocks), with that function (None: the module)."""
    for statement in statements:
        if isinstance(statement, cst.FunctionDef):
            yield statement, scope
            if isinstance(statement.body, cst.IndentedBlock):  # ``def train(): ... def train_step(x, y): ...``
                yield from _straight_definitions(statement.body.body, statement)
        elif isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            yield from _straight_definitions(statement.body.body, scope)


def _one_call(
    module: cst.Module,
    function: cst.FunctionDef,
    scope: cst.FunctionDef | None,
    parents: dict[cst.CSTNode, cst.CSTNode],
    line_of: LineOf,
) -> cst.SimpleStatementLine | None:
    """The one statement ``f(a, b)`` calling ``function`` after it, in the code of the scope that defines it (not
    in a function, class or lambda of its own); None otherwise."""
    name = function.name.value
    spelled = [n for n in references_to(module, {name}) if n is not function.name]
    if len(spelled) != 1:
        return None
    statement = parents.get(parents.get(parents.get(spelled[0], spelled[0]), spelled[0]), spelled[0])
    if not (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(expr := statement.body[0], cst.Expr)
        and isinstance(call := expr.value, cst.Call)
        and call.func is spelled[0]
    ):
        return None
    holder = parents.get(statement)
    while holder is not None and not isinstance(holder, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        holder = parents.get(holder)
    if holder is not scope or line_of(statement) <= line_of(cast(cst.IndentedBlock, function.body).body[-1]):
        return None
    return statement if _arguments(function, call) is not None else None


def _literal(node: cst.BaseExpression) -> bool:
    """``None``, ``True``, ``False``, a number or a string: the same value wherever it is written."""
    if isinstance(node, cst.Name):
        return node.value in ("None", "True", "False")
    return isinstance(node, (cst.Integer, cst.Float, cst.SimpleString))


def _arguments(function: cst.FunctionDef, call: cst.Call) -> dict[str, cst.BaseExpression] | None:
    """Each parameter -> what the call passes it (by position or keyword) or its literal default; None where the
    call passes anything else (``*args``, an unknown keyword, a parameter twice or not at all)."""
    params = [p.name.value for p in function.params.params]
    defaults = {p.name.value: p.default for p in function.params.params if p.default is not None}
    passed: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        name = arg.keyword.value if arg.keyword is not None else (params[index] if index < len(params) else None)
        if name is None or name not in params or name in passed:
            return None
        passed[name] = arg.value
    for name in params:
        if name not in passed:
            if name not in defaults:
                return None
            passed[name] = defaults[name]
    return {name: passed[name] for name in params}


def _rebound(function: cst.FunctionDef) -> set[str]:
    """Names the body binds (its parameters aside)."""
    params = {p.name.value for p in function.params.params}
    bound = set(local_names(function)) - params
    for node in descendants(function.body):  # ``x += 1`` and ``for x in ...`` of a parameter rebind it too
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.For, cst.AnnAssign)):
            target = node.target
            bound |= {n.value for n in descendants(target) if isinstance(n, cst.Name)}
            if isinstance(target, cst.Name):
                bound.add(target.value)
    return bound


def _bound_first(function: cst.FunctionDef, name: str) -> bool:
    """The first top-level statement of the body that spells ``name`` binds it without reading it."""
    for statement in cast(cst.IndentedBlock, function.body).body:
        if not references_to(statement, {name}):
            continue
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return False
        small = statement.body[0]
        if not isinstance(small, cst.Assign) or references_to(small.value, {name}):
            return False
        return any(references_to(t.target, {name}) for t in small.targets)
    return False


class _Inline(TracedRewrite):
    def __init__(self, module, resolve, line_of, steps, taken: set[str]) -> None:
        super().__init__(module, resolve, line_of)
        self.steps: dict[str, tuple[cst.FunctionDef, cst.SimpleStatementLine]] = steps
        self.taken = taken
        self.defs = {id(f) for f, _ in steps.values()}
        self.calls = {id(c): f for f, c in steps.values()}

    def leave_FunctionDef(self, original_node, updated_node):
        return cst.RemoveFromParent() if id(original_node) in self.defs else updated_node

    def leave_SimpleStatementLine(self, original_node, updated_node):
        function = self.calls.get(id(original_node))
        if function is None:
            return updated_node
        made = self._body(function, original_node)
        made[0] = made[0].with_changes(leading_lines=original_node.leading_lines)
        return cst.FlattenSentinel(made)

    def _body(self, function: cst.FunctionDef, site: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
        call: cst.Call = site.body[0].value  # type: ignore[attr-defined]
        rebound = _rebound(function)
        declared = _globals(function)
        global_names = set().union(*declared.values())
        own = {name: site for name, site in local_names(function).items() if name not in global_names}
        params = {p.name.value for p in function.params.params}
        elsewhere = self._elsewhere(function)
        rename: inlined_helpers.Renames = {}
        bindings: list[cst.BaseStatement] = []
        passed = _arguments(function, call)
        assert passed is not None  # _one_call chose the call for it
        for name, value in passed.items():
            if name not in rebound and (
                _literal(value) or isinstance(value, cst.Name) and value.value not in set(own) - params
            ):
                if not (isinstance(value, cst.Name) and value.value == name):
                    rename[name] = value
                continue
            fresh = numbered(self.taken, name, 1) if name in elsewhere else name
            if fresh != name:
                rename[name] = fresh
            line = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(fresh))], value)])
            bindings.append(self.traced(line, site))
        for name in set(own) - params:
            if name in elsewhere and not self._shared(function, name):
                rename[name] = numbered(self.taken, name, 1)
        body: list[cst.BaseStatement] = list(cast(cst.IndentedBlock, function.body).body)
        if body and is_docstring(body[0]) and len(body) > 1:  # ``'''A single training step'''``
            body = body[1:]
        body = [statement for statement in body if id(statement) not in declared] or [
            cst.SimpleStatementLine([cst.Pass()])
        ]
        if rename:
            origins = Origins()
            origins.pairs = self.origins  # the copies answer for the body's own nodes, as the rewrite's made nodes do
            renamer = inlined_helpers.Rename(rename, origins)
            body = [cast(cst.BaseStatement, s.visit(renamer)) for s in body]
        return [*bindings, *body]

    def _elsewhere(self, function: cst.FunctionDef) -> set[str]:
        """Names spelled outside ``function``."""
        inside = {id(n) for n in descendants(function)}
        return {n.value for n in descendants(self.module) if isinstance(n, cst.Name) and id(n) not in inside}

    def _shared(self, function: cst.FunctionDef, name: str) -> bool:
        """``name`` is spelled outside ``function`` only in other step functions, each binding it first, as it
        does: a local of theirs too, which no module code reads."""
        others = [f for f, _ in self.steps.values() if f is not function]
        inside = {id(n) for f in [function, *others] for n in descendants(f)}
        if any(n.value == name and id(n) not in inside for n in descendants(self.module) if isinstance(n, cst.Name)):
            return False
        return all(_bound_first(f, name) for f in [function, *others] if references_to(f.body, {name}))
