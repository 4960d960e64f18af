"""Code the program never runs, left out of the proof: a Session function nothing in the module calls, and the branch
of an ``if`` on a module constant that is not taken (``USE_EMA = False`` ... ``if USE_EMA:``).

Read as if it ran, such code kept whole modules in graph tier for a line that never executes (its variable scope,
an op the proof does not model, an EMA branch). It is read only for a module refused as written, so every program
proved today keeps its rewrite.

- A dead function opens its own Session, is referred to nowhere in the module (no call, no other use, its name in
  no string: ``__all__``, ``getattr``), has no decorator, and reads nothing of the module but imports and builtins:
  it is a whole TF1 program of its own. The proof reads the module with its body as ``pass``; the output keeps it as
  written inside ``with tf.Graph().as_default():``, a graph of its own that TF 2 runs in graph mode under eager
  execution, so another module importing and calling it gets TF1's numbers. It is not migrated: a follow-up says so.
- A dead function may instead run a Session it is given (``def tf_slice(sess): ... sess.run(...)``, the helpers
  of an API-notes file whose ``main()`` calls one of them): the output keeps its body as written inside
  ``with sess.graph.as_default():``, so a caller's Session runs the ops built in its own graph, as TF1 built them in
  the default graph that the caller's Session ran.
- A constant is bound once at module level to ``True`` or ``False`` and bound nowhere else (no other assignment,
  ``global``, parameter or loop target of that name, no ``globals()``). ``if NAME:`` / ``if not NAME:`` with no
  ``elif`` is read as its taken branch between two sentinels; the output keeps the ``if`` and the not-taken branch
  as written and puts the migrated taken branch back in its place. A follow-up names the kept branch. Where the
  ``if`` stands in a helper the rewrite inlines where it is called (``def build(loss): ... if USE_EMA: ...``), the
  branch that never runs would mean nothing where the helper's code lands (a ``return`` at module level, the
  helper's own names), so it is left out and ``raise NotImplementedError(...)`` stands in its place: whoever sets
  the constant meets it rather than a silently plain program. The follow-up says so.
- An API-version feature test is read the same way: ``if "concat_v2" in dir(tf):`` / ``hasattr(tf, "concat_v2")``
  (negated too) on a module-level ``tensorflow`` import, where the API tables say TF 2.21 lacks the name (TFM101's
  "exists in neither" test, ``_feature_tests``), is False on TF 2.21: the program takes the other branch, the
  branch under the test is kept as written. No follow-up: the code runs as written, nothing is left to do.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms import _feature_tests as feature_tests
from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms._tf1 import dotted, fate, is_docstring, table
from tfmigrate.transforms.session import branch_tests, dead_helpers
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import sentinel, sentinel_name
from tfmigrate.transforms.session.functions import references
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment

OPEN, CLOSE = "__tfmigrate_live_", "__tfmigrate_lived_"
DYNAMIC = frozenset({"globals", "eval", "exec", "vars", "setattr", "__import__"})  # names read or bound by text
BUILTINS = frozenset(dir(builtins))
MODULE_LEVEL, ATTRIBUTE = "(bound once at module level)", "(bound once, by the one construction of its class)"


class FollowUp(str):
    """A report line of the eager rewrite that asks for work by hand rather than describing a change."""

    def respelled(self, text: str) -> FollowUp:
        return FollowUp(text)


class KeptBranch(FollowUp):
    """The follow-up of an ``if`` whose branch never runs, kept as written; ``under``: the branch is the one under
    the ``if`` (else its ``else:``), so the rules after TFM201 can find it in the program as written."""

    under: bool

    def __new__(cls, text: str, under: bool) -> KeptBranch:
        made = super().__new__(cls, text)
        made.under = under
        return made

    def respelled(self, text: str) -> KeptBranch:
        """A class proof spells its flattened ``model__flag`` as ``self.flag``: an attribute of the one instance,
        not a module name."""
        if text.startswith("`self."):
            text = text.replace(MODULE_LEVEL, ATTRIBUTE, 1)
        return KeptBranch(text, self.under)


def respelled(message: str, text: str) -> str:
    """``text``, a stage's spelling of ``message``, still a follow-up where ``message`` was one."""
    return message.respelled(text) if isinstance(message, FollowUp) else text


