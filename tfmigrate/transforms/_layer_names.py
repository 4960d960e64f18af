"""The variable names TF1's ``tf.layers`` functions gave, so that TFM103 keeps them (old checkpoints restore by name).

TF1 named a layer's variables after a variable scope made unique *within the enclosing variable scope*
(``enc1/dense``, ``enc1/dense_1``; a string scope's counters restart each time it is entered, see
``_VariableScopeStore.close_variable_subscopes``). Keras 3 in graph mode names them after the graph's name scopes:
the layer's own name (made unique) for its weights, then another unique copy of it for the call, so a second
``Dense(name="dense_1")`` after ``Dense(name="dense")`` gets ``dense_1_1``. Each variable scope's body is replayed in
order under both rules; a layer keeps a Keras rewrite (with ``name=`` its TF1 name) only where they agree.
Anything else (loops and branches around a layer, layers in a function's own scope whose caller is unknown,
``tf.name_scope``, a scope with an initializer or a VariableScope object) has no name the rewrite can promise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

# Functional tf.layers that create variables: their names are what a checkpoint holds.
STATEFUL = frozenset(
    {
        "dense",
        "conv1d",
        "conv2d",
        "conv3d",
        "conv2d_transpose",
        "conv3d_transpose",
        "separable_conv1d",
        "separable_conv2d",
        "batch_normalization",
    }
)
BRANCHES = (cst.For, cst.While, cst.If, cst.Try, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
OWN_CODE = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


@dataclass
class Frame:
    """One entry of a variable scope (or the program's root): its layers and sub-scopes, in execution order."""

    reason: str | None  # why names in it cannot be known, None when they can
    events: list[tuple[str, cst.CSTNode | None, str | None, Frame | None]] = field(default_factory=list)
    renamed: bool = False  # its name scope got a suffix: Keras names under it differ from TF1's


@dataclass
class Names:
    """For each functional tf.layers call: the TF1 name to pass, or why none can be promised."""

    name: dict[cst.Call, str] = field(default_factory=dict)
    unstable: dict[cst.Call, str] = field(default_factory=dict)


def _string_like(node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        return True
    return (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, (cst.Modulo, cst.Add))
        and (_string_like(node.left))
    )


def _literal(node: cst.BaseExpression) -> str | None:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else None


class _Walker:
    def __init__(
        self,
        path: Callable[[cst.CSTNode], str | None],
        layer_call: Callable[[cst.Call], str | None],
        explicit_name: Callable[[cst.Call], cst.BaseExpression | None],
    ) -> None:
        self.path = path
        self.layer_call = layer_call
        self.explicit_name = explicit_name
        self.frames: list[Frame] = []
        self.sites: dict[cst.Call, tuple[Frame, bool]] = {}  # call -> frame, under a tf.name_scope
        self.local_calls: list[tuple[Frame, int, str]] = []
        self.function_roots: dict[str, Frame] = {}

    def new_frame(self, reason: str | None) -> Frame:
        frame = Frame(reason)
        self.frames.append(frame)
        return frame

    def walk(self, node: cst.CSTNode, frame: Frame, certain: bool, named_scope: bool) -> None:
        if isinstance(node, OWN_CODE):
            root = self.new_frame(f"in {_what(node)}, whose callers decide the enclosing variable scope")
            if isinstance(node, cst.FunctionDef):
                self.function_roots.setdefault(node.name.value, root)
            for child in node.children:
                self.walk(child, root, True, False)
            return
        if isinstance(node, cst.With):
            self._with(node, frame, certain, named_scope)
            return
        if isinstance(node, BRANCHES) and not _is_main_guard(node):
            before = len(frame.events)
            for child in node.children:
                self.walk(child, frame, False, named_scope)
            if len(frame.events) > before and frame.reason is None:
                frame.events.append(("taint", node, "a layer in a loop or branch", None))
            return
        for child in node.children:
            self.walk(child, frame, certain, named_scope)
        if isinstance(node, cst.Call):
            self._call(node, frame, certain, named_scope)

    def _call(self, node: cst.Call, frame: Frame, certain: bool, named_scope: bool) -> None:
        base = self.layer_call(node)
        path = self.path(node.func)
        if base is not None:
            self.sites[node] = (frame, named_scope)
            if not certain:
                frame.events.append(("taint", node, "a layer in a loop or branch", None))
            explicit = self.explicit_name(node)
            if explicit is not None and _literal(explicit) is None:
                frame.events.append(("taint", node, "a layer named at run time", None))
            name = _literal(explicit) if explicit is not None else None
            frame.events.append(("layer", node, name or base, None) if name else ("unnamed", node, base, None))
        elif path is not None and path.startswith("layers.") and path[len("layers.") :][:1].isupper():
            frame.events.append(("taint", node, "a tf.layers class, named at its first call", None))
        elif path in ("reset_default_graph",):
            frame.events.append(("reset", node, None, None))
        elif isinstance(node.func, cst.Name):
            self.local_calls.append((frame, len(frame.events), node.func.value))

    def _with(self, node: cst.With, frame: Frame, certain: bool, named_scope: bool) -> None:
        inner = frame
        for item in node.items:
            call = item.item
            path = self.path(call.func) if isinstance(call, cst.Call) else None
            if path == "name_scope":
                named_scope = True
            elif path == "variable_scope" and isinstance(call, cst.Call):
                inner = self._scope(call, inner)
            elif (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and (call.func.attr.value == "as_default")
            ):
                fresh = isinstance(call.func.value, cst.Call) and self.path(call.func.value.func) == "Graph"
                inner = self.new_frame(None if fresh and inner.reason is None else "in a graph used more than once")
        self.walk(node.body, inner, certain if inner is frame else True, named_scope)

    def _scope(self, call: cst.Call, outer: Frame) -> Frame:
        args = [a for a in call.args if a.keyword is None or a.keyword.value != "values"]
        if len(args) == 1 and args[0].keyword is None and _string_like(args[0].value):
            inner = self.new_frame(outer.reason if outer.reason and outer.reason.startswith("in a graph") else None)
            outer.events.append(("scope", call, _literal(args[0].value), inner))
            return inner
        outer.events.append(("taint", call, "a variable_scope named or configured at run time", None))
        return self.new_frame("under a variable_scope named or configured at run time")


def _what(node: cst.CSTNode) -> str:
    if isinstance(node, cst.FunctionDef):
        return f"function {node.name.value}()"
    return f"class {node.name.value}" if isinstance(node, cst.ClassDef) else "a lambda"


def _is_main_guard(node: cst.CSTNode) -> bool:
    return (
        isinstance(node, cst.If)
        and isinstance(node.test, cst.Comparison)
        and (isinstance(node.test.left, cst.Name) and node.test.left.value == "__name__")
    )


def _unique(name: str, used: dict[str, int]) -> str:
    if not used.get(name):
        return name
    index = 1
    while used.get(f"{name}_{index}"):
        index += 1
    return f"{name}_{index}"


def _replay(frame: Frame, keeps: Callable[[cst.Call], bool], out: Names) -> None:
    """TF1 names of the frame's layers (variable-scope counters) and whether Keras name scopes give the same.

    An explicit ``name=`` is the TF1 name whatever ran before; an unnamed layer's name is known only in a frame
    whose every earlier event is known."""
    counts: dict[str, int] = {}
    scopes: dict[str, int] = {}
    taint = frame.reason
    named: list[tuple[cst.Call, str]] = []
    kept_bases: set[str] = set()
    for kind, node, name, inner in frame.events:
        if kind == "reset":
            counts, scopes = {}, {}
        elif kind == "taint":
            taint = taint or name
        elif kind == "scope":
            if name is not None:
                counts[name] = counts.get(name, 0) + 1
                given = _unique(name, scopes)
                scopes[given] = 1
                if inner is not None and given != name:
                    inner.renamed = True
        else:
            assert isinstance(node, cst.Call) and name is not None
            if kind == "unnamed" and taint is not None:
                out.unstable[node] = taint
                kept_bases.add(name)
                continue
            tf1 = _unique(name, counts) if kind == "unnamed" else name
            counts[tf1] = counts.get(tf1, 0) + 1
            kind_name = name if kind == "unnamed" else tf1  # what a compat layer would compete for
            if keeps(node):
                kept_bases.add(kind_name)
                continue
            built = _unique(tf1, scopes)
            scopes[built] = 1
            scopes[_unique(tf1, scopes)] = 1  # the call's own name scope
            if built != tf1:
                out.unstable[node] = f"Keras would name it {built!r} where TF1 named it {tf1!r}"
                kept_bases.add(kind_name)
            else:
                named.append((node, tf1))
    for node, tf1 in named:
        if frame.renamed:
            out.unstable[node] = "its variable_scope is entered twice, so Keras names it under another name scope"
        elif any(tf1 == base or tf1.startswith(base + "_") for base in kept_bases):
            out.unstable[node] = "a layer of its kind in the same variable scope stays on tf.compat.v1.layers"
        else:
            out.name[node] = tf1


def layer_names(
    module: cst.Module,
    path: Callable[[cst.CSTNode], str | None],
    layer_call: Callable[[cst.Call], str | None],
    explicit_name: Callable[[cst.Call], cst.BaseExpression | None],
    keeps: Callable[[cst.Call], bool],
) -> Names:
    """``path`` gives a node's TF1 name (``layers.dense``, ``variable_scope``); ``layer_call`` the base name of a
    functional tf.layers call that creates variables; ``keeps`` whether TFM103 keeps a call on tf.compat.v1."""
    walker = _Walker(path, layer_call, explicit_name)
    root = walker.new_frame(None)
    walker.walk(module, root, True, False)
    for frame, index, name in reversed(walker.local_calls):
        callee = walker.function_roots.get(name)
        if callee is not None and any(kind in ("layer", "unnamed", "taint") for kind, *_ in callee.events):
            frame.events.insert(index, ("taint", None, f"{name}() adds layers to this variable scope", None))
    out = Names()
    for frame in walker.frames:
        _replay(frame, keeps, out)
    for node, (_, named_scope) in walker.sites.items():
        if named_scope and node in out.name:
            del out.name[node]
            out.unstable[node] = "under tf.name_scope, which Keras puts in variable names and TF1 did not"
    return out
