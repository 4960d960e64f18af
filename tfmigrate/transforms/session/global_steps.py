"""``current_step = tf.train.global_step(sess, global_step)`` (dennybritz's text-CNN ``train.py`` and its forks,
after each ``train_step``), read as ``current_step = int(sess.run(global_step))``.

TF1's ``tf.train.global_step(sess, global_step_tensor)`` is, in graph mode, ``int(sess.run(global_step_tensor))``:
one run of the tensor in the Session given, its value made a Python int. The pass reads it so before the proof,
which models a run of a variable (the eager program reads ``int(global_step.numpy())``). Only for a call with
exactly the two arguments, positional or by TF1's keywords, the first a plain name, in a module that does not bind
``int`` itself.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

NOTE = "tf.train.global_step(sess, step) read as int(sess.run(step)), what TF1 computes in graph mode"
_PATHS = ("train.global_step", "compat.v1.train.global_step")


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such call read as its run, and a note for each; None where there is none."""
    if "global_step(" not in module_code(module):
        return None
    if any(isinstance(n, cst.Name) and n.value == "int" for n in _bound_names(module)):
        return None
    found = {id(c) for c in descendants(module) if isinstance(c, cst.Call) and _run_of(c, resolve) is not None}
    if not found:
        return None
    rewrite = _Read(module, resolve, line_of, found)
    applied = rewrite.applied()
    return *applied, [(line, NOTE) for line in sorted(set(rewrite.lines))]


def _bound_names(module: cst.Module):
    for node in descendants(module):
        if isinstance(node, cst.AssignTarget):
            yield from (n for n in descendants(node.target) if isinstance(n, cst.Name))
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            yield node.name
        elif isinstance(node, cst.ImportAlias):
            yield node.asname.name if node.asname is not None else node.name


def _run_of(call: cst.Call, resolve: Resolve) -> tuple[cst.Name, cst.BaseExpression] | None:
    """``(sess, global_step)`` of ``tf.train.global_step(sess, global_step)``."""
    if resolve(call.func) not in _PATHS or len(call.args) != 2 or any(a.star for a in call.args):
        return None
    session, tensor = argument(call, 0, "sess"), argument(call, 1, "global_step_tensor")
    if session is None or tensor is None or session is tensor or not isinstance(session.value, cst.Name):
        return None
    return session.value, tensor.value


class _Read(TracedRewrite):
    def __init__(self, module, resolve, line_of, found: set[int]) -> None:
        super().__init__(module, resolve, line_of)
        self.found = found
        self.lines: list[int] = []

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) not in self.found:
            return updated_node
        session, tensor = _run_of(original_node, self.resolver)  # type: ignore[misc]
        run = cst.Call(cst.Attribute(session, cst.Name("run")), [cst.Arg(tensor)])
        self.lines.append(self.line_of(original_node))
        return self.traced(cst.Call(cst.Name("int"), [cst.Arg(run)]), original_node)
