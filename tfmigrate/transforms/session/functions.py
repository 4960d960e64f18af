"""Session programs inside one function: ``def main(): ... with tf.Session() as sess: ...`` called once by the module.

Real scripts put the whole program in ``main()`` (``def main(_)`` + ``tf.app.run()``, ``def train()``,
``def word2vec(dataset)``) and call it from the ``if __name__ == "__main__":`` guard. When the module calls that
function exactly once, as its last statement, every module-level statement has run before the body does, so the
body is the program: it is proved as if it stood at module level after the rest of the module (the guard left out,
its parameters Python values), and rewritten in place, the functions the rewrite generates nested in the body where
they close over its locals. The function keeps its name and parameters, so ``tf.app.run()`` / ``tf.app.run(main)``
(or absl's ``app.run(main)``) and other modules' imports go on calling it. Anything that would make the body mean
something else at module level refuses: a second call or another use of the function, a local that shadows a
module-level name another function reads, ``global``/``nonlocal``, a ``return`` other than a last bare or constant
one, a decorator, a graph value passed in as an argument. A function no statement of the module runs is library code:
the module is analysed as a whole, as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import cast

import libcst as cst

from tfmigrate.cstfields import children, remember
from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session import called_once, comprehension_scopes, repeated_runs
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Program, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.host_data import is_host_module, is_reader
from tfmigrate.transforms.session.proof import RUN_PHASE_CALLS, Plan, Proof
from tfmigrate.transforms.session.rewrite import Rewrite

APP_RUN = "app.run"
TRIVIAL_RETURNS = (cst.Integer, cst.SimpleString)
RUN_AGAIN = (  # a function called again (repeated_runs.py reads the calls that each start from an empty graph)
    ": it is called again without a bare `tf.reset_default_graph()` first in its body or right before each later "
    "call, so a later call builds into the graph the earlier one left (its ops and variables named anew, `W_1`)"
)


def opens_session(node: cst.CSTNode, resolve: Resolve) -> bool:
    """``node`` is a call of ``tf.Session`` / ``tf.InteractiveSession``, through ``tf.compat.v1`` too."""
    return isinstance(node, cst.Call) and (resolve(node.func) or "").removeprefix("compat.v1.") in SESSIONS


def has_session(node: cst.CSTNode, resolve: Resolve) -> bool:
    """``node`` opens a Session somewhere inside it (any of ``_checkpoint.SESSIONS``)."""
    return any(isinstance(n, cst.Call) and resolve(n.func) in SESSIONS for n in descendants(node))


def session_functions(module: cst.Module, resolve: Resolve) -> list[cst.FunctionDef]:
    """The module-level functions that open Sessions, when no other statement opens one; else none. One of them is
    a program in a function (``holder``), several a library of programs (library.py)."""
    functions = [s for s in module.body if isinstance(s, cst.FunctionDef) and has_session(s, resolve)]
    if not functions:
        return []
    rest = [s for s in module.body if not any(s is f for f in functions)]
    return [] if any(has_session(s, resolve) for s in rest) else functions


def holder(module: cst.Module, resolve: Resolve) -> cst.FunctionDef | None:
    """The one module-level function that opens every Session of the module, if there is one."""
    functions = session_functions(module, resolve)
    return functions[0] if len(functions) == 1 else None


def references(node: cst.CSTNode, name: str) -> list[cst.Name]:
    """The ``Name`` nodes in ``node`` spelled ``name`` that may read a variable: not an attribute
    (``tf.train.Saver`` does not use a function ``train``) nor a keyword argument's name."""
    return references_to(node, {name})


def module_references(node: cst.CSTNode, name: str) -> list[cst.Name]:
    """``references`` that may read the module-level ``name``: not in a function that binds ``name`` as its own
    local (``def feed_dict(train):`` inside ``def train():``, the TF tutorial's mnist_with_summaries.py)."""
    local = {
        id(n)
        for function in descendants(node)
        if isinstance(function, cst.FunctionDef) and name in local_names(function)
        for n in (*descendants(function.params), *descendants(function.body))
    }
    return [n for n in references(node, name) if id(n) not in local]


