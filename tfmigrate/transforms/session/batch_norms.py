"""``tf.layers.batch_normalization(h, training=is_training)`` in a Session program whose train step runs the
``UPDATE_OPS`` (``with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)): train = ...minimize(...)``).

TF1's layer (tf-keras' v1 ``BatchNormalization``) computes with the batch's statistics where ``training`` is true and
with the moving ones else, and puts two ops in ``UPDATE_OPS`` per call: the moving averages of that call's batch
statistics. They run only in a run that fetches them, here through the control dependency of the train op: once
per call in each run of the step, the statistics computed in that run (a GAN's generator updates its statistics in
the discriminator's step too), and as no-ops where ``training`` is fed false. Keras updates at every training call,
which the eager functions (a tensor's function may be called more than once per step) cannot follow; so the eager
program builds one ``TF1BatchNormalization`` per layer (defined once per file, as TF1 computed it: the fused kernel
for a 4-D input, ``tf.nn.moments`` else, its momentum's float32 rounding), whose call changes nothing, and each
train step calls ``update`` of every batch norm built before its ``with`` block, in the order they were built,
before it takes its gradients (TF1 applied the gradients after the updates; a training call reads no moving
statistic).

A layer built again in a reusing scope (a GAN's discriminator, on the real and the fake batch) updates one
variable from two calls in one run, and TF1 ran those two updates in no fixed order (checked on TF 2.21: the fused
kernel's two updates of ``discriminator/batch_normalization/moving_mean`` came out in either order in different
processes): its moving statistics are TF1's only where no run reads them, so a run computing one of its calls other
than training (``isTrain: False``) is refused (``check_reads``). Only literal arguments TF1's defaults cover;
``training`` a literal or a fed bool placeholder; the collection read once; no global variable list. A Saver of all
variables saves and restores the four variables under TF1's names (layer_checkpoints.py: the class builds them
outside any trace, named ``conv1_bn/gamma``; a TF1 checkpoint is read by those names).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms.session import literals, scoped_norms

if TYPE_CHECKING:  # analysis reads layers, which reads this module
    from tfmigrate.transforms.session.analysis import Node, Program
    from tfmigrate.transforms.session.layers import Layer

BASE = "batch_normalization"
MODE = "batch_norm"  # a Layer's mode (layers.py)
CLASS = "TF1BatchNormalization"
# Arguments whose literal value the class takes as given; the others only with TF1's default.
LITERAL = frozenset({"momentum", "epsilon", "center", "scale"})
DEFAULTS = {"axis": ("-1",), "trainable": ("True",), "fused": ("None",), "renorm": ("False",), "reuse": ("None",)}
DEFAULTS |= {"virtual_batch_size": ("None",), "adjustment": ("None",)}


def collect(program: Program, call: cst.Call, layer: Layer, bound: dict[str, cst.Arg], node: Node) -> None:
    """Model one call of the layer (``layer`` made by layers.collect); raises Blocked where it is not shown equal."""
    if CLASS in program.names:
        raise program.deny(f"tf.layers.batch_normalization in a module that names `{CLASS}`", call)
    code = program.module.code_for_node
    for key, arg in bound.items():
        if key in ("inputs", "name"):
            continue
        if key == "training":
            _training(program, call, arg.value)
        elif key in LITERAL and literals.written(arg.value, numbers_and_bools=True):
            layer.init.append((key, arg.value))
        elif key not in DEFAULTS or code(arg.value) not in DEFAULTS[key]:
            raise program.deny(f"tf.layers.batch_normalization({key}=...) is not modelled", call)
    layer.mode = MODE
    layer.flag = code(bound["training"].value) if "training" in bound else "False"
    layer.site = node


def _training(program: Program, call: cst.Call, value: cst.BaseExpression) -> None:
    """``training=`` a literal, or a bool placeholder a run feeds (the eager functions take it as an argument)."""
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return
    known = program.nodes.get(value.value) if isinstance(value, cst.Name) else None
    if known is None or known.kind != "placeholder" or known.dtype not in ("tf.bool", "bool"):
        raise program.deny(
            "tf.layers.batch_normalization(training=...) other than a literal or a bool placeholder", call
        )


def update_ops(program: Program, value: cst.BaseExpression) -> list[Layer] | None:
    """``tf.get_collection(tf.GraphKeys.UPDATE_OPS)`` where only modelled batch norms fill it: those built before it
    (the collection is read where the block is entered), in TF1's order; None for other values. Raises Blocked
    where something else may fill it."""
    if not (isinstance(value, cst.Call) and program.tf1_path(value.func) == "get_collection" and len(value.args) == 1):
        return None
    if program.tf1_path(value.args[0].value) != "GraphKeys.UPDATE_OPS":
        return None
    norms = [layer for layer in program.layers.values() if layer.mode == MODE]
    if not norms:
        return None
    line = program.line_of(value)
    built = [layer for call, layer in program.layers.items() if layer.mode == MODE and program.line_of(call) < line]
    from tfmigrate.transforms.session.analysis import descendants

    uses = [
        c
        for c in descendants(program.module)
        if isinstance(c, cst.Call)
        and program.tf1_path(c.func) == "get_collection"
        and c.args
        and program.tf1_path(c.args[0].value) == "GraphKeys.UPDATE_OPS"
    ]
    if len(uses) != 1:
        raise program.deny("the UPDATE_OPS collection is read more than once", uses[-1])
    return [layer for layer in built if layer.flag != "False"]


def params(program: Program, norms: list[Layer]) -> list[str]:
    """The placeholders the updates read: those of each call's value (TF1's run of the train op needed them fed)."""
    names: dict[str, int] = {}
    for layer in norms:
        site = layer.site
        assert site is not None
        for name in site.params:
            names[name] = program.nodes[name].index if name in program.nodes else 0
    return sorted(names, key=lambda name: names[name])


def statement(program: Program, layer: Layer, name: str) -> str:
    """The statement building the layer's object (at module level, where TF1 built it)."""
    code = program.module.code_for_node
    args = [f"{layer.tf1_name.rsplit('/', 1)[-1]!r}", *(f"{key}={code(value)}" for key, value in layer.init)]
    args += [f"scope={layer.scope!r}"] if layer.scope else []  # saved under its variable scope (scoped_norms.py)
    return f"{name} = {CLASS}({', '.join(args)})"


