"""``sess = tf.Session(config=session_conf)`` and, on the next line, ``with sess.as_default():`` (dennybritz's
text-CNN ``train.py`` and its forks), read as ``with tf.Session(config=session_conf) as sess:``.

``with tf.Session() as sess:`` enters the Session as the default one for its block, as ``sess.as_default()`` does,
and closes it at the end of the block. The only difference is that close: where the name is read nowhere outside
the block, nothing can run in the Session after it, so the two are one program and the proof reads the second
(whose ``with`` it models). Only for the binding of one name to a ``tf.Session(...)`` call directly followed, in the
same block, by a ``with`` of that one ``sess.as_default()`` item, the name bound nowhere else, and no function or
class the block defines named after it.

Several such blocks one after another (``with session.as_default() as sess:`` to train, then again to test: a
learner's LSTM regression) run on the one Session, whose variables persist from block to block, so they read as
one ``with`` block holding their bodies in order; a ``session.close()`` right after the last is that block's close.
Only where every block enters the Session the same way (all ``as`` one name, or none), the bodies use the Session
only to run (``sess.run(...)``, ``t.eval(session=sess)``: nothing closes or rebinds it before the last block), the
Session's own name is spelled nowhere but its binding, the headers and that close (in the bodies too where no
block has an ``as`` name), and the call passes no ``graph=`` (``with tf.Session(graph=g)`` would enter ``g`` too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.sequential_runs import bare_call
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

NOTE = "`{name} = tf.Session(...)` + `with {name}.as_default():` read as `with tf.Session(...) as {name}:`"
BLOCKS_NOTE = (
    "`{name} = tf.{session}(...)` + {count} `with {name}.as_default(){alias}:`{close} read as one "
    "`with tf.{session}(...) as {entered}:` holding their bodies in order"
)
SESSIONS = ("Session", "InteractiveSession")


@dataclass
class _Pair:
    line: cst.SimpleStatementLine  # ``name = tf.Session(...)``
    blocks: list[cst.With]  # the ``with name.as_default():`` blocks right after it, one after another
    close: cst.SimpleStatementLine | None  # ``name.close()`` right after the last block

    @property
    def name(self) -> str:
        return self.line.body[0].targets[0].target.value  # type: ignore[attr-defined]

    @property
    def alias(self) -> str | None:
        return _alias(self.blocks[0])

    @property
    def plain(self) -> bool:
        """The one shape read first: one block, no ``as`` name, no close after it."""
        return len(self.blocks) == 1 and self.alias is None and self.close is None

    def note(self) -> str:
        if self.plain:
            return NOTE.format(name=self.name)
        session = cast(cst.Call, cast(cst.Assign, self.line.body[0]).value).func
        return BLOCKS_NOTE.format(
            name=self.name,
            session=session.attr.value if isinstance(session, cst.Attribute) else "Session",
            count="a block" if len(self.blocks) == 1 else f"{len(self.blocks)} blocks",
            alias=f" as {self.alias}" if self.alias else "",
            close=f" and `{self.name}.close()`" if self.close is not None else "",
            entered=self.alias or self.name,
        )


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such pair read as one ``with`` block, and a note for each; None where there is none."""
    pairs = [pair for body in _bodies(module) for pair in _pairs(body, resolve)]
    pairs = [pair for pair in pairs if _only_inside(module, pair)]
    if not pairs:
        return None
    rewrite = _Read(module, resolve, line_of, pairs)
    applied = rewrite.applied()
    notes = [(line_of(pair.line), pair.note()) for pair in pairs]
    return *applied, notes


def _bodies(module: cst.Module):
    yield module.body
    for node in descendants(module):
        if isinstance(node, cst.IndentedBlock):
            yield node.body


def _pairs(body, resolve: Resolve):
    for index, line in enumerate(body):
        small = lone_assignment(line)
        if small is None or not isinstance(small.targets[0].target, cst.Name) or not isinstance(small.value, cst.Call):
            continue
        if (resolve(small.value.func) or "").removeprefix("compat.v1.") not in SESSIONS:
            continue
        name = small.targets[0].target.value
        blocks: list[cst.With] = []
        for block in body[index + 1 :]:
            if not _entered(block, name):
                break
            blocks.append(block)
        if not blocks:
            continue
        after = body[index + 1 + len(blocks)] if index + 1 + len(blocks) < len(body) else None
        pair = _Pair(line, blocks, cast(cst.SimpleStatementLine, after) if _closes(after, name) else None)
        if pair.plain:
            if (resolve(small.value.func) or "").removeprefix("compat.v1.") == "Session":
                yield pair
            continue
        aliases = {_alias(block) for block in blocks}
        if len(aliases) == 1 and not any(arg.keyword and arg.keyword.value == "graph" for arg in small.value.args):
            yield pair


def _entered(block: cst.CSTNode, name: str) -> bool:
    """``with name.as_default():`` or ``with name.as_default() as alias:``, one item, an indented body."""
    if not (isinstance(block, cst.With) and len(block.items) == 1 and block.asynchronous is None):
        return False
    asname = block.items[0].asname
    if asname is not None and not isinstance(asname.name, cst.Name):
        return False
    receiver = without_arguments(block.items[0].item, "as_default")
    return receiver is not None and _named(receiver, name) and isinstance(block.body, cst.IndentedBlock)


