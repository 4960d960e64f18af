"""A list of RNN cells filled by ``append`` before ``tf.nn.rnn_cell.MultiRNNCell(layers)``, read as the literal
list it ends up holding:

    layers = []                                   cells = []
    layers.append(layer_1)                        for i in range(n_layers):
    layers.append(layer_2)                            cells.append(tf.nn.rnn_cell.BasicRNNCell(n))
    cell = MultiRNNCell(layers)                   cell = MultiRNNCell(cells)

become ``MultiRNNCell([layer_1, layer_2])`` and ``MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(n) for i in
range(n_layers)])``, which rnn.py models. TF1 built no variable when a cell was constructed or appended (a cell makes
them where it is first run), so reading the items where the MultiRNNCell is built gives the same cells, as long as
nothing they read is bound again in between and the list is used nowhere else. Done on the module the eager proof
reads (as rnn.hoist): a program that keeps the graph tier keeps its own text.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Bindings, descendants, loaded_names
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.node_replace import Replace

MULTI = ("nn.rnn_cell.MultiRNNCell", "contrib.rnn.MultiRNNCell")
CELLS = ("nn.rnn_cell.", "contrib.rnn.")
WRAPPERS = ("nn.rnn_cell.DropoutWrapper", "contrib.rnn.DropoutWrapper")


def gather(module: cst.Module, resolve, line_of):
    """The module with each cell maker called in place (``inline``) and each such list folded into its
    MultiRNNCell, and resolve/line_of reading new nodes as the originals."""
    origin = Origins()
    body, changed = _inline(module, resolve, origin)
    original = lambda n: resolve(origin.of(n))  # noqa: E731
    body, wrapped = _wrap(body, original, origin)
    changed = changed or wrapped
    for index, statement in enumerate(body):  # the same in a graph helper (rnn.hoist then moves the cell out)
        if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            inner, wrapped = _wrap(list(statement.body.body), original, origin)
            if wrapped:
                new_body = statement.body.with_changes(body=inner)
                body[index] = statement.with_changes(body=new_body)
                origin.add(new_body, statement.body)
                origin.add(body[index], statement)
                changed = True
    for index in range(len(body)):
        if index >= len(body):
            break
        name = _empty_list(body[index])
        folded = _fold(module, body, index, name, original, origin) if name is not None else None
        if folded is not None:
            body = folded
            changed = True
    if not changed:
        return module, resolve, line_of
    return module.with_changes(body=body), lambda n: resolve(origin.of(n)), lambda n: line_of(origin.of(n))


def _inline(module: cst.Module, resolve, origin: Origins) -> tuple[list, bool]:
    """A module-level cell maker (``def lstm_cell(): cell = rnn.BasicLSTMCell(n, state_is_tuple=True); return
    cell``, also with parameters) called only directly at module level, typically ``MultiRNNCell([lstm_cell() for _
    in range(2)])``: each call becomes the construction it returns, which reads the same module names at the same
    moment (the parameters replaced by what the call passes, literals or names), and the maker goes."""
    body = list(module.body)
    changed = False
    for definition in _definitions(body):
        made = _maker(definition, lambda n: resolve(origin.of(n)), origin)
        if made is None:
            continue
        name, (params, construction) = definition.name.value, made
        uses = [n for n in loaded_names(module) if n.value == name and n is not definition.name]
        used = {id(n) for n in uses}
        calls = [c for c in descendants(module) if isinstance(c, cst.Call) and id(c.func) in used]
        outside = {
            id(n)
            for d in descendants(module)
            if isinstance(d, (cst.FunctionDef, cst.ClassDef, cst.Lambda))
            for n in descendants(d)
        }
        free = {n.value for n in loaded_names(construction)} - set(params)
        if sum(1 for d in descendants(module) if isinstance(d, cst.FunctionDef) and d.name.value == name) != 1:
            continue  # defined twice: which one a call reaches depends on the order
        if not calls or len(calls) != len(uses) or any(id(c) in outside for c in calls):
            continue
        replaced: dict[cst.Call, cst.BaseExpression] = {}
        for call in calls:
            passed = [a.value for a in call.args]
            if (
                len(passed) != len(params)
                or any(a.keyword is not None or a.star for a in call.args)
                or not all(isinstance(v, (cst.Name, cst.Integer, cst.Float)) for v in passed)
                or free & _comprehension_targets(module, call)
            ):
                break
            replaced[call] = cst.ensure_type(construction.visit(_Copy(dict(zip(params, passed)), origin)), cst.Call)
        else:
            body = [s for s in body if s is not definition]
            body = [cst.ensure_type(s.visit(_Calls(replaced, origin, definition)), type(s)) for s in body]
            changed = True
    return body, changed


def _definitions(body: list) -> list[cst.FunctionDef]:
    """The functions defined at module level or in a module-level ``with`` block (``with tf.variable_scope("lstm"):
    def lstm_cell(): ...``, as Learning TensorFlow's stacked LSTM has it): a function defined there is called with
    the module's names all the same."""
    found: list[cst.FunctionDef] = []
    for statement in body:
        if isinstance(statement, cst.FunctionDef):
            found.append(statement)
        elif isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
            inner = list(statement.body.body)
            found += _definitions(inner) if len(inner) > 1 else []  # (a block left empty would not parse)
    return found


def _maker(definition: cst.FunctionDef, resolve, origin: Origins) -> tuple[list[str], cst.Call] | None:
    """``def f(a, b): [docstring] return CELL(...)``, or ``c = CELL(...); [c = DropoutWrapper(c, ...);] return c``
    (each binding of the one local name read once by the next): the parameters and the cell it returns, written as
    one expression (``DropoutWrapper(CELL(...), ...)``)."""
    parameters = definition.params
    if (
        definition.decorators
        or definition.asynchronous is not None
        or parameters.star_arg is not cst.MaybeSentinel.DEFAULT
        or parameters.kwonly_params
        or parameters.star_kwarg is not None
        or parameters.posonly_params
        or any(p.default is not None for p in parameters.params)
        or not isinstance(definition.body, cst.IndentedBlock)
    ):
        return None
    statements = list(definition.body.body)
    first = _only(statements[0]) if statements else None
    if isinstance(first, cst.Expr) and isinstance(first.value, cst.SimpleString):
        statements = statements[1:]
    smalls = [_only(s) for s in statements]
    last = smalls[-1] if smalls else None
    if not isinstance(last, cst.Return) or last.value is None:
        return None
    value: cst.BaseExpression = last.value
    local: str | None = None
    for small in reversed(smalls[:-1]):
        if not (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and local in (None, small.targets[0].target.value)
        ):
            return None
        local = small.targets[0].target.value
        reads = [n for n in loaded_names(value) if n.value == local]
        if len(reads) != 1:
            return None
        swapped = value.visit(Replace({reads[0]: small.value}, origin, made=False))
        assert isinstance(swapped, cst.BaseExpression)
        value = swapped
    if local is not None and any(n.value == local for n in loaded_names(value)):
        return None  # the first binding reads the name itself
    path = (resolve(value.func) or "").removeprefix("compat.v1.") if isinstance(value, cst.Call) else ""
    if not isinstance(value, cst.Call) or not path.startswith(CELLS) or path in MULTI:
        return None
    return [p.name.value for p in parameters.params], value


def _comprehension_targets(module: cst.Module, call: cst.Call) -> set[str]:
    """The names comprehensions around ``call`` bind (they would shadow a module name the cell reads)."""
    found: set[str] = set()
    for node in descendants(module):
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)) and any(
            n is call for n in descendants(node)
        ):
            found |= {n.value for n in descendants(node.for_in.target) if isinstance(n, cst.Name)}
    return found


