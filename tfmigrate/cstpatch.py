"""Faster dispatch for libcst's visitors: the same calls, without its per-node and per-class bookkeeping.

libcst finds every visitor method by name with ``getattr`` for every node and for every child attribute of
every node, mostly landing on its own no-op stubs, and rebuilds matcher and provider tables with ``inspect``
for every visitor it constructs. tfmigrate builds one transform per rule per file and walks large trees, so
that bookkeeping outweighed the rules themselves. Each patch here keeps libcst's behaviour and caches what
only depends on the class. They reach into libcst internals: pin-check them when libcst is upgraded.
"""

from __future__ import annotations

from collections.abc import Callable
from types import FunctionType, MethodType

import libcst as cst
from libcst._batched_visitor import BatchableCSTVisitor, _BatchedCSTVisitor
from libcst.matchers import _visitors as _matcher_visitors

from tfmigrate import cstmeta  # noqa: F401 (isinstance on libcst's classes without ABCMeta's registry)
from tfmigrate.cstfields import ordered_children


class Hooks(dict):
    """node type -> the class's own ``visit_<Node>`` (or ``leave_<Node>``) function, or None for libcst's
    no-op stub; filled on first sight of each node type."""

    def __init__(self, cls: type, prefix: str) -> None:
        super().__init__()
        self.cls, self.prefix = cls, prefix

    def __missing__(self, node_type: type) -> Callable | None:
        func = getattr(self.cls, self.prefix + node_type.__name__, None)
        found = self[node_type] = None if func is None or getattr(func, "_is_no_op", False) else func
        return found


_tables: dict[tuple[type, str], Hooks] = {}


def hooks(cls: type, prefix: str) -> Hooks:
    table = _tables.get((cls, prefix))
    if table is None:
        table = _tables[(cls, prefix)] = Hooks(cls, prefix)
    return table


def _visit(self, node: cst.CSTNode) -> bool:
    func = hooks(type(self), "visit_")[type(node)]
    return func is None or func(self, node) is not False


def _leave(self, original_node: cst.CSTNode) -> None:
    func = hooks(type(self), "leave_")[type(original_node)]
    if func is not None:
        func(self, original_node)


cst.CSTVisitor.on_visit = _visit  # type: ignore[method-assign]  # patches libcst's dispatch on purpose (module docstring)
cst.CSTVisitor.on_leave = _leave  # type: ignore[method-assign]  # patches libcst's dispatch on purpose (module docstring)


def own_hooks(cls: type, prefix: str) -> Hooks:
    """``hooks``, kept on the class itself: the eager rewrite defines transformers inside functions, a new class
    per call, which a module-level table would keep alive for the whole run."""
    key = "_tfm_hooks_" + prefix
    table = cls.__dict__.get(key)
    if table is None:
        table = Hooks(cls, prefix)
        setattr(cls, key, table)
    return table


def _transform_visit(self, node: cst.CSTNode) -> bool:
    func = own_hooks(type(self), "visit_")[type(node)]
    return func is None or func(self, node) is not False


def _transform_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
    func = own_hooks(type(self), "leave_")[type(original_node)]
    return updated_node if func is None else func(self, original_node, updated_node)


LIBCST_TRANSFORMER = {name: vars(cst.CSTTransformer)[name] for name in ("on_visit", "on_leave")}  # (tests compare)
# The eager rewrite's passes are plain transformers, each walking the whole module: the same tables serve them.
# (A transformer that overrides on_visit / on_leave, as the rules and matcher transformers do, keeps its own.)
cst.CSTTransformer.on_visit = _transform_visit  # type: ignore[method-assign]  # patches libcst's dispatch on purpose (module docstring)
cst.CSTTransformer.on_leave = _transform_leave  # type: ignore[method-assign]  # patches libcst's dispatch on purpose (module docstring)


def _per_class(gather):
    """Memoize one of libcst's matcher-introspection helpers per class, rebinding methods to each instance.

    libcst's MatcherDecoratableTransformer walks ``dir(self)`` with ``inspect`` in every constructor, and
    the engine builds one transform per rule per file: that introspection was most of the cost of a small
    file. Its answer depends only on the class, so it is computed once per class.
    """
    found: dict[type, dict] = {}

    def per_class(obj):
        cls = type(obj)
        if cls not in found:
            found[cls] = {
                matcher: tuple(f.__func__ if getattr(f, "__self__", None) is obj else f for f in funcs)
                for matcher, funcs in gather(obj).items()
            }
        return {
            matcher: tuple(MethodType(f, obj) if isinstance(f, FunctionType) else f for f in funcs)
            for matcher, funcs in found[cls].items()
        }

    return per_class


def _gating_per_class(gather):
    found: dict[type, dict] = {}

    def per_class(obj):
        cls = type(obj)
        if cls not in found:
            found[cls] = gather(obj)
        return dict(found[cls])

    return per_class


_matcher_visitors._gather_constructed_visit_funcs = _per_class(_matcher_visitors._gather_constructed_visit_funcs)
_matcher_visitors._gather_constructed_leave_funcs = _per_class(_matcher_visitors._gather_constructed_leave_funcs)
_matcher_visitors._gather_matchers = _gating_per_class(_matcher_visitors._gather_matchers)
_visitor_names: dict[type, tuple[str, ...]] = {}
_all_visitors = BatchableCSTVisitor.get_visitors


