"""A feed dict name bound again to a dict of other placeholders: ecotner's LSTM builds ``feed_dict = {X: ..., labels:
..., s0: s_, h0: h_, lr: LEARNING_RATE}`` in the training loop and ``feed_dict = {X: ..., s0: s_, h0: h_}`` in the
prediction loop after it.

The proof reads a named feed dict's keys where it is bound and each run of it as feeding those keys, walking the
program in the order it is written. That order is the order the runs read the bindings in where the new binding
decides every later read: each read written after it stands in its block after it (nothing else can bind the name
in between but another such line, which the proof reads in turn), and no read written before it stands in a loop
around it (that loop's next pass would read the new dict at a run the walk has already read as the old one).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, parents_of


def decides(module: cst.Module, name: str, line: cst.SimpleStatementLine) -> bool:
    """``line`` (``name = {...}``) is the binding every read of ``name`` written after it reads, and no read written
    before it is in a loop around it."""
    parents = parents_of(module)
    block = parents.get(line)
    siblings = list(getattr(block, "body", ()))
    if line not in siblings:
        return False
    inside = {id(n) for s in siblings[siblings.index(line) + 1 :] for n in descendants(s)}
    loops = []
    up = parents.get(line)
    while up is not None:
        if isinstance(up, (cst.For, cst.While)):
            loops.append({id(n) for n in descendants(up)})
        up = parents.get(up)
    own = {id(n) for n in descendants(line)}
    after = False
    for node in descendants(module):
        if node is line:
            after = True
        if not (isinstance(node, cst.Name) and node.value == name) or id(node) in own:
            continue
        if after and id(node) not in inside:
            return False
        if not after and any(id(node) in loop for loop in loops):
            return False
    return True
