"""The edits both variable-scope reuse passes make to a module (inert_reuse.py drops reuse nothing reads,
variable_sharing.py reads each reusing ``get_variable`` as the variable it returns), written once: statements
removed (an emptied block keeps a ``pass``), a ``with tf.variable_scope(...)`` unwrapped, or losing its
``as scope`` or its ``reuse=`` argument. Each pass plans which; this rewrite only applies the plan.
"""

from __future__ import annotations

from collections.abc import Collection

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite


class ScopeEdits(TracedRewrite):
    def __init__(
        self,
        module: cst.Module,
        resolve: Resolve,
        line_of: LineOf,
        removed: Collection[cst.CSTNode],
        unnamed: Collection[cst.With],
        unflagged: Collection[cst.With],
        unwrapped: Collection[cst.With] = (),
    ) -> None:
        super().__init__(module, resolve, line_of)
        self.removed = removed
        self.unnamed = unnamed
        self.unflagged = unflagged
        self.unwrapped = unwrapped

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if original_node in self.removed:
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def leave_IndentedBlock(self, original_node, updated_node):
        if not updated_node.body:
            return updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        return updated_node

    def leave_If(self, original_node, updated_node):
        if original_node in self.removed:  # ``if reuse: scope.reuse_variables()``
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def leave_With(self, original_node, updated_node):
        if original_node in self.unwrapped:
            return cst.FlattenSentinel(updated_node.body.body)
        items = list(updated_node.items)
        if original_node in self.unnamed:
            items[0] = items[0].with_changes(asname=None)
        if original_node in self.unflagged:
            call = items[0].item
            args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "reuse")]
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            items[0] = items[0].with_changes(item=call.with_changes(args=args))
        return updated_node.with_changes(items=items)
