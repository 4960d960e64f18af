"""A graph class's constructor choosing its builders by a host ``if`` on a constructor parameter (the text
classification models: ``self.logits = self.inference()``; ``if not is_training: return``; ``if multi_label_flag:
self.loss_val = self.loss_multilabel() else: self.loss_val = self.loss()``; ``self.train_op = self.train()``).

The class is constructed once, so each such test has one value: the parameter's argument (or default) is a literal,
or a name its scope binds once to a literal before the construction. TF1 ran the branch taken and never the other,
so the class proof (classes.py) reads the taken branch as a builder method called once by the constructor
(``self.tfmigrate_branch_1()``), the statements after a taken ``return`` and the methods only the untaken code calls
as absent; the rewrite is put back with the ``if`` where it stood, its taken branch as the proof rewrote it, the
untaken branch, the dead tail and the dead methods as written (never run by this program, so not migrated: the
report says so on the ``if``'s line).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import branch_tests
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import attribute_of, read_names, rewritten_class, unguarded_lookups
from tfmigrate.transforms.session.functions import bound_names, own_body
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment

PREFIX = "tfmigrate_branch_"
_UNKNOWN = branch_tests.UNDECIDED  # a value not known where the class is constructed


@dataclass
class Decided:
    """One decided ``if`` of the constructor: the statement, the branch taken, and the dead tail after a taken
    ``return`` (statements of the constructor never run)."""

    statement: cst.If
    taken: list[cst.BaseStatement]
    took_body: bool
    returns: bool
    tail: list[cst.BaseStatement] = field(default_factory=list)
    written: cst.SimpleStatementLine | None = None  # ``self.x = self.a() if flag else self.b()``, read as an ``if``

    @property
    def origin(self) -> cst.BaseStatement:
        return self.written or self.statement


@dataclass
class Branches:
    decided: dict[str, Decided] = field(default_factory=dict)  # synthetic builder name -> its ``if``
    dead: list[tuple[int, cst.FunctionDef]] = field(default_factory=list)  # index in the class body, method
    notes: list[tuple[int, str]] = field(default_factory=list)


def _literal(node: cst.CSTNode, module: cst.Module) -> object:
    try:
        value = ast.literal_eval(module.code_for_node(node))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _UNKNOWN
    return value if value is None or isinstance(value, (bool, int, float, str)) else _UNKNOWN


def _binders(scope: cst.CSTNode, name: str) -> list[cst.CSTNode]:
    """The nodes of ``scope``'s own body (not its nested functions' and classes') that bind ``name``."""
    found: list[cst.CSTNode] = []
    for node in own_body(scope):
        target: cst.CSTNode | None = None
        if isinstance(node, cst.AssignTarget):
            target = node.target
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr)):
            target = node.target
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            target = node.asname.name
        elif isinstance(node, cst.ExceptHandler) and node.name is not None:
            target = node.name.name
        elif isinstance(node, (cst.Global, cst.Nonlocal, cst.Import, cst.ImportFrom)):
            found.append(node)  # refused: whatever it names
            continue
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name.value == name:
            found.append(node)
            continue
        if isinstance(target, (cst.Name, cst.Tuple, cst.List)) and any(n.value == name for n in loaded_names(target)):
            found.append(node)
    if isinstance(scope, cst.FunctionDef):
        found.extend(p for p in descendants(scope.params) if isinstance(p, cst.Param) and p.name.value == name)
    return found


def _construction(module: cst.Module, name: str) -> tuple[cst.Call, cst.CSTNode, cst.BaseStatement] | None:
    """The one ``Name(...)`` call of the class, the scope it stands in (the module or a module-level function) and
    the top-level statement of that scope holding it."""
    calls = [n for n in descendants(module) if isinstance(n, cst.Call) and isinstance(n.func, cst.Name)]
    calls = [c for c in calls if cast(cst.Name, c.func).value == name]
    if len(calls) != 1:
        return None
    call = calls[0]
    for statement in module.body:
        if not any(n is call for n in descendants(statement)):
            continue
        if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            inner = next((s for s in statement.body.body if any(n is call for n in descendants(s))), None)
            return (call, statement, inner) if inner is not None else None
        if isinstance(statement, (cst.ClassDef, cst.FunctionDef)):
            return None
        return call, module, statement
    return None


