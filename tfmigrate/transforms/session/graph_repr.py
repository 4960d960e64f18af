"""``print(node3)`` of a graph tensor or variable: TF1 printed the symbolic object, not its value.

The TF1 "getting started" habit (``node3 = tf.add(node1, node2); print(node3)``) prints
``Tensor("Add:0", shape=(), dtype=float32)``, and ``print(W)`` of a variable prints
``<tf.Variable 'Variable:0' shape=(1,) dtype=float32_ref>`` (TF1's variables are reference variables). Eager code
would print the values instead, so the eager program prints TF1's text: the graph name comes from a model of how
TF1 named ops, the shape and dtype from the eager value, which has the static shape and dtype the graph had.

The model replays ``tf.Graph.unique_name`` over the module's statements in the order Python built the ops (each
call's arguments before the call, each operand before its operator): one counter per name, case-insensitive, under
each ``tf.name_scope``. It knows the default names of a table of common ops, checked against TF 2.21 in graph mode
(tests/test_print_graph_objects.py, tests/test_build_prints.py), and the names each TF1 optimizer's ``minimize``
takes. A helper the module calls is walked as TF1 ran it, its body with the parameters bound to the call's
arguments (``Frame``), and the names its locals had at each ``print`` are kept for build_prints.py. Any op it cannot
name (an op outside the table, a helper called from a helper, a loop that builds ops, a Subscript of a tensor, ...)
built before the printed one ends the model there: a tensor built later keeps the graph tier with the reason it
had. ``print(a + b)`` of an expression of table ops prints the tensor it built, named the same way. A shape is taken from the eager value only where TF1's static shape was
fully known: the value is built from constants by ops of the table alone (no placeholder, no op whose output shape
depends on the data).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import builders, graph_shapes, helper_shapes, helpers, host_data, shapes
from tfmigrate.transforms.session import variables as initializers
from tfmigrate.transforms.session.analysis import SEEDS, Blocked, Node, Program, descendants
from tfmigrate.transforms.session.graph_shapes import Unmodelled
from tfmigrate.transforms.session.savers import scope_name, unique_name

# The op a call returns -> its default name in TF1's graph (tf.Graph.unique_name base). Each builds its other ops
# inside a name scope of that name, so it takes that one name from the module's counters.
OPS = {
    "constant": "Const",
    "add": "Add",
    "math.add": "Add",
    "subtract": "Sub",
    "math.subtract": "Sub",
    "multiply": "Mul",
    "math.multiply": "Mul",
    "divide": "truediv",
    "math.divide": "truediv",
    "truediv": "truediv",
    "div": "div",
    "matmul": "MatMul",
    "linalg.matmul": "MatMul",
    "add_n": "AddN",
    "math.add_n": "AddN",
    "pow": "Pow",
    "math.pow": "Pow",
    "maximum": "Maximum",
    "math.maximum": "Maximum",
    "minimum": "Minimum",
    "math.minimum": "Minimum",
    "negative": "Neg",
    "math.negative": "Neg",
    "abs": "Abs",
    "math.abs": "Abs",
    "square": "Square",
    "math.square": "Square",
    "sqrt": "Sqrt",
    "math.sqrt": "Sqrt",
    "exp": "Exp",
    "math.exp": "Exp",
    "log": "Log",
    "math.log": "Log",
    "sigmoid": "Sigmoid",
    "nn.sigmoid": "Sigmoid",
    "math.sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "nn.tanh": "Tanh",
    "math.tanh": "Tanh",
    "nn.relu": "Relu",
    "zeros": "zeros",
    "ones": "ones",
    "fill": "Fill",
    "random_normal": "random_normal",
    "random.normal": "random_normal",
    "truncated_normal": "truncated_normal",
    "random.truncated_normal": "truncated_normal",
    "Variable": "Variable",
    "placeholder": "Placeholder",
    "reshape": "Reshape",
    "squeeze": "Squeeze",
    "expand_dims": "ExpandDims",
    "nn.softmax": "Softmax",
    "math.softmax": "Softmax",
    "squared_difference": "SquaredDifference",
    "math.squared_difference": "SquaredDifference",
    "equal": "Equal",
    "math.equal": "Equal",
    "not_equal": "NotEqual",
    "math.not_equal": "NotEqual",
    "greater": "Greater",
    "math.greater": "Greater",
    "less": "Less",
    "math.less": "Less",
    "greater_equal": "GreaterEqual",
    "math.greater_equal": "GreaterEqual",
    "less_equal": "LessEqual",
    "math.less_equal": "LessEqual",
    "argmax": "ArgMax",
    "math.argmax": "ArgMax",
    "argmin": "ArgMin",
    "math.argmin": "ArgMin",
    "global_variables_initializer": "init",
    "initialize_all_variables": "init",
    "transpose": "transpose",
    "concat": "concat",
    "stack": "stack",
}
# Reductions given an axis: without one TF1 first built the axis as a top-level ``Const`` (or ``range`` ops).
REDUCTIONS = {
    "reduce_sum": "Sum",
    "reduce_mean": "Mean",
    "reduce_max": "Max",
    "reduce_min": "Min",
    "reduce_prod": "Prod",
}
# Ops whose name the model takes but whose output tensor is named otherwise: ``tf.random_uniform([2])`` returns
# ``random_uniform/RandomUniform:0`` when minval and maxval are the defaults, ``random_uniform:0`` when not.
UNNAMED_OUTPUT = {"random_uniform": "random_uniform", "random.uniform": "random_uniform"}
# Operators on tensors -> the name TF1's operator overloads gave their op (``a + b`` is ``add``, ``tf.add`` ``Add``).
OPERATORS: dict[type, str] = {
    cst.Add: "add",
    cst.Subtract: "sub",
    cst.Multiply: "mul",
    cst.Divide: "truediv",
    cst.FloorDivide: "floordiv",
    cst.Modulo: "mod",
    cst.Power: "pow",
    cst.MatrixMultiply: "matmul",
}
# TF1 optimizers: building one builds no op (minimize does: NameModel.minimize).
OPTIMIZERS = frozenset(
    {
        "train.GradientDescentOptimizer",
        "train.AdamOptimizer",
        "train.MomentumOptimizer",
        "train.AdagradOptimizer",
        "train.RMSPropOptimizer",
    }
)
# TF1 optimizer -> (where its ``name`` comes positionally, the top-level names minimize takes after ``gradients``).
OPTIMIZER_SCOPES = {
    "train.GradientDescentOptimizer": (2, ("GradientDescent",)),
    "train.AdamOptimizer": (5, ("beta1_power", "beta2_power", "Adam")),
    "train.MomentumOptimizer": (3, ("Momentum",)),
    "train.AdagradOptimizer": (3, ("Adagrad",)),
    "train.RMSPropOptimizer": (6, ("RMSProp",)),
}
# TensorFlow calls that build no op: objects, settings, lists.
NO_OP = ("Session", "InteractiveSession", "ConfigProto", "set_random_seed", "random.set_seed", "GPUOptions")
NO_OP_PREFIXES = ("logging.", "app.", "flags.", "gfile.", "io.gfile.", "dtypes.", "as_dtype")
SCOPES = ("device", "control_dependencies", "Session", "InteractiveSession")  # ``with`` blocks that name nothing
TENSORS = frozenset({"placeholder", "variable", "const", "tensor"})
METHODS = frozenset({"eval", "get_shape", "run"})  # a graph value's methods that build no op


class Unknown(Exception):
    """An op the model cannot name (the node that builds it, where known): every later name is unknown."""

    def __init__(self, node: cst.CSTNode | None = None) -> None:
        super().__init__()
        self.node = node


@dataclass
class Frame:
    """One call of a helper at graph-building time, as the model walks its body: what each parameter was passed and
    what each local holds (a graph value or not, and the expression whose graph name it has)."""

    call: cst.Call
    passed: dict[str, cst.BaseExpression]  # parameter -> the argument (or default) passed to it
    values: dict[str, tuple[bool, cst.CSTNode | None]]  # parameter or local -> (a graph value, its named node)
    assigned: frozenset[str]  # every name the body binds: read before it is bound, it is no module name


class NameModel:
    """The graph names of the module's ops, in the order TF1 built them, up to the first it cannot name."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.used: dict[str, int] = {}
        self.names: dict[cst.CSTNode, str | None] = {}  # op-building expression -> its graph name
        self.prefix: list[str] = []
        self.stop: cst.CSTNode | None = None  # what ended the model: names built from there on are unknown
        self.frame: Frame | None = None  # the helper call whose body the model walks
        # (helper call, print statement in its body) -> the graph name each parameter and local had there
        self.printed: dict[tuple[cst.Call, cst.SimpleStatementLine], dict[str, str | None]] = {}
        self.shapes = helper_shapes.FrameShapes(program)
        try:
            self.statements(program.module.body)
        except Unknown as unknown:
            self.stop = unknown.node

    def statements(self, statements) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.AugAssign):
                        if self.visit(small.target) | self.visit(small.value):
                            raise Unknown(small)
                    else:
                        for child in small.children:
                            self.visit(child)
            elif isinstance(statement, cst.With):
                self.enter(statement)
            elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                continue  # building nothing until called: a call of it is unknown
            elif self.builds(statement):
                raise Unknown(statement)  # a loop, branch or try that builds ops: how many, the model does not say

    def enter(self, statement: cst.With) -> None:
        scope = scope_name(self.program, statement)
        if scope and len(statement.items) == 1 and statement.items[0].asname is None:
            full = unique_name(self.used, "/".join([*self.prefix, scope]))
            self.prefix.append(full)
            self.statements(statement.body.body)
            self.prefix.pop()
            return
        for item in statement.items:
            call = item.item
            path = self.program.tf1_path(call.func) if isinstance(call, cst.Call) else ""
            if not path.endswith(SCOPES):
                raise Unknown(call)
            self.visit(call)
        self.statements(statement.body.body)

    def builds(self, node: cst.CSTNode) -> bool:
        """Does any part of ``node`` build an op, as far as the model can tell."""
        saved, self.used = self.used, dict(self.used)
        names = dict(self.names)
        try:
            for child in node.children:
                self.visit(child)
            return self.used != saved
        except Unknown:
            return True
        finally:
            self.used, self.names = saved, names

    def name(self, node: cst.CSTNode, base: str) -> None:
        self.names[node] = unique_name(self.used, "/".join([*self.prefix, base]))

    def visit(self, node: cst.CSTNode) -> bool:
        """Takes the names of the ops ``node`` builds, operands first; True when its value is a graph tensor."""
        program = self.program
        frame = self.frame
        if isinstance(node, cst.Name):
            if frame is not None and node.value in frame.values:
                return frame.values[node.value][0]
            if frame is not None and node.value in frame.assigned:
                raise Unknown(node)  # a local read before the body bound it
            graph = program.nodes.get(node.value)
            return graph is not None and graph.kind in TENSORS
        if isinstance(node, cst.Call):
            return self.call(node)
        if isinstance(node, cst.BinaryOperation):
            tensor = self.visit(node.left) | self.visit(node.right)
            if tensor:
                operator = OPERATORS.get(type(node.operator))
                if operator is None:
                    raise Unknown(node)
                self.name(node, operator)
            return tensor
        if isinstance(node, cst.UnaryOperation):
            tensor = self.visit(node.expression)
            if tensor:
                if not isinstance(node.operator, cst.Minus):
                    raise Unknown(node)
                self.name(node, "Neg")
            return tensor
        if isinstance(node, cst.Attribute):
            self.visit(node.value)
            return False
        if isinstance(node, cst.Subscript):
            if self.visit(node.value):
                raise Unknown(node)  # a slice of a tensor is an op (strided_slice) the model does not name
            for child in node.slice:
                self.visit(child)
            return False
        if isinstance(node, (cst.Lambda, cst.FunctionDef)):
            return False
        if isinstance(node, cst.IfExp) and frame is not None and self.decided(node.test) is not None:
            return self.visit(node.body if self.decided(node.test) else node.orelse)
        if isinstance(
            node, (cst.IfExp, cst.BooleanOperation, cst.ListComp, cst.GeneratorExp, cst.DictComp, cst.SetComp)
        ):
            if self.builds(node):
                raise Unknown(node)  # built conditionally or repeatedly
            return False
        tensor = False
        for inner in node.children:
            tensor = self.visit(inner) or tensor
        return False if isinstance(node, (cst.List, cst.Tuple, cst.Dict)) else tensor

    def call(self, call: cst.Call) -> bool:
        program = self.program
        func = call.func
        frame = self.frame
        if frame is not None and isinstance(func, cst.Name) and func.value in frame.values:
            passed = frame.passed.get(func.value)
            if func.value in frame.assigned or passed is None or not program.tf1_path(passed):
                raise Unknown(call)  # ``activation_function(x)``: modelled where a call passes a TensorFlow op
            op = call.with_changes(func=passed)
            tensor = self.call(op)
            self.names[call] = self.names.get(op)
            return tensor
        if isinstance(func, cst.Attribute) and func.attr.value == "minimize":
            return self.minimize(call, func)
        if isinstance(func, cst.Attribute) and program.tf_path(func) is None:
            owner = self.visit(func.value)
            if owner and func.attr.value not in METHODS:
                raise Unknown(call)  # ``W.assign(...)``: an op of the value's own
        for arg in call.args:
            self.visit(arg.value)
        path = program.tf1_path(func)
        if path and any(arg.star for arg in call.args):
            raise Unknown(call)
        if not path:
            helper = helpers.helper_of(program, call)
            if helper is not None and frame is None:
                return self.inline(call, helper)
            if helper is not None or host_data.reads_host_data(program, call):
                if helper is not None:
                    raise Unknown(call)
                return False
            if isinstance(func, cst.Name) and (func.value in program.functions or program.foreign(func.value)):
                raise Unknown(call)  # a function that may build ops
            if (
                isinstance(func, cst.Attribute)
                and isinstance(func.value, cst.Name)
                and program.foreign(func.value.value)
            ):
                raise Unknown(call)
            return False
        if path in NO_OP or path.startswith(NO_OP_PREFIXES) or initializers.constructs(path) or path in OPTIMIZERS:
            return False
        given = argument(call, _name_position(path), "name")
        explicit = _literal(given)
        if given is not None and (explicit is None or "/" in explicit):
            raise Unknown(call)
        if path in graph_shapes.CASTS:
            return self.cast(call, explicit)
        if path in OPS:
            base = OPS[path]
        elif path in REDUCTIONS and _axis(call) and given is None:
            base = REDUCTIONS[path]
        elif path in REDUCTIONS and given is None and argument(call, 2, "keepdims") is None:
            self.reduction_dims(call)
            base = REDUCTIONS[path]
        elif path in UNNAMED_OUTPUT and given is None:
            self.name(call, UNNAMED_OUTPUT[path])
            self.names[call] = None
            return True
        elif path == "get_variable":
            literal = _literal(argument(call, 0, "name"))
            if literal is None or self.prefix or unique_name(self.used, literal) != literal:
                raise Unknown(call)  # get_variable names ignore name scopes; a taken name TF1 refused or renamed
            self.names[call] = literal
            return True
        else:
            raise Unknown(call)
        self.name(call, explicit or base)
        return True

    def inline(self, call: cst.Call, helper) -> bool:
        """A helper called where the module builds its graph: TF1 ran its body there, naming its ops in the body's
        order. Its parameters hold what the call passed (its arguments were built first); a branch must test a
        parameter the call passes as a constant (``activation_function is None``), as TF1 decided it once."""
        definition = helper.definition
        try:
            bound = builders.bind(helper, call, self.program.deny)
        except Blocked:
            raise Unknown(call) from None
        assigned = frozenset(helper_shapes.assigned_names(definition))
        frame = Frame(call, {}, {}, assigned)
        for param in definition.params.params:
            arg = bound.get(param.name.value)
            value = arg.value if arg is not None else param.default
            if value is None:
                raise Unknown(call)
            frame.passed[param.name.value] = value
            frame.values[param.name.value] = (self.graph_value(value), self.key(value))
        self.frame = frame
        try:
            returned = self.body(definition.body.body)
        finally:
            self.frame = None
        if returned is None:
            raise Unknown(call)
        tensor, key = returned
        self.names[call] = self.names.get(key) if key is not None else None
        return tensor

    def body(self, statements) -> tuple[bool, cst.CSTNode | None] | None:
        """Walks a helper body: (a graph value, its named node) for what it returns, None if it did not return."""
        frame = self.frame
        assert frame is not None
        for statement in statements:
            if isinstance(statement, cst.If):
                decided = self.decided(statement.test)
                if decided is None:
                    raise Unknown(statement)
                orelse = statement.orelse
                if decided:
                    branch = statement.body.body
                elif isinstance(orelse, cst.Else):
                    branch = orelse.body.body
                elif orelse is None:
                    continue
                else:
                    branch = [orelse]
                returned = self.body(branch)
                if returned is not None:
                    return returned
                continue
            if isinstance(statement, cst.With):
                scope = scope_name(self.program, statement)
                if not scope or statement.items[0].asname is not None:
                    raise Unknown(statement)
                self.prefix.append(unique_name(self.used, "/".join([*self.prefix, scope])))
                try:
                    returned = self.body(statement.body.body)
                finally:
                    self.prefix.pop()
                if returned is not None:
                    return returned
                continue
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                raise Unknown(statement)
            small = statement.body[0]
            if isinstance(small, cst.Return):
                if small.value is None:
                    raise Unknown(small)
                return self.visit(small.value), self.key(small.value)
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                tensor = self.visit(small.value)
                frame.values[small.targets[0].target.value] = (tensor, self.key(small.value))
            elif isinstance(small, cst.Expr) and builders.print_statement(self.program, statement):
                self.visit(small.value)
                self.printed[(frame.call, statement)] = {
                    local: self.names.get(key) if key is not None else None for local, (_, key) in frame.values.items()
                }
            elif isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
                continue
            elif not isinstance(small, cst.Pass):
                raise Unknown(small)
        return None

    def decided(self, test: cst.BaseExpression) -> bool | None:
        frame = self.frame
        return None if frame is None else helper_shapes.decided(self.program, test, frame.passed, frame.assigned)

    def graph_value(self, value: cst.BaseExpression) -> bool:
        """A helper's argument (already built): a graph tensor or variable."""
        if isinstance(value, cst.Name):
            graph = self.program.nodes.get(value.value)
            return graph is not None and graph.kind in TENSORS
        return value in self.names

    def key(self, value: cst.BaseExpression) -> cst.CSTNode | None:
        """The node whose graph name ``value`` has (a name's, through the frame or the module's definitions)."""
        frame = self.frame
        if isinstance(value, cst.Name):
            if frame is not None and value.value in frame.values:
                return frame.values[value.value][1]
            graph = self.program.nodes.get(value.value)
            return graph.value if graph is not None else None
        if isinstance(value, cst.IfExp) and frame is not None:
            decided = self.decided(value.test)
            if decided is not None:
                return self.key(value.body if decided else value.orelse)
        return value

    def minimize(self, call: cst.Call, func: cst.Attribute) -> bool:
        """``tf.train.XOptimizer(lr).minimize(loss)`` builds its ops under the name scopes ``gradients`` and the
        optimizer's name (its Operation's name); Adam's two accumulators are variables named ``beta1_power`` and
        ``beta2_power``, and every slot lives under its variable's name: the module's other names go on after them
        (checked against TF 2.21's tf.compat.v1.train in graph mode)."""
        optimizer = func.value
        if isinstance(optimizer, cst.Name) and optimizer.value in self.program.nodes:
            node = self.program.nodes[optimizer.value]
            if node.kind != "optimizer" or len(self.program.versions.get(optimizer.value, [])) != 1:
                raise Unknown(call)
            optimizer = node.value
        elif isinstance(optimizer, cst.Call):
            self.visit(optimizer)
        path = self.program.tf1_path(optimizer.func) if isinstance(optimizer, cst.Call) else ""
        if not (
            isinstance(optimizer, cst.Call)
            and path in OPTIMIZER_SCOPES
            and argument(optimizer, OPTIMIZER_SCOPES[path][0], "name") is None
            and len(call.args) == 1
            and call.args[0].keyword is None
            and not (self.prefix and path == "train.AdamOptimizer")
        ):
            raise Unknown(call)
        self.visit(call.args[0].value)
        for scope in ("gradients", *OPTIMIZER_SCOPES[path][1]):
            unique_name(self.used, "/".join([*self.prefix, scope]))
        return False

    def cast(self, call: cst.Call, explicit: str | None) -> bool:
        """``tf.cast(x, dtype)`` returns a graph tensor ``x`` itself, taking no name, where its dtype is already
        ``dtype``; otherwise a ``Cast`` op. A Python value or a variable is converted inside the scope first."""
        first = argument(call, 0, "x")
        if first is None or not self.tensor(first.value):
            raise Unknown(call)
        try:
            source = self.shapes.tensor(first.value).dtype
            target = self.shapes.dtype(argument(call, 1, "dtype"), call)
        except graph_shapes.Unmodelled:
            raise Unknown(call) from None
        if source != target:
            self.name(call, explicit or "Cast")
        elif isinstance(first.value, cst.Name):
            self.names[call] = self.names.get(self.program.nodes[first.value.value].value)
        else:
            self.names[call] = self.names.get(first.value)
        return True

    def tensor(self, value: cst.BaseExpression) -> bool:
        """A graph tensor (no variable, no Python value): a name of one, or an op the model named."""
        if isinstance(value, cst.Name):
            graph = self.program.nodes.get(value.value)
            return graph is not None and graph.kind in ("const", "tensor", "placeholder")
        return value in self.names

    def reduction_dims(self, call: cst.Call) -> None:
        """A reduction without an axis first built its axes: a top-level ``Const`` where the input's rank was known
        and not 0, else ``Rank`` and ``range`` ops (math_ops._ReductionDims)."""
        first = argument(call, 0, "input_tensor")
        if first is None or not self.tensor(first.value):
            raise Unknown(call)
        try:
            shape = self.shapes.tensor(first.value).shape
        except graph_shapes.Unmodelled:
            raise Unknown(call) from None
        for base in ["Const"] if shape else ["Rank", "range"]:
            unique_name(self.used, "/".join([*self.prefix, base]))


