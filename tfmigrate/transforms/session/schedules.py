"""Learning-rate decay of a TF1 global step, as the computation TF1 makes (TFM201).

``lr = tf.train.exponential_decay(0.1, global_step, 1000, 0.95, staircase=True)`` is, in a TF1 graph, the tensor
``0.1 * 0.95 ** floor(float(global_step) / 1000)`` in float32 (TF 2.21's compat.v1 builds it as the legacy
``ExponentialDecay`` schedule called on ``global_step``: a cast, a division, a floor, a pow and a multiply), read by
the optimizer's update ops in every run of the training op, before ``minimize(..., global_step=global_step)``
increments the step (the increment waits on the updates). Before the proof sees the module the call is written as
that computation from the step variable::

    lr = 0.1 * tf.pow(0.95, tf.floor(tf.cast(global_step, tf.float32) / 1000))

The proof models it as any tensor computed from a variable; an optimizer given it takes it as a callable learning
rate (analysis.py), which Keras calls in ``apply_gradients`` before the train step increments the step variable, as
TF1 read it. ``inverse_time_decay`` is written the same way (``lr / (1 + rate * p)``), ``piecewise_constant`` as
nested ``tf.where`` picking the value TF1's ``tf.case`` picks. ``decay_steps`` and ``decay_rate`` may be any value
the program knows before it builds the decay (``BATCH``, ``len(data) / 8``, ``FLAGS.decay_steps``): TF1 casts them
to float32, and so does the computation, which reads them at each step; the proof refuses a name it reads that is
rebound later. A rate that is not a float literal, a module-level name of one or a flag parsed as a float
(``FLAGS.learning_rate`` of ``DEFINE_float``, argparse's ``type=float`` with a float default: flag_values.py) (an int
makes TF1 compute in int32, a numpy float64 in float64) or a call in another form is left as written, and the proof
names it. The pass runs
before every program shape (module level, a Session function, several), so a decay in ``main()`` is read too.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import flag_values
from tfmigrate.transforms.session.analysis import (
    Bindings,
    LineOf,
    Program,
    Resolve,
    _trainable_variable,
    descendants,
)
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

DECAYS = frozenset({"train.exponential_decay", "train.inverse_time_decay"})
PIECEWISE = frozenset({"train.piecewise_constant", "train.piecewise_constant_decay"})
PARAMETERS = ("learning_rate", "global_step", "decay_steps", "decay_rate", "staircase", "name")
ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide)
HOST_CALLS = frozenset({"int", "float", "len"})
FORCED = {"pow": "pow", "floor": "floor", "cast": "cast", "float32": "float32", "where": "where"}


class Schedules(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        super().__init__(module, resolve, line_of)
        self.numbers = _number_names(module)
        self.bound = set(Bindings(module).sites)  # a module's own ``len`` is not the builtin
        self.rewritten: dict[cst.Call, cst.BaseExpression] = {}
        self.notes: list[tuple[int, str]] = []
        self.refused: dict[cst.Call, str] = {}  # a decay left as written -> why (``refusal``)

    def refuse(self, call: cst.Call, why: str) -> cst.BaseExpression | None:
        """None, the decay left as written, with ``why`` kept for the report."""
        self.refused[call] = why
        return None

    def path(self, node: cst.CSTNode) -> str:
        return (self.resolver(node) or "").removeprefix("compat.v1.")

    def collect(self) -> bool:
        for node in descendants(self.module):
            if isinstance(node, cst.Call) and self.path(node.func) in DECAYS | PIECEWISE:
                code = self.computation(node) if self.path(node.func) in DECAYS else self.piecewise(node)
                if code is not None:
                    self.rewritten[node] = code
        return bool(self.rewritten)

    def computation(self, call: cst.Call) -> cst.BaseExpression | None:
        """The decay's computation from the step, or None for a form whose dtype or arguments are not plain."""
        if any(a.star for a in call.args) or len(call.args) > len(PARAMETERS):
            return self.refuse(call, "its arguments are not written out one by one")
        given: dict[str, cst.BaseExpression] = {}
        for index, name in enumerate(PARAMETERS):
            arg = argument(call, index, name)
            if arg is not None:
                given[name] = arg.value
        known = set(PARAMETERS)
        if any(a.keyword is not None and a.keyword.value not in known for a in call.args):
            return self.refuse(call, "a keyword argument TF1's signature does not have")
        rate, step, steps, decay = (given.get(k) for k in PARAMETERS[:4])
        if rate is None or step is None or steps is None or decay is None:
            return self.refuse(call, "an argument is missing")
        if not self.float_value(rate):
            return self.refuse(
                call,
                f"its learning rate `{self.module.code_for_node(rate)}` is not known to be a Python float (a float "
                "literal, a module-level name bound once to one, a DEFINE_float flag or an argparse `type=float` "
                "argument with a float default): its dtype is the decay's",
            )
        for what, value in (("decay_steps", steps), ("decay_rate", decay)):
            if not self.host_number(value):
                return self.refuse(
                    call, f"its {what} `{self.module.code_for_node(value)}` is not a number the program knows"
                )
        exponential = self.path(call.func) == "train.exponential_decay"
        if not exponential and not self.number(decay):  # inverse_time_decay: a literal or module constant only
            return self.refuse(call, "its decay_rate is not a number literal or a module-level name of one")
        staircase = given.get("staircase")
        if staircase is not None and not (isinstance(staircase, cst.Name) and staircase.value in ("True", "False")):
            return self.refuse(call, "its staircase is not `True` or `False` as written")
        stairs = isinstance(staircase, cst.Name) and staircase.value == "True"
        # TF1 casts the step, decay_steps and decay_rate to the rate's dtype (float32): a literal converts as the
        # cast does, any other value is cast as TF1 cast it (``len(data) / 8`` is a float64 rounded once).
        spliced = {"STEP_": step, "STEPS_": steps, "DECAY_": decay, "RATE_": rate}
        divisor = "STEPS_" if isinstance(steps, (cst.Integer, cst.Float)) else "tf.cast(STEPS_, tf.float32)"
        progress = f"tf.cast(STEP_, tf.float32) / {divisor}"
        if stairs:
            progress = f"tf.floor({progress})"
        if exponential:
            decay_rate = "DECAY_" if self.float_value(decay) else "tf.cast(DECAY_, tf.float32)"
            text = f"RATE_ * tf.pow({decay_rate}, {progress})"
        else:
            text = f"RATE_ / (1.0 + DECAY_ * {progress})"
        # The arguments stay the module's own nodes, so the proof reads the variable and names they read.
        expression = _spliced(cst.parse_expression(text), spliced)
        for node in descendants(expression):
            if id(node) in self.module_ids:
                continue
            if isinstance(node, cst.Attribute) and node.attr.value in FORCED:
                self.forced[id(node)] = FORCED[node.attr.value]
            self.origins[id(node)] = (node, call)
        return expression

    def host_number(self, node: cst.BaseExpression) -> bool:
        """A value the program knows before it builds the decay: a literal, a name, an attribute of one
        (``FLAGS.decay_steps``), arithmetic of those and ``int()``/``float()``/``len()`` of them. The computation
        reads it at each step; the proof refuses a name rebound after (``settle_versions``)."""
        if isinstance(node, (cst.Integer, cst.Float)):
            return True
        if isinstance(node, cst.Name):
            return node.value not in ("True", "False", "None") and self.resolver(node) is None
        if isinstance(node, cst.Attribute):
            root = isinstance(node.value, (cst.Name, cst.Attribute))
            return root and self.resolver(node) is None and self.host_number(node.value)
        if isinstance(node, cst.BinaryOperation):
            return (
                isinstance(node.operator, ARITHMETIC) and self.host_number(node.left) and self.host_number(node.right)
            )
        if isinstance(node, cst.UnaryOperation):
            return isinstance(node.operator, cst.Minus) and self.host_number(node.expression)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in HOST_CALLS:
            return (
                node.func.value not in self.bound
                and len(node.args) == 1
                and node.args[0].keyword is None
                and not node.args[0].star
                and self.host_number(node.args[0].value)
            )
        return False

    def piecewise(self, call: cst.Call) -> cst.BaseExpression | None:
        """``piecewise_constant(step, [b0, b1], [v0, v1, v2])``: TF1 picks ``v0`` while ``step <= b0``, ``v1``
        while ``step <= b1``, then ``v2`` (a ``tf.case`` of those predicates): the picked float32 value itself,
        which nested ``tf.where`` picks the same. Integer boundaries and float values only (TF1 casts the
        boundaries to the step's dtype and makes the values one dtype)."""
        step, boundaries, values = (argument(call, i, k) for i, k in enumerate(("x", "boundaries", "values")))
        if step is None or boundaries is None or values is None or len(call.args) > 4:
            return None
        if any(
            a.keyword is not None and a.keyword.value not in ("x", "boundaries", "values", "name") for a in call.args
        ):
            return None
        bounds, picks = boundaries.value, values.value
        if not (isinstance(bounds, (cst.List, cst.Tuple)) and isinstance(picks, (cst.List, cst.Tuple))):
            return None
        if len(picks.elements) != len(bounds.elements) + 1 or not bounds.elements:
            return None
        if not all(isinstance(e.value, cst.Integer) for e in bounds.elements):
            return None
        if not all(isinstance(e.value, cst.Float) for e in picks.elements):
            return None
        code = self.module.code_for_node
        text = code(picks.elements[-1].value)
        for bound, pick in reversed(list(zip(bounds.elements, picks.elements))):
            text = f"tf.where(STEP <= {code(bound.value)}, {code(pick.value)}, {text})"
        expression = cst.parse_expression(text)
        first = True  # the module's own step node once (the proof reads the variable there), copies after
        while True:
            copy = next((n for n in descendants(expression) if isinstance(n, cst.Name) and n.value == "STEP"), None)
            if copy is None:
                break
            read = step.value if first else step.value.deep_clone()
            expression, first = cast(cst.BaseExpression, expression.deep_replace(copy, read)), False
        for node in descendants(expression):
            if id(node) in self.module_ids:
                continue
            if isinstance(node, cst.Attribute) and node.attr.value in FORCED:
                self.forced[id(node)] = FORCED[node.attr.value]
            self.origins[id(node)] = (node, call)
        return expression

    def float_value(self, node: cst.BaseExpression) -> bool:
        """A Python float: a literal, a module-level name of one, or a flag read as one (flag_values.py)."""
        return (
            isinstance(node, cst.Float)
            or (isinstance(node, cst.Name) and self.numbers.get(node.value) == "float")
            or flag_values.python_float(self.module, node)
        )

    def number(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, (cst.Integer, cst.Float)) or (isinstance(node, cst.Name) and node.value in self.numbers)

    def leave_Call(self, original_node, updated_node):
        replaced = self.rewritten.get(original_node)
        if replaced is None:
            return updated_node
        name = self.path(original_node.func).removeprefix("train.")
        self.notes.append((self.line_of(original_node), f"tf.train.{name} -> the same computation from the step"))
        for node in descendants(replaced):
            if id(node) not in self.module_ids:
                self.origins.setdefault(id(node), (node, original_node))
        return replaced


