"""What a file refers to, read from Python's own ``ast`` in one pass: the second, semantic gate before libcst.

The text gates (``Transform.wants``) let a rule run when one of its words appears in the code. In a real
library most files that mention ``tensorflow`` or ``keras`` use names no rule acts on (TensorFlow's own
sources import ``tensorflow.python.*`` modules; Keras's use ``keras.src``), yet every rule let through costs
a libcst walk of the whole tree and its scope analysis, about a hundred times the cost of this pass.

Rules match what a name *means*: libcst's QualifiedNameProvider turns ``tf.train.Saver`` under
``import tensorflow as tf`` into ``tensorflow.train.Saver``. :func:`read` gives the same names from the
C parser's tree: every name and attribute chain is taken as spelled, and, when some import binds its root,
resolved through the imports its scope sees (the engine passes the file's :mod:`tfmigrate.model`), or through
every import of the root in the file (without a model, or where the model cannot say as libcst would). Scopes
matter on library code: a module that imports ``models`` privately at the top and publicly inside one function
would otherwise let every Keras rule through for names no rule resolves. The set is never smaller than what
libcst resolves (tests/test_facts.py checks it): a rule's ``needs`` may only be too wide, never too narrow.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tfmigrate.model import Model


@dataclass(frozen=True)
class Facts:
    refs: frozenset[str]  # qualified names of every chain and its prefixes, imported names, chains as spelled
    imported: frozenset[str]  # imported modules and names: "tensorflow.compat.v1", "keras.layers.Dense"
    modules: frozenset[str]  # the absolute ones among them ("from a.b import c" gives "a.b" and "a.b.c")
    attrs: frozenset[str]  # every attribute name used: x.<attr>
    names: frozenset[str]  # every bare name
    keywords: frozenset[str]  # keyword argument names of calls (and of class bases)
    strings: tuple[str, ...]  # every str literal that is not a statement of its own (no docstrings)
    # (method, keyword) of every ``x.method(..., keyword=...)`` call: a rule about one method's arguments acts
    # only where the two meet in one call, not wherever the file uses the method and the keyword apart
    method_keywords: frozenset[tuple[str, str]] = frozenset()
    # str literals given to ``x.compile(...)`` as ``optimizer=`` or first: a default learning rate to report is
    # read there alone, not from every string of the file (a table of optimizer names in a test helper)
    compiled: tuple[str, ...] = ()
    # what :meth:`scoped` reads: each chain with the root Name of every place it is written, and what each
    # name an import binds stands for
    chains: dict[str, set[ast.AST]] = field(default_factory=dict, compare=False, repr=False)
    bindings: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)

    def scoped(self, model: Model) -> Facts:
        """These facts with each chain resolved through the imports its scope sees, as libcst resolves it, instead
        of through every import of its root in the file (``model``: tfmigrate.model, built from the same tree)."""
        refs: set[str] = set(self.imported) | set(self.chains)
        resolver = _Scoped(model, self.bindings)
        for path, roots in self.chains.items():
            name, dot, rest = path.partition(".")
            if name in self.bindings:
                refs.update(f"{target}{dot}{rest}" for target in resolver.targets(name, roots))
        return replace(self, refs=frozenset(refs))

    def under(self, prefix: str) -> list[str]:
        """The references strictly below ``prefix``."""
        start = prefix + "."
        return [ref for ref in self.refs if ref.startswith(start)]


def read(tree: ast.AST) -> Facts:
    """The facts of ``tree``, each chain resolved through every import of its root in the file (:meth:`Facts.scoped`
    narrows that to the imports its scope sees)."""
    bindings: dict[str, set[str]] = {}
    attrs: set[str] = set()
    names: set[str] = set()
    keywords: set[str] = set()
    strings: list[str] = []
    docstrings: set[int] = set()
    imported: set[str] = set()
    method_keywords: set[tuple[str, str]] = set()
    compiled: list[str] = []
    chains: dict[str, set[ast.AST]] = {}  # each chain, with the root Name of each place it is written
    for node in walk(tree):
        if isinstance(node, ast.Attribute):
            attrs.add(node.attr)
            path, start = _full_name_and_root(node)
            if path is not None:
                chains.setdefault(path, set()).add(start)
        elif isinstance(node, ast.Name):
            names.add(node.id)
            chains.setdefault(node.id, set()).add(node)
        elif isinstance(node, ast.keyword):
            if node.arg is not None:
                keywords.add(node.arg)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                method_keywords.update((node.func.attr, k.arg) for k in node.keywords if k.arg is not None)
                if node.func.attr == "compile":
                    given = [k.value for k in node.keywords if k.arg == "optimizer"] + node.args[:1]
                    compiled += [g.value for g in given if isinstance(g, ast.Constant) and isinstance(g.value, str)]
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str) and id(node) not in docstrings:
                strings.append(node.value)
        elif isinstance(node, ast.Expr):
            if isinstance(node.value, ast.Constant):
                docstrings.add(id(node.value))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imported.add(alias.name)
                if alias.asname:
                    bindings.setdefault(alias.asname, set()).add(alias.name)
                else:
                    root = alias.name.split(".")[0]
                    bindings.setdefault(root, set()).add(root)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            if node.level == 0 and node.module:
                imported.add(node.module)  # a star import's names are not known; its module is
            for alias in node.names:
                if alias.name == "*":
                    continue
                full = f"{base}.{alias.name}" if node.module else f"{base}{alias.name}"
                imported.add(full)
                bindings.setdefault(alias.asname or alias.name, set()).add(full)
    # libcst names a chain whose root an assignment binds (``keras = tf.keras``) by its own spelling, and
    # rules compare those names too: every chain counts as itself as well as through the imports.
    refs: set[str] = set(imported) | set(chains)
    for path in chains:
        refs.update(_through_imports(path, bindings))
    return Facts(
        refs=frozenset(refs),
        imported=frozenset(imported),
        modules=frozenset(name for name in imported if not name.startswith(".")),
        attrs=frozenset(attrs),
        names=frozenset(names),
        keywords=frozenset(keywords),
        strings=tuple(strings),
        method_keywords=frozenset(method_keywords),
        compiled=tuple(compiled),
        chains=chains,
        bindings=bindings,
    )


def _import_target(binding) -> str:
    """What an import binding's name stands for, as :func:`read` records it (``bindings``)."""
    alias, statement = binding.alias, binding.node
    if isinstance(statement, ast.Import):
        return alias.name if alias.asname else alias.name.split(".")[0]
    base = "." * statement.level + (statement.module or "")
    return f"{base}.{alias.name}" if statement.module else f"{base}{alias.name}"