def references_to(node: cst.CSTNode, names: set[str]) -> list[cst.Name]:
    """``references`` of each of ``names``, in one walk."""
    spelled = [n for n in descendants(node) if isinstance(n, cst.Name) and n.value in names]
    if not spelled:
        return []
    labels = _labels(node)
    return [n for n in spelled if id(n) not in labels]


_LABELS: dict[int, tuple[cst.CSTNode, frozenset[int]]] = {}


def _labels(node: cst.CSTNode) -> frozenset[int]:
    """The ids of the ``Name`` nodes in ``node`` that are labels, not reads: an attribute's name, a keyword's.
    Read once per node until the engine forgets the file's memos: a dead-code pass asks it per name of a module."""
    known = _LABELS.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    labels = frozenset(
        id(n.attr if isinstance(n, cst.Attribute) else n.keyword)
        for n in descendants(node)
        if isinstance(n, cst.Attribute) or isinstance(n, cst.Arg) and n.keyword is not None
    )
    remember(_LABELS, node, labels)
    return labels


def is_main_guard(statement: cst.CSTNode) -> bool:
    """``if __name__ == "__main__":`` without ``else``."""
    if not (isinstance(statement, cst.If) and statement.orelse is None):
        return False
    test = statement.test
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    sides = [test.left, test.comparisons[0].comparator]
    return isinstance(test.comparisons[0].operator, cst.Equal) and any(
        isinstance(s, cst.Name) and s.value == "__name__" for s in sides
    )