def _literal(arg: cst.Arg | None) -> str | None:
    return literal_string(arg.value) if arg is not None else None


# Where a call's ``name`` may come positionally (TF1 signatures): after the op's inputs and options.
NAME_POSITIONS = {
    "constant": 3,
    "zeros": 2,
    "ones": 2,
    "fill": 2,
    "random_normal": 5,
    "random.normal": 5,
    "truncated_normal": 5,
    "random.truncated_normal": 5,
    "random_uniform": 5,
    "random.uniform": 5,
    "Variable": 5,
    "placeholder": 2,
    "add_n": 1,
    "matmul": 8,
    "linalg.matmul": 8,
    "global_variables_initializer": 0,
    "initialize_all_variables": 0,
    **dict.fromkeys(REDUCTIONS, 3),
}
UNARY = frozenset({"Neg", "Abs", "Square", "Sqrt", "Exp", "Log", "Sigmoid", "Tanh", "Relu"})


def _name_position(path: str) -> int | None:
    if path in NAME_POSITIONS:
        return NAME_POSITIONS[path]
    if path in OPS:
        return 1 if OPS[path] in UNARY else 2
    return None


def _axis(call: cst.Call) -> bool:
    """A reduction given its axis (``tf.reduce_sum(x, 0)``, ``axis=1``, ``reduction_indices=[1]``), not None."""
    given = argument(call, 1, "axis") or argument(call, None, "reduction_indices")
    return given is not None and not (isinstance(given.value, cst.Name) and given.value.value == "None")


