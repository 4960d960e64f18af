"""Where a program changes a host value in place (``Proof.captured``): a TF1 graph froze the Python values it was
built from, while the eager function built from them reads each value when it runs (a ``tf.function``: when it is
traced, at its first call), so a value changed after the graph read it gives other numbers.

A value changes in place through its own name (``mean += 1``, ``scale[0] = 2``, ``mean.fill(0)``), through another
name bound to the same object (``view = mean`` ... ``view += 1``), or inside a call given it: numpy's ``out=``,
``np.random.shuffle(data)`` / ``np.copyto(mean, ...)``, or a function of the module that changes that parameter
(``def shift(values): values += 1``). Each was measured on TF 2.21 (tests/test_captured_host_values.py): the
eager program printed other numbers than TF1. A number or string bound by a literal cannot change in place.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants

MUTATORS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "sort",
        "reverse",
        "clear",
        "update",
        "fill",
        "resize",
        "setdefault",
        "itemset",
        "put",
        "shuffle",
    }
)
# functions (numpy's, ``random.shuffle``, a ``RandomState``'s) that change their first argument in place
FIRST_ARGUMENT = frozenset({"shuffle", "copyto", "put", "place", "putmask", "fill_diagonal", "put_along_axis"})
LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def changes(program: Program, names: set[str]) -> Iterator[tuple[cst.CSTNode, str]]:
    """Each place that may change the value bound to one of ``names`` in place: the node and that name."""
    bound = _aliases(program, {name for name in names if not _immutable(program, name)})
    changing = _changing_parameters(program)
    for current in descendants(program.module):
        direct = _changed(program, current)
        if direct is not None and direct in names:
            yield current, direct
        elif direct is not None and direct in bound:
            yield current, bound[direct]
        if isinstance(current, cst.Call):
            for index, arg in enumerate(current.args):
                value = arg.value
                if (
                    isinstance(value, cst.Name)
                    and value.value in bound
                    and _changes_argument(program, current, index, arg, changing)
                ):
                    yield current, bound[value.value]


def _changed(program: Program, node: cst.CSTNode) -> str | None:
    """The name whose value ``node`` changes in place (``x += 1``, ``x[0] = 1``, ``x.a = 1``, ``x.fill(0)``)."""
    target: cst.BaseExpression | None = None
    if isinstance(node, cst.AugAssign):
        target = node.target
    elif isinstance(node, cst.AssignTarget) and not isinstance(node.target, cst.Name):
        target = node.target
    elif (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value in MUTATORS
        and program.tf_path(node.func) is None  # ``tf.fill([6], 0.5)`` makes a tensor
    ):
        target = node.func
    while isinstance(target, (cst.Attribute, cst.Subscript)):
        target = target.value
    return target.value if isinstance(target, cst.Name) else None


def _changes_argument(
    program: Program, call: cst.Call, index: int, arg: cst.Arg, changing: dict[str, set[int | str]]
) -> bool:
    if arg.keyword is not None and arg.keyword.value == "out":
        return True
    func = call.func
    if index == 0 and arg.keyword is None and isinstance(func, cst.Attribute) and func.attr.value in FIRST_ARGUMENT:
        return program.tf_path(func) is None
    if isinstance(func, cst.Name) and func.value in changing:
        return (arg.keyword.value if arg.keyword is not None else index) in changing[func.value]
    return False


def _aliases(program: Program, names: set[str]) -> dict[str, str]:
    """Each name bound to the object of one of ``names`` (itself included, ``view = mean``, ``a = b = mean``, and
    the other way: ``s = SCALES`` then ``SCALES[0] = 4.0`` changes what ``s`` holds) -> that name."""
    bound = {name: name for name in names}
    copies = [  # ``view = mean``: the name copied and the names the assignment binds, in the module's order
        (n.value.value, [t.target.value for t in n.targets if isinstance(t.target, cst.Name)])
        for n in descendants(program.module)
        if isinstance(n, cst.Assign) and isinstance(n.value, cst.Name)
    ]
    grew = True
    while grew:
        grew = False
        for source, names_bound in copies:
            if source in bound:
                for target in names_bound:
                    if target not in bound:
                        bound[target] = bound[source]
                        grew = True
            elif held := [target for target in names_bound if target in bound]:
                bound[source] = bound[held[0]]
                grew = True
    return bound


def _immutable(program: Program, name: str) -> bool:
    """``name`` is bound (once: ``Proof.captured`` refuses more) by a number or string literal."""
    for node in program.module.body:
        if not isinstance(node, cst.SimpleStatementLine):
            continue
        for small in node.body:
            if isinstance(small, cst.Assign) and any(
                isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
            ):
                value = small.value
                if isinstance(value, cst.UnaryOperation):
                    value = value.expression
                return isinstance(value, LITERALS)
    return False


def _changing_parameters(program: Program) -> dict[str, set[int | str]]:
    """Module-level functions -> the parameters (position and name) whose value they change in place."""
    found: dict[str, set[int | str]] = {}
    for statement in program.module.body:
        if not isinstance(statement, cst.FunctionDef):
            continue
        params = [p.name.value for p in (*statement.params.posonly_params, *statement.params.params)]
        changed: set[str | None] = set()
        for node in descendants(statement.body):
            changed.add(_changed(program, node))
            if isinstance(node, cst.Call):
                changed.update(
                    arg.value.value
                    for index, arg in enumerate(node.args)
                    if isinstance(arg.value, cst.Name) and _changes_argument(program, node, index, arg, {})
                )
        hits = {(index, name) for index, name in enumerate(params) if name in changed}
        if hits:
            found[statement.name.value] = {part for hit in hits for part in hit}
    return found