def _program_statement(statement: cst.CSTNode, guard: cst.If | None) -> bool:
    """A statement the module runs as its program: not a ``def``, a class, an import or the final guard."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) or statement is guard:
        return False
    return not (
        isinstance(statement, cst.SimpleStatementLine)
        and all(isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body)
    )


def final_guard(module: cst.Module) -> cst.If | None:
    """The module's last statement when it is ``if __name__ == "__main__":`` over an indented block: what the
    module runs last, as a script, and nothing when imported."""
    last = module.body[-1] if module.body else None
    if isinstance(last, cst.If) and isinstance(last.body, cst.IndentedBlock) and is_main_guard(last):
        return last
    return None


_LOCAL_NAMES: dict[int, tuple[cst.CSTNode, Mapping[str, cst.CSTNode]]] = {}


def local_names(function: cst.FunctionDef) -> Mapping[str, cst.CSTNode]:
    """Names the function binds (parameters, assignments, loop and with targets, imports, nested definitions) ->
    where; names bound inside its nested functions, lambdas and comprehensions are theirs.

    Read once per function node until the engine forgets the file's memos (tfmigrate.cstfields): the passes of the
    eager rewrite ask it of the same unchanged functions dozens of times. Nodes are immutable; the answer is too."""
    known = _LOCAL_NAMES.get(id(function))
    if known is not None and known[0] is function:
        return known[1]
    found = MappingProxyType(_local_names(function))
    remember(_LOCAL_NAMES, function, found)
    return found


def _local_names(function: cst.FunctionDef) -> dict[str, cst.CSTNode]:
    bound: dict[str, cst.CSTNode] = {}
    for param in descendants(function.params):
        if isinstance(param, cst.Param):
            bound.setdefault(param.name.value, param)

    def targets(node: cst.CSTNode, where: cst.CSTNode) -> None:
        if isinstance(node, (cst.Tuple, cst.List)):  # ``self.a, b = ...`` binds ``b``, not ``self``
            for element in node.elements:
                if isinstance(element.value, (cst.Name, cst.Tuple, cst.List, cst.StarredElement)):
                    targets(element.value, where)
            return
        for name in loaded_names(node.value if isinstance(node, cst.StarredElement) else node):
            bound.setdefault(name.value, where)

    def visit(node: cst.CSTNode) -> None:
        for child in children(node):
            if isinstance(child, (cst.FunctionDef, cst.ClassDef)):
                bound.setdefault(child.name.value, child)
                continue
            if isinstance(child, (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                continue
            if isinstance(child, cst.AssignTarget) and isinstance(child.target, (cst.Name, cst.Tuple, cst.List)):
                targets(child.target, child)
            elif isinstance(child, (cst.AnnAssign, cst.AugAssign, cst.For)) and isinstance(
                child.target, (cst.Name, cst.Tuple, cst.List)
            ):
                targets(child.target, child)
            elif isinstance(child, cst.WithItem) and child.asname is not None:
                targets(child.asname.name, child)
            elif isinstance(child, cst.ExceptHandler) and child.name is not None:
                targets(child.name.name, child)
            elif isinstance(child, cst.NamedExpr):
                targets(child.target, child)
            elif isinstance(child, (cst.Import, cst.ImportFrom)) and not isinstance(child.names, cst.ImportStar):
                for alias in child.names:
                    bound.setdefault(alias.evaluated_alias or alias.evaluated_name.split(".")[0], child)
            visit(child)

    visit(function.body)
    return bound


_BOUND_NAMES: dict[int, tuple[cst.CSTNode, frozenset[str]]] = {}


def bound_names(statements: list) -> set[str]:
    """Names the statements bind, read as the body of a function (``local_names``).

    The union of each statement's own, each read once per statement node until the engine forgets the file's
    memos: the class passes ask it of the same module part and method bodies, in lists made anew each time."""
    found: set[str] = set()
    for statement in statements:
        known = _BOUND_NAMES.get(id(statement))
        if known is None or known[0] is not statement:
            body = cst.IndentedBlock([statement])
            own = frozenset(_local_names(cst.FunctionDef(name=cst.Name("_"), params=cst.Parameters(), body=body)))
            remember(_BOUND_NAMES, statement, own)
            known = (statement, own)
        found |= known[1]
    return found


def module_names(module: cst.Module, function: cst.FunctionDef) -> set[str]:
    """Names bound at module level outside ``function`` (its own name included)."""
    return {function.name.value} | bound_names([s for s in module.body if s is not function])


def _global_readers(
    module: cst.Module, function: cst.FunctionDef, callers: Sequence[cst.CSTNode] = ()
) -> dict[str, str]:
    """Locals of ``function`` the module's other functions, classes and lambdas read as globals -> the first reader
    (the definition at module level around the read). A local that shadows one would be read by them in the
    module-level proof; shadowing any other module-level name only looks like a later binding there, which is what
    it is. The callers are left out of the proof (``main`` calling ``pre_train`` then ``train``): theirs are no
    reads there."""
    readers: dict[str, str] = {}
    others = [s for s in module.body if s is not function and not any(s is c for c in callers)]
    for name, around in global_reads(others, set(local_names(function)), classes=True):
        top = around[0]  # the module-level function, class or lambda the read sits in
        readers.setdefault(
            name.value, top.name.value if isinstance(top, (cst.FunctionDef, cst.ClassDef)) else "a lambda"
        )
    return readers


def global_reads(
    statements: Sequence[cst.CSTNode], names: set[str], classes: bool = False
) -> Iterator[tuple[cst.Name, tuple[cst.CSTNode, ...]]]:
    """Each read of one of ``names`` as a global by a function or lambda among ``statements`` (with ``classes``, a
    class body too), in source order, with the definitions around it, outermost first. A name bound by the reader or
    by a function around it is theirs: a method's lambda reading the method's ``hidden_size``, ``make_feed(batch_size)``'s
    nested ``feed`` reading ``batch_size``, a lambda's parameters, a comprehension's own names."""

    def walk(node: cst.CSTNode, bound: frozenset[str], around: tuple[cst.CSTNode, ...]):
        if isinstance(node, (cst.FunctionDef, cst.Lambda)) or (classes and isinstance(node, cst.ClassDef)):
            around = (*around, node)
            if isinstance(node, cst.FunctionDef):
                bound = bound | set(local_names(node))
            elif isinstance(node, cst.Lambda):
                bound = bound | {p.name.value for p in descendants(node.params) if isinstance(p, cst.Param)}
            free = names - bound
            if free:
                own = {id(node.body), *(id(n) for n in own_body(node.body))}
                scoped = comprehension_scopes.own_reads(node.body)  # ``[f(x) for x in xs]``: its own ``x``
                for name in references_to(node.body, free):
                    if id(name) in own and id(name) not in scoped:
                        yield name, around
            node = node.body
        for child in node.children:
            yield from walk(child, bound, around)

    for statement in statements:
        yield from walk(statement, frozenset(), ())


def absl_run(module: cst.Module, func: cst.BaseExpression) -> bool:
    """``app.run`` after ``from absl import app``, or ``absl.app.run`` after ``import absl.app``."""
    code = module.code_for_node(func)
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                source = module.code_for_node(small.module) if small.module and not small.relative else ""
                if source == "absl" and any(a.evaluated_name == "app" and a.asname is None for a in small.names):
                    if code == "app.run":
                        return True
            elif isinstance(small, cst.Import) and code == "absl.app.run":
                if any(a.evaluated_name == "absl.app" and a.asname is None for a in small.names):
                    return True
    return False


def own_body(node: cst.CSTNode):
    """The nodes of a function body outside its nested functions, classes and lambdas."""
    for child in children(node):
        if isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        yield child
        yield from own_body(child)


def host_return(statement: cst.CSTNode) -> bool:
    """``return training_losses``: the function's last statement returns a value it computed (``host_only`` checks
    that no graph value is read there)."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Return)
        and statement.body[0].value is not None
    )