def model(program: Program) -> NameModel:
    if program.graph_repr_names is None:
        program.graph_repr_names = NameModel(program)
    return program.graph_repr_names


def shaped(program: Program, value: cst.BaseExpression, seen: frozenset[str] = frozenset()) -> bool:
    """TF1's static shape of ``value`` was fully known: built from literals, Python values and constant graph
    values by ops of the table (elementwise ops, matmul, fills and draws of a given shape, reductions over a
    given axis), none of them a placeholder."""
    for inner in descendants(value):
        if isinstance(inner, cst.Call):
            path = program.tf1_path(inner.func)
            if path and not (
                (path in OPS and path != "placeholder")
                or path in REDUCTIONS
                or path in UNNAMED_OUTPUT
                or path == "get_variable"
                or initializers.constructs(path)
            ):
                return False
            if not path and helpers.helper_of(program, inner) is not None:
                return False
        if isinstance(inner, cst.Subscript):
            return False
        if isinstance(inner, cst.Name) and inner.value in program.nodes and inner.value not in seen:
            graph = program.nodes[inner.value]
            if graph.kind == "variable" and not graph.container:
                continue  # a variable's shape is checked where it is printed; as an input its shape is known
            if graph.kind != "const" or len(program.versions.get(inner.value, [])) != 1:
                return False
            if not shaped(program, graph.value, seen | {inner.value}):
                return False
    return True