class _Scoped:
    """The import targets a root name has where it is written: through the bindings its scope sees (the model's
    ``resolve``, libcst's rule: the innermost scope that binds the name, class bodies seen only from themselves),
    every binding there counting (flow-insensitive, as libcst). Where the model cannot say as libcst would (a
    ``global`` or ``nonlocal`` name, a node the model has no scope for), every import of the name in the file
    counts, as without a model: the set may only be too wide, never too narrow."""

    def __init__(self, model: Model, bindings: dict[str, set[str]]) -> None:
        self.model = model
        self.everywhere = bindings
        self.scope_of = {chain.nodes[0]: chain.scope for chain in model.chains}
        self.memo: dict[tuple[str, int], frozenset[str] | None] = {}

    def targets(self, name: str, roots: set[ast.AST]) -> set[str]:
        found: set[str] = set()
        for root in roots:
            scope = self.scope_of.get(root)
            if scope is None:
                return self.everywhere[name]
            key = (name, id(scope))
            if key not in self.memo:
                self.memo[key] = self._resolve(name, scope)
            seen = self.memo[key]
            if seen is None:
                return self.everywhere[name]
            found |= seen
        return found

    def _resolve(self, name: str, scope) -> frozenset[str] | None:
        bindings = self.model.resolve(name, scope)
        if any(b.kind == "global" for b in bindings):
            return None
        return frozenset(_import_target(b) for b in bindings if b.kind in ("import", "from-import"))


# Fields that never hold a node a reader here looks at: names and flags (strings, ints), and the shared singleton
# nodes of expression contexts (``Load``) and operators (``Add``), which no fact and no binding comes from.
_SKIPPED = frozenset({"ctx", "op", "ops", "id", "attr", "arg", "module", "level", "kind", "type_comment"})
_SKIPPED |= {"is_async", "conversion", "asname"}
_NODE_FIELDS: dict[type, tuple[str, ...]] = {}


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """``list(ast.iter_child_nodes(node))``, same order, without the expression contexts and operators (which carry
    no name, no binding and no position): without its generator and ``iter_fields`` per node, which were most of
    the cost of the walks that read a file (these facts, the model), and without reading fields that cannot hold
    a node (a third of the children of an expression were its ``Load`` context)."""
    names = _NODE_FIELDS.get(node.__class__)
    if names is None:
        names = _NODE_FIELDS[node.__class__] = tuple(n for n in node._fields if n not in _SKIPPED)
    found: list[ast.AST] = []
    for name in names:
        value = getattr(node, name, None)
        if value.__class__ is list:
            found += [item for item in value if isinstance(item, ast.AST)]
        elif isinstance(value, ast.AST):
            found.append(value)
    return found


def walk(tree: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk``: the same nodes in the same order (breadth first), through :func:`child_nodes` (so without the
    expression contexts and operators)."""
    todo = deque([tree])
    while todo:
        node = todo.popleft()
        todo.extend(child_nodes(node))
        yield node


def _through_imports(path: str, bindings: dict[str, set[str]]) -> list[str]:
    """``tf.train.Saver`` -> ``tensorflow.train.Saver``, once for each import that binds the root name."""
    root, dot, rest = path.partition(".")
    return [f"{target}.{rest}" if dot else target for target in bindings.get(root, ())]


def _full_name_and_root(node: ast.AST) -> tuple[str | None, ast.AST]:
    """:func:`full_name` and the node its chain starts from (the root Name when there is a name)."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            break
    if not isinstance(node, ast.Name):
        return None, node
    parts.append(node.id)
    return ".".join(reversed(parts)), node


def full_name(node: ast.AST) -> str | None:
    """The chain's name as libcst's ``get_full_name_for_node`` spells it: calls and subscripts are looked
    through (``tf.train.AdamOptimizer(0.1).minimize`` is ``tf.train.AdamOptimizer.minimize``)."""
    return _full_name_and_root(node)[0]
