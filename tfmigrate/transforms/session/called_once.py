"""A helper called once that builds the program's variables from host data: Florian-BACHO's ``def get_dataset():
housing = fetch_california_housing(); ...; X = tf.Variable(data); y = tf.Variable(...); return X, y, n, m``, called
once as ``X, y, n, m = get_dataset()`` at the top of ``main()``.

helpers.py models a function the graph calls as code that runs per call, and refuses a variable whose initial value
is computed in its body. Called once, the body runs once in TF1 and eagerly alike: where it is called, in order, as if
it stood there. So the proof reads the program with the call replaced by the helper's body (its parameters bound to
the call's arguments, its returned names bound to the call's targets) and the helper's definition left out. The
eager program keeps the helper and its call as written: this holds when what the body binds stays what it was, the
variables and constants it builds (created once, eagerly, as the Session created them) and Python values, and every
edit the proof makes there is one inside an expression (a seed, a name), which the rewrite makes in the helper's own
nodes. Anything else (a tensor or placeholder built in the body, a local that another part of the program also
names, a second use of the helper) leaves the helper to helpers.py, whose report line stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Plan

KEPT = frozenset({"variable", "const"})  # kinds the rewrite leaves as written where they are bound


@dataclass
class Inlined:
    """One helper read in place of its call."""

    helper: cst.FunctionDef
    call: cst.SimpleStatementLine
    # what stands for the call in the proof (its body, the bindings around it)
    statements: list[cst.SimpleStatementLine | cst.BaseCompoundStatement]
    made: set[cst.CSTNode] = field(default_factory=set)  # statements made for the proof, not in the source
    targets: list[cst.Name] = field(default_factory=list)  # the names the call binds
    renamed: list[cst.Name] = field(default_factory=list)  # those bound to another name or an expression returned


def inline(
    module: cst.Module, whole: cst.Module, resolve: Resolve, line_of: LineOf, blocked: Blocked
) -> tuple[cst.Module, list[Inlined]]:
    """``module`` (a program: the module, or a function body proved as one) with the helper that holds the line
    ``blocked`` names read in place of its call, when it is called once by one of the program's statements;
    ``whole`` is the source module (where other uses would be). A blocker elsewhere is not the helper's."""
    body = list(module.body)
    found: list[Inlined] = []
    for helper in [s for s in body if isinstance(s, cst.FunctionDef) and _builds_graph(s, resolve)]:
        lines = [line_of(n) for n in descendants(helper) if isinstance(n, cst.SimpleStatementLine)]
        if not lines or not line_of(helper) <= blocked.line <= max(lines):
            continue
        statement = _call_site(body, whole, helper)
        if statement is None or line_of(statement) <= line_of(helper):
            continue
        inlined = _inlined(helper, statement)
        if inlined is None or _clashes(body, inlined, helper, statement):
            continue
        found.append(inlined)
        position = next(i for i, s in enumerate(body) if s is statement)
        body[position : position + 1] = inlined.statements
        body = [s for s in body if s is not helper]
    return module.with_changes(body=body), found


def check(plan: Plan, found: list[Inlined]) -> None:
    """The eager program may keep each inlined helper as written; raises Blocked with the statement that it may not."""
    program = plan.program
    statement_edits = {*plan.remove, *plan.statements, *plan.reinitialise, *plan.graphs, *plan.unwrap}
    for inlined in found:
        where = f"function `{inlined.helper.name.value}` (called once, read where it is called)"
        inside = {n for s in inlined.statements for n in descendants(s)}
        for versions in program.versions.values():
            for node in versions:
                if node.statement in inside and (node.kind not in KEPT or len(versions) != 1):
                    raise Blocked(
                        f"{where} builds `{node.name}`, a graph {node.kind} its body cannot keep as written",
                        program.line_of(node.statement),
                    )
        for node in inside & statement_edits:
            raise Blocked(f"{where}: a statement of its body would be rewritten", program.line_of(node))


def _builds_graph(helper: cst.FunctionDef, resolve: Resolve) -> bool:
    return any(isinstance(n, (cst.Name, cst.Attribute)) and resolve(n) is not None for n in descendants(helper.body))


