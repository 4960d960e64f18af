"""TF1 RNN cells in a Session program: ``cell = tf.nn.rnn_cell.BasicLSTMCell(n_hidden, forget_bias=1.0)`` with
``outputs, states = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)`` or ``tf.nn.static_rnn(cell, tf.unstack(x, T, 1),
dtype=tf.float32)``, at module level.

TF1's cells live in the legacy Keras 2 package on TensorFlow 2.16+, so the graph tier needs ``TF_USE_LEGACY_KERAS``.
Keras 3's own ``LSTMCell`` computes another parametrisation (a kernel and a recurrent kernel, gates i, f, c, o, an
orthogonal recurrent initializer, ``unit_forget_bias`` in the bias where TF1 adds ``forget_bias`` to the forget
gate), so its initial weights are not TF1's draws even in distribution (given TF1's weights split, reordered and the
forget bias folded in, Keras 3 ``LSTM`` does compute TF1's outputs, to 3e-8 on TF 2.21). The eager program instead
holds a small Keras 3 layer per cell kind that computes TF1's math on TF1's variables: BasicLSTMCell and LSTMCell
(defaults) one kernel ``[in + h, 4h]`` over ``[x, h]``, gates i, j, f, o, ``forget_bias`` added to f, bias zeros;
GRUCell gate and candidate kernels, gate bias ones; BasicRNNCell one kernel; each with TF1's activation (tanh, or
the TensorFlow function given as ``activation=``). An LSTM's state is a namedtuple ``LSTMStateTuple(c, h)`` as in
TF1, so ``state.h`` / ``states[-1].c`` read the same half and a fetched state prints as TF1's. Each kernel is TF1's
default ``glorot_uniform_initializer`` over the whole matrix, given under ``tf.set_random_seed`` the op seed TF1's
graph gave it where the RNN was built (one per kernel, in creation order; a MultiRNNCell hands its cells
consecutive seeds). The step loop is a Python loop over the time steps, which eager execution and ``tf.function``
(static time length) both run; outputs, final states, and the draws were checked equal to the TF1 Session's on TF
2.21, eagerly and with the first call inside a ``tf.function``.

Keras 3 names the variables ``basic_lstm_cell/kernel`` where TF1 wrote ``rnn/basic_lstm_cell/kernel``, and holds
them outside the program's variable list: a program with a ``tf.train.Saver`` gets cells whose variables carry TF1's
checkpoint names, saved by the Checkpoint (rnn_names.py); one that lists variables otherwise keeps the graph tier.
A cell's variable list (``cell.trainable_weights``) read after its run is the eager cell's, built where it is
constructed. A MultiRNNCell takes its cells from a list literal, a comprehension, or a name bound to either (a list
filled by ``append`` and a cell maker function, also one defined in a ``with`` block, are read as those first,
rnn_gather.py); a DropoutWrapper drops at every run (unseeded programs only): with literal keep probabilities (below
1.0), or with a fed placeholder's (``output_keep_prob=keep_prob``), which the run passes to the cell (``feed``) as
TF1 read it at each run, ``tf.nn.dropout(output, rate=1 - keep)``, exactly the identity when 1.0 is fed. A run that
drops is random: one ``sess.run`` fetching two of its values keeps the graph tier (TF1 drew one mask per run) unless
every keep probability is fed 1.0 there. ``tf.nn.bidirectional_dynamic_rnn`` / ``tf.nn.static_bidirectional_rnn``
run the forward cell, then the backward one over the reversed steps (``tf.reverse_sequence`` of each sequence's
first ``sequence_length`` steps when given), its outputs reversed back, as TF1's do; TF1 drew the forward cell's
kernels first, then the backward's, and saved them as ``bidirectional_rnn/fw/<cell>/kernel`` and ``.../bw/...``.
Anything else not shown equal keeps the graph tier, with its line: other cells and cell arguments (peepholes,
projections, initializers, an activation of the program's own), other wrappers (attention), keep probabilities
computed in the graph, ``time_major``, an ``LSTMStateTuple`` built by the program, a cell used twice or built inside a
function or block, ``.c``/``.h`` of what is not a run's state.

``sequence_length`` (fed or constant) runs TF1's ``_rnn_step``: past each sequence's length the output is zeros and
the state is the last one, ``tf.where(time < length, new, old)`` (emitted only where a run is given lengths). An
``initial_state`` is passed through as the eager value of what the program gave (a fed placeholder, the cell's zero
state, in a helper too; a zero state sized by a fed scalar int32 placeholder, ``n_batch``, is zeros of the size fed
at each run). What the runs return is fetched as TF1 returned it (rnn_lists.py: lists and state tuples). A run given
``scope="RNN"`` names its variables ``RNN/<cell>/kernel`` in checkpoints, and a Saver's restore of Adam's (or
RMSProp's, ...) slots reads the cells' too, by those names (rnn_unrolled.py folds a cell called in a loop over the
time steps into such a run).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import (
    layers,
    placeholder_aliases,
    rnn_gather,
    rnn_inline,
    rnn_lists,
    rnn_names,
    rnn_templates,
)
from tfmigrate.transforms.session.analysis import Node, Program, descendants, is_read, loaded_names, module_value
from tfmigrate.transforms.session.fresh_names import underscored
from tfmigrate.transforms.session.node_replace import Replace
from tfmigrate.transforms.session.rnn_templates import MULTI, STATE, WRAPPER

PREFIXES = ("nn.rnn_cell.", "contrib.rnn.", "nn.")
# Cell class -> (emitted class, TF1 variable scope name, kernels drawn, TF1's positional parameters after
# num_units, keywords with an eager equivalent beyond num_units).
CELLS = {
    "BasicLSTMCell": (
        "BasicLSTMCell",
        "basic_lstm_cell",
        1,
        ("forget_bias", "state_is_tuple", "activation", "reuse", "name", "dtype"),
        ("forget_bias", "activation"),
    ),
    "LSTMCell": (
        "BasicLSTMCell",
        "lstm_cell",
        1,
        (
            "use_peepholes",
            "cell_clip",
            "initializer",
            "num_proj",
            "proj_clip",
            "num_unit_shards",
            "num_proj_shards",
            "forget_bias",
            "state_is_tuple",
            "activation",
            "reuse",
            "name",
            "dtype",
        ),
        ("forget_bias", "activation"),
    ),
    "GRUCell": (
        "GRUCell",
        "gru_cell",
        2,
        ("activation", "reuse", "kernel_initializer", "bias_initializer", "name", "dtype"),
        ("activation",),
    ),
    "BasicRNNCell": ("BasicRNNCell", "basic_rnn_cell", 1, ("activation", "reuse", "name", "dtype"), ("activation",)),
}
# DropoutWrapper keywords: keep probabilities given as literals (1.0 changes nothing; below it, dropout at every run,
# as TF1 applied it whenever the graph ran), and TF1's defaults.
KEEP = ("input_keep_prob", "output_keep_prob")
LIST = "list"  # Cell.kinds[0] of a name bound to a list of cells (``layers = [BasicRNNCell(n) for n in sizes]``)
# Keywords whose only accepted value is TF1's default (they change nothing then).
DEFAULTS = {
    "state_is_tuple": "True",
    "use_peepholes": "False",
    "cell_clip": "None",
    "initializer": "None",
    "num_proj": "None",
    "proj_clip": "None",
    "kernel_initializer": "None",
    "bias_initializer": "None",
    "reuse": "None",
    "name": None,
    "dtype": None,
}
# Activations a cell may be given (TF1 applied the function given, tanh by default): TensorFlow's own elementwise
# functions, whose TF2 spelling is the same.
ACTIVATIONS = frozenset(
    {
        *("tanh", "nn.tanh", "math.tanh", "sigmoid", "nn.sigmoid", "math.sigmoid"),
        *("nn.relu", "nn.relu6", "nn.elu", "nn.selu", "nn.softplus", "nn.softsign", "nn.leaky_relu"),
        *("math.softplus", "math.softsign", "nn.swish", "nn.silu"),
    }
)
RUNS = {
    "dynamic_rnn": "dynamic",
    "static_rnn": "static",
    "bidirectional_dynamic_rnn": "bidirectional_dynamic",
    "static_bidirectional_rnn": "static_bidirectional",
}
BIDIRECTIONAL = ("bidirectional_dynamic", "static_bidirectional")
# Arguments of the RNN runs that do not change the numbers.
HARMLESS = frozenset({"dtype", "parallel_iterations", "swap_memory"})


@dataclass
class Cell:
    """One cell construction bound to a module-level name (``cell = tf.nn.rnn_cell.BasicLSTMCell(...)``)."""

    name: str
    call: cst.BaseExpression  # the construction (a list of cells: the list)
    statement: cst.SimpleStatementLine
    kinds: list[str]  # the TF1 classes it builds (a MultiRNNCell, then its inner cells)
    kernels: int
    inner: list[str] = field(default_factory=list)  # cell names a MultiRNNCell takes
    used: cst.BaseExpression | None = None  # the RNN run (or MultiRNNCell, or list of cells) that uses it
    fed: list[str] = field(default_factory=list)  # placeholders fed as its DropoutWrappers' keep probabilities
    drops: bool = False  # a DropoutWrapper in it drops (a keep probability below 1, or fed): its runs draw
    literal: bool = False  # one drops with a literal keep probability below 1 (whatever is fed)


@dataclass
class Run:
    """One ``tf.nn.dynamic_rnn`` / ``tf.nn.static_rnn`` call."""

    kind: str  # dynamic | static
    cell: Cell
    inputs: cst.BaseExpression
    initial_state: cst.BaseExpression | None
    helper: bool = False  # inside a graph helper: rewritten in place (plan.replace)
    backward: Cell | None = None  # a bidirectional run's backward cell (``cell`` is the forward one)
    scope: str | None = None  # ``scope="RNN"``: the variable scope TF1 opened for it (``rnn`` when not given)

    @property
    def cells(self) -> list[Cell]:
        return [self.cell] if self.backward is None else [self.cell, self.backward]


def _class(program: Program, call: cst.CSTNode) -> str | None:
    """The TF1 cell class a call constructs (``BasicLSTMCell``, ``MultiRNNCell``), else None."""
    if not isinstance(call, cst.Call):
        return None
    path = program.tf1_path(call.func)
    for prefix in PREFIXES[:2]:
        if path.startswith(prefix) and path[len(prefix) :] in (*CELLS, MULTI, WRAPPER):
            return path[len(prefix) :]
    return None


def _run(program: Program, call: cst.CSTNode) -> str | None:
    if not isinstance(call, cst.Call):
        return None
    path = program.tf1_path(call.func)
    for prefix in ("nn.", "contrib.rnn."):
        if path.startswith(prefix) and path[len(prefix) :] in RUNS:
            return RUNS[path[len(prefix) :]]
    return None


def cells(program: Program) -> dict[str, Cell]:
    return program.rnn_cells


def state_sizes(program: Program, value: cst.CSTNode) -> set[int]:
    """The cell names ``value`` reads only for their state size, a host int as TF1 had it: ``cell.state_size`` of
    a GRU or plain RNN cell, ``cell.state_size[0]`` (``c``) or ``[1]`` (``h``) of an LSTM cell (the placeholders
    fed an LSTM's initial state). The emitted cell holds the same numbers (a pair for an LSTM)."""
    found: set[int] = set()
    for node in descendants(value):
        size = node.value if isinstance(node, cst.Subscript) else node
        if not (isinstance(size, cst.Attribute) and size.attr.value == "state_size"):
            continue
        cell = cells(program).get(size.value.value) if isinstance(size.value, cst.Name) else None
        if cell is None or cell.kinds[0] not in CELLS:
            continue
        lstm = CELLS[cell.kinds[0]][0] == "BasicLSTMCell"
        indexed = isinstance(node, cst.Subscript) and len(node.slice) == 1
        index = node.slice[0].slice if indexed else None
        if lstm and isinstance(index, cst.Index) and isinstance(index.value, cst.Integer):
            if index.value.value in ("0", "1"):
                found.add(id(size.value))
        elif not lstm and node is size:
            found.add(id(size.value))
    return found


def runs(program: Program) -> dict[cst.Call, Run]:
    return program.rnn_runs


def constructs(program: Program, value: cst.BaseExpression) -> bool:
    return _class(program, value) is not None or _listed(program, value)


def _literal(node: cst.BaseExpression) -> str | None:
    return node.value if isinstance(node, cst.Name) and node.value in ("True", "False", "None") else None


def _keywords(call: cst.Call, kind: str) -> list[tuple[str | None, cst.Arg]]:
    """Each argument with the parameter TF1 bound it to (positional ones by the class's signature; None past it)."""
    positional = ("num_units", *CELLS[kind][3])
    named: list[tuple[str | None, cst.Arg]] = []
    for index, arg in enumerate(call.args):
        if arg.keyword is not None:
            named.append((arg.keyword.value, arg))
        else:
            named.append((positional[index] if index < len(positional) and not arg.star else None, arg))
    return named


def _arguments(program: Program, call: cst.Call, kind: str) -> None:
    """Only num_units, forget_bias (the LSTMs), an activation TensorFlow defines, and TF1's defaults have an eager
    equivalent."""
    for keyword, arg in _keywords(call, kind):
        if keyword is None:
            raise program.deny(f"tf.nn.rnn_cell.{kind} arguments tfmigrate cannot map", call)
        if any(n.value in program.nodes for n in loaded_names(arg.value)):
            raise program.deny(f"tf.nn.rnn_cell.{kind}({keyword}=...) reads a graph value", arg)
        if keyword == "activation":
            if program.tf1_path(arg.value) in ACTIVATIONS or _literal(arg.value) == "None":
                continue
            raise program.deny(f"tf.nn.rnn_cell.{kind}(activation=...) is not a TensorFlow activation", arg)
        if keyword in ("num_units", *CELLS[kind][4]):
            continue
        if keyword in DEFAULTS and (DEFAULTS[keyword] is None or _literal(arg.value) == DEFAULTS[keyword]):
            if keyword == "name":
                raise program.deny(f"tf.nn.rnn_cell.{kind}(name=...) renames its variable scope", arg)
            continue
        raise program.deny(f"tf.nn.rnn_cell.{kind}({keyword}=...) has no proven eager equivalent", arg)


def define(program: Program, node: Node, value: cst.BaseExpression) -> None:
    """Model ``cell = tf.nn.rnn_cell.X(...)`` (a Keras 3 layer object, built once, used by one RNN run) and
    ``layers = [tf.nn.rnn_cell.X(n) for n in sizes]`` (a list of them, which one MultiRNNCell takes)."""
    if node.statement not in _top_level(program):
        raise program.deny(f"an RNN cell built {_inside(program, node.statement)}", value)
    if node.name in cells(program):
        raise program.deny(f"`{node.name}` is bound to an RNN cell more than once", value)
    kind = _class(program, value) or LIST
    cell = Cell(node.name, value, node.statement, [kind], 0)
    if kind == LIST:
        _cells(program, cell, value)
    elif kind == MULTI:
        assert isinstance(value, cst.Call)
        _multi(program, cell, value)
    elif kind == WRAPPER:
        assert isinstance(value, cst.Call)
        _wrapper(program, cell, value)
    else:
        assert isinstance(value, cst.Call)
        _arguments(program, value, kind)
        cell.kernels = CELLS[kind][2]
    cells(program)[node.name] = cell
    node.kind = layers.KIND
    node.reads = list(cell.fed)  # what reads the cell's run is a function of the fed keep probabilities


def _listed(program: Program, value: cst.BaseExpression) -> bool:
    """``[tf.nn.rnn_cell.X(n) for n in sizes]``, ``[tf.nn.rnn_cell.X(n), cell]``: a list of cells."""
    inner = (
        [value.elt]
        if isinstance(value, cst.ListComp)
        else [e.value for e in value.elements]
        if isinstance(value, (cst.List, cst.Tuple))
        else []
    )
    return bool(inner) and all(
        _class(program, item) not in (None, MULTI) or (isinstance(item, cst.Name) and item.value in cells(program))
        for item in inner
    )


def _multi(program: Program, cell: Cell, call: cst.Call) -> None:
    """``MultiRNNCell([c1, c2])``, ``MultiRNNCell([tf.nn.rnn_cell.X(n) for n in sizes])``, ``MultiRNNCell(layers)``
    of a list of cells bound to a name."""
    given = list(call.args)
    for arg in given[1:]:
        if arg.keyword is None or arg.keyword.value != "state_is_tuple" or _literal(arg.value) != "True":
            raise program.deny("tf.nn.rnn_cell.MultiRNNCell arguments beyond its cells", call)
    if not given or given[0].keyword not in (None,) and given[0].keyword.value != "cells":
        raise program.deny("tf.nn.rnn_cell.MultiRNNCell without a list of cells", call)
    value = given[0].value
    listed = cells(program).get(value.value) if isinstance(value, cst.Name) else None
    if listed is None or listed.kinds[0] != LIST:
        _cells(program, cell, value)
        return
    mentions = sum(1 for n in loaded_names(program.module) if n.value == listed.name)  # bound once, read once
    if listed.used is not None or program.binds.get(listed.name) != 1 or mentions != 2:
        raise program.deny(f"the list of RNN cells `{listed.name}` is used beyond one MultiRNNCell", value)
    listed.used = call
    cell.inner.append(listed.name)
    _feeds(cell, listed)
    cell.kinds += listed.kinds[1:]
    cell.kernels = listed.kernels


def _cells(program: Program, cell: Cell, value: cst.BaseExpression) -> None:
    """The cells of a list: their kinds and the kernels TF1 drew for them (-1: not counted here)."""
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Multiply):
        _repeated(program, cell, value)
        return
    if isinstance(value, cst.ListComp):
        ranged = value.for_in
        inner = _class(program, value.elt)
        if (
            ranged.inner_for_in is not None
            or ranged.ifs
            or inner in (None, MULTI)
            or any(n.value in program.nodes for n in loaded_names(ranged.iter))
        ):
            raise program.deny("a list of RNN cells built by a comprehension tfmigrate cannot follow", value)
        assert isinstance(value.elt, cst.Call) and inner is not None
        one = Cell("", value.elt, cell.statement, [inner], 0)
        _item(program, one, value.elt, inner)
        _feeds(cell, one)
        count = _count(program, ranged.iter)
        cell.kernels = -1 if count is None or one.kernels < 0 else one.kernels * count  # -1: not counted here
        cell.kinds += one.kinds
        return
    if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements:
        raise program.deny("tf.nn.rnn_cell.MultiRNNCell cells that are not a literal list", value)
    for element in value.elements:
        item = element.value
        if isinstance(element, cst.StarredElement):
            raise program.deny("tf.nn.rnn_cell.MultiRNNCell cells that are not a literal list", value)
        inner = _class(program, item)
        if inner is not None and inner != MULTI:
            assert isinstance(item, cst.Call)
            one = Cell("", item, cell.statement, [inner], 0)
            _item(program, one, item, inner)
            _feeds(cell, one)
            cell.kernels = -1 if cell.kernels < 0 or one.kernels < 0 else cell.kernels + one.kernels
            cell.kinds += one.kinds
            continue
        named = cells(program).get(item.value) if isinstance(item, cst.Name) else None
        if named is None or named.kinds[0] in (MULTI, LIST):
            raise program.deny("a MultiRNNCell cell that is not an RNN cell built here", item)
        if named.used is not None:
            raise program.deny(f"the RNN cell `{named.name}` is used twice (TF1 shared or refused its variables)", item)
        named.used = cell.call
        cell.inner.append(named.name)
        _feeds(cell, named)
        cell.kernels = -1 if cell.kernels < 0 or named.kernels < 0 else cell.kernels + named.kernels
        cell.kinds += named.kinds if WRAPPER in named.kinds else []


