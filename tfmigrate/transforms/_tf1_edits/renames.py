"""Renames of TF1 names (``tf.placeholder`` -> ``tf.compat.v1.placeholder``, ``tf.log`` -> ``tf.math.log``): each
replaces the source range of the chain it renames, as TF1Api.leave_Attribute replaces the Attribute."""

from __future__ import annotations

import ast

from tfmigrate.model import Chain
from tfmigrate.transforms import _feature_tests as feature_tests
from tfmigrate.transforms._edit_support import Decline
from tfmigrate.transforms._tf1 import COMPAT, COMPAT_V1, DIFFERENT, SAME, UNUSABLE, fate, table
from tfmigrate.transforms._tf1_edits.datasets import Datasets
from tfmigrate.transforms._tf1_edits.layout import has_gaps, post_order
from tfmigrate.transforms.tfm101_tf1_api import DATASET_V1_PROPERTIES, _reported_unknown


class Renames(Datasets):
    """The renames of each chain, and the reports of names TF 2 lacks."""

    def plan_chain(self, chain: Chain) -> None:
        """TF1Api.leave_Attribute on each Attribute of the chain, inner first, and leave_Name on its root."""
        m = self.m
        root = chain.nodes[0]
        current = changed_text = chain.parts[0]
        changed_at = -1
        if chain.parts[0] in self.upgrade and len(chain.nodes) == 1:
            if self.is_value_use(chain) and self.names(chain, 0) == {COMPAT_V1}:
                self.change(root, f"{chain.parts[0]} (tf.compat.v1 module) -> tf.compat.v1")
                current = changed_text = f"{chain.parts[0]}.compat.v1"
                changed_at = 0
        for index in range(1, len(chain.nodes)):
            updated = f"{current}.{chain.parts[index]}"
            new = self.leave_attribute(chain, index, updated)
            if new is not None:
                current, changed_at, changed_text = new, index, new
            else:
                current = updated
        if changed_at >= 0:
            node = chain.nodes[changed_at]
            if has_gaps(m, chain, changed_at) or self.parenthesized(node):
                raise Decline("a rewritten chain with parentheses, comments or spaces inside")
            start, end = m.span(node)
            self.edits.replace(start, end, changed_text)
            self.chain_text[node] = changed_text

    def is_value_use(self, chain: Chain) -> bool:
        parent = self.m.parents.get(chain.nodes[0])
        return not isinstance(parent, (ast.Import, ast.ImportFrom, ast.alias))

    def leave_attribute(self, chain: Chain, index: int, updated: str) -> str | None:
        node = chain.nodes[index]
        found = self.resolve(chain, index)
        if found is None:
            if index == len(chain.nodes) - 1:
                self.dataset_property(node)  # type: ignore[arg-type]  # chain nodes past the root are Attributes
            elif chain.parts[index] in DATASET_V1_PROPERTIES and self.dataset_base() is not None:
                raise Decline("a dataset property inside a longer chain")
            return None
        mode, path = found
        root = chain.parts[0]
        if self.is_own(path):
            return None
        f = fate(path)
        renames = table().get("renames", {})
        if f is None and path in renames:
            self.change(node, f"tf.{path} -> tf.{renames[path]} (renamed in TF 1.0)")
            return f"{root}.{renames[path]}"
        if f is None:
            self.report_unknown(node, path)
            return None
        if mode == "plain":
            if f == DIFFERENT and self.tf1_evidence and self.rule._keeps_tf1_class(path):
                f = COMPAT
            elif f in (SAME, DIFFERENT):
                return None
            if f == UNUSABLE:
                if path.split(".")[0] == "layers":
                    return None
                self.report_unusable(node)
            base = root if self.root_is_tf(chain) else self.tf()
            if base is None:
                self.follow_up(node, f"tf.{path} is not in TF2 and no name for tensorflow is free here")
                return None
            new = f"{base}.compat.v1.{path}" if f in (COMPAT, UNUSABLE) else f"{base}.{f}"
        else:
            if f == SAME:
                return None
            if f == UNUSABLE:
                self.report_unusable(node)
            new = f"{root}.compat.v1.{path}" if f in (COMPAT, DIFFERENT, UNUSABLE) else f"{root}.{f}"
        if new == updated:
            return None
        self.change(node, f"tf.{path} -> tf.{new.split('.', 1)[1]}")
        return new

    def report_unknown(self, node: ast.AST, path: str) -> None:
        if not _reported_unknown(path) or feature_tests.silenced(self.m.text, self.line(node), ast.unparse(node)):
            return
        self.follow_up(
            node,
            f"tf.{path} exists in neither TensorFlow {table()['tensorflow']} nor tf.compat.v1 (a pre-1.0 name? "
            "e.g. tf.nn.rnn -> tf.compat.v1.nn.static_rnn; tf.concat(axis, values) -> tf.concat(values, axis)): "
            "replace it by hand",
        )

    def report_unusable(self, node: ast.AST) -> None:
        key = post_order(node)
        if self.legacy is None or key < self.legacy[:2]:
            self.legacy = (*key, self.line(node))