def _call_site(body: list, whole: cst.Module, helper: cst.FunctionDef) -> cst.SimpleStatementLine | None:
    """``targets = helper(...)``, a statement of ``body``, the helper's one use in ``whole``."""
    from tfmigrate.transforms.session.functions import references

    name = helper.name.value
    uses = [n for n in references(whole, name) if n is not helper.name]
    if len(uses) != 1:
        return None
    for statement in body:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            continue
        small = statement.body[0]
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.value, cst.Call)
            and small.value.func is uses[0]
        ):
            return statement
    return None


def _names(node: cst.BaseExpression) -> list[cst.Name] | None:
    """The names of a name or a flat tuple/list of names, else None."""
    if isinstance(node, cst.Name):
        return [node]
    if isinstance(node, (cst.Tuple, cst.List)) and all(
        isinstance(e, cst.Element) and isinstance(e.value, cst.Name) for e in node.elements
    ):
        return [e.value for e in node.elements]  # type: ignore[misc]
    return None


def _assign(target: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(target))], value)])


def _inlined(helper: cst.FunctionDef, statement: cst.SimpleStatementLine) -> Inlined | None:
    """The statements that stand for the call, or None when the helper is not one body run straight through."""
    params = helper.params
    if helper.decorators or helper.asynchronous is not None or not isinstance(helper.body, cst.IndentedBlock):
        return None
    if params.posonly_params or params.kwonly_params or params.star_kwarg is not None:
        return None
    if not isinstance(params.star_arg, cst.MaybeSentinel):
        return None
    lines = [s for s in helper.body.body if isinstance(s, (cst.SimpleStatementLine, cst.BaseCompoundStatement))]
    last = lines[-1] if lines else None
    if not (
        isinstance(last, cst.SimpleStatementLine)
        and len(last.body) == 1
        and isinstance(last.body[0], cst.Return)
        and last.body[0].value is not None
    ):
        return None
    for node in descendants(cst.IndentedBlock(body=lines[:-1])):
        if isinstance(node, (cst.Return, cst.Yield, cst.Await, cst.Global, cst.Nonlocal, cst.FunctionDef)):
            return None
        if isinstance(node, (cst.ClassDef, cst.Lambda)):
            return None
    assign = statement.body[0]
    assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
    bound = _arguments(params.params, assign.value)
    if bound is None:
        return None
    made = [_assign(name, value) for name, value in bound]
    returned = last.body[0].value
    targets = _names(assign.targets[0].target)
    if targets is None:
        return None
    if len(targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
        values = [returned]
    elif isinstance(returned, (cst.Tuple, cst.List)) and len(returned.elements) == len(targets):
        if any(not isinstance(e, cst.Element) for e in returned.elements):
            return None
        values = [e.value for e in returned.elements]
    else:
        return None
    renamed = []
    for target, value in zip(targets, values, strict=True):
        if not (isinstance(value, cst.Name) and value.value == target.value):
            made.append(_assign(target.value, value))
            renamed.append(target)
    binds = made[: len(bound)]
    results = made[len(bound) :]
    return Inlined(helper, statement, [*binds, *lines[:-1], *results], set(made), targets, renamed)


def _arguments(params, call: cst.Call) -> list[tuple[str, cst.BaseExpression]] | None:
    """Each parameter and the expression the call passes it (or its default), in the parameters' order."""
    given: dict[str, cst.BaseExpression] = {}
    names = [p.name.value for p in params]
    for position, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if position >= len(names):
                return None
            given[names[position]] = arg.value
        elif arg.keyword.value in names and arg.keyword.value not in given:
            given[arg.keyword.value] = arg.value
        else:
            return None
    bound = []
    for param in params:
        value = given.get(param.name.value, param.default)
        if value is None:
            return None
        bound.append((param.name.value, value))
    return bound


def _clashes(body: list, inlined: Inlined, helper: cst.FunctionDef, statement: cst.CSTNode) -> bool:
    """A name the helper binds that the rest of the program also uses (other than a returned name the call binds
    under the same name): read at one level, the two would be one variable."""
    from tfmigrate.transforms.session.functions import local_names, references

    own = set(local_names(helper))
    targets = {t.value for t in inlined.targets}
    shared = targets - {t.value for t in inlined.renamed}
    if (targets - shared) & own:
        return True
    for other in body:
        if other is helper or other is statement:
            continue
        local = set(local_names(other)) if isinstance(other, cst.FunctionDef) else set()
        for name in own - shared - local:
            if references(other, name):
                return True
    return False