def _visitors_per_class(self: BatchableCSTVisitor) -> dict:
    """The same memo for the metadata providers, which ``inspect.getmembers`` themselves once per file."""
    names = _visitor_names.get(type(self))
    if names is None:
        names = _visitor_names[type(self)] = tuple(_all_visitors(self))
    return {name: getattr(self, name) for name in names}


BatchableCSTVisitor.get_visitors = _visitors_per_class  # type: ignore[method-assign]  # patches libcst's dispatch on purpose (module docstring)
_attribute_hooks: dict[type, bool] = {}


def has_attribute_hooks(cls: type) -> bool:
    """Whether a visitor class defines any ``visit_<Node>_<attribute>`` / ``leave_<Node>_<attribute>``."""
    found = _attribute_hooks.get(cls)
    if found is None:
        found = _attribute_hooks[cls] = any(
            name.startswith(("visit_", "leave_"))
            and name.count("_") >= 2
            and callable(getattr(cls, name))
            and not getattr(getattr(cls, name), "_is_no_op", False)
            for name in dir(cls)
        )
    return found


def _when_hooked(call):
    """libcst calls the per-attribute hooks of every visitor around every child of every node (two lookups
    and two no-op calls per child); nearly no visitor defines one, so they are skipped per class."""

    def hook(self, node, attribute):
        found = _attribute_hooks.get(type(self))  # has_attribute_hooks inlined: twice per child of every node
        if found is None:
            found = has_attribute_hooks(type(self))
        if found:
            call(self, node, attribute)

    return hook


for _base in (cst.CSTVisitor, cst.CSTTransformer):
    _base.on_visit_attribute = _when_hooked(_base.on_visit_attribute)  # type: ignore[method-assign]  # patches libcst's dispatch on purpose (module docstring)
    _base.on_leave_attribute = _when_hooked(_base.on_leave_attribute)  # type: ignore[method-assign]  # patches libcst's dispatch on purpose (module docstring)


def _children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """libcst's ``CSTNode.children`` computes a node's children by a visit that rebuilds the node; the rules and
    the eager rewrite ask it of nearly every node they walk, and libcst's own ParentNodeProvider asks it too. The
    same nodes in the same order are read from the node's fields (tfmigrate.cstfields.ordered_children, which
    falls back to libcst's property for a node type whose fields it cannot read plainly)."""
    return list(ordered_children(node))


_children.__wrapped__ = vars(cst.CSTNode)["children"].fget  # type: ignore[attr-defined]  # cstfields reads libcst's own
cst.CSTNode.children = property(_children)  # type: ignore[method-assign, assignment]  # patches libcst on purpose (module docstring)


LIBCST_BATCHED = dict(vars(_BatchedCSTVisitor))  # libcst's own methods (tests compare with them)
_batched_init = _BatchedCSTVisitor.__init__
_batched_visit_attribute = _BatchedCSTVisitor.on_visit_attribute
_batched_leave_attribute = _BatchedCSTVisitor.on_leave_attribute


def _batched_with_tables(self, visitor_methods, **hooks) -> None:
    """libcst's batched visitor (the metadata providers' walk) formats ``visit_<Node>`` and
    ``visit_<Node>_<attribute>`` names and looks them up for every node and every child attribute; the
    providers define a few per-node methods and no attribute hook. Their lists are found once per node type,
    and the attribute lookups are skipped when no provider defines an attribute hook."""
    _batched_init(self, visitor_methods, **hooks)
    self.tfm_visit, self.tfm_leave = {}, {}  # node type -> the providers' methods for it
    self.tfm_attribute_hooks = any(name.count("_") >= 2 for name in visitor_methods)


def _batched_methods(self, table: dict, prefix: str, node_type: type) -> tuple:
    found = table[node_type] = tuple(self.visitor_methods.get(prefix + node_type.__name__, ()))
    return found


def _batched_visit(self, node: cst.CSTNode) -> bool:
    before_visit = self.before_visit
    if before_visit is not None:
        before_visit(node)
    methods = self.tfm_visit.get(type(node))
    if methods is None:
        methods = _batched_methods(self, self.tfm_visit, "visit_", type(node))
    for method in methods:
        method(node)
    return True


def _batched_leave(self, original_node: cst.CSTNode) -> None:
    methods = self.tfm_leave.get(type(original_node))
    if methods is None:
        methods = _batched_methods(self, self.tfm_leave, "leave_", type(original_node))
    for method in methods:
        method(original_node)
    after_leave = self.after_leave
    if after_leave is not None:
        after_leave(original_node)


def _batched_visit_attribute_if_any(self, node: cst.CSTNode, attribute: str) -> None:
    if self.tfm_attribute_hooks:
        _batched_visit_attribute(self, node, attribute)


def _batched_leave_attribute_if_any(self, original_node: cst.CSTNode, attribute: str) -> None:
    if self.tfm_attribute_hooks:
        _batched_leave_attribute(self, original_node, attribute)


_BatchedCSTVisitor.__init__ = _batched_with_tables  # type: ignore[method-assign]  # patches libcst on purpose (module docstring)
_BatchedCSTVisitor.on_visit = _batched_visit  # type: ignore[method-assign]  # patches libcst on purpose (module docstring)
_BatchedCSTVisitor.on_leave = _batched_leave  # type: ignore[method-assign]  # patches libcst on purpose (module docstring)
_BatchedCSTVisitor.on_visit_attribute = _batched_visit_attribute_if_any  # type: ignore[method-assign]  # patches libcst on purpose (module docstring)
_BatchedCSTVisitor.on_leave_attribute = _batched_leave_attribute_if_any  # type: ignore[method-assign]  # patches libcst on purpose (module docstring)
