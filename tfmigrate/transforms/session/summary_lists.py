"""A fetched list holding a summary, read by index: ``result = sess.run([merged, loss], feed)`` then
``writer.add_summary(result[0], i)`` and ``print(i, result[1])``.

``result[k]`` is the k-th fetched value and nothing else reads ``result``, so the run is the tuple form summaries.py
already plans (``result_0, result_1 = sess.run([merged, loss], feed)``: the summaries computed first, then the rest)
with each ``result[k]`` read as ``result_k``. Made before the proof, only where every binding of the name is such a
run of one literal list of the same length and every read of it is a subscript by a literal index into that list;
anything else is left as written, for the proof to judge.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, leaf_name
from tfmigrate.transforms.session.functions import local_names, references
from tfmigrate.transforms.session.run_calls import run_receiver
from tfmigrate.transforms.session.summaries import MERGES, OPS
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SUMMARY_CALLS = frozenset(path.split(".")[-1] for path in (*OPS, *MERGES))


def split(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf] | None:
    """The module with each indexed summary run in tuple form; None when there is none."""
    candidates: list[tuple[cst.Assign, set[str]]] = []  # ``name = x.run([a, b], ...)``, with the fetched names
    for node in descendants(module):
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            fetched = _fetched(node.value)
            if fetched is not None:
                candidates.append((node, {e.value.value for e in fetched if isinstance(e.value, cst.Name)}))
    if not candidates:
        return None
    summaries = _summary_names(module, resolve)
    runs: dict[str, list[cst.Assign]] = {}
    for node, names in candidates:
        if summaries & names:
            runs.setdefault(node.targets[0].target.value, []).append(node)  # type: ignore[attr-defined]
    rewrite = _Split(module, resolve, line_of)
    for name, assigns in runs.items():
        sizes = {len(_fetched(a.value) or ()) for a in assigns}
        indexed = _indexed(module, name, assigns, sizes.pop() if len(sizes) == 1 else 0)
        if indexed is None:
            continue
        taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
        size = len(_fetched(assigns[0].value) or ())
        fresh = [f"{name}_{k}" for k in range(size)]
        if taken & set(fresh):
            continue
        for assign in assigns:
            rewrite.targets[id(assign)] = fresh
        for subscript, k in indexed:
            rewrite.reads[id(subscript)] = fresh[k]
    if not rewrite.targets:
        return None
    new = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    return new, resolve_new, line_of_new


def _summary_names(module: cst.Module, resolve: Resolve) -> set[str]:
    """Module-level names bound to a summary op or a merge of them."""
    names: set[str] = set()
    for node in descendants(module):
        if (
            isinstance(node, cst.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
            and isinstance(node.value, cst.Call)
            and leaf_name(node.value.func) in SUMMARY_CALLS
            and (resolve(node.value.func) or "").removeprefix("compat.v1.") in (*OPS, *MERGES)
        ):
            names.add(node.targets[0].target.value)
    return names


def _fetched(value: cst.BaseExpression) -> list[cst.Element] | None:
    """The elements of ``x.run([a, b], ...)``'s literal fetch list."""
    if not (isinstance(value, cst.Call) and run_receiver(value) is not None):
        return None
    fetch = argument(value, 0, "fetches")
    if fetch is None or not isinstance(fetch.value, (cst.List, cst.Tuple)):
        return None
    elements = [e for e in fetch.value.elements if isinstance(e, cst.Element)]
    return elements if len(elements) == len(fetch.value.elements) else None  # no ``*starred`` fetch


def _indexed(
    module: cst.Module, name: str, assigns: list[cst.Assign], size: int
) -> list[tuple[cst.Subscript, int]] | None:
    """Every read of ``name`` as ``name[k]`` (0 <= k < size), or None."""
    if not size:
        return None
    targets = {id(a.targets[0].target) for a in assigns}
    wrapper = cst.FunctionDef(cst.Name("_"), cst.Parameters(), cst.IndentedBlock(body=list(module.body)))
    for assign in assigns:
        stripped = wrapper.deep_replace(assign.targets[0].target, cst.Name("_"))
        if not isinstance(stripped, cst.FunctionDef):
            return None
        wrapper = stripped
    if name in local_names(wrapper):
        return None  # bound in another way too (a loop target, an augmented assignment...)
    subscripts = {
        id(n.value): n
        for n in descendants(module)
        if isinstance(n, cst.Subscript) and isinstance(n.value, cst.Name) and n.value.value == name
    }
    found: list[tuple[cst.Subscript, int]] = []
    for read in references(module, name):
        if id(read) in targets:
            continue
        subscript = subscripts.get(id(read))
        if subscript is None or len(subscript.slice) != 1:
            return None
        index = subscript.slice[0].slice
        if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Integer)):
            return None
        k = int(index.value.value, 0)
        if k >= size:
            return None
        found.append((subscript, k))
    return found


class _Split(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        super().__init__(module, resolve, line_of)
        self.targets: dict[int, list[str]] = {}  # id of a run's Assign -> the names of its values
        self.reads: dict[int, str] = {}  # id of a ``result[k]`` -> ``result_k``

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        names = self.targets.get(id(original_node))
        if names is None:
            return updated_node
        target = cst.Tuple([cst.Element(cst.Name(n)) for n in names], lpar=[], rpar=[])
        return updated_node.with_changes(targets=[updated_node.targets[0].with_changes(target=target)])

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        name = self.reads.get(id(original_node))
        return cst.Name(name) if name is not None else updated_node
