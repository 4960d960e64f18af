"""Graph seeds in the eager rewrite: the same random numbers as the TF1 Session, or the line that prevents it.

Under ``tf.set_random_seed(g)`` TF1 gives each random op created without a seed the op seed ``k`` of a per-graph
counter (0, 1, 2, ... in creation order; ``random_seed.get_seed`` in TF 2.21), so its kernel draws from the
stream ``(g, k)``. Eager TF2 draws from the same stream when the op is given ``seed=k`` after
``tf.random.set_seed(g)``, and eager execution reuses one kernel per op and attributes, so every call of a
rewritten op continues that stream as the graph op did across ``sess.run`` calls, whatever the batch shape. A
``tf.function`` would keep a stream of its own (restarted by each retrace), so a train step that draws runs eagerly,
unless its draws are dropouts that dropout_streams.py draws from a Generator on TF1's stream; a step that draws
nothing is traced, and the draws made outside it run eagerly on TF1's streams.
Every claim here was checked against TF 2.21: each call below makes one ``get_seed`` call per creation and draws
the baseline's numbers with its explicit seed.

Two ops given the same op seed each start the stream ``(g, k)`` in TF1 (``w1 = tf.Variable(tf.random_normal([2, 3],
seed=1))`` and ``w2 = tf.Variable(tf.random_normal([3, 1], seed=1))``: w2 holds w1's first numbers), where eager TF2
reuses one kernel for both and the second continues the first's stream. When each of them is drawn once, as a
module-level variable's initial value is, the later ones run as a one-off ``tf.function``: its graph seeds the op as
TF1 did and holds a kernel of its own, so the stream starts afresh (checked against TF 2.21, with and without a
graph seed). Drawn more than once (a tensor fetched again, a train step), a shared seed keeps the graph tier.

What cannot be listed in creation order (a draw in a comprehension, a branch, an initializer object shared by
several variables), a call not checked, or two ops sharing one seed where one is drawn again keeps the graph tier
with the line and the reason.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

import libcst as cst

from tfmigrate.cstfields import children
from tfmigrate.transforms._checkpoint import INITIALIZERS, argument
from tfmigrate.transforms.session import (
    builders,
    draws,
    dropout_streams,
    factories,
    helpers,
    host_numpy,
    layers,
    read_once,
    reset_seeds,
    rnn,
    variables,
)
from tfmigrate.transforms.session.analysis import (
    Blocked,
    Node,
    Program,
    Resolve,
    descendants,
    is_random,
    loaded_names,
    module_value,
)

# Random ops whose creation makes one get_seed call: the position of their ``seed`` parameter.
OPS = {
    "random_normal": 4,
    "random_uniform": 4,
    "truncated_normal": 4,
    "random.normal": 4,
    "random.uniform": 4,
    "random.truncated_normal": 4,
    "random_shuffle": 1,
    "random.shuffle": 1,
    "multinomial": 2,
    "random.multinomial": 2,
    "random.categorical": 3,
    "nn.dropout": 3,
}
# tf.compat.v1 initializers that draw once per variable tf.get_variable builds with them: the seed's position.
DRAWING_INITIALIZERS = {
    "glorot_uniform_initializer": 0,
    "glorot_normal_initializer": 0,
    "variance_scaling_initializer": 3,
    "random_normal_initializer": 2,
    "truncated_normal_initializer": 2,
    "random_uniform_initializer": 2,
    # contrib's xavier_initializer(uniform=True) draws random_uniform(shape, -sqrt(6 / (fan_in + fan_out)), ...) with
    # its seed, glorot_uniform_initializer's op and bounds (TF 1.15 source; the same numbers on the TF 2.21 baseline,
    # tests/test_xavier_seeds.py): TFM104 writes the latter. uniform=False draws another spread (uniform_draw()).
    "contrib.layers.xavier_initializer": 1,
    "contrib.layers.xavier_initializer_conv2d": 1,
}
FIXED_INITIALIZERS = frozenset(
    {
        "zeros_initializer",
        "ones_initializer",
        "constant_initializer",
        "identity_initializer",
        "initializers.zeros",  # TF1's tf.initializers aliases of the same classes
        "initializers.ones",
        "initializers.constant",
        "initializers.identity",
    }
)
# tf.get_variable given a value rather than an initializer object takes it as the initial value and draws nothing
# itself (TF 2.21's _get_single_variable); random ops inside the value are creations counted on their own.
TENSOR_VALUES = frozenset(
    {
        "zeros",
        "ones",
        "constant",
        "fill",
        "linspace",
        "lin_space",
        "range",
        "eye",
        "zeros_like",
        "ones_like",
        "convert_to_tensor",
        "cast",
        "reshape",
        "stack",
        "concat",
    }
)
ARRAY_METHODS = frozenset({"reshape", "astype", "copy", "transpose", "flatten", "ravel"})
GET_VARIABLE = "get_variable"
SEED_CALLS = ("set_random_seed", "random.set_random_seed")
# What the rewrite gives a random op: an argument's code (``seed=3``) or a dropout's Generator.
SeedEdit = str | dropout_streams.Stream
# Where a call may run any number of times (or not at all) per evaluation of its statement.
UNORDERED = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda, cst.IfExp, cst.BooleanOperation)


def _draws_at_all(path: str) -> bool:
    """A TensorFlow call that may draw random numbers (checked or not)."""
    if not path or path in INITIALIZERS or path.endswith(("set_random_seed", "set_seed", "_variables_initializer")):
        return False
    if path == GET_VARIABLE:
        return True
    if path.endswith("_initializer") or path.startswith(("initializers.", "keras.initializers.", "contrib.layers.")):
        return path not in FIXED_INITIALIZERS and path.rsplit(".", 1)[-1] not in FIXED_INITIALIZERS
    return is_random(path)


def seed_argument(call: cst.Call, position: int) -> cst.Arg | None:
    return argument(call, position, "seed")


class Seeds:
    """Lists the graph's random-op creations in order and plans ``seed=k`` for each; raises Blocked."""

    def __init__(self, program: Program, tf: str) -> None:
        self.program = program
        self.tf = tf
        self.edits: dict[cst.Call, str] = {}  # call -> the argument code that seeds it
        self.op_seeds: dict[cst.Call, int] = {}  # random op -> the op seed it takes itself (given or in ``edits``)
        self.counter = 0
        self.used: dict[int, cst.Call] = {}  # op seed -> the call that draws with it
        self.uncounted: cst.BaseExpression | None = None  # a MultiRNNCell of cells not counted here: seeds after it
        self.fresh: set[cst.Call] = set()  # draws that start their op seed's stream again: a one-off tf.function
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.initial_draws = _initial_value_draws(program)

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return self.program.deny(construct, node)

    def run(self) -> dict[cst.Call, str]:
        program = self.program
        graph_seed = self.graph_seed()
        statements = {node.statement for versions in program.versions.values() for node in versions}
        for current in descendants(program.module):
            for child in children(current):
                self.parents[child] = current
        seeded = False
        # An initializer object bound to a name draws where the get_variable given it is built: seeded there.
        named = {n.value for n in program.nodes.values() if n.kind == variables.KIND}
        # Drawn where each call of their helper is (layer_site, factories.site).
        later = builders.creation_draws(program) | factories.draws(program)
        once = _called_once(program, statements)  # graph helpers called once: their ops are created at the call
        inside = {n for definition in once.values() for n in descendants(definition.body)}
        for call in _post_order(program.module, once):
            if call in inside and not isinstance(call, _Created):
                continue
            call = call.node if isinstance(call, _Created) else call
            if not isinstance(call, cst.Call) or call in later:
                continue
            if call is graph_seed:
                seeded = True
                continue
            if call in program.consumed:  # a one-shot iterator: TF1 took the next op seed for its dataset
                self.counted(call)
                self.counter += 1 if seeded else 0
                continue
            if call in rnn.runs(program):
                rnn.seed(self, call, seeded, graph_seed, once)
                continue
            self.layer_site(call, seeded, graph_seed)
            factories.site(self, call, seeded, graph_seed)
            path = program.tf1_path(call.func)
            if call in program.layers:
                path = "layers." + program.layers[call].base
            elif not _draws_at_all(path) or self.initializer_of_get_variable(call) or call in named:
                continue
            function = self.function_of(call)
            # A body runs where it is called, not where its ``def`` stands: a function called more than once, defined
            # before ``tf.set_random_seed``, draws under the graph seed when called after it (the seed in ``__main__``).
            seeded_later = function is not None and function not in once.values() and graph_seed is not None
            try:
                draw = self.target(call, path)
            except Blocked:
                if seeded or seeded_later or argument(call, None, "seed") is not None:
                    raise
                continue  # no graph seed: TF1 draws other numbers on every run too
            if draw is None:
                continue
            target, given, template = draw
            if given is None and not seeded and not seeded_later:
                continue  # no graph seed (yet): TF1 draws other numbers on every run too
            if graph_seed is not None and not seeded and not seeded_later:
                raise self.deny(
                    f"random op tf.{path} is seeded before tf.set_random_seed (TF1 seeds it without the graph seed, "
                    "eager TF2 with it when it runs)",
                    call,
                )
            if function is not None and function in once.values():
                self.ordered(call, path)
                self.seed(target, given, call, template)
                continue
            if function is not None:
                raise self.deny(
                    f"seeded random op tf.{path} inside function `{function.name.value}`: TF1 gave the op each call "
                    "builds an op seed of its own, eager TF2 would draw every call from one",
                    call,
                )
            if self.statement_of(call) not in statements:
                raise self.deny(f"seeded random op tf.{path} outside the module-level graph definitions", call)
            self.ordered(call, path)
            self.seed(target, given, call, template)
        return self.edits

    def layer_site(self, call: cst.Call, seeded: bool, graph_seed: cst.Call | None) -> None:
        """A call of a helper that builds variables draws their initial values there, in the helper's order: each
        draw gets its op seed as an argument of the creation function (builders.py)."""
        found = builders.draws(self.program, call)
        if found is None:
            return
        helper, draws = found
        assert helper.split is not None
        site = helper.split.sites[call]
        for draw in draws:
            path = self.program.tf1_path(draw.func)
            if path not in OPS:
                raise self.deny(f"seeded random op tf.{path}: its seed in eager TF2 is not checked", draw)
            given = seed_argument(draw, OPS[path])
            if given is None and not seeded:
                continue
            if graph_seed is not None and not seeded:
                raise self.deny(
                    f"random op tf.{path} is seeded before tf.set_random_seed (TF1 seeds it without the graph seed, "
                    "eager TF2 with it when it runs)",
                    call,
                )
            self.seed(draw, given, call, "seed={}")
            if self.edits.pop(draw, None) is not None:  # the helper's creation function takes it as a parameter
                site.seeds[helper.split.seed_params[draw][0]] = str(self.op_seeds.pop(draw))

    def graph_seed(self) -> cst.Call | None:
        program = self.program
        calls = [
            c for c in descendants(program.module) if isinstance(c, cst.Call) and program.tf1_path(c.func) in SEED_CALLS
        ]
        if not calls:
            return None
        if len(calls) > 1 or calls[0] not in program.seeds:
            where = calls[1] if len(calls) > 1 else calls[0]
            raise self.deny("tf.set_random_seed called more than once or inside a block", where)
        return calls[0]

    def statement_of(self, node: cst.CSTNode | None) -> cst.CSTNode | None:
        while node is not None and not isinstance(node, cst.SimpleStatementLine):
            node = self.parents.get(node)
        return node

    def function_of(self, node: cst.CSTNode | None) -> cst.FunctionDef | None:
        while node is not None and not isinstance(node, cst.FunctionDef):
            node = self.parents.get(node)
        return node

    def ordered(self, call: cst.Call, path: str) -> None:
        node = self.parents.get(call)
        while node is not None and not isinstance(node, cst.SimpleStatementLine):
            if isinstance(node, UNORDERED):
                raise self.deny(f"seeded random op tf.{path} inside a `{type(node).__name__}`", call)
            node = self.parents.get(node)

    def initializer_of_get_variable(self, call: cst.Call) -> bool:
        """An initializer constructed as get_variable's ``initializer=``: get_variable draws, seeded there."""
        arg = self.parents.get(call)
        owner = self.parents.get(arg) if isinstance(arg, cst.Arg) else None
        return (
            isinstance(owner, cst.Call)
            and self.program.tf1_path(owner.func) == GET_VARIABLE
            and argument(owner, 3, "initializer") is arg
        )

    def target(self, call: cst.Call, path: str) -> tuple[cst.Call, cst.Arg | None, str] | None:
        """Where the seed of one get_seed call goes (None: the call draws nothing): the call that takes it, the
        seed already given, the argument that gives it."""
        tf = self.tf
        if call in self.program.layers:
            return layers.seed_target(self.program, call, tf)
        if path in OPS:
            return call, seed_argument(call, OPS[path]), "seed={}"
        if path != GET_VARIABLE:
            raise self.deny(f"seeded random op tf.{path}: its seed in eager TF2 is not checked", call)
        initializer = argument(call, 3, "initializer")
        if initializer is None:
            dtype = argument(call, 2, "dtype")
            if dtype is not None and self.program.module.code_for_node(dtype.value) not in (
                f"{tf}.float32",
                f"{tf}.float64",
            ):
                raise self.deny("tf.get_variable's default initializer for this dtype is not checked", call)
            return call, None, f"initializer={tf}.compat.v1.glorot_uniform_initializer(seed={{}})"
        value = initializer.value
        named = variables.initializer_node(self.program, value)
        if named is not None:  # ``init = tf.random_normal_initializer(); tf.get_variable(..., initializer=init)``
            if variables.uses(self.program, named) != 1:
                raise self.deny(
                    f"the initializer object `{named.name}` is shared by several variables (TF1 gave each its own op "
                    "seed, an eager object draws from one)",
                    value,
                )
            value = named.value
        inner = self.program.tf1_path(value.func) if isinstance(value, cst.Call) else ""
        if inner in FIXED_INITIALIZERS or inner in OPS or self.given_value(value):
            return None  # draws nothing itself, or an op counted on its own
        if not isinstance(value, cst.Call) or inner not in DRAWING_INITIALIZERS or not uniform_draw(value, inner):
            raise self.deny("tf.get_variable's initializer is not one whose seed tfmigrate checked", value)
        return value, seed_argument(value, DRAWING_INITIALIZERS[inner]), "seed={}"

    def given_value(self, value: cst.BaseExpression) -> bool:
        """``initializer=tf.zeros([784, 10])``, ``np.ones(...)``, a fixed initializer's class, a named constant:
        an initial value (or an initializer that draws nothing), so get_variable makes no get_seed call."""
        program = self.program
        if isinstance(value, (cst.Integer, cst.Float)):
            return True
        if isinstance(value, cst.UnaryOperation):
            return self.given_value(value.expression)
        if isinstance(value, cst.BinaryOperation):
            return self.given_value(value.left) and self.given_value(value.right)
        if isinstance(value, cst.Name):
            node = program.nodes.get(value.value)
            if node is not None:
                return node.kind in ("const", "tensor", "variable")
            bound = module_value(program, value.value)  # ``init_w = np.linspace(...)``: a host array
            return bound is not None and _host_array(program, bound)
        if isinstance(value, cst.Attribute):  # ``initializer=tf.zeros_initializer``: TF1 instantiates the class
            return program.tf1_path(value) in FIXED_INITIALIZERS
        if isinstance(value, cst.Call):
            return program.tf1_path(value.func) in TENSOR_VALUES or _host_array(program, value)
        return False

    def counted(self, site: cst.CSTNode) -> None:
        """The graph's next op seed is known here: no MultiRNNCell of an uncounted number of cells came before."""
        if self.uncounted is not None:
            line = self.program.line_of(self.uncounted)
            raise self.deny(
                f"a random op after a seeded MultiRNNCell whose number of cells is not a literal (line {line}): "
                "its op seed is not known",
                site,
            )

    def seed(self, target: cst.Call, given: cst.Arg | None, site: cst.Call, template: str) -> None:
        if given is not None:
            if not isinstance(given.value, cst.Integer):
                raise self.deny("a random op's seed is not a literal integer", given)
            op_seed = int(given.value.value, 0)
        else:
            self.counted(site)
            op_seed = self.counter
            self.counter += 1
            self.edits[target] = template.format(op_seed)
        self.op_seeds[target] = op_seed
        earlier = self.used.get(op_seed)
        if earlier is not None and {earlier, site} <= self.initial_draws and target is site:
            self.fresh.add(site)  # drawn once: its own kernel gives it TF1's stream from the start
            return
        if earlier is not None:
            raise self.deny(
                f"two random ops draw with op seed {op_seed} (this one and line {self.program.line_of(earlier)}): "
                "eager TF2 would give them one stream",
                site,
            )
        self.used[op_seed] = site


