"""Whether a TF1 embedding call relies on TF1's ``partition_strategy="mod"``, which TF2's namesake fixes to "div".

tf.nn.embedding_lookup (and embedding_lookup_sparse, nce_loss, sampled_softmax_loss) shard ids over a *list* of
tables: TF1 sends id i to table i % n, TF2 to the table holding the i-th row of the concatenation. Over one table
both are the same lookup, so the TF2 name is kept only where the table argument is provably one tensor; anywhere
else TF1 code keeps TF1's sharding under tf.compat.v1. The table records the fixed value ("fixed" in the args of a
DIFFERENT name, tools/gen_tf1_api.py); this module reads the call. Shared by TFM101's libcst rule and its ``ast``
plan: both pass source text and the module's ``ast`` tree.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import Any

SHARDING = "partition_strategy"
SHARDS = "TF1 shards a list of tables by partition_strategy='mod', TF2 by 'div'"

# Calls that return one tensor or variable (never a list, never a PartitionedVariable unless a partitioner is set).
_ONE_TABLE_CALLS = frozenset(
    {
        "Variable",
        "get_variable",
        "constant",
        "convert_to_tensor",
        "placeholder",
        "zeros",
        "ones",
        "random_normal",
        "random_uniform",
        "truncated_normal",
        "normal",
        "uniform",
    }
)


def keeps_tf1_sharding(
    info: dict[str, Any], args: Sequence[tuple[str | None, str] | None], tree: ast.Module, tf1_code: bool
) -> bool:
    """True when the call (arguments as (keyword or None, source text), None for ``*a``/``**k``) leaves
    partition_strategy to TF1's default "mod", TF2 fixes another, and its first argument is not provably one
    table. A call that passes partition_strategy is not judged here: TF2 lacks the argument, so it moves whole."""
    fixed = info.get("fixed", {})
    if SHARDING not in fixed or not tf1_code:
        return False
    v1 = [n for n in info["v1"] if not n.startswith(("*", "="))]
    texts: dict[str, str] = {}
    for index, arg in enumerate(args):
        if arg is None:
            return True
        keyword, text = arg
        name = keyword or (v1[index] if index < len(v1) else "")
        texts[name] = text
    if SHARDING in texts:
        return False
    table = texts.get(v1[0])
    return table is None or not one_table(table, tree)


def one_table(text: str, tree: ast.Module) -> bool:
    """The expression is one tensor: a one-element list, a call of a single-tensor constructor, or a name or
    attribute every assignment of which (anywhere in the file, as a lone target) is one of those."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    return _one(node, tree, 0)


def _one(node: ast.expr, tree: ast.Module, depth: int) -> bool:
    if depth > 3:
        return False
    if isinstance(node, (ast.List, ast.Tuple)):
        return len(node.elts) == 1 and not isinstance(node.elts[0], ast.Starred)
    if isinstance(node, ast.Call):
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if callee not in _ONE_TABLE_CALLS:
            return False
        return callee != "get_variable" or not _partitioned(tree)
    if isinstance(node, (ast.Name, ast.Attribute)):
        spelled = ast.unparse(node)
        values = _assigned(spelled, tree)
        return values is not None and all(_one(v, tree, depth + 1) for v in values)
    return False


def _partitioned(tree: ast.Module) -> bool:
    """get_variable returns a PartitionedVariable (a list of shards) when it or its variable_scope has one."""
    return any(isinstance(n, ast.keyword) and n.arg == "partitioner" for n in ast.walk(tree))


def _assigned(spelled: str, tree: ast.Module) -> list[ast.expr] | None:
    """The values assigned to ``spelled`` anywhere in the file, or None when it is bound any other way (a
    parameter, a loop or ``with`` target, unpacking, an augmented assignment, an import). For an attribute
    (``self.table``) only the attribute's own assignments count: its object is bound by a parameter anyway."""
    head = spelled if "." not in spelled else None
    lone = {
        id(node.targets[0]): node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and len(node.targets) == 1
    }
    values: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.arg == head:
            return None
        if isinstance(node, ast.alias) and (node.asname or node.name.split(".")[0]) == head:
            return None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == head:
            return None
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            if ast.unparse(node) != spelled:
                continue
            if id(node) not in lone:
                return None
            values.append(lone[id(node)])
    return values or None