def _repeated(program: Program, cell: Cell, value: cst.BinaryOperation) -> None:
    """``MultiRNNCell([cell] * num_layers)`` (``[make_cell()] * n``): one cell object listed n times. TF1 calls it
    in each layer's scope, but a built cell keeps the variables of its first call (``cell_0``): every layer computes
    with that one kernel, drawn once (its input width must equal its units, or TF1 refuses the shapes). The eager
    MultiRNNCell lists the one Keras cell n times, as written, and draws its kernel once (rnn_templates.py)."""
    listed, count = value.left, value.right
    if isinstance(count, cst.List):
        listed, count = count, listed
    if (
        not isinstance(listed, cst.List)
        or len(listed.elements) != 1
        or isinstance(listed.elements[0], cst.StarredElement)
        or any(n.value in program.nodes for n in loaded_names(count))
    ):
        raise program.deny("tf.nn.rnn_cell.MultiRNNCell cells that are not a literal list", value)
    if rnn_names.saves(program):
        raise program.deny(
            "one RNN cell listed n times (`[cell] * n`) in a program with a tf.train.Saver (TF1 saved its variables "
            "once, as cell_0's)",
            value,
        )
    _cells(program, cell, listed)


def _item(program: Program, cell: Cell, call: cst.Call, kind: str) -> None:
    """One cell construction (a DropoutWrapper round one): its kinds and kernels into ``cell``."""
    if kind == WRAPPER:
        _wrapper(program, cell, call)
        return
    _arguments(program, call, kind)
    cell.kernels = CELLS[kind][2]