def _host_array(program: Program, value: cst.BaseExpression) -> bool:
    """A deterministic numpy call, or one with array methods chained on it (``np.linspace(...).reshape(4, 2)``)."""
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    if isinstance(func, cst.Attribute) and func.attr.value in ARRAY_METHODS and isinstance(func.value, cst.Call):
        plain = all(isinstance(a.value, (cst.Integer, cst.Attribute, cst.UnaryOperation)) for a in value.args)
        return plain and not program._reads(value) and _host_array(program, func.value)
    return host_numpy.is_host_numpy(program, value)


def _initial_value_draws(program: Program) -> set[cst.CSTNode]:
    """Random-op calls evaluated exactly once: inside a module-level variable's initial value (TF1 ran the
    initializer once; running it again with a drawn initial value keeps the graph tier, proof.py)."""
    found: set[cst.CSTNode] = set()
    for versions in program.versions.values():
        for node in versions:
            if node.kind == "variable" and not node.container:
                found.update(
                    c
                    for c in descendants(node.value)
                    if isinstance(c, cst.Call) and is_random(program.tf1_path(c.func))
                )
    return found


def single_draws(program: Program) -> None:
    """Each call of a random tensor's function draws again: one evaluation must call it once, as TF1 ran it once."""
    memo: dict[int, dict[str, int]] = {}
    for node in program.nodes.values():
        if node.kind not in ("tensor", "train"):
            continue
        evaluated = node.resolved.get(node.loss) if node.kind == "train" else node
        if evaluated is None:
            continue
        for name, count in _calls(program, evaluated, memo).items():
            if count > 1:
                raise Blocked(
                    f"`{node.name}` evaluates the random tensor `{name}` {count} times, where TF1 draws once",
                    node.line,
                )