def _spliced(expression: cst.BaseExpression, nodes: dict[str, cst.BaseExpression]) -> cst.BaseExpression:
    """``expression`` with each of its marker names (``STEP_``) replaced by the module's own node it stands for."""
    for marker, node in nodes.items():
        found = next((n for n in descendants(expression) if isinstance(n, cst.Name) and n.value == marker), None)
        if found is not None:
            expression = cast(cst.BaseExpression, expression.deep_replace(found, node))
    return expression


def _number_names(module: cst.Module) -> dict[str, str]:
    """Module-level names bound once, to a number literal (``learning_rate = 0.1``): "float" or "int"."""
    counts: dict[str, int] = {}
    literal: dict[str, str] = {}
    for node in descendants(module):
        if isinstance(node, cst.AssignTarget):
            for name in (n for n in descendants(node.target) if isinstance(n, cst.Name)):
                counts[name.value] = counts.get(name.value, 0) + 1
        elif isinstance(node, (cst.AugAssign, cst.For, cst.AnnAssign)):
            for name in (n for n in descendants(node.target) if isinstance(n, cst.Name)):
                counts[name.value] = counts.get(name.value, 0) + 2
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                if isinstance(small.value, (cst.Float, cst.Integer)):
                    kind = "float" if isinstance(small.value, cst.Float) else "int"
                    literal[small.targets[0].target.value] = kind
    return {name: kind for name, kind in literal.items() if counts.get(name) == 1}


