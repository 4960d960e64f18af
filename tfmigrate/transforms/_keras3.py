"""Shared knowledge for the Keras 2 -> Keras 3 rules (TFM3xx): the generated table and what a file proves about
its models and symbolic tensors.

The table (``tfmigrate/data/keras3_map.json``) is produced by ``tools/gen_keras3_map.py`` from the installed
tf-keras and keras 3 packages. The facts below are read from the file being migrated only: a rewrite whose
meaning depends on what a model is (``predict_classes``) happens only when the same file builds that model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import libcst as cst
from libcst.codemod import SkipFile
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ScopeProvider

from tfmigrate.facts import Facts
from tfmigrate.tables import load
from tfmigrate.transforms.base import Transform

KERAS_ROOTS = ("tensorflow.keras", "keras")
TRIGGERS = ("keras",)


def table() -> dict:
    return load("keras3_map.json")


@cache
def legacy_path_pattern() -> re.Pattern[str]:
    """Cheap text test for TFM301/TFM305: a Keras 2 module path Keras 3 lacks, written out or imported by name."""
    modules = sorted(table()["modules"], key=len, reverse=True)
    dotted_paths = "|".join(re.escape(f"keras.{m}") for m in modules)
    keras3 = {m.rsplit(".", 1)[-1] for m in table()["keras3_modules"]}
    names = {m.rsplit(".", 1)[-1] for m in modules if "." in m} - keras3
    lasts = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    imported = rf"^[ \t]*from[ \t]+[\w.]*keras[\w.]*[ \t]+import\b[^\n]*\b(?:{lasts})\b"
    return re.compile(rf"(?:{dotted_paths})\b|{imported}", re.M)


IMPORTED_KERAS_MODULE = re.compile(r"^[ \t]*(?:from|import)[ \t]+(?:tensorflow\.)?keras\.([\w.]+)", re.M)


def imports_unknown_keras_module(source: str) -> bool:
    known = set(table()["keras3_modules"]) | set(table()["modules"])
    return any(m.group(1) not in known for m in IMPORTED_KERAS_MODULE.finditer(source))


def named(facts: Facts) -> Iterator[str]:
    """The names in ``facts`` that libcst's QualifiedNameProvider can give some node of the file.

    libcst's scope analysis does not look inside import statements, so an import's own module path
    (``keras.engine`` in ``from keras.engine.training import Model``) is no node's qualified name. A name is
    one when the file imports it (``facts.modules``: ``from keras.layers import Dense`` -> ``Dense`` means
    ``keras.layers.Dense``), or when it ends in an attribute the file writes (``K.sqrt``; libcst's names
    through calls, ``Dense(3).kernel``, end in one too, and a rule never acts on those alone).
    """
    modules, attrs = facts.modules, facts.attrs
    yield from modules
    for ref in facts.refs:
        if ref.rpartition(".")[2] in attrs and ref not in modules:
            yield ref


def skip_unless(active: bool) -> None:
    """Stop a transform before libcst computes its metadata (the expensive part) when it has nothing to do."""
    if not active:
        raise SkipFile()


def keras_root(qualified: str) -> tuple[str, str] | None:
    """``"tensorflow.keras.layers.core"`` -> ``("tensorflow.keras", "layers.core")``."""
    for root in KERAS_ROOTS:
        if qualified == root:
            return root, ""
        if qualified.startswith(root + "."):
            return root, qualified[len(root) + 1 :]
    return None


def legacy_symbol(qualified: str) -> tuple[str, str, str] | None:
    """``keras.layers.core.Dense`` -> (root, "layers.core", "Dense") when that Keras 2 module is gone in Keras 3."""
    found = keras_root(qualified)
    if not found or "." not in found[1]:
        return None
    root, rest = found
    module, symbol = rest.rsplit(".", 1)
    if module in table()["modules"]:
        return root, module, symbol
    return None


def renamed(qualified: str, text: str) -> tuple[str, str] | None:
    """``text``, a Keras 2 path as the file spells it whose qualified name is ``qualified``, under its Keras 3 name,
    with the report message; None when the symbol has no Keras 3 home or the spelling does not end in it."""
    legacy = legacy_symbol(qualified)
    if not legacy:
        return None
    root, module, symbol = legacy
    target = table()["modules"][module].get(symbol)
    suffix = f"{module}.{symbol}"
    if not target or not text.endswith("." + suffix):
        return None
    prefix = text[: -len(suffix) - 1]
    return f"{prefix}.{target}", f"{root}.{suffix} -> {root}.{target}"


def legacy_module(qualified: str) -> tuple[str, str] | None:
    found = keras_root(qualified)
    if found and found[1] in table()["modules"]:
        return found
    return None


def removed_note(public_path: str) -> str | None:
    """The documented replacement of a Keras 2 public path that Keras 3 dropped (``""`` = none documented)."""
    removed = table()["removed"]
    probe = public_path
    while probe:
        if probe in removed:
            return removed[probe]
        probe = probe.rpartition(".")[0]
    return None


def dotted(text: str) -> cst.Attribute | cst.Name:
    parts = text.split(".")
    node: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def model_constructor(qualified: str) -> str | None:
    """``"Sequential"`` or ``"Model"`` for keras model classes under any root (tf_keras included)."""
    for root in (*KERAS_ROOTS, "tf_keras"):
        for name in ("Sequential", "Model"):
            if qualified in (
                f"{root}.{name}",
                f"{root}.models.{name}",
                f"{root}.engine.training.{name}",
                f"{root}.engine.sequential.{name}",
                f"{root}.engine.functional.Functional",
            ):
                return name
    return None


def is_keras_layer(qualified: str) -> bool:
    found = keras_root(qualified) or (
        ("tf_keras", qualified[len("tf_keras.") :]) if qualified.startswith("tf_keras.") else None
    )
    if not found or not found[1].startswith("layers."):
        return False
    name = found[1].rsplit(".", 1)[-1]
    return name[:1].isupper() and name not in {"Input", "InputSpec"}


def is_keras_input(qualified: str) -> bool:
    found = keras_root(qualified)
    return found is not None and found[1] in {"Input", "layers.Input", "engine.input_layer.Input"}


@dataclass
class LastLayer:
    units: int | None = None
    activation: str | None = None
    activation_only: bool = False  # an Activation layer: the width is the previous layer's


@dataclass
class ModelFacts:
    """What one file proves: which variables hold Keras models, and what each model's last layer is.

    Variables are told apart by the scope that binds them (libcst ScopeProvider), so a function parameter
    called ``model`` is never mistaken for the module-level ``model`` built with ``Sequential``.
    """

    models: dict[tuple, LastLayer] = field(default_factory=dict)
    conflicting: set[tuple] = field(default_factory=set)
    defines: set[str] = field(default_factory=set)
    key_of: Callable[[cst.CSTNode], tuple | None] = lambda node: None

    def model(self, receiver: cst.BaseExpression) -> LastLayer | None:
        key = self.key_of(receiver)
        if key is None or key in self.conflicting:
            return None
        return self.models.get(key)


def variable_key(node: cst.CSTNode, scope_of) -> tuple | None:
    """The identity of the variable an expression names: (binding scope, name), or the dotted text of
    ``self.model``-like attributes; ``("param", ...)`` when any binding is a function parameter."""
    if isinstance(node, cst.Name):
        scope = scope_of(node)
        if scope is None:
            return None
        assignments = list(scope[node.value])
        if not assignments:
            return None
        if any(isinstance(getattr(a, "node", None), cst.Param) for a in assignments):
            return ("param", id(assignments[0].scope), node.value)
        if not all(hasattr(a, "node") for a in assignments):
            return None  # a builtin (input, type, ...) somewhere in the bindings
        return (id(assignments[0].scope), node.value)
    full = get_full_name_for_node(node)
    return ("attribute", full) if full else None


def _const_str(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _const_int(node: cst.BaseExpression | None) -> int | None:
    if isinstance(node, cst.Integer):
        return int(node.value)
    return None


def _arg(call: cst.Call, keyword: str, position: int) -> cst.BaseExpression | None:
    for index, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
        if arg.keyword is None and arg.star == "" and index == position:
            return arg.value
    return None


class FactsCollector(cst.CSTVisitor):
    """Collect ModelFacts; ``names`` gives the qualified names of a node (the calling transform's metadata)."""

    def __init__(self, names, scope_of) -> None:
        self.names = names
        self.key_of = lambda node: variable_key(node, scope_of)
        self.facts = ModelFacts(key_of=self.key_of)
        self.layer_of: dict[tuple, LastLayer] = {}
        self.factories: dict[str, tuple] = {}
        self._function: list[str] = []
        self._depth = 0
        self._depths: list[int] = []
        self._created_at: dict[tuple, int] = {}
        self._conditional_outputs: set[tuple] = set()

    def _layer(self, node: cst.BaseExpression) -> LastLayer | None:
        """The layer a Dense/Activation call builds: units and activation when they are literals."""
        if not isinstance(node, cst.Call):
            return None
        names = self.names(node.func)
        if any(n.endswith(".Dense") and is_keras_layer(n) for n in names):
            return LastLayer(_const_int(_arg(node, "units", 0)), _const_str(_arg(node, "activation", 1)) or "linear")
        if any(n.endswith(".Activation") and is_keras_layer(n) for n in names):
            return LastLayer(None, _const_str(_arg(node, "activation", 0)), activation_only=True)
        if any(is_keras_layer(n) for n in names):
            return LastLayer(None, None)
        return None

    def _stack(self, model: tuple, layer: LastLayer | None) -> None:
        previous = self.facts.models.get(model)
        if layer is None or previous is None:
            self.facts.models[model] = LastLayer()
            return
        if layer.activation_only:
            layer = LastLayer(previous.units, layer.activation)
        self.facts.models[model] = layer

    # Layers added or outputs assigned inside if/for/while/try (deeper than where the model was created) make
    # the last layer depend on the run: the model's last layer is then unknown.
    def visit_If(self, node: cst.If) -> None:
        self._depth += 1

    def leave_If(self, original_node: cst.If) -> None:
        self._depth -= 1

    def visit_For(self, node: cst.For) -> None:
        self._depth += 1

    def leave_For(self, original_node: cst.For) -> None:
        self._depth -= 1

    def visit_While(self, node: cst.While) -> None:
        self._depth += 1

    def leave_While(self, original_node: cst.While) -> None:
        self._depth -= 1

    def visit_Try(self, node: cst.Try) -> None:
        self._depth += 1

    def leave_Try(self, original_node: cst.Try) -> None:
        self._depth -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.facts.defines.add(node.name.value)
        self._function.append(node.name.value)
        self._depths.append(self._depth)
        self._depth = 0

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._function.pop()
        self._depth = self._depths.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if not self._function or node.value is None:
            return
        value = node.value
        if isinstance(value, cst.Call):
            kind = next((model_constructor(n) for n in self.names(value.func) if model_constructor(n)), None)
            if kind is not None:
                key = ("returned", self._function[-1])
                if key in self.facts.models:
                    self.facts.conflicting.add(key)
                self._build(key, kind, value)
                self.factories[self._function[-1]] = key
                return
        found = self.key_of(value)
        if found is not None and found in self.facts.models:
            self.factories[self._function[-1]] = found

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1:
            return
        key = self.key_of(node.targets[0].target)
        if key is None or key[0] == "param":
            return
        value = node.value
        kind = None
        if isinstance(value, cst.Call):
            names = self.names(value.func)
            kind = next((model_constructor(n) for n in names if model_constructor(n)), None)
            callee = get_full_name_for_node(value.func)
            if kind is None and callee in self.factories:
                source = self.factories[callee]
                self.facts.models[key] = self.facts.models.get(source, LastLayer())
                if source in self.facts.conflicting:
                    self.facts.conflicting.add(key)
                return
            if kind is not None:
                if key in self.facts.models and (self._depth > 0 or self._created_at.get(key, 0) > 0):
                    self.facts.conflicting.add(key)  # built differently on different paths
                self._created_at[key] = self._depth
            if kind is not None:
                self._build(key, kind, value)
                return
            if isinstance(value.func, cst.Call):
                layer = self._layer(value.func)
                if layer is not None:
                    if self._depth > 0:
                        self._conditional_outputs.add(key)
                    known = key not in self._conditional_outputs
                    self.layer_of[key] = layer if known else LastLayer()
                    return
        self.facts.conflicting.add(key)  # also bound to something that is not a model built here
        self.layer_of.pop(key, None)
        self._conditional_outputs.add(key)

    def _build(self, key: tuple, kind: str, call: cst.Call) -> None:
        if kind == "Sequential":
            layers = _arg(call, "layers", 0)
            self.facts.models[key] = LastLayer()
            if isinstance(layers, cst.List):
                for element in layers.elements:
                    self._stack(key, self._layer(element.value))
            return
        outputs = _arg(call, "outputs", 1) or _arg(call, "output", 1)
        out_key = self.key_of(outputs) if outputs is not None else None
        self.facts.models[key] = self.layer_of.get(out_key, LastLayer()) if out_key else LastLayer()

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "add" and node.args:
            key = self.key_of(node.func.value)
            if key in self.facts.models:
                conditional = self._depth > self._created_at.get(key, 0)
                self._stack(key, None if conditional else self._layer(node.args[0].value))


def collect_facts(module: cst.Module, names, scope_of) -> ModelFacts:
    collector = FactsCollector(names, scope_of)
    module.visit(collector)
    return collector.facts


def binds_name(module: cst.Module, name: str) -> bool:
    """Whether a top-level import binds ``name`` (so ``name.x`` can be written without adding an import)."""
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    bound = alias.evaluated_alias or get_full_name_for_node(alias.name)
                    if bound and bound.split(".")[0] == name:
                        return True
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    bound = alias.evaluated_alias or alias.evaluated_name
                    if bound == name:
                        return True
    return False


class ScopedRule(Transform):
    """The base of the Keras rules that tell a model bound in one function from a name bound in another: they read
    libcst's scopes, which a node the scope analysis never saw (one a rule built) does not have."""

    METADATA_DEPENDENCIES = (*Transform.METADATA_DEPENDENCIES, ScopeProvider)

    def _scope_of(self, node: cst.CSTNode):
        try:
            return self.get_metadata(ScopeProvider, node, None)
        except KeyError:
            return None


def numpy_alias(module: cst.Module) -> str | None:
    """The name a module-level ``import numpy [as np]`` binds, or None."""
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if get_full_name_for_node(alias.name) == "numpy":
                        return alias.evaluated_alias or "numpy"
    return None
