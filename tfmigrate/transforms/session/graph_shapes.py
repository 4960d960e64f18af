"""The static shape and dtype TF1's graph gave a computed tensor, for ``print(y)`` of ``y = tf.matmul(x, W) + b``.

TF1 printed ``Tensor("add:0", shape=(?, 10), dtype=float32)``: the shape graph construction inferred, ``?`` where a
placeholder left a dimension open. Eagerly ``y`` is a function of the placeholders it reads, with no value to ask,
so the text is told here, at migration time, from the rules TF's shape functions follow for the ops of a small
table: broadcasting for elementwise ops (a known dimension over ``?``, 1 under anything), matmul, reductions over a
literal axis (all of them without one), reshape to a literal shape, argmax, cast; a Python number takes the dtype
of the tensor it meets. tests/test_print_computed.py checks each rule against TF 2.21 in graph mode. Anything
else raises ``Unmodelled`` naming the construct, and the printed value keeps the graph tier with that reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import Program, descendants, inside_functions

Shape = tuple[int | None, ...] | None  # None: the rank is unknown (TF1 printed no shape)
PY_INT, PY_FLOAT = "python int", "python float"  # a Python number: its dtype is the tensor's it meets
FLOATS = frozenset({"float16", "float32", "float64"})
INTS = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16"})
DTYPES = FLOATS | INTS | {"bool", "string"}
# ``a / b`` of integers: TF1's truediv casts to a float wide enough (math_ops._TRUEDIV_TABLE).
TRUEDIV = {"int8": "float32", "uint8": "float32", "int16": "float32", "uint16": "float32", "int32": "float64"}
TRUEDIV["int64"] = "float64"
ELEMENTWISE = frozenset(
    {
        "add",
        "math.add",
        "subtract",
        "math.subtract",
        "multiply",
        "math.multiply",
        "maximum",
        "math.maximum",
        "minimum",
        "math.minimum",
        "pow",
        "math.pow",
        "div",
        "squared_difference",
        "math.squared_difference",
    }
)
DIVISIONS = frozenset({"divide", "math.divide", "truediv"})
COMPARISONS = frozenset(
    {
        "equal",
        "math.equal",
        "not_equal",
        "math.not_equal",
        "greater",
        "math.greater",
        "less",
        "math.less",
        "greater_equal",
        "math.greater_equal",
        "less_equal",
        "math.less_equal",
    }
)
UNARY = frozenset(
    {
        "negative",
        "math.negative",
        "abs",
        "math.abs",
        "square",
        "math.square",
        "sqrt",
        "math.sqrt",
        "exp",
        "math.exp",
        "log",
        "math.log",
        "sigmoid",
        "nn.sigmoid",
        "math.sigmoid",
        "tanh",
        "nn.tanh",
        "math.tanh",
        "nn.relu",
        "nn.softmax",
        "math.softmax",
    }
)
FILLS = frozenset({"zeros", "ones", "random_normal", "random.normal", "truncated_normal", "random.truncated_normal"})
FILLS |= {"random_uniform", "random.uniform"}
REDUCTIONS = frozenset({"reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"})
ARGMAX = frozenset({"argmax", "math.argmax", "argmin", "math.argmin"})
CASTS = frozenset({"cast", "dtypes.cast"})
OPERATORS: dict[type, str] = {
    cst.Add: "add",
    cst.Subtract: "subtract",
    cst.Multiply: "multiply",
    cst.Divide: "truediv",
    cst.FloorDivide: "floordiv",
    cst.Modulo: "mod",
    cst.Power: "pow",
    cst.MatrixMultiply: "matmul",
}


class Unmodelled(Exception):
    """The shape or dtype of this construct is not modelled: the message names it."""


@dataclass(frozen=True)
class Static:
    shape: Shape
    dtype: str

    def text(self) -> str:
        """``, shape=(?, 3)`` as TF1's Tensor repr wrote it; nothing for an unknown rank."""
        if self.shape is None:
            return ""
        dims = ["?" if d is None else str(d) for d in self.shape]
        return ", shape=(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"

    @property
    def fully_known(self) -> bool:
        return self.shape is not None and None not in self.shape


