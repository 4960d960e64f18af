"""Read-only facts about a libcst tree from its nodes' fields, without libcst's visitor machinery.

libcst visits a tree by rebuilding every node (``CSTNode.visit`` calls ``_visit_and_replace_children`` even for a
read-only visitor) and asks ``children`` through one more such visit, so its ParentNodeProvider, PositionProvider
and ``matchers.findall`` cost several times a walk over the fields. The maps here equal libcst's
(tests/test_engine_metadata.py compares them on every fixture); orders are not kept where none is promised.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

_FIELDS: dict[type, tuple[str, ...]] = {}
# libcst's own ``children`` (a visit that rebuilds the node); tfmigrate.cstpatch puts ordered_children in its place
_LIBCST_PROPERTY: property = vars(cst.CSTNode)["children"]
_LIBCST_CHILDREN: Callable[[cst.CSTNode], Sequence[cst.CSTNode]] = getattr(
    _LIBCST_PROPERTY.fget, "__wrapped__", _LIBCST_PROPERTY.fget
)  # type: ignore[assignment]  # libcst's property always has a getter


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The CST nodes among ``node``'s fields, alone or in a sequence: the same set as ``node.children``."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(f.name for f in dataclasses.fields(node))
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


_CHILDREN: dict[int, tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = {}


def children(node: cst.CSTNode) -> tuple[cst.CSTNode, ...]:
    """``node.children`` (libcst's order: as written), computed once per node until :func:`forget`.

    libcst computes ``children`` by a visit that rebuilds the node; the eager rewrite walks the same module
    dozens of times per program (every pass collects its own facts), and those visits were the largest cost
    inside it. Nodes are immutable, so a node's children never change; the memo holds the node itself, so
    its id cannot be reused while the entry lives. The engine forgets after each file.
    """
    known = _CHILDREN.get(id(node))
    if known is None or known[0] is not node:
        known = _CHILDREN[id(node)] = (node, ordered_children(node))
    return known[1]


class _FieldOrder(cst.CSTVisitor):
    """Records the fields libcst's ``_visit_and_replace_children`` visits, in its order, without descending."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.names.append(attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None


# node type -> (the fields libcst visits, in its order; the other fields), or None: ask libcst every time
_ORDER: dict[type, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}


def _field_order(node: cst.CSTNode) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    cls = type(node)
    if cls not in _ORDER:
        recorder = _FieldOrder()
        node._visit_and_replace_children(recorder)
        names = tuple(recorder.names)
        fields = tuple(f.name for f in dataclasses.fields(node))
        if len(set(names)) == len(names) and set(names) <= set(fields):
            _ORDER[cls] = (names, tuple(name for name in fields if name not in names))
        else:
            _ORDER[cls] = None
    return _ORDER[cls]


def ordered_children(node: cst.CSTNode) -> tuple[cst.CSTNode, ...]:
    """``node.children`` read from the node's fields in the order libcst's visit takes them (learnt once per node
    type from one such visit), about a tenth of the cost of the visit that rebuilds the node. A node type whose
    visit does not name its fields plainly, or a node with a CST node in a field that visit did not take, is
    left to libcst (tests/test_fast_children.py compares the two on every node of the fixtures)."""
    try:
        order = _ORDER[type(node)]
    except KeyError:  # a node type whose field order is not learnt yet
        order = _field_order(node)
    if order is None:
        return tuple(_LIBCST_CHILDREN(node))
    names, others = order
    node_type = cst.CSTNode
    for name in others:
        value = getattr(node, name)
        if isinstance(value, node_type) or (
            isinstance(value, (tuple, list)) and any(isinstance(item, node_type) for item in value)
        ):
            return tuple(_LIBCST_CHILDREN(node))
    found: list[cst.CSTNode] = []
    for name in names:
        value = getattr(node, name)
        if isinstance(value, node_type):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            found += [item for item in value if isinstance(item, node_type)]
    return tuple(found)


_MEMOS: list[dict] = [_CHILDREN]


def remember(memo: dict, node: cst.CSTNode, value: object) -> None:
    """Store ``value`` for ``node`` in ``memo`` (keyed by id, holding the node), cleared by :func:`forget`."""
    if not any(m is memo for m in _MEMOS):
        _MEMOS.append(memo)
    memo[id(node)] = (node, value)


def forget() -> None:
    """Drop the memos of :func:`children` and :func:`remember` (the engine calls it after each file, so trees do
    not outlive it)."""
    for memo in _MEMOS:
        memo.clear()


_CODES: dict[int, tuple[cst.Module, str]] = {}
_CODES_KEPT = 8  # modules whose code is kept, the last asked for: a file's tree and versions the rules made of it


def code(module: cst.Module) -> str:
    """``module.code``, generated once per module until :func:`forget_codes`.

    Generating a module's code walks the whole tree; the eager rewrite's passes, the Keras rules and the engine
    each asked for the same unchanged module's code (a text gate, the rule's result, the layout check), up to a
    dozen full walks of one tree per file. Modules are immutable, so their code never changes. Unlike the walk
    memos this one outlives a rule (the engine reads the code a rule returned), so it is bounded.
    """
    known = _CODES.pop(id(module), None)
    if known is None or known[0] is not module:
        while len(_CODES) >= _CODES_KEPT:
            del _CODES[next(iter(_CODES))]
        known = (module, module.code)
    _CODES[id(module)] = known
    return known[1]


def known_code(module: cst.Module, text: str) -> None:
    """Record ``text`` as ``module.code``: the engine's parse of a text libcst prints back byte for byte
    (``engine.reprints_itself``), so that no rule and no check after a rule that changed nothing generates it."""
    while len(_CODES) >= _CODES_KEPT:
        del _CODES[next(iter(_CODES))]
    _CODES[id(module)] = (module, text)


def forget_codes() -> None:
    """Drop the modules :func:`code` keeps (the engine calls it after each file)."""
    _CODES.clear()


_PREORDER: dict[int, tuple[cst.CSTNode, list[cst.CSTNode]]] = {}


def preorder(node: cst.CSTNode) -> list[cst.CSTNode]:
    """``node`` and every node below it, in the order they are written (libcst's ``children`` order), computed
    once per node until :func:`forget`.

    The eager rewrite's passes and the checkpoint analysis each collect their own facts by walking the whole
    module, dozens of walks of one tree per program: each later walk reads the list the first one made."""
    known = _PREORDER.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    found: list[cst.CSTNode] = []
    stack = [node]
    while stack:
        current = stack.pop()
        walked = _PREORDER.get(id(current))
        if walked is not None and walked[0] is current and current is not node:
            found += walked[1]  # a subtree walked before (a statement's walk, then its module's): its list as is
            continue
        found.append(current)
        held = _CHILDREN.get(id(current))  # children(current), inlined: once per node of every walk
        if held is None or held[0] is not current:
            held = _CHILDREN[id(current)] = (current, ordered_children(current))
        stack.extend(reversed(held[1]))
    remember(_PREORDER, node, found)
    return found


def nodes(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``root`` and every node below it, each once, in no promised order (``m.findall`` without matchers)."""
    todo = [root]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(_children(node))


def parent_map(module: cst.CSTNode) -> dict[cst.CSTNode, cst.CSTNode]:
    """Every node below ``module`` -> its parent, as libcst's ParentNodeProvider gives it."""
    parents: dict[cst.CSTNode, cst.CSTNode] = {}
    todo: list[cst.CSTNode] = [module]
    while todo:
        node = todo.pop()
        for child in _children(node):
            parents[child] = node
            todo.append(child)
    return parents


def start_lines(module: cst.Module) -> dict[cst.CSTNode, int]:
    """node -> the line libcst's PositionProvider starts it on, for every node of ``module``.

    The same code generation as PositionProvider (libcst/metadata/position_provider.py), which keeps a
    CodePosition per node on a stack and a CodeRange per node, each built through a generator context manager:
    on a large file that bookkeeping, not the code generation, was most of the cost of the first reported line.
    """
    state = _LineState(module.default_indent, module.default_newline)
    module._codegen(state)
    return state.starts


def _newlines(value: str) -> int:
    r"""How many line breaks libcst's position counting sees in a token (its NEWLINE_RE: ``\r\n?|\n``)."""
    return value.count("\n") + value.count("\r") - value.count("\r\n")


class _LineState(CodegenState):
    """libcst's PositionProvidingCodegenState, keeping only start lines."""

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.line = 1
        self.starts: dict[cst.CSTNode, int] = {}
        self._stack: list[int] = []

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self.line += _newlines(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            self.line += _newlines(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._stack.append(self.line)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._stack.pop()
        if node not in self.starts:  # a syntactic position recorded inside the node wins, as in libcst
            self.starts[node] = start

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):
        return _Syntactic(self, node, start_node)


class _Syntactic:
    """The context manager of ``record_syntactic_position``: the start, or the start of ``start_node``."""

    __slots__ = ("_state", "_node", "_start_node", "_line")

    def __init__(self, state: _LineState, node: cst.CSTNode, start_node: cst.CSTNode | None) -> None:
        self._state, self._node, self._start_node = state, node, start_node

    def __enter__(self) -> None:
        self._line = self._state.line

    def __exit__(self, *exc: object) -> None:
        starts = self._state.starts
        starts[self._node] = self._line if self._start_node is None else starts[self._start_node]


def signed_integer(node: cst.BaseExpression, named: Callable[[cst.Name], int | None] | None = None) -> int | None:
    """``3``, ``-1``, ``0x10``: an integer literal's value, negated as often as it is; a name's where ``named``
    reads it (a module constant), so ``-n_steps`` is read too."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = signed_integer(node.expression, named)
        return None if inner is None else -inner
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    return named(node) if named is not None and isinstance(node, cst.Name) else None