@dataclass
class Reading:
    """The module read without its dead code, and what to put back."""

    module: cst.Module
    resolve: Resolve
    line_of: LineOf
    functions: dict[str, cst.FunctionDef] = field(default_factory=dict)  # dead function's name -> as written
    given: dict[str, str] = field(default_factory=dict)  # dead function running a Session it is given -> parameter
    helpers: set[str] = field(default_factory=set)  # dead functions' own helpers (dead_helpers.py), put back bare
    unrunnable: list[tuple[cst.FunctionDef, cst.CSTNode]] = field(default_factory=list)  # helpers reading .value
    branches: list[tuple[cst.If, bool]] = field(default_factory=list)  # sentinel index -> (the if, body taken)
    scopes: list[tuple[str, ...]] = field(default_factory=list)  # sentinel index -> the functions it stands in
    noted: dict[int, int] = field(default_factory=dict)  # sentinel index -> its follow-up's index in notes
    moved: set[int] = field(default_factory=set)  # sentinel indexes the rewrite moved out of their function
    notes: list[tuple[int, str]] = field(default_factory=list)
    constants: dict[str, bool] = field(default_factory=dict)  # the constants the branches test, by name


def read(module: cst.Module, resolve: Resolve, line_of: LineOf) -> Reading | None:
    """``module`` without the code it never runs, or None when it has none."""
    if _dynamic(module):
        return None
    defined = [f for f in module.body if isinstance(f, cst.FunctionDef)]
    strings, imported = (_strings(module), _imported(module)) if defined else ("", set())
    helpers = dead_helpers.candidates(module, defined, resolve, strings, SESSIONS)
    while True:  # a helper stays dead while only dead Session functions (or dead helpers) refer to it
        dead = {
            f.name.value: (f, given)
            for f in defined
            if f.name.value not in helpers
            and (given := _dead(module, f, resolve, strings, imported | helpers)) is not None
        }
        kept = dead_helpers.reached_only_from(module, helpers, set(dead))
        if kept == helpers:
            break
        helpers = kept
    helpers = {h for h in helpers if dead}
    dead.update({f.name.value: (f, "") for f in defined if f.name.value in helpers})
    functions = {name: f for name, (f, _) in dead.items()}
    constants = _constants(module)
    roots = _tf_roots(module) if "dir(" in (code := module_code(module)) or "hasattr(" in code else set()
    if not functions and not constants and not roots:
        return None
    reading = Reading(module, resolve, line_of, dict(functions), constants=constants)
    reading.given = {name: given for name, (_, given) in dead.items() if given}
    reading.helpers = helpers
    reading.unrunnable = [
        (f, node) for f in defined if f.name.value in helpers and (node := dead_helpers.unrunnable(f)) is not None
    ]
    made = Origins()  # each stub, sentinel and statement holding them -> the statement it stands for
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value in functions:
            stub = statement.with_changes(body=cst.IndentedBlock(body=[cst.SimpleStatementLine([cst.Pass()])]))
            made.keep(stub, statement)
            body.append(stub)
            if statement.name.value not in helpers:
                reading.notes.append((line_of(statement), _dead_note(statement.name.value, reading.given)))
            continue
        body.append(statement)
    read_module = module.with_changes(body=body)
    branches = _Branches(constants, reading, roots, made)
    if constants or roots:
        read_module = read_module.with_changes(body=branches.block(list(read_module.body)))
    if not reading.functions and not reading.branches:
        return None
    reading.module = read_module
    reading.resolve, reading.line_of = _lookups(resolve, line_of, made)
    return reading


def restore(migrated: cst.Module, reading: Reading, tf: str) -> tuple[cst.Module, list[str]]:
    """The migrated module with the dead code put back as written, and the text of each not-taken branch in it
    (its statements' lines) for the rules after this one to leave as written too (NEVER_RUN); raises Blocked where
    the rewrite moved it."""
    putback = _PutBack(reading, tf)
    restored = migrated.visit(putback)
    if putback.functions != set(reading.functions) or putback.branches != set(range(len(reading.branches))):
        raise Blocked("the rewrite moved code the program never runs", 0)
    return restored, _texts(restored, putback.kept)


