"""TFM104: tf.contrib is gone from TF2; rewrite the exact replacements, report the rest with where it went."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider

from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from tfmigrate.facts import Facts
from tfmigrate.transforms._tf1 import (
    TF,
    add_legacy_keras,
    chain,
    legacy_keras_message,
    table,
    tf_binding,
    v1_path,
)
from tfmigrate.transforms.base import Transform

CONTRIB = "tensorflow.contrib"
# Modules whose members are rewritten one by one: importing the module itself is not reported, the import is
# dropped once no use is left (a use that cannot be rewritten is reported where it is).
REWRITTEN_MODULES = ("contrib.rnn", "contrib.eager")
# TF1 names (relative to tf / tf.compat.v1) that mark graph-mode code, whose seeded numbers must not change.
GRAPH_NAMES = frozenset(
    {"Session", "InteractiveSession", "placeholder", "get_variable", "variable_scope", "global_variables_initializer",
     "initialize_all_variables", "disable_eager_execution", "disable_v2_behavior", "train.Saver"}
)


def _contrib_name(qualified: str) -> str | None:
    """``tensorflow.contrib.layers.flatten`` (or under tensorflow.compat.v1) -> ``contrib.layers.flatten``."""
    for prefix in (CONTRIB, "tensorflow.compat.v1.contrib"):
        if qualified.startswith(prefix + "."):
            return "contrib." + qualified[len(prefix) + 1 :]
    return None


def _contrib_module(name: str) -> bool:
    """An import of ``tensorflow.contrib`` or below (what leave_Import / leave_ImportFrom report or track)."""
    return name == CONTRIB or name.startswith(CONTRIB + ".")


def _contrib() -> dict:
    return table()["contrib"]


def _module_advice(path: str) -> str:
    """The replacement library for the longest known tf.contrib module prefix of ``path``."""
    modules = _contrib()["modules"]
    parts = path.split(".")
    for end in range(len(parts), 1, -1):
        prefix = ".".join(parts[:end])
        if prefix in modules:
            return f"tf.{prefix} is gone in TF2: use {modules[prefix]}"
    return "tf.contrib is gone in TF2: find the op in tf.* / tf.keras, or vendor the TF 1.15 code"


def _keywords(call: cst.BaseExpression) -> set[str]:
    while isinstance(call, cst.Call) and isinstance(call.func, cst.Call):
        call = call.func
    if not isinstance(call, cst.Call):
        return set()
    return {a.keyword.value for a in call.args if a.keyword is not None}


def _literal_bool(node: cst.BaseExpression) -> str | None:
    return node.value if isinstance(node, cst.Name) and node.value in ("True", "False") else None


def _scaled(value: cst.BaseExpression, factor: float) -> cst.BaseExpression:
    if isinstance(value, (cst.Integer, cst.Float)):
        return cst.Float(repr(round(float(value.evaluated_value) * factor, 12)))
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.BinaryOperation(
        left=cst.Float(repr(factor)),
        operator=cst.Multiply(whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")),
        right=value,
    )


class Contrib(Transform):
    """Replace ``tf.contrib`` symbols that have an exact TF2 equivalent; report every other one.

    What it does:
        ``tf.contrib.layers.xavier_initializer()`` -> in graph-mode (Session / get_variable) code
        ``tf.compat.v1.glorot_uniform_initializer(seed=..., dtype=...)`` (the same op, so seeded programs print
        the same numbers; ``uniform=False`` -> the ``tf.compat.v1.variance_scaling_initializer`` that draws
        contrib's truncated normal), elsewhere ``tf.keras.initializers.GlorotUniform()`` / ``GlorotNormal``;
        ``tf.contrib.rnn.*`` -> ``tf.compat.v1.nn.rnn_cell.*`` / ``tf.compat.v1.nn.static_rnn`` and
        ``fully_connected`` -> ``tf.compat.v1.layers.dense`` (both with the TF_USE_LEGACY_KERAS env line, as
        they need Keras 2); ``tfe.enable_eager_execution()`` is deleted and ``tfe.Variable`` -> ``tf.Variable``;
        ``variance_scaling_initializer`` -> ``VarianceScaling`` with contrib's defaults
        spelled out, ``l2_regularizer(s)`` -> ``tf.keras.regularizers.L2(0.5 * s)`` (contrib halved the sum),
        ``l1_regularizer``, ``flatten``, ``tf.contrib.data.AUTOTUNE``, ``tf.contrib.eager.defun`` and a few
        more from the table; each with its arguments mapped. Everything else under ``tf.contrib`` (and
        ``import tensorflow.contrib...``) is reported with the module it lived in and the library that now
        provides it (tf-slim, tf.keras, ...).

    Why:
        TensorFlow 2 has no ``tf.contrib``: such code fails at the first reference.

    Example:
        import tensorflow as tf
        w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.contrib.layers.xavier_initializer(seed=1))

    Use instead:
        import tensorflow as tf
        w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.compat.v1.glorot_uniform_initializer(seed=1))
    """

    CODE = "TFM104"
    NAME = "contrib"
    SUMMARY = "Replace tf.contrib symbols with exact TF2 equivalents; report the rest with the successor library."
    SAFE = True
    PRIORITY = 50
    TRIGGERS = ("contrib",)
    BEFORE = (
        "import tensorflow as tf\n"
        'w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.contrib.layers.xavier_initializer(seed=1))\n'
    )
    AFTER = (
        "import tensorflow as tf\n"
        'w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.compat.v1.glorot_uniform_initializer(seed=1))\n'
    )

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ParentNodeProvider)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """Acts only on names under ``tf.contrib`` / ``tf.compat.v1.contrib`` and on imports of ``tensorflow.contrib``
        (``from tensorflow.contrib import *`` names no symbol, hence the module check)."""
        if any(_contrib_module(name) for name in facts.modules):
            return True
        return any(_contrib_name(ref) is not None for ref in facts.refs) or (
            TF in facts.names and "contrib" in facts.attrs
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reported: set[str] = set()
        self.seeded = False
        self.tf_name: str | None = None
        self.need_tf_import = False
        self.legacy_node: cst.CSTNode | None = None  # first rewrite that needs Keras 2 (tf_keras)
        self.imports: list[tuple[str, str | None, str | None]] = []  # (module, name, asname) to drop if unused
        self.import_nodes: list[tuple[cst.CSTNode, str]] = []  # (import, contrib path) of REWRITTEN_MODULES

    def visit_Module(self, node: cst.Module) -> None:
        code = node.code
        self.seeded = "set_random_seed" in code and "keras.utils.set_random_seed" not in code
        self.tf_name = tf_binding(node)
        self.graph = "feed_dict" in code or self._uses_graph_names(node)

    def _uses_graph_names(self, module: cst.Module) -> bool:
        for node in m.findall(module, m.Attribute() | m.Name()):
            for q in self.qualified_names(node):
                path = v1_path(q)
                if path and path.removeprefix("compat.v1.") in GRAPH_NAMES:
                    return True
        return False

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.need_tf_import:
            AddImportsVisitor.add_needed_import(self.context, TF, asname="tf")
        for module, name, asname in self.imports:
            RemoveImportsVisitor.remove_unused_import(self.context, module, name, asname)
        for node, path in self.import_nodes:
            if any(p.startswith(path + ".") for p in self.reported):
                self.follow_up(node, f"tf.{path}: this import fails in TF2; delete it once the uses reported "
                               "below are rewritten (the others were)")
        if self.legacy_node is not None:
            updated_node, inserted = add_legacy_keras(updated_node)
            if inserted:
                self.follow_up(self.legacy_node, legacy_keras_message())
        return updated_node

    def _tf_name(self) -> str:
        """A name for the tensorflow package where a use went through another import (``from ... import rnn``)."""
        if self.tf_name is None:
            self.tf_name = "tf"
            self.need_tf_import = True
        return self.tf_name

    def _contrib_path(self, node: cst.CSTNode) -> str | None:
        for q in self.qualified_names(node):
            path = _contrib_name(q)
            if path is not None:
                return path
        return None

    def _tf_root(self, node: cst.BaseExpression) -> str | None:
        while isinstance(node, cst.Attribute):
            node = node.value
        if isinstance(node, cst.Name) and self.qualified_names(node) & {TF, "tensorflow.compat.v1"}:
            return node.value
        return None

    def _report(self, node: cst.CSTNode, path: str, why: str = "") -> None:
        if path in self.reported:
            return
        self.reported.add(path)
        note = _contrib().get("notes", {}).get(path)
        advice = note if note else _module_advice(path)
        self.follow_up(node, (f"tf.{path}: {why}; " if why else f"tf.{path}: ") + advice)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        for alias in original_node.names:
            name = get_full_name_for_node(alias.name) or ""
            if not _contrib_module(name):
                continue  # the slice below alone would also take ``import tensorflox.contrib.rnn as r``
            if name[len(TF) + 1 :] in REWRITTEN_MODULES and alias.asname is not None:
                asname = get_full_name_for_node(alias.asname.name)
                self.imports.append((name, None, asname))
                self.import_nodes.append((original_node, name[len(TF) + 1 :]))
                continue
            self._report(original_node, name[len(TF) + 1 :], "this import fails in TF2")
        return updated_node

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if original_node.module is None or original_node.relative:
            return updated_node
        name = get_full_name_for_node(original_node.module) or ""
        if _contrib_module(name):
            names = [] if isinstance(original_node.names, cst.ImportStar) else original_node.names
            for alias in names or [None]:
                full = f"{name}.{get_full_name_for_node(alias.name)}" if alias is not None else name
                if full[len(TF) + 1 :] in REWRITTEN_MODULES and alias is not None:
                    asname = get_full_name_for_node(alias.asname.name) if alias.asname else None
                    self.imports.append((name, get_full_name_for_node(alias.name), asname))
                    self.import_nodes.append((original_node, full[len(TF) + 1 :]))
                    continue
                self._report(original_node, full[len(TF) + 1 :], "this import fails in TF2")
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        path = self._contrib_path(original_node)
        if path is None:
            return updated_node
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        spec = _contrib()["replacements"].get(path)
        root = self._tf_root(original_node)
        if spec is not None and spec.get("value"):
            if spec.get("legacy") and self.legacy_node is None:
                self.legacy_node = original_node
            self.change(original_node, f"tf.{path} -> tf.{spec['to']}")
            return chain(f"{root or self._tf_name()}.{spec['to']}")
        if isinstance(parent, cst.Attribute) and parent.value is original_node:
            if self._contrib_path(parent) is not None:
                return updated_node  # the longer chain decides
        if not updated_node.deep_equals(original_node):
            return updated_node  # a prefix was replaced (tf.contrib.data.Dataset.from_tensor_slices)
        if spec is not None and isinstance(parent, cst.Call) and parent.func is original_node:
            return updated_node  # leave_Call rewrites the call
        self._report(original_node, path)
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        path = self._contrib_path(original_node.func)
        if path is None:
            return updated_node
        spec = _contrib()["replacements"].get(path)
        if spec is None or spec.get("value"):
            return updated_node
        if spec.get("remove"):
            parent = self.get_metadata(ParentNodeProvider, original_node, None)
            if not (isinstance(parent, cst.Expr) and not original_node.args):
                self._report(original_node, path, "it cannot be deleted here")
            return updated_node  # leave_SimpleStatementLine deletes the statement
        root = self._tf_root(original_node.func)
        if self.graph and spec.get("graph"):
            spec = spec["graph"]  # graph-mode code keeps TF1's random numbers
        built = self._build(updated_node, spec, root or self.tf_name or "tf")
        if isinstance(built, str):
            self._report(original_node, path, built)
            return updated_node
        if root is None:
            self._tf_name()
        new, target = built
        if spec.get("legacy") and self.legacy_node is None:
            self.legacy_node = original_node
        self.change(original_node, f"tf.{path}(...) -> tf.{target}(...)")
        if self.seeded and target.startswith("keras.initializers.") and "seed" not in _keywords(new):
            self.seeded = False  # one note per file
            self.follow_up(
                original_node,
                "Keras initializers without seed= ignore the graph seed set by set_random_seed: pass seed=, or add "
                "tf.keras.utils.set_random_seed(SEED) next to set_random_seed, to keep runs reproducible",
            )
        return new

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        """Delete a statement that only calls a removable contrib function (``tfe.enable_eager_execution()``)."""
        if len(original_node.body) != 1 or not isinstance(original_node.body[0], cst.Expr):
            return updated_node
        call = original_node.body[0].value
        if not isinstance(call, cst.Call) or call.args:
            return updated_node
        path = self._contrib_path(call.func)
        spec = _contrib()["replacements"].get(path) if path else None
        if spec is None or not spec.get("remove"):
            return updated_node
        self.change(original_node, f"tf.{path}() deleted: TF2 is eager by default")
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        if isinstance(parent, cst.IndentedBlock) and len(parent.body) == 1:
            return updated_node.with_changes(body=[cst.Pass()])
        return cst.RemovalSentinel.REMOVE

    def _build(self, call: cst.Call, spec: dict, root: str) -> tuple[cst.BaseExpression, str] | str:
        """The replacement call, or why the arguments cannot be mapped exactly."""
        params = spec["params"]
        bound: dict[str, cst.BaseExpression] = {}
        for index, arg in enumerate(call.args):
            if arg.star:
                return "*args/**kwargs cannot be mapped"
            key = arg.keyword.value if arg.keyword is not None else (params[index] if index < len(params) else None)
            if key is None or key not in params:
                return f"argument {key or index} has no equivalent"
            bound[key] = arg.value
        target = spec["to"]
        kwargs: dict[str, cst.BaseExpression] = {}
        applied: cst.BaseExpression | None = None
        for key, value in bound.items():
            if key in spec.get("drop", ()):
                continue
            if spec.get("choose") and key == spec["choose"][0]:
                literal = _literal_bool(value)
                if literal is None:
                    return f"{key}= must be a literal True/False to pick the replacement"
                target = spec["choose"][1][literal]
                continue
            if spec.get("choose_arg") and key == spec["choose_arg"][0]:
                literal = _literal_bool(value)
                if literal is None:
                    return f"{key}= must be a literal True/False to be mapped"
                kwargs[spec["choose_arg"][1]] = cst.parse_expression(spec["choose_arg"][2][literal])
                continue
            if key == spec.get("apply_to"):
                applied = value
                continue
            if key not in spec["map"]:
                return f"argument {key} has no equivalent"
            if key in spec.get("lower", ()):
                if not isinstance(value, cst.SimpleString):
                    return f"{key}= must be a string literal to be mapped"
                value = cst.SimpleString(value.value.lower())
            if key in spec.get("multiply", {}):
                value = _scaled(value, spec["multiply"][key])
            kwargs[spec["map"][key]] = value
        for key, default in spec.get("choose_defaults", {}).get(target, {}).items():
            kwargs.setdefault(key, cst.parse_expression(default))
        for key, default in spec.get("defaults", {}).items():
            kwargs.setdefault(key, cst.parse_expression(default.format(root=root)))
        if spec.get("apply_to") and applied is None:
            return f"no {spec['apply_to']} argument"
        eq = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        items = list(kwargs.items())
        args = [
            cst.Arg(value=v, keyword=cst.Name(k), equal=eq, comma=comma if i < len(items) - 1 else cst.MaybeSentinel.DEFAULT)
            for i, (k, v) in enumerate(items)
        ]
        new: cst.BaseExpression = cst.Call(func=chain(f"{root}.{target}"), args=args)
        if applied is not None:
            new = cst.Call(func=new, args=[cst.Arg(value=applied)])
        return new, target