def _tidy(module: cst.Module, name: str) -> cst.Module:
    """No blank line between ``def main():`` and a function the rewrite generated first in its body, and one blank
    line at most between statements of the body (a module's two belong at module level)."""
    body = list(module.body)
    for index, statement in enumerate(body):
        if (
            isinstance(statement, cst.FunctionDef)
            and statement.name.value == name
            and isinstance(statement.body, cst.IndentedBlock)
        ):
            inner = []
            for position, current in enumerate(statement.body.body):
                assert isinstance(current, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
                lines: list[cst.EmptyLine] = []
                for line in current.leading_lines:
                    if line.comment is None and (position == 0 and not lines or lines and lines[-1].comment is None):
                        continue
                    lines.append(line)
                inner.append(current.with_changes(leading_lines=lines))
            body[index] = statement.with_changes(body=statement.body.with_changes(body=inner))
    return module.with_changes(body=body)


def _called_in(line: cst.CSTNode, name: str) -> cst.Call | None:
    """``train()`` or ``w0 = pre_train(30)`` (one name bound to what it returns, a host value ``host_only``
    checks): the statement of a caller's body that calls the function ``name``."""
    if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
        return None
    small = line.body[0]
    if isinstance(small, cst.Assign) and not all(isinstance(t.target, cst.Name) for t in small.targets):
        return None
    value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == name:
        return value
    return None


class Unrun(Blocked):
    """No statement of the module runs the function (library code other modules call): the module is analysed as
    a whole, as before, and its report names what it names."""


class FunctionProgram(Program):
    """The function body as a program: its parameters bound once each (Python values), fresh names avoiding every
    name of the module so a generated function never hides one the module reads."""

    def __init__(self, body: cst.Module, whole: cst.Module, function: cst.FunctionDef, resolve, line_of) -> None:
        super().__init__(body, resolve, line_of)
        self.whole = whole
        self.function = function

    def count_bindings(self) -> None:
        super().count_bindings()
        self.shadowing: set[str] = set()
        body = {id(s) for s in self.function.body.body} if isinstance(self.function.body, cst.IndentedBlock) else set()
        outside = bound_names([s for s in self.module.body if id(s) not in body])  # the proof's module, not callers
        for param in descendants(self.function.params):
            if isinstance(param, cst.Param):
                if param.name.value in outside:  # r2rt's ``def train_network(num_epochs, num_steps, ...)``
                    self.shadowing.add(param.name.value)
                    continue
                self.binds[param.name.value] = self.binds.get(param.name.value, 0) + 1
        self.names |= {n.value for n in descendants(self.whole) if isinstance(n, cst.Name)}


class FunctionBody:
    """Proves and rewrites the Session program one module-level function holds."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str) -> None:
        self.module = module
        self.resolve = resolve
        self.line_of = line_of
        self.tf = tf
        # The other Session functions library.py proves one by one: a caller may call them beside this one.
        self.siblings: frozenset[str] = frozenset()
        self.calls: list[cst.Call] = []  # every call that runs the function (repeated_runs.py: more than one)

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return Blocked(construct, self.line_of(node))

    def run(self, function: cst.FunctionDef) -> tuple[cst.Module, list[tuple[int, str]]]:
        where = f"function `{function.name.value}`"
        call, callers = self.runner(function)
        program, plan = self.prove(function, callers)
        calls = self.calls or ([call] if call is not None else [])
        for arg in [a for c in calls for a in c.args]:
            for read in loaded_names(arg.value):
                if read.value in program.versions:
                    raise self.deny(f"graph value `{read.value}` is passed to {where}", read)
        return self.rewritten(function, plan)

    def rewritten(self, function: cst.FunctionDef, plan: Plan) -> tuple[cst.Module, list[tuple[int, str]]]:
        """The module with the function's proved program rewritten, and what changed."""
        rewrite = Rewrite(plan, self.tf)
        migrated = _tidy(self.module.visit(rewrite), function.name.value)
        changes = [
            *rewrite.changes,
            (self.line_of(function), f"function `{function.name.value}`'s Session program runs eagerly"),
        ]
        return migrated, sorted(changes)

    def prove(self, function: cst.FunctionDef, callers: list[cst.CSTNode]) -> tuple[Program, Plan]:
        """The body proved as the module's program: the module without the function and its callers, then the
        body; failing that, with the helpers it calls once read where it calls them (called_once.py)."""
        where = f"function `{function.name.value}`"
        if function.asynchronous is not None or function.decorators:
            raise self.deny(f"{where} holds the Session program and is decorated or async", function)
        if not isinstance(function.body, cst.IndentedBlock):
            raise self.deny(f"{where} holds the Session program on the line of its `def`", function)
        body = list(function.body.body)
        if body and (self.trivial_return(body[-1]) or host_return(body[-1])):
            body = body[:-1]
        for node in own_body(cst.IndentedBlock(body=body)):
            if isinstance(node, cst.Return):
                raise self.deny(f"a `return` inside {where}, which holds the Session program", node)
            if isinstance(node, (cst.Yield, cst.Await)):
                raise self.deny(f"{where}, which holds the Session program, is a generator", node)
            if isinstance(node, (cst.Global, cst.Nonlocal)):
                raise self.deny(f"global/nonlocal state in {where}, which holds the Session program", node)
        for default in descendants(function.params):
            if isinstance(default, cst.Call) and self.resolve(default.func) is not None:
                raise self.deny(f"a TensorFlow call in a default of {where}'s parameters", default)
        outside = module_names(self.module, function)
        readers = _global_readers(self.module, function, callers)
        for local, site in local_names(function).items():
            if local in outside and local in readers:
                raise self.deny(
                    f"`{local}` in {where} shadows the module-level `{local}`, which `{readers[local]}` reads (the "
                    "Session program is proved as if it stood at module level)",
                    site,
                )
        rest = [s for s in self.module.body if s is not function and not any(s is c for c in callers)]
        synthetic = self.module.with_changes(body=[*rest, *body])
        try:
            program, plan = self.proved(function, synthetic)
            self.host_only(function, program, callers)
            return program, plan
        except Blocked as blocked:
            inlined, found = called_once.inline(synthetic, self.module, self.resolve, self.line_of, blocked)
            if not found:
                raise
            try:
                program, plan = self.proved(function, inlined)
            except Blocked:  # not the helper alone: its own line stands
                raise blocked from None
        called_once.check(plan, found)
        self.host_only(function, program, callers)
        return program, plan

    def host_only(self, function: cst.FunctionDef, program: Program, callers: list[cst.CSTNode]) -> None:
        """What the function returns and the module-level statements after its call (``training_losses =
        train_network(1, num_steps)``, then ``print(training_losses)``) read no graph value or Session: they are
        Python code over the host values the program computed, which the rewrite leaves as they are."""
        last = function.body.body[-1] if isinstance(function.body, cst.IndentedBlock) else None
        read: list[cst.CSTNode] = [last] if last is not None and host_return(last) else []
        read += [c for c in callers if not isinstance(c, cst.FunctionDef)]
        own = local_names(function)
        for statement in read:
            for name in loaded_names(statement):
                graph = name.value in program.versions or program.nodes.get(name.value) is not None
                if graph and (statement is last or name.value not in own):
                    raise self.deny(
                        f"`{name.value}`, a graph value, is read by what function `{function.name.value}` returns "
                        "or after its call",
                        name,
                    )

    def proved(self, function: cst.FunctionDef, synthetic: cst.Module) -> tuple[Program, Plan]:
        program = FunctionProgram(synthetic, self.module, function, self.resolve, self.line_of)
        proof = Proof(program)
        proof.tf = self.tf
        plan = proof.run()
        self.shadowed(function, program)
        return program, plan

    def shadowed(self, function: cst.FunctionDef, program: FunctionProgram) -> None:
        """A parameter named as a module-level value (``num_steps``) is read as one binding of that name: right
        where the graph is built at module level (its functions stay there and read the module's value; the body's
        Python code reads the parameter, as before), not where the body builds graph values of its own."""
        if not program.shadowing:
            return
        inside = set(descendants(function.body))
        for versions in program.versions.values():
            for node in versions:
                if node.statement in inside:
                    name = sorted(program.shadowing)[0]
                    raise self.deny(
                        f"parameter `{name}` of function `{function.name.value}` shadows a module-level name and "
                        "the function builds graph values",
                        node.statement,
                    )

    def trivial_return(self, statement: cst.CSTNode) -> bool:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return False
        small = statement.body[0]
        if not isinstance(small, cst.Return):
            return False
        value = small.value
        return (
            value is None
            or isinstance(value, TRIVIAL_RETURNS)
            or (isinstance(value, cst.Name) and value.value in ("None", "True", "False"))
        )

    def uses_tf(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """A TensorFlow name in ``node`` other than a run-phase call (flags, logging, gfile, app) or the MNIST
        tutorial's reader that TFM308 replaces by numpy code (host data, host_data.py)."""
        if isinstance(node, (cst.Name, cst.Attribute)):
            path = self.resolve(node)
            if path is not None:
                host = (
                    path.removeprefix("compat.v1.").startswith(RUN_PHASE_CALLS)
                    or is_reader(self.module, path)
                    or is_host_module(path)
                )
                return None if host else node
        for child in node.children:
            found = self.uses_tf(child)
            if found is not None:
                return found
        return None

    def absl_run(self, func: cst.BaseExpression) -> bool:
        return absl_run(self.module, func)

    def runner(self, function: cst.FunctionDef) -> tuple[cst.Call | None, list[cst.CSTNode]]:
        """The one call that runs the function: ``main()`` / ``tf.app.run(main)`` / ``tf.app.run()`` (which calls
        ``main``) in the module's last statement or its ``if __name__ == "__main__":`` guard, or a call in the body
        of another module-level function run that way (``def main(_): ...; train()``) that builds no graph.
        Returns the direct call (None for ``tf.app.run``) and the module-level statements holding the calls."""
        name = function.name.value
        where = f"function `{name}`"
        last, guard = self.module.body[-1], final_guard(self.module)
        repeated = repeated_runs.runs(self.module, function, self.resolve, self.line_of, guard)
        if repeated is not None:  # ``run(train=True)`` then ``run(train=False)``, each call a graph of its own
            self.calls = repeated.calls
            for statement in repeated.before:  # a reset at the calls: the first one builds into an empty graph
                if _program_statement(statement, guard) and (found := self.uses_tf(statement)) is not None:
                    raise self.deny(
                        f"TensorFlow is used before the first call of {where}, which the reset before each later "
                        "call does not clear for the first (its graph is not the empty one the later calls start from)",
                        found,
                    )
            for statement in repeated.callers:
                parts = (
                    cast(cst.IndentedBlock, guard.body).body
                    if guard is not None and statement is guard
                    else [statement]
                )
                for part in parts:
                    found = None if id(part) in repeated.resets else self.uses_tf(part)
                    if found is not None:
                        raise self.deny(f"TensorFlow is used beside the calls of {where}", found)
            return self.calls[0], repeated.callers
        statements = list(guard.body.body) if guard is not None else [last]
        runs: list[tuple[cst.Call | None, cst.CSTNode]] = []
        for statement in statements:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for node in descendants(statement):
                if not isinstance(node, cst.Call):
                    continue
                if isinstance(node.func, cst.Name) and node.func.value == name:
                    runs.append((node, node.func))
                elif (self.resolve(node.func) or "").removeprefix("compat.v1.") == APP_RUN or self.absl_run(node.func):
                    main = next((a.value for a in node.args if a.keyword is None or a.keyword.value == "main"), None)
                    if main is None and name == "main":
                        runs.append((None, node))
                    elif isinstance(main, cst.Name) and main.value == name:
                        runs.append((None, main))
        callers: list[cst.CSTNode] = [last]
        if not runs:
            called = self.called_at_module_level(function)
            if called is not None:
                return called
            runs, callers = self.caller(function)
        if len(runs) != 1:
            builds_again = repeated_runs.builds_again(self.module, function, self.resolve, guard)
            raise self.deny(
                f"{where} holds the Session program and is run more than once" + (RUN_AGAIN if builds_again else ""),
                runs[1][1],
            )
        call, use = runs[0]
        others = [
            n for s in self.module.body for n in module_references(s, name) if n is not use and n is not function.name
        ]
        if others:
            again = {id(c.func) for c in descendants(self.module) if isinstance(c, cst.Call)}
            raise self.deny(
                f"{where} holds the Session program and is used other than by its one call"
                + (RUN_AGAIN if all(id(n) in again for n in others) else ""),
                others[0],
            )
        if callers[0] is last:
            for statement in statements:
                found = self.uses_tf(statement)
                if found is not None:
                    raise self.deny(f"TensorFlow is used beside the call of {where}", found)
        return call, callers

    def called_at_module_level(self, function: cst.FunctionDef) -> tuple[cst.Call, list[cst.CSTNode]] | None:
        """``training_losses = train_network(1, num_steps)`` (or the bare call), a module-level statement after
        which the module uses no TensorFlow (r2rt's RNN tutorial plots the losses the function returns): the
        statement and those after it are the callers, left out of the proof; ``host_only`` checks they read no
        graph value. None for any other shape."""
        name = function.name.value
        body = list(self.module.body)
        for index, statement in enumerate(body):
            if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
                continue
            small = statement.body[0]
            value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
            if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == name):
                continue
            if isinstance(small, cst.Assign) and any(not isinstance(t.target, cst.Name) for t in small.targets):
                return None
            after: list[cst.CSTNode] = list(body[index:])
            if any(isinstance(s, (cst.FunctionDef, cst.ClassDef)) or self.uses_tf(s) is not None for s in after):
                return None
            others = [
                n for s in body for n in module_references(s, name) if n is not value.func and n is not function.name
            ]
            if others:
                raise self.deny(
                    f"function `{name}` holds the Session program and is used other than by its one call", others[0]
                )
            return value, after
        return None

    def caller(self, function: cst.FunctionDef) -> tuple[list[tuple[cst.Call | None, cst.CSTNode]], list]:
        """``def main(_): prepare(); train()``: the one module-level function that calls ``function`` from its
        own body (not a loop or branch), itself run once by the module and building no graph."""
        name = function.name.value
        found = [
            (outer, call)
            for outer in self.module.body
            if isinstance(outer, cst.FunctionDef) and outer is not function
            for line in outer.body.body
            if (call := _called_in(line, name)) is not None
        ]
        if not found:
            raise Unrun(f"function `{name}` holds the Session program and this module does not run it", 0)
        if len(found) > 1:
            raise self.deny(
                f"function `{name}` holds the Session program and is called by several functions", found[1][1]
            )
        outer, call = found[0]
        if outer.decorators or outer.asynchronous is not None:
            raise self.deny(f"function `{outer.name.value}`, which runs `{name}`, is decorated or async", outer)
        for node in references(outer, name):
            if node is not call.func:
                raise self.deny(f"function `{name}` holds the Session program and is used again", node)
        for node in descendants(outer):
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node is not call:
                helper = next(
                    (s for s in self.module.body if isinstance(s, cst.FunctionDef) and s.name.value == node.func.value),
                    None,
                )
                if helper is not None and helper.name.value not in self.siblings and self.uses_tf(helper) is not None:
                    raise self.deny(f"`{node.func.value}` builds TensorFlow values before `{name}` runs", node)
        found_tf = self.uses_tf(outer)
        if found_tf is not None:
            raise self.deny(f"TensorFlow is used in `{outer.name.value}` beside the call of `{name}`", found_tf)
        _, callers = self.runner(outer)
        return [(call, call.func)], [*callers, outer]