def _texts(module: cst.Module, kept: list[cst.BaseSuite]) -> list[str]:
    from libcst.metadata import MetadataWrapper, PositionProvider

    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    lines = module_code(module).splitlines(keepends=True)
    texts = []
    for block in kept:
        statements = list(block.body) if isinstance(block, cst.IndentedBlock) else []
        if statements and statements[0] in positions and statements[-1] in positions:
            first, last = positions[statements[0]].start.line, positions[statements[-1]].end.line
            texts.append("".join(lines[first - 1 : last]))
    return texts


def _lookups(resolve: Resolve, line_of: LineOf, made: Origins) -> tuple[Resolve, LineOf]:
    """The made nodes (stubs, sentinels, statements holding them) are none of the module's: they mean nothing and
    stand on the line of the statement they replace."""

    def resolve_read(node: cst.CSTNode) -> str | None:
        try:
            return resolve(node)
        except KeyError:
            return None

    def line_of_read(node: cst.CSTNode) -> int:
        try:
            return line_of(made.of(node))
        except KeyError:
            return 0

    return resolve_read, line_of_read


def kept_note(spelled: str, value: bool, taken: bool) -> KeptBranch:
    """The follow-up of a branch on the constant ``spelled`` that never runs: ``value`` is the constant's, ``taken``
    the test's (``if not NAME:`` / ``if NAME is False:`` on a True constant leaves the branch under it)."""
    kept = "`else:` branch" if taken else "branch under it"
    return KeptBranch(
        f"`{spelled}` is {value} {MODULE_LEVEL}: the {kept} of this `if` never runs and is kept as "
        "written, not migrated; migrate it by hand before changing the constant",
        not taken,
    )


def never_run(module: cst.Module) -> list[tuple[cst.If, str, cst.BaseSuite]]:
    """Each ``if`` on a module constant whose branch never runs, at any depth, with the follow-up naming it and the
    branch: what the eager rewrite keeps as written (``_Branches.taken``), read again in its output, where no
    Session is left to rewrite, so that TFM101 leaves it as written there too (a second run changes nothing)."""
    if _dynamic(module):
        return []
    constants = _constants(module)
    found: list[tuple[cst.If, str, cst.BaseSuite]] = []
    if not constants:
        return found
    for node in descendants(module):
        if not isinstance(node, cst.If) or isinstance(node.orelse, cst.If):
            continue
        value = _test_value(node.test, constants)
        if value is None or not isinstance(node.body, cst.IndentedBlock):
            continue
        dead = node.orelse.body if value and node.orelse is not None else None if value else node.body
        if dead is not None and not _only_pass(dead):
            spelled = cast(cst.Name, _tested(node.test)).value
            found.append((node, kept_note(spelled, constants[spelled], value), dead))
    return found


def _dynamic(module: cst.Module) -> bool:
    """The module reads or binds names by their text, which no reading of its names sees (``t.eval()``, an
    attribute, is not the builtin)."""
    return any(n.value in DYNAMIC for n in _reads(module))


def _strings(module: cst.Module) -> str:
    return " ".join(n.value for n in descendants(module) if isinstance(n, cst.SimpleString))


def _dead(
    module: cst.Module, function: cst.FunctionDef, resolve: Resolve, strings: str, imported: set[str]
) -> str | None:
    """For a function nothing in the module reaches that is a whole Session program of its own, the parameter
    holding the Session it is given ("" when it opens its own); None for any other function (``strings``: the
    module's string literals, ``imported``: its module-level imports, read once for all its functions)."""
    name = function.name.value
    if function.decorators or name == "main" or name.startswith("__"):
        return None
    if any(node is not function.name for node in references(module, name)) or name in strings:
        return None
    opens = any(isinstance(n, cst.Call) and resolve(n.func) in SESSIONS for n in descendants(function))
    given = "" if opens else _given_session(function, resolve)
    if not opens and not given:
        return None
    for node in descendants(function.body):
        if isinstance(node, (cst.Global, cst.Nonlocal, cst.Yield, cst.Await)):
            return None
        if isinstance(node, cst.Return) and node.value is not None:
            return None  # a graph value it returned would belong to its own graph
    allowed = _bound(function) | imported | BUILTINS
    return given if all(n.value in allowed for n in _reads(function.body)) else None