def _calls(
    program: Program, node: Node, memo: dict[int, dict[str, int]], streamed: Collection[cst.Call] = ()
) -> dict[str, int]:
    """How many times evaluating ``node``'s function calls each drawing tensor function (itself included); a
    dropout drawn from a Generator (``streamed``) is not a draw of its own kernel."""
    if id(node) in memo:
        return memo[id(node)]
    counts: dict[str, int] = {}
    if any(
        isinstance(c, cst.Call)
        and c not in streamed
        and (_draws_at_all(program.tf1_path(c.func)) or getattr(helpers.helper_of(program, c), "random", False))
        for c in descendants(node.value)
    ):
        counts[node.func] = 1
    once, seen = read_once.names(program, node, node.value), set()  # bound once in the function (read_once.py)
    for name in loaded_names(node.value):
        read = node.resolved.get(name.value)
        if name.value in once and name.value in seen:
            continue
        seen.add(name.value)
        if read is not None and read.kind in ("tensor", "gradients") and program.shared.get(read.name) is not read:
            # a shared tensor is a parameter, drawn apart
            for inner, count in _calls(program, read, memo, streamed).items():
                counts[inner] = counts.get(inner, 0) + count
    memo[id(node)] = counts
    return counts


def plan_seeds(
    program: Program, looped: set[str], tf: str
) -> tuple[dict[cst.Call, SeedEdit], set[cst.Call], dict[cst.CSTNode, list[str]]]:
    """The seed edits of a proven program, the draws that run as a one-off ``tf.function``, and the statements
    made after ``tf.set_random_seed`` (its call, the Generators of dropout_streams.py). A train step that draws
    under a graph seed leaves ``looped`` (it runs eagerly, sharing its ops' kernels, and so their streams, with every
    other evaluation of them), unless each of its draws is a dropout drawn from a Generator on TF1's stream. A step
    that draws nothing stays traced whatever the rest of the program draws: every draw then runs eagerly, on the
    kernel, and so the stream, that TF1's op had."""
    seeds = Seeds(program, tf)
    edits: dict[cst.Call, SeedEdit] = dict(seeds.run())
    if not seeds.used:
        return edits, seeds.fresh, {}
    single_draws(program)
    drawn = run_time_draws(seeds)
    streamed, statements = dropout_streams.streams(seeds, drawn)
    for name in list(looped):
        node = program.nodes.get(name)
        loss = node.resolved.get(node.loss) if node is not None else None
        if loss is None:
            if drawn:
                looped.discard(name)  # a joint step: its losses' draws are not followed
        elif _calls(program, loss, {}, streamed) or (drawn and not streamed and _draws_in_step(program, loss)):
            looped.discard(name)  # a step whose draws are not all shown to be Generators'
    edits.update(streamed)
    return edits, seeds.fresh, statements