def _wrapper(program: Program, cell: Cell, call: cst.Call) -> None:
    """``DropoutWrapper(cell, input_keep_prob=0.8, output_keep_prob=0.5)`` round a cell built here: dropout with
    literal keep probabilities (below 1.0, random at every run: shown equal in distribution only, so not in a
    seeded program, rnn.seed); the wrapped cell's variables are the program's."""
    given = list(call.args)
    first = given[0] if given else None
    if first is None or first.star or (first.keyword is not None and first.keyword.value != "cell"):
        raise program.deny("tf.nn.rnn_cell.DropoutWrapper without a cell", call)
    for arg in given[1:]:
        keyword = arg.keyword.value if arg.keyword is not None else None
        value = arg.value
        if isinstance(value, cst.Name) and value.value not in program.nodes and program.binds.get(value.value) == 1:
            value = module_value(program, value.value) or value  # ``dropout_rate = 0.2`` at module level
        number = float(value.value) if isinstance(value, (cst.Float, cst.Integer)) else None
        if keyword in KEEP and number is not None and 0 < number <= 1:
            if number < 1:
                program.rnn_dropout = cell.drops = cell.literal = True
            continue
        fed = (
            placeholder_aliases.aliased(program, program.nodes.get(value.value))
            if keyword in KEEP and isinstance(value, cst.Name)
            else None
        )
        if fed is not None and fed.kind == "placeholder":
            program.rnn_dropout = program.rnn_fed = cell.drops = True
            cell.fed += [fed.name] if fed.name not in cell.fed else []
            continue
        if (
            keyword == "state_keep_prob"
            and number == 1
            or keyword == "variational_recurrent"
            and _literal(value) == "False"
        ):
            continue
        raise program.deny(f"tf.nn.rnn_cell.DropoutWrapper({keyword or '...'}=...) has no proven eager equivalent", arg)
    inner = _class(program, first.value)
    if inner is not None and inner != MULTI:
        assert isinstance(first.value, cst.Call)
        one = Cell("", first.value, cell.statement, [inner], 0)
        _item(program, one, first.value, inner)
        cell.kernels, cell.kinds = one.kernels, [WRAPPER, *one.kinds]
        _feeds(cell, one)
        return
    named = cells(program).get(first.value.value) if isinstance(first.value, cst.Name) else None
    if named is None or named.kinds[0] == LIST:
        raise program.deny("a DropoutWrapper round a cell that is not an RNN cell built here", first.value)
    if rnn_names.saves(program) and named.kinds[0] in (MULTI, WRAPPER):
        raise program.deny(
            "a DropoutWrapper round a MultiRNNCell or another wrapper in a program with a tf.train.Saver (its "
            "checkpoint scope is not modelled)",
            call,
        )
    if named.used is not None:
        raise program.deny(f"the RNN cell `{named.name}` is used twice (TF1 shared or refused its variables)", call)
    named.used = call
    cell.inner.append(named.name)
    cell.kernels, cell.kinds = named.kernels, [WRAPPER, *named.kinds]
    _feeds(cell, named)