def text(program: Program, node: Node) -> str:
    """The eager expression that prints what TF1 printed for ``node``; raises Unmodelled naming what cannot be told.

    A constant's or variable's value has TF1's static shape and dtype, so its text reads them (``{W.shape}``); a
    tensor computed from placeholders or variables is a function eagerly, and its text is told in full here from
    graph_shapes.py's model of TF1's shape inference."""
    value = node.value
    if len(program.versions.get(node.name, [])) != 1 or program.binds.get(node.name, 0) != 1:
        raise Unmodelled(f"`{node.name}` is bound more than once")
    if node.kind in OPERATIONS:
        raise Unmodelled(f"`{node.name}` is an Operation (TF1 printed its NodeDef text, which is not modelled)")
    if node.kind not in TENSORS:
        raise Unmodelled(f"what TF1 printed for `{node.name}` ({node.kind}) is not modelled")
    names = model(program)
    name = names.names.get(value)
    if name is None or not isinstance(value, (cst.Call, cst.BinaryOperation, cst.UnaryOperation)):
        raise Unmodelled(_unnamed(program, names, node))
    path = program.tf1_path(value.func) if isinstance(value, cst.Call) else ""
    static = helper_shapes.FrameShapes(program)
    if node.kind == "variable":
        if node.container or path not in ("Variable", "get_variable"):
            raise Unmodelled(f"what TF1 printed for the variable `{node.name}` is not modelled")
        assert isinstance(value, cst.Call)
        if any(a.keyword is not None and a.keyword.value in ("validate_shape", "use_resource") for a in value.args):
            raise Unmodelled(f"the static shape of `{node.name}` (validate_shape or use_resource)")
        if any(
            "resource" in (program.tf1_path(c.func) or "")
            for c in descendants(program.module)
            if isinstance(c, cst.Call)
        ):
            raise Unmodelled("resource variables, which print otherwise")
        if shaped(program, value):
            return f"f\"<tf.Variable '{name}:0' shape={{{node.name}.shape}} dtype={{{node.name}.dtype.name}}_ref>\""
        told = static.name(cst.Name(node.name))
        if not told.fully_known:
            raise Unmodelled(f"the static shape of `{node.name}`")
        return repr(f"<tf.Variable '{name}:0'{told.text()[1:]} dtype={told.dtype}_ref>")
    if node.kind == "const" and shaped(program, value):
        return f"f'Tensor(\"{name}:0\", shape={{{node.name}.shape}}, dtype={{{node.name}.dtype.name}})'"
    told = static.name(cst.Name(node.name))
    return repr(f'Tensor("{name}:0"{told.text()}, dtype={told.dtype})')


