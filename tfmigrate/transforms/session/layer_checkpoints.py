"""A ``tf.train.Saver`` of a program with tf.layers (layers.py): the Checkpoint holds each Keras layer, and a restore
reads a TF1 checkpoint by TF1 variable name.

Keras 3 builds a layer's variables at its first call, as ``tf.Variable``s named ``<layer name>/kernel`` (layers.py
gives the layer TF1's name), and ``tf.train.Checkpoint`` records that name as each variable's full name: TF1's Saver
finds the variables of such a checkpoint by it, so the TF1 original restores what the migrated program saved. The
other way does not hold: ``Checkpoint.read`` of a TF1 checkpoint leaves Keras 3 layer variables unmatched, so each
restore is a generated function that builds every layer from the shape of its saved kernel (TF1 built it where the
graph was built; Keras would at its first call) and assigns each variable the tensor saved under its TF1 name, as
TF1's restore did. A checkpoint the migrated program wrote is read as a Checkpoint, which Keras layers not yet built
take at their build (all checked on TF 2.21).

Only where those names hold: each layer with variables in the root scope (under ``tf.variable_scope('ConvNet')`` TF1
saved ``ConvNet/dense/kernel``, Keras ``dense/kernel``); no ``tf.layers.Dense`` object
(named at its first call), RNN cell or moving average in the Saver; no optimizer slots saved (TF1 looks for
``dense/kernel/Adam``, which the Keras optimizer saves under its own names); no other variable or scope named like
a layer (TF1 numbered one of them).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import batch_norms, layers, scope_numbering
from tfmigrate.transforms.session.analysis import VARIABLE, VARIABLES, Blocked, Node, Program, descendants
from tfmigrate.transforms.session.fresh_names import fresh

# The input rank a layer is built for and the kernel axis that holds its input channels.
BUILDS = {
    "dense": (2, -2),
    "conv1d": (3, -2),
    "conv2d": (4, -2),
    "conv3d": (5, -2),
    "conv2d_transpose": (4, -1),
    "conv3d_transpose": (5, -1),
}
NAMED = frozenset({*VARIABLES, "name_scope", "variable_scope"})


def saved(
    program: Program, saver: Node, slots: bool, others: bool, only: list[layers.Layer] | None = None
) -> list[layers.Layer]:
    """The layers whose variables ``saver`` (of all or of the trainable variables, or of the layers ``only``, its
    var_list: :func:`listed`) saves; raises Blocked (with the Saver's line) where the names would not match.
    ``slots``: it saves optimizer slots; ``others``: RNN cells or moving averages."""
    call = saver.value
    assert isinstance(call, cst.Call)

    def deny(why: str) -> Blocked:
        return program.deny(f"tf.train.Saver in a program with tf.layers: {why}", call)

    objects = [n for n in program.nodes.values() if n.kind == layers.KIND]
    if objects:
        raise deny(f"the layer object `{objects[0].name}` is named at its first call, not as TF1 named it")
    batch_norms.check_saved(program, call)
    norms = [layer for layer in program.layers.values() if layer.mode == batch_norms.MODE]
    if norms and call.args:
        raise deny(f"a variable list of its own beside the batch norm {norms[0].tf1_name!r} (its moving statistics)")
    built = [layer for layer in program.layers.values() if weighted(layer) and (only is None or layer in only)]
    for layer in built:  # those built before it, as TF1's Saver listed them; a Keras or Module name holds no '/'
        layer.scope = layer.tf1_name.rsplit("/", 1)[0] + "/" if "/" in layer.tf1_name else ""
    if built and slots:
        raise deny("it saves the optimizer's slots, which TF1 reads by names the Keras optimizer does not save")
    if built and others:
        raise deny("it also saves RNN cells or moving averages, which the by-name restore does not build")
    names = {name.lower() for layer in built for name in (layer.tf1_name, layer.tf1_name.rsplit("/", 1)[-1])}
    for node in descendants(program.module):
        if isinstance(node, cst.Call) and (program.tf1_path(node.func) or "") in NAMED:
            given = argument(node, None if program.tf1_path(node.func) == VARIABLE else 0, "name")
            literal = literal_string(given.value) if given is not None else None
            if literal is not None and literal.lower() in names:
                why = scope_numbering.renumbered(literal, scope_numbering.LAYER)
                raise deny(f"{literal!r} names a layer and another variable or scope ({why})")
    program.layer_lists.update(
        n for n in descendants(call) if isinstance(n, cst.Call)
    )  # the Saver and its variable list: layers.finish lets them be
    keras = [layer for layer in built if layer.mode != batch_norms.MODE]  # a batch norm names its own variables
    builder = fresh(program, program.names, "build_eagerly") if keras else ""
    for layer in built:
        program.names.add(layers.object_name(program, layer, program.names))
        if layer.mode != batch_norms.MODE:
            layer.built_by = builder
    return built


def builder(program: Program, layer: layers.Layer, tf: str) -> str:
    """The definition of the function that builds the saved layers, written once, before the first of them."""
    owner = layer.shares or layer
    if not owner.built_by or program.eager_builder:
        return ""
    program.eager_builder = owner.built_by
    if not any(layer.built_by and layer.scope for layer in program.layers.values()):
        return (
            f"def {owner.built_by}(layer, inputs):\n"
            '    """Calls a Keras layer, built first outside any tf.function trace, where its variables take TF1\'s names '
            "(a trace numbers the name scopes Keras opens: the second layer's `dense_1/kernel` became "
            '`dense_1_1/kernel`, which TF1\'s Saver does not find)."""\n'
            "    if not layer.built:\n"
            f"        with {tf}.init_scope():\n"
            "            layer.build(inputs.shape)\n"
            "    return layer(inputs)"
        )
    return (
        f'def {owner.built_by}(layer, inputs, scope=""):\n'
        '    """Calls a Keras layer, built first outside any tf.function trace, where its variables take TF1\'s names '
        "(a trace numbers the name scopes Keras opens: the second layer's `dense_1/kernel` became "
        "`dense_1_1/kernel`, which TF1's Saver does not find), under the variable scope TF1 built it in "
        "(`scope`, opened as an absolute name scope: a Keras 3 name holds no `/`, its tf.Variable's name does, and "
        'a checkpoint records that name, by which TF1\'s Saver reads it)."""\n'
        "    if not layer.built:\n"
        f"        with {tf}.init_scope(), {tf}.name_scope(scope):\n"
        "            layer.build(inputs.shape)\n"
        "    return layer(inputs)"
    )