def _feeds(cell: Cell, inner: Cell) -> None:
    """The keep probabilities fed to the cells ``cell`` holds are fed to it; their dropout is its."""
    cell.fed += [name for name in inner.fed if name not in cell.fed]
    cell.drops, cell.literal = cell.drops or inner.drops, cell.literal or inner.literal


def _count(program: Program, iterated: cst.BaseExpression) -> int | None:
    """How many items ``range(3)`` / ``range(n_layers)`` / ``[4, 5, 6]`` gives, when written as a literal or as a
    name bound once, at module level, to an integer literal."""
    if isinstance(iterated, (cst.List, cst.Tuple)) and all(isinstance(e, cst.Element) for e in iterated.elements):
        return len(iterated.elements)
    if not (
        isinstance(iterated, cst.Call)
        and isinstance(iterated.func, cst.Name)
        and iterated.func.value == "range"
        and "range" not in program.binds
        and len(iterated.args) == 1
        and iterated.args[0].keyword is None
    ):
        return None
    given = iterated.args[0].value
    if isinstance(given, cst.Name) and program.binds.get(given.value) == 1:
        given = module_value(program, given.value) or given
    return int(given.value) if isinstance(given, cst.Integer) else None


SCOPES = frozenset({"variable_scope", "name_scope"})


def _top_level(program: Program) -> set[cst.CSTNode]:
    """Module-level statements, with those of top-level ``with tf.variable_scope("rnn"):`` blocks: a scope given only
    its name changes variable names (not checkpointed here), not values; one with ``reuse``, an ``initializer`` (the
    cell's kernel would draw from it) or anything else does not count. Blocks that open no scope (a Session's, a
    device's, the graph's ``with g.as_default():`` holding every cell and run: layers.opens_no_scope) count as the
    module: TF1 named and numbered the cell's variables there as at module level (``rnn/multi_rnn_cell/cell_0/...``,
    checked on TF 2.21)."""
    found: set[cst.CSTNode] = set()

    def walk(statements) -> None:
        for statement in statements:
            found.add(statement)
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                items = [i.item for i in statement.items]
                if layers.opens_no_scope(program, statement, _builds) or all(
                    isinstance(item, cst.Call)
                    and program.tf1_path(item.func) in SCOPES
                    and len(item.args) == 1
                    and item.args[0].keyword is None
                    and isinstance(item.args[0].value, cst.SimpleString)
                    for item in items
                ):
                    walk(statement.body.body)

    walk(program.module.body)
    return found


def _inside(program: Program, statement: cst.CSTNode) -> str:
    """Where a cell or run not at module level stands, for its refusal: a graph's block that does not hold every
    RNN of the program (the others are built into another graph, which names and numbers its variables apart), or
    another block (a function's, a loop's, a scope with arguments)."""
    top = next((s for s in program.module.body if isinstance(s, cst.With) and statement in descendants(s)), None)
    graph = top is not None and any(
        isinstance(i.item, cst.Call)
        and isinstance(i.item.func, cst.Attribute)
        and i.item.func.attr.value == "as_default"
        for i in top.items
    )
    if graph:
        return "in a `with <graph>.as_default():` block while another RNN is built outside it (in another graph)"
    return "inside a block (TF1 scoped its variables there)"


def _builds(program: Program, call: cst.CSTNode) -> bool:
    """A cell constructed or run: where TF1 built (and named) its variables."""
    return _class(program, call) is not None or _run(program, call) is not None


def _zero_state_size(program: Program, call: cst.Call) -> None:
    """``cell.zero_state(n_batch, tf.float32)`` sized by a host value, or by a fed scalar int32 placeholder
    (the book's ``n_batch = tf.placeholder(tf.int32, shape=[])``): the eager state is zeros of the fed
    size, as TF1's were at each run. Any other graph value keeps the graph tier."""
    for arg in call.args:
        for name in loaded_names(arg.value):
            node = program.nodes.get(name.value)
            if node is None:
                continue
            if node.kind != "placeholder" or arg.value is not name or not _scalar_int(program, node.value):
                raise program.deny("an RNN cell's zero_state sized by a graph value", call)


def _scalar_int(program: Program, value: cst.BaseExpression) -> bool:
    """``tf.placeholder(tf.int32, shape=[])`` (or ``[]`` positionally; ``()`` as well)."""
    if not isinstance(value, cst.Call) or not value.args or program.tf1_path(value.args[0].value) != "int32":
        return False
    shape = argument(value, 1, "shape")
    return shape is not None and isinstance(shape.value, (cst.List, cst.Tuple)) and not shape.value.elements


def zero_state_only(program: Program, value: cst.CSTNode) -> set[str]:
    """The cells ``value`` reads only through ``cell.zero_state(...)``: zeros, which read none of the keep
    probabilities a DropoutWrapper is fed (TF1 evaluated a zero state without them)."""
    zeros = [
        c.func.value
        for c in descendants(value)
        if isinstance(c, cst.Call) and isinstance(c.func, cst.Attribute) and _zero_state(program, c)
    ]
    named = [n for n in loaded_names(value) if n.value in cells(program)]
    return {n.value for n in named} - {n.value for n in named if not any(n is z for z in zeros)}


def _zero_state(program: Program, call: cst.CSTNode) -> bool:
    """``cell.zero_state(batch_size, tf.float32)`` of a modelled cell."""
    return (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "zero_state"
        and isinstance(call.func.value, cst.Name)
        and call.func.value.value in cells(program)
    )


# A layer's or cell's variable lists (TF1's RNNCell is a Layer). Read eagerly, they are empty until the first call
# (which the eager rewrite moves into the functions of the feeds), and fetched, the eager fetch called ``.numpy()``
# on the list (held-out 6: wanglei18's lstm_cell.py stopped running; a tf.layers.Dense's printed ``[]``).
WEIGHT_LISTS = frozenset({"trainable_weights", "non_trainable_weights", "weights", "trainable_variables", "variables"})