def _given_session(function: cst.FunctionDef, resolve: Resolve) -> str:
    """The parameter holding the Session a function that opens none runs (``sess.run(...)``,
    ``with sess.as_default():``, ``x.eval(session=sess)``), or ""."""
    params = {p.name.value for p in _params(function)}
    runs: set[str] = set()
    for n in descendants(function.body):
        if not isinstance(n, cst.Call):
            continue
        func = n.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("run", "as_default"):
            runs.update([func.value.value] if isinstance(func.value, cst.Name) else [])
        runs.update(
            a.value.value
            for a in n.args
            if a.keyword is not None and a.keyword.value == "session" and isinstance(a.value, cst.Name)
        )
    runs &= params
    builds = any(isinstance(n, cst.Call) and resolve(n.func) is not None for n in descendants(function.body))
    return runs.pop() if len(runs) == 1 and builds else ""  # it builds TensorFlow ops: the parameter is a Session


def _dead_note(name: str, given: dict[str, str]) -> FollowUp:
    if name in given:
        return FollowUp(
            f"function `{name}`, which nothing in the module calls, runs the Session it is given and is kept as TF1 "
            f"code in that Session's graph ({given[name]}.graph.as_default()): it runs as before if another module "
            "calls it with a tf.compat.v1.Session; migrate it by hand"
        )
    return FollowUp(
        f"function `{name}`, which nothing in the module calls, is kept as TF1 code in a graph of its own "
        "(tf.Graph().as_default()): it runs as before if another module calls it; migrate it by hand"
    )


def _reads(node: cst.CSTNode) -> list[cst.Name]:
    """The names in ``node`` that may read a variable: not an attribute nor a keyword argument's name."""
    labels = {
        id(n.attr if isinstance(n, cst.Attribute) else n.keyword)
        for n in descendants(node)
        if isinstance(n, cst.Attribute) or isinstance(n, cst.Arg) and n.keyword is not None
    }
    return [n for n in descendants(node) if isinstance(n, cst.Name) and id(n) not in labels]


def _imported(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    names.add(_alias_name(alias))
    return names


def _alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    node: cst.BaseExpression = alias.name
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""


def _targets(node: cst.CSTNode) -> list[cst.Name]:
    """The names a binding position binds (``a, (b, c)``; not ``a.b`` nor ``a[b]``)."""
    if isinstance(node, cst.Name):
        return [node]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for element in node.elements for n in _targets(element.value)]
    if isinstance(node, cst.StarredElement):
        return _targets(node.value)
    return []


def _binding_names(node: cst.CSTNode) -> list[cst.Name]:
    """Every name ``node``'s subtree binds, wherever: assignments, loops, ``with``, parameters, definitions,
    imports, ``global``, ``except ... as``, ``del``, the walrus and comprehension targets."""
    found: list[cst.Name] = []
    for n in descendants(node):
        if isinstance(n, cst.AssignTarget):
            found.extend(_targets(n.target))
        elif isinstance(n, (cst.AugAssign, cst.AnnAssign, cst.NamedExpr)):
            found.extend(_targets(n.target))
        elif isinstance(n, (cst.For, cst.CompFor)):
            found.extend(_targets(n.target))
        elif isinstance(n, cst.AsName):
            found.extend(_targets(n.name))
        elif isinstance(n, cst.Param):
            found.append(n.name)
        elif isinstance(n, (cst.FunctionDef, cst.ClassDef)):
            found.append(n.name)
        elif isinstance(n, (cst.Global, cst.Nonlocal)):
            found.extend(item.name for item in n.names)
        elif isinstance(n, cst.Del):
            found.extend(_targets(n.target))
        elif isinstance(n, cst.ImportAlias) and n.asname is None:
            found.append(cst.Name(_alias_name(n)))
    return found


def _bound(function: cst.FunctionDef) -> set[str]:
    return {n.value for n in _binding_names(function.body)} | {p.name.value for p in _params(function)}