def listed(program: Program, value: cst.BaseExpression | None) -> list[layers.Layer] | None:
    """The layers a Saver's var_list of its own saves (``Saver(var_list=g_vars)``, ``g_vars = [var for var in t_vars
    if var.name.startswith('generator')]``: the filter over the layers' TF1 names that the train steps' var_lists
    read, gradients.variable_list), where it holds every variable of each layer it holds and no other variable;
    None for any other list (:func:`own_list` says why)."""
    found, why = _partition(program, value)
    return None if why else found


def _partition(program: Program, value: cst.BaseExpression | None) -> tuple[list[layers.Layer], str]:
    """The layers whose variables a filtered var_list holds, and why it cannot be saved as whole layers ("" where
    it can)."""
    from tfmigrate.transforms.session import gradients

    node = program.nodes.get(value.value) if isinstance(value, cst.Name) else None
    if node is not None and node.kind == gradients.KIND and isinstance(node.value, cst.ListComp):
        value = node.value  # ``g_vars``, bound to the filter
    if not isinstance(value, (cst.ListComp, cst.Call)) or (isinstance(value, cst.Call) and not value.args):
        return (
            [],
            "only all or the trainable variables, or a filter of them by name, are saved by the layers' TF1 names",
        )
    kept = gradients.variable_list(program, value)  # or ``tf.get_collection(..., scope='generator')``
    if kept is None:
        return (
            [],
            "only all or the trainable variables, or a filter of them by name, are saved by the layers' TF1 names",
        )
    found = []
    for layer in program.layers.values():
        codes = [code for code, _ in variables(program, layer)] if weighted(layer) else []
        if codes and set(codes) <= set(kept):
            found.append(layer)
        elif set(codes) & set(kept):
            part = next(code for code in codes if code in kept).rsplit(".", 1)[1]
            return (
                [],
                f"it holds the {part} of the layer {layer.tf1_name!r} without the rest (a Checkpoint saves whole layers)",
            )
        kept = [code for code in kept if code not in codes]
    if kept:
        return [], f"it holds `{kept[0]}`, not a layer's variable, beside the layers'"
    return found, "" if found else "it holds no layer's variable"