class _Copy(cst.CSTTransformer):
    """A fresh copy of a construction, parameters replaced by what the call passes; each copy read as its original."""

    def __init__(self, passed: dict[str, cst.BaseExpression], origin: Origins) -> None:
        self.passed, self.origin = passed, origin

    def on_leave(self, original_node, updated_node):
        if isinstance(original_node, cst.Name) and original_node.value in self.passed:
            return self.passed[original_node.value]
        copy = updated_node.with_changes()
        self.origin.add(copy, original_node)
        return copy


class _Calls(cst.CSTTransformer):
    """Each maker call replaced by its construction, the maker's definition (in a ``with`` block) removed; every node
    rebuilt around one read as its original."""

    def __init__(self, replaced: dict[cst.Call, cst.BaseExpression], origin: Origins, definition: cst.CSTNode) -> None:
        self.replaced, self.origin, self.definition = replaced, origin, definition

    def on_leave(self, original_node, updated_node):
        if original_node in self.replaced:
            return self.replaced[original_node]
        if original_node is self.definition:
            return cst.RemoveFromParent()
        if updated_node is not original_node:
            self.origin.add(updated_node, original_node)
        return updated_node


def _wrap(body: list, resolve, origin: Origins) -> tuple[list, bool]:
    """``cell = tf.nn.rnn_cell.BasicLSTMCell(n)`` then ``cell = tf.nn.rnn_cell.DropoutWrapper(cell, ...)`` (the name
    read nowhere between): one statement ``cell = DropoutWrapper(BasicLSTMCell(n), ...)``, the same cell wrapped."""
    changed = False
    index = 0
    while index < len(body):
        small = _only(body[index])
        name = (
            small.targets[0].target.value
            if isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Call)
            and (resolve(small.value.func) or "").removeprefix("compat.v1.").startswith(CELLS)
            else None
        )
        later = next(
            (i for i in range(index + 1, len(body)) if name and any(n.value == name for n in loaded_names(body[i]))),
            None,
        )
        wrapper = _only(body[later]) if later is not None else None
        if (
            name is None
            or not isinstance(small, cst.Assign)
            or not isinstance(wrapper, cst.Assign)
            or len(wrapper.targets) != 1
            or not isinstance(wrapper.targets[0].target, cst.Name)
            or wrapper.targets[0].target.value != name
            or not isinstance(wrapper.value, cst.Call)
            or (resolve(wrapper.value.func) or "").removeprefix("compat.v1.") not in WRAPPERS
            or not wrapper.value.args
            or wrapper.value.args[0].keyword is not None
            or not isinstance(wrapper.value.args[0].value, cst.Name)
            or wrapper.value.args[0].value.value != name
            or sum(1 for n in loaded_names(wrapper.value) if n.value == name) != 1
        ):
            index += 1
            continue
        assert later is not None
        built = small.value
        new_statement = body[later].visit(Replace({wrapper.value.args[0].value: built}, origin, made=False))
        body = [*body[:index], *body[index + 1 : later], new_statement, *body[later + 1 :]]
        changed = True
    return body, changed


