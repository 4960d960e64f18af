"""``print`` in a helper the module calls while it builds its graph: TF1 printed once per call, at graph-build time.

A learner's layer helper often reports what it builds::

    def add_layer(inputs, in_size, out_size, activation_function=None):
        print(inputs.shape, 'inputs')                  # (?, 1) inputs
        Weights = tf.Variable(tf.random_normal([in_size, out_size]))
        ...
        print(outputs)                                 # Tensor("Relu:0", shape=(?, 10), dtype=float32)
        return outputs

TF1 ran the body once per call, where the module called it, so each print ran once, before anything the Session
printed, and showed static facts of the graph: shapes with ``?`` for an open dimension, tensors as ``Tensor("name",
shape, dtype)``. The eager helper runs at every step and has values where TF1 had symbols, so its prints leave the
body and their text, told here at migration time, is printed after the module statement that made each call. The
shapes come from graph_shapes.py's model of TF1's shape inference, evaluated with the helper's parameters bound to
what each call passed; the graph names from graph_repr.py's model of TF1's op naming, which walks the same calls.
A print of anything else (a value the model cannot tell, a helper called in a loop or from a function) keeps the
graph tier, naming the print and the reason.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session import builders, graph_repr, graph_shapes, helpers
from tfmigrate.transforms.session.analysis import Blocked, Program, descendants
from tfmigrate.transforms.session.graph_shapes import Static, Unmodelled

PYTHON = "python"
TENSOR = "tensor"
VARIABLE = "variable"
OTHER = "other"
KEYWORDS = frozenset({"sep", "end"})


@dataclass
class Value:
    """What a parameter or local of the helper holds at one call."""

    kind: str  # PYTHON (a literal: ``expression``), TENSOR, VARIABLE or OTHER
    static: Static | Unmodelled | None = None
    expression: cst.BaseExpression | None = None


class FrameShapes(graph_shapes.Shapes):
    """graph_shapes' model, reading a helper's parameters and locals at one call, and each helper call's result."""

    def __init__(self, program: Program) -> None:
        super().__init__(program)
        self.module_numbers = self.numbers
        self.returned: dict[cst.Call, Static | Unmodelled] = {}
        self.frame: dict[str, Value] | None = None
        self.passed: dict[str, cst.BaseExpression] = {}
        self.assigned: frozenset[str] = frozenset()

    def name(self, name: cst.Name) -> Static:
        frame = self.frame
        if frame is None:
            return super().name(name)
        if name.value in frame:
            static = frame[name.value].static
            if isinstance(static, Unmodelled):
                raise static
            if static is None:
                raise Unmodelled(f"the value of `{name.value}` is not modelled")
            return static
        if name.value in self.assigned:
            raise Unmodelled(f"`{name.value}` is read before the helper binds it")
        saved = self.frame, self.numbers
        self.frame, self.numbers = None, self.module_numbers
        try:
            return super().name(name)
        finally:
            self.frame, self.numbers = saved

    def call(self, call: cst.Call) -> Static:
        returned = self.returned.get(call)
        if isinstance(returned, Unmodelled):
            raise returned
        if returned is not None:
            return returned
        if self.frame is not None and isinstance(call.func, cst.Name) and call.func.value in self.frame:
            passed = self.passed.get(call.func.value)
            if passed is None or call.func.value in self.assigned or not self.program.tf1_path(passed):
                raise Unmodelled(f"the call `{self.code(call)}` is not modelled")
            return super().call(call.with_changes(func=passed))
        return super().call(call)