def own_list(program: Program, listed: str, value: cst.BaseExpression | None) -> str:
    """Why a Saver of a var_list of its own (``g_vars``, filtered from the layers' variables) keeps the graph tier."""
    return f"tf.train.Saver in a program with tf.layers: its var_list `{listed}`: {_partition(program, value)[1]}"


def weighted(layer: layers.Layer) -> bool:
    """A layer that builds variables (a dense or convolution layer, or a batch norm, that shares none)."""
    kernel = layer.mode == "layer" and layer.base in layers.KERNELS
    return (kernel or layer.mode == batch_norms.MODE) and layer.shares is None


def variables(program: Program, layer: layers.Layer) -> list[tuple[str, str]]:
    """(code, TF1 name) of the layer's variables: its kernel, and its bias unless ``use_bias=False``; a batch norm's
    four (batch_norms.weights)."""
    code = program.module.code_for_node
    if layer.mode == batch_norms.MODE:
        return [(f"{layer.variable}.{w}", f"{layer.tf1_name}/{w}") for w in batch_norms.weights(program, layer)]
    biased = not any(key == "use_bias" and code(value) == "False" for key, value in layer.init)
    return [(f"{layer.variable}.{w}", f"{layer.tf1_name}/{w}") for w in ("kernel", "bias")[: 2 if biased else 1]]


def restore_code(
    program: Program, function: str, tf: str, checkpoint: str, built: list[layers.Layer], others: list[tuple[str, str]]
) -> str:
    """The restore function: a migrated checkpoint read as a Checkpoint, a TF1 one by TF1 names. ``others``: (code,
    TF1 name) of the other variables the Saver saved."""
    saved = [pair for layer in built for pair in variables(program, layer)] + others
    built_first = " (each Keras layer built first, from the shape of its saved kernel)" if built else ""
    body = [
        f'"""Restores this program\'s checkpoints, or its TF1 version\'s by TF1 variable names{built_first}."""',
        f"reader = {tf}.train.load_checkpoint(path)",
        'if reader.has_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"):',
        f"    {checkpoint}.read(path).assert_existing_objects_matched()",
        "    return",
        *(["shapes = reader.get_variable_to_shape_map()"] if built else []),
    ]
    for layer in built:
        if layer.mode == batch_norms.MODE:  # its depth: that of its moving mean, which it always has
            depth = f'shapes["{layer.tf1_name}/moving_mean"][0]'
            body += [f"{layer.variable}.build({tf}.zeros([1, {depth}]))"]
            continue
        rank, axis = BUILDS[layer.base]
        dims = ", ".join(["None"] * (rank - 1) + [f'shapes["{layer.tf1_name}/kernel"][{axis}]'])
        build = [f"    {layer.variable}.build(({dims}))"]
        if layer.scope:  # under its TF1 scope, as the builder builds it
            build = [f"    with {tf}.name_scope({layer.scope!r}):", f"    {build[0]}"]
        body += [f"if not {layer.variable}.built:", *build]
    body += [
        "saved = {" + ", ".join(f'"{name}": {code}' for code, name in saved) + "}",
        "for name, variable in saved.items():",
        "    variable.assign(reader.get_tensor(name))",
    ]
    return f"def {function}(path):\n" + "".join(f"    {line}\n" for line in body)