def call(name: str, inputs: str, training: str) -> str:
    return f"{name}({inputs}, {training})"


def weights(program: Program, layer: Layer) -> list[str]:
    """The layer's variables, in TF1's order of creation (a Saver saves them all)."""
    code = program.module.code_for_node
    off = {key for key, value in layer.init if code(value) == "False"}
    return [*(["gamma"] if "scale" not in off else []), *(["beta"] if "center" not in off else [])] + [
        "moving_mean",
        "moving_variance",
    ]


def update(name: str, inputs: str, training: str) -> str:
    return f"{name}.update({inputs}, {training})"


DEFINITION = '''
class {name}({tf}.Module):
    """tf.layers.batch_normalization as TF1 ran it (tf-keras' v1 layer): a call computes with the batch's statistics
    where training, the moving ones else, and changes nothing; update() is what TF1's two UPDATE_OPS of that call
    did, run with each train step (the fused kernel for a 4-D input, its float32 momentum, as TF1 had them)."""

    def __init__(self, name, momentum=0.99, epsilon=1e-3, center=True, scale=True):
        super().__init__(name=name)
        self.momentum, self.epsilon, self.center, self.scale = momentum, epsilon, center, scale
        self.depth = None

    def build(self, inputs):
        """The variables, under TF1's names (outside any trace, whose name scopes would prefix them)."""
        if self.depth is not None:
            return
        with {tf}.init_scope():
            self.depth = inputs.shape[-1]
            self.gamma = {tf}.Variable({tf}.ones([self.depth]), name=self.name + "/gamma") if self.scale else None
            self.beta = {tf}.Variable({tf}.zeros([self.depth]), name=self.name + "/beta") if self.center else None
            self.moving_mean = {tf}.Variable({tf}.zeros([self.depth]), trainable=False, name=self.name + "/moving_mean")
            self.moving_variance = {tf}.Variable(
                {tf}.ones([self.depth]), trainable=False, name=self.name + "/moving_variance"
            )

    def statistics(self, inputs, training):
        """The output and the statistics the update averages in (TF1's smart_cond: a Python branch for a known
        flag, tf.cond for a fed one)."""
        inputs = {tf}.cast(inputs, {tf}.float32)
        self.build(inputs)
        if len(inputs.shape) not in (2, 4):
            raise ValueError("TF1BatchNormalization models 2-D and 4-D inputs only")
        flag = {tf}.get_static_value(training)

        def branch(train, infer):
            if flag is not None:
                return train() if flag else infer()
            return {tf}.cond({tf}.cast(training, {tf}.bool), train, infer)

        if len(inputs.shape) == 4:
            gamma = self.gamma if self.scale else {tf}.ones([self.depth])
            beta = self.beta if self.center else {tf}.zeros([self.depth])

            def train():
                return {tf}.compat.v1.nn.fused_batch_norm(
                    inputs, gamma, beta, mean=self.moving_mean, variance=self.moving_variance, epsilon=self.epsilon,
                    is_training=True,
                )

            def infer():
                return {tf}.compat.v1.nn.fused_batch_norm(
                    inputs, gamma, beta, mean=self.moving_mean, variance=self.moving_variance, epsilon=self.epsilon,
                    is_training=False,
                )

            output, mean, variance = branch(train, infer)
            momentum = branch(lambda: {tf}.constant(self.momentum), lambda: {tf}.constant(1.0))
            return output, mean, variance, 1.0 - momentum
        mean, variance = {tf}.nn.moments(inputs, [0])
        mean = branch(lambda: mean, lambda: {tf}.convert_to_tensor(self.moving_mean))
        variance = branch(lambda: variance, lambda: {tf}.convert_to_tensor(self.moving_variance))
        output = {tf}.nn.batch_normalization(inputs, mean, variance, self.beta, self.gamma, self.epsilon)
        return output, mean, variance, None

    def __call__(self, inputs, training=False):
        return self.statistics(inputs, training)[0]

    def update(self, inputs, training=False):
        _, mean, variance, decay = self.statistics(inputs, training)
        if decay is not None:  # the fused kernel's: run where not training too, by a decay of 0
            self.moving_mean.assign_sub((self.moving_mean - mean) * decay)
            self.moving_variance.assign_sub((self.moving_variance - variance) * decay)
            return
        decay = {tf}.convert_to_tensor(1.0 - self.momentum)

        def assign():
            self.moving_mean.assign_sub((self.moving_mean - mean) * decay)
            self.moving_variance.assign_sub((self.moving_variance - variance) * decay)
            return {tf}.constant(True)

        flag = {tf}.get_static_value(training)
        if flag is None:
            {tf}.cond({tf}.cast(training, {tf}.bool), assign, lambda: {tf}.constant(False))
        elif flag:
            assign()
'''


