"""TF1's optimizer updates for the eager rewrite: Keras optimizers whose step is TF1's own kernel.

Keras 3 computes TF1's update rules in another float32 order: ``Adam`` takes ``pow(beta, t)`` where TF1 multiplies
float32 ``beta1_power``/``beta2_power`` by the betas after each step; ``SGD(momentum=)`` keeps ``-lr * accumulation``
where TF1 keeps the accumulation; ``RMSprop`` and ``Adagrad`` put epsilon elsewhere (Adagrad adds one TF1 has not).
Measured on TF 2.21 CPU, 300 steps of a seeded tanh net (tests/test_tf1_optimizers.py): Keras drifts 8e-7 (Momentum),
1.5e-6 (Adagrad), 1e-4 (RMSProp) and 5e-3 (centered RMSProp) relative from TF1, enough for a printed loss to differ.
Each generated class here steps with ``tf.raw_ops.ResourceApply*``, the kernel the ``tf.compat.v1.train``
optimizer runs, so the migrated program prints TF1's numbers bit-identically (Nesterov momentum too, which Keras
``SGD`` computes in yet another form). ``GradientDescentOptimizer`` stays Keras ``SGD``: the same ``var - lr * g``.

The classes use public Keras 3 optimizer API only, as its ``Optimizer`` docstring tells subclasses to
(``build``, ``add_optimizer_variables``, ``add_variable``, ``update_step``, ``apply``, ``get_config``), so a Keras
minor release that reorganises its private members leaves them working: a class finds each variable's slots through
its own table (``tf.Variable.ref()``), not ``_get_variable_index``; Adam's beta powers move in ``apply`` after the
whole step, as TF1's ``_finish`` moved them. Slots are named as Keras names its own (``<variable>_momentum``, ...),
which optimizers.py reads when it moves a TF1 Saver checkpoint's slots in. A gradient of a gather (IndexedSlices) is
read as TF1 read it: each row's duplicates summed, then TF1's sparse kernel (Adam: TF1's own sparse
computation, every row's moments decayed), where Keras makes it dense.

Each class is defined once per output file, before the first top-level statement that uses it (``define``), however
many optimizers, sections or Session functions the file has: the rewrite only names the class (``class_name``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants
from tfmigrate.transforms.session.fresh_names import fresh
from tfmigrate.transforms.session.sentinels import BEGIN_PREFIX, sentinel_name

# What every class shares: its own table from a variable to the position of its slots, and TF1's reading of a
# gradient of a gather (IndexedSlices): each row's duplicates summed, then only the rows it holds stepped.
_INDEX = "            self.slot_indices = {{self.key(v): i for i, v in enumerate(variables)}}\n"
_SHARED = '''
    def key(self, variable):
        """A variable's key in slot_indices (Keras builds on its variables, updates their tf.Variables)."""
        return (variable.value if isinstance(variable, {tf}.keras.Variable) else variable).ref()

    def rows(self, gradient):
        """TF1's sparse update reads a gradient of a gather with each row's duplicates summed."""
        indices, positions = {tf}.unique(gradient.indices)
        return {tf}.math.unsorted_segment_sum(gradient.values, positions, {tf}.shape(indices)[0]), indices
'''

TEMPLATES = {
    "Adam": '''