def _value_of(module: cst.Module, scope: cst.CSTNode, at: cst.BaseStatement, value: cst.BaseExpression) -> object:
    """The host value ``value`` has where the class is constructed: a literal, or a name the scope (else the module)
    binds once, by ``name = <literal>`` before the construction."""
    literal = _literal(value, module)
    if literal is not _UNKNOWN or not isinstance(value, cst.Name):
        return literal
    name = value.value
    scopes = [scope] if scope is module else [scope, module]
    for current in scopes:
        binders = _binders(current, name)
        if not binders:
            continue
        body = module.body if current is module else cast(cst.IndentedBlock, cast(cst.FunctionDef, current).body).body
        if len(binders) != 1 or any(isinstance(n, cst.Global) for n in descendants(module)):
            return _UNKNOWN
        for statement in body:
            if statement is at or any(n is at for n in descendants(statement)):
                return _UNKNOWN  # bound after the construction
            smalls = statement.body if isinstance(statement, cst.SimpleStatementLine) else ()
            for small in smalls:
                if (
                    isinstance(small, cst.Assign)
                    and len(small.targets) == 1
                    and small.targets[0] is binders[0]
                    and isinstance(small.targets[0].target, cst.Name)
                ):
                    return _literal(small.value, module)
        return _UNKNOWN
    return _UNKNOWN


def _statements(block: cst.BaseSuite) -> list[cst.BaseStatement]:
    if isinstance(block, cst.IndentedBlock):
        return list(block.body)
    return [cst.SimpleStatementLine(body=[small]) for small in cast(cst.SimpleStatementSuite, block).body]