def define(migrated: cst.Module, tf: str) -> cst.Module:
    """``migrated`` with the class defined once, before the first top-level statement that reads it (or where the
    program under ``if __name__ == "__main__":``, rewritten on its own, already defined it)."""
    from tfmigrate.transforms.session.analysis import descendants

    if CLASS not in module_code(migrated) or any(
        isinstance(s, cst.ClassDef) and s.name.value == CLASS for s in descendants(migrated)
    ):
        return migrated
    pattern = re.compile(rf"\b{CLASS}\b")
    body = list(migrated.body)
    at = next((i for i, s in enumerate(body) if pattern.search(migrated.code_for_node(s))), None)
    if at is None:
        return migrated
    definition = cst.parse_statement(
        scoped_norms.definition(DEFINITION.format(name=CLASS, tf=tf), module_code(migrated), tf)
    )
    definition = definition.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
    body.insert(at, definition)
    return migrated.with_changes(body=body)


def step_params(program: Program, train: Node, loss_params: list[str]) -> list[str]:
    """A train step's parameters: its loss's, and the placeholders its batch norms' updates read (TF1's run of the
    op needed them fed), in the placeholders' order."""
    norms = program.batch_norm_updates.get(train.name)
    if not norms:
        return loss_params
    names = {*loss_params, *params(program, norms)}
    return sorted(names, key=lambda name: program.nodes[name].index if name in program.nodes else 0)