def _draws_in_step(program: Program, loss: Node) -> bool:
    """The step computing ``loss`` (for an ``apply_gradients`` step, its gradients) may evaluate a random op: a
    value it depends on that the semantic model marks random (an op's, a helper's, a layer's or an RNN cell's
    dropout, a queue's value) and draws itself rather than being drawn at the run site and passed in
    (shared_draws.py), or one computed after control dependencies (whose calls are not followed here). Wider than
    ``_calls``, which lists the draws to count: a step shown to draw nothing here holds no random op in its graph."""
    return any(
        (node.random and draws.draws_own(program, node)) or node.deps for node in (loss, *loss.upstream.values())
    )


def run_time_draws(seeds: Seeds) -> list[cst.Call]:
    """The seeded random ops drawn while the graph runs (a ``tf.nn.dropout``), not once for an initial value.

    TF1 had one op, whose stream every ``sess.run`` that evaluated it advanced: the training runs and the evaluation
    runs interleaved with them (``keep_prob`` fed 1.0 still draws its mask). Eager TF2 shares one kernel, so one
    stream, per op between every eager call; a train step traced as a ``tf.function`` keeps a stream of its own, and
    after the first evaluation its masks would differ from TF1's. So, in a program with such a draw, a step runs
    eagerly where it may evaluate one (``_calls`` or ``_draws_in_step``; a joint step always): an eager step costs
    time, a traced one may print other numbers. Where every such draw is a dropout that dropout_streams.py draws
    from a Generator on TF1's stream, the steps stay traced."""
    program = seeds.program
    found = []
    for call in descendants(program.module):
        if not isinstance(call, cst.Call) or program.tf1_path(call.func) not in OPS or call in seeds.initial_draws:
            continue
        if not _initial_value(seeds, call, depth=2):
            found.append(call)
    return found