def _empty_list(statement: cst.CSTNode) -> str | None:
    """``name = []``: the name."""
    small = _only(statement)
    if (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and isinstance(small.value, cst.List)
        and not small.value.elements
    ):
        return small.targets[0].target.value
    return None


def _only(statement: cst.CSTNode) -> cst.BaseSmallStatement | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        return statement.body[0]
    return None


def _append(statement: cst.CSTNode, name: str) -> cst.BaseExpression | None:
    """``name.append(item)`` as a statement: the item."""
    small = _only(statement)
    call = small.value if isinstance(small, cst.Expr) else None
    if (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and isinstance(call.func.value, cst.Name)
        and call.func.value.value == name
        and call.func.attr.value == "append"
        and len(call.args) == 1
        and call.args[0].keyword is None
        and not call.args[0].star
    ):
        return call.args[0].value
    return None


def _loop(statement: cst.CSTNode, name: str) -> cst.ListComp | None:
    """``for i in range(k): name.append(item)``: ``[item for i in range(k)]``."""
    if not (
        isinstance(statement, cst.For)
        and statement.orelse is None
        and statement.asynchronous is None
        and isinstance(statement.body, cst.IndentedBlock)
        and len(statement.body.body) == 1
    ):
        return None
    item = _append(statement.body.body[0], name)
    if item is None:
        return None
    return cst.ListComp(elt=item, for_in=cst.CompFor(target=statement.target, iter=statement.iter))


def _fold(module: cst.Module, body: list, index: int, name: str, resolve, origin: Origins) -> list | None:
    items: list[cst.BaseExpression] = []
    comprehension: cst.ListComp | None = None
    filled: list[int] = []
    consumer = None
    for later in range(index + 1, len(body)):
        statement = body[later]
        item = _append(statement, name)
        loop = _loop(statement, name) if item is None else None
        if item is not None or loop is not None:
            if comprehension is not None or (loop is not None and items):
                return None  # a loop and other appends: not one list expression
            if item is not None:
                items.append(item)
            else:
                comprehension = loop
            filled.append(later)
            continue
        if any(n.value == name for n in loaded_names(statement)):
            consumer = later
            break
    if consumer is None or not (items or comprehension):
        return None
    call = _multi_call(body[consumer], name, resolve)
    mentions = [n for n in loaded_names(module) if n.value == name]  # not attribute names (``tf.layers``)
    if call is None or len(mentions) != 2 + len(filled):  # bound, filled, read once: used nowhere else
        return None
    value: cst.BaseExpression
    if comprehension is not None:
        loop = body[filled[0]]
        inside = {id(n) for n in loaded_names(loop)}
        bound = {n.value for n in loaded_names(comprehension.for_in.target)}
        if any(n.value in bound and id(n) not in inside for n in loaded_names(module)):
            return None  # the loop variable is read after the loop (a comprehension's is its own)
        value, made = comprehension, [comprehension, comprehension.for_in]
    else:
        value = cst.List([cst.Element(item) for item in items])
        made = [value, *value.elements]
    read = {n.value for n in loaded_names(value)}
    between = [body[i] for i in range(filled[0], consumer) if i not in filled]
    if name in read or any(_binds(statement, read) for statement in between):
        return None
    for node in made:
        origin.add(node, call.args[0].value)
    new_arg = call.args[0].with_changes(value=value)
    new_call = call.with_changes(args=[new_arg, *call.args[1:]])
    origin.add(new_arg, call.args[0])
    new_consumer = body[consumer].visit(Replace({call: new_call}, origin, made=True))
    kept = [s for i, s in enumerate(body) if i != index and i not in filled and i != consumer]
    at = consumer - 1 - len(filled)
    return [*kept[:at], new_consumer, *kept[at:]]


def _multi_call(statement: cst.CSTNode, name: str, resolve) -> cst.Call | None:
    """The ``MultiRNNCell(name)`` call of a top-level statement, given the list as its only cells argument."""
    for node in descendants(statement):
        if (
            isinstance(node, cst.Call)
            and (resolve(node.func) or "").removeprefix("compat.v1.") in MULTI
            and node.args
            and node.args[0].keyword in (None,)
            and isinstance(node.args[0].value, cst.Name)
            and node.args[0].value.value == name
        ):
            return node
    return None


def _binds(statement: cst.SimpleStatementLine | cst.BaseCompoundStatement, names: set[str]) -> bool:
    """``statement`` binds one of ``names`` in the module's scope (what a function or comprehension binds is its own)."""
    return not names.isdisjoint(Bindings(cst.Module(body=[statement])).sites)
