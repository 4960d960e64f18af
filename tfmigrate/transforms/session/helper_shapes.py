"""The static shapes of what a helper computes at one call: graph_shapes.py's model read through the helper's body.

TF1 ran a helper called where the module builds its graph once per call, with its parameters bound to what that
call passed: ``l1 = add_layer(xs, 1, 10, activation_function=tf.nn.relu)`` built ``tf.matmul(inputs, Weights)``
of shape ``(?, 10)`` from the ``(?, 1)`` placeholder and a ``(1, 10)`` variable. The model walks the body the same
way: parameters hold the call's arguments (a Python number is read as the number, ``tf.nn.relu`` is called where
the body calls the parameter), a branch on a parameter passed a constant is decided as TF1 decided it, and each
local holds the static shape of its value. What the call returns is the shape of the module-level name it binds,
so ``print(prediction)`` and the shapes built from it are told as well. At each ``print`` of the body the frame is
kept for build_prints.py, which tells what TF1 printed there.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session import builders, graph_shapes, helpers
from tfmigrate.transforms.session.analysis import Program, descendants
from tfmigrate.transforms.session.graph_shapes import Static, Unmodelled

PYTHON = "python"
TENSOR = "tensor"
VARIABLE = "variable"
OTHER = "other"
TENSORS = frozenset({"placeholder", "variable", "const", "tensor"})


@dataclass(frozen=True)
class Value:
    """What a parameter or local of the helper holds at one call."""

    kind: str  # PYTHON (a literal: ``expression``), TENSOR, VARIABLE or OTHER
    static: Static | Unmodelled | None = None
    expression: cst.BaseExpression | None = None


@dataclass
class Frame:
    call: cst.Call
    helper: helpers.Helper
    values: dict[str, Value]
    passed: dict[str, cst.BaseExpression]
    assigned: frozenset[str]


class FrameShapes(graph_shapes.Shapes):
    """graph_shapes' model, reading a helper's parameters and locals at one call, and each helper call's result."""

    def __init__(self, program: Program) -> None:
        super().__init__(program)
        self.module_numbers = self.numbers
        self.returned: dict[cst.Call, Static | Unmodelled] = {}  # module-level helper call -> its result's shape
        self.frame: Frame | None = None
        # (module-level helper call, print statement in its body) -> the values the body held there
        self.printed: dict[tuple[cst.Call, cst.SimpleStatementLine], dict[str, Value]] = {}
        self.walked: set[cst.Call] = set()  # calls whose body was followed to its return: every print it ran is kept

    def name(self, name: cst.Name) -> Static:
        frame = self.frame
        if frame is None:
            node = self.program.nodes.get(name.value)
            if (
                node is not None
                and node.kind == "variable"
                and isinstance(node.value, cst.Call)
                and helpers.helper_of(self.program, node.value) is not None
                and len(self.program.versions.get(name.value, [])) == 1
                and self.program.binds.get(name.value, 0) == 1
            ):
                return self.call(node.value)  # ``w_h = init_weights([784, 625])``: what the factory returned
            return super().name(name)
        if name.value in frame.values:
            return told(frame.values[name.value], name.value)
        if name.value in frame.assigned:
            raise Unmodelled(f"`{name.value}` is read before the helper binds it")
        return self.outside(lambda: super(FrameShapes, self).name(name))

    def outside(self, read):
        """``read()`` in the module's scope (a module-level name read by a helper)."""
        saved = self.frame, self.numbers
        self.frame, self.numbers = None, self.module_numbers
        try:
            return read()
        finally:
            self.frame, self.numbers = saved

    def call(self, call: cst.Call) -> Static:
        frame = self.frame
        if frame is not None and isinstance(call.func, cst.Name) and call.func.value in frame.values:
            passed = frame.passed.get(call.func.value)
            if passed is None or call.func.value in frame.assigned or not self.program.tf1_path(passed):
                raise Unmodelled(f"the call `{self.code(call)}` is not modelled")
            return super().call(call.with_changes(func=passed))
        helper = helpers.helper_of(self.program, call)
        if helper is None:
            return super().call(call)
        if frame is not None:
            return told(self.site(call, helper), self.code(call))  # a helper called by a helper: not kept
        returned = self.returned.get(call)
        if returned is None:
            try:
                returned = told(self.site(call, helper), self.code(call))
            except Unmodelled as unmodelled:
                returned = unmodelled
            self.returned[call] = returned
        if isinstance(returned, Unmodelled):
            raise returned
        return returned

    # ------------------------------------------------------------------ one call
    def site(self, call: cst.Call, helper: helpers.Helper) -> Value:
        """Walks one call of ``helper``; what it returns. Raises Unmodelled where the body is not followed."""
        definition = helper.definition
        bound = builders.bind(helper, call, self.program.deny)
        values: dict[str, Value] = {}
        passed: dict[str, cst.BaseExpression] = {}
        for param in definition.params.params:
            arg = bound.get(param.name.value)
            value = arg.value if arg is not None else param.default
            if value is None:
                raise Unmodelled(f"`{param.name.value}` is passed nothing")
            passed[param.name.value] = value
            values[param.name.value] = self.argument(value)
        numbers = dict(self.module_numbers)
        for local, held in values.items():
            if held.kind == PYTHON and (_number(held.expression) or _dimensions(held.expression)):
                assert held.expression is not None
                numbers[local] = held.expression
        frame = Frame(call, helper, values, passed, frozenset(assigned_names(definition)))
        saved = self.frame, self.numbers
        self.frame, self.numbers = frame, numbers
        try:
            returned = self.body(definition.body.body)
        finally:
            self.frame, self.numbers = saved
        if returned is None:
            raise Unmodelled(f"what `{helper.name}` returns is not modelled")
        self.walked.add(call)
        return returned

    def argument(self, value: cst.BaseExpression) -> Value:
        """What a call passes, read where the call is."""
        program = self.program
        if literal(value) is not None:
            return Value(PYTHON, None, value)
        if isinstance(value, cst.Name) and self.frame is not None and value.value in self.frame.values:
            return self.frame.values[value.value]
        if isinstance(value, cst.Name) and value.value in self.numbers:
            return Value(PYTHON, None, self.numbers[value.value])
        if isinstance(value, cst.Name):
            node = program.nodes.get(value.value)
            if node is None:
                return Value(OTHER)
            kind = VARIABLE if node.kind == "variable" else TENSOR if node.kind in TENSORS else OTHER
            return Value(kind, self.static(value))
        if program.tf1_path(value):
            return Value(OTHER, None, value)  # ``tf.nn.relu``: called by the body (FrameShapes.call)
        return Value(TENSOR, self.static(value))

    def static(self, value: cst.BaseExpression) -> Static | Unmodelled:
        try:
            return self.tensor(value)
        except Unmodelled as unmodelled:
            return unmodelled

    def body(self, statements) -> Value | None:
        """The body's statements in order; what it returns (None: no return reached)."""
        frame = self.frame
        assert frame is not None
        for statement in statements:
            branch = None
            if isinstance(statement, cst.If):
                test = decided(self.program, statement.test, frame.passed, frame.assigned)
                if test is None:
                    raise Unmodelled(f"the branch `if {self.code(statement.test)}:` is not decided")
                orelse = statement.orelse
                if test:
                    branch = statement.body.body
                elif isinstance(orelse, cst.Else):
                    branch = orelse.body.body
                elif isinstance(orelse, cst.If):
                    branch = [orelse]
                else:
                    continue
            elif isinstance(statement, cst.With):
                branch = statement.body.body
            if branch is not None:
                returned = self.body(branch)
                if returned is not None:
                    return returned
                continue
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                raise Unmodelled(f"a `{type(statement).__name__}` statement is not modelled")
            small = statement.body[0]
            if isinstance(small, cst.Return) and small.value is not None:
                return self.value(small.value)
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                if isinstance(target, cst.Name):
                    frame.values[target.value] = self.value(small.value)
                else:
                    kind = {cst.Subscript: "an item assignment", cst.Attribute: "an attribute assignment"}.get(
                        type(target), "a tuple unpacking"
                    )
                    for name in descendants(target):
                        if isinstance(name, cst.Name):
                            frame.values[name.value] = Value(OTHER, Unmodelled(f"{kind} is not modelled"))
            elif statement in frame.helper.prints:
                self.printed[(frame.call, statement)] = dict(frame.values)
        return None

    def value(self, value: cst.BaseExpression) -> Value:
        """What a local is bound to: a variable, a graph tensor, or a Python value (no TensorFlow in it)."""
        program = self.program
        frame = self.frame
        assert frame is not None
        if isinstance(value, cst.IfExp):
            test = decided(program, value.test, frame.passed, frame.assigned)
            if test is not None:
                return self.value(value.body if test else value.orelse)
        if isinstance(value, cst.Name) and value.value in frame.values:
            return frame.values[value.value]
        if isinstance(value, cst.Call) and program.tf1_path(value.func) == "Variable":
            try:
                return Value(VARIABLE, self.variable(value))
            except Unmodelled as unmodelled:
                return Value(VARIABLE, unmodelled)
        tensor = any(
            isinstance(n, cst.Call) and (program.tf1_path(n.func) or helpers.helper_of(program, n))
            for n in descendants(value)
        ) or any(
            isinstance(n, cst.Name)
            and (
                n.value in frame.values
                and frame.values[n.value].kind in (TENSOR, VARIABLE)
                or n.value not in frame.values
                and n.value in program.nodes
            )
            for n in descendants(value)
        )
        if not tensor:
            return Value(PYTHON if literal(value) is not None else OTHER, None, value)
        return Value(TENSOR, self.static(value))