def step_updates(program: Program, train: Node) -> list[str]:
    """The statements a train step runs first: each batch norm's update, in the order TF1 built them."""
    updates = [layer.update for layer in program.batch_norm_updates.get(train.name, [])]
    assert all(updates), "a batch norm's call is rewritten before the train step that updates it"
    return updates


def racy(program: Program) -> set[str]:
    """The batch norms (by TF1 name) a train step updates from more than one call: a layer built again in a reusing
    scope (a GAN's discriminator, on the real and the fake batch). TF1 ran the two updates of one variable in one run
    in no fixed order (checked on TF 2.21: the fused kernel's came out in either order in different processes), so
    their moving statistics are TF1's only where nothing reads them; the eager step updates in the calls' order."""
    found: set[str] = set()
    for norms in program.batch_norm_updates.values():
        counts: dict[str, int] = {}
        for layer in norms:
            owner = layer.shares or layer
            counts[owner.tf1_name] = counts.get(owner.tf1_name, 0) + 1
        found |= {name for name, count in counts.items() if count > 1}
    return found


def check_reads(program: Program, run: Node, node: Node, feeds, call: cst.Call) -> None:
    """A run computing ``node`` (the loss of ``run`` where that is a train step) reads the moving statistics of each
    batch norm it calls other than training (``training=True``, or its placeholder fed a literal True): refused for
    a racy one (see :func:`racy`), and in a train step that updates them unless every update reads the call's flag
    (TF1 read them in no fixed order against the updates; fed true, nothing reads them; fed false, the updates
    change nothing)."""
    from tfmigrate.transforms.session.analysis import descendants

    if not program.batch_norm_updates:
        return
    shared = racy(program)
    updates = program.batch_norm_updates.get(run.name, [])
    stepped = {(layer.shares or layer).tf1_name for layer in updates}
    for each in (node, *node.upstream.values()):
        for inner in descendants(each.value):
            layer = program.layers.get(inner) if isinstance(inner, cst.Call) else None
            if layer is None or layer.mode != MODE:
                continue
            name = (layer.shares or layer).tf1_name
            fed = feeds.get(layer.flag) if layer.flag not in ("True", "False") else None
            flag = layer.flag if fed is None else (fed.value if isinstance(fed, cst.Name) else "")
            # the flag each update of the layer reads: fed true, nothing reads the statistics; fed false, the
            # updates change nothing
            same = layer.flag not in ("True", "False")
            idle = same and all(u.flag == layer.flag for u in updates if (u.shares or u).tf1_name == name)
            if flag == "True" or (name not in shared and (name not in stepped or idle)):
                continue
            why = "each train step updates from two calls" if name in shared else "this train step updates"
            raise program.deny(
                f"this run reads the moving statistics of the batch norm {name!r}, which {why}, in no fixed order "
                "in TF1 (each process may give others)",
                call,
            )


def check_saved(program: Program, saver: cst.Call) -> None:
    """A Saver saving the moving statistics of a racy batch norm (:func:`racy`): TF1's checkpoint holds whichever
    order its two updates ran in that process (checked on TF 2.21 with a GAN discriminator's 2-D batch norm: 3
    distinct moving means in 4 runs), so no eager order is TF1's; refused."""
    from tfmigrate.transforms.session.analysis import descendants

    calls: dict[str, int] = {}  # the training calls of each batch norm, whoever runs their updates (a Saver built
    for layer in program.layers.values():  # before the train steps saves the variables they update)
        if layer.mode == MODE and layer.flag != "False":
            owner = (layer.shares or layer).tf1_name
            calls[owner] = calls.get(owner, 0) + 1
    collected = any(
        isinstance(c, cst.Call)
        and program.tf1_path(c.func) == "get_collection"
        and c.args
        and program.tf1_path(c.args[0].value) == "GraphKeys.UPDATE_OPS"
        for c in descendants(program.module)
    )
    shared = sorted(racy(program) | ({name for name, count in calls.items() if count > 1} if collected else set()))
    if shared:
        raise program.deny(
            f"tf.train.Saver saves the moving statistics of the batch norm {shared[0]!r}, which each train step "
            "updates from two calls in no fixed order in TF1 (its checkpoint differs from process to process)",
            saver,
        )
