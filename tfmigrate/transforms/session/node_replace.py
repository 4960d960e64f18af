"""Nodes replaced by others in a rewrite done before the proof (a cell hoisted with the arguments its call passes, a
variable hoisted out of an expression, a list folded into its MultiRNNCell), where the proof must still read each
rebuilt node as the original it stands for: its line, what it resolves to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import libcst as cst

from tfmigrate.transforms.session.loops import Origins


class Replace(cst.CSTTransformer):
    """Each key of ``replacements`` (by identity) replaced by its value; every node rebuilt around one reads as its
    original. A replacement made for the purpose (``made``) answers for the node it replaces; one that is already a
    node of the module (an argument moved into a parameter's place) keeps its own origin."""

    def __init__(self, replacements: Mapping[Any, cst.CSTNode], origin: Origins, made: bool) -> None:
        self.replacements = replacements
        self.origin = origin
        self.made = made

    def on_leave(self, original_node, updated_node):
        replaced = self.replacements.get(original_node)
        if replaced is not None:
            if self.made:
                self.origin.add(replaced, original_node)
            return replaced
        if updated_node is not original_node:
            self.origin.add(updated_node, original_node)
        return updated_node
