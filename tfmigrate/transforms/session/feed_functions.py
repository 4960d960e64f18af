"""Feed dicts built by a function of the program: ``def set_feed(images, labels, prob): return {x: images, y_:
labels, keep_prob: prob}``, then ``fd = set_feed(batch[0], batch[1], 0.5)`` and ``sess.run(train, feed_dict=fd)``
(dazzul94's deep MNIST, from a Japanese scraping-and-ML book).

The function builds no graph value: it puts its arguments in a Python dict under placeholder keys, as a literal feed
dict written at the call would (proof.py's ``feed = {X: a, Y: b}``). The eager program keeps it, its keys made the
placeholders' names as strings (``{"x": images, ...}``), and reads ``fd["x"]`` where the run read the fed value. A
function of one ``return {placeholder: value, ...}`` statement, every key a module-level placeholder, is modelled;
anything else in its body is what helpers.py makes of it.

The TF tutorial's ``mnist_with_summaries.py`` draws the data in the function itself: ``def feed_dict(train): if
train: xs, ys = mnist.train.next_batch(100); k = FLAGS.dropout; else: xs, ys = mnist.test.images, ...; return {x:
xs, y_: ys, keep_prob: k}``, called as ``sess.run(train_step, feed_dict=feed_dict(True))``. Such a body is host
code (``define``): it reads no graph value but the returned dict's keys, opens no Session and calls no TensorFlow
but the host names a Session function may call (flags, logging, the tutorial's reader). TF1 called it once per run,
where the run was written; the eager program keeps it, calls it once per run where the run was (feed_calls.py names
the dict of an inline call), so the host draws are the same and in the same order.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import is_docstring
from tfmigrate.transforms.session import host_data
from tfmigrate.transforms.session.analysis import Program, descendants, loaded_names


def returned_dict(program: Program, call: cst.BaseExpression) -> cst.Dict | None:
    """The ``{placeholder: value}`` dict the function ``call`` calls returns, when that is its whole body."""
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)) or any(a.star for a in call.args):
        return None
    helper = program.helpers.get(call.func.value)
    if helper is not None:
        statements = _body(helper.definition)
        if len(statements) != 1:
            return None
    elif call.func.value in program.feed_functions:
        statements = _body(program.feed_functions[call.func.value])
        if _graph_read(program, program.feed_functions[call.func.value]) is not None:
            return None  # a name its body reads became a graph value after the ``def``
    else:
        return None
    value = _returned(statements)
    if value is None:
        return None
    for element in value.elements:
        if not (isinstance(element, cst.DictElement) and isinstance(element.key, cst.Name)):
            return None
        node = program.nodes.get(element.key.value)
        if node is None or node.kind != "placeholder" or len(program.versions.get(node.name, [])) != 1:
            return None
    return value


def define(program: Program, definition: cst.FunctionDef) -> bool:
    """Model a module-level function of host code that returns ``{placeholder: value, ...}`` (the module's
    placeholders as keys) as a feed function; False for any other function."""
    name = definition.name.value
    if definition.decorators or definition.asynchronous is not None or program.binds.get(name, 0) != 1:
        return False
    statements = _body(definition)
    value = _returned(statements)
    if value is None or len(statements) < 2:  # one ``return {...}``: helpers.py models it
        return False
    keys = set()
    for element in value.elements:
        if not (isinstance(element, cst.DictElement) and isinstance(element.key, cst.Name)):
            return False
        node = program.nodes.get(element.key.value)
        if node is None or node.kind != "placeholder":
            return False
        keys.add(id(element.key))
    for node in descendants(definition.body):
        if isinstance(node, (cst.Return, cst.Yield, cst.Await, cst.Global, cst.Nonlocal)) and node is not _last(
            statements
        ):
            return False
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            return False
    if _graph_read(program, definition, keys) is not None:
        return False
    program.feed_functions[name] = definition
    return True


def check_uses(program: Program) -> None:
    """Each feed function is only called where a run's feed dict is bound (``feed = feed_dict(True)``): anything
    else would see its placeholder keys, which the eager program spells as strings."""
    for name, definition in program.feed_functions.items():
        for node in loaded_names(program.module):
            if node.value != name or node is definition.name:
                continue
            if not any(isinstance(c, cst.Call) and c.func is node for c in program.helper_calls):
                raise program.deny(
                    f"function `{name}` returns a feed dict and is used here other than as a run's feed_dict", node
                )


def returned_by(definition: cst.FunctionDef) -> cst.Dict | None:
    """The dict literal ``definition`` returns last (``return {...}`` or ``feed_dict = {...}; return feed_dict``)."""
    return _returned(_body(definition))


def _body(definition: cst.FunctionDef) -> list[cst.BaseStatement]:
    body = list(definition.body.body) if isinstance(definition.body, cst.IndentedBlock) else []
    return [statement for statement in body if not is_docstring(statement)]


def _last(statements: list[cst.BaseStatement]) -> cst.Return | None:
    last = statements[-1] if statements else None
    if not (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1):
        return None
    small = last.body[0]
    return small if isinstance(small, cst.Return) else None


def _returned(statements: list[cst.BaseStatement]) -> cst.Dict | None:
    """The dict literal the body's last statement returns: ``return {...}``, or ``feed_dict = {...}`` on the line
    before ``return feed_dict`` with the name used nowhere else in the body (gaussic's ``feed_data``)."""
    last = _last(statements)
    value = last.value if last is not None else None
    if isinstance(value, cst.Name) and len(statements) >= 2:
        before = statements[-2]
        small = before.body[0] if isinstance(before, cst.SimpleStatementLine) and len(before.body) == 1 else None
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and small.targets[0].target.value == value.value
            and sum(1 for s in statements for n in descendants(s) if isinstance(n, cst.Name) and n.value == value.value)
            == 2
        ):
            value = small.value
    return value if isinstance(value, cst.Dict) and value.elements else None


def _graph_read(program: Program, definition: cst.FunctionDef, keys: set[int] | None = None) -> cst.CSTNode | None:
    """A name in the function, other than the returned dict's keys, that is a graph value, a helper or a
    TensorFlow name other than a host one (flags, logging, the tutorial's reader); None when it is all host code."""
    from tfmigrate.transforms.session.proof import RUN_PHASE_CALLS

    if keys is None:
        value = _returned(_body(definition))
        keys = {id(e.key) for e in value.elements if isinstance(e, cst.DictElement)} if value is not None else set()
    host = host_data.host_names(program, definition)
    for node in descendants(definition):
        if id(node) in keys or node in host:
            continue
        if isinstance(node, cst.Name) and (node.value in program.nodes or node.value in program.helpers):
            return node
        if isinstance(node, (cst.Name, cst.Attribute)):
            path = program.tf_path(node)
            if path is not None and not (
                path.removeprefix("compat.v1.").startswith(RUN_PHASE_CALLS)
                or host_data.is_reader(program.file, path)
                or host_data.is_host_module(path)
            ):
                return node
    return None
