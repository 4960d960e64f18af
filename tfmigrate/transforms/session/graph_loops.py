"""A loop whose every pass starts with ``tf.reset_default_graph()``: ``for init in inits: tf.reset_default_graph();
model = Model(init); with tf.Session() as sess: ...; results.append(...)`` (a weight-initialisation comparison).

Each pass builds a fresh graph: nothing of the previous pass can be run (TF1 refuses a tensor of another graph), its
variable names and op seeds restart, and its Session starts from nothing. So one pass is a program of its own: it is
proved as the module program with the body (the reset dropped) where the loop stood, the loop's target bound by the
loop kept with an empty body, and put back in the loop after the rewrite; eagerly each pass constructs its own
instance, whose variables are its own. Seeds: a reset also clears the graph seed, so a ``tf.set_random_seed`` is
read only as the pass's own statement (eager ``tf.random.set_seed`` restarts the op streams as a new graph does); a
seed set outside the pass, or an op ``seed=`` with none set per pass (eager op streams would advance across passes
where TF1's restarted), keeps the graph tier. A rewrite that defines something outside the loop which a pass would
share (a decorated function: its trace would hold the first pass's variables) is not put back. The loop may stand
under a final ``if __name__ == "__main__":`` (ai_weight_init's): the guard's body is read as module code and the
guard put back around the rewrite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import constructor_resets
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import reguard, sentinel, sentinel_name, unguard, unguarded_lookups
from tfmigrate.transforms.session.graph_resets import Resets, tf_reset
from tfmigrate.transforms.session.reset_seeds import SEEDS
from tfmigrate.transforms.session.reset_seeds import check as check_seeds
from tfmigrate.transforms.session.reset_seeds import path as _path
from tfmigrate.transforms.session.sections import _builds

START, END = "__tfmigrate_graph_loop__", "__tfmigrate_graph_loop_end__"


def _loops(module: cst.Module, resolve: Resolve) -> list[cst.For]:
    return [
        s
        for s in module.body
        if isinstance(s, cst.For)
        and isinstance(s.body, cst.IndentedBlock)
        and len(s.body.body) > 1
        and (Resets.of(module, resolve).is_reset(s.body.body[0]) or _constructed(module, s, resolve) is not None)
    ]


def _loop(module: cst.Module, resolve: Resolve) -> cst.For | None:
    """The module's one such loop (two, each constructing a class of its own, are not proved together)."""
    loops = _loops(module, resolve)
    return loops[0] if len(loops) == 1 else None


def _restarted(module: cst.Module, loop: cst.For, resolve: Resolve) -> list[cst.BaseStatement]:
    """The statements that run after a pass's reset: the pass's after its first (the reset), or the constructor's
    after its reset and then the whole pass."""
    body = list(cast(cst.IndentedBlock, loop.body).body)
    after = _constructed(module, loop, resolve) if _kept(loop) else None
    return [*after, *body] if after is not None else body[1:]


def _constructed(module: cst.Module, loop: cst.For, resolve: Resolve) -> list[cst.BaseStatement] | None:
    """``mf = MatrixFactorization(...)`` first in the pass, its constructor resetting the graph first
    (constructor_resets.py): what runs after that reset; None for a pass starting otherwise."""
    first = cast(cst.IndentedBlock, loop.body).body[0]
    return constructor_resets.restarted(module, first, Resets.of(module, resolve))


def note(loop: cst.For, line_of: LineOf) -> tuple[int, str]:
    """The change line of a pass read so: its reset dropped, or the class constructed first beginning each pass."""
    first = cast(cst.IndentedBlock, loop.body).body[0]
    if _kept(loop):
        return line_of(first), (
            "each pass of the loop constructs its instance afresh and runs eagerly (the constructor's "
            "tf.reset_default_graph() began a graph of its own in each pass)"
        )
    return line_of(first), "tf.reset_default_graph() dropped: each pass of the loop runs eagerly"


def _kept(loop: cst.For) -> bool:
    """The pass's first statement is kept: an assignment (the construction ``_constructed`` read), not the reset."""
    first = cast(cst.IndentedBlock, loop.body).body[0]
    return isinstance(first, cst.SimpleStatementLine) and isinstance(first.body[0], cst.Assign)