def _bare_return(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Return)
        and statement.body[0].value is None
    )


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Branches] | None:
    """The module with each decided ``if`` of the constructor read as a call of a builder holding its taken branch,
    and the methods only untaken code names left out; None when the constructor has no decided ``if``."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    members = list(definition.body.body)
    methods = {s.name.value: s for s in members if isinstance(s, cst.FunctionDef)}
    init = methods.get("__init__")
    if init is None or not init.params.params or not isinstance(init.body, cst.IndentedBlock):
        return None
    if not any(isinstance(s, cst.If) for s in init.body.body):
        return None
    if any(n.value.startswith(PREFIX) for n in descendants(module) if isinstance(n, cst.Name)):
        return None
    found = _construction(module, definition.name.value)
    if found is None:
        return None
    call, scope, at = found
    owner = init.params.params[0].name.value
    values: dict[str, object] = {}
    rebound = {n.value for n in _param_stores(init)}
    for index, param in enumerate(init.params.params[1:]):
        given = argument(call, index, param.name.value)
        value = given.value if given is not None else param.default
        if value is None or param.name.value in rebound:
            continue
        values[param.name.value] = _value_of(module, scope, at, value)
    attributes = _attribute_stores(module)
    branches = Branches()
    body: list[cst.BaseStatement] = []
    made = Origins()
    dead_code: list[cst.CSTNode] = []
    statements = list(init.body.body)
    index = 0
    while index < len(statements):
        statement = statements[index]
        assigned = lone_assignment(statement)
        if (  # ``self.multi_label_flag = multi_label_flag``: the attribute holds the parameter's one value
            assigned is not None
            and attribute_of(target := assigned.targets[0].target, owner)
            and isinstance(assigned.value, cst.Name)
            and assigned.value.value in values
            and attributes.get(cast(cst.Attribute, target).attr.value) == 1
        ):
            values[f"{owner}.{cast(cst.Attribute, target).attr.value}"] = values[assigned.value.value]
        decided = _decide(statement, values, statements[index + 1 :])
        if decided is not None and _shares_locals(decided, body, statements[index + 1 :]):
            decided = None  # a builder of its own could not read the constructor's ``rng``, nor bind its locals
        if decided is None:
            body.append(statement)
            index += 1
            continue
        name = f"{PREFIX}{len(branches.decided) + 1}"
        branches.decided[name] = decided
        untaken = decided.statement.orelse if decided.took_body else decided.statement.body
        dead_code.extend([untaken] if untaken is not None else [])
        dead_code.extend(decided.tail)
        called = cst.SimpleStatementLine(
            body=[cst.Expr(cst.Call(func=cst.Attribute(value=cst.Name(owner), attr=cst.Name(name))))]
        )
        builder = cst.FunctionDef(
            name=cst.Name(name),
            params=cst.Parameters(params=[cst.Param(cst.Name(owner))]),
            body=cst.IndentedBlock(body=decided.taken or [cst.SimpleStatementLine([cst.Pass()])]),
        )
        if decided.written is not None:  # the statement read from the conditional expression stands on its line
            for node in (*decided.taken, *(d for t in decided.taken for d in descendants(t))):
                made.keep(node, decided.written)
        for new in (called, builder):
            for node in (new, *descendants(new)):
                if not any(node is s or any(node is d for d in descendants(s)) for s in decided.taken):
                    made.keep(node, decided.origin)
        body.append(called)
        members.append(builder)
        if decided.returns:
            break
        index += 1
    if not branches.decided:
        return None
    known, _ = unguarded_lookups(resolve, line_of, None)
    mentions = [n for n in descendants(module) if isinstance(n, cst.Attribute) and known(n) is None]
    dead = _dead_methods(mentions, methods, dead_code)
    for position, member in enumerate(definition.body.body):
        if isinstance(member, cst.FunctionDef) and member.name.value in dead:
            branches.dead.append((position, member))
    new_init = init.with_changes(body=init.body.with_changes(body=body))
    made.keep(new_init, init)
    kept = [
        new_init if m is init else m for m in members if not (isinstance(m, cst.FunctionDef) and m.name.value in dead)
    ]
    new_class = definition.with_changes(body=definition.body.with_changes(body=kept))
    made.keep(new_class, definition)
    for decided in branches.decided.values():
        what = "the statements after its `return` are" if decided.returns else "its branch not taken is"
        branches.notes.append(
            (
                line_of(decided.origin),
                f"class `{definition.name.value}`: this `if` is decided by the class's one construction; {what} "
                "never run in this program and kept as written (not migrated)",
            )
        )
    for _, method in branches.dead:
        branches.notes.append(
            (
                line_of(method),
                f"method `{method.name.value}` of class `{definition.name.value}` is called only where this program "
                "never runs (a decided `if`); kept as written (not migrated)",
            )
        )
    resolve_made, line_of_made = unguarded_lookups(
        lambda node: resolve(made.of(node)), lambda node: line_of(made.of(node)), definition
    )
    rebuilt = [new_class if s is definition else s for s in module.body]
    return module.with_changes(body=rebuilt), resolve_made, line_of_made, new_class, branches


def _param_stores(init: cst.FunctionDef) -> list[cst.Name]:
    """Names the constructor's own body stores to (a parameter rebound there is not the argument's value)."""
    stores: list[cst.Name] = []
    for node in own_body(init.body):
        target: cst.CSTNode | None = None
        if isinstance(node, cst.AssignTarget):
            target = node.target
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr)):
            target = node.target
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            target = node.asname.name
        if isinstance(target, (cst.Name, cst.Tuple, cst.List)):
            stores.extend(loaded_names(target))
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            stores.extend(n.name for n in node.names)
    return stores


def _attribute_stores(module: cst.Module) -> dict[str, int]:
    """Attribute name -> how many statements of the module store to it (``x.attr = ...``, ``x.attr += ...``)."""
    counts: dict[str, int] = {}
    for node in descendants(module):
        target = node.target if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)) else None
        if isinstance(target, cst.Attribute):
            counts[target.attr.value] = counts.get(target.attr.value, 0) + 1
        if isinstance(node, (cst.AssignTarget, cst.For)) and isinstance(node.target, (cst.Tuple, cst.List)):
            for element in node.target.elements:
                if isinstance(element.value, cst.Attribute):
                    counts[element.value.attr.value] = counts.get(element.value.attr.value, 0) + 2
    return counts


def _decide(statement: cst.BaseStatement, values: dict[str, object], rest: list) -> Decided | None:
    assigned = lone_assignment(statement)
    if assigned is not None and isinstance(choice := assigned.value, cst.IfExp):  # one value of two, as an ``if``
        line = cast(cst.SimpleStatementLine, statement)
        branch = [line.with_changes(body=[assigned.with_changes(value=v)]) for v in (choice.body, choice.orelse)]
        written = cst.If(
            test=choice.test, body=cst.IndentedBlock([branch[0]]), orelse=cst.Else(cst.IndentedBlock([branch[1]]))
        )
        decided = _decide(written, values, rest)
        if decided is not None:
            decided.written = line
        return decided
    if not isinstance(statement, cst.If) or isinstance(statement.orelse, cst.If):
        return None
    value = branch_tests.value(statement.test, values)
    if value is _UNKNOWN:
        return None
    took_body = bool(value)
    chosen = statement.body if took_body else statement.orelse.body if statement.orelse is not None else None
    taken = _statements(chosen) if chosen is not None else []
    returns = bool(taken) and _bare_return(taken[-1])
    if returns:
        taken = taken[:-1]
    if any(isinstance(n, (cst.Return, cst.Yield, cst.Await)) for s in taken for n in own_body(s)):
        return None
    return Decided(statement, taken, took_body, returns, list(rest) if returns else [])


def _shares_locals(decided: Decided, before: list[cst.BaseStatement], after: list[cst.BaseStatement]) -> bool:
    """The taken branch reads a local the constructor bound before it (``rng = np.random.RandomState(0)``) or
    binds one read after it: as a builder method of its own it would not see the constructor's locals."""
    taken = read_names(decided.taken)
    return bool(taken & bound_names(before)) or bool(bound_names(decided.taken) & read_names(after))