OPERATIONS = frozenset({"init", "train", "assign"})


def _unnamed(program: Program, names: NameModel, node: Node) -> str:
    """Why the model has no graph name for ``node``: where the model stopped, if before it."""
    stop = names.stop
    if stop is not None and program.line_of(stop) <= node.line:
        code = program.module.code_for_node(stop).strip().splitlines()[0]
        code = code if len(code) <= 60 else code[:57] + "..."
        return f"TF1's op names from `{code}` (line {program.line_of(stop)}) on are not modelled"
    return f"TF1's graph name for `{program.module.code_for_node(node.value)}` is not modelled"


COMMENT = "# the text TF1 printed for this graph object"


def printable(program: Program, value: cst.BaseExpression) -> bool:
    """A ``print`` argument whose TF1 text is a fact of the graph: a graph value itself, the static shape of a
    placeholder or tensor (TF1 wrote an unknown dimension ``?``, eager code ``None``), ``t.name``, ``t.op.name``
    of a constant, placeholder or tensor, ``t.dtype`` of a placeholder or tensor, ``v.dtype`` of a variable
    (TF1's was a ``_ref`` dtype)."""
    if isinstance(value, cst.Name):
        return value.value in program.nodes
    if shapes.subject(program, value) is not None:
        return True
    return _attribute(program, value) is not None or computed(program, value)


