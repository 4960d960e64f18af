"""TFM304: tf.* ops applied to symbolic Keras tensors (functional-model construction) -> keras.ops."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor
from libcst.helpers import get_full_name_for_node

from tfmigrate.facts import Facts
from tfmigrate.ftypes import Options
from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms.base import Transform


class KerasSymbolicTensors(Transform):
    """Replace TensorFlow ops called on Keras functional-model tensors by their ``keras.ops`` equivalents.

    What it does:
        Inside one function (or the module body), values produced by ``keras.Input(...)``, by calling a Keras
        layer, or by such an op are symbolic Keras tensors. ``tf.concat([a, b], axis=1)`` on them becomes
        ``keras.ops.concatenate([a, b], axis=1)`` when the generated table proves the pair equivalent (same
        parameters, same numbers on sample inputs); ``name=`` is dropped. Any other ``tf.*`` call on them is
        reported with the fix (a ``keras.ops`` function or a ``keras.layers.Lambda`` layer). Off under
        ``--keras tf-keras``, where TF ops on Keras 2 tensors still work.

    Why:
        Keras 3 raises ``ValueError: A KerasTensor cannot be used as input to a TensorFlow function`` when a
        ``tf.*`` op receives a symbolic tensor while a model is being built.

    Example:
        merged = tf.concat([left, right], axis=-1)

    Use instead:
        merged = keras.ops.concatenate([left, right], axis=-1)
    """

    CODE = "TFM304"
    NAME = "keras3-symbolic-tensors"
    SUMMARY = "tf.* ops on symbolic Keras tensors -> keras.ops (or a Lambda layer, reported)"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = ("Input",)
    BEFORE = (
        "import keras\nimport tensorflow as tf\n"
        "a = keras.Input((3,))\nb = keras.layers.Dense(2)(a)\nc = tf.concat([a, b], axis=-1)\n"
    )
    AFTER = (
        "import keras\nimport tensorflow as tf\n"
        "a = keras.Input((3,))\nb = keras.layers.Dense(2)(a)\nc = keras.ops.concatenate([a, b], axis=-1)\n"
    )

    def __init__(self, context, options=None) -> None:
        super().__init__(context, options)
        self._scopes: list[set[str]] = [set()]
        self._layers: list[set[str]] = [set()]

    @classmethod
    def wants(cls, source: str) -> bool:
        return "keras" in source and "tensorflow" in source and super().wants(source)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """A ``tensorflow.*`` (not tf.keras) function, and something that makes a symbolic Keras tensor for it
        to receive: ``keras.Input``, a Keras layer or a ``keras.ops.*`` call."""
        names = list(k3.named(facts))
        if not any(name.startswith("tensorflow.") and not k3.keras_root(name) for name in names):
            return False
        if "keras" in facts.names and "ops" in facts.attrs:  # keras.ops.X(...), read as text by _is_keras_ops
            return True
        return any(k3.is_keras_input(name) or k3.is_keras_layer(name) for name in names)

    @classmethod
    def active(cls, options: Options) -> bool:
        return options.keras != "tf-keras"

    def transform_module(self, tree: cst.Module) -> cst.Module:
        k3.skip_unless(self.active(self.options))
        return super().transform_module(tree)

    def visit_Module(self, node: cst.Module) -> bool:
        if self.options.keras == "tf-keras":
            return False
        self._binds_keras = k3.binds_name(node, "keras")
        return True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._scopes.append(set())
        self._layers.append(set())

    def leave_FunctionDef(self, original_node, updated_node):
        self._scopes.pop()
        self._layers.pop()
        return updated_node

    # --- what is symbolic ------------------------------------------------------------------------------------
    def _mentions(self, node: cst.CSTNode) -> bool:
        finder = _Names()
        node.visit(finder)
        return bool(finder.names & self._scopes[-1])

    def _is_layer_call(self, func: cst.BaseExpression) -> bool:
        if isinstance(func, cst.Call) and isinstance(func.func, (cst.Name, cst.Attribute)):
            return any(k3.is_keras_layer(q) for q in self.qualified_names(func.func))
        return get_full_name_for_node(func) in self._layers[-1]

    def _symbolic(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, cst.Call):
            if any(k3.is_keras_input(q) for q in self.qualified_names(value.func)):
                return True
            if self._is_layer_call(value.func) or _is_keras_ops(value.func):
                return True
            if any(q.startswith("tensorflow.") for q in self.qualified_names(value.func)):
                return self._mentions(value)
            return False
        if isinstance(value, (cst.BinaryOperation, cst.Subscript, cst.UnaryOperation)):
            return self._mentions(value)
        return False

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        targets = [get_full_name_for_node(t.target) for t in original_node.targets]
        value = original_node.value
        if (
            isinstance(value, cst.Call)
            and isinstance(value.func, (cst.Name, cst.Attribute))
            and not self._symbolic(value)
            and any(k3.is_keras_layer(q) for q in self.qualified_names(value.func))
        ):
            self._layers[-1].update(t for t in targets if t)
        elif self._symbolic(value) or self._symbolic(updated_node.value):
            self._scopes[-1].update(t for t in targets if t)
        else:
            self._scopes[-1].difference_update(t for t in targets if t)
        return updated_node

    # --- the tf.* calls ---------------------------------------------------------------------------------------
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        names = {q for q in self.qualified_names(original_node.func) if q.startswith("tensorflow.")}
        if not names or any(k3.keras_root(q) for q in names) or not self._scopes[-1]:
            return updated_node
        if not any(self._mentions(arg.value) for arg in original_node.args):
            return updated_node
        qualified = min(names)
        op_name = qualified[len("tensorflow.") :]
        if op_name.startswith("compat.v1."):
            op_name = op_name[len("compat.v1.") :]
        entry = k3.table()["ops"].get(op_name) or k3.table()["ops"].get(op_name.replace("math.", "", 1))
        fix = f"keras.ops.{entry['op']}" if entry else "a keras.ops function or a keras.layers.Lambda layer"
        if entry is None:
            self.follow_up(
                original_node,
                f"tf.{op_name}(...) receives a symbolic Keras tensor, which Keras 3 "
                f"rejects: use {fix} (e.g. keras.layers.Lambda(lambda t: tf.{op_name}(t, ...))(x))",
            )
            return updated_node
        rewritten = self._rewrite(original_node, updated_node, op_name, entry)
        if rewritten is None:
            self.follow_up(
                original_node,
                f"tf.{op_name}(...) receives a symbolic Keras tensor, which Keras 3 "
                f"rejects: use {fix} (its arguments do not map one to one here)",
            )
            return updated_node
        if not self._binds_keras:
            AddImportsVisitor.add_needed_import(self.context, "keras")
        self.change(original_node, f"tf.{op_name} on a symbolic Keras tensor -> {fix}")
        return rewritten

    def _rewrite(self, original: cst.Call, updated: cst.Call, op_name: str, entry: dict) -> cst.Call | None:
        mapping: dict[str, str] = entry["arguments"]
        positional_names = entry["tf_positional"]
        args: list[cst.Arg] = []
        for index, arg in enumerate(updated.args):
            if arg.star:
                return None
            if arg.keyword is None:
                if index >= len(mapping) or positional_names[index] not in mapping:
                    return None
                name = positional_names[index]
                if entry["positional_same"]:
                    args.append(arg)
                else:
                    args.append(arg.with_changes(keyword=cst.Name(mapping[name]), equal=_EQUAL))
                continue
            keyword = arg.keyword.value
            if keyword == "name":
                continue
            if keyword not in mapping:
                return None
            args.append(arg.with_changes(keyword=cst.Name(mapping[keyword])))
        given = {positional_names[i] for i, a in enumerate(updated.args) if a.keyword is None}
        given |= {a.keyword.value for a in updated.args if a.keyword is not None}
        if any(name not in given for name in entry.get("explicit", [])):
            return None
        if args:
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(func=k3.dotted(f"keras.ops.{entry['op']}"), args=args)


_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def _is_keras_ops(func: cst.BaseExpression) -> bool:
    text = get_full_name_for_node(func) or ""
    return text.startswith("keras.ops.")


class _Names(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        full = get_full_name_for_node(node)
        if full:
            self.names.add(full)
