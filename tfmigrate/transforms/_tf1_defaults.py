"""Whether a TF1 call relies on a TF1 default that TF2's namesake dropped and fixes to another value, so that the
TF2 name would compute other numbers silently. The table records the fixed values ("fixed" in the args of a DIFFERENT
name, tools/gen_tf1_api.py); this module reads the call and says why it keeps its TF1 meaning under tf.compat.v1.
Shared by TFM101's libcst rule and its ``ast`` plan: both pass source text and the module's ``ast`` tree.

- ``partition_strategy`` (tf.nn.embedding_lookup, embedding_lookup_sparse, nce_loss, sampled_softmax_loss): ids are
  sharded over a *list* of tables, TF1 sending id i to table i % n, TF2 to the table holding the i-th row of the
  concatenation. Over one table both are the same lookup, so the TF2 name is kept where the table is provably one.
- ``merge_repeated`` (tf.nn.ctc_beam_search_decoder): TF1 merges repeated labels of a beam by default, TF2 never;
  the decoded labels differ for any input, so an omitted argument always keeps the TF1 call.

- ``strict`` (tf.cond) and ``return_same_structure`` (tf.while_loop): TF1 unpacks a branch's one-element list or
  tuple, and a one-element ``loop_vars``, into the tensor; TF2 returns the list (``r + 1`` stops, ``r[0]`` indexes
  the tensor no more). Literal shapes are judged, followed through the file: a branch lambda returning ``[x]`` or
  ``(x,)``, or calling a function of the file that does; a branch naming such a function (``def f1(): return
  [x]``), its returned names followed to their assignments; loop_vars ``[x]`` or a name bound to one (``lv =
  [acc]``). A branch or loop_vars the file does not define (a parameter, an import) keeps the TF1 name, as its
  shape is unknown; a branch returning one tensor, the common case, keeps the TF2 name.

The other fixed defaults change no number (``colocate_gradients_with_ops`` of tf.hessians, ``use_cudnn_on_gpu`` of
tf.nn.conv1d).
"""

from __future__ import annotations

import ast
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SHARDING = "partition_strategy"
MERGING = "merge_repeated"
UNPACKING = "strict"
LOOP_UNPACKING = "return_same_structure"
_REASONS = {
    SHARDING: "TF1 shards a list of tables by partition_strategy='mod', TF2 by 'div'",
    MERGING: "TF1 merges repeated labels (merge_repeated=True), TF2 never",
    UNPACKING: "a branch returns a one-element list or tuple, which TF1 unpacks (strict=False), TF2 does not",
    LOOP_UNPACKING: "one-element loop_vars, which TF1 unpacks (return_same_structure=False), TF2 does not",
}

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


def kept_tf1_default(
    info: dict[str, Any], args: Sequence[tuple[str | None, str] | None], tree: ast.Module, tf1_code: bool
) -> str | None:
    """Why TF1 code's call (arguments as (keyword or None, source text), None for ``*a``/``**k``) needs TF1's
    default of an argument TF2 fixes to another value, or None. A call that passes the argument is not judged
    here: TF2 lacks it, so the call moves whole anyway."""
    fixed = [name for name in info.get("fixed", {}) if name in _REASONS]
    if not fixed or not tf1_code:
        return None
    v1 = [n for n in info["v1"] if not n.startswith(("*", "="))]
    texts: dict[str, str] = {}
    for index, arg in enumerate(args):
        if arg is None:
            return _REASONS[fixed[0]]
        keyword, text = arg
        name = keyword or (v1[index] if index < len(v1) else "")
        texts[name] = text
    for name in fixed:
        if name in texts:
            continue
        if name == SHARDING:
            table = texts.get(v1[0])
            if table is not None and one_table(table, tree):
                continue
        if name == UNPACKING and not any(_branch_may_unpack(texts.get(b), tree) for b in _BRANCHES):
            continue
        if name == LOOP_UNPACKING and not _loop_vars_may_unpack(texts.get("loop_vars"), tree):
            continue
        return _REASONS[name]
    return None


_BRANCHES = ("true_fn", "false_fn", "fn1", "fn2")


def _parsed(text: str | None) -> ast.expr | None:
    if text is None:
        return None
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None


def _branch_may_unpack(text: str | None, tree: ast.Module) -> bool:
    """A tf.cond branch (source text) may return a one-element list or tuple: see the module docstring."""
    node = _parsed(text)
    return text is not None and (node is None or _function_may_return_one(node, tree, 0))


def _loop_vars_may_unpack(text: str | None, tree: ast.Module) -> bool:
    node = _parsed(text)
    if text is None:
        return False
    if isinstance(node, (ast.Name, ast.Attribute)):
        values = _assigned(ast.unparse(node), tree)
        return values is None or any(_literal_one(v) for v in values)
    return node is None or _literal_one(node)