def _params(function: cst.FunctionDef) -> list[cst.Param]:
    p = function.params
    star = [p.star_arg] if isinstance(p.star_arg, cst.Param) else []
    kwargs = [p.star_kwarg] if p.star_kwarg is not None else []
    return [*p.posonly_params, *p.params, *star, *p.kwonly_params, *kwargs]


def _constants(module: cst.Module) -> dict[str, bool]:
    """Module-level names bound once to ``True`` or ``False``, or to such a name before them (a graph class's
    ``self.continue_training = continue_training`` read at its construction, the parameter bound to its default),
    and bound nowhere else."""
    candidates: dict[str, bool] = {}
    for statement in module.body:
        small = lone_assignment(statement)
        if (
            small is not None
            and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Name)
            and (small.value.value in ("True", "False") or small.value.value in candidates)
        ):
            value = candidates.get(small.value.value, small.value.value == "True")
            candidates[small.targets[0].target.value] = value
    if not candidates:
        return {}
    counts: dict[str, int] = {}
    for name in _binding_names(module):
        counts[name.value] = counts.get(name.value, 0) + 1
    return {name: value for name, value in candidates.items() if counts.get(name) == 1}


def _test_value(test: cst.BaseExpression, constants: dict[str, bool]) -> bool | None:
    """``NAME`` / ``not NAME`` / ``NAME is False`` on a constant (the follow-up names it): its value
    (branch_tests.py), else None."""
    named = _tested(test)
    if not (named is not None and named.value in constants and not named.lpar):
        return None
    return bool(branch_tests.value(test, dict(constants)))


def _tested(test: cst.BaseExpression) -> cst.Name | None:
    """The name ``NAME``, ``not NAME`` or ``NAME is True`` / ``is not False`` tests (``is`` of a bool: the
    constant is a bool); None for any other test."""
    named = test
    while isinstance(named, cst.UnaryOperation) and isinstance(named.operator, cst.Not):
        named = named.expression
    if isinstance(named, cst.Comparison) and len(named.comparisons) == 1 and not named.lpar:
        compared = named.comparisons[0]
        right = compared.comparator
        if not (
            isinstance(compared.operator, (cst.Is, cst.IsNot))
            and isinstance(right, cst.Name)
            and right.value in ("True", "False")
        ):
            return None
        named = named.left
    return named if isinstance(named, cst.Name) else None


def _tf_roots(module: cst.Module) -> set[str]:
    """The names module-level ``import tensorflow [as tf]`` / ``import tensorflow.compat.v1 as tf`` bind, bound
    nowhere else."""
    counts: dict[str, int] = {}
    for name in _binding_names(module):
        counts[name.value] = counts.get(name.value, 0) + 1
    roots = set()
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            for alias in small.names if isinstance(small, cst.Import) else ():
                if (
                    dotted(alias.name) in ("tensorflow", "tensorflow.compat.v1")
                    and counts.get(_alias_name(alias), 0) <= 1
                ):
                    roots.add(_alias_name(alias))
    return roots


def _feature_value(test: cst.BaseExpression, roots: set[str]) -> bool | None:
    """False for ``"n" in dir(tf)`` / ``hasattr(tf, "n")`` (True negated) where TF 2.21 and tf.compat.v1 lack
    ``tf.n`` (``tf``: one of ``roots``; ``tf.nn`` and deeper too); None for any other test."""
    from tfmigrate.transforms.tfm101_tf1_api import _reported_unknown  # TFM101 imports the session package

    try:
        tested = feature_tests.tested(ast.parse(cst.Module([]).code_for_node(test).strip(), mode="eval").body)
    except SyntaxError:
        return None
    if tested is None:
        return None
    root, _, path = tested[0].partition(".")
    if root not in roots or fate(path) is not None or path in table().get("renames", {}) or not _reported_unknown(path):
        return None
    return not tested[1]