def _initial_value(seeds: Seeds, node: cst.CSTNode, depth: int) -> bool:
    """``node``'s value only becomes a variable's initial value, drawn once: it is inside a ``tf.Variable(...)`` or
    ``tf.get_variable(...)`` call, or bound to a name only read there (``initial = tf.truncated_normal(shape)``,
    ``return tf.Variable(initial)``), or returned by a helper only called there (``tf.Variable(xavier_init(...))``)."""
    parent = seeds.parents.get(node)
    while parent is not None and not isinstance(parent, (cst.SimpleStatementLine, cst.FunctionDef)):
        if isinstance(parent, cst.Call) and seeds.program.tf1_path(parent.func) in ("Variable", GET_VARIABLE):
            return True
        if isinstance(parent, (cst.Assign, cst.Return)):
            break
        parent = seeds.parents.get(parent)
    if depth == 0:
        return False
    scope = seeds.function_of(node)
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
        name = parent.targets[0].target
        reads = [
            n
            for n in descendants(scope.body if scope is not None else seeds.program.module)
            if isinstance(n, cst.Name) and n.value == name.value and n is not name and seeds.function_of(n) is scope
        ]
        return bool(reads) and all(_initial_value(seeds, n, depth - 1) for n in reads)
    if isinstance(parent, cst.Return) and scope is not None:
        calls = [
            c
            for c in descendants(seeds.program.module)
            if isinstance(c, cst.Call) and isinstance(c.func, cst.Name) and c.func.value == scope.name.value
        ]
        return bool(calls) and all(_initial_value(seeds, c, depth - 1) for c in calls)
    return False


