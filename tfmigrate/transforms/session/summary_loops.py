"""Summaries made in a loop over tensors: ``for value in [x, w, y, loss]: tf.summary.scalar(value.op.name, value)``,
``for var in tf.trainable_variables(): tf.summary.histogram(var.name, var)``.

TF1 ran such a loop once, while it built the graph: one summary op per tensor, in the list's order, each named after
its tensor (``value.op.name``: TF1 then made the tag unique, ``weight_1`` after the variable ``weight``). Before the
proof the loop is unrolled into one statement per tensor, the loop variable replaced by it, so summaries.py meets the
statements TF1 ran and names each summary from the tensor's op name it computes (a ``name=`` given, or a listed op's
default name in a scope whose every op name it knows); a name it cannot tell keeps the graph tier. The loop is
unrolled only over a literal list or tuple of names or of (tag, tensor) pairs of literals and names, or over
``tf.trainable_variables()`` where every call before the loop is one known to create no variable but ``tf.Variable``
bound to a name: then the list is those variables, in the order they were made, less those made ``trainable=False``.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import host_builtins
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.loops import Origins, Substitute, pair_clone, pair_nodes
from tfmigrate.transforms.session.summaries import NAMED, OPS, SCOPE_NAMES

LISTED = frozenset(key.split("/")[0] for key in SCOPE_NAMES if not key.startswith("op:")) | NAMED
NO_VARIABLES = ("summary.", "train.", "random", "truncated_normal", "reduce_", "math.", "losses.", "nn.", "examples.")
VARIABLE_MAKERS = ("nn.rnn_cell", "nn.dynamic_rnn", "nn.static_rnn", "nn.bidirectional", "nn.raw_rnn", "train.import")
PLAIN = frozenset({"name_scope", "placeholder", "global_variables_initializer", "initialize_all_variables"})
PLAIN |= frozenset({"set_random_seed", "reset_default_graph", "Session", "InteractiveSession", "fill", "linspace"})
METHODS = frozenset({"minimize", "get_shape", "as_list"})  # a method call that makes no trainable variable
HOSTS = frozenset({"numpy", "math", "os", "sys", "time", "random", "pandas", "matplotlib", "sklearn", "scipy", "json"})
BUILTINS = frozenset({"print", "len", "range", "int", "float", "str", "list", "tuple", "dict", "min", "max", "zip"})


def unroll(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf] | None:
    """The module with each summary loop over known tensors unrolled; None when there is none."""
    origin = Origins()
    changed = False

    def resolve_new(node: cst.CSTNode) -> str | None:
        return resolve(origin.of(node))

    def line_of_new(node: cst.CSTNode) -> int:
        return line_of(origin.of(node))

    def block(statements: list[cst.BaseStatement], before: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
        nonlocal changed
        out: list[cst.BaseStatement] = []
        for statement in statements:
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                inner = block(list(statement.body.body), [*before, *out])
                if inner != list(statement.body.body):
                    statement = statement.with_changes(body=statement.body.with_changes(body=inner))
            elif isinstance(statement, cst.For):
                values = _values(module, resolve_new, statement, [*before, *out])
                if values is not None:
                    out.extend(_unrolled(module, statement, values, origin))
                    changed = True
                    continue
            out.append(statement)
        return out

    body = block(list(module.body), [])
    if not changed:
        return None
    return module.with_changes(body=body), resolve_new, line_of_new


def _path(resolve: Resolve, func: cst.BaseExpression) -> str | None:
    path = resolve(func)
    return path.removeprefix("compat.v1.") if path is not None else None


def _values(module: cst.Module, resolve: Resolve, loop: cst.For, before) -> list[dict[str, cst.BaseExpression]] | None:
    """Each iteration's loop names and what they hold, when the body is summary statements only: a tensor per
    iteration, or a (tag, tensor) pair (``for name, t in [("loss", loss), ("acc", acc)]``)."""
    body = loop.body.body if isinstance(loop.body, cst.IndentedBlock) else ()
    if not body or loop.orelse is not None or loop.asynchronous is not None:
        return None
    for statement in body:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return None
        small = statement.body[0]
        if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
            return None
        if _path(resolve, small.value.func) not in OPS:
            return None
    it = loop.iter
    target = loop.target
    if isinstance(target, cst.Name) and isinstance(it, cst.Call) and not it.args:
        if _path(resolve, it.func) == "trainable_variables":
            variables = _trainable(module, resolve, before)
            return [{target.value: v} for v in variables] if variables is not None else None
        return None
    if not isinstance(it, (cst.List, cst.Tuple)) or not it.elements:
        return None
    if isinstance(target, cst.Name):
        names = [target.value]
    elif isinstance(target, (cst.Tuple, cst.List)) and all(
        isinstance(e, cst.Element) and isinstance(e.value, cst.Name) for e in target.elements
    ):
        names = [e.value.value for e in target.elements]  # type: ignore[attr-defined]
    else:
        return None
    if len(set(names)) != len(names):
        return None
    iterations: list[dict[str, cst.BaseExpression]] = []
    for element in it.elements:
        if not isinstance(element, cst.Element):
            return None
        parts = [element.value] if isinstance(target, cst.Name) else _parts(element.value, len(names))
        if parts is None or not all(isinstance(p, (cst.Name, cst.SimpleString)) for p in parts):
            return None
        iterations.append(dict(zip(names, parts)))
    return iterations


def _parts(value: cst.BaseExpression, count: int) -> list[cst.BaseExpression] | None:
    if not isinstance(value, (cst.Tuple, cst.List)) or len(value.elements) != count:
        return None
    if not all(isinstance(e, cst.Element) for e in value.elements):
        return None
    return [e.value for e in value.elements]


def _trainable(module: cst.Module, resolve: Resolve, before) -> list[cst.Name] | None:
    """The names bound to trainable ``tf.Variable``s by the statements before the loop, in order; None where a
    statement may make a variable another way (a layer, a cell, a helper, an unknown call) or binds one otherwise."""
    libraries = _host_names(module)
    functions = {s.name.value for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    functions |= host_builtins.shadowed(module, BUILTINS)  # ``from model import dense as max``: the module's own
    found: list[cst.Name] = []

    def walk(statements) -> bool:
        for statement in statements:
            if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                continue
            if isinstance(statement, cst.With):
                if not all(_known_call(i.item, resolve, libraries, functions) for i in statement.items):
                    return False
                if not walk(statement.body.body):
                    return False
                continue
            if not isinstance(statement, cst.SimpleStatementLine):
                return False
            for small in statement.body:
                for node in descendants(small):
                    if isinstance(node, (cst.Lambda, cst.FunctionDef)):
                        return False
                    if not isinstance(node, cst.Call):
                        continue
                    if _path(resolve, node.func) == "Variable":
                        if not (isinstance(small, cst.Assign) and small.value is node and len(small.targets) == 1):
                            return False
                        target = small.targets[0].target
                        trainable = _trainable_argument(node)
                        if not isinstance(target, cst.Name) or trainable is None:
                            return False
                        if trainable:
                            found.append(target)
                    elif not _known_call(node, resolve, libraries, functions):
                        return False
        return True

    if not walk(before) or not found:
        return None
    names = [n.value for n in found]
    if len(set(names)) != len(names):
        return None  # a name bound to two variables: the loop reads both, the name only the last
    return [cst.Name(n) for n in names]


def _trainable_argument(call: cst.Call) -> bool | None:
    """``trainable=`` of a ``tf.Variable`` call as a literal (True when absent); None when it is not one."""
    positional = [a for a in call.args if a.keyword is None]
    given = [a.value for a in call.args if a.keyword is not None and a.keyword.value == "trainable"]
    if any(a.star for a in call.args):
        return None
    if len(positional) > 1:
        given.append(positional[1].value)
    if not given:
        return True
    value = given[0]
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return value.value == "True"
    return None


def _known_call(node: cst.BaseExpression, resolve: Resolve, libraries: set[str], functions: set[str]) -> bool:
    """A call known to make no trainable variable."""
    if not isinstance(node, cst.Call):
        return True
    path = _path(resolve, node.func)
    if path is not None:
        if path.startswith(VARIABLE_MAKERS):
            return False
        return path in LISTED or path in PLAIN or path.startswith(NO_VARIABLES)
    if isinstance(node.func, cst.Attribute) and node.func.attr.value in METHODS:
        return True
    root = node.func
    while isinstance(root, cst.Attribute):
        root = root.value
    if not isinstance(root, cst.Name) or root.value in functions:
        return False
    return root.value in libraries or root.value in BUILTINS


def _host_names(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if alias.evaluated_name.split(".")[0] in HOSTS:
                        names.add(alias.evaluated_alias or alias.evaluated_name.split(".")[0])
    return names


def _unrolled(
    module: cst.Module, loop: cst.For, iterations: list[dict[str, cst.BaseExpression]], origin: Origins
) -> list[cst.BaseStatement]:
    body = [s for s in loop.body.body if isinstance(s, cst.SimpleStatementLine)]  # _values: nothing else
    out: list[cst.BaseStatement] = []
    for mapping in iterations:
        for statement in body:
            copy = _copy(statement, mapping, origin)
            if not out:
                copy = copy.with_changes(leading_lines=loop.leading_lines)
            out.append(copy)
    inside = {id(n) for n in loaded_names(loop)}
    for variable, last in iterations[-1].items():
        reads = [n for n in loaded_names(module) if n.value == variable]
        if any(id(n) not in inside for n in reads):  # read after the loop: it holds the last value
            out.append(cst.parse_statement(f"{variable} = {module.code_for_node(last)}\n"))
    return out


def _copy(
    statement: cst.SimpleStatementLine, mapping: dict[str, cst.BaseExpression], origin: Origins
) -> cst.BaseStatement:
    """A fresh copy of ``statement`` with the loop variable replaced, each new node mapped to its original."""
    substituted = statement.visit(Substitute(mapping))
    assert isinstance(substituted, cst.SimpleStatementLine)  # a summary statement: _values takes no other
    step = Origins()
    pair_nodes(statement, substituted, step)
    clone = substituted.deep_clone()
    pair_clone(substituted, clone, step, origin)
    return clone