# Ops a printed expression may build: TF1 printed the new tensor (``print(a + b)``), which no later op reads.
PRINTED_OPS = (frozenset(OPS) | frozenset(REDUCTIONS) | graph_shapes.CASTS) - {
    "Variable",
    "placeholder",
    "global_variables_initializer",
    "initialize_all_variables",
    "random_normal",
    "random.normal",
    "truncated_normal",
    "random.truncated_normal",
}


def computed(program: Program, value: cst.BaseExpression) -> bool:
    """``print(a + b)`` / ``print(tf.matmul(x, W))``: an expression of graph values built where it is printed, from
    ops of the name table that draw nothing. Not in a program with a graph seed: each op TF1 built moved the op
    seeds of the random ops built after it, and the eager program builds none here."""
    if not isinstance(value, (cst.BinaryOperation, cst.UnaryOperation, cst.Call)):
        return False
    if isinstance(value, cst.UnaryOperation) and not isinstance(value.operator, cst.Minus):
        return False
    if isinstance(value, cst.Call) and not program.tf1_path(value.func):
        return False
    funcs = {n for c in descendants(value) if isinstance(c, cst.Call) for n in descendants(c.func)}
    for inner in descendants(value):
        if isinstance(inner, cst.Call) and program.tf1_path(inner.func) not in PRINTED_OPS:
            return False
        if isinstance(inner, cst.Attribute) and inner not in funcs and program.tf_path(inner) is None:
            return False  # ``result.mean + result.spread``: Python values read from fetched results
        if isinstance(inner, (cst.Lambda, cst.Subscript, cst.IfExp, cst.BooleanOperation, cst.Comparison)):
            return False
    if any(isinstance(c, cst.Call) and program.tf_path(c.func) in SEEDS for c in descendants(program.module)):
        return False
    return any(isinstance(n, cst.Name) and n.value in program.nodes for n in descendants(value)) or isinstance(
        value, cst.Call
    )