def told(held: Value, code: str) -> Static:
    """The static shape a value holds; raises Unmodelled saying why it is not known."""
    if isinstance(held.static, Unmodelled):
        raise held.static
    if held.static is None:
        raise Unmodelled(f"the shape of `{code}` is not modelled")
    return held.static


def literal(value: cst.BaseExpression | None) -> object | None:
    """A literal's Python value (a string, number, bool, or list of them; never None itself); else None."""
    if value is None or isinstance(value, cst.Name) and value.value == "None":
        return None
    if not isinstance(
        value, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float, cst.UnaryOperation, cst.List)
    ) and not (isinstance(value, cst.Name) and value.value in ("True", "False")):
        return None
    try:
        return ast.literal_eval(cst.Module([]).code_for_node(value))
    except (ValueError, SyntaxError):
        return None


def _dimensions(value: cst.BaseExpression | None) -> bool:
    """A literal list of ints (a shape a factory is passed: ``[784, 625]``)."""
    found = literal(value)
    return isinstance(found, list) and all(isinstance(d, int) and not isinstance(d, bool) for d in found)


def _number(value: cst.BaseExpression | None) -> bool:
    found = literal(value)
    return isinstance(found, (int, float)) and not isinstance(found, bool)


def decided(
    program: Program, test: cst.BaseExpression, passed: dict[str, cst.BaseExpression], assigned: frozenset[str]
) -> bool | None:
    """A helper's test of a parameter passed a constant (``f is None``, ``f is not None``, ``flag``, ``not flag``),
    decided as TF1 decided it when it built the graph; None where the model cannot say."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = decided(program, test.expression, passed, assigned)
        return None if inner is None else not inner
    if isinstance(test, cst.Name) and test.value in passed and test.value not in assigned:
        value = passed[test.value]
        if isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
            return value.value == "True"
        return None
    if not (
        isinstance(test, cst.Comparison)
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, (cst.Is, cst.IsNot))
        and isinstance(test.left, cst.Name)
        and test.left.value in passed
        and test.left.value not in assigned
        and isinstance(test.comparisons[0].comparator, cst.Name)
        and test.comparisons[0].comparator.value == "None"
    ):
        return None
    value = passed[test.left.value]
    if isinstance(value, cst.Name) and value.value == "None":
        none = True
    elif program.tf1_path(value) or isinstance(value, (cst.Integer, cst.Float, cst.SimpleString)):
        none = False
    else:
        return None
    return none if isinstance(test.comparisons[0].operator, cst.Is) else not none


def assigned_names(definition: cst.FunctionDef) -> set[str]:
    """The names a function body binds (its locals, parameters rebound among them)."""
    bound: set[str] = set()
    for node in descendants(definition.body):
        targets: list[cst.CSTNode] = []
        if isinstance(node, cst.AssignTarget):
            targets = [node.target]
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For)):
            targets = [node.target]
        elif isinstance(node, cst.NamedExpr):
            targets = [node.target]
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            targets = [node.asname.name]
        for target in targets:
            bound |= {n.value for n in descendants(target) if isinstance(n, cst.Name)}
    return bound