def fresh_stream(call: cst.BaseExpression, tf: str) -> cst.Call:
    """``tf.function(lambda: call)()``: the op in a graph of its own, seeded as TF1 seeded it, drawn once."""
    wrapper = cst.parse_expression(f"{tf}.function(lambda: None)()")
    assert isinstance(wrapper, cst.Call) and isinstance(wrapper.func, cst.Call)
    lambda_ = cast(cst.Lambda, wrapper.func.args[0].value)
    inner = wrapper.func.with_changes(args=[wrapper.func.args[0].with_changes(value=lambda_.with_changes(body=call))])
    return wrapper.with_changes(func=inner)


class _Created:
    """A node of a helper's body, met where the helper's one call creates its ops."""

    def __init__(self, node: cst.CSTNode) -> None:
        self.node = node


def _called_once(program: Program, statements: set) -> dict[cst.Call, cst.FunctionDef]:
    """Graph helpers (straight-line bodies) called exactly once, in a module-level graph definition: TF1 created
    their ops there, so their draws take the op seeds of that point (the helper's one call site -> its definition)."""
    calls: dict[str, list[cst.Call]] = {}
    for node in descendants(program.module):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in program.helpers:
            calls.setdefault(node.func.value, []).append(node)
    found: dict[cst.Call, cst.FunctionDef] = {}
    for name, sites in calls.items():
        helper = program.helpers[name]
        if helper.kind != "graph" or helper.split is not None or helper.helpers or len(sites) != 1:
            continue
        if sites[0] not in program.helper_calls:
            continue
        value = next((n.value for n in _nodes(program) if sites[0] in set(descendants(n.value))), None)
        if value is not None and any(n.statement in statements for n in _nodes(program) if n.value is value):
            found[sites[0]] = helper.definition
    return found


