"""TFM103: tf.layers is a stub under Keras 3; rewrite the provably equivalent calls to tf.keras.layers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider

from tfmigrate.cstfields import code as module_code
from tfmigrate.facts import Facts
from tfmigrate.model import of_text
from tfmigrate.transforms import _legacy_keras as legacy_keras
from tfmigrate.transforms._call_layout import follow_callee, keep_layout
from tfmigrate.transforms._layer_names import STATEFUL, Names, layer_names
from tfmigrate.transforms._tf1 import (
    COMPAT_V1,
    TF,
    chain,
    dotted,
    may_name,
    short_v1_path,
    table,
    through_alias,
)
from tfmigrate.transforms.base import Transform

# Functional layers whose Keras class computes the same thing from the same arguments. batch_normalization is
# not here: Keras layers do not put moving-average updates in tf.GraphKeys.UPDATE_OPS, so training differs.
SIMPLE = frozenset(
    {
        "dense",
        "conv1d",
        "conv2d",
        "conv3d",
        "conv2d_transpose",
        "conv3d_transpose",
        "flatten",
        "dropout",
        "max_pooling1d",
        "max_pooling2d",
        "max_pooling3d",
        "average_pooling1d",
        "average_pooling2d",
        "average_pooling3d",
        "separable_conv1d",
        "separable_conv2d",
    }
)
# Why a layer built with ``trainable=False`` (or a computed flag) stays on tf.compat.v1.layers, and in the eager
# rewrite keeps the graph tier (checked on TF 2.21: Keras 3's Dense(trainable=False) makes tf.Variables that are
# trainable, in TF1's collection in graph mode and watched by a GradientTape).
UNTRAINABLE = (
    "TF1 left its variables out of the trainable ones; a Keras 3 layer's variables are still trainable tf.Variables "
    "(in TF1's TRAINABLE_VARIABLES collection in graph mode, watched by a GradientTape), so minimize() would train them"
)
# Legacy layers put these in tf.GraphKeys.REGULARIZATION_LOSSES; Keras 3 layers keep them to themselves.
REGULARIZERS = frozenset(
    {"kernel_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_regularizer", "pointwise_regularizer"}
)
NOISE_SHAPE_NOTE = (
    "TF1 never applied this dropout: the third argument of tf.layers.dropout is noise_shape (training "
    "defaulted to False), so it was dropped; pass training=... if you meant it"
)
# Words of a module whose variable names reach a checkpoint or a lookup by name.
NAME_WORDS = (
    "Saver",
    "restore",
    "init_from_checkpoint",
    "Checkpoint",
    "import_meta_graph",
    "get_tensor_by_name",
    "load_variable",
    "list_variables",
    "assignment_map",
)


# Layers whose only random draw is the kernel's TF1 default initializer (glorot_uniform, bias zeros). Given
# that initializer explicitly, a Keras layer draws its kernel from the graph seed at the same point of graph
# construction as tf.layers did, so a program seeded with set_random_seed prints TF1's numbers (Keras 3's own
# GlorotUniform ignores the graph seed). tests/test_tf_layers_seeded.py runs dense and conv2d on TF 2.21; the other
# kernels have the same TF1 default and draw once when the layer is built.
GRAPH_SEEDED_KERNELS = frozenset({"dense", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "conv3d_transpose"})

SEED_NOTE = (
    "Keras 3 layers ignore the graph seed set by set_random_seed, so initial weights (and Dropout masks) now "
    "change from run to run: add tf.keras.utils.set_random_seed(SEED) next to it (it also seeds Python's and "
    "NumPy's generators)"
)


STATELESS_CLASSES = frozenset(
    {
        "Flatten",
        "MaxPooling1D",
        "MaxPooling2D",
        "MaxPooling3D",
        "AveragePooling1D",
        "AveragePooling2D",
        "AveragePooling3D",
    }
)


SETUP_CALLS = ("os.", "sys.", "warnings.", "logging.")
SWITCH_CALLS = (
    "disable_eager_execution",
    "disable_v2_behavior",
    "disable_v2_tensorshape",
    "disable_resource_variables",
)


def _is_setup_call(call: cst.Call) -> bool:
    """The env line this rule adds and the switches TFM102 adds: a library keeps being one after a run."""
    name = dotted(call.func) or ""
    return name.startswith(SETUP_CALLS) or name.rsplit(".", 1)[-1] in SWITCH_CALLS


def _is_library(module: cst.Module) -> bool:
    """Only definitions run at import: no ``__main__`` block, no call statement, no layer built at module level."""
    for stmt in module.body:
        if isinstance(stmt, cst.If) and m.matches(stmt.test, m.Comparison(left=m.Name("__name__"))):
            return False
        if isinstance(stmt, (cst.For, cst.While, cst.With)):
            return False
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and not _is_setup_call(small.value)
            for small in stmt.body
        ):
            return False
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            "layers." in (dotted(call.func) or "") for call in cast("Sequence[cst.Call]", m.findall(stmt, m.Call()))
        ):
            return False
    return True


def _layer_name(path: str) -> bool:
    """``layers.dense`` (a short v1 path): one name directly in tf.layers, which this rule rewrites or keeps."""
    return path.startswith("layers.") and path.count(".") == 1


def _layers_module(path: str) -> bool:
    """``layers`` or ``layers.dense`` (short v1 paths): the tf.layers module itself or one name directly in it."""
    return path == "layers" or _layer_name(path)


def _is_literal_bool(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value in ("True", "False")


class TFLayers(Transform):
    """Rewrite functional ``tf.layers`` calls to ``tf.keras.layers`` where the arguments map exactly.

    What it does:
        ``tf.layers.dense(x, units, activation=...)`` becomes ``tf.keras.layers.Dense(units, activation=...)(x)``;
        likewise conv1d/2d/3d (and transposes, separable), max/average pooling, flatten, and dropout with a
        literal ``training=``. The argument names come from the generated table (legacy signature vs the Keras 3
        class). Calls it cannot prove equivalent (``reuse``, variable_scope reuse in the file, regularizers that
        TF1 collected in ``REGULARIZATION_LOSSES``, a tensor ``training=``, batch_normalization, ...) become
        ``tf.compat.v1.layers.*`` (TF2 has no ``tf.layers``) and the file gets
        ``os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")`` before its first tensorflow import, so they run on
        Keras 2 (tf_keras) with their TF1 semantics; one follow-up per file says tf-keras must be installed.
        ``tf.layers.dropout(x, rate, is_training)`` passed ``is_training`` as noise_shape (TF1 never applied that
        dropout): the argument is dropped and reported.
        Where variable names matter (the file saves, restores or looks up variables by name, or is a library
        whose callers may), a layer keeps the name TF1 gave it (``name="dense_1"``, replayed per variable scope)
        when Keras 3's name scopes give the same variable names, else it stays on ``tf.compat.v1.layers``
        (loops, a function's own layers, ``tf.name_scope``, classes); dropout becomes ``tf.nn.dropout`` /
        ``tf.identity``, as in TF1. The rewritten call keeps its line breaks, comments and alignment.

    Why:
        Under Keras 3, ``tf.compat.v1.layers.dense`` raises "``dense`` is not available with Keras 3".
        ``tf_upgrade_v2`` maps ``tf.layers.dense`` to exactly that broken name. Keras layers do work in a
        graph-mode Session program (tested), with the same variable collections for optimizers. But Keras
        numbers layers globally (``enc1/dense_1/kernel`` where TF1 wrote ``enc1/dense/kernel``) and its Dropout
        adds a seed variable, so old checkpoints would no longer restore.

    Example:
        import tensorflow as tf
        h = tf.layers.dense(x, 64, activation=tf.nn.relu)

    Use instead:
        import tensorflow as tf
        h = tf.keras.layers.Dense(64, activation=tf.nn.relu)(x)
    """

    CODE = "TFM103"
    NAME = "tf-layers"
    SUMMARY = "Rewrite tf.layers.dense/conv2d/pooling/flatten/dropout calls to tf.keras.layers; report the rest."
    SAFE = True
    PRIORITY = 55
    TRIGGERS = ("layers",)
    BEFORE = "import tensorflow as tf\nh = tf.layers.dense(x, 64, activation=tf.nn.relu)\n"
    AFTER = "import tensorflow as tf\nh = tf.keras.layers.Dense(64, activation=tf.nn.relu)(x)\n"

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ParentNodeProvider)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """Acts only on names directly in ``tf.layers`` / ``tf.compat.v1.layers`` (every change, follow-up and the
        env line start from one); ``tf.keras.layers`` is not one."""
        return may_name(facts, _layers_module, short_v1_path)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reuse_in_file = False
        self.names_matter = False
        self.names = Names()
        self.seeded = False
        self.seed_noted = False
        self.legacy_node: cst.CSTNode | None = None  # first tf.layers reference kept on Keras 2
        self.module_aliases: dict[str, str] = {}  # ``tfl = tf.layers``: tfl.dense is tf.layers.dense

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.legacy_node is not None:
            updated_node, note = legacy_keras.settle(updated_node, self.context.scratch)
            if note is not None:
                self.follow_up(self.legacy_node, note)
        return updated_node

    def _keep_legacy(
        self, original: cst.BaseExpression, updated: cst.BaseExpression, name: str, root: cst.Name, why: str
    ) -> cst.BaseExpression:
        """Keep a tf.layers reference on Keras 2: spell it tf.compat.v1.layers (TF2 has no tf.layers), which
        works once TF_USE_LEGACY_KERAS=1 is set before TensorFlow is imported (the env line this rule adds)."""
        if self.legacy_node is None:
            self.legacy_node = original
        text = dotted(updated)
        if TF not in self.qualified_names(root) or text is None or ".compat.v1." in text:
            return updated  # already tf.compat.v1.layers (through a compat.v1 binding or spelled out)
        self.change(original, f"tf.layers.{name} -> tf.compat.v1.layers.{name} (kept on Keras 2: {why})")
        return cst.parse_expression(f"{root.value}.compat.v1.layers.{name}")

    def visit_Module(self, node: cst.Module) -> None:
        from tfmigrate.transforms._tf1_edits.module_aliases import MODULE_ALIAS, module_aliases  # (imports TFM101)

        code = module_code(node)
        self.module_aliases = module_aliases(of_text(code), packages=True) if MODULE_ALIAS.search(code) else {}
        # Variable sharing through variable_scope cannot be expressed by calling a fresh Keras layer.
        self.reuse_in_file = "reuse" in code or "AUTO_REUSE" in code
        # A library's callers may restore checkpoints; a script that never saves nor looks up names does not care.
        self.names_matter = any(word in code for word in NAME_WORDS) or _is_library(node)
        self.names = Names()
        if self.names_matter:
            self.names = layer_names(node, self._path, self._stateful_base, self._explicit_name, self._kept)
        self.seeded = "set_random_seed" in code and "keras.utils.set_random_seed" not in code
        self.seed_noted = False

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        """Through the module aliases too: ``tfl.dense`` with ``tfl = tf.layers`` is a tf.layers layer, named and
        counted as one (TF1's layer numbering, the Keras 2 line), where libcst's names stop at the assignment."""
        return through_alias(super().qualified_names(node), node, self.module_aliases)

    def _path(self, node: cst.CSTNode) -> str | None:
        return next((p for p in map(short_v1_path, self.qualified_names(node)) if p is not None), None)

    def _stateful_base(self, call: cst.Call) -> str | None:
        found = self._layers_path(call.func)
        return found[0] if found is not None and found[0] in STATEFUL else None

    def _explicit_name(self, call: cst.Call) -> cst.BaseExpression | None:
        found = self._layers_path(call.func)
        info = table()["legacy_layers"]["layers"].get(found[0]) if found else None
        arg = (self._bound(call, info) or {}).get("name") if info else None
        return arg.value if arg is not None else None

    def _kept(self, call: cst.Call) -> bool:
        """Whether the call stays on tf.compat.v1.layers for a reason of its own (not its name)."""
        found = self._layers_path(call.func)
        info = table()["legacy_layers"]["layers"].get(found[0]) if found else None
        return (
            found is None or info is None or found[0] not in SIMPLE or self._why_not(call, found[0], info) is not None
        )

    def _layers_path(self, node: cst.CSTNode) -> tuple[str, cst.Name] | None:
        """``dense`` for tf.layers.dense / tf.compat.v1.layers.dense, with the chain's root name."""
        for q in self.qualified_names(node):
            path = short_v1_path(q)
            if path is not None and _layer_name(path):
                root = node
                while isinstance(root, cst.Attribute):
                    root = root.value
                if isinstance(root, cst.Name):
                    return path.split(".", 1)[1], root
        return None

    def _keras_root(self, root: cst.Name) -> str | None:
        """The text before ``.keras.layers``: the chain's own tensorflow binding (plain or compat.v1)."""
        names = self.qualified_names(root)
        if TF in names or COMPAT_V1 in names:
            return root.value
        return None

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        found = self._layers_path(original_node.func)
        if found is None:
            return updated_node
        name, root = found
        info = table().get("legacy_layers", {}).get("layers", {}).get(name)
        if info is None or name not in SIMPLE or (name[0].isupper()):
            return self._realigned(original_node, updated_node)  # leave_Attribute renamed (or kept) the callee
        checked = original_node
        if name == "dropout" and len(original_node.args) >= 3 and self._noise_shape_is_training(original_node):
            self.follow_up(original_node, NOISE_SHAPE_NOTE)
            checked = original_node.with_changes(args=self._without_third(original_node.args))
            updated_node = updated_node.with_changes(args=self._without_third(updated_node.args))
        reason = self._why_not(checked, name, info)
        if reason is None and self.names_matter and original_node in self.names.unstable:
            reason = f"no stable TF1 variable name for checkpoints: {self.names.unstable[original_node]}"
        base = self._keras_root(root)
        if reason is None and base is None:
            reason = "tensorflow is not imported under a name this call can use"
        if reason is not None:
            func = self._keep_legacy(original_node.func, updated_node.func, name, root, reason)
            return self._realigned(original_node, updated_node.with_changes(func=func))
        assert base is not None  # otherwise reason is set
        if (self.names_matter or self.seeded) and name == "dropout":
            return self._nn_dropout(original_node, updated_node, info, base)
        return self._rewrite(original_node, updated_node, name, info, base)

    @staticmethod
    def _noise_shape_is_training(call: cst.Call) -> bool:
        """``tf.layers.dropout(x, rate, is_training)``: a positional third argument that cannot be a shape."""
        third = call.args[2]
        if third.keyword is not None or third.star or any(a.star for a in call.args[:2]):
            return False
        if any(a.keyword is not None for a in call.args[:2]):
            return False
        return not isinstance(third.value, (cst.List, cst.Tuple)) and not m.matches(third.value, m.Name("None"))

    def _without_third(self, args: Sequence[cst.Arg]) -> list[cst.Arg]:
        return (
            self._commas([*args[:2], *args[3:]])
            if len(args) > 3
            else [args[0], args[1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        )

    def _bound(self, call: cst.Call, info: dict) -> dict[str, cst.Arg] | None:
        params = [p for p in info["v1"] if not p.startswith(("*", "="))]
        bound: dict[str, cst.Arg] = {}
        for index, arg in enumerate(call.args):
            if arg.star:
                return None
            if arg.keyword is None:
                if index >= len(params):
                    return None
                bound[params[index]] = arg
            else:
                bound[arg.keyword.value] = arg
        return bound

    def _why_not(self, call: cst.Call, name: str, info: dict) -> str | None:
        bound = self._bound(call, info)
        if bound is None:
            return "*args/**kwargs or extra positional arguments cannot be mapped"
        if "inputs" not in bound:
            return "no inputs argument"
        stateless = name == "flatten" or name == "dropout" or "pooling" in name
        if "reuse" in bound or (self.reuse_in_file and not stateless):
            return "variables are shared through variable_scope reuse, which Keras layers do not honour"
        regs = sorted(k for k in bound if k in REGULARIZERS and not m.matches(bound[k].value, m.Name("None")))
        if regs:
            return f"{', '.join(regs)} would no longer be added to tf.GraphKeys.REGULARIZATION_LOSSES"
        if "trainable" in bound and not m.matches(bound["trainable"].value, m.Name("True")):
            return "trainable=...: " + UNTRAINABLE
        if "training" in bound and not _is_literal_bool(bound["training"].value):
            return "a tensor training= flag cannot drive a Keras 3 Dropout in graph mode"
        accepted = {p.lstrip("=") for p in info["init"] + table()["legacy_layers"]["base"] if not p.startswith("**")}
        extra = sorted(k for k in bound if k not in accepted and k not in ("inputs", "training"))
        if extra:
            return f"argument(s) {', '.join(extra)} have no tf.keras.layers equivalent"
        return None

    def _realigned(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """``updated`` with a new callee: continuation lines aligned with the old paren follow the new one."""
        return follow_callee(original, updated, lambda node: self.get_metadata(PositionProvider, node))

    def _rewrite(self, original: cst.Call, updated: cst.Call, name: str, info: dict, base: str) -> cst.BaseExpression:
        keras = f"{base}.keras.layers.{info['keras']}"
        shifted = self._realigned(original, updated.with_changes(func=cst.parse_expression(keras)))
        bound = self._bound(shifted, info) or {}
        first = next((p for p in info["init"] if not p.startswith(("*", "="))), None)
        init_args: list[cst.Arg] = []
        eq = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        for key, arg in bound.items():
            if key in ("inputs", "training"):
                continue
            if key.endswith("_initializer") and m.matches(arg.value, m.Name("None")):
                continue  # None meant "the default initializer" in TF1; Keras wants its own default
            if key == first and arg.keyword is None:
                init_args.append(arg)
            else:
                init_args.append(arg.with_changes(keyword=cst.Name(key), equal=arg.equal if arg.keyword else eq))
        tf1_name = self.names.name.get(original)
        added = []
        if tf1_name is not None and "name" not in bound:
            added.append(cst.Arg(value=cst.SimpleString(f'"{tf1_name}"'), keyword=cst.Name("name"), equal=eq))
        seeded_kernel = self.seeded and name in GRAPH_SEEDED_KERNELS
        if seeded_kernel and not any(a.keyword and a.keyword.value == "kernel_initializer" for a in init_args):
            initializer = cst.parse_expression(f"{base}.compat.v1.glorot_uniform_initializer()")
            added.append(cst.Arg(value=initializer, keyword=cst.Name("kernel_initializer"), equal=eq))
        init_args, shell = keep_layout(shifted, init_args, added)
        call_args = [cst.Arg(value=bound["inputs"].value)]
        if "training" in bound and m.matches(bound["training"].value, m.Name("True")):
            call_args = self._commas(
                call_args + [cst.Arg(value=bound["training"].value, keyword=cst.Name("training"), equal=eq)]
            )
        layer = shell.with_changes(args=init_args, lpar=(), rpar=())
        kept = f" (name={tf1_name!r} as TF1 named it)" if tf1_name is not None and "name" not in bound else ""
        self.change(original, f"tf.layers.{name}(inputs, ...) -> tf.keras.layers.{info['keras']}(...)(inputs){kept}")
        if self.seeded and not self.seed_noted and not seeded_kernel and name != "flatten" and "pooling" not in name:
            self.seed_noted = True
            self.follow_up(original, SEED_NOTE)
        return cst.Call(func=layer, args=call_args)

    def _nn_dropout(self, original: cst.Call, updated: cst.Call, info: dict, base: str) -> cst.BaseExpression:
        """Keras 3 Dropout adds a seed variable that no old checkpoint holds (Saver restores then fail): TF1's
        tf.layers.dropout was ``tf.nn.dropout`` when training and ``tf.identity`` otherwise, so write that."""
        bound = self._bound(updated, info) or {}
        inputs = bound["inputs"].value
        training = bound.get("training")
        if training is None or m.matches(training.value, m.Name("False")):
            self.change(original, "tf.layers.dropout(inputs) without training -> tf.identity(inputs) (as in TF1)")
            return cst.Call(func=cst.parse_expression(f"{base}.identity"), args=[cst.Arg(value=inputs)])
        eq = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        rate = bound["rate"].value if "rate" in bound else cst.Float("0.5")
        args = [cst.Arg(value=inputs), cst.Arg(value=rate, keyword=cst.Name("rate"), equal=eq)]
        args += [
            cst.Arg(value=bound[k].value, keyword=cst.Name(k), equal=eq)
            for k in ("noise_shape", "seed", "name")
            if k in bound
        ]
        self.change(
            original,
            "tf.layers.dropout(inputs, training=True) -> tf.nn.dropout(inputs, rate=...) (as in "
            "TF1; a Keras Dropout would add a seed variable that old checkpoints lack)",
        )
        return cst.Call(func=cst.parse_expression(f"{base}.nn.dropout"), args=self._commas(args))

    @staticmethod
    def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        return [
            a.with_changes(comma=comma if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT) for i, a in enumerate(args)
        ]

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        """References that are not rewritten calls: the classes (``tf.layers.Dense``), the module and anything else."""
        found = self._layers_path(original_node)
        if found is None:
            return self._module_reference(original_node, updated_node)
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        name, root = found
        if isinstance(parent, cst.Call) and parent.func is original_node and name in SIMPLE:
            return updated_node  # leave_Call decides (and reports)
        info = table().get("legacy_layers", {}).get("layers", {}).get(name)
        base = self._keras_root(root)
        why = f"no exact tf.keras.layers.{info['keras']} rewrite" if info else "no tf.keras.layers equivalent"
        if info and name[0].isupper() and name != "Layer" and base is not None:
            ok = True
            if isinstance(parent, cst.Call) and parent.func is original_node:
                accepted = {
                    p.lstrip("=") for p in info["init"] + table()["legacy_layers"]["base"] if not p.startswith("**")
                }
                keys = {a.keyword.value for a in parent.args if a.keyword is not None}
                ok = not any(a.star for a in parent.args) and keys <= accepted and not keys & REGULARIZERS
                ok = ok and not self.reuse_in_file
            if self.names_matter and info["keras"] not in STATELESS_CLASSES:
                ok = False
                why = "a Keras layer's variables are named by a global counter, not TF1's variable scope"
            if ok:
                self.change(original_node, f"tf.layers.{name} -> tf.keras.layers.{info['keras']}")
                return cst.parse_expression(f"{base}.keras.layers.{info['keras']}")
        return self._keep_legacy(original_node, updated_node, name, root, why)

    def _module_reference(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        """``tf.layers`` itself (``tfl = tf.layers``, ``fn(tf.layers)``): TF2 has no tf.layers, so the binding
        stopped the migrated program at import (AttributeError); it is spelled tf.compat.v1.layers, kept on Keras 2
        like the calls made through it."""
        if not any(short_v1_path(q) == "layers" for q in self.qualified_names(original)):
            return updated
        parent = self.get_metadata(ParentNodeProvider, original, None)
        if isinstance(parent, cst.Attribute) and parent.value is original:
            return updated  # a longer chain (tf.layers.dense): its own name decides
        root: cst.BaseExpression = original
        while isinstance(root, cst.Attribute):
            root = root.value
        if self.legacy_node is None:
            self.legacy_node = original
        text = dotted(updated)
        if not isinstance(root, cst.Name) or TF not in self.qualified_names(root) or text is None:
            return updated
        if ".compat.v1." in text:
            return updated
        self.change(original, "tf.layers -> tf.compat.v1.layers (the module: TF2 has no tf.layers; kept on Keras 2)")
        return chain(f"{root.value}.compat.v1.layers")

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        """``import tensorflow.layers as tfl``: TF2 has no such module; tensorflow.compat.v1.layers is it on Keras 2."""
        names = []
        for alias in updated_node.names:
            name = dotted(alias.name) or ""
            if name == f"{TF}.layers" or name.startswith(f"{TF}.layers."):
                new = COMPAT_V1 + name[len(TF) :]
                self.change(original_node, f"import {name} -> import {new} (kept on Keras 2)")
                self.legacy_node = self.legacy_node or original_node
                alias = alias.with_changes(name=chain(new))
            names.append(alias)
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        """``from tensorflow import layers as tfl`` / ``from tensorflow.layers import dense``: from
        tensorflow.compat.v1 (TF2's tensorflow has no layers), kept on Keras 2."""
        if original_node.relative or original_node.module is None or isinstance(original_node.names, cst.ImportStar):
            return updated_node
        module = dotted(original_node.module) or ""
        if module == f"{TF}.layers" or module.startswith(f"{TF}.layers."):
            new = COMPAT_V1 + module[len(TF) :]
        elif module == TF and any(dotted(alias.name) == "layers" for alias in original_node.names):
            others = [dotted(alias.name) for alias in original_node.names if dotted(alias.name) != "layers"]
            if others:
                self.follow_up(
                    original_node, f"tensorflow.layers is not in TF2: import it from {COMPAT_V1} on a line of its own"
                )
                return updated_node
            new = COMPAT_V1
        else:
            return updated_node
        self.change(original_node, f"from {module} import ... -> from {new} import ... (kept on Keras 2)")
        self.legacy_node = self.legacy_node or original_node
        return updated_node.with_changes(module=chain(new))
