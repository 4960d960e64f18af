"""Dataset properties and methods TF2 removed (``ds.output_types``, ``ds.make_one_shot_iterator()``): each becomes
a tf.compat.v1.data function called on the dataset."""

from __future__ import annotations

import ast

from tfmigrate.transforms._edit_support import Decline
from tfmigrate.transforms._tf1_edits.names import Names
from tfmigrate.transforms.tfm101_tf1_api import DATASET_V1_METHODS, DATASET_V1_PROPERTIES


class Datasets(Names):
    """TF1Api's dataset rewrites."""

    def dataset_base(self) -> str | None:
        if not self.tf1_evidence or (self.rule.options.keep_compat_import and not self.tf_name):
            return None
        return self.tf_name or (sorted(self.upgrade)[0] if self.upgrade else None)

    def plan_other_attributes(self) -> None:
        """Attributes of something other than a name (``make_dataset().output_types``)."""
        for name in DATASET_V1_PROPERTIES:
            for node in self.m.other_names.get(name, ()):
                if isinstance(node, ast.Attribute):
                    self.dataset_property(node)

    def dataset_property(self, node: ast.Attribute) -> None:
        """TF1Api._dataset_property: ``ds.output_types`` -> ``tf.compat.v1.data.get_output_types(ds)``."""
        target = DATASET_V1_PROPERTIES.get(node.attr)
        if target is None:
            return
        if node.value in self.node_chain and self.resolve(*self.node_chain[node.value]) is not None:
            return
        if not isinstance(node.ctx, ast.Load):
            raise Decline("a dataset property assigned to")
        base = self.dataset_base()
        if base is None:
            return
        if self.m.calls.get(node) is not None or isinstance(self.m.parents.get(node), ast.Attribute):
            raise Decline("a dataset property called or read further")
        self.wrap(node, node.value, f"{base}.compat.v1.{target}(")
        self.change(node, f".{node.attr} -> tf.compat.v1.{target}(dataset)")

    def wrap(self, node: ast.AST, value: ast.AST, opening: str) -> None:
        """``value<tail of node>`` -> ``opening value)``: a new call on the value, dropping the rest of node."""
        m = self.m
        start, end = m.span(node)
        value_start, value_end = m.span(value)
        if self.parenthesized(value) or self.parenthesized(node) or m.text[value_end : value_end + 1] != ".":
            raise Decline("a dataset value in parentheses")
        self.edits.opening(value_start, end - start, opening)
        self.edits.replace(value_end, end, ")")

    def dataset_method(self, call: ast.Call) -> bool:
        func = call.func
        if call.args or call.keywords or not isinstance(func, ast.Attribute):
            return False
        target = DATASET_V1_METHODS.get(func.attr)
        base = self.dataset_base() if target is not None else None
        if base is None:
            return False
        if func in self.node_chain:
            chain, index = self.node_chain[func]
            if any(self.resolve(chain, i) is not None for i in range(1, index + 1)):
                raise Decline("a dataset method on a tensorflow name")
        self.wrap(call, func.value, f"{base}.compat.v1.{target}(")
        self.change(call, f".{func.attr}() -> tf.compat.v1.{target}(dataset)")
        return True