class Shapes:
    """Static shapes of a module's graph values, each name's once."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.cache: dict[str, Static] = {}
        self.code = program.module.code_for_node
        self.numbers = module_numbers(program)

    def of(self, value: cst.BaseExpression) -> Static:
        if isinstance(value, cst.Name):
            return self.name(value)
        if isinstance(value, (cst.Integer, cst.Float, cst.List, cst.Tuple)) or _negated_number(value):
            return python_value(value)
        if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
            return self.tensor(value.expression)
        if isinstance(value, cst.BinaryOperation):
            operator = OPERATORS.get(type(value.operator))
            if operator is None:
                raise Unmodelled(f"the operator of `{self.code(value)}` is not modelled")
            if operator == "matmul":
                return self.matmul(value.left, value.right, value)
            return self.binary(operator, value.left, value.right, value)
        if isinstance(value, cst.Call):
            return self.call(value)
        raise Unmodelled(f"the shape of `{self.code(value)}` is not modelled")

    def tensor(self, value: cst.BaseExpression) -> Static:
        """A tensor operand: a Python number alone is converted to its default dtype."""
        static = self.of(value)
        return default_dtype(static)

    def name(self, name: cst.Name) -> Static:
        program = self.program
        cached = self.cache.get(name.value)
        if cached is not None:
            return cached
        node = program.nodes.get(name.value)
        if node is None and name.value in self.numbers:
            return python_value(self.numbers[name.value])
        if node is None:
            raise Unmodelled(f"the value of the Python name `{name.value}` is not modelled")
        if len(program.versions.get(name.value, [])) != 1 or program.binds.get(name.value, 0) != 1:
            raise Unmodelled(f"`{name.value}` is bound more than once")
        value = node.value
        if node.kind == "placeholder" and isinstance(value, cst.Call) and node.default != node.name:
            shape = declared_shape(self.resolved(value), 1)
            static = Static(shape, self.dtype(argument(value, 0, "dtype"), value))
        elif node.kind == "variable" and isinstance(value, cst.Call) and program.tf1_path(value.func) == "Variable":
            static = self.variable(value)
        elif node.kind in ("const", "tensor") or node.default == node.name:  # a fed constant (fed_tensors.py)
            static = default_dtype(self.of(value))
        else:
            raise Unmodelled(f"the shape of `{name.value}` ({node.kind}) is not modelled")
        self.cache[name.value] = static
        return static

    def variable(self, call: cst.Call) -> Static:
        if any(a.keyword is not None and a.keyword.value in ("validate_shape", "shape") for a in call.args):
            raise Unmodelled(f"the shape of `{self.code(call)}` (its shape given apart) is not modelled")
        initial = argument(call, 0, "initial_value")
        if initial is None:
            raise Unmodelled(f"`{self.code(call)}` without an initial value is not modelled")
        static = self.of(initial.value)
        given = argument(call, None, "dtype")
        if given is not None:
            return converted(static, self.dtype(given, call), call, self.code)
        return default_dtype(static)

    def dtype(self, given: cst.Arg | None, call: cst.Call) -> str:
        if given is None:
            raise Unmodelled(f"the dtype of `{self.code(call)}` is not modelled")
        path = self.program.tf1_path(given.value)
        literal = literal_string(given.value)
        if path in DTYPES:
            return path
        if literal in ("float", "double") or literal in DTYPES:
            return {"float": "float32", "double": "float64"}.get(literal, literal)
        raise Unmodelled(f"the dtype `{self.code(given.value)}` is not modelled")

    def resolved(self, node: cst.CSTNodeT) -> cst.CSTNodeT:
        """``node`` with each module-level number it reads written in (``[None, n_input]`` -> ``[None, 784]``)."""
        return node.visit(_Numbers(self.numbers)) if self.numbers else node  # type: ignore[return-value]

    # ------------------------------------------------------------------ ops
    def call(self, call: cst.Call) -> Static:
        path = self.program.tf1_path(call.func) or ""
        code = self.code(call)
        if any(a.star for a in call.args):
            raise Unmodelled(f"the shape of `{code}` is not modelled")
        args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "name")]
        positional = [a.value for a in args if a.keyword is None]
        if path == "constant":
            return self.constant(call)
        if path in FILLS:
            shape = literal_shape(argument(self.resolved(call), 0, "shape"), code)
            given = argument(call, 1 if path in ("zeros", "ones") else 3, "dtype")
            return Static(shape, self.dtype(given, call) if given is not None else "float32")
        if path in UNARY and len(args) == 1 and positional:
            static = self.tensor(positional[0])
            if path.startswith("nn.softmax") or path == "math.softmax":
                if static.dtype not in FLOATS:
                    raise Unmodelled(f"`{code}` of a {static.dtype} tensor is not modelled")
            return static
        if path in ELEMENTWISE and len(args) == 2 and len(positional) == 2:
            return self.binary(path.rsplit(".", 1)[-1], positional[0], positional[1], call)
        if path in DIVISIONS and len(args) == 2 and len(positional) == 2:
            return self.binary("truediv", positional[0], positional[1], call)
        if path in COMPARISONS and len(args) == 2 and len(positional) == 2:
            static = self.binary("compare", positional[0], positional[1], call)
            return Static(static.shape, "bool")
        if path in ("matmul", "linalg.matmul") and len(args) == 2 and len(positional) == 2:
            return self.matmul(positional[0], positional[1], call)
        if path in REDUCTIONS:
            return self.reduction(call, code)
        if path in ARGMAX:
            return self.argmax(call, code)
        if path == "reshape" and len(args) == 2 and len(positional) == 2:
            return reshape(self.tensor(positional[0]), self.resolved(positional[1]), code)
        if path == "squeeze" and len(args) in (1, 2) and (len(args) == 1 or _keyword(args[1], "axis")):
            return squeeze(self.tensor(args[0].value), args[1].value if len(args) == 2 else None, code)
        if path == "expand_dims" and len(args) == 2 and _keyword(args[1], "axis"):
            return expand_dims(self.tensor(args[0].value), args[1].value, code)
        if path in CASTS and len(args) == 2 and len(positional) == 2:
            static = self.tensor(positional[0])
            return Static(static.shape, self.dtype(args[1], call))
        if path == "transpose" and len(args) in (1, 2) and (len(args) == 1 or _keyword(args[1], "perm")):
            return transpose(self.tensor(args[0].value), args[1].value if len(args) == 2 else None, code)
        if (
            path in ("concat", "stack")
            and len(args) in (1, 2)
            and all(_keyword(a, k) for a, k in zip(args, ("values", "axis")))
        ):
            if not isinstance(args[0].value, (cst.List, cst.Tuple)) or not args[0].value.elements:
                raise Unmodelled(f"the shape of `{code}` (values that are no literal list) is not modelled")
            values = [self.of(e.value) for e in args[0].value.elements if not isinstance(e, cst.StarredElement)]
            if len(values) != len(args[0].value.elements) or any(v.dtype in (PY_INT, PY_FLOAT) for v in values):
                raise Unmodelled(f"the shape of `{code}` (Python values among the tensors) is not modelled")
            if len({v.dtype for v in values}) != 1:
                raise Unmodelled(f"the dtype of `{code}` (values of different dtypes) is not modelled")
            if len(args) == 1 and path == "concat":
                raise Unmodelled(f"the shape of `{code}` is not modelled")
            axis = literal_axes(args[1].value, code, single=True)[0] if len(args) == 2 else 0
            return joined(path, values, axis, code)
        raise Unmodelled(f"the shape of `{code}` is not modelled")

    def constant(self, call: cst.Call) -> Static:
        code = self.code(call)
        value = argument(call, 0, "value")
        if value is None or argument(call, 4, "verify_shape") is not None:
            raise Unmodelled(f"the shape of `{code}` is not modelled")
        if isinstance(value.value, cst.SimpleString) or isinstance(value.value, cst.ConcatenatedString):
            static = Static((), "string")
        else:
            static = python_value(value.value)
        given = argument(call, 1, "dtype")
        if given is not None:
            static = converted(static, self.dtype(given, call), call, self.code)
        shape = argument(call, 2, "shape")
        if shape is not None:
            return Static(literal_shape(shape, code), default_dtype(static).dtype)
        return default_dtype(static)

    def binary(self, op: str, left: cst.BaseExpression, right: cst.BaseExpression, node: cst.CSTNode) -> Static:
        code = self.code(node)
        a, b = self.of(left), self.of(right)
        dtype = combined(a.dtype, b.dtype, code)
        if op == "truediv":
            dtype = TRUEDIV.get(dtype, dtype)
            if dtype not in FLOATS:
                raise Unmodelled(f"the dtype of `{code}` is not modelled")
        elif op in ("floordiv", "mod") and dtype not in INTS | FLOATS:
            raise Unmodelled(f"the dtype of `{code}` is not modelled")
        return Static(broadcast(a.shape, b.shape, code), dtype)

    def matmul(self, left: cst.BaseExpression, right: cst.BaseExpression, node: cst.CSTNode) -> Static:
        code = self.code(node)
        a, b = self.tensor(left), self.tensor(right)
        if a.dtype != b.dtype or a.dtype not in FLOATS | {"int32"}:
            raise Unmodelled(f"the dtype of `{code}` is not modelled")
        if a.shape is None or b.shape is None or len(a.shape) != 2 or len(b.shape) != 2:
            raise Unmodelled(f"the shape of `{code}` (a matmul of operands not both of rank 2) is not modelled")
        inner = (a.shape[1], b.shape[0])
        if None not in inner and inner[0] != inner[1]:
            raise Unmodelled(f"the shape of `{code}` (its inner dimensions differ) is not modelled")
        return Static((a.shape[0], b.shape[1]), a.dtype)

    def reduction(self, call: cst.Call, code: str) -> Static:
        first = argument(call, 0, "input_tensor")
        if first is None or argument(call, None, "keep_dims") is not None:
            raise Unmodelled(f"the shape of `{code}` is not modelled")
        static = self.tensor(first.value)
        if static.dtype not in FLOATS | INTS:
            raise Unmodelled(f"the dtype of `{code}` is not modelled")
        axis = argument(call, 1, "axis") or argument(call, None, "reduction_indices")
        keep = argument(call, 2, "keepdims")
        keepdims = _bool(keep, code)
        if axis is None or _none(axis.value):
            if keepdims:
                if static.shape is None:
                    return static
                return Static(tuple(1 for _ in static.shape), static.dtype)
            return Static((), static.dtype)
        axes = literal_axes(axis.value, code)
        if static.shape is None:
            return static
        rank = len(static.shape)
        normal = {a + rank if a < 0 else a for a in axes}
        if len(normal) != len(axes) or not all(0 <= a < rank for a in normal):
            raise Unmodelled(f"the axis of `{code}` is not modelled")
        if keepdims:
            return Static(tuple(1 if i in normal else d for i, d in enumerate(static.shape)), static.dtype)
        return Static(tuple(d for i, d in enumerate(static.shape) if i not in normal), static.dtype)

    def argmax(self, call: cst.Call, code: str) -> Static:
        first = argument(call, 0, "input")
        axis = argument(call, 1, "axis") or argument(call, None, "dimension")
        if (
            first is None
            or axis is None
            or len([a for a in call.args if a.keyword is None or a.keyword.value != "name"]) != 2
        ):
            raise Unmodelled(f"the shape of `{code}` is not modelled")
        static = self.tensor(first.value)
        (index,) = literal_axes(axis.value, code, single=True)
        if static.shape is None:
            return Static(None, "int64")
        rank = len(static.shape)
        if not -rank <= index < rank:
            raise Unmodelled(f"the axis of `{code}` is not modelled")
        index %= rank
        return Static(tuple(d for i, d in enumerate(static.shape) if i != index), "int64")


class _Numbers(cst.CSTTransformer):
    def __init__(self, numbers: dict[str, cst.BaseExpression]) -> None:
        super().__init__()
        self.numbers = numbers

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return False

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(keyword=original.keyword)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return self.numbers.get(original.value, updated)


def module_numbers(program: Program) -> dict[str, cst.BaseExpression]:
    """Module-level names bound once, to a number literal (``n_input = 784``), that no function binds or reads as
    its own: wherever a graph value reads one, it holds that number."""
    numbers: dict[str, cst.BaseExpression] = {}
    for statement in program.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and (isinstance(small.value, (cst.Integer, cst.Float)) or _negated_number(small.value))
                and program.binds.get(small.targets[0].target.value, 0) == 1
            ):
                numbers[small.targets[0].target.value] = small.value
    if numbers:
        for node in inside_functions(program.module):
            if isinstance(node, cst.Name):
                numbers.pop(node.value, None)
        for node in descendants(program.module):
            if isinstance(node, cst.Param):
                numbers.pop(node.name.value, None)
    return numbers


def _negated_number(value: cst.BaseExpression) -> bool:
    return (
        isinstance(value, cst.UnaryOperation)
        and isinstance(value.operator, cst.Minus)
        and isinstance(value.expression, (cst.Integer, cst.Float))
    )


def _none(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "None"


def _bool(arg: cst.Arg | None, code: str) -> bool:
    if arg is None:
        return False
    if isinstance(arg.value, cst.Name) and arg.value.value in ("True", "False", "None"):
        return arg.value.value == "True"
    raise Unmodelled(f"the keepdims of `{code}` is not modelled")


def python_value(value: cst.BaseExpression) -> Static:
    """A literal number or (nested) list of numbers: its shape and Python dtype."""
    number = value.expression if _negated_number(value) else value  # type: ignore[attr-defined]
    if isinstance(number, cst.Integer):
        return Static((), PY_INT)
    if isinstance(value, cst.Float) or _negated_number(value):
        return Static((), PY_FLOAT)
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return Static((), "bool")
    if isinstance(value, (cst.List, cst.Tuple)) and value.elements:
        inner = [python_value(e.value) for e in value.elements if not isinstance(e, cst.StarredElement)]
        if len(inner) != len(value.elements) or len({s.shape for s in inner}) != 1:
            raise Unmodelled("the shape of a ragged or starred list is not modelled")
        dtypes = {s.dtype for s in inner}
        dtype = PY_FLOAT if dtypes == {PY_FLOAT, PY_INT} else dtypes.pop() if len(dtypes) == 1 else ""
        if not dtype:
            raise Unmodelled("the dtype of a list of mixed values is not modelled")
        shape = inner[0].shape
        assert shape is not None
        return Static((len(inner), *shape), dtype)
    raise Unmodelled("the value of a non-literal Python value is not modelled")


def default_dtype(static: Static) -> Static:
    """A Python value made a tensor on its own: ints become int32, floats float32 (TF1's defaults)."""
    if static.dtype == PY_INT:
        return Static(static.shape, "int32")
    if static.dtype == PY_FLOAT:
        return Static(static.shape, "float32")
    return static


def converted(static: Static, dtype: str, node: cst.CSTNode, code) -> Static:
    """A value given an explicit dtype: a Python int fits any number dtype, a Python float only a float one."""
    if static.dtype == dtype or static.dtype == PY_INT and dtype in INTS | FLOATS:
        return Static(static.shape, dtype)
    if static.dtype == PY_FLOAT and dtype in FLOATS:
        return Static(static.shape, dtype)
    raise Unmodelled(f"the dtype of `{code(node)}` is not modelled")


def combined(a: str, b: str, code: str) -> str:
    """The dtype of a binary op's operands: equal tensors' dtypes, or a Python number taking the tensor's."""
    python = {PY_INT, PY_FLOAT}
    if a in python and b in python:
        if a != b:
            raise Unmodelled(f"the dtype of `{code}` (a Python int and float) is not modelled")
        return "int32" if a == PY_INT else "float32"
    if a in python:
        a, b = b, a
    if b == PY_INT and a in INTS | FLOATS or b == PY_FLOAT and a in FLOATS or a == b:
        return a
    raise Unmodelled(f"the dtype of `{code}` (operands of different dtypes) is not modelled")


def broadcast(a: Shape, b: Shape, code: str) -> Shape:
    """TF's broadcasting shape function: a dimension over 1 wins, 1 takes the other, unknown with unknown stays."""
    if a is None or b is None:
        return None
    out: list[int | None] = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x is not None and x > 1:
            if y is not None and y not in (1, x):
                raise Unmodelled(f"the shape of `{code}` (dimensions that do not broadcast) is not modelled")
            out.append(x)
        elif y is not None and y > 1:
            out.append(y)
        elif x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None and y is None:
            out.append(None)
        else:
            raise Unmodelled(f"the shape of `{code}` (an empty dimension) is not modelled")
    return tuple(reversed(out))


def literal_axes(value: cst.BaseExpression, code: str, single: bool = False) -> list[int]:
    if isinstance(value, (cst.Integer, cst.UnaryOperation)):
        static = python_value(value)
        if static.dtype == PY_INT:
            return [int(cst.Module([]).code_for_node(value).replace(" ", ""))]
    if not single and isinstance(value, (cst.List, cst.Tuple)) and value.elements:
        return [a for e in value.elements for a in literal_axes(e.value, code, single=True)]
    raise Unmodelled(f"the axis of `{code}` is not modelled")


def literal_shape(arg: cst.Arg | None, code: str) -> tuple[int, ...]:
    """A shape written as a literal list of positive ints (``[784, 10]``)."""
    if arg is None:
        raise Unmodelled(f"the shape of `{code}` is not modelled")
    value = arg.value
    if isinstance(value, cst.Integer):
        return (int(value.evaluated_value),)
    if not isinstance(value, (cst.List, cst.Tuple)):
        raise Unmodelled(f"the shape of `{code}` (a shape that is no literal) is not modelled")
    dims = []
    for element in value.elements:
        if not isinstance(element.value, cst.Integer) or isinstance(element, cst.StarredElement):
            raise Unmodelled(f"the shape of `{code}` (a shape that is no literal) is not modelled")
        dims.append(int(element.value.evaluated_value))
    return tuple(dims)


def _keyword(arg: cst.Arg, name: str) -> bool:
    """Passed positionally or by the keyword the TF1 signature gives it."""
    return arg.keyword is None or arg.keyword.value == name


def transpose(static: Static, perm: cst.BaseExpression | None, code: str) -> Static:
    """``tf.transpose(x)`` reverses the dimensions; ``tf.transpose(x, [1, 0, 2])`` permutes them."""
    if static.shape is None:
        raise Unmodelled(f"the shape of `{code}` (an input of unknown rank) is not modelled")
    rank = len(static.shape)
    order = list(reversed(range(rank))) if perm is None else literal_axes(perm, code)
    if sorted(order) != list(range(rank)):
        raise Unmodelled(f"the permutation of `{code}` is not modelled")
    return Static(tuple(static.shape[i] for i in order), static.dtype)


def squeeze(static: Static, axes: cst.BaseExpression | None, code: str) -> Static:
    """``tf.squeeze(x)`` drops every dimension known to be 1 (an unknown one leaves the rank unknown, which is not
    modelled); ``tf.squeeze(x, [1])`` drops the dimensions named, 1 or unknown."""
    if static.shape is None:
        raise Unmodelled(f"the shape of `{code}` (an input of unknown rank) is not modelled")
    rank = len(static.shape)
    if axes is None:
        if None in static.shape:
            raise Unmodelled(f"the shape of `{code}` (an unknown dimension, maybe 1) is not modelled")
        return Static(tuple(d for d in static.shape if d != 1), static.dtype)
    dropped = {a + rank if a < 0 else a for a in literal_axes(axes, code)}
    if any(not 0 <= a < rank or static.shape[a] not in (1, None) for a in dropped):
        raise Unmodelled(f"the axis of `{code}` is not modelled")
    return Static(tuple(d for i, d in enumerate(static.shape) if i not in dropped), static.dtype)


def expand_dims(static: Static, axis: cst.BaseExpression, code: str) -> Static:
    """``tf.expand_dims(x, a)`` inserts a dimension of 1 before dimension ``a`` (counted from the end, after it)."""
    if static.shape is None:
        raise Unmodelled(f"the shape of `{code}` (an input of unknown rank) is not modelled")
    rank = len(static.shape)
    at = literal_axes(axis, code, single=True)[0]
    at = at + rank + 1 if at < 0 else at
    if not 0 <= at <= rank:
        raise Unmodelled(f"the axis of `{code}` is not modelled")
    return Static((*static.shape[:at], 1, *static.shape[at:]), static.dtype)


def joined(path: str, values: list[Static], axis: int, code: str) -> Static:
    """``tf.concat`` adds the dimensions along ``axis`` (``?`` if any is), ``tf.stack`` inserts one of the values'
    count there; every other dimension must agree (a known one over ``?``)."""
    shapes = [v.shape for v in values]
    if any(s is None for s in shapes) or len({len(s) for s in shapes if s is not None}) != 1:
        raise Unmodelled(f"the shape of `{code}` (inputs of unknown or different ranks) is not modelled")
    rank = len(shapes[0]) if shapes[0] is not None else 0
    out_rank = rank + 1 if path == "stack" else rank
    if not -out_rank <= axis < out_rank:
        raise Unmodelled(f"the axis of `{code}` is not modelled")
    axis %= out_rank
    merged: list[int | None] = []
    for i in range(rank):
        if path == "concat" and i == axis:
            dims = [s[i] for s in shapes if s is not None]
            merged.append(None if None in dims else sum(d for d in dims if d is not None))
            continue
        known = {s[i] for s in shapes if s is not None and s[i] is not None}
        if len(known) > 1:
            raise Unmodelled(f"the shape of `{code}` (dimensions that differ) is not modelled")
        merged.append(known.pop() if known else None)
    if path == "stack":
        merged.insert(axis, len(values))
    return Static(tuple(merged), values[0].dtype)


def _size(static: Static) -> int:
    return math.prod(d or 0 for d in static.shape or ())


def declared_shape(call: cst.Call, position: int) -> Shape:
    """A placeholder's declared shape: literal ints, ``None`` for a dimension left open, no shape: unknown rank."""
    given = argument(call, position, "shape")
    if given is None or _none(given.value):
        return None
    if not isinstance(given.value, (cst.List, cst.Tuple)):
        raise Unmodelled("a placeholder shape that is no literal is not modelled")
    dims: list[int | None] = []
    for element in given.value.elements:
        if _none(element.value):
            dims.append(None)
        elif isinstance(element.value, cst.Integer) and not isinstance(element, cst.StarredElement):
            dims.append(int(element.value.evaluated_value))
        else:
            raise Unmodelled("a placeholder shape that is no literal is not modelled")
    return tuple(dims)


def reshape(static: Static, target: cst.BaseExpression, code: str) -> Static:
    """``tf.reshape(x, [-1, 784])``: -1 is told where x's element count is known, ``?`` otherwise."""
    if not isinstance(target, (cst.List, cst.Tuple)):
        raise Unmodelled(f"the shape of `{code}` (a shape that is no literal) is not modelled")
    dims = []
    for element in target.elements:
        if isinstance(element, cst.StarredElement):
            raise Unmodelled(f"the shape of `{code}` (a shape that is no literal) is not modelled")
        dims.extend(literal_axes(element.value, code, single=True))
    if dims.count(-1) > 1 or any(d < -1 for d in dims):
        raise Unmodelled(f"the shape of `{code}` is not modelled")
    if -1 not in dims:
        if static.fully_known and _size(static) != math.prod(dims):
            raise Unmodelled(f"the shape of `{code}` (a size that does not match) is not modelled")
        return Static(tuple(dims), static.dtype)
    known = math.prod(d for d in dims if d != -1)
    if not static.fully_known:
        return Static(tuple(None if d == -1 else d for d in dims), static.dtype)
    total = _size(static)
    if known == 0 or total % known:
        raise Unmodelled(f"the shape of `{code}` (a size that does not divide) is not modelled")
    return Static(tuple(total // known if d == -1 else d for d in dims), static.dtype)