def collect(program: Program, node: Node, value: cst.BaseExpression) -> bool:
    """Model the RNN runs and zero states of a module-level graph definition, and refuse a layer's or cell's variable
    list read there; raises Blocked on any not shown equal. True when a run there drops (a DropoutWrapper): the
    value is random, each run draws its masks afresh."""
    run = value if isinstance(value, cst.Call) and _run(program, value) else None
    rnn_lists.mark(program, node, value, run, lambda call: _tuple_state(program, call))
    for read in descendants(value):
        if (
            isinstance(read, cst.Attribute)
            and read.attr.value in WEIGHT_LISTS
            and isinstance(read.value, cst.Name)
            and (read.value.value in program.nodes or read.value.value in cells(program))
        ):
            if _weights_built(program, node, value, read):
                continue
            owner = "cell" if read.value.value in cells(program) else "layer"
            raise program.deny(
                f"`{read.value.value}.{read.attr.value}`: TF1's {owner} had its variables once the graph was built, "
                f"an eager {owner} makes them on its first call (the list would be empty before it)",
                read,
            )
    for call in descendants(value):
        if _zero_state(program, call):
            assert isinstance(call, cst.Call)
            _zero_state_size(program, call)
        kind = _run(program, call)
        if kind is None:
            continue
        assert isinstance(call, cst.Call)
        if node.statement not in _top_level(program):
            raise program.deny(f"tf.nn.{kind}_rnn {_inside(program, node.statement)}", call)
        runs(program)[call] = _model_run(program, call, kind)
    return any(cell.drops for call in descendants(value) if call in runs(program) for cell in runs(program)[call].cells)


def _weights_built(program: Program, node: Node, value: cst.BaseExpression, read: cst.Attribute) -> bool:
    """``variables = cell.trainable_weights`` after the cell's run is built: TF1's list holds the cell's variables
    (kernel, bias; a MultiRNNCell's cells' in order, as the Keras 3 layer lists them), so the eager program builds
    the cell where it is constructed (called once on zeros of its input depth) and the list is the same one. Only
    the list itself, fetched as TF1 returned it (a list of arrays)."""
    assert isinstance(read.value, cst.Name)
    cell = cells(program).get(read.value.value)
    run = runs(program).get(cell.used) if cell is not None and isinstance(cell.used, cst.Call) else None
    if cell is None or run is None or read is not value or rnn_names.saves(program) or WRAPPER in cell.kinds:
        return False
    depth = rnn_names.depth(program, run.inputs, run.kind.startswith("static"))
    if depth is None:
        return False
    program.rnn_built[cell.name] = depth
    node.nested = rnn_lists.STRUCTURE
    return True


def structure(program: Program, fetched: cst.BaseExpression) -> bool:
    """A fetch written in place, ``sess.run(states[-1])``: a structure read out of an RNN run (an LSTM's state tuple
    the Session returned as a tuple of arrays; read with map_structure, as a named one is)."""
    return rnn_lists.structure(program, fetched)


def _tuple_state(program: Program, call: cst.Call) -> bool:
    """The state of the run's cell is a tuple (an LSTM's (c, h), a MultiRNNCell's states), not one tensor."""
    run = runs(program).get(call)
    if run is not None and run.kind == "bidirectional_dynamic":
        return True  # (state_fw, state_bw)
    return run is None or any(kind in (MULTI, "BasicLSTMCell", "LSTMCell") for kind in run.cell.kinds)


def _model_run(program: Program, call: cst.Call, kind: str) -> Run:
    args = list(call.args)
    positional = [a for a in args if a.keyword is None]
    parameters = ("cell_fw", "cell_bw", "inputs") if kind in BIDIRECTIONAL else ("cell", "inputs")
    if any(a.star for a in args) or len(positional) > len(parameters):
        raise program.deny(f"tf.nn.{kind}_rnn arguments tfmigrate cannot map", call)
    bound = {parameters[i]: a.value for i, a in enumerate(positional)}
    bound.update({a.keyword.value: a.value for a in args if a.keyword is not None})
    for keyword, arg in bound.items():
        if keyword == "dtype" and program.tf1_path(arg) != "float32":
            raise program.deny(f"tf.nn.{kind}_rnn(dtype=...) other than tf.float32 (the eager cells hold float32)", arg)
        if keyword in (*parameters, "initial_state", "initial_state_fw", "initial_state_bw") or keyword in HARMLESS:
            continue
        if keyword == "time_major" and _literal(arg) == "False":
            continue
        if keyword == "sequence_length":
            program.rnn_lengths = True
            continue
        if keyword == "scope" and isinstance(arg, cst.SimpleString) and literal_string(arg):
            continue  # a variable scope's name: TF1's variable names (rnn_names.py), not its values
        raise program.deny(f"tf.nn.{kind}_rnn({keyword}=...) has no proven eager equivalent", arg)
    if "initial_state" in bound and kind in BIDIRECTIONAL:
        raise program.deny(f"tf.nn.{kind}_rnn arguments tfmigrate cannot map", call)
    if any(p not in bound for p in parameters):
        raise program.deny(f"tf.nn.{kind}_rnn without a cell and inputs", call)
    found = []
    for parameter in parameters[:-1]:
        given = bound[parameter]
        cell = cells(program).get(given.value) if isinstance(given, cst.Name) else None
        if cell is None:
            raise program.deny(f"tf.nn.{kind}_rnn of a cell that is not an RNN cell built at module level", given)
        if cell.used is not None:
            raise program.deny(f"the RNN cell `{cell.name}` is used twice (TF1 shared or refused its variables)", call)
        cell.used = call
        found.append(cell)
    if kind in BIDIRECTIONAL:
        initial = bound.get("initial_state_fw"), bound.get("initial_state_bw")
        run = Run(kind, found[0], bound["inputs"], initial[0] or initial[1], backward=found[1])
    else:
        run = Run(kind, found[0], bound["inputs"], bound.get("initial_state"))
    if "scope" in bound:
        run.scope = literal_string(bound["scope"])
    return run


def fed_dropouts(program: Program, call: cst.CSTNode) -> list[str] | None:
    """The placeholders fed as keep probabilities to the cells of an RNN run, when nothing else drops there (no
    literal keep probability below 1): fed 1.0, the run draws masks that keep every value (draws.unseen)."""
    run = runs(program).get(call)  # type: ignore[call-overload]
    if run is None or any(cell.literal for cell in run.cells):
        return None
    return [name for cell in run.cells for name in cell.fed]


def built_once(program: Program, value: cst.CSTNode) -> set[cst.CSTNode]:
    """Calls the proof does not see as ops: the RNN runs and zero states (their arguments are still checked)."""
    return {c for c in descendants(value) if c in runs(program) or _zero_state(program, c)}


def seed(seeds, call: cst.Call, seeded: bool, graph_seed: cst.Call | None, once: dict) -> None:
    """TF1 drew each kernel of the run's cell where the run was built, with the graph's next op seeds: the cell's
    construction gets the first (seeds.Seeds counts them in creation order)."""
    run = runs(seeds.program)[call]
    if not seeded:
        if graph_seed is not None:
            raise seeds.deny(
                "an RNN cell's kernel is drawn before tf.set_random_seed (TF1 drew it without the graph seed)", call
            )
        return
    if program_dropout(seeds.program) and any(WRAPPER in cell.kinds for cell in run.cells):
        raise seeds.deny(
            "a DropoutWrapper's dropout in a seeded program (TF1 drew its masks from the graph's op seeds)", call
        )
    function = seeds.function_of(call)
    if function is not None and function not in once.values():
        raise seeds.deny("a seeded RNN run in a function TF1 may have run more than once", call)
    program = seeds.program
    built = any(cell.name in program.rnn_built for cell in run.cells)
    if built and graph_seed is not None and program.line_of(run.cell.statement) < program.line_of(graph_seed):
        raise seeds.deny(
            "a cell whose variable list is read, constructed before tf.set_random_seed (the eager cell is built "
            "where it is constructed)",
            run.cell.call,
        )
    for cell in run.cells:  # a bidirectional run: TF1 built the forward cell's variables, then the backward's
        seeds.seed(cell.call, None, call, "seed={}")
        if cell.kernels < 1:  # ``range(num_layers)``: the MultiRNNCell hands out its seeds when it is built
            seeds.uncounted = cell.call
            continue
        for _ in range(cell.kernels - 1):
            seeds.used[seeds.counter] = call
            seeds.counter += 1


