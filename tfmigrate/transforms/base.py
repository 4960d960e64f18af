"""The base every transform derives from: a libcst codemod that records what it changed and what needs a human."""

from __future__ import annotations

from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import PositionProvider, ProviderT, QualifiedNameProvider

from tfmigrate.cstfields import forget
from tfmigrate.cstpatch import has_attribute_hooks, hooks
from tfmigrate.facts import Facts
from tfmigrate.ftypes import Change, FollowUp, Options

CHANGES_KEY = "tfmigrate.changes"
FOLLOWUPS_KEY = "tfmigrate.followups"


def _no_attribute_hook(node: cst.CSTNode, attribute: str) -> None:
    return None


class Transform(VisitorBasedCodemodCommand):
    """One rule. Subclasses set the class attributes below; the class docstring is the user documentation.

    The docstring uses the fixed sections ``What it does``, ``Why``, ``Example`` and ``Use instead`` so that
    ``--explain`` and the README table come from the same text. ``BEFORE``/``AFTER`` are a runnable example:
    a test checks that the transform really turns one into the other.
    """

    CODE: ClassVar[str] = ""
    NAME: ClassVar[str] = ""
    SUMMARY: ClassVar[str] = ""
    SAFE: ClassVar[bool] = True
    PRIORITY: ClassVar[int] = 100
    TRIGGERS: ClassVar[tuple[str, ...]] = ("tensorflow", "keras")
    BEFORE: ClassVar[str] = ""
    AFTER: ClassVar[str] = ""

    METADATA_DEPENDENCIES: ClassVar[tuple[ProviderT, ...]] = (PositionProvider, QualifiedNameProvider)

    def __init__(self, context: CodemodContext, options: Options | None = None) -> None:
        super().__init__(context)
        self.options = options or Options()
        self.context.scratch.setdefault(CHANGES_KEY, [])
        self.context.scratch.setdefault(FOLLOWUPS_KEY, [])
        self._direct = not (self._extra_visit_funcs or self._extra_leave_funcs or self._matchers)
        self._visits, self._leaves = hooks(type(self), "visit_"), hooks(type(self), "leave_")
        if self._direct and not has_attribute_hooks(type(self)):
            # libcst calls these around every child of every node: one plain call instead of three.
            self.on_visit_attribute = self.on_leave_attribute = _no_attribute_hook  # type: ignore[method-assign,assignment]  # a plain function for libcst's per-child hook

    def transform_module(self, tree: cst.Module) -> cst.Module:
        """The rule's pass over ``tree``, after which the walk memos (``cstfields.children`` / ``remember``) are
        forgotten: they hold the trees they were made from, and a rule run outside the engine (which forgets
        after each file) would otherwise keep every tree it was given. The memos serve walks within a rule; no
        later rule reads what an earlier one remembered."""
        try:
            return super().transform_module(tree)
        finally:
            forget()

    # ---- dispatch ----------------------------------------------------------------------------------------
    # libcst finds a visit_/leave_ method by name for every node with getattr, mostly its own no-op stubs,
    # and checks matcher decorators for each: on a large file that bookkeeping cost more than the rules. A
    # rule without matcher decorators gets the same calls from a per-class table of the methods it defines.

    def on_visit(self, node: cst.CSTNode) -> bool:
        if not self._direct:
            return super().on_visit(node)
        func = self._visits[type(node)]
        return func is None or func(self, node) is not False

    def on_leave(self, original_node, updated_node):
        if not self._direct:
            return super().on_leave(original_node, updated_node)
        func = self._leaves[type(original_node)]
        return updated_node if func is None else func(self, original_node, updated_node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if self._direct:
            cst.CSTTransformer.on_visit_attribute(self, node, attribute)
        else:
            super().on_visit_attribute(node, attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        if self._direct:
            cst.CSTTransformer.on_leave_attribute(self, original_node, attribute)
        else:
            super().on_leave_attribute(original_node, attribute)

    @classmethod
    def wants(cls, source: str) -> bool:
        """Cheap text test: a transform whose triggers are absent from the source is not run at all."""
        return any(trigger in source for trigger in cls.TRIGGERS)

    @classmethod
    def active(cls, options: Options) -> bool:
        """Whether the rule has anything to do under these options (``--keras tf-keras`` turns some off);
        the engine leaves an inactive rule out before any gate, so it never costs a parse."""
        return True

    @classmethod
    def required(cls, options: Options) -> bool:
        """Whether the run has told this rule to act on this file (``Options.run_paths``), whatever the text
        and semantic gates say: a file that only loads what another file of the run saves."""
        return False

    @classmethod
    def asked(cls, scratch: dict) -> bool:
        """Whether an earlier rule of this run asked for this rule through the shared context (TFM201's eager
        rewrite asks TFM101 to read the positional arguments it kept as TF1's), whatever the gates say."""
        return False

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """The semantic gate, after ``wants``: could this rule act on a file that refers to these names?

        Read from Python's ``ast`` (tfmigrate.facts) in a fraction of the cost of one libcst walk. It must be
        true whenever the rule could change or report anything; when unsure, it says yes.
        """
        return True

    def edits(self, model) -> str | None:
        """The file's text after this rule, made as range edits planned on ``model`` (tfmigrate.model), with
        reports made as usual; None when the rule runs on libcst instead (the default)."""
        return None

    def line_of(self, node: cst.CSTNode) -> int:
        try:
            positions = self.metadata.get(PositionProvider)
            line = getattr(positions, "line", None)  # the engine's lazy positions: the start line alone
            if line is not None:
                return line(node)
            return self.get_metadata(PositionProvider, node).start.line
        except KeyError:
            return 0

    def change(self, node: cst.CSTNode, message: str, line: int | None = None) -> None:
        self.context.scratch[CHANGES_KEY].append(
            Change(line=self.line_of(node) if line is None else line, code=self.CODE, message=message)
        )

    def follow_up(self, node: cst.CSTNode, message: str, line: int | None = None) -> None:
        self.context.scratch[FOLLOWUPS_KEY].append(
            FollowUp(line=self.line_of(node) if line is None else line, code=self.CODE, message=message)
        )

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        """What a name or attribute chain means at this point, whatever import spelled it."""
        try:
            return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
        except KeyError:
            return set()
