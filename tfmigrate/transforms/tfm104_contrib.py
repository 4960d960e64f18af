"""TFM104: tf.contrib is gone from TF2; rewrite the exact replacements, report the rest with where it went."""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider

from tfmigrate.transforms._tf1 import TF, chain, table
from tfmigrate.transforms.base import Transform

CONTRIB = "tensorflow.contrib"


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
    return "tf.contrib is gone in TF2: find the op in tf.* / tf.keras / TensorFlow Addons, or vendor the old code"


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
        ``tf.contrib.layers.xavier_initializer()`` -> ``tf.keras.initializers.GlorotUniform()`` (``uniform=False``
        -> ``GlorotNormal``), ``variance_scaling_initializer`` -> ``VarianceScaling`` with contrib's defaults
        spelled out, ``l2_regularizer(s)`` -> ``tf.keras.regularizers.L2(0.5 * s)`` (contrib halved the sum),
        ``l1_regularizer``, ``flatten``, ``tf.contrib.data.AUTOTUNE``, ``tf.contrib.eager.defun`` and a few
        more from the table; each with its arguments mapped. Everything else under ``tf.contrib`` (and
        ``import tensorflow.contrib...``) is reported with the module it lived in and the library that now
        provides it (tf-slim, TensorFlow Addons, tf.keras, ...).

    Why:
        TensorFlow 2 has no ``tf.contrib``: such code fails at the first reference.

    Example:
        import tensorflow as tf
        w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.contrib.layers.xavier_initializer(seed=1))

    Use instead:
        import tensorflow as tf
        w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.keras.initializers.GlorotUniform(seed=1))
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
        'w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.keras.initializers.GlorotUniform(seed=1))\n'
    )

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ParentNodeProvider)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reported: set[str] = set()
        self.seeded = False

    def visit_Module(self, node: cst.Module) -> None:
        code = node.code
        self.seeded = "set_random_seed" in code and "keras.utils.set_random_seed" not in code

    def _contrib_path(self, node: cst.CSTNode) -> str | None:
        for q in self.qualified_names(node):
            for prefix in (CONTRIB, "tensorflow.compat.v1.contrib"):
                if q.startswith(prefix + "."):
                    return "contrib." + q[len(prefix) + 1 :]
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
        self.follow_up(node, (f"tf.{path}: {why}; " if why else f"tf.{path}: ") + _module_advice(path))

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        for alias in original_node.names:
            name = get_full_name_for_node(alias.name) or ""
            if name == CONTRIB or name.startswith(CONTRIB + "."):
                self._report(original_node, name[len(TF) + 1 :], "this import fails in TF2")
        return updated_node

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if original_node.module is None or original_node.relative:
            return updated_node
        name = get_full_name_for_node(original_node.module) or ""
        if name == CONTRIB or name.startswith(CONTRIB + "."):
            names = [] if isinstance(original_node.names, cst.ImportStar) else original_node.names
            for alias in names or [None]:
                full = f"{name}.{get_full_name_for_node(alias.name)}" if alias is not None else name
                self._report(original_node, full[len(TF) + 1 :], "this import fails in TF2")
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        path = self._contrib_path(original_node)
        if path is None:
            return updated_node
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        spec = _contrib()["replacements"].get(path)
        root = self._tf_root(original_node)
        if spec is not None and spec.get("value") and root is not None:
            self.change(original_node, f"tf.{path} -> tf.{spec['to']}")
            return chain(f"{root}.{spec['to']}")
        if isinstance(parent, cst.Attribute) and parent.value is original_node:
            if self._contrib_path(parent) is not None:
                return updated_node  # the longer chain decides
        if not updated_node.deep_equals(original_node):
            return updated_node  # a prefix was replaced (tf.contrib.data.Dataset.from_tensor_slices)
        if spec is not None and isinstance(parent, cst.Call) and parent.func is original_node and root is not None:
            return updated_node  # leave_Call rewrites the call
        self._report(original_node, path)
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        path = self._contrib_path(original_node.func)
        if path is None:
            return updated_node
        spec = _contrib()["replacements"].get(path)
        root = self._tf_root(original_node.func)
        if spec is None or spec.get("value") or root is None:
            return updated_node
        built = self._build(updated_node, spec, root)
        if isinstance(built, str):
            self._report(original_node, path, built)
            return updated_node
        new, target = built
        self.change(original_node, f"tf.{path}(...) -> tf.{target}(...)")
        if self.seeded and target.startswith("keras.initializers.") and "seed" not in _keywords(new):
            self.seeded = False  # one note per file
            self.follow_up(
                original_node,
                "Keras initializers without seed= ignore the graph seed set by set_random_seed: pass seed=, or add "
                "tf.keras.utils.set_random_seed(SEED) next to set_random_seed, to keep runs reproducible",
            )
        return new

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
        for key, default in spec.get("defaults", {}).items():
            kwargs.setdefault(key, cst.parse_expression(default))
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