def refusal(program: Program, call: cst.Call, path: str) -> str | None:
    """Why ``desugar`` left the decay ``call`` of the proved module as written, in the words of the report; None
    for a call it does not read (``piecewise_constant``'s forms)."""
    path = path.removeprefix("compat.v1.")
    if path not in DECAYS:
        return None
    schedules = Schedules(program.module, program.resolve, program.line_of)
    if schedules.computation(call) is not None:
        return None
    return f"tf.{path} is left as written: {schedules.refused[call]}"


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with its learning-rate decays written as their computations, or None when it has none."""
    schedules = Schedules(module, resolve, line_of)
    if not schedules.collect():
        return None
    new = module.visit(schedules)
    resolve_new, line_of_new = schedules.remapped()
    return new, resolve_new, line_of_new, schedules.notes


# Optimizers that read the learning rate only in the update of its own step: Keras' update takes the callable's
# value there as TF1's did. RMSProp adds ``lr * grad / sqrt(ms + eps)`` to its momentum in TF1's kernel and in
# Keras alike; TF1 Momentum steps by ``lr * accum`` with the accumulation stored unscaled, and so does the
# ``TF1Momentum`` that replaces it (tf1_optimizers.py, TF1's kernel), where Keras SGD would carry earlier rates.
STEP_RATE_OPTIMIZERS = frozenset(
    {
        "train.GradientDescentOptimizer",
        "train.AdamOptimizer",
        "train.AdagradOptimizer",
        "train.RMSPropOptimizer",
        "train.MomentumOptimizer",
    }
)


def decayed_rate(program: Program, value: cst.BaseExpression, path: str) -> bool:
    """The optimizer's learning rate is a callable the eager optimizer may call: the name of a tensor computed,
    without placeholders or random ops, from variables no optimizer trains (a step counter), which the rewrite
    makes a function of no arguments."""
    if path not in STEP_RATE_OPTIMIZERS or not isinstance(value, cst.Name):
        return False
    node = program.nodes.get(value.value)
    if node is None or node.kind != "tensor" or node.params or node.random or not node.variables:
        return False
    read = [program.nodes.get(name) for name in node.variables]
    return all(v is not None and v.kind == "variable" and _counter(v.value) for v in read)


def _counter(value: cst.BaseExpression) -> bool:
    """A variable no optimizer trains: ``trainable=False``, or an integer one (``tf.Variable(0)``: TF1 computes
    no gradient for it, nor does the tape watch it)."""
    if not _trainable_variable(value):
        return True
    if not isinstance(value, cst.Call):
        return False
    initial = argument(value, 0, "initial_value")
    dtype = argument(value, None, "dtype")
    if dtype is not None:
        return isinstance(dtype.value, cst.Attribute) and dtype.value.attr.value in ("int32", "int64")
    return initial is not None and isinstance(initial.value, cst.Integer)
