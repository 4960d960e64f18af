"""TFM306: with ``--keras tf-keras``, keep Keras 2 semantics through the tf_keras package."""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node

from tfmigrate.ftypes import Options
from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms.base import Transform

ENV_NOTE = (
    "set TF_USE_LEGACY_KERAS=1 in the environment that runs this file (before TensorFlow is imported) and install "
    "tf-keras matching TensorFlow (pip install tf-keras~=<TF major.minor>): without it tf.keras is Keras 3, and "
    "Keras 3 objects do not mix with the tf_keras ones"
)


class TfKerasTarget(Transform):
    """Point direct ``keras`` imports at ``tf_keras`` when the target is Keras 2 (``--keras tf-keras``).

    What it does:
        Only when ``Options.keras == "tf-keras"`` (``--keras tf-keras``) or when TFM306 alone is selected by its
        code: ``import keras`` -> ``import tf_keras as keras``,
        ``from keras.layers import Dense`` -> ``from tf_keras.layers import Dense``, ``import keras.backend as K``
        -> ``import tf_keras.backend as K``. A file that uses ``tf.keras`` gets a report item saying to set
        ``TF_USE_LEGACY_KERAS=1`` (that is what makes ``tf.keras`` resolve to tf_keras).

    Why:
        Since TensorFlow 2.16 ``import keras`` is Keras 3 whatever the environment says; code that must keep
        Keras 2 behaviour (``fit_generator``, ``ImageDataGenerator``, TF ops on Keras tensors, legacy
        optimizers) runs on TensorFlow 2.21 through the tf-keras package.

    Example:
        from keras.layers import Dense

    Use instead:
        from tf_keras.layers import Dense
    """

    CODE = "TFM306"
    NAME = "tf-keras-target"
    SUMMARY = "--keras tf-keras: import keras -> tf_keras, and report TF_USE_LEGACY_KERAS=1 for tf.keras"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = k3.TRIGGERS
    BEFORE = "from keras.layers import Dense\n"
    AFTER = "from tf_keras.layers import Dense\n"

    def __init__(self, context, options=None) -> None:
        super().__init__(context, options)
        self.env_reported = False

    @classmethod
    def active(cls, options: Options) -> bool:
        return options.keras == "tf-keras" or options.select == (cls.CODE,)

    def edits(self, model) -> str | None:
        """The rule planned on the ast model and made as range edits (tfmigrate.transforms._keras3_edits)."""
        from tfmigrate.transforms._keras3_edits import plan_tf_keras

        return plan_tf_keras(self, model)

    def transform_module(self, tree: cst.Module) -> cst.Module:
        k3.skip_unless(self.active(self.options))
        return super().transform_module(tree)

    def visit_Module(self, node: cst.Module) -> bool:
        return self.active(self.options)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        names = []
        for alias in updated_node.names:
            full = get_full_name_for_node(alias.name) or ""
            if full == "keras" or full.startswith("keras."):
                new = "tf_keras" + full[len("keras") :]
                if alias.asname is None:
                    alias = alias.with_changes(name=k3.dotted("tf_keras"), asname=cst.AsName(name=cst.Name("keras")))
                    self._env(original_node)
                    if full != "keras":
                        self.change(
                            original_node,
                            f"import {full} -> import tf_keras as keras "
                            f"(tf_keras.{full[len('keras.') :]} is reachable as an attribute)",
                        )
                    else:
                        self.change(original_node, "import keras -> import tf_keras as keras (Keras 2)")
                else:
                    alias = alias.with_changes(name=k3.dotted(new))
                    self.change(original_node, f"import {full} -> import {new} (Keras 2)")
                    self._env(original_node)
            names.append(alias)
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if updated_node.relative or updated_node.module is None:
            return updated_node
        module = get_full_name_for_node(updated_node.module) or ""
        if module == "keras" or module.startswith("keras."):
            new = "tf_keras" + module[len("keras") :]
            self.change(original_node, f"from {module} -> from {new} (Keras 2)")
            self._env(original_node)
            return updated_node.with_changes(module=k3.dotted(new))
        if module == "tensorflow" and not isinstance(updated_node.names, cst.ImportStar):
            if any(get_full_name_for_node(a.name) == "keras" for a in updated_node.names):
                self._env(original_node)
        elif module.startswith("tensorflow.keras"):
            self._env(original_node)
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        if any(q == "tensorflow.keras" for q in self.qualified_names(original_node)):
            self._env(original_node)
        return updated_node

    def _env(self, node: cst.CSTNode) -> None:
        if not self.env_reported:
            self.env_reported = True
            self.follow_up(node, ENV_NOTE)
