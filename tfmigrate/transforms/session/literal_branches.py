"""A graph class constructed under ``if`` chains that literal locals decide (a GAN collection's ``main()``:
``species = 'w_gan'; phase = 'train'`` then ``with tf.Session() as sess: if species == 'w_gan': if phase ==
'train': model = WassersteinGAN(sess, ...); model.train(...) elif phase == 'test': ... else: ...``).

A name bound once in its scope (the function's, or the module's), by a statement of that scope's own level before
the ``if``, to a literal, holds that literal at the ``if``: the chain's tests (``==``, ``!=``, ``in`` a literal
tuple, ``is``, ``not``, ``and``/``or`` over such names and literals) are decided, and only the taken branch ever
runs. So the class proof (classes.py) reads each chain on the way to the one construction as its taken branch,
between two sentinels, and the construction is then a statement of its block (first in a Session's, where
class_sessions.py reads it). The rewrite puts each chain back as written, the taken branch migrated in its place;
the branches that never run are left as TF1 code (not migrated to eager; TFM101 renames in them as in any TF1
code, so that the output is a fixed point), and a follow-up says so where one holds more than ``pass``, ``raise``
or ``print(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import branch_tests, host_builtins
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import sentinel, sentinel_name, unguarded_lookups
from tfmigrate.transforms.session.dead_code import DYNAMIC, FollowUp, _binding_names
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment

OPEN, CLOSE = "__tfmigrate_decided_", "__tfmigrate_decided_end_"
PRINT = frozenset({"print"})


@dataclass
class Decided:
    """Each chain read as its taken branch (sentinel index -> the ``if`` as written, the taken branch's place)."""

    chains: list[tuple[cst.If, int]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


class _Undecided(Exception):
    """A chain on the way to the construction whose test has no known value, or whose taken branch misses it."""


def _constants(scope: cst.Module | cst.FunctionDef, before: cst.BaseStatement) -> dict[str, object]:
    """The names ``scope`` binds once, at its own level before ``before``, to a literal, and nowhere else."""
    statements = list(scope.body if isinstance(scope, cst.Module) else cast(cst.IndentedBlock, scope.body).body)
    counts: dict[str, int] = {}
    for name in _binding_names(scope):
        counts[name.value] = counts.get(name.value, 0) + 1
    found: dict[str, object] = {}
    for statement in statements[: statements.index(before)]:
        assigned = lone_assignment(statement)
        target = assigned.targets[0].target if assigned is not None else None
        if isinstance(target, cst.Name) and counts.get(target.value) == 1:
            value = branch_tests.literal(cast(cst.Assign, assigned).value)
            if value is not branch_tests.UNDECIDED:
                found[target.value] = value
    return found


def _branches(chain: cst.If) -> list[tuple[cst.BaseExpression | None, cst.BaseSuite]]:
    """``if``/``elif``/``else`` as (test, block) in order, the ``else`` with no test."""
    found: list[tuple[cst.BaseExpression | None, cst.BaseSuite]] = []
    current: cst.If | cst.Else | None = chain
    while current is not None:
        if isinstance(current, cst.If):
            found.append((current.test, current.body))
            current = current.orelse
        else:
            found.append((None, current.body))
            current = None
    return found


def _taken(chain: cst.If, constants: dict[str, object]) -> int | None:
    """The index of the branch the chain takes (one past the last when none is), or None when undecided."""
    branches = _branches(chain)
    for index, (test, _) in enumerate(branches):
        decided = None if test is None else branch_tests.value(test, constants)
        if decided is branch_tests.UNDECIDED:
            return None
        if test is None or decided:
            return index
    return len(branches)


def _inert(block: cst.BaseSuite, printing: bool) -> bool:
    """A branch with nothing to migrate: ``pass``, ``raise``, ``print(...)`` of what a typo in the literal would
    tell (``raise ValueError("unknown phase: " + phase)``), each a statement of its own; ``printing``: ``print`` is
    Python's (a module's own may build graph code)."""
    statements = list(block.body) if isinstance(block, cst.IndentedBlock) else [block]
    for statement in statements:
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        printed = (
            isinstance(small, cst.Expr)
            and isinstance(small.value, cst.Call)
            and printing
            and isinstance(small.value.func, cst.Name)
            and small.value.func.value == "print"
        )
        if not (isinstance(small, (cst.Pass, cst.Raise)) or printed):
            return False
    return True


def _path(statements, target: cst.BaseStatement) -> list[cst.BaseStatement] | None:
    """The statements from ``statements`` down to ``target``, through ``if`` chains, ``with`` and ``def`` only."""
    for statement in statements:
        if statement is target:
            return [statement]
        blocks = []
        if isinstance(statement, cst.If):
            blocks = [block for _, block in _branches(statement)]
        elif isinstance(statement, (cst.With, cst.FunctionDef)):
            blocks = [statement.body]
        for block in blocks:
            found = _path(block.body if isinstance(block, cst.IndentedBlock) else (), target)
            if found is not None:
                return [statement, *found]
    return None


def _constructs(statement: cst.CSTNode, name: str) -> bool:
    assigned = lone_assignment(statement) if isinstance(statement, cst.BaseStatement) else None
    value = assigned.value if assigned is not None else None
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == name


class _Reading:
    """The statements on ``path`` remade, each decided chain as its taken branch between two sentinels."""

    def __init__(self, path: list[cst.BaseStatement], line_of: LineOf, module: cst.Module) -> None:
        self.path = path
        self.printing = host_builtins.builtin_of(module, cst.Name("print"), PRINT)
        self.line_of = line_of
        self.origins = Origins()
        self.decided = Decided()

    def rebuild(self, statements: list, at: int, scope: cst.Module | cst.FunctionDef, top: cst.BaseStatement) -> list:
        """``statements`` (of ``scope``, ``top`` its own statement on the path) with the path's ``at``-th remade."""
        path = self.path
        out: list = []
        for statement in statements:
            if statement is not path[at] or at == len(path) - 1:
                out.append(statement)
            elif isinstance(statement, cst.If):
                out.extend(self.chain(statement, at, scope, top))
            else:
                own = statement if isinstance(statement, cst.FunctionDef) else scope
                body = cast(cst.IndentedBlock, cast(cst.With | cst.FunctionDef, statement).body)
                inner_top = path[at + 1] if isinstance(statement, cst.FunctionDef) else top
                made_body = body.with_changes(body=self.rebuild(list(body.body), at + 1, own, inner_top))
                made = statement.with_changes(body=made_body)
                self.origins.add(made, statement)
                self.origins.add(made_body, body)
                out.append(made)
        return out

    def chain(self, statement: cst.If, at: int, scope: cst.Module | cst.FunctionDef, top: cst.BaseStatement) -> list:
        taken = _taken(statement, _constants(scope, top))
        branches = _branches(statement)
        if taken is None or taken >= len(branches):
            raise _Undecided
        block = branches[taken][1]
        inner = list(block.body) if isinstance(block, cst.IndentedBlock) else []
        if self.path[at + 1] not in inner:
            raise _Undecided  # the construction stands in a branch that never runs
        index = len(self.decided.chains)
        self.decided.chains.append((statement, taken))
        if any(i != taken and not _inert(b, self.printing) for i, (_, b) in enumerate(branches)):
            self.decided.notes.append((self.line_of(statement), _note(statement, scope)))
        first = sentinel(f"{OPEN}{index}__").with_changes(leading_lines=statement.leading_lines)
        last = sentinel(f"{CLOSE}{index}__")
        for made in (first, last, *descendants(first), *descendants(last)):
            self.origins.add(made, statement)
        return [first, *self.rebuild(inner, at + 1, scope, top), last]


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Decided] | None:
    """The module with each decided chain on the way to the one live construction as its taken branch; None when
    no chain is on the way, one is not decided, or another construction is left."""
    name = definition.name.value
    if any(isinstance(n, cst.Name) and n.value in DYNAMIC for n in descendants(module)):
        return None
    constructions = [s for s in descendants(module) if _constructs(s, name)]
    for target in constructions:  # the live one: the others may stand in branches that never run
        path = _path(module.body, cast(cst.BaseStatement, target))
        if path is None or not any(isinstance(s, cst.If) for s in path):
            continue
        reading = _Reading(path, line_of, module)
        try:
            read = module.with_changes(body=reading.rebuild(list(module.body), 0, module, path[0]))
        except _Undecided:
            continue
        if sum(_constructs(s, name) for s in descendants(read)) == 1:
            break
    else:
        return None
    origins, decided = reading.origins, reading.decided

    resolve_decided, line_of_decided = unguarded_lookups(
        lambda node: resolve(origins.of(node)), lambda node: line_of(origins.of(node)), decided.chains[0][0]
    )
    return read, resolve_decided, line_of_decided, definition, decided


def _note(chain: cst.If, scope: cst.Module | cst.FunctionDef) -> FollowUp:
    where = f"in `{scope.name.value}`" if isinstance(scope, cst.FunctionDef) else "at module level"
    test = cst.Module([]).code_for_node(chain.test)
    return FollowUp(
        f"`if {test}:` is decided by names bound once to literals {where}: its other branches never run and are "
        "left as TF1 code (not migrated to eager); migrate them by hand before changing those names"
    )


def resugar(module: cst.Module, name: str, decided: Decided, line: int) -> cst.Module:
    """Each chain back as written, its taken branch the rewrite's statements between the sentinels."""
    refused = Blocked(f"class `{name}`: the `if` chains decided by literal locals around its construction", line)
    found: set[int] = set()

    def joined(statements: list) -> list:
        names = [sentinel_name(s) or "" for s in statements]
        out: list = []
        index = 0
        while index < len(statements):
            if not names[index].startswith(OPEN):
                if names[index].startswith(CLOSE):
                    raise refused
                out.append(statements[index])
                index += 1
                continue
            number = int(names[index][len(OPEN) :].rstrip("_"))
            close = f"{CLOSE}{number}__"
            if close not in names[index:] or number in found:
                raise refused
            end = names.index(close, index)
            inner = joined(statements[index + 1 : end]) or [cst.SimpleStatementLine([cst.Pass()])]
            chain, taken = decided.chains[number]
            out.append(_with_branch(chain, taken, inner).with_changes(leading_lines=statements[index].leading_lines))
            found.add(number)
            index = end + 1
        return out

    class Join(cst.CSTTransformer):
        def leave_IndentedBlock(self, original_node, updated_node):
            return updated_node.with_changes(body=joined(list(updated_node.body)))

        def leave_Module(self, original_node, updated_node):
            return updated_node.with_changes(body=joined(list(updated_node.body)))

    module = module.visit(Join())
    if found != set(range(len(decided.chains))):
        raise refused
    return module


def _with_branch(chain: cst.If, taken: int, inner: list) -> cst.If:
    """``chain`` with its ``taken``-th branch's statements ``inner``."""
    if taken == 0:
        return chain.with_changes(body=cast(cst.IndentedBlock, chain.body).with_changes(body=inner))
    orelse = chain.orelse
    if isinstance(orelse, cst.If):
        return chain.with_changes(orelse=_with_branch(orelse, taken - 1, inner))
    assert isinstance(orelse, cst.Else)
    return chain.with_changes(
        orelse=orelse.with_changes(body=cast(cst.IndentedBlock, orelse.body).with_changes(body=inner))
    )