class _Branches:
    """Each ``if`` on a constant, as its taken branch between two sentinels. Only the statements on the way to one
    are made anew (libcst's transformers would copy every node, and the lookups know the module's own nodes);
    ``made`` maps each to the statement it stands for."""

    def __init__(self, constants: dict[str, bool], reading: Reading, roots: set[str], made: Origins) -> None:
        self.constants = constants
        self.roots = roots
        self.reading = reading
        self.made = made
        self.scope: list[str] = []

    def block(self, statements: list) -> list:
        out: list = []
        for statement in statements:
            read = self.statement(statement)
            if isinstance(read, list):
                out.extend(read)
            else:
                out.append(read)
        return out

    def statement(self, statement):
        if isinstance(statement, cst.If):
            taken = self.taken(statement)
            if taken is not None:
                return taken
        body = getattr(statement, "body", None)
        if not isinstance(statement, cst.BaseCompoundStatement) or not isinstance(body, cst.IndentedBlock):
            return statement
        self.scope.extend([statement.name.value] if isinstance(statement, cst.FunctionDef) else [])
        inner = self.block(list(body.body))
        del self.scope[len(self.scope) - isinstance(statement, cst.FunctionDef) :]
        if all(a is b for a, b in zip(inner, body.body, strict=False)) and len(inner) == len(body.body):
            return statement
        made = statement.with_changes(body=body.with_changes(body=inner))
        self.made.keep(made, statement)
        return made

    def taken(self, statement: cst.If) -> list | None:
        value = _test_value(statement.test, self.constants)
        feature = value is None and (value := _feature_value(statement.test, self.roots)) is not None
        if value is None or isinstance(statement.orelse, cst.If) or not isinstance(statement.body, cst.IndentedBlock):
            return None
        if value:
            taken = list(statement.body.body)
        elif statement.orelse is None:
            taken = []
        elif isinstance(statement.orelse.body, cst.IndentedBlock):
            taken = list(statement.orelse.body.body)
        else:
            return None
        index = len(self.reading.branches)
        self.reading.branches.append((statement, value))
        self.reading.scopes.append(tuple(self.scope))
        test = statement.test
        dead = statement.orelse.body if value and statement.orelse is not None else None if value else statement.body
        if dead is not None and not _only_pass(dead) and not feature:
            spelled = cast(cst.Name, _tested(test)).value
            self.reading.noted[index] = len(self.reading.notes)
            note = kept_note(spelled, self.constants[spelled], value)
            self.reading.notes.append((self.reading.line_of(statement), note))
        first = sentinel(f"{OPEN}{index}__").with_changes(leading_lines=statement.leading_lines)
        last = sentinel(f"{CLOSE}{index}__")
        self.made.keep(first, statement)
        self.made.keep(last, statement)
        return [first, *self.block(taken), last]