def _computed_text(program: Program, value: cst.BaseExpression) -> str:
    """The literal TF1 printed for a tensor an expression built where it was printed; raises Unmodelled."""
    names = model(program)
    name = names.names.get(value)
    if name is None:
        stop = names.stop
        if stop is not None and program.line_of(stop) <= program.line_of(value):
            code = program.module.code_for_node(stop).strip().splitlines()[0]
            code = code if len(code) <= 60 else code[:57] + "..."
            raise Unmodelled(f"TF1's op names from `{code}` (line {program.line_of(stop)}) on are not modelled")
        raise Unmodelled(f"TF1's graph name for `{program.module.code_for_node(value)}` is not modelled")
    told = graph_shapes.default_dtype(helper_shapes.FrameShapes(program).of(value))
    return repr(f'Tensor("{name}:0"{told.text()}, dtype={told.dtype})')


def _attribute(program: Program, value: cst.BaseExpression) -> tuple[Node, str] | None:
    """``(node, "name" | "op.name" | "dtype")`` for a read of a fact the graph holds, else None."""
    if not isinstance(value, cst.Attribute) or value.attr.value not in ("name", "dtype"):
        return None
    owner, read = value.value, value.attr.value
    if isinstance(owner, cst.Attribute) and owner.attr.value == "op" and read == "name":
        owner, read = owner.value, "op.name"
    node = program.nodes.get(owner.value) if isinstance(owner, cst.Name) else None
    if node is None or node.container:
        return None
    if (
        node.kind in ("placeholder", "tensor")
        or node.kind == "const"
        and read != "dtype"  # a constant's dtype: the eager value has it (proof.static)
        or node.kind == "variable"
        and read == "dtype"  # a variable's name: variables.graph_name
    ):
        return node, read
    return None