class {name}({tf}.keras.optimizers.Optimizer):
    """TF1's AdamOptimizer: its own kernel (ResourceApplyAdam), with beta1_power and beta2_power float32 variables
    multiplied by the betas after each step as TF1 kept them; Keras Adam's float order drifts 1e-7 a step."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-08, name="adam", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, variables):
        if not self.built:
            super().build(variables)
            self.momentums, self.velocities = self.add_optimizer_variables(variables, ["momentum", "velocity"])
            constant = {tf}.keras.initializers.Constant
            self.beta1_power = self.add_variable((), constant(self.beta_1), "float32", name="beta1_power")
            self.beta2_power = self.add_variable((), constant(self.beta_2), "float32", name="beta2_power")
{index}{shared}
    def update_step(self, gradient, variable, learning_rate):
        index, dtype = self.slot_indices[self.key(variable)], variable.dtype
        m, v = self.momentums[index].value, self.velocities[index].value
        beta1_power, beta2_power = {tf}.cast(self.beta1_power, dtype), {tf}.cast(self.beta2_power, dtype)
        lr, beta1, beta2 = {tf}.cast(learning_rate, dtype), {tf}.cast(self.beta_1, dtype), {tf}.cast(self.beta_2, dtype)
        epsilon = {tf}.cast(self.epsilon, dtype)
        if isinstance(gradient, {tf}.IndexedSlices):  # TF1's sparse Adam: every row's moments decay
            values, indices = self.rows(gradient)
            lr = lr * {tf}.sqrt(1 - beta2_power) / (1 - beta1_power)
            m.assign(m * beta1)
            m.scatter_add({tf}.IndexedSlices(values * (1 - beta1), indices))
            v.assign(v * beta2)
            v.scatter_add({tf}.IndexedSlices((values * values) * (1 - beta2), indices))
            variable.assign_sub(lr * m / ({tf}.sqrt(v) + epsilon))
            return
        {tf}.raw_ops.ResourceApplyAdam(
            var=variable.handle,
            m=m.handle,
            v=v.handle,
            beta1_power=beta1_power,
            beta2_power=beta2_power,
            lr=lr,
            beta1=beta1,
            beta2=beta2,
            epsilon=epsilon,
            grad=gradient,
        )

    def apply(self, grads, trainable_variables=None):
        super().apply(grads, trainable_variables)
        self.beta1_power.assign(self.beta1_power * self.beta_1)
        self.beta2_power.assign(self.beta2_power * self.beta_2)

    def get_config(self):
        return {{**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}}
''',
    "Momentum": '''
class {name}({tf}.keras.optimizers.Optimizer):
    """TF1's MomentumOptimizer: its own kernel (ResourceApplyMomentum) on the accumulated gradient, where Keras SGD
    keeps -lr * accumulation in another float order (and Nesterov's step in another form)."""

    def __init__(self, learning_rate, momentum, nesterov=False, name="SGD", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.momentum, self.nesterov = momentum, nesterov

    def build(self, variables):
        if not self.built:
            super().build(variables)
            self.momentums = self.add_optimizer_variables(variables, "momentum")
{index}{shared}
    def update_step(self, gradient, variable, learning_rate):
        index, dtype = self.slot_indices[self.key(variable)], variable.dtype
        step = dict(
            var=variable.handle,
            accum=self.momentums[index].value.handle,
            lr={tf}.cast(learning_rate, dtype),
            momentum={tf}.cast(self.momentum, dtype),
            use_nesterov=self.nesterov,
        )
        if isinstance(gradient, {tf}.IndexedSlices):
            values, indices = self.rows(gradient)
            {tf}.raw_ops.ResourceSparseApplyMomentum(grad=values, indices=indices, **step)
        else:
            {tf}.raw_ops.ResourceApplyMomentum(grad=gradient, **step)

    def get_config(self):
        return {{**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}}
''',
    "RMSProp": '''
class {name}({tf}.keras.optimizers.Optimizer):
    """TF1's RMSPropOptimizer: its own kernel (ResourceApplyRMSProp, or ResourceApplyCenteredRMSProp), the mean
    square starting at 1 and a momentum slot always kept, as TF1 kept them; Keras RMSprop's order drifts from it."""

    def __init__(self, learning_rate, rho=0.9, momentum=0.0, epsilon=1e-10, centered=False, name="rmsprop", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered

    def build(self, variables):
        if not self.built:
            super().build(variables)
            self.velocities = self.add_optimizer_variables(variables, "velocity", "ones")
            if self.centered:
                self.average_gradients = self.add_optimizer_variables(variables, "average_gradient")
            self.momentums = self.add_optimizer_variables(variables, "momentum")
{index}{shared}
    def update_step(self, gradient, variable, learning_rate):
        index, dtype = self.slot_indices[self.key(variable)], variable.dtype
        step = dict(
            var=variable.handle,
            ms=self.velocities[index].value.handle,
            mom=self.momentums[index].value.handle,
            lr={tf}.cast(learning_rate, dtype),
            rho={tf}.cast(self.rho, dtype),
            momentum={tf}.cast(self.momentum, dtype),
            epsilon={tf}.cast(self.epsilon, dtype),
        )
        if self.centered:
            step["mg"] = self.average_gradients[index].value.handle
        if isinstance(gradient, {tf}.IndexedSlices):  # TF1's sparse RMSProp: only the rows the gradient holds move
            values, indices = self.rows(gradient)
            if self.centered:
                {tf}.raw_ops.ResourceSparseApplyCenteredRMSProp(grad=values, indices=indices, **step)
            else:
                {tf}.raw_ops.ResourceSparseApplyRMSProp(grad=values, indices=indices, **step)
        elif self.centered:
            {tf}.raw_ops.ResourceApplyCenteredRMSProp(grad=gradient, **step)
        else:
            {tf}.raw_ops.ResourceApplyRMSProp(grad=gradient, **step)

    def get_config(self):
        added = {{"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon, "centered": self.centered}}
        return {{**super().get_config(), **added}}
''',
    "Adagrad": '''
class {name}({tf}.keras.optimizers.Optimizer):
    """TF1's AdagradOptimizer: its own kernel (ResourceApplyAdagrad, lr * g / sqrt(accumulator)), where Keras Adagrad
    adds an epsilon TF1 has not and divides in another order."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, name="adagrad", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value

    def build(self, variables):
        if not self.built:
            super().build(variables)
            start = {tf}.keras.initializers.Constant(self.initial_accumulator_value)
            self.accumulators = self.add_optimizer_variables(variables, "accumulator", start)
{index}{shared}
    def update_step(self, gradient, variable, learning_rate):
        index, dtype = self.slot_indices[self.key(variable)], variable.dtype
        step = dict(var=variable.handle, accum=self.accumulators[index].value.handle, lr={tf}.cast(learning_rate, dtype))
        if isinstance(gradient, {tf}.IndexedSlices):
            values, indices = self.rows(gradient)
            {tf}.raw_ops.ResourceSparseApplyAdagrad(grad=values, indices=indices, **step)
        else:
            {tf}.raw_ops.ResourceApplyAdagrad(grad=gradient, **step)

    def get_config(self):
        return {{**super().get_config(), "initial_accumulator_value": self.initial_accumulator_value}}
''',
}
KINDS = tuple(TEMPLATES)
_GENERATED = re.compile(rf"TF1({'|'.join(KINDS)})(?:_\d+)?")  # the kind, and fresh()'s suffix


def generated_kind(name: str) -> str | None:
    """The kind of a class name the rewrite gives (``TF1Adam``, ``TF1Adam_1``); None for any other name."""
    found = _GENERATED.fullmatch(name)
    return found[1] if found else None


def kind(keras: str, args: dict[str, str]) -> str | None:
    """The TF1 update a Keras optimizer family stands for in the rewrite (analysis.OPTIMIZERS); None: plain gradient
    descent, which Keras SGD computes as TF1 did."""
    if keras == "SGD":
        return "Momentum" if "momentum" in args else None
    return {"Adam": "Adam", "RMSprop": "RMSProp", "Adagrad": "Adagrad"}[keras]


def class_name(program: Program, taken: set[str], kind: str) -> str:
    """The class's name: the same in every rewrite of one file (each program sees the file's names)."""
    return fresh(program, taken, f"TF1{kind}")


def definition(kind: str, name: str, tf: str) -> str:
    text = TEMPLATES[kind].replace("{index}", _INDEX).replace("{shared}", _SHARED)
    return text.format(name=name, tf=tf).lstrip("\n")


def define(original: cst.Module, migrated: cst.Module, tf: str) -> cst.Module:
    """``migrated`` with each TF1 optimizer class it uses defined once, before the first top-level statement that
    reads it. A class is one the rewrite named: a ``TF1<kind>`` name that ``original`` does not hold and
    ``migrated`` does not define."""
    kinds = {  # a name the rewrite may have given a class -> its kind
        n.value: generated[1]
        for n in descendants(migrated)
        if isinstance(n, cst.Name) and (generated := _GENERATED.fullmatch(n.value))
    }
    if not kinds:  # no such name (most eager files): nothing to define, the original is not walked
        return migrated
    held = {n.value for n in descendants(original) if isinstance(n, cst.Name)}
    defined = {n.name.value for n in descendants(migrated) if isinstance(n, cst.ClassDef)}
    body = list(migrated.body)
    for name in sorted(kinds.keys() - held - defined):
        kind = kinds[name]
        at = _outside_classes(body, next(i for i, statement in enumerate(body) if _reads(statement, name)))
        statement = _parsed(definition(kind, name, tf))
        statement = statement.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        first = body[at]
        if not any(line.comment is None for line in first.leading_lines):  # a blank line after the class
            first = first.with_changes(leading_lines=[cst.EmptyLine(indent=False), *first.leading_lines])
        body[at : at + 1] = [statement, first]
    return migrated.with_changes(body=body)


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
    """A class definition's statement, parsed once per text: a few hundred lines each, the same in every program that
    trains with that optimizer. libcst's nodes are immutable, so one parse serves every module it is put in."""
    return cst.parse_statement(text)


def _outside_classes(body: Sequence[cst.CSTNode], at: int) -> int:
    """``at``, or the start of the class proof's construction site holding it (``optimizer=tf.train.AdamOptimizer(
    ...)`` passed to a constructor, read among the bindings of its parameters): the class proof puts those bindings
    back as the call's arguments, where a class definition cannot go; before the site it reads as a module
    statement."""
    marks = [(i, name) for i, s in enumerate(body[:at]) if (name := sentinel_name(s)) is not None]
    if marks and marks[-1][1].startswith(BEGIN_PREFIX) and marks[-1][1].endswith("__site"):
        return marks[-1][0]
    return at


def _reads(statement: cst.CSTNode, name: str) -> bool:
    return any(isinstance(node, cst.Name) and node.value == name for node in descendants(statement))
