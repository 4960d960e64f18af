"""Module-level names bound to a tf.contrib module by assignment (``tfe = tf.contrib.eager``).

Qualified names stop at an assignment, so ``tfe.Variable`` would not be known as ``tf.contrib.eager.Variable``;
an alias bound once at module level and never rebound anywhere is followed like an import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m


@dataclass
class Alias:
    name: str
    path: str  # "contrib.eager"
    statement: cst.SimpleStatementLine  # the original ``tfe = tf.contrib.eager`` line
    value: cst.BaseExpression  # its right-hand side
    bare: list[cst.Name] = field(default_factory=list)  # uses that are not ``tfe.<attr>``


def _binds(node: cst.CSTNode, name: str) -> bool:
    targets: list[cst.CSTNode | None] = []
    if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.NamedExpr)):
        targets.append(node.target)
    elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)):
        targets.append(node.name)
    elif isinstance(node, (cst.ImportAlias, cst.WithItem, cst.ExceptHandler)):
        asname = node.name if isinstance(node, cst.ExceptHandler) else node.asname
        targets.append(asname.name if asname is not None else getattr(node, "name", None))
    elif isinstance(node, (cst.Global, cst.Nonlocal)):
        return any(n.name.value == name for n in node.names)
    for target in targets:
        if target is None:
            continue
        if any(isinstance(n, cst.Name) and n.value == name for n in m.findall(target, m.Name())) and not isinstance(
            target, cst.Attribute
        ):
            return True
    return False


def find(module: cst.Module, contrib_path) -> list[Alias]:
    """Aliases of tf.contrib modules: ``contrib_path(node)`` is the contrib path an expression names, or None."""
    found: list[Alias] = []
    for statement in module.body:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            continue
        assign = statement.body[0]
        if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1):
            continue
        target = assign.targets[0].target
        if not isinstance(target, cst.Name) or not isinstance(assign.value, cst.Attribute):
            continue
        path = contrib_path(assign.value)
        if path is None:
            continue
        name = target.value
        if sum(1 for node in m.findall(module, m.OneOf(*_BINDERS)) if _binds(node, name)) != 1:
            continue
        found.append(Alias(name, path, statement, assign.value))
    return found


_BINDERS = (
    m.AssignTarget(),
    m.AnnAssign(),
    m.AugAssign(),
    m.For(),
    m.NamedExpr(),
    m.FunctionDef(),
    m.ClassDef(),
    m.Param(),
    m.ImportAlias(),
    m.WithItem(),
    m.ExceptHandler(),
    m.Global(),
    m.Nonlocal(),
)


def delete(body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement], line: cst.BaseStatement | None) -> bool:
    """Remove ``line`` from ``body``; comments above it move to the next statement rather than disappear."""
    index = next((i for i, stmt in enumerate(body) if stmt is line), None)
    if index is None:
        return False
    leading = body[index].leading_lines
    del body[index]
    if any(empty.comment is not None for empty in leading) and index < len(body):
        body[index] = body[index].with_changes(leading_lines=[*leading, *body[index].leading_lines])
    return True
