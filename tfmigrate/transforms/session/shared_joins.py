"""One module from the rewrites of Session functions that share the module-level graph (library.py): each function
proved as the module's one program rewrites that graph too, and the module keeps one rewrite of it.

Every result must have rewritten the module-level graph alike, but for ``@tf.function`` on a step only some function
runs (kept: the decorated step is the one proved), the TF1 names a restoring function gives module-level variables
(kept: the others do not read them), a function of the module only other Session functions call (a model class's
``train(self, sess)`` read flat: its proof was left to them, sequential_runs.left_to_others), and what a result adds
for its own use (a ``NumberedSaves`` class and the instance saving through it): kept when it binds names the other
results never mention, so it runs before their functions without touching what they read."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, descendants

# one statement of a result: the result's module, the statement, whether that result's proof read it
Item = tuple[cst.Module, cst.BaseStatement, bool]


def join_shared(
    functions: list[cst.FunctionDef],
    results: list[tuple[cst.Module, list[tuple[int, str]]]],
    line_of: LineOf,
    unproved: list[set[str]],
    line: int | None = None,
    heads: list[int] | None = None,
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """Each function from its own result, the rest merged from every result (see above); raises Blocked, at ``line``
    when given (no functions: instance_graphs.py's programs), else at the first function's. ``heads``: per result,
    how many of its first statements to merge (instance_graphs.py's: those before the first construction; the rest
    is still that result's program, which what it reads is looked up in)."""
    names = [f.name.value for f in functions]
    at = line if line is not None else line_of(functions[0])
    merged: list[Item] = []
    seen: list[cst.Module] = []
    for index, ((migrated, _), left) in enumerate(zip(results, unproved, strict=True)):
        left = left | set(names)  # each Session function comes from its own result
        items: list[Item] = [
            (migrated, s, not (isinstance(s, cst.FunctionDef) and s.name.value in left))
            for s in migrated.body[: heads[index] if heads is not None else len(migrated.body)]
        ]
        if sorted(_key(migrated, s) for _, s, _ in items if _session(s, names)) != sorted(f"def {n}" for n in names):
            raise Blocked("a rewritten Session function changed the module around it", at)
        merged = items if index == 0 else _merge(merged, items, seen, at)
        seen.append(migrated)
    chosen = {
        name: next(s for s in migrated.body if _session(s, [name]))
        for name, (migrated, _) in zip(names, results, strict=bool(names))  # none: instance_graphs.py's
    }
    first = results[0][0]
    body = [
        chosen[s.name.value] if isinstance(s, cst.FunctionDef) and s.name.value in names else s for _, s, _ in merged
    ]
    changes = sorted(change for _, found in results for change in found)
    return first.with_changes(body=body), changes


def _merge(
    merged: list[Item], items: list[Item], seen: list[cst.Module], line: int, inside: bool = False
) -> list[Item]:
    """The statements of both, aligned by what they define or their code: a pair read by both proofs must agree.
    ``inside``: the body of a class or of one of its methods."""
    before = [_key(m, s) for m, s, _ in merged]
    after = [_key(m, s) for m, s, _ in items]
    joined: list[Item] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            joined.extend(_pair(a, b, line, inside) for a, b in zip(merged[i1:i2], items[j1:j2], strict=True))
            continue
        pieces = _renamings(merged[i1:i2], items[j1:j2]) if inside else [("", (0, i2 - i1), (0, j2 - j1))]
        for part, (a1, a2), (b1, b2) in pieces:
            mine, theirs = (i1 + a1, i1 + a2), (j1 + b1, j1 + b2)
            if part == "equal" and _renamed_alike(merged, items, mine, theirs):
                joined.extend(merged[mine[0] : mine[1]])  # ``def loss_(x)`` in one, ``def loss(x)`` in the other
                continue
            ours, others = merged[mine[0] : mine[1]], items[theirs[0] : theirs[1]]
            made = {s.name.value for _, s, _ in [*ours, *others] if isinstance(s, cst.ClassDef)}
            for _, statement, _ in ours:  # only in the results merged so far
                _added(statement, [items[0][0]], line, made, inside)
            for _, statement, _ in others:  # only in this one
                _added(statement, seen, line, made, inside)
            joined.extend([*ours, *others])
    return joined


def _renamings(ours: list[Item], theirs: list[Item]) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """Two stretches that differ, aligned again with the functions they define unnamed (``def _(x)``, ``self.loss =
    _``): each piece's tag and its ranges in the stretches' lists, counted from their starts."""

    def keys(block: list[Item]) -> list[str]:
        names = {s.name.value for _, s, _ in block if isinstance(s, cst.FunctionDef)}
        unnamed = _Renamed(dict.fromkeys(names, "_"))
        return [m.code_for_node(cast(cst.CSTNode, s.visit(unnamed))) for m, s, _ in block]

    matcher = SequenceMatcher(None, keys(ours), keys(theirs), autojunk=False)
    return [(tag, (i1, i2), (j1, j2)) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _pair(a: Item, b: Item, line: int, inside: bool) -> Item:
    """One statement of two results: the proved one, or, both proved, the one naming or decorating more."""
    if not b[2]:
        return a
    if not a[2]:
        return b
    (base, kept, _), (migrated, statement, _) = a, b
    if _undecorated(base, kept) != _undecorated(migrated, statement):
        uncalled = inside and [_uncalled(base, kept), _uncalled(migrated, statement)]
        if uncalled and uncalled.count(True) == 1:  # its rewrite where the program calls it
            return b if uncalled[0] else a
        return _inside(a, b, line, inside)
    named, had = _names(migrated, statement), _names(base, kept)
    decorated = _decorators(statement) - _decorators(kept)
    if not (named <= had or named > had) or (named > had and decorated < 0) or (named < had and decorated > 0):
        raise Blocked("the Session functions name the module-level variables differently", line)
    return b if named > had or (named == had and decorated > 0) else a


def _uncalled(module: cst.Module, statement: cst.BaseStatement) -> bool:
    """A function defined inside a class's method that the result's program never reads: its name appears only as
    its ``def`` and as the value and attribute of ``self.<name> = <name>`` (held-out set 26's ConvNN: the training
    instance calls ``train_op`` and decorates it, the restoring one never does and left it undecorated). What that
    result runs is the same with the other result's text of it."""
    if not isinstance(statement, cst.FunctionDef):
        return False
    name = statement.name.value
    bound = 0
    for node in descendants(module):
        if (
            isinstance(node, cst.Assign)
            and len(node.targets) == 1
            and isinstance(target := node.targets[0].target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
            and target.attr.value == name
            and isinstance(node.value, cst.Name)
            and node.value.value == name
        ):
            bound += 1
    named = sum(isinstance(n, cst.Name) and n.value == name for n in descendants(module))
    return bound <= 1 and named == 1 + 2 * bound


def _inside(a: Item, b: Item, line: int, inside: bool) -> Item:
    """A class (or one of its methods) both results rewrote, differently: its body merged as the module's is, what
    one proof added for itself (a function the fed run reads, ``self.x_hat_fed = x_hat_fed``) kept beside the
    rest. A module-level function, or a method whose ``def`` line differs, must be the same text."""
    (base, kept, _), (migrated, statement, _) = a, b
    if isinstance(kept, cst.ClassDef) and isinstance(statement, cst.ClassDef):
        old, new = kept.body, statement.body
    elif isinstance(kept, cst.FunctionDef) and isinstance(statement, cst.FunctionDef) and inside:
        if base.code_for_node(kept.params) != migrated.code_for_node(statement.params):
            raise Blocked("the Session functions rewrite the module-level graph differently", line)
        old, new = kept.body, statement.body
    else:
        raise Blocked("the Session functions rewrite the module-level graph differently", line)
    if not isinstance(old, cst.IndentedBlock) or not isinstance(new, cst.IndentedBlock):
        raise Blocked("the Session functions rewrite the module-level graph differently", line)
    ours = [(base, s, True) for s in old.body]
    merged = _merge(ours, [(migrated, s, True) for s in new.body], [base], line, inside=True)
    return base, kept.with_changes(body=old.with_changes(body=[s for _, s, _ in merged])), True


def _added(statement: cst.BaseStatement, others: list[cst.Module], line: int, made: set[str], inside: bool) -> None:
    """A statement one result added: a definition, or an assignment of names (or of ``self.`` attributes, inside a
    class) the other results never mention, of a name or of an instance of a class added beside it (it computes
    nothing that could change what the others compute: no draw, no variable)."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        bound = {statement.name.value}
    elif (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(small := statement.body[0], cst.Assign)
        and all(_stored(t.target, inside) is not None for t in small.targets)
        and (
            isinstance(small.value, (cst.Name, cst.Attribute))
            or isinstance(small.value, cst.Call)
            and isinstance(small.value.func, cst.Name)
            and small.value.func.value in made
        )
    ):
        bound = {cast(str, _stored(t.target, inside)) for t in small.targets}
    else:
        raise Blocked("the Session functions rewrite the module-level graph differently", line)
    for other in others:
        library = _library_attributes(other)
        if any(isinstance(n, cst.Name) and n.value in bound and id(n) not in library for n in descendants(other)):
            raise Blocked("the Session functions rewrite the module-level graph differently", line)


def _library_attributes(module: cst.Module) -> set[int]:
    """The attribute names of chains rooted at a module the module imports (``train`` of ``tf.train.Checkpoint``):
    a path in that library, which no definition of the program's can be."""
    imported = {
        cst.ensure_type(alias.asname.name, cst.Name).value if alias.asname else alias.name.value
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
        if isinstance(small, cst.Import)
        for alias in small.names
        if alias.asname is not None or isinstance(alias.name, cst.Name)
    }
    found: set[int] = set()
    for node in descendants(module):
        if isinstance(node, cst.Attribute):
            root: cst.BaseExpression = node.value
            while isinstance(root, cst.Attribute):
                root = root.value
            if isinstance(root, cst.Name) and root.value in imported:
                found.add(id(node.attr))
    return found


def _stored(target: cst.BaseExpression, inside: bool) -> str | None:
    """``x`` of ``x = ...``; inside a class, ``x`` of ``self.x = ...`` too."""
    if isinstance(target, cst.Name):
        return target.value
    if inside and isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
        return target.attr.value
    return None


def _renamed_alike(merged: list[Item], items: list[Item], ours: tuple[int, int], theirs: tuple[int, int]) -> bool:
    """Inside a method, the same statements but for the names of the functions they define (each proof picked a
    free name: ``loss_`` where the function it proved has a local ``loss``), named nowhere else in the body."""
    mine, other = merged[ours[0] : ours[1]], items[theirs[0] : theirs[1]]
    defined = [s.name.value for _, s, _ in mine if isinstance(s, cst.FunctionDef)]
    given = [s.name.value for _, s, _ in other if isinstance(s, cst.FunctionDef)]
    if len(mine) != len(other) or not defined or len(defined) != len(given):
        return False
    for block, names, everything in ((mine, defined, merged), (other, given, items)):
        inner = {id(n) for _, s, _ in block for n in descendants(s)}
        if any(_reads(s, set(names), inner) for _, s, _ in everything):
            return False
    if any(_reads(s, set(defined) - set(given), set()) for _, s, _ in other):
        return False  # a name of ours already in theirs: renaming would join two names
    renamed = _Renamed(dict(zip(given, defined, strict=True)))
    return all(
        base.code_for_node(a) == module.code_for_node(cast(cst.CSTNode, b.visit(renamed)))
        for (base, a, _), (module, b, _) in zip(mine, other, strict=True)
    )


def _reads(statement: cst.BaseStatement, names: set[str], inner: set[int]) -> bool:
    """A name of ``names`` outside the nodes ``inner``, other than as an attribute's name."""
    attrs = {id(n.attr) for n in descendants(statement) if isinstance(n, cst.Attribute)}
    return any(
        isinstance(n, cst.Name) and n.value in names and id(n) not in inner and id(n) not in attrs
        for n in descendants(statement)
    )


class _Renamed(cst.CSTTransformer):
    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self.names = names

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=self.names.get(updated_node.value, updated_node.value))

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        return updated_node.with_changes(attr=original_node.attr)


def _session(statement: cst.BaseStatement, names: list[str]) -> bool:
    return isinstance(statement, cst.FunctionDef) and statement.name.value in names


def _key(module: cst.Module, statement: cst.BaseStatement) -> str:
    """A definition by its name (each result may rewrite its body), any other statement by its code."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return f"{'def' if isinstance(statement, cst.FunctionDef) else 'class'} {statement.name.value}"
    return _undecorated(module, statement)


def _undecorated(module: cst.Module, statement: cst.BaseStatement) -> str:
    """The statement's code without decorators, nor the ``name=`` a restoring function's rewrite gives a
    module-level variable (``tf.Variable(0.0, name="Variable_1")``, its TF1 graph name): only a restore by name
    reads it, so the other functions run the same with it (``_names`` keeps the named form)."""
    if isinstance(statement, cst.FunctionDef):
        statement = statement.with_changes(decorators=[], leading_lines=[])
    return module.code_for_node(cast(cst.CSTNode, statement.visit(_Unnamed())))


class _Unnamed(cst.CSTTransformer):
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        args = [a for a in updated_node.args if not (a.keyword is not None and a.keyword.value == "name")]
        return updated_node.with_changes(
            args=[*args[:-1], args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)] if args else []
        )


def _decorators(statement: cst.BaseStatement) -> int:
    return len(statement.decorators) if isinstance(statement, cst.FunctionDef) else 0


def _names(module: cst.Module, statement: cst.BaseStatement) -> set[str]:
    """The ``name=`` arguments of the statement's calls."""
    return {
        module.code_for_node(a)
        for a in descendants(statement)
        if isinstance(a, cst.Arg) and a.keyword is not None and a.keyword.value == "name"
    }