def _nodes(program: Program):
    return [node for versions in program.versions.values() for node in versions]


def _post_order(node: cst.CSTNode, once: dict[cst.Call, cst.FunctionDef] | None = None):
    """Nodes in evaluation order: arguments before the call that receives them, statements in order; the body of a
    helper called once (``once``) just before its call, each of its nodes wrapped in ``_Created``."""
    stack: list[tuple[cst.CSTNode, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if expanded:
            definition = (once or {}).get(current) if isinstance(current, cst.Call) else None
            if definition is not None:
                yield from (_Created(inner) for inner in _post_order(definition.body))
            yield current
            continue
        stack.append((current, True))
        stack.extend((child, False) for child in reversed(children(current)))


def uniform_draw(call: cst.Call, path: str) -> bool:
    """Not a contrib xavier_initializer given ``uniform=`` other than ``True`` (its truncated normal's spread,
    sqrt(1.3 / n), is not glorot_normal_initializer's, and TFM104's respelling of it was not checked bit for bit)."""
    if not path.startswith("contrib.layers.xavier"):
        return True
    uniform = argument(call, 0, "uniform")
    return uniform is None or (isinstance(uniform.value, cst.Name) and uniform.value.value == "True")


def with_argument(call: cst.Call, code: SeedEdit) -> cst.Call:
    """``call`` with one more keyword argument (``seed=3``), after the last one; a dropout given its Generator is
    written as ``general_dropout`` drawing from it (dropout_streams.py)."""
    if isinstance(code, dropout_streams.Stream):  # the dropout drawn from its Generator
        return dropout_streams.sampled(call, code)
    keyword, value = code.split("=", 1)
    arg = cst.Arg(
        keyword=cst.Name(keyword),
        value=cst.parse_expression(value),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )
    args = list(call.args)
    if args:
        if isinstance(args[-1].comma, cst.Comma):  # a trailing comma stays trailing
            arg = arg.with_changes(comma=args[-1].comma)
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return call.with_changes(args=[*args, arg])


def restarted_op_seed(module: cst.Module, resolve: Resolve) -> cst.Call | None:
    """The first TensorFlow call given an op ``seed=`` in a module that sets no graph seed (tf.set_random_seed):
    TF1 restarts that op seed's stream in each new graph, while eager draws with it carry on, so code built into
    several graphs draws other numbers eagerly."""
    if any(
        isinstance(n, cst.Call) and reset_seeds.path(resolve, n).endswith(reset_seeds.SEEDS)
        for n in descendants(module)
    ):
        return None
    for node in descendants(module):
        if isinstance(node, cst.Call) and resolve(node.func) is not None and argument(node, None, "seed") is not None:
            return node
    return None
