"""``sess = tf.Session(config=session_conf)`` and, on the next line, ``with sess.as_default():`` (dennybritz's
text-CNN ``train.py`` and its forks), read as ``with tf.Session(config=session_conf) as sess:``.

``with tf.Session() as sess:`` enters the Session as the default one for its block, as ``sess.as_default()`` does,
and closes it at the end of the block. The only difference is that close: where the name is read nowhere outside
the block, nothing can run in the Session after it, so the two are one program and the proof reads the second
(whose ``with`` it models). Only for the binding of one name to a ``tf.Session(...)`` call directly followed, in the
same block, by a ``with`` of that one ``sess.as_default()`` item, the name bound nowhere else, and no function or
class the block defines named after it.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

NOTE = "`{name} = tf.Session(...)` + `with {name}.as_default():` read as `with tf.Session(...) as {name}:`"


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such pair read as one ``with`` block, and a note for each; None where there is none."""
    pairs = [pair for body in _bodies(module) for pair in _pairs(body, resolve)]
    pairs = [(line, block) for line, block in pairs if _only_inside(module, line, block)]
    if not pairs:
        return None
    rewrite = _Read(module, resolve, line_of, {id(line): block for line, block in pairs})
    applied = rewrite.applied()
    notes = [(line_of(line), NOTE.format(name=_session_name(line))) for line, _ in pairs]
    return *applied, notes


def _bodies(module: cst.Module):
    yield module.body
    for node in descendants(module):
        if isinstance(node, cst.IndentedBlock):
            yield node.body


def _session_name(line: cst.SimpleStatementLine) -> str:
    return line.body[0].targets[0].target.value  # type: ignore[attr-defined]


def _pairs(body, resolve: Resolve):
    for line, block in zip(body, body[1:]):
        small = lone_assignment(line)
        if small is None or not isinstance(small.targets[0].target, cst.Name) or not isinstance(small.value, cst.Call):
            continue
        if (resolve(small.value.func) or "").removeprefix("compat.v1.") != "Session":
            continue
        if not (isinstance(block, cst.With) and len(block.items) == 1 and block.items[0].asname is None):
            continue
        entered = block.items[0].item
        if (
            isinstance(entered, cst.Call)
            and not entered.args
            and isinstance(entered.func, cst.Attribute)
            and entered.func.attr.value == "as_default"
            and isinstance(entered.func.value, cst.Name)
            and entered.func.value.value == small.targets[0].target.value
            and block.asynchronous is None
        ):
            yield line, block


def _only_inside(module: cst.Module, line: cst.SimpleStatementLine, block: cst.With) -> bool:
    """The Session's name is spelled only in its binding and inside the ``with`` block."""
    name = _session_name(line)
    inside = {id(n) for n in descendants(block.body)} | {id(line.body[0].targets[0].target)}  # type: ignore[attr-defined]
    inside.add(id(block.items[0].item.func.value))  # type: ignore[attr-defined]
    # a function of the block is called nowhere after it, where TF1's Session would still be open
    defined = {n.name.value for n in descendants(block.body) if isinstance(n, (cst.FunctionDef, cst.ClassDef))}
    return all(id(n) in inside for n in descendants(module) if isinstance(n, cst.Name) and n.value in {name, *defined})


class _Read(TracedRewrite):
    def __init__(self, module, resolve, line_of, pairs: dict[int, cst.With]) -> None:
        super().__init__(module, resolve, line_of)
        self.pairs = pairs  # id of the binding -> its ``with`` block
        self.blocks = {id(block): node for node in descendants(module) if (block := pairs.get(id(node))) is not None}

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if id(original_node) in self.pairs:
            return cst.RemoveFromParent()
        return updated_node

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.BaseStatement:
        line = self.blocks.get(id(original_node))
        if line is None:
            return updated_node
        small = line.body[0]
        item = cst.WithItem(small.value, asname=cst.AsName(small.targets[0].target))
        made = updated_node.with_changes(items=[item], leading_lines=line.leading_lines)
        return self.traced(made, original_node)