def _dead_methods(
    attributes: list[cst.Attribute], methods: dict[str, cst.FunctionDef], dead_code: list[cst.CSTNode]
) -> set[str]:
    """The methods every mention of which (``x.method``, not TensorFlow's ``tf.train``) stands in code that never
    runs: the untaken branches, the dead tails, and the dead methods themselves."""
    dead: set[str] = set()
    while True:
        inside = {id(n) for code in [*dead_code, *(methods[m] for m in dead)] for n in (code, *descendants(code))}
        found = set()
        for name, method in methods.items():
            if name in dead or name.startswith("__"):
                continue
            mentions = [n for n in attributes if n.attr.value == name]
            if mentions and all(id(n) in inside for n in mentions) and method not in dead_code:
                found.add(name)
        if not found:
            return dead
        dead |= found


def resugar(module: cst.Module, name: str, branches: Branches, line: int) -> cst.Module:
    """The rewritten class with each decided ``if`` back where its builder's call stands, holding the builder's
    rewritten body as its taken branch, and the dead methods back at their places."""
    refused = Blocked(f"class `{name}`: a constructor `if` decided by the class's one construction", line)
    definition = rewritten_class(module, name, refused)
    members = list(cast(cst.IndentedBlock, definition.body).body)
    synthetic = {
        m.name.value: m for m in members if isinstance(m, cst.FunctionDef) and m.name.value in branches.decided
    }
    init = next((m for m in members if isinstance(m, cst.FunctionDef) and m.name.value == "__init__"), None)
    if set(synthetic) != set(branches.decided) or init is None or not isinstance(init.body, cst.IndentedBlock):
        raise refused
    body: list[cst.BaseStatement] = []
    put = 0
    for statement in init.body.body:
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        call = small.value if isinstance(small, cst.Expr) else None
        method = call.func.attr.value if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) else ""
        if method not in branches.decided:
            body.append(statement)
            continue
        decided = branches.decided[method]
        rewritten = list(cast(cst.IndentedBlock, synthetic[method].body).body)
        if rewritten and len(rewritten) == 1 and _is_pass(rewritten[0]) and not decided.taken:
            rewritten = []
        if decided.returns:
            rewritten.append(cst.SimpleStatementLine([cst.Return()]))
        original = decided.statement
        chosen = original.body if decided.took_body else original.orelse.body if original.orelse is not None else None
        written = _statements(chosen) if chosen is not None else []
        same = len(rewritten) == len(written) and all(
            _code(a) == _code(b) for a, b in zip(rewritten, written, strict=True)
        )
        if not same and (chosen is None or decided.written is not None):
            raise refused  # the rewrite put statements in a branch the program does not have, or in an expression
        if decided.written is not None:
            body.append(decided.written)
            put += 1
            continue
        if not same:
            block = cst.IndentedBlock(body=rewritten or [cst.SimpleStatementLine([cst.Pass()])])
            if decided.took_body:
                original = original.with_changes(body=block)
            else:
                original = original.with_changes(orelse=cast(cst.Else, original.orelse).with_changes(body=block))
        body.append(original)
        body.extend(decided.tail)
        put += 1
    if put != len(branches.decided):
        raise refused
    new_init = init.with_changes(body=init.body.with_changes(body=body))
    kept: list[cst.BaseStatement] = [
        new_init if m is init else m
        for m in members
        if not (isinstance(m, cst.FunctionDef) and m.name.value in synthetic)
    ]
    for position, dead in branches.dead:
        kept.insert(position, dead)
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=kept))
    return module.with_changes(body=[rebuilt if s is definition else s for s in module.body])


def _is_pass(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Pass)
    )


def _code(statement: cst.BaseStatement) -> str:
    return cst.Module(body=[cast(cst.SimpleStatementLine, statement)]).code
