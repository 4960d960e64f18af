"""A module rewrite run before the proof (tf.data iterators, queue pipelines, learning-rate decays) whose output the
proof reads as if it were the program: an unchanged node stays the module's own, a rebuilt or made node answers for
the original it stands for (its line), and a made TensorFlow call can be given the path it means (``forced``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import libcst as cst

from tfmigrate.cstfields import children
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants

Made = TypeVar("Made", bound=cst.CSTNode)


class TracedRewrite(cst.CSTTransformer):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        self.module = module
        self.resolver = resolve
        self.line_of = line_of
        self.module_ids = {id(n) for n in descendants(module)}
        self.forced: dict[int, str] = {}  # id of a made node -> the TensorFlow path it stands for
        self.origins: dict[int, tuple[cst.CSTNode, cst.CSTNode]] = {}  # id of a new node -> (it, the original)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        """An unchanged node stays the module's own, so the proof reads its names and lines."""
        result = super().on_leave(original_node, updated_node)
        if result is updated_node:
            before, after = children(original_node), updated_node.children
            if len(before) == len(after) and all(a is b for a, b in zip(before, after)):
                return original_node
        if isinstance(result, cst.CSTNode) and id(result) not in self.origins:
            self.origins[id(result)] = (result, original_node)  # rebuilt around a change: the original's line
        return result

    def straight(self):
        """Module-level statements run once, in order: the module body and the bodies of its ``with`` blocks."""
        stack: list[cst.CSTNode] = list(reversed(self.module.body))
        while stack:
            statement = stack.pop()
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                stack.extend(reversed(list(statement.body.body)))
            yield statement

    def origin(self, node: cst.CSTNode) -> cst.CSTNode:
        pair = self.origins.get(id(node))
        return pair[1] if pair is not None and pair[0] is node else node

    def traced(self, made: Made, original: cst.CSTNode) -> Made:
        """Made nodes stand on the line of what they come from; a node of the module moved into them stays its own."""
        for node in [made, *descendants(made)]:
            if id(node) not in self.module_ids:
                self.origins.setdefault(id(node), (node, original))
        return made

    def applied(self) -> tuple[cst.Module, Callable[[cst.CSTNode], str | None], Callable[[cst.CSTNode], int]]:
        """The module rewritten, with ``resolve`` and ``line_of`` for it."""
        return self.module.visit(self), *self.remapped()

    def remapped(self) -> tuple[Callable[[cst.CSTNode], str | None], Callable[[cst.CSTNode], int]]:
        """``resolve`` and ``line_of`` for the rewritten module: a made node means only what ``forced`` says."""

        def resolve_new(node: cst.CSTNode) -> str | None:
            forced = self.forced.get(id(node))
            if forced is not None:
                return forced
            return None if self.origin(node) is not node else self.resolver(node)

        def line_of_new(node: cst.CSTNode) -> int:
            return self.line_of(self.origin(node))

        return resolve_new, line_of_new