class Walk:
    """The module's helper calls at graph-building time, in TF1's order, each with the text its prints showed."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.shapes = FrameShapes(program)
        self.names = graph_repr.model(program)
        self.resource = any(
            "resource" in (program.tf1_path(c.func) or "")
            for c in descendants(program.module)
            if isinstance(c, cst.Call)
        )

    def site(self, call: cst.Call, helper: helpers.Helper) -> list[str]:
        """Walks one call (its result's static shape into ``shapes.returned``); the code of each print it ran."""
        program = self.program
        shapes = self.shapes
        definition = helper.definition
        bound = builders.bind(helper, call, program.deny)
        frame: dict[str, Value] = {}
        passed: dict[str, cst.BaseExpression] = {}
        for param in definition.params.params:
            arg = bound.get(param.name.value)
            value = arg.value if arg is not None else param.default
            assert value is not None  # bind() refused a call that leaves a parameter without a default
            passed[param.name.value] = value
            frame[param.name.value] = self.argument(value)
        numbers = dict(shapes.module_numbers)
        for local, held in frame.items():
            if held.kind == PYTHON and held.expression is not None and _number(held.expression):
                numbers[local] = held.expression
        shapes.frame, shapes.passed, shapes.numbers = frame, passed, numbers
        shapes.assigned = frozenset(graph_repr.assigned_names(definition))
        printed: list[str] = []
        try:
            returned = self.body(definition.body.body, call, helper, printed)
        finally:
            shapes.frame, shapes.numbers = None, shapes.module_numbers
        if returned is None:
            shapes.returned[call] = Unmodelled(f"what `{helper.name}` returns is not modelled")
        else:
            shapes.returned[call] = returned.static if returned.static is not None else Unmodelled("not modelled")
        return printed

    def argument(self, value: cst.BaseExpression) -> Value:
        """What a call passes, read in the module (the caller)."""
        program = self.program
        if _literal(value) is not None:
            return Value(PYTHON, None, value)
        if isinstance(value, cst.Name) and value.value in self.shapes.module_numbers:
            return Value(PYTHON, None, self.shapes.module_numbers[value.value])
        if isinstance(value, cst.Name):
            node = program.nodes.get(value.value)
            if node is None:
                return Value(OTHER)
            kind = VARIABLE if node.kind == "variable" else TENSOR if node.kind in graph_repr.TENSORS else OTHER
            return Value(kind, self.static(value))
        if program.tf1_path(value):
            return Value(OTHER, None, value)  # ``tf.nn.relu``: called by the body (FrameShapes.call)
        return Value(TENSOR, self.static(value))

    def static(self, value: cst.BaseExpression) -> Static | Unmodelled:
        try:
            return self.shapes.tensor(value)
        except Unmodelled as unmodelled:
            return unmodelled

    def body(self, statements, call: cst.Call, helper: helpers.Helper, printed: list[str]) -> Value | None:
        """The body's statements in order; what it returns (None: no return reached)."""
        shapes = self.shapes
        frame = shapes.frame
        assert frame is not None
        for statement in statements:
            branch = None
            if isinstance(statement, cst.If):
                decided = graph_repr.decided(self.program, statement.test, shapes.passed, shapes.assigned)
                if decided is None:
                    raise Unmodelled("a branch the model does not decide")
                orelse = statement.orelse
                if decided:
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
                returned = self.body(branch, call, helper, printed)
                if returned is not None:
                    return returned
                continue
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                raise Unmodelled(f"a `{type(statement).__name__}` statement")
            small = statement.body[0]
            if isinstance(small, cst.Return) and small.value is not None:
                return self.value(small.value)
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                if isinstance(target, cst.Name):
                    frame[target.value] = self.value(small.value)
                else:
                    for name in descendants(target):
                        if isinstance(name, cst.Name):
                            frame[name.value] = Value(OTHER, Unmodelled("a tuple unpacking is not modelled"))
            elif statement in helper.prints:
                printed.append(self.printed(statement, call, helper))
        return None

    def value(self, value: cst.BaseExpression) -> Value:
        """What a local is bound to: a variable, a graph tensor, or a Python value (no TensorFlow in it)."""
        program = self.program
        shapes = self.shapes
        frame = shapes.frame
        assert frame is not None
        if isinstance(value, cst.IfExp):
            decided = graph_repr.decided(program, value.test, shapes.passed, shapes.assigned)
            if decided is not None:
                return self.value(value.body if decided else value.orelse)
        if isinstance(value, cst.Name) and value.value in frame:
            return frame[value.value]
        if isinstance(value, cst.Call) and program.tf1_path(value.func) == "Variable":
            try:
                return Value(VARIABLE, shapes.variable(value))
            except Unmodelled as unmodelled:
                return Value(VARIABLE, unmodelled)
        tensor = any(isinstance(n, cst.Call) and program.tf1_path(n.func) for n in descendants(value)) or any(
            isinstance(n, cst.Name)
            and (
                n.value in frame
                and frame[n.value].kind in (TENSOR, VARIABLE)
                or n.value not in frame
                and n.value in program.nodes
            )
            for n in descendants(value)
        )
        if not tensor:
            return Value(PYTHON if _literal(value) is not None else OTHER, None, value)
        try:
            return Value(TENSOR, shapes.tensor(value))
        except Unmodelled as unmodelled:
            return Value(TENSOR, unmodelled)

    def printed(self, statement: cst.SimpleStatementLine, call: cst.Call, helper: helpers.Helper) -> str:
        """The code printing what TF1 printed for this print at this call; raises Blocked naming what it cannot."""
        program = self.program
        printing = statement.body[0].value  # type: ignore[attr-defined]
        texts = []
        try:
            for arg in printing.args:
                if arg.star:
                    raise Unmodelled("a starred argument is not modelled")
                if arg.keyword is not None:
                    if arg.keyword.value not in KEYWORDS or _literal(arg.value) is None:
                        raise Unmodelled(f"`{program.module.code_for_node(arg)}` is not modelled")
                    texts.append(f"{arg.keyword.value}={program.module.code_for_node(arg.value)}")
                    continue
                texts.append(repr(self.text(arg.value, statement, call)))
        except Unmodelled as unmodelled:
            code = program.module.code_for_node(printing)
            raise Blocked(
                f"function `{helper.name}`: `{code}` prints when TF1 built the graph (the eager helper runs at every "
                f"step), and its text at the call on line {program.line_of(call)} is not told: {unmodelled}",
                program.line_of(statement),
            ) from None
        return f"print({', '.join(texts)})  # printed by `{helper.name}` when TF1 built the graph"

    def text(self, value: cst.BaseExpression, statement: cst.SimpleStatementLine, call: cst.Call) -> str:
        """What ``print`` wrote for one argument."""
        program = self.program
        frame = self.shapes.frame
        assert frame is not None
        code = program.module.code_for_node(value)
        literal = _literal(value)
        if literal is not None:
            return str(literal)
        owner = _shape_of(value)
        if owner is not None:
            held = frame.get(owner.value)
            if held is None or held.kind not in (TENSOR, VARIABLE):
                raise Unmodelled(f"the shape `{code}` is not modelled")
            static = self.told(held, code)
            return "<unknown>" if static.shape is None else static.text().removeprefix(", shape=")
        if not isinstance(value, cst.Name) or value.value not in frame:
            raise Unmodelled(f"what TF1 printed for `{code}` is not modelled")
        held = frame[value.value]
        if held.kind == PYTHON:
            python = _literal(held.expression) if held.expression is not None else None
            if python is None:
                raise Unmodelled(f"the value of `{code}` is not modelled")
            return str(python)
        if held.kind not in (TENSOR, VARIABLE):
            raise Unmodelled(f"what TF1 printed for `{code}` is not modelled")
        static = self.told(held, code)
        name = self.names.printed.get((call, statement), {}).get(value.value)
        if name is None:
            stop = self.names.stop
            if stop is not None:
                where = program.module.code_for_node(stop).strip().splitlines()[0][:57]
                raise Unmodelled(f"TF1's op names from `{where}` (line {program.line_of(stop)}) on are not modelled")
            raise Unmodelled(f"TF1's graph name for `{code}` is not modelled")
        if held.kind == VARIABLE:
            if self.resource or not static.fully_known:
                raise Unmodelled(f"what TF1 printed for the variable `{code}` is not modelled")
            return f"<tf.Variable '{name}:0'{static.text()[1:]} dtype={static.dtype}_ref>"
        return f'Tensor("{name}:0"{static.text()}, dtype={static.dtype})'

    @staticmethod
    def told(held: Value, code: str) -> Static:
        if isinstance(held.static, Unmodelled):
            raise held.static
        if held.static is None:
            raise Unmodelled(f"the shape of `{code}` is not modelled")
        return held.static


def _shape_of(value: cst.BaseExpression) -> cst.Name | None:
    """``x.shape`` / ``x.get_shape()`` of a name: the name."""
    if isinstance(value, cst.Call) and not value.args:
        value = value.func
        if not (isinstance(value, cst.Attribute) and value.attr.value == "get_shape"):
            return None
    elif not (isinstance(value, cst.Attribute) and value.attr.value == "shape"):
        return None
    return value.value if isinstance(value.value, cst.Name) else None


def _literal(value: cst.BaseExpression | None) -> object | None:
    """A literal's Python value (a string, number, or list of them; never None itself); else None."""
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


def _number(value: cst.BaseExpression | None) -> bool:
    literal = _literal(value)
    return isinstance(literal, (int, float)) and not isinstance(literal, bool)


def sites(program: Program) -> list[tuple[cst.SimpleStatementLine, cst.Call, helpers.Helper]]:
    """Each helper call the module makes where it builds its graph (module-level statements, in ``with`` blocks
    there), in the order Python makes them. Raises Blocked where a helper that prints is called otherwise."""
    found: list[tuple[cst.SimpleStatementLine, cst.Call, helpers.Helper]] = []

    def walk(statements) -> None:
        for statement in statements:
            if isinstance(statement, cst.With):
                walk(statement.body.body)
            elif isinstance(statement, cst.SimpleStatementLine):
                for node in builders._post_order(statement):
                    helper = helpers.helper_of(program, node)
                    if helper is not None:
                        assert isinstance(node, cst.Call)
                        found.append((statement, node, helper))

    walk(program.module.body)
    reached = {call for _, call, _ in found}
    for node in descendants(program.module):
        helper = helpers.helper_of(program, node)
        if helper is not None and helper.prints and node not in reached:
            raise Blocked(
                f"function `{helper.name}` prints when TF1 built the graph, and it is called here where the calls "
                "are not counted (in a loop, a branch or a function): how often TF1 printed is not modelled",
                program.line_of(node),
            )
    return found


def settle(proof) -> None:
    """The prints of the helpers leave their bodies and print TF1's text after each call's statement."""
    program = proof.program
    printing = [helper for helper in program.helpers.values() if helper.prints]
    if not printing:
        return
    walk = Walk(program)
    for statement, call, helper in sites(program):
        try:
            printed = walk.site(call, helper)
        except Unmodelled as unmodelled:
            if helper.prints:
                raise Blocked(
                    f"function `{helper.name}` prints when TF1 built the graph, and its body at this call is not "
                    f"modelled: {unmodelled}",
                    program.line_of(call),
                ) from None
            walk.shapes.returned[call] = unmodelled
            continue
        if printed:
            proof.plan.after.setdefault(statement, []).extend(printed)
    for helper in printing:
        for statement in helper.prints:
            proof.plan.statements[statement] = _removed
        proof.plan.notes.append(
            (helper.line, f"the prints of `{helper.name}` -> the text TF1 printed, once per call, where it is called")
        )


def _removed(updated: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
    return []