def program_dropout(program: Program) -> bool:
    return program.rnn_dropout


def finish(proof) -> None:
    """Checks that need the whole program."""
    program = proof.program
    if not cells(program):
        return
    for name, cell in cells(program).items():
        if cell.used is None and is_read(program.module, name):
            raise program.deny(f"the RNN cell `{name}` is not run by tf.nn.dynamic_rnn/static_rnn here", cell.call)
    rnn_names.check_lists(program)
    if rnn_names.saves(program):
        _saved(program)
    for node in descendants(program.module):
        if (
            isinstance(node, cst.Attribute)
            and node.attr.value in rnn_lists.FIELDS
            and isinstance(node.value, (cst.Name, cst.Subscript))
            and any(n.value in program.nodes for n in loaded_names(node.value))
            and not rnn_lists.structure(program, node.value)
        ):
            raise program.deny(f"`.{node.attr.value}` of a value that is not an RNN run's state", node)


def _saved(program: Program) -> None:
    """A saving program: each cell's TF1 checkpoint scope must be known where its run is built."""
    saver_lines = [
        program.line_of(c)
        for c in descendants(program.module)
        if isinstance(c, cst.Call) and program.tf1_path(c.func) == rnn_names.SAVER
    ]
    for call, run in runs(program).items():
        if run.helper:
            raise program.deny(
                "an RNN run in a helper of a program with a tf.train.Saver (its checkpoint scope is not modelled)", call
            )
        if program.line_of(call) > min(saver_lines):
            raise program.deny("an RNN run after the tf.train.Saver (TF1 saved only the variables built before)", call)
        if rnn_names.depth(program, run.inputs, run.kind.startswith("static")) is None:
            raise program.deny(
                f"tf.nn.{run.kind}_rnn in a program with a tf.train.Saver, its inputs not placeholders of a literal "
                "depth (the cell is built before the restore)",
                run.inputs,
            )


def checkpointed(program: Program, name: str) -> str:
    """What the Checkpoint holds for a saved name: a MultiRNNCell's cells as a list (a Keras 3 layer's list of
    layers is not followed by tf.train.Checkpoint), anything else as itself."""
    cell = cells(program).get(name)
    return f"list({name}.cells)" if cell is not None and MULTI in cell.kinds else name


def build_lines(program: Program, saved: list[str], tf: str) -> list[str]:
    """The saved cells built where the Checkpoint is (rnn_names.build_statement)."""
    lines = []
    for name in saved:
        cell = cells(program).get(name)
        run = runs(program).get(cell.used) if cell is not None and isinstance(cell.used, cst.Call) else None
        if cell is not None and run is not None:
            depth = rnn_names.depth(program, run.inputs, run.kind.startswith("static"))
            assert depth is not None
            lines.append(rnn_names.build_statement(name, depth, tf, cell.fed))
    return lines


def saved_cells(program: Program, before: int) -> list[str]:
    """The cells (outermost, a MultiRNNCell holding its named cells) whose run is built before line ``before``: TF1's
    Saver saved their variables."""
    inner = {n for c in cells(program).values() for n in c.inner}
    return [
        name
        for name, cell in cells(program).items()
        if name not in inner and cell.used is not None and program.line_of(cell.used) < before
    ]


def plan(proof) -> None:
    """The eager statements of each cell: the emitted layers before the first, each construction as its layer."""
    program = proof.program
    if not cells(program):
        return
    tf = proof.tf
    kinds = {CELLS[k][0] if k in CELLS else k for c in cells(program).values() for k in c.kinds if k != LIST}
    ran = {r.kind for r in runs(program).values()}
    kinds |= {"static", *ran} | ({"dynamic"} if ran & {"dynamic", "bidirectional_dynamic"} else set())
    kinds |= {STATE} if "BasicLSTMCell" in kinds else set()
    used = set(program.binds) | {n.value for n in loaded_names(program.module)}
    names = {}
    for kind in sorted(kinds):
        candidate = kind if kind[0].isupper() else f"{kind}_rnn"
        while candidate in used:
            candidate += "_"
        names[kind] = candidate
        used.add(candidate)
    program.names.update(names.values())
    program.rnn_names = names
    templates = rnn_templates.templates(lengths=program.rnn_lengths, fed=program.rnn_fed)
    collections = _collections(program)
    if STATE in kinds and collections is None:  # a namedtuple: Keras 3 follows one through a layer's call
        collections = underscored(used, "collections")
        program.names.add(collections)
        _import(proof, "import collections" + ("" if collections == "collections" else f" as {collections}"))
    code = "".join(
        templates[kind].format(
            name=names[kind],
            tf=tf,
            static=names["static"],
            dynamic=names.get("dynamic"),
            state=names.get(STATE),
            collections=collections,
        )
        for kind in _order(kinds)
    )
    saving = rnn_names.saves(program)
    if saving:
        helper = underscored(used, "tf1_variable")
        loop = (underscored(used, "index"), underscored(used, "inner"))
        program.names.update((helper, *loop))
        code = rnn_names.HELPER.format(name=helper, tf=tf) + code.replace("self.add_weight(", f"{helper}(self, ")
        tf1_scopes = rnn_names.scopes(program)
    code = program.rnn_import + code.lstrip("\n")
    program.rnn_import = ""
    emitted = list(cst.parse_module(code).body)
    first = min(cells(program).values(), key=lambda c: program.line_of(c.statement))
    for cell in cells(program).values():
        expression = _construction(program, cell, proof.plan.seeds.pop(cell.call, None), names)
        target = cell.name
        kinds_text = " + ".join(f"tf.nn.rnn_cell.{k}" for k in dict.fromkeys(cell.kinds))
        proof.plan.notes.append(
            (
                program.line_of(cell.statement),
                f"{kinds_text} -> a Keras 3 layer computing TF1's cell on TF1's variables (no legacy Keras needed)",
            )
        )

        after: list[str] = []
        if saving and isinstance(cell.used, cst.Call) and cell.used in runs(program):
            scope = tf1_scope(program, cell, tf1_scopes)
            after = rnn_names.scope_statements(target, scope, MULTI in cell.kinds, loop, WRAPPER in cell.kinds)
        depth = program.rnn_built.get(cell.name)
        if depth is not None:  # its variable list is read: TF1 had built them
            after.append(rnn_names.build_statement(target, depth, tf, cell.fed) + "\n")

        def build(updated, expression=expression, target=target, cell=cell, after=after):
            statements = [cst.parse_statement(f"{target} = {expression}\n"), *map(cst.parse_statement, after)]
            return [*(emitted if cell is first else []), *statements]

        proof.plan.statements[cell.statement] = build
    for call, run in runs(program).items():
        if run.helper:
            proof.plan.replace[call] = replacement(program, call, call)


def _collections(program: Program) -> str | None:
    """The name a module-level ``import collections [as c]`` binds, or None."""
    for statement in program.module.body:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and statement.body else None
        if isinstance(small, cst.Import):
            for alias in small.names:
                if isinstance(alias.name, cst.Name) and alias.name.value == "collections":
                    bound = alias.asname.name if alias.asname is not None else alias.name
                    return bound.value if isinstance(bound, cst.Name) else None
    return None


def _import(proof, line: str) -> None:
    """``line`` added after the module's last leading import (with the program's own imports, not where the first
    cell is built); before the first cell if the module has none there."""
    program = proof.program
    body = list(program.module.body)
    leading = None
    for index, statement in enumerate(body):
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and statement.body else None
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            leading = statement
        elif not (index == 0 and isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)):
            break
    if leading is None or leading in proof.plan.statements:
        program.rnn_import = line + "\n"
        return
    proof.plan.statements[leading] = lambda updated: [updated, cst.parse_statement(line + "\n")]