class _PutBack(cst.CSTTransformer):
    def __init__(self, reading: Reading, tf: str) -> None:
        self.reading = reading
        self.tf = tf
        self.functions: set[str] = set()
        self.branches: set[int] = set()
        self.scope: list[str] = []
        self.kept: list[cst.BaseSuite] = []  # the not-taken branches put back

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.scope.append(node.name.value)
        return True

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef):
        self.scope.pop()
        written = self.reading.functions.get(updated_node.name.value)
        if written is None or _body_code(updated_node) != "pass":
            return updated_node
        self.functions.add(updated_node.name.value)
        if written.name.value in self.reading.helpers:  # built into its caller's graph, as TF1 built it
            return written.with_changes(leading_lines=updated_node.leading_lines)
        graph = f"{self.reading.given[written.name.value]}.graph" if written.name.value in self.reading.given else ""
        return _in_own_graph(written, self.tf, graph).with_changes(leading_lines=updated_node.leading_lines)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock):
        return updated_node.with_changes(body=self._statements(list(updated_node.body)))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module):
        return updated_node.with_changes(body=self._statements(list(updated_node.body)))

    def _statements(self, body: list) -> list:
        names = [sentinel_name(s) or "" for s in body]
        out: list = []
        index = 0
        while index < len(body):
            name = names[index]
            if not name.startswith(OPEN):
                if name.startswith(CLOSE):
                    raise Blocked("the rewrite moved code the program never runs", 0)
                out.append(body[index])
                index += 1
                continue
            number = int(name[len(OPEN) :].rstrip("_"))
            close = f"{CLOSE}{number}__"
            if close not in names[index:] or number in self.branches:
                written = self.reading.branches[number][0]
                raise Blocked(
                    "the rewrite moves the code holding this branch on a module constant (a helper read where it is "
                    "called), so the branch that never runs could not be kept where it is written",
                    self.reading.line_of(written),
                )
            end = names.index(close, index)
            inner = body[index + 1 : end] or [cst.SimpleStatementLine([cst.Pass()])]
            written, taken = self.reading.branches[number]
            if self.reading.scopes[number] != tuple(self.scope):
                written = self._stand_in(number)
            dead = written.orelse.body if taken and written.orelse is not None else None if taken else written.body
            if dead is not None and number not in self.reading.moved:
                self.kept.append(dead)
            if taken:
                branch = written.with_changes(body=written.body.with_changes(body=inner))
            elif written.orelse is not None and not body[index + 1 : end] and number in self.reading.moved:
                branch = written.with_changes(orelse=None)
            elif written.orelse is not None:
                orelse = written.orelse
                branch = written.with_changes(orelse=orelse.with_changes(body=orelse.body.with_changes(body=inner)))
            else:
                if body[index + 1 : end]:
                    raise Blocked("the rewrite moved code the program never runs", 0)
                branch = written
            out.append(branch.with_changes(leading_lines=body[index].leading_lines))
            self.branches.add(number)
            index = end + 1
        return out

    def _stand_in(self, number: int) -> cst.If:
        """The ``if`` of a branch in a helper the rewrite inlined where it is called: there, the branch that never
        runs may mean nothing (a ``return`` at module level, the helper's own names), so it is left out and a
        ``raise`` stands in its place, telling whoever sets the constant that it was never migrated."""
        written, taken = self.reading.branches[number]
        dead = written.orelse.body if taken and written.orelse is not None else None if taken else written.body
        if dead is None or _only_pass(dead):
            return written
        test = written.test
        name = cast(cst.Name, _tested(test)).value
        constant = self.reading.constants[name]
        scopes = self.reading.scopes[number]
        where = f"in `{scopes[-1]}`" if scopes else "at module level"
        branch = "`else:` branch" if taken else "branch"
        message = (
            f"tfmigrate left out the {branch} of `if {cst.Module(body=[]).code_for_node(test)}:` {where}, which "
            "TF1 never ran: migrate it by hand"
        )
        self.reading.moved.add(number)
        line = self.reading.notes[self.reading.noted[number]][0]
        self.reading.notes[self.reading.noted[number]] = (
            line,
            FollowUp(
                f"`{name}` is {constant} (bound once at module level): the {branch} of this `if` {where} never "
                "runs; the rewrite moved the code holding it where it is called, so that branch is left out there "
                "and a `raise NotImplementedError` stands in its place; migrate it by hand before changing the "
                "constant"
            ),
        )
        block = cst.IndentedBlock(body=[cst.parse_statement(f"raise NotImplementedError({message!r})\n")])
        if taken:
            assert isinstance(written.orelse, cst.Else)
            return written.with_changes(orelse=written.orelse.with_changes(body=block))
        return written.with_changes(body=block)


def _only_pass(block: cst.BaseSuite) -> bool:
    statements = list(block.body) if isinstance(block, cst.IndentedBlock) else [block]
    return all(
        isinstance(s, cst.SimpleStatementLine) and all(isinstance(small, cst.Pass) for small in s.body)
        for s in statements
    )


def _body_code(function: cst.FunctionDef) -> str:
    return cst.Module(body=[]).code_for_node(function.body).strip()


def _in_own_graph(function: cst.FunctionDef, tf: str, graph: str = "") -> cst.FunctionDef:
    """``function`` as written, its body (after a docstring) under ``with tf.Graph().as_default():`` (``graph``:
    another graph expression, the given Session's)."""
    body = list(function.body.body)
    docstring = body[:1] if body and is_docstring(body[0]) else []
    rest = body[len(docstring) :]
    block = cst.parse_statement(f"with {graph or tf + '.Graph()'}.as_default():\n    pass\n")
    assert isinstance(block, cst.With)
    wrapped = block.with_changes(body=block.body.with_changes(body=rest))
    return function.with_changes(body=function.body.with_changes(body=[*docstring, wrapped]))