def _fact(program: Program, value: cst.BaseExpression) -> str:
    """The literal TF1 printed for a static read of a graph value; raises Unmodelled."""
    shaped_read = shapes.subject(program, value)
    if shaped_read is not None:
        told = helper_shapes.FrameShapes(program).name(shaped_read)
        return repr("<unknown>" if told.shape is None else told.text().removeprefix(", shape="))
    found = _attribute(program, value)
    assert found is not None
    node, read = found
    if len(program.versions.get(node.name, [])) != 1 or program.binds.get(node.name, 0) != 1:
        raise Unmodelled(f"`{node.name}` is bound more than once")
    if read == "dtype":
        told = helper_shapes.FrameShapes(program).name(cst.Name(node.name))
        return repr(f"<dtype: '{told.dtype}{'_ref' if node.kind == 'variable' else ''}'>")
    names = model(program)
    name = names.names.get(node.value)
    if name is None:
        raise Unmodelled(_unnamed(program, names, node))
    return repr(name if read == "op.name" else f"{name}:0")


def settle(proof, printed: dict[cst.BaseExpression, tuple[cst.Call, cst.SimpleStatementLine | None]]) -> None:
    """Each ``print(t)`` argument the walk let through: TF1's text, or the graph tier with the reason it had."""
    program = proof.program
    for arg, (call, line) in printed.items():
        code = program.module.code_for_node(arg)
        try:
            if isinstance(arg, cst.Name):
                proof.plan.replace[arg] = text(program, program.nodes[arg.value])
            elif computed(program, arg):
                proof.plan.replace[arg] = _computed_text(program, arg)
            else:
                proof.plan.replace[arg] = _fact(program, arg)
        except Unmodelled as unmodelled:
            what = "a graph object (TF1 shows its name and shape, eager code would print its value)"
            if not isinstance(arg, cst.Name) and not computed(program, arg):
                what = "a static fact of the graph (TF1 writes ? for an unknown dimension, a _ref dtype for a variable)"
            raise Blocked(f"`{code}` is printed as {what}: {unmodelled}", program.line_of(call)) from None
        if line is not None and line not in proof.plan.statements and call in set(descendants(line)):
            proof.plan.statements[line] = _commented
        proof.plan.notes.append((program.line_of(call), f"print of graph value `{code}` -> the text TF1 printed"))


def _commented(updated: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
    """The printed line says why it prints a name rather than a value, unless it has a comment of its own."""
    if updated.trailing_whitespace.comment is not None:
        return [updated]
    trailing = cst.TrailingWhitespace(whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(COMMENT))
    return [updated.with_changes(trailing_whitespace=trailing)]