def tf1_scope(program: Program, cell: Cell, tf1_scopes: dict[cst.CSTNode, str] | None = None) -> str:
    """The variable scope TF1 built the cell's variables in (``rnn/basic_lstm_cell``, ``RNN/gru_cell`` for a run
    given ``scope="RNN"``, ``bidirectional_rnn/fw/lstm_cell``); its run is a module-level one (rnn._saved)."""
    assert isinstance(cell.used, cst.Call)
    statement = _statement_of(program, cell.used)
    tf1_scopes = rnn_names.scopes(program) if tf1_scopes is None else tf1_scopes
    prefix = tf1_scopes.get(statement, "") if statement is not None else ""
    run = runs(program)[cell.used]
    direction = "" if run.backward is None else "fw/" if cell is run.cell else "bw/"
    opened = run.scope or ("bidirectional_rnn" if direction else "rnn")
    return f"{prefix}{opened}/{direction}{_scope_name(cell)}"


# The eager cell's variables (attribute, TF1 name under its scope), in the order TF1's cell created them.
CELL_VARIABLES = {
    "BasicRNNCell": (("kernel", "kernel"), ("bias", "bias")),
    "BasicLSTMCell": (("kernel", "kernel"), ("bias", "bias")),
    "LSTMCell": (("kernel", "kernel"), ("bias", "bias")),
    "GRUCell": (
        ("gates_kernel", "gates/kernel"),
        ("gates_bias", "gates/bias"),
        ("candidate_kernel", "candidate/kernel"),
        ("candidate_bias", "candidate/bias"),
    ),
}


def named_variables(program: Program, name: str) -> list[tuple[str, str]] | None:
    """(code, TF1 name) of each variable of the saved cell ``name``, as a Saver's optimizer-slot restore reads
    them (``cell.kernel``, ``RNN/basic_rnn_cell/kernel``; a MultiRNNCell's ``cell.cells[1].kernel``,
    ``rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel``, in the order TF1 built them, cell by cell); None for a
    name that is not a cell run here, or a MultiRNNCell whose cells are not all of one listed kind (a wrapper, a
    mix: their count and paths are not known here)."""
    cell = cells(program).get(name)
    if cell is None or not isinstance(cell.used, cst.Call) or cell.used not in runs(program):
        return None
    scope = tf1_scope(program, cell)
    own = cell.kinds[1:] if cell.kinds[0] == WRAPPER else cell.kinds
    wrapped = ".cell" if cell.kinds[0] == WRAPPER else ""
    if len(own) == 1 and own[0] in CELL_VARIABLES:
        return [(f"{name}{wrapped}.{attribute}", f"{scope}/{tf1}") for attribute, tf1 in CELL_VARIABLES[own[0]]]
    kinds = cell.kinds[1:] + [cells(program)[inner].kinds[0] for inner in cell.inner if inner in cells(program)]
    kinds = [kind for kind in kinds if kind != LIST]
    if kinds and not cell.inner and kinds[0::2] == [WRAPPER] * len(kinds[1::2]):  # each cell in a DropoutWrapper
        kinds, wrapped = kinds[1::2], ".cell"
    if cell.kinds[0] != MULTI or len(set(kinds)) != 1 or kinds[0] not in CELL_VARIABLES or cell.kernels < 1:
        return None
    kind = kinds[0]
    count, rest = divmod(cell.kernels, CELLS[kind][2])
    if rest:
        return None
    return [
        (f"{name}.cells[{index}]{wrapped}.{attribute}", f"{scope}/cell_{index}/{CELLS[kind][1]}/{tf1}")
        for index in range(count)
        for attribute, tf1 in CELL_VARIABLES[kind]
    ]


def trained_cells(program: Program, upstream: list[Node]) -> list[tuple[int, str]]:
    """(node index, cell name) of each cell run by one of the ``upstream`` nodes (what a loss reads): its variables
    are trained there, created where the run was built."""
    found = []
    for node in upstream:
        for call in descendants(node.value):
            run = runs(program).get(call) if isinstance(call, cst.Call) else None
            if run is not None:
                found += [(node.index, cell.name) for cell in run.cells]
    return found


def _scope_name(cell: Cell) -> str:
    """The variable scope TF1's cell opened: its class's (``basic_lstm_cell``, ``multi_rnn_cell``); a
    DropoutWrapper opens none, its cell's variables are named as the cell's alone."""
    kind = next(k for k in cell.kinds if k != WRAPPER)
    return "multi_rnn_cell" if kind == MULTI else CELLS[kind][1]


def _statement_of(program: Program, call: cst.Call) -> cst.CSTNode | None:
    """The top-level statement (or statement of a top-level ``with`` block) holding ``call``."""
    for statement in _top_level(program):
        if isinstance(statement, cst.SimpleStatementLine) and any(n is call for n in descendants(statement)):
            return statement
    return None


def _order(kinds: set[str]) -> list[str]:
    order = (STATE, "BasicLSTMCell", "GRUCell", "BasicRNNCell", WRAPPER, MULTI, "static", "dynamic", *BIDIRECTIONAL)
    return [k for k in order if k in kinds]


def _construction(program: Program, cell: Cell, seed: str | None, names: dict[str, str]) -> str:
    code = program.module.code_for_node

    def listed(value: cst.BaseExpression) -> str:
        if isinstance(value, cst.Name):
            return value.value  # a list of cells bound to a name (its own statement builds it)
        if isinstance(value, cst.ListComp):
            inner = _class(program, value.elt)
            assert isinstance(value.elt, cst.Call) and inner is not None
            return f"[{one(value.elt, inner, None)} {code(value.for_in).strip()}]"
        if isinstance(value, cst.BinaryOperation):  # ``[cell] * n`` (_repeated)
            return (
                f"{listed(value.left)} * {code(value.right)}"
                if isinstance(value.left, cst.List)
                else (f"{code(value.left)} * {listed(value.right)}")
            )
        assert isinstance(value, (cst.List, cst.Tuple))
        items = []
        for element in value.elements:
            item = element.value
            kind_of = _class(program, item)
            items.append(one(item, kind_of, None) if isinstance(item, cst.Call) and kind_of else code(item))
        return f"[{', '.join(items)}]"

    def one(call: cst.BaseExpression, kind: str, seeded: str | None) -> str:
        if kind == LIST:
            return listed(call)
        assert isinstance(call, cst.Call)
        if kind == MULTI:
            extra = f", {seeded}" if seeded else ""
            return f"{names[MULTI]}({listed(call.args[0].value)}{extra})"
        if kind == WRAPPER:
            inner = call.args[0].value
            inner_kind = _class(program, inner)
            wrapped = one(inner, inner_kind, None) if inner_kind is not None else code(inner)
            keeps = [
                f"{a.keyword.value}={_keep(program, a.value)}"
                for a in call.args[1:]
                if a.keyword and a.keyword.value in KEEP
            ]
            return f"{names[WRAPPER]}({', '.join([wrapped, *keeps, *([seeded] if seeded else [])])})"
        args = []
        for keyword, arg in _keywords(call, kind):
            if keyword in ("num_units", *CELLS[kind][4]) and _literal(arg.value) != "None":
                positional = arg.keyword is None and keyword == "num_units"
                args.append(code(arg.value) if positional else f"{keyword}={code(arg.value)}")
        if seeded:
            args.append(seeded)
        if CELLS[kind][1] != CELLS[CELLS[kind][0]][1]:
            args.append(f"name={CELLS[kind][1]!r}")
        return f"{names[CELLS[kind][0]]}({', '.join(args)})"

    return one(cell.call, cell.kinds[0], seed)