def _literal_one(node: ast.expr) -> bool:
    return isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == 1 and not isinstance(node.elts[0], ast.Starred)


def _function_may_return_one(function: ast.expr, tree: ast.Module, depth: int) -> bool:
    """The function (a lambda, or a name or attribute naming functions of the file) may return a one-element list
    or tuple; one the file does not define may, as far as anyone reading the file knows."""
    if isinstance(function, ast.Lambda):
        return _value_may_be_one(function.body, None, tree, depth)
    if not isinstance(function, (ast.Name, ast.Attribute)) or depth > 3:
        return True
    name = function.id if isinstance(function, ast.Name) else function.attr
    defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]
    lambdas = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda)
        for t in n.targets
        if ast.unparse(t) == ast.unparse(function) or (isinstance(t, ast.Attribute) and t.attr == name)
    ]
    if not defs and not lambdas:
        return True
    return any(_value_may_be_one(r, d, tree, depth + 1) for d in defs for r in _returned(d)) or any(
        _value_may_be_one(f.body, None, tree, depth + 1) for f in lambdas
    )


def _returned(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    """The values the function's own ``return`` statements give (not those of functions nested in it)."""
    found: list[ast.expr] = []
    pending: list[ast.AST] = list(function.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Return) and node.value is not None:
            found.append(node.value)
        pending.extend(ast.iter_child_nodes(node))
    return found


def _value_may_be_one(
    value: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef | None, tree: ast.Module, depth: int
) -> bool:
    """A returned value is a one-element literal, a name the function binds to one, a choice of either, or a call
    of a function of the file that returns one. Other values (a tensor expression, a TF op) are judged one tensor."""
    if isinstance(value, (ast.List, ast.Tuple)):
        return _literal_one(value)
    if isinstance(value, ast.IfExp):
        return any(_value_may_be_one(v, function, tree, depth) for v in (value.body, value.orelse))
    if isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute)) and depth <= 3:
        name = value.func.id if isinstance(value.func, ast.Name) else value.func.attr
        if any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name for n in ast.walk(tree)):
            return _function_may_return_one(value.func, tree, depth + 1)
        return False
    if isinstance(value, ast.Name) and function is not None:
        bound = [
            n.value
            for n in ast.walk(function)
            if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is not None
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
            if isinstance(t, ast.Name) and t.id == value.id
        ]
        return any(_value_may_be_one(v, function, tree, depth + 1) for v in bound if v is not value)
    if isinstance(value, ast.Name):  # a lambda's: the module's assignments of it
        return any(_literal_one(v) for v in _assigned(value.id, tree) or [])
    return False


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


@dataclass(frozen=True)
class _Bindings:
    """What ``one_table`` reads of a module, walked once per tree rather than once per embedding call."""

    partitioned: bool  # get_variable returns a PartitionedVariable (a list of shards) when it or its scope has one
    bound: frozenset[str]  # names bound by a parameter, an import, a def or a class
    stored: list[tuple[str, ast.expr | None]]  # each name or attribute stored or deleted, as spelled -> the value
    # assigned to it as the lone target of an assignment (None when bound any other way), in the order walked


_BINDINGS: weakref.WeakKeyDictionary[ast.Module, _Bindings] = weakref.WeakKeyDictionary()


def _bindings(tree: ast.Module) -> _Bindings:
    found = _BINDINGS.get(tree)
    if found is not None:
        return found
    nodes = list(ast.walk(tree))
    lone = {id(n.targets[0]): n.value for n in nodes if isinstance(n, ast.Assign) and len(n.targets) == 1}
    bound: set[str] = set()
    stored: list[tuple[str, ast.expr | None]] = []
    for node in nodes:
        if isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            stored.append((ast.unparse(node), lone.get(id(node))))
    partitioned = any(isinstance(n, ast.keyword) and n.arg == "partitioner" for n in nodes)
    found = _BINDINGS[tree] = _Bindings(partitioned, frozenset(bound), stored)
    return found


def _partitioned(tree: ast.Module) -> bool:
    """get_variable returns a PartitionedVariable (a list of shards) when it or its variable_scope has one."""
    return _bindings(tree).partitioned


def _assigned(spelled: str, tree: ast.Module) -> list[ast.expr] | None:
    """The values assigned to ``spelled`` anywhere in the file, or None when it is bound any other way (a
    parameter, a loop or ``with`` target, unpacking, an augmented assignment, an import). For an attribute
    (``self.table``) only the attribute's own assignments count: its object is bound by a parameter anyway."""
    bindings = _bindings(tree)
    if "." not in spelled and spelled in bindings.bound:
        return None
    values: list[ast.expr] = []
    for text, value in bindings.stored:
        if text != spelled:
            continue
        if value is None:
            return None
        values.append(value)
    return values or None
