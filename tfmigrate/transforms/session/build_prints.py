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

import libcst as cst

from tfmigrate.transforms.session import graph_repr, helpers
from tfmigrate.transforms.session.analysis import Blocked, Program, descendants
from tfmigrate.transforms.session.graph_shapes import Unmodelled
from tfmigrate.transforms.session.helper_shapes import PYTHON, TENSOR, VARIABLE, Value, literal, told

KEYWORDS = frozenset({"sep", "end"})  # print's keywords that change only the text


class Texts:
    """What each print of a helper showed at each module-level call, from the models of shapes and names."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.names = graph_repr.model(program)
        self.shapes = self.names.shapes
        self.resource = any(
            "resource" in (program.tf1_path(c.func) or "")
            for c in descendants(program.module)
            if isinstance(c, cst.Call)
        )

    def site(self, call: cst.Call, helper: helpers.Helper) -> list[str]:
        """The code of each print the call ran, in order; raises Blocked naming a print whose text is not told."""
        why = ""
        try:
            self.shapes.call(call)
        except Unmodelled as unmodelled:
            why = str(unmodelled)  # a print reached before the walk stopped is told; a later one is not
        printed = []
        for statement in helper.prints:
            frame = self.shapes.printed.get((call, statement))
            if frame is not None:
                printed.append((self.program.line_of(statement), self.printed(statement, frame, call, helper)))
            elif call not in self.shapes.walked:
                raise self._blocked(statement, call, helper, why or "the helper's body is not followed")
        return [code for _, code in sorted(printed)]

    def printed(
        self, statement: cst.SimpleStatementLine, frame: dict[str, Value], call: cst.Call, helper: helpers.Helper
    ) -> str:
        """The code printing what TF1 printed for this print at this call."""
        program = self.program
        printing = statement.body[0].value  # type: ignore[attr-defined]
        texts = []
        try:
            for arg in printing.args:
                if arg.star:
                    raise Unmodelled("a starred argument is not modelled")
                if arg.keyword is not None:
                    if arg.keyword.value not in KEYWORDS or not isinstance(literal(arg.value), str):
                        raise Unmodelled(f"`{program.module.code_for_node(arg).strip(', ')}` is not modelled")
                    texts.append(f"{arg.keyword.value}={program.module.code_for_node(arg.value)}")
                    continue
                texts.append(repr(self.text(arg.value, frame, statement, call)))
        except Unmodelled as unmodelled:
            raise self._blocked(statement, call, helper, str(unmodelled)) from None
        return f"print({', '.join(texts)})  # printed by {helper.name}() as TF1 built the graph"

    def _blocked(self, statement, call: cst.Call, helper: helpers.Helper, why: str) -> Blocked:
        code = self.program.module.code_for_node(statement.body[0]).strip()
        return Blocked(
            f"function `{helper.name}`: `{code}` prints when TF1 built the graph (the eager helper runs at every "
            f"step), and what it printed for the call on line {self.program.line_of(call)} is not told: {why}",
            self.program.line_of(statement),
        )

    def text(
        self, value: cst.BaseExpression, frame: dict[str, Value], statement: cst.SimpleStatementLine, call: cst.Call
    ) -> str:
        """What ``print`` wrote for one argument."""
        program = self.program
        code = program.module.code_for_node(value)
        found = literal(value)
        if found is not None:
            return str(found)
        owner = _shape_of(value)
        if owner is not None:
            held = frame.get(owner.value)
            if held is None or held.kind not in (TENSOR, VARIABLE):
                raise Unmodelled(f"the shape `{code}` is not modelled")
            static = told(held, code)
            return "<unknown>" if static.shape is None else static.text().removeprefix(", shape=")
        if not isinstance(value, cst.Name) or value.value not in frame:
            raise Unmodelled(f"what TF1 printed for `{code}` is not modelled")
        held = frame[value.value]
        if held.kind == PYTHON:
            python = literal(held.expression)
            if python is None:
                raise Unmodelled(f"the value of `{code}` is not modelled")
            return str(python)
        if held.kind not in (TENSOR, VARIABLE):
            raise Unmodelled(f"what TF1 printed for `{code}` is not modelled")
        static = told(held, code)
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


def _shape_of(value: cst.BaseExpression) -> cst.Name | None:
    """``x.shape`` / ``x.get_shape()`` of a name: the name."""
    if isinstance(value, cst.Call) and not value.args:
        value = value.func
        if not (isinstance(value, cst.Attribute) and value.attr.value == "get_shape"):
            return None
    elif not (isinstance(value, cst.Attribute) and value.attr.value == "shape"):
        return None
    return value.value if isinstance(value.value, cst.Name) else None


# Where a call may run other than once when its statement runs: a comprehension or lambda (each element, or never),
# a conditional expression or ``and`` / ``or`` (one side, or none).
NOT_ONCE = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda, cst.IfExp, cst.BooleanOperation)


def sites(program: Program) -> list[tuple[cst.SimpleStatementLine, cst.Call, helpers.Helper]]:
    """Each helper call the module makes once where it builds its graph (module-level statements, in ``with``
    blocks there), in the order Python makes them. Raises Blocked where a helper that prints is called otherwise."""
    found: list[tuple[cst.SimpleStatementLine, cst.Call, helpers.Helper]] = []

    def calls(node: cst.CSTNode, statement: cst.SimpleStatementLine) -> None:
        if isinstance(node, NOT_ONCE):
            return
        for child in node.children:
            calls(child, statement)
        helper = helpers.helper_of(program, node)
        if helper is not None:
            assert isinstance(node, cst.Call)
            found.append((statement, node, helper))

    def walk(statements) -> None:
        for statement in statements:
            if isinstance(statement, cst.With):
                walk(statement.body.body)
            elif isinstance(statement, cst.SimpleStatementLine):
                calls(statement, statement)

    walk(program.module.body)
    reached = {call for _, call, _ in found}
    for node in descendants(program.module):
        helper = helpers.helper_of(program, node)
        if helper is not None and helper.prints and node not in reached:
            raise Blocked(
                f"function `{helper.name}` prints when TF1 built the graph, and it is called here where the calls "
                "are not counted (in a loop, a comprehension, a branch or a function): how often TF1 printed is "
                "not modelled",
                program.line_of(node),
            )
    return found


def settle(proof) -> None:
    """The prints of the helpers leave their bodies and print TF1's text after each call's statement."""
    program = proof.program
    printing = [helper for helper in program.helpers.values() if helper.prints]
    if not printing:
        return
    texts = Texts(program)
    for statement, call, helper in sites(program):
        if not helper.prints:
            continue
        printed = texts.site(call, helper)
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