def _keep(program: Program, value: cst.BaseExpression) -> str:
    """A literal keep probability as written; a fed one as its placeholder's name (through a name bound to it,
    placeholder_aliases.py), a string the run's ``feed`` resolves to the value fed."""
    if isinstance(value, cst.Name) and value.value in program.nodes:
        fed = placeholder_aliases.aliased(program, program.nodes[value.value])
        return f'"{fed.name if fed is not None else value.value}"'
    return program.module.code_for_node(value)


def replacement(program: Program, original: cst.Call, updated: cst.Call) -> str:
    """``tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)`` -> ``dynamic_rnn(cell, x)`` (``updated`` has its inputs
    rewritten)."""
    run = runs(program)[original]
    code = program.module.code_for_node
    names = program.rnn_names
    positional = [a for a in updated.args if a.keyword is None]
    keywords = {a.keyword.value: a.value for a in updated.args if a.keyword is not None}
    count = len(run.cells)
    inputs = positional[count].value if len(positional) > count else keywords["inputs"]
    args = []
    for cell in run.cells:
        fed = ", ".join(f'"{name}": {name}' for name in cell.fed)
        args.append(f"{cell.name}.feed({{{fed}}})" if fed else cell.name)
    args.append(code(inputs))
    for keyword in ("initial_state", "initial_state_fw", "initial_state_bw", "sequence_length"):
        if keyword in keywords:
            args.append(f"{keyword}={code(keywords[keyword])}")
    return f"{names[run.kind]}({', '.join(args)})"


# --------------------------------------------------------------------------------------- cells built in a helper
def hoist(module: cst.Module, resolve, line_of):
    """``def RNN(x, weights, biases): ... lstm_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0) ...`` called
    once: TF1 built the cell (and its variables) at that one call, so the eager program builds the cell once, at
    module level just before the function, and the function runs it on every call. Only a cell whose arguments are
    literals or names bound once before the function (directly or through a parameter the one call passes so) moves;
    the module, and resolve/line_of reading moved nodes as the originals."""
    from tfmigrate.transforms.session.analysis import Bindings
    from tfmigrate.transforms.session.loops import Origins

    module, resolve, line_of = rnn_gather.gather(module, resolve, line_of)
    module, resolve, line_of = rnn_inline.bind(module, resolve, line_of)
    bindings = Bindings(module)
    body = list(module.body)
    origin = Origins()
    changed = False
    index = 0
    while index < len(body):
        definition = body[index]
        moved = (
            _movable(module, body, index, resolve, bindings, origin) if isinstance(definition, cst.FunctionDef) else []
        )
        if not moved:
            index += 1
            continue
        assert isinstance(definition, cst.FunctionDef)
        kept = [s for s in definition.body.body if all(s is not m for m, _ in moved)]
        new_body = definition.body.with_changes(body=kept)
        new_definition = definition.with_changes(body=new_body)
        origin.add(new_body, definition.body)
        origin.add(new_definition, definition)
        statements = []
        for statement, value in moved:
            small = statement.body[0]
            assert isinstance(small, cst.Assign)
            new_small = small.with_changes(value=value)
            new_statement = statement.with_changes(body=[new_small])
            origin.add(new_small, small)
            origin.add(new_statement, statement)
            statements.append(new_statement)
        body[index : index + 1] = [*statements, new_definition]
        index += len(statements) + 1
        changed = True
    if not changed:
        return module, resolve, line_of
    return module.with_changes(body=body), lambda n: resolve(origin.of(n)), lambda n: line_of(origin.of(n))


def _movable(module: cst.Module, body: list, index: int, resolve, bindings, origin) -> list:
    """The cell statements of the function at ``body[index]`` that may move before it, with their values (a
    parameter replaced by what the one call passes)."""
    from tfmigrate.transforms.session.analysis import loaded_names

    definition = body[index]
    name = definition.name.value
    statements = definition.body.body if isinstance(definition.body, cst.IndentedBlock) else ()
    cells_found: list[tuple[cst.BaseStatement, cst.Assign, str, cst.Call]] = []
    for statement in statements:
        small = (
            statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        )
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Call)
            and _tf1_cell(resolve, small.value)
        ):
            cells_found.append((statement, small, small.targets[0].target.value, small.value))
    if not cells_found:
        return []
    uses = [n for n in loaded_names(module) if n.value == name and n is not definition.name]
    calls = [
        c for c in _all(module) if isinstance(c, cst.Call) and isinstance(c.func, cst.Name) and c.func.value == name
    ]
    if len(uses) != 1 or len(calls) != 1 or bindings.loose.get(name) is not None:
        return []
    call = calls[0]
    params = definition.params
    if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.kwonly_params or params.star_kwarg:
        return []
    passed: dict[str, cst.BaseExpression] = {}
    names = [p.name.value for p in params.params]
    for position, arg in enumerate(call.args):
        if arg.star:
            return []
        key = arg.keyword.value if arg.keyword is not None else names[position] if position < len(names) else None
        if key is None:
            return []
        passed[key] = arg.value
    assigned = {n.value for s in statements for n in _targets(s)}
    local = set(names) | assigned
    moved = []
    module_names = set()
    for statement, _small, target, value_call in cells_found:
        if target in bindings.sites or sum(1 for n in _targets_all(definition) if n == target) != 1:
            return []
        replacements: dict[cst.Name, cst.BaseExpression] = {}
        arguments = [n for arg in value_call.args for n in loaded_names(arg.value)]
        for loaded in arguments:
            value = loaded.value
            if value in ("True", "False", "None") or resolve(loaded) is not None:
                continue
            if value in names:
                given = passed.get(value) if value not in assigned else None
                if given is None or not isinstance(given, (cst.Integer, cst.Float, cst.Name)):
                    return []
                if isinstance(given, cst.Name):
                    module_names.add(given.value)
                replacements[loaded] = given
            elif value in local:
                return []
            else:
                module_names.add(value)
        for value in module_names:
            sites = bindings.straight.get(value, [])
            if len(sites) != 1 or value in bindings.loose or not any(s is sites[0] for s in body[:index]):
                return []
        moved.append(
            (statement, value_call.visit(Replace(replacements, origin, made=False)) if replacements else value_call)
        )
    return moved


def _tf1_cell(resolve, call: cst.Call) -> bool:
    path = (resolve(call.func) or "").removeprefix("compat.v1.")
    return any(path.startswith(prefix) and path[len(prefix) :] in (*CELLS, MULTI, WRAPPER) for prefix in PREFIXES[:2])


def _all(node: cst.CSTNode):
    from tfmigrate.transforms.session.analysis import descendants

    return descendants(node)


def _targets(statement: cst.CSTNode) -> list[cst.Name]:
    found: list[cst.Name] = []
    for node in _all(statement):
        if isinstance(node, cst.AssignTarget):
            found += [n for n in _all(node.target) if isinstance(n, cst.Name)]
        elif isinstance(node, (cst.AugAssign, cst.For, cst.AnnAssign)):
            found += [n for n in _all(node.target) if isinstance(n, cst.Name)]
    return found


def _targets_all(definition: cst.FunctionDef) -> list[str]:
    return [n.value for n in _targets(definition.body)]


def in_helper(program: Program, call: cst.Call) -> bool:
    """A run or zero state of a module-level cell inside a graph helper (its cell moved there by ``hoist``): the
    helper runs it on every call, as the tensor it returns is computed; the run is modelled here."""
    if _zero_state(program, call):
        return True
    kind = _run(program, call)
    if kind is None:
        return False
    if call not in runs(program):
        run = _model_run(program, call, kind)
        if any(cell.fed for cell in run.cells):
            raise program.deny(
                "an RNN run in a graph helper of a cell whose DropoutWrapper is given a fed keep probability (the "
                "helper is not passed the fed value)",
                call,
            )
        run.helper = True
        runs(program)[call] = run
    return True


def cell(program: Program, name: str) -> bool:
    """A module-level name bound to a modelled RNN cell."""
    return name in cells(program)