def _alias(block: cst.With) -> str | None:
    asname = block.items[0].asname
    return cast(cst.Name, asname.name).value if asname is not None else None  # ``_entered``: a Name


def _closes(statement: cst.CSTNode | None, name: str) -> bool:
    """``name.close()``, the whole line."""
    call = bare_call(statement) if statement is not None else None
    receiver = without_arguments(call, "close") if call is not None else None
    return receiver is not None and _named(receiver, name)


def without_arguments(node: cst.CSTNode, method: str) -> cst.BaseExpression | None:
    """``sess`` of ``sess.as_default()`` (``method`` called without arguments); None for any other node."""
    if isinstance(node, cst.Call) and not node.args and isinstance(node.func, cst.Attribute):
        return node.func.value if node.func.attr.value == method else None
    return None


def _named(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _only_inside(module: cst.Module, pair: _Pair) -> bool:
    """The Session's name is spelled only in its binding and inside the ``with`` blocks (their headers only, and the
    close after them, where the blocks name it ``as`` another); the ``as`` name only inside the blocks; where more
    than one block shares the Session, every use of it in their bodies a run."""
    name, alias = pair.name, pair.alias
    bodies = {id(n) for block in pair.blocks for n in descendants(block.body)}
    headers = {id(block.items[0].item.func.value) for block in pair.blocks}  # type: ignore[attr-defined]
    spelled = {id(pair.line.body[0].targets[0].target)} | headers  # type: ignore[attr-defined]
    if pair.close is not None:
        spelled |= {id(n) for n in descendants(pair.close) if isinstance(n, cst.Name) and n.value == name}
    if alias is None:
        spelled |= bodies
    aliases = {id(n) for n in descendants(module) if isinstance(n, cst.Name) and n.value == alias}
    if any(i not in bodies | {id(b.items[0].asname.name) for b in pair.blocks} for i in aliases):  # type: ignore[union-attr]
        return False
    if not pair.plain and not all(_runs(pair.blocks, alias or name)):
        return False
    # a function of the blocks is called nowhere after them, where TF1's Session would still be open
    defined = {
        n.name.value
        for block in pair.blocks
        for n in descendants(block.body)
        if isinstance(n, (cst.FunctionDef, cst.ClassDef))
    }
    inside = spelled | bodies
    return all(id(n) in spelled for n in descendants(module) if isinstance(n, cst.Name) and n.value == name) and all(
        id(n) in inside for n in descendants(module) if isinstance(n, cst.Name) and n.value in defined
    )


def _runs(blocks: list[cst.With], session: str):
    """For each use of ``session`` in the blocks' bodies: it is ``session.run(...)`` or ``session=session``."""
    for block in blocks:
        ran: set[int] = set()
        for node in descendants(block.body):
            if isinstance(node, cst.Attribute) and node.attr.value == "run":
                ran.add(id(node.value))
            elif isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == "session":
                ran.add(id(node.value))
        for node in descendants(block.body):
            if isinstance(node, cst.Name) and node.value == session:
                yield id(node) in ran


class _Read(TracedRewrite):
    def __init__(self, module, resolve, line_of, pairs: list[_Pair]) -> None:
        super().__init__(module, resolve, line_of)
        self.first = {id(pair.blocks[0]): pair for pair in pairs}
        self.gone = {id(s) for pair in pairs for s in (pair.line, *pair.blocks[1:], pair.close) if s is not None}

    def leave_IndentedBlock(self, original_node, updated_node):
        return updated_node.with_changes(body=self._read(original_node.body, updated_node.body))

    def leave_Module(self, original_node, updated_node):
        return updated_node.with_changes(body=self._read(original_node.body, updated_node.body))

    def _read(self, original, updated):
        """The statements with each pair's binding, later blocks and close gone, its first block the one block."""
        if not any(id(s) in self.first or id(s) in self.gone for s in original):
            return updated
        done = {id(o): u for o, u in zip(original, updated)}
        body = []
        for before, after in zip(original, updated):
            pair = self.first.get(id(before))
            if pair is not None:
                body.append(self._merged(pair, after, [done[id(b)] for b in pair.blocks]))
            elif id(before) not in self.gone:
                body.append(after)
        return body

    def _merged(self, pair: _Pair, first: cst.With, blocks: list[cst.With]) -> cst.With:
        small = cast(cst.Assign, pair.line.body[0])
        item = cst.WithItem(
            small.value,
            asname=cst.AsName(cst.Name(pair.alias) if pair.alias else cast(cst.Name, small.targets[0].target)),
        )
        statements = [s for block in blocks for s in cast(cst.IndentedBlock, block.body).body]
        body = first.body.with_changes(body=statements) if len(blocks) > 1 else first.body
        made = first.with_changes(items=[item], body=body, leading_lines=pair.line.leading_lines)
        return self.traced(made, pair.blocks[0])
