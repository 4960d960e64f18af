"""``tf.layers`` in a Session program: ``L1 = tf.layers.conv2d(X, 8, [3, 3], activation=tf.nn.relu)`` and
``model = tf.layers.Dense(units=1); y = model(x)``.

TF1 builds a functional layer's variables once, where the graph is built, and every run of the graph reuses
them. The eager program builds the Keras layer of the same computation once, at module level, under the name TF1
gave it (``dense``, ``dense_1``: TF1 numbered layers per variable scope, replayed by ``_layer_names``; Keras 3 names
the variables ``<name>/kernel`` eagerly, so checkpoints restore by the same names), and the function that computes
the tensor calls it. Under ``tf.set_random_seed`` TF1 drew the kernel of a dense or convolution layer with
``glorot_uniform_initializer`` and the graph's next op seed; the Keras layer is given that initializer with that
seed (session/seeds.py counts it where the layer was called), which draws the same numbers (checked on TF 2.21).
``tf.layers.dropout`` without ``training`` never dropped in TF1 (a positional third argument was its noise shape):
``tf.identity``; with ``training=True`` it is ``tf.nn.dropout``, unseeded only.

A layer directly inside a module-level ``with tf.variable_scope('Generator'):`` block (Morvan's GAN) is numbered
within its scope (``Generator/dense``, ``Generator/dense_1``); its Keras object is named for the layer
(``name='dense'``: Keras names hold no ``/``; nothing may read the names, finish() refuses a Saver and every
graph-wide list but the one below). ``tf.layers.dense(x, 128, name='l', reuse=True)`` builds no variable in TF1: a
new layer over those of the earlier ``l`` of the scope, so the eager program calls that Keras object again, where
both calls give the same arguments. ``tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Discriminator')``
in a program whose variables are all layers' is the kernels and biases whose TF1 names the scope matches, in
creation order, written out in the train step (``Discriminator_l_layer.kernel``): a Keras layer holds no variables
before its first call.

What is not shown equal keeps the graph tier with its line: a layer inside a function, loop or other block, other
sharing (``reuse`` without a literal name, or with other arguments), regularizers but a function of the weight
that no run reads (unread_regularizers.py), a ``training`` flag computed at
run time, a seeded dropout, a layer class object in a seeded program, an argument that reads the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS, argument
from tfmigrate.transforms._tf1 import table
from tfmigrate.transforms.session import (
    batch_norms,
    defaults,
    layer_scopes,
    literals,
    scoped_weights,
    unread_regularizers,
)
from tfmigrate.transforms.session.analysis import (
    VARIABLES,
    Blocked,
    Node,
    Program,
    descendants,
    loaded_names,
    module_value,
)
from tfmigrate.transforms.session.graph_resets import tf_reset
from tfmigrate.transforms.tfm103_tf_layers import SIMPLE, UNTRAINABLE

# Functional layers whose Keras class computes the same thing from the same arguments: TFM103's, without the
# separable convolutions, whose two kernels TF1 seeded in an order not checked here.
FUNCTIONAL = SIMPLE - {"separable_conv1d", "separable_conv2d"}
# Their kernel is TF1's glorot_uniform_initializer draw (one op seed), their bias zeros.
KERNELS = frozenset({"dense", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "conv3d_transpose"})
NAMED = KERNELS | {batch_norms.BASE}  # the layers TF1 named in their scope (the others hold no variable)
CLASSES = frozenset({"Dense", "Conv1D", "Conv2D", "Conv3D", "Flatten", "MaxPooling2D", "MaxPooling1D"})
REGULARIZERS = frozenset(
    {"kernel_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_regularizer", "pointwise_regularizer"}
)
# TF1's own kernel initializer for tf.layers (scopes with initializer= are not modelled, layer_scopes.py): given
# without arguments it is the default, the same op drawing the same numbers (checked on TF 2.21).
DEFAULT_KERNEL = frozenset({"glorot_uniform_initializer", "initializers.glorot_uniform"})
FIXED = ("zeros_initializer", "ones_initializer", "constant_initializer", "initializers.zeros", "initializers.ones")
SEED_CALLS = frozenset({"set_random_seed", "random.set_random_seed"})
KIND = "layer"  # a Node kind: a tf.layers class object bound to a name
# Why a layer has no eager equivalent here, where that is more than its missing table entry.
UNMODELLED = {
    "batch_normalization": "its moving mean and variance (TF1 updates them only where a run fetches the UPDATE_OPS, "
    "Keras at every training call) are not modelled",
}


@dataclass
class Layer:
    """One functional tf.layers call, as the eager program builds and calls it."""

    base: str  # dense, conv2d, dropout...
    keras: str  # the Keras class
    inputs: cst.BaseExpression
    init: list[tuple[str | None, cst.BaseExpression]]  # constructor arguments (keyword or positional)
    tf1_name: str = ""  # with its variable scope: ``Discriminator/l``
    variable: str = ""  # the module-level name the layer object is bound to
    mode: str = "layer"  # layer | identity | dropout
    flag: str = ""  # dropout: the bool placeholder with a default that turns it on (defaults.py)
    shares: Layer | None = None  # reuse=True: the earlier layer whose variables (and Keras object) it uses
    built_by: str = ""  # the function that builds it outside a trace, for a Saver (layer_checkpoints.py)
    scope: str = ""  # saved under a variable scope: the name scope its variables are built in (layer_checkpoints.py)
    site: Node | None = None  # a batch norm: the graph value it is called in, whose inputs its update reads
    update: str = ""  # a batch norm: the code of its update, once the call is rewritten (batch_norms.py)


def _path(program: Program, node: cst.CSTNode) -> str | None:
    path = program.tf_path(node)
    return path.removeprefix("compat.v1.") if path is not None else None


def _initializer_object(program: Program, key: str, value: cst.BaseExpression) -> cst.Call | None:
    """``kernel_initializer=init`` where ``init = tf.random_normal_initializer(...)``: the call that built the
    object (session.variables' initializer node). TF1's layer called it where the variable was built, as the Keras
    layer does; the statement stays as written."""
    from tfmigrate.transforms.session import variables

    node = variables.initializer_node(program, value) if key.endswith("_initializer") else None
    return node.value if node is not None and isinstance(node.value, cst.Call) else None


def passed_initializers(program: Program, value: cst.CSTNode) -> set[str]:
    """Initializer objects the tf.layers calls in ``value`` are given by name (``kernel_initializer=init``): read
    where the layer is built, not graph values the expression computes with."""
    found = set()
    for call in descendants(value):
        if isinstance(call, cst.Call) and _base(program, call) is not None:
            for arg in call.args:
                if arg.keyword is not None and _initializer_object(program, arg.keyword.value, arg.value) is not None:
                    assert isinstance(arg.value, cst.Name)  # initializer_node answers names only
                    found.add(arg.value.value)
    return found


def _base(program: Program, call: cst.CSTNode) -> str | None:
    path = _path(program, call.func) if isinstance(call, cst.Call) else None
    return path[len("layers.") :] if path is not None and path.startswith("layers.") else None


def seeded(program: Program) -> bool:
    return any(isinstance(c, cst.Call) and _path(program, c.func) in SEED_CALLS for c in descendants(program.module))


def _bound(call: cst.Call, params: list[str]) -> dict[str, cst.Arg] | None:
    bound: dict[str, cst.Arg] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if index >= len(params):
                return None
            bound[params[index]] = arg
        else:
            bound[arg.keyword.value] = arg
    return bound


def collect(program: Program, node: Node, value: cst.BaseExpression) -> bool:
    """Model the functional tf.layers calls in a module-level graph definition; True when one of them draws
    random numbers each run (a dropout that trains). Raises Blocked on any it cannot keep equal."""
    calls = [c for c in descendants(value) if isinstance(c, cst.Call) and _base(program, c) is not None]
    if not calls:
        return False
    if (
        node.statement not in program.module.body
        and not _at_root(program, node.statement)
        and _scope_of(program, node.statement) is None
        and not _name_scoped(program, node.statement)
    ):
        raise program.deny(
            "a tf.layers layer inside a `with` block (TF1 and Keras name its variables differently there)", calls[0]
        )
    names = _names(program)
    draws = False
    for call in calls:
        base = _base(program, call)
        assert base is not None
        if base == batch_norms.BASE:
            _batch_norm(program, node, call, names)
            continue
        if base not in FUNCTIONAL:
            why = UNMODELLED.get(base, "has no proven eager equivalent here")
            raise program.deny(f"tf.layers.{base}{':' if base in UNMODELLED else ''} {why}", call)
        info = table()["legacy_layers"]["layers"][base]
        params = [p for p in info["v1"] if not p.startswith(("*", "="))]
        bound = _bound(call, params)
        if bound is None or "inputs" not in bound:
            raise program.deny(f"tf.layers.{base} arguments tfmigrate cannot map", call)
        layer = Layer(base, info["keras"], bound["inputs"].value, [])
        if base == "dropout":
            draws = _dropout(program, call, layer, bound) or draws
        else:
            _arguments(program, call, layer, bound, info)
            if base in KERNELS:
                layer.tf1_name = names[call]
                _share(program, call, layer, bound, _scope_reuse(program, node.statement))
        program.layers[call] = layer
    return draws


def _batch_norm(program: Program, node: Node, call: cst.Call, names: dict[cst.Call, str]) -> None:
    """A batch norm (batch_norms.py), named and shared as the other layers (a reused one's two updates per step:
    batch_norms.racy)."""
    info = table()["legacy_layers"]["layers"][batch_norms.BASE]
    bound = _bound(call, [p for p in info["v1"] if not p.startswith(("*", "="))])
    if bound is None or "inputs" not in bound:
        raise program.deny("tf.layers.batch_normalization arguments tfmigrate cannot map", call)
    layer = Layer(batch_norms.BASE, batch_norms.CLASS, bound["inputs"].value, [], tf1_name=names[call])
    batch_norms.collect(program, call, layer, bound, node)
    _share(program, call, layer, bound, _scope_reuse(program, node.statement))
    program.layers[call] = layer


def _share(program: Program, call: cst.Call, layer: Layer, bound: dict[str, cst.Arg], scoped: str | None) -> None:
    """``tf.layers.dense(G_out, 128, tf.nn.relu, name='l', reuse=True)`` (Morvan's GAN), or any layer of a reusing
    scope's block (``scoped``: layer_scopes.py): TF1 built a new layer over the variables of the earlier layer of
    that name in the scope, so the eager program calls that layer's Keras object again. Only where the two calls
    give the same arguments but initializers (the new layer computed with its own; it built no variable). A layer's
    ``reuse=False`` inherits the scope's."""
    reuse = bound.get("reuse")
    own = program.module.code_for_node(reuse.value) if reuse is not None else "None"
    first = next((c for c, known in program.layers.items() if known.tf1_name == layer.tf1_name), None)
    # the scope's sharing, named so: a helper's refusal then says what stopped it read at its calls
    scope = layer.tf1_name.rpartition("/")[0]
    where = f" in tf.variable_scope({scope!r})" if scope else ""
    if own not in ("None", "False"):
        if own not in ("True", "tf.AUTO_REUSE", "tf.compat.v1.AUTO_REUSE") or "name" not in bound:
            raise program.deny(
                "tf.layers variables shared through reuse other than reuse=True with a literal name", call
            )
        scoped, where = (layer_scopes.REUSE if own == "True" else layer_scopes.AUTO), ""
    if scoped is None:
        if first is not None:
            raise program.deny(f"the layer {layer.tf1_name!r} built again{where} without reuse (TF1 refused it)", call)
        return
    if first is None:
        if scoped == layer_scopes.REUSE:
            raise program.deny(f"reuse=True of a layer {layer.tf1_name!r}{where} built nowhere before", call)
        return
    owner = program.layers[first]

    def code(value: cst.CSTNode) -> str:  # a module constant reads as its literal: ``g_hidden_size`` is the default 16
        held = module_value(program, value.value) if isinstance(value, cst.Name) else None
        return program.module.code_for_node(held if held is not None and literals.written(held) else value)

    # an initializer is read where the variable is built, and reuse builds none: a helper read at each call names
    # its ``w_init`` per call (``D_real_w_init``, ``D_fake_w_init``), which TF1 ignored at the reusing one
    mine = [(key, code(value)) for key, value in layer.init if not (key or "").endswith("_initializer")]
    theirs = [(key, code(value)) for key, value in owner.init if not (key or "").endswith("_initializer")]
    if mine != theirs:
        raise program.deny(
            f"the layer {layer.tf1_name!r}{where} reused with other arguments than it was built with", call
        )
    layer.shares = owner


def _block_of(program: Program, statement: cst.CSTNode) -> cst.With | None:
    """The module-level ``with`` block a statement stands in, directly."""
    for top in program.module.body:
        if isinstance(top, cst.With) and isinstance(top.body, cst.IndentedBlock) and statement in top.body.body:
            return top
    return None


def opens_no_scope(program: Program, block: cst.With, builds: Callable[[Program, cst.CSTNode], object] = _base) -> bool:
    """``with tf.Session() as sess:``, ``with tf.device('/cpu:0'):`` or the graph's ``with g.as_default():``: TF1
    names a layer (or RNN cell) built there as at module level (``predict/kernel``, checked on TF 2.21), since none
    of them opens a name or variable scope. A Session given a graph, or a graph block with a call that ``builds``
    variables outside it (numbered apart in its own graph), is not read so."""
    for item in block.items:
        call = item.item
        if not isinstance(call, cst.Call):
            return False
        path = _path(program, call.func)
        if path in SESSIONS:
            if any(a.keyword is None or a.keyword.value != "config" for a in call.args):
                return False
        elif path == "device":
            continue
        elif not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "as_default" and not call.args):
            return False
        elif not _holds_every(program, block, builds):
            return False
    return True


def _holds_every(program: Program, block: cst.With, builds: Callable[[Program, cst.CSTNode], object]) -> bool:
    inside = {id(c) for c in descendants(block)}
    return all(id(c) in inside for c in descendants(program.module) if isinstance(c, cst.Call) and builds(program, c))


def _at_root(program: Program, statement: cst.CSTNode) -> bool:
    """A statement in module-level ``with`` blocks that open no scope (``opens_no_scope``), directly."""
    level: Sequence[cst.CSTNode] = program.module.body
    while statement not in level:
        block = next((s for s in level if isinstance(s, cst.With) and statement in descendants(s)), None)
        if block is None or not isinstance(block.body, cst.IndentedBlock) or not opens_no_scope(program, block):
            return False
        level = block.body.body
    return level is not program.module.body


def _scope_of(program: Program, statement: cst.CSTNode) -> str | None:
    """The name of the module-level ``with tf.variable_scope('name'):`` block a statement stands in, directly (also
    one of a scope entered once per build, layer_scopes.py)."""
    from tfmigrate.transforms.session import variables

    top = _block_of(program, statement)
    if top is None:
        return None
    entered = layer_scopes.entry(program, top)
    if entered is not None:
        return entered[0]
    if not variables.variable_scope(program, top):
        return None
    call = top.items[0].item
    assert isinstance(call, cst.Call)
    literal = call.args[0].value
    return literal.evaluated_value if isinstance(literal, cst.SimpleString) else None  # type: ignore[return-value]


def _name_scoped(program: Program, statement: cst.CSTNode) -> bool:
    """A statement directly inside a module-level ``with tf.name_scope('dnn'):`` block (ageron's chapters 10-11): a
    name scope names ops only, so TF1 named the layer and its variables as at the root (``hidden1/kernel``)."""
    top = _block_of(program, statement)
    if top is None or len(top.items) != 1 or top.items[0].asname is not None:
        return False
    call = top.items[0].item
    return (
        isinstance(call, cst.Call)
        and _path(program, call.func) == "name_scope"
        and len(call.args) == 1
        and isinstance(call.args[0].value, cst.SimpleString)
    )


def _scope_reuse(program: Program, statement: cst.CSTNode) -> str | None:
    """The reuse of the block a statement stands in (layer_scopes.py): REUSE, AUTO or None."""
    top = _block_of(program, statement)
    entered = layer_scopes.entry(program, top) if top is not None else None
    return entered[1] if entered is not None else None


def _arguments(program: Program, call: cst.Call, layer: Layer, bound: dict[str, cst.Arg], info: dict) -> None:
    accepted = {p.lstrip("=") for p in info["init"] + table()["legacy_layers"]["base"] if not p.startswith("**")}
    for key, arg in bound.items():
        if key == "inputs":
            continue
        if key == "reuse":
            continue  # _share
        if key in REGULARIZERS and not (isinstance(arg.value, cst.Name) and arg.value.value == "None"):
            why = unread_regularizers.why_kept(program, arg.value, seeded(program))
            if why is not None:
                raise program.deny(f"tf.layers.{layer.base}({key}=...): {why}", call)
            continue  # TF1 computed it for a list no run reads
        if key not in accepted:
            raise program.deny(f"tf.layers.{layer.base}({key}=...) has no Keras equivalent", call)
        if key == "trainable" and not (isinstance(arg.value, cst.Name) and arg.value.value == "True"):
            raise program.deny(f"tf.layers.{layer.base}(trainable=...): {UNTRAINABLE}", call)
        given = _initializer_object(program, key, arg.value)
        if given is None and any(n.value in program.nodes for n in loaded_names(arg.value)):
            raise program.deny(f"tf.layers.{layer.base}({key}=...) reads a graph value", arg)
        if key.endswith("_initializer"):
            if isinstance(arg.value, cst.Name) and arg.value.value == "None":
                continue  # TF1's default
            made = given or arg.value
            inner = _path(program, made.func) if isinstance(made, cst.Call) else None
            default = isinstance(made, cst.Call) and inner in DEFAULT_KERNEL and not made.args
            if key == "kernel_initializer" and layer.base in KERNELS and default:
                continue  # the layer's default, written out (a GAN builder's ``w_init``)
            if seeded(program) and (inner is None or not inner.endswith(FIXED)):
                raise program.deny(f"tf.layers.{layer.base}({key}=...) draws with a seed tfmigrate did not check", call)
        if key == "name":
            continue  # given as the TF1 name below
        layer.init.append((key, arg.value))


def _dropout(program: Program, call: cst.Call, layer: Layer, bound: dict[str, cst.Arg]) -> bool:
    """TF1's dropout layer: identity unless ``training`` is True."""
    noise = bound.get("noise_shape")
    if noise is not None and noise.keyword is None and not isinstance(noise.value, (cst.List, cst.Tuple)):
        # ``tf.layers.dropout(x, 0.7, is_training)``: the flag went to noise_shape, training stayed False.
        del bound["noise_shape"]
    training = bound.get("training")
    flag = training.value.value if training is not None and isinstance(training.value, cst.Name) else "False"
    flagged = training is not None and defaults.flag(program, training.value)
    if training is not None and flag not in ("True", "False") and not flagged:
        raise program.deny("tf.layers.dropout(training=...) computed while the graph runs", call)
    if flag == "False":
        layer.mode = "identity"
        return False
    if seeded(program):
        raise program.deny("a seeded tf.layers.dropout (its op seed in eager TF2 is not checked)", call)
    for key in ("rate", "noise_shape", "seed"):
        arg = bound.get(key)
        if arg is not None:
            if any(n.value in program.nodes for n in loaded_names(arg.value)):
                raise program.deny(f"tf.layers.dropout({key}=...) reads a graph value", arg)
            layer.init.append((key, arg.value))
    if "rate" not in bound:
        layer.init.insert(0, ("rate", cst.Float("0.5")))
    layer.mode = "dropout"
    layer.flag = flag if flagged else ""
    return True


def _names(program: Program) -> dict[cst.Call, str]:
    """TF1's name of each functional layer that holds variables (once per program). Every layer call the proof
    accepts is a module-level statement of the root variable scope, so TF1 named them in order: an explicit
    ``name=`` as given, an unnamed one its base name made unique (``dense``, ``dense_1``) among those before."""
    cached = program.layer_tf1_names
    if cached is not None:
        return cached
    names: dict[cst.Call, str] = {}
    root: dict[str, int] = {}
    per_block: dict[int, dict[str, int]] = {}  # TF1 forgets a scope's counts when it is left: each entry's own
    scopes = {
        id(c): (scope, id(block))
        for block, s in _scoped_statements(program)
        for scope in [_scope_of(program, s)]  # once per statement: it walks the module
        for c in descendants(s)
    }
    for call in descendants(program.module):
        if not isinstance(call, cst.Call):
            continue
        base = _base(program, call)
        if base is None or base not in NAMED:
            if base is not None and base[:1].isupper():
                raise program.deny(f"a tf.layers.{base} object among functional layers (named at its first call)", call)
            if tf_reset(program.resolve, call.func) and names:  # before every layer: nothing named
                raise program.deny("tf.reset_default_graph in a program with tf.layers", call)
            continue
        info = table()["legacy_layers"]["layers"][base]
        params = [p for p in info["v1"] if not p.startswith(("*", "="))]
        arguments = _bound(call, params) or {}
        given = arguments.get("name")
        scope, block = scopes.get(id(call), (None, 0))
        prefix = f"{scope}/" if scope else ""
        counts = per_block.setdefault(block, {}) if scope else root
        if given is not None:
            literal = given.value.evaluated_value if isinstance(given.value, cst.SimpleString) else None
            if not isinstance(literal, str):
                raise program.deny(f"tf.layers.{base}(name=...) is not a string literal", call)
            reuse = arguments.get("reuse")
            shared = reuse is not None and program.module.code_for_node(reuse.value) not in ("None", "False")
            if counts.get(prefix + literal) and not shared:
                raise program.deny(f"two tf.layers named {literal!r} (TF1 shared or refused them)", call)
            tf1 = prefix + literal
        else:
            tf1 = _unique(prefix + base, counts)
        counts[tf1] = counts.get(tf1, 0) + 1
        names[call] = tf1
    program.layer_tf1_names = names
    return names


def _scoped_statements(program: Program) -> list[tuple[cst.With, cst.CSTNode]]:
    return [
        (top, statement)
        for top in program.module.body
        if isinstance(top, cst.With) and isinstance(top.body, cst.IndentedBlock)
        for statement in top.body.body
    ]


def _unique(name: str, used: dict[str, int]) -> str:
    if not used.get(name):
        return name
    index = 1
    while used.get(f"{name}_{index}"):
        index += 1
    return f"{name}_{index}"


def constructs(program: Program, value: cst.BaseExpression) -> bool:
    """``tf.layers.Dense(units=1)``: a layer object, built once, called where the graph is built."""
    base = _base(program, value)
    return base is not None and base[:1].isupper()


def define(program: Program, node: Node, call: cst.Call) -> None:
    base = _base(program, call) or ""
    if base not in CLASSES:
        raise program.deny(f"tf.layers.{base} has no proven eager equivalent here", call)
    if seeded(program):
        raise program.deny(f"a tf.layers.{base} object in a seeded program (its draw is not counted)", call)
    info = table()["legacy_layers"]["layers"][base]
    params = [p for p in info["v1"] if not p.startswith(("*", "="))]
    bound = _bound(call, params)
    if bound is None:
        raise program.deny(f"tf.layers.{base} arguments tfmigrate cannot map", call)
    for key, arg in bound.items():
        if key == "reuse" or (
            key in REGULARIZERS and not (isinstance(arg.value, cst.Name) and arg.value.value == "None")
        ):
            raise program.deny(f"tf.layers.{base}({key}=...)", call)
        if _initializer_object(program, key, arg.value) is None and any(
            n.value in program.nodes for n in loaded_names(arg.value)
        ):
            raise program.deny(f"tf.layers.{base}({key}=...) reads a graph value", arg)
    node.kind = KIND


def object_call(program: Program, call: cst.Call) -> bool:
    """``model(x)`` of a layer object of this module (one positional input)."""
    return (
        isinstance(call.func, cst.Name)
        and call.func.value in program.nodes
        and program.nodes[call.func.value].kind == KIND
        and len(call.args) == 1
        and call.args[0].keyword is None
        and not call.args[0].star
    )


def seed_target(program: Program, call: cst.Call, tf: str) -> tuple[cst.Call, None, str] | None:
    """Where a layer call draws under a graph seed: its kernel, when it has TF1's default one."""
    layer = program.layers[call]
    if layer.shares is not None:
        return None  # TF1 built no variable here: nothing drawn
    if layer.base not in KERNELS or any(key == "kernel_initializer" for key, _ in layer.init):
        return None
    return call, None, f"kernel_initializer={tf}.compat.v1.glorot_uniform_initializer(seed={{}})"


def replacement(program: Program, original: cst.Call, updated: cst.Call, tf: str, taken: set[str]) -> tuple[str, str]:
    """The statement that builds the layer and the expression that calls it: ``updated`` is the call with its
    inputs already rewritten (and the seeded initializer appended)."""
    layer = program.layers[original]
    code = program.module.code_for_node
    info = table()["legacy_layers"]["layers"][layer.base]
    bound = _bound(updated, [p for p in info["v1"] if not p.startswith(("*", "="))]) or {}
    inputs = code(bound["inputs"].value)
    if layer.mode == "identity":
        return "", f"{tf}.identity({inputs})"
    if layer.mode == "dropout":
        rate = ", ".join(f"{key}={code(value)}" for key, value in layer.init)
        if layer.flag:  # a Python bool in the eager functions (defaults.py)
            return "", f"({tf}.nn.dropout({inputs}, {rate}) if {code(bound['training'].value)} else {inputs})"
        return "", f"{tf}.nn.dropout({inputs}, {rate})"
    if layer.mode == batch_norms.MODE:
        owner = layer.shares or layer
        name = object_name(program, owner, taken)
        training = code(bound["training"].value) if "training" in bound else "False"
        layer.update = batch_norms.update(name, inputs, training)
        made = "" if layer.shares is not None else batch_norms.statement(program, layer, name)
        return made, batch_norms.call(name, inputs, training)
    if layer.shares is not None:
        return "", _called(object_name(program, layer.shares, taken), layer.shares, inputs)
    args = [f"{key}={code(value)}" if key else code(value) for key, value in layer.init]
    extra = [a for a in updated.args if a.keyword is not None and a.keyword.value == "kernel_initializer"]
    if extra and not any(key == "kernel_initializer" for key, _ in layer.init):
        args.append(f"kernel_initializer={code(extra[-1].value)}")
    if layer.tf1_name:
        args.append(f"name={layer.tf1_name.rsplit('/', 1)[-1]!r}")  # Keras names hold no '/': the scope's layer
    statement = f"{object_name(program, layer, taken)} = {tf}.keras.layers.{layer.keras}({', '.join(args)})"
    return statement, _called(layer.variable, layer, inputs)


def _called(name: str, owner: Layer, inputs: str) -> str:
    """The layer's call; through the function building a saved layer (layer_checkpoints.builder), given the variable
    scope TF1 built it in, whose names its variables take."""
    if not owner.built_by:
        return f"{name}({inputs})"
    return f"{owner.built_by}({name}, {inputs}{f', {owner.scope!r}' if owner.scope else ''})"


def object_name(program: Program, layer: Layer, taken: set[str]) -> str:
    """The module-level name the layer's Keras object is bound to (``Discriminator_l_layer``), chosen once."""
    if not layer.variable:
        counts = program.layer_objects
        base = layer.tf1_name.replace("/", "_") or _unique(layer.base, counts)
        counts[base] = counts.get(base, 0) + 1
        candidate = f"{base}_layer"
        while candidate in program.names or candidate in taken:
            candidate += "_"
        taken.add(candidate)
        layer.variable = candidate
    return layer.variable


def built_once(program: Program, value: cst.CSTNode) -> set[cst.CSTNode]:
    """Calls of a graph expression that are not ops run per evaluation: the modelled layer calls (their inputs
    are) and what their other arguments call (built once, with the layer)."""
    found: set[cst.CSTNode] = set()
    for call in descendants(value):
        if not isinstance(call, cst.Call):
            continue
        if call in program.layers:
            found.add(call)
            for arg in call.args[1:]:
                found |= set(descendants(arg))
        elif object_call(program, call):
            found.add(call)
    return found


def hidden(program: Program, nodes) -> set[str]:
    """Stand-ins for the variables the layers in these graph values hold, which the proof must see as read
    (fetched after a train step that updates them, they show the update)."""
    names: set[str] = set()
    for node in nodes:
        if node.kind == KIND:
            names.add(node.name)
        elif node.kind in ("tensor", "const") and any(
            isinstance(c, cst.Call) and (c in program.layers or object_call(program, c))
            for c in descendants(node.value)
        ):
            names.add(f"{node.name} (line {node.line})")
    return names


def variable_list(program: Program, value: cst.Call, pattern: str, trainable: bool) -> list[str]:
    """``tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Discriminator')`` in a program whose variables
    are all tf.layers' (Morvan's GAN): the kernels and biases of the layers built before it, in TF1's creation
    order, whose TF1 names (``Discriminator/l/kernel:0``) the scope matches from their start (``re.match``, as TF1
    filtered the collection); the eager code of each (``Discriminator_l_layer.kernel``)."""
    import re

    if any(n.kind == KIND for n in program.nodes.values()) or any(
        n.kind == "variable" and not scoped_weights.built(program, n) and not (trainable and _untrainable(n.value))
        for n in program.nodes.values()
    ):
        raise program.deny("a variable list over tf.layers layers and other variables", value)
    if not trainable and any(layer.mode == batch_norms.MODE for layer in program.layers.values()):
        raise program.deny("tf.global_variables in a program with batch norms (their moving statistics)", value)
    if not trainable and any(n.kind == "train" for n in program.nodes.values()):
        raise program.deny("tf.global_variables after a training op built the optimizer's slot variables", value)
    listed = [code for code, name in weights(program, value, trainable).items() if re.match(pattern, name)]
    program.layer_lists.add(value)
    return listed


def _untrainable(value: cst.CSTNode) -> bool:
    """``tf.Variable(0, trainable=False, name="global_step")``: a variable no trainable list holds."""
    flag = argument(value, None, "trainable") if isinstance(value, cst.Call) else None
    return flag is not None and isinstance(flag.value, cst.Name) and flag.value.value == "False"


def weights(program: Program, value: cst.CSTNode, trainable: bool = False) -> dict[str, str]:
    """The eager code (``Discriminator_l_layer.kernel``) and TF1 name (``Discriminator/l/kernel:0``) of each weight
    of the layers built before ``value``, in TF1's creation order: a layer built again in a reusing scope (its
    ``shares``) made none. Also what a filter on ``v.name`` is decided on (gradients.py). Before is where the module
    is written before it: a helper's body read at a later call keeps the helper's lines (inlined_helpers.py).
    ``trainable``: a trainable list, which holds no ``tf.Variable(..., trainable=False)``."""
    written = list(descendants(program.module))
    found = next((i for i, node in enumerate(written) if node is value), None)
    line = program.line_of(value)
    before = written[:found] if found is not None else written
    listed: dict[str, str] = {}
    for call in before:
        if not isinstance(call, cst.Call) or found is None and program.line_of(call) >= line:
            continue
        base = _base(program, call)
        if base is not None and base in KERNELS and call not in program.layers:
            raise program.deny(f"tf.layers.{base} builds variables the variable list would hold", call)
        path = program.tf1_path(call.func) or ""
        if (scoped := scoped_weights.named(program, call)) is not None:
            listed[scoped[0]] = scoped[1]
            continue
        if path in VARIABLES and trainable and _untrainable(call):
            continue
        if path in VARIABLES or path.startswith(("keras.", "contrib.", "nn.rnn_cell.", "nn.dynamic_rnn", "estimator.")):
            raise program.deny(f"tf.{path} builds variables the variable list would hold", call)
        layer = program.layers.get(call)
        if layer is None or not layer.tf1_name or layer.shares is not None:
            continue
        if layer.mode == batch_norms.MODE:  # gamma and beta; the moving statistics are not trainable
            for weight, flag in (("gamma", "scale"), ("beta", "center")):
                if not any(key == flag and program.module.code_for_node(v) == "False" for key, v in layer.init):
                    listed[f"{object_name(program, layer, set())}.{weight}"] = f"{layer.tf1_name}/{weight}:0"
            continue
        biased = not any(key == "use_bias" and program.module.code_for_node(v) == "False" for key, v in layer.init)
        for weight in ("kernel", "bias") if biased else ("kernel",):
            listed[f"{object_name(program, layer, set())}.{weight}"] = f"{layer.tf1_name}/{weight}:0"
    return listed


def gradient_variables(program: Program, call: cst.Call) -> list[str]:
    """``opt.compute_gradients(loss)`` without a var_list in a program whose variables are all tf.layers': TF1
    paired every trainable variable of the graph, in creation order (:func:`variable_list` with no scope), with
    its gradient."""
    return variable_list(program, call, "", True)


def read_layers(program: Program, loss: Node) -> dict[str, Layer]:
    """The layers the loss computes through, by their Keras object's name: a variable of any other layer has a
    None gradient in TF1, which the pairs' edits (``tf.clip_by_norm(g, 1.0)``) would meet."""
    read: dict[str, Layer] = {}
    for node in [loss, *loss.upstream.values()]:
        for inner in descendants(node.value):
            layer = program.layers.get(inner) if isinstance(inner, cst.Call) else None
            if layer is not None and layer.mode == "layer":
                owner = layer.shares or layer
                read[object_name(program, owner, set())] = owner
    return read


def inlined_list(program: Program, node: Node) -> None:
    """``D_vars = tf.get_collection(...)`` over layers: the list is written where it is used, in the train step
    (a Keras layer holds no variables until its first call), so the name may only be a ``var_list``."""
    for name in descendants(program.module):
        if not (isinstance(name, cst.Name) and name.value == node.name) or name in _var_list_values(program):
            continue
        if any(target.target is name for target in descendants(node.statement) if isinstance(target, cst.AssignTarget)):
            continue
        raise program.deny(
            f"the list `{node.name}` of tf.layers variables is used other than as a var_list (the eager layers hold "
            "no variables until first called)",
            name,
        )
    node.reads = []


def _var_list_values(program: Program) -> set[cst.CSTNode]:
    """The ``var_list=`` values, and the lists module-level filters read (``T_vars`` in ``D_vars = [var for var in
    T_vars if var.name.startswith('discriminator')]``): each filter is a list of its own, decided on TF1's names
    (gradients.py), which is written where it is used or refused in turn."""
    from tfmigrate.transforms.session.gradients import filter_source

    filtered = (
        filter_source(line.body[0].value)
        for line in program.module.body
        if isinstance(line, cst.SimpleStatementLine) and isinstance(line.body[0], cst.Assign)
    )
    return {
        arg.value
        for arg in descendants(program.module)
        if isinstance(arg, cst.Arg) and arg.keyword is not None and arg.keyword.value == "var_list"
    } | {source.iter for source in filtered if source is not None}


def removed_list(node: Node) -> bool:
    """A variable list of tf.layers variables, written into the train steps that use it (inlined_list)."""
    return node.kind == "variables" and not node.reads


GRAPH_WIDE = frozenset(
    {
        "train.Saver",
        "trainable_variables",
        "global_variables",
        "all_variables",
        "get_collection",
        "model_variables",
        "variables_initializer",
    }
)


def built(program) -> bool:
    """The program builds layers (functional tf.layers calls, layer objects, RNN cells): variables the proof does
    not list. One test for :func:`finish` and a restarted Session's initializer run (second_sessions.py)."""
    return bool(program.layers) or any(n.kind == KIND for n in program.nodes.values())


def layered(program: Program) -> bool:
    """The program builds tf.layers variables the proof does not list (RNN cells list theirs: rnn_names.py)."""
    from tfmigrate.transforms.session import rnn

    return bool(program.layers) or any(n.kind == KIND and not rnn.cell(program, n.name) for n in program.nodes.values())


def unlisted(program: Program, call: cst.Call) -> Blocked:
    """Why a graph-wide list of variables (a Saver's too) keeps the graph tier in a program with tf.layers."""
    return program.deny(
        f"tf.{_path(program, call.func)} in a program with tf.layers (the eager program would not list the layers' "
        "variables: Keras builds them at the layer's first call, under Keras names, not the TF1 checkpoint names)",
        call,
    )


def finish(proof) -> None:
    """A program whose layers hold variables the rest of the proof does not list: nothing may ask for all of
    them (a Saver, ``tf.trainable_variables()``, an initializer run again)."""
    program = proof.program
    if not built(program):
        return
    resolved = program.layer_lists
    for call in descendants(program.module) if layered(program) else ():
        if isinstance(call, cst.Call) and _path(program, call.func) in GRAPH_WIDE and call not in resolved:
            raise unlisted(program, call)
    if proof.plan.reinitialise:
        line = program.line_of(next(iter(proof.plan.reinitialise)))
        raise program.deny(f"the initializer runs again (line {line}) in a program with tf.layers", program.module)