def _jumps(loop: cst.For) -> cst.CSTNode | None:
    """A ``break`` or ``continue`` of the loop itself (not of a loop inside it): a pass read as straight code."""

    class _Find(cst.CSTVisitor):
        def __init__(self) -> None:
            self.depth = 0
            self.found: cst.CSTNode | None = None

        def visit_For(self, node: cst.For) -> None:
            self.depth += 1

        def leave_For(self, original_node: cst.For) -> None:
            self.depth -= 1

        def visit_While(self, node: cst.While) -> None:
            self.depth += 1

        def leave_While(self, original_node: cst.While) -> None:
            self.depth -= 1

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_Break(self, node: cst.Break) -> None:
            if self.depth == 0 and self.found is None:
                self.found = node

        def visit_Continue(self, node: cst.Continue) -> None:
            if self.depth == 0 and self.found is None:
                self.found = node

    finder = _Find()
    for statement in cast(cst.IndentedBlock, loop.body).body:
        statement.visit(finder)
    return finder.found


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf
) -> tuple[cst.Module, Resolve, LineOf, cst.For] | None:
    """The module with its one reset-started loop read as one pass at module level; None when there is none, or
    it is not a pass of straight code over a host iterable; Blocked when the pass's seeds are not its own."""
    loop = _loop(module, resolve)
    if loop is None:  # the loop under ``if __name__ == "__main__":``, read as module code
        unguarded, guard = unguard(module)
        lookups = unguarded_lookups(resolve, line_of, guard)
        if guard is not None and (loop := _loop(unguarded, lookups[0])) is not None:
            module, (resolve, line_of) = unguarded, lookups
    if loop is None or loop.orelse is not None or loop.asynchronous is not None or _jumps(loop) is not None:
        return None
    body: list[cst.BaseStatement] = list(cast(cst.IndentedBlock, loop.body).body)
    if any(isinstance(n, cst.Call) and resolve(n.func) is not None for n in descendants(loop.iter)):
        return None  # iterating over graph values
    for statement in module.body:  # outside the loop nothing builds graph at module level
        if statement is loop or isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        for node in descendants(statement):
            path = _path(resolve, node) if isinstance(node, cst.Call) else ""
            if (
                path
                and _builds(module, resolve(node.func))
                and not tf_reset(resolve, node.func)
                and not path.endswith(SEEDS)
            ):
                return None
    for node in descendants(module):
        if isinstance(node, cst.Call) and _path(resolve, node) == "train.Saver":
            raise Blocked(
                f"a tf.train.Saver with a loop whose passes start with tf.reset_default_graph() (line {line_of(loop)}): "
                "a checkpoint saved or restored once per pass is not modelled",
                line_of(node),
            )
    check_seeds(  # a seed the passes set after their reset is their own (the constructor's too, after its reset)
        module,
        _restarted(module, loop, resolve),
        resolve,
        line_of,
        f"a loop whose passes start with tf.reset_default_graph() (line {line_of(loop)})",
    )
    head = loop.with_changes(body=cst.IndentedBlock([cst.SimpleStatementLine([cst.Pass()])]), leading_lines=[])
    flat: list[cst.BaseStatement] = []
    for statement in module.body:
        if statement is loop:
            flat.extend([sentinel(START), head, *(body if _kept(loop) else body[1:]), sentinel(END)])
        else:
            flat.append(statement)
    resolve_flat, line_of_flat = unguarded_lookups(resolve, line_of, loop)
    return module.with_changes(body=flat), resolve_flat, line_of_flat, loop


def _plain(statements: Sequence[cst.CSTNode]) -> int:
    """How many statements are neither a definition nor an import (a variable hoisted out of the pass would be)."""
    return sum(
        not isinstance(s, (cst.FunctionDef, cst.ClassDef))
        and not (
            isinstance(s, cst.SimpleStatementLine) and all(isinstance(b, (cst.Import, cst.ImportFrom)) for b in s.body)
        )
        for s in statements
    )


def resugar(migrated: cst.Module, original: cst.Module, loop: cst.For, line: int) -> cst.Module:
    """The rewritten pass put back in the loop, the reset dropped (and under the module's guard, where it stood)."""
    guard = None
    if loop not in original.body:
        original, guard = unguard(original)
    body = list(migrated.body)
    names = [sentinel_name(s) for s in body]
    if names.count(START) != 1 or names.count(END) != 1:
        raise Blocked("the pass of the loop could not be put back after the rewrite", line)
    start, end = names.index(START), names.index(END)
    region = body[start + 1 : end]
    if not region or not isinstance(region[0], cst.For):
        raise Blocked("the pass of the loop could not be put back after the rewrite", line)
    outside = [*body[:start], *body[end + 1 :]]
    if _plain(outside) != _plain([s for s in original.body if s is not loop]):
        raise Blocked(
            "the rewrite put a statement outside the loop whose passes start with tf.reset_default_graph(): "
            "it would be shared by the passes, which TF1 built afresh",
            line,
        )
    for statement in outside:
        if isinstance(statement, cst.FunctionDef) and any(
            isinstance(n, cst.FunctionDef) and n.decorators for n in descendants(statement)
        ):
            raise Blocked(
                f"the rewrite defines decorated function `{statement.name.value}` outside the loop whose passes "
                "start with tf.reset_default_graph(): its trace would hold the first pass's variables",
                line,
            )
    reset = cast(cst.SimpleStatementLine, cast(cst.IndentedBlock, loop.body).body[0])
    inner = region[1:] or [cst.SimpleStatementLine([cst.Pass()])]
    first = inner[0]
    if not _kept(loop):
        inner[0] = first.with_changes(leading_lines=[*reset.leading_lines, *first.leading_lines])
    head = region[0]
    put = loop.with_changes(
        target=head.target,
        iter=head.iter,
        body=loop.body.with_changes(body=inner),
    )
    return reguard(migrated.with_changes(body=[*body[:start], put, *body[end + 1 :]]), guard)
