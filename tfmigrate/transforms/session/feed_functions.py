"""Feed dicts built by a function of the program: ``def set_feed(images, labels, prob): return {x: images, y_:
labels, keep_prob: prob}``, then ``fd = set_feed(batch[0], batch[1], 0.5)`` and ``sess.run(train, feed_dict=fd)``
(dazzul94's deep MNIST, from a Japanese scraping-and-ML book).

The function builds no graph value: it puts its arguments in a Python dict under placeholder keys, as a literal feed
dict written at the call would (proof.py's ``feed = {X: a, Y: b}``). The eager program keeps it, its keys made the
placeholders' names as strings (``{"x": images, ...}``), and reads ``fd["x"]`` where the run read the fed value. A
function of one ``return {placeholder: value, ...}`` statement, every key a module-level placeholder, is modelled;
anything else in its body is what helpers.py makes of it.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Program


def returned_dict(program: Program, call: cst.BaseExpression) -> cst.Dict | None:
    """The ``{placeholder: value}`` dict the function ``call`` calls returns, when that is its whole body."""
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
        return None
    helper = program.helpers.get(call.func.value)
    if helper is None or any(a.star for a in call.args):
        return None
    body = helper.definition.body
    statements = list(body.body) if isinstance(body, cst.IndentedBlock) else []
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return None
    small = statements[0].body[0] if len(statements[0].body) == 1 else None
    value = small.value if isinstance(small, cst.Return) else None
    if not (isinstance(value, cst.Dict) and value.elements):
        return None
    for element in value.elements:
        if not (isinstance(element, cst.DictElement) and isinstance(element.key, cst.Name)):
            return None
        node = program.nodes.get(element.key.value)
        if node is None or node.kind != "placeholder" or len(program.versions.get(node.name, [])) != 1:
            return None
    return value
