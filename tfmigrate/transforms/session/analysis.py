"""The session program model: what each module-level name of a TF1 program is in its graph.

A tutorial-shaped TF1 program builds a graph at module level (variables, placeholders, tensors computed from
them, an optimizer's training op, assign ops) and then runs it through one Session. ``Program`` records each
such name as a ``Node`` with the names it reads; anything the model does not know raises ``Blocked`` with the
line and construct, and the program keeps the graph tier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import libcst as cst

from tfmigrate.cstfields import children, preorder, remember
from tfmigrate.transforms._checkpoint import (
    DATA_HELPERS,
    INITIALIZERS,
    SAFE_MODULES,
    SESSIONS,
    argument,
    eager_safe,
)
from tfmigrate.transforms._tf1 import constant_call_may_fill, dotted
from tfmigrate.transforms.contrib.names import named

if TYPE_CHECKING:
    from tfmigrate.transforms.session.draws import Counts
    from tfmigrate.transforms.session.graph_repr import NameModel
    from tfmigrate.transforms.session.helpers import Helper
    from tfmigrate.transforms.session.layer_scopes import ModuleScopes
    from tfmigrate.transforms.session.rnn import Cell, Run

PLACEHOLDER = "placeholder"
VARIABLE = "Variable"
VARIABLES = frozenset({VARIABLE, "get_variable"})
OPTIMIZERS = {
    "train.GradientDescentOptimizer": "SGD",
    "train.AdamOptimizer": "Adam",
    "train.MomentumOptimizer": "SGD",
    "train.AdagradOptimizer": "Adagrad",
    "train.RMSPropOptimizer": "RMSprop",
}
# TF1 positional parameters of each optimizer, and the Keras keyword each becomes (None: dropped).
OPTIMIZER_ARGS = {
    "train.GradientDescentOptimizer": ("learning_rate", "use_locking", "name"),
    "train.AdamOptimizer": ("learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"),
    "train.MomentumOptimizer": ("learning_rate", "momentum", "use_locking", "name", "use_nesterov"),
    "train.AdagradOptimizer": ("learning_rate", "initial_accumulator_value", "use_locking", "name"),
    "train.RMSPropOptimizer": ("learning_rate", "decay", "momentum", "epsilon", "use_locking", "centered", "name"),
}
# TF1 optimizers whose Keras namesake updates differently (checked on TF 2.21 against tf.compat.v1).
UNEQUAL = {
    "train.AdadeltaOptimizer": "TF1 Adadelta's epsilon and learning rate defaults differ from Keras'",
    "train.FtrlOptimizer": "Keras Ftrl's update is not checked against TF1's",
    "train.ProximalGradientDescentOptimizer": "Keras has no proximal gradient descent",
    "train.ProximalAdagradOptimizer": "Keras has no proximal Adagrad",
}
KERAS_KEYWORDS = {
    "learning_rate": "learning_rate",
    "beta1": "beta_1",
    "beta2": "beta_2",
    "epsilon": "epsilon",
    "momentum": "momentum",
    "initial_accumulator_value": "initial_accumulator_value",
    "decay": "rho",
    "centered": "centered",
    "use_nesterov": "nesterov",
}
# TF1 defaults that differ from Keras': passed explicitly (the classes of tf1_optimizers.py default to TF1's own),
# so that a reader comparing with Keras sees them.
TF1_DEFAULTS = {
    "Adam": {"epsilon": "1e-08"},
    "Adagrad": {"initial_accumulator_value": "0.1"},
    "RMSprop": {"epsilon": "1e-10"},
}
# The dtype code of a placeholder standing for a tf.data element (datasets.py): fed the tensors ``next()`` gives,
# in the dataset's own dtypes, so read without a cast.
UNCAST = "None"
ASSIGNS = {"assign": "assign", "assign_add": "assign_add", "assign_sub": "assign_sub"}
# Kinds of graph value a name may hold in turn (``a = tf.constant(2)`` ... ``a = tf.placeholder(tf.int16)``).
REBINDABLE = frozenset({"placeholder", "const", "tensor", "variable", "session", "init", "gradients"})
SEEDS = frozenset({"set_random_seed", "random.set_random_seed"})
SCOPES = ("variable_scope", "name_scope")
# An initial value drawn by tf.multinomial (TF2: tf.random.categorical, the same kernel): one draw at creation, in
# TF1 as eagerly; accepted in unseeded programs, where any draw is as good as TF1's.
MULTINOMIAL = "multinomial"
SAVER = "train.Saver"  # modelled by savers.py, like the checkpoint lookups the run phase may make
LOOKUPS = frozenset({"train.get_checkpoint_state", "train.latest_checkpoint", "train.checkpoint_exists"})
RANDOM = ("random", "truncated_normal", "multinomial", "nn.dropout", "dropout")
# tf.nn calls that build an RNN cell's variables when called: computed per call, each call would start new weights.
RNN = (
    "nn.rnn_cell.",
    "nn.static_rnn",
    "nn.dynamic_rnn",
    "nn.bidirectional_dynamic_rnn",
    "nn.static_bidirectional_rnn",
    "nn.static_state_saving_rnn",
    "nn.raw_rnn",
)
# Ops a tensor may be built from beyond _checkpoint.eager_safe (which reads the generated table): those
# tools/gen_eager_ops.py cannot derive.
MORE_OPS = frozenset(
    {
        "losses.sparse_softmax_cross_entropy",  # integer labels: the generator's samples cannot call it
        # tf.random.categorical's kernel (tf.random.multinomial passes as "random."); seeds.py gives it TF1's op seed
        "multinomial",
        "random_shuffle",  # seeded: seeds.py gives it the op seed TF1's graph did (checked on TF 2.21)
    }
)


class Blocked(Exception):
    """Why a program keeps the graph tier: the construct and the line that shows it."""

    def __init__(self, construct: str, line: int, renamed_away: bool = False) -> None:
        super().__init__(construct)
        self.construct = construct
        self.line = line
        self.renamed_away = renamed_away  # a renaming before the proof removes the construct (loop_rebinds.py)


@dataclass
class Node:
    """A module-level name bound once to part of the graph."""

    name: str
    kind: str  # placeholder, variable, const, tensor, optimizer, train, assign, session, init
    statement: cst.SimpleStatementLine
    value: cst.BaseExpression
    line: int
    reads: list[str] = field(default_factory=list)  # graph names the value reads directly
    params: list[str] = field(default_factory=list)  # placeholders it needs, in definition order
    variables: set[str] = field(default_factory=set)  # variables it reads, directly or not
    ancestors: set[str] = field(default_factory=set)  # every graph name it depends on
    random: bool = False
    dtype: str = ""  # placeholders: the dtype code
    optimizer: str = ""  # train: the optimizer node's name ("" = built inline)
    keras: str = ""  # optimizer: the Keras class
    keras_args: list[tuple[str, str]] = field(default_factory=list)
    loss: str = ""  # train: the minimized tensor; assign: the variable
    method: str = ""  # assign: assign / assign_add / assign_sub; train: optional global_step name
    var_list: str = ""  # train: the var_list code, when given
    inline: cst.Call | None = None  # train built as tf.train.X(...).minimize(...): the optimizer call
    code: str = ""  # an assign written inside a fetch: its eager code
    container: bool = False  # variable: a literal dict/list of variables
    applies: bool = False  # train: built by apply_gradients(gradients node or a tensor computed from one)
    bare: bool = False  # gradients: tf.gradients' list of gradients, not compute_gradients' pairs (gradients.py)
    clip: str = ""  # gradients: the tf.clip_by_global_norm norm applied to them
    sign: str = ""  # train: "-" when it minimizes the negated tensor, ``minimize(-loss)``
    func: str = ""  # the function's name: ``name``, or ``name_1``... for a name rebound later
    resolved: dict[str, Node] = field(default_factory=dict)  # each read as it was bound at this definition
    index: int = 0  # definition order
    upstream: dict[int, Node] = field(default_factory=dict)  # every graph node it depends on, by identity
    nested: str = ""  # a Python list / structure of tensors: tf.unstack's list, an RNN's outputs or state (rnn_lists)
    default: str = ""  # placeholder_with_default: the literal an unfed run reads (defaults.py)
    averaged: set[str] = field(default_factory=set)  # moving average: the variables it averages (moving_averages)
    deps: list[str] = field(default_factory=list)  # eager code run first: tf.control_dependencies (control_...py)
    steps: list[str] = field(default_factory=list)  # the training ops those dependencies run
    stepped: str = ""  # tensor: ``tf.identity(loss)`` after the op training it: the loss its step returns


Resolve = Callable[[cst.CSTNode], "str | None"]
LineOf = Callable[[cst.CSTNode], int]


def descendants(node: cst.CSTNode):
    """``node`` and every node below it, in the order they are written (``cstfields.preorder``: the walk is made
    once per node and each later walk reads the list)."""
    return iter(preorder(node))


def parents_of(root: cst.CSTNode) -> dict[cst.CSTNode, cst.CSTNode]:
    """Each node below ``root`` -> the node holding it, read in written order: where a rewrite put one node in two
    places, the later place is the one kept, as every pass that looks upward has read it.

    Made once per root until ``cstfields.forget`` (the eager rewrite's passes ask it of the same module one after
    another; trees never change): the map is shared, so no caller changes it."""
    known = _PARENTS.get(id(root))
    if known is not None and known[0] is root:
        return known[1]
    found = {child: parent for parent in descendants(root) for child in children(parent)}
    remember(_PARENTS, root, found)
    return found


_PARENTS: dict[int, tuple[cst.CSTNode, dict[cst.CSTNode, cst.CSTNode]]] = {}


def module_value(program: Program, name: str) -> cst.BaseExpression | None:
    """The value of ``name = value``, the one statement of the module body that binds ``name`` (None when another
    binding exists or the one is not such a statement): what a host name such as ``x_data``, ``dropout_rate`` or
    ``init_w`` holds wherever the graph reads it."""
    bound = module_binding(program, name)
    return bound if isinstance(bound, cst.BaseExpression) else None


def module_binding(program: Program, name: str) -> cst.BaseExpression | cst.FunctionDef | None:
    """What the one binding of ``name`` in the whole module binds it to, where that binding is a statement of the
    module body: the value of ``name = value`` (a host name's value, ``module_value``) or ``def name(...):`` (the
    function a ``tf.py_func`` calls); None otherwise."""
    if program.binds.get(name, 0) != 1:
        return None
    for statement in program.module.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
            return statement
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and small.targets[0].target.value == name
            ):
                return small.value
    return None


def imported_path(program: Program, func: cst.BaseExpression) -> str | None:
    """What a dotted name means through the module's one import of its head: ``np.linalg.inv`` ->
    ``numpy.linalg.inv`` under ``import numpy as np``, ``namedtuple`` -> ``collections.namedtuple`` under ``from
    collections import namedtuple``; None for a head the module imports not, or binds again."""
    spelled = dotted(func)
    if spelled is None:
        return None
    head, _, rest = spelled.partition(".")
    source = program.imported.get(head)
    if source is None or program.binds.get(head, 0) != 1:
        return None
    return f"{source}.{rest}" if rest else source


def leaf_name(node: cst.CSTNode) -> str:
    """``scalar`` of ``tf.summary.scalar`` or of ``scalar``: the last name an attribute chain or a name spells, a
    cheap gate before a qualified name is resolved; "" for anything else."""
    return node.attr.value if isinstance(node, cst.Attribute) else node.value if isinstance(node, cst.Name) else ""


def loaded_names(node: cst.CSTNode) -> list[cst.Name]:
    """The Name nodes an expression reads: not attribute names, keywords, or lambda/comprehension parameters."""
    found: list[cst.Name] = []

    def visit(current: cst.CSTNode) -> None:
        if isinstance(current, cst.Name):
            found.append(current)
            return
        if isinstance(current, cst.Attribute):
            visit(current.value)
            return
        if isinstance(current, cst.Arg):
            visit(current.value)
            return
        for child in children(current):
            visit(child)

    visit(node)
    return found


def stored_names(target: cst.CSTNode) -> list[cst.Name]:
    """The names a store into ``target`` rebinds or changes: ``a``, ``a, b``, and the root of ``a.x`` / ``a[k]``.

    The key of an item store (``feed[model.x] = v``) is read, not stored: ``model`` is neither rebound nor changed.
    """
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for element in target.elements for n in stored_names(element.value)]
    if isinstance(target, cst.StarredElement):
        return stored_names(target.value)
    if isinstance(target, (cst.Attribute, cst.Subscript)):
        return stored_names(target.value)
    return loaded_names(target)


def is_read(module: cst.Module, name: str) -> bool:
    """``name`` is read somewhere in the module, not only bound (assignment, ``for`` and comprehension targets)."""
    bound = {
        id(n)
        for target in descendants(module)
        if isinstance(target, (cst.AssignTarget, cst.For, cst.CompFor))
        for n in descendants(target.target)
    }
    return any(isinstance(n, cst.Name) and n.value == name and id(n) not in bound for n in descendants(module))


def inside_functions(module: cst.Module) -> set[cst.CSTNode]:
    """Nodes inside function definitions: their bindings are the function's own, not the module's."""
    local: set[cst.CSTNode] = set()
    for node in descendants(module):
        if isinstance(node, cst.FunctionDef) and node not in local:
            for part in (node.params, node.body):
                local.update(descendants(part))
    return local - {n for n in local if isinstance(n, (cst.Global, cst.Nonlocal, cst.Import, cst.ImportFrom))}


def is_random(path: str) -> bool:
    return path.startswith(RANDOM) or path in ("random_normal", "random_uniform", "random_shuffle", "random_crop")


class Bindings:
    """Where each module-level name is bound: in straight-line code (the module body and ``with`` bodies, run once,
    in order) or elsewhere (loops, branches, ``try``, ``del``, a walrus), where the binding in effect at a use
    cannot be told from the code. Function, class, lambda and comprehension scopes bind their own names."""

    def __init__(self, module: cst.Module) -> None:
        self.sites: dict[str, list[cst.CSTNode]] = {}
        self.straight: dict[str, list[cst.CSTNode]] = {}
        self.loose: dict[str, cst.CSTNode] = {}
        from tfmigrate.transforms.session.helper_imports import imported_again

        self.again = imported_again(module)  # ``import tensorflow as tf`` a second time: the same module object
        for statement in module.body:
            self._statement(statement, straight=True)

    def _bind(self, target: cst.CSTNode, where: cst.CSTNode, straight: bool) -> None:
        if isinstance(target, cst.Name):
            self.sites.setdefault(target.value, []).append(where)
            if straight:
                self.straight.setdefault(target.value, []).append(where)
            else:
                self.loose.setdefault(target.value, where)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, where, straight)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, where, straight)

    def _statement(self, statement: cst.CSTNode, straight: bool) -> None:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                self._small(small, statement, straight)
            return
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            self._bind(statement.name, statement, straight)
            return
        if isinstance(statement, cst.With):
            for item in statement.items:
                self._expression(item.item)
                if item.asname is not None:
                    self._bind(item.asname.name, statement, straight)
            for inner in statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ():
                self._statement(inner, straight)
            if not isinstance(statement.body, cst.IndentedBlock):
                for part in statement.body.body:
                    self._small(part, statement, straight)
            return
        if isinstance(statement, cst.If) and straight:
            from tfmigrate.transforms.session.version_checks import one_binding_each

            chosen = one_binding_each(statement)  # ``if <TF version>: init = ... else: init = ...``: one runs
            if chosen is not None:
                self._expression(statement.test)
                for line in chosen:
                    self._statement(line, straight)
                return
        if isinstance(statement, cst.For):
            self._bind(statement.target, statement, False)
        if isinstance(statement, cst.ExceptHandler) and statement.name is not None:
            self._bind(statement.name.name, statement, False)
        for child in statement.children:
            if isinstance(child, cst.BaseExpression):
                self._expression(child)
            else:
                self._statement(child, False)

    def _small(self, small: cst.CSTNode, statement: cst.CSTNode, straight: bool) -> None:
        if isinstance(small, cst.Assign):
            for target in small.targets:
                self._bind(target.target, statement, straight)
        elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
            self._bind(small.target, statement, straight)
        elif isinstance(small, cst.Del):
            self._bind(small.target, statement, False)
        elif (
            isinstance(small, (cst.Import, cst.ImportFrom))
            and not isinstance(small.names, cst.ImportStar)
            and small not in self.again
        ):
            for alias in small.names:
                bound: cst.BaseExpression = alias.asname.name if alias.asname is not None else alias.name
                while isinstance(bound, cst.Attribute):
                    bound = bound.value
                self._bind(bound, statement, straight)
        self._expression(small)

    def _expression(self, node: cst.CSTNode) -> None:
        """A walrus binds where the order of evaluation decides; other scopes are their own."""
        for current in descendants(node):
            if isinstance(current, cst.NamedExpr):
                self._bind(current.target, current, False)


def _trainable_variable(value: cst.BaseExpression) -> bool:
    flag = argument(value, None, "trainable") if isinstance(value, cst.Call) else None
    return flag is None or not (isinstance(flag.value, cst.Name) and flag.value.value == "False")


class Program:
    """Builds the model of one module; ``build`` raises Blocked on anything it does not model."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        self.module = module
        self.file = module  # the file's module, whose imports a section's program (sections.py) does not hold
        self.resolve = resolve
        self.line_of = line_of
        self.nodes: dict[str, Node] = {}
        self.order: list[str] = []
        self.binds: dict[str, int] = {}
        self.names: set[str] = set()
        self.imported: dict[str, str] = {}  # bound name -> module it comes from
        self.seeds: list[cst.Call] = []
        self.versions: dict[str, list[Node]] = {}
        self.helpers: dict[str, Helper] = {}  # module-level functions that build graph values (helpers.py)
        self.helper_calls: set[cst.Call] = set()  # their calls that were modelled
        self.traced_helpers: set[cst.Arg] = set()  # helpers handed to tf.scan & co. by name (traced_functions.py)
        self.feed_functions: dict[str, cst.FunctionDef] = {}  # host functions returning a feed dict (feed_functions)
        self.functions: dict[
            str, cst.FunctionDef
        ] = {}  # other module-level functions, modelled when the graph calls them
        self.scope = Bindings(module)
        self.layers: dict[cst.Call, layers.Layer] = {}  # functional tf.layers calls of the graph (layers.py)
        self.layer_tf1_names: dict[cst.Call, str] | None = None  # TF1's name of each layer, named once (layers.py)
        self.layer_objects: dict[str, int] = {}  # Keras objects named after each base so far (layers.object_name)
        self.layer_lists: set[cst.CSTNode] = set()  # variable lists read as the layers' weights (layers.variable_list)
        self.batch_norm_updates: dict[str, list] = {}  # train op -> the batch norms its run updates (batch_norms.py)
        # static-shape reads in variables' shapes -> (subject, literal dimension, subject's binding then)
        self.variable_dimensions: dict[cst.CSTNode, tuple[cst.Name, str | None, Node]] = {}  # variable_dimensions.py
        self.state_tuples: set[cst.Call] = set()  # LSTMStateTuple(c_in, h_in) of placeholders (state_tuples.py)
        self.trainable_lists: dict[cst.Call, list[str]] = {}  # listed in a comprehension (trainable_lists.py)
        self.eager_builder = ""  # the function building saved layers outside traces, once defined (layer_checkpoints)
        self.layer_scope_entries: dict[cst.CSTNode, tuple[str, str | None] | None] = {}  # (layer_scopes.entry)
        self.layer_scopes: ModuleScopes | None = None  # the module's scope names and .name reads (layer_scopes.py)
        self.scope_blocks: dict[str, list[cst.With]] | None = None  # literal scopes' with blocks (stateless_scopes)
        self.tuples: dict[cst.CSTNode, list[Node]] = {}  # ``a, b = f(x)``: the nodes it defines (tuples.py)
        self.consumed: set[cst.Call] = set()  # calls that took an op seed in TF1 without drawing (datasets.py)
        self.shared: dict[str, Node] = {}  # random tensors each run draws once and passes on (shared_draws.py)
        self.pre_shared: frozenset[str] = frozenset()  # shared from their definition, in a proof run again (ditto)
        self.runs_seen = False  # the run phase started: no tensor is shared from there on (ditto)
        self.draw_counts: dict[int, Counts] | None = None  # draws per evaluation of each value, once (draws.py)
        self.graph_repr_names: NameModel | None = None  # the names printed graph values show (graph_repr.py)
        # helper -> the module tensors it reads, call -> its helper, the expressions fetched inline (helper_tensors.py)
        self.helper_tensors: tuple[dict[str, list[str]], dict[cst.Call, str], set[cst.CSTNode]] | None = None
        self.fed = fed_tensors.fed_names(module)  # names fed by a feed_dict literal (fed_tensors.py)
        self.control: control_dependencies.Block | None = None  # the tf.control_dependencies block being read
        self.saver_calls: list[cst.Call] | None = None  # the tf.train.Saver calls, listed once (moving_averages.py)
        # The RNN cells and runs of the graph, and what their rewrite writes of them (rnn.py): cells whose variable
        # list is read -> their input depth, a dropout kept or fed, a run given sequence_length, each run kind's
        # function name, and the import line the cells' code starts with when no import statement leads the module.
        self.rnn_cells: dict[str, Cell] = {}
        self.rnn_runs: dict[cst.Call, Run] = {}
        self.rnn_built: dict[str, str] = {}
        self.rnn_dropout = False
        self.rnn_fed = False
        self.rnn_lengths = False
        self.rnn_names: dict[str, str] = {}
        self.rnn_import = ""

    def settle_versions(self) -> None:
        """A function of the graph reads the module-level names it does not take as parameters when it is called,
        not when it was defined: none may be rebound after the definition. "After" is the module's statement order,
        which is the order of lines but where a helper's body was read at its call site (inlined_helpers.py)."""
        order = {
            id(s): i for i, s in enumerate(n for n in descendants(self.module) if isinstance(n, cst.BaseStatement))
        }
        for versions in self.versions.values():
            for node in versions:
                if node.kind not in ("tensor", "assign", "train", "gradients"):
                    continue
                scoped = comprehension_scopes.own_reads(node.value)  # ``[f(x) for x in xs]`` reads its own ``x``
                names = {n.value for n in loaded_names(node.value) if id(n) not in scoped} | set(node.resolved)
                if node.var_list:
                    names |= {n.value for n in loaded_names(cst.parse_expression(node.var_list))}
                for name in sorted(names):
                    read = node.resolved.get(name)
                    if read is not None and read.kind in ("placeholder", "tensor", "gradients"):
                        continue
                    at = order.get(id(node.statement))
                    later = [
                        self.line_of(s)
                        for s in self.scope.sites.get(name, [])
                        if (order[id(s)] > at if at is not None and id(s) in order else self.line_of(s) > node.line)
                    ]
                    if later:
                        raise Blocked(
                            f"`{node.name}` reads `{name}` each time it runs, and line {later[0]} "
                            f"rebinds `{name}` (the graph kept the value it was built with)",
                            node.line,
                        )

    def version_name(self, name: str, statement: cst.CSTNode) -> str:
        """``name`` for the last binding of a name in straight-line module code, ``name_1``, ``name_2``... for the
        earlier ones; raises Blocked when the name is also bound where the order of bindings is not fixed."""
        loose = self.scope.loose.get(name)
        if (
            loose is not None
            and not self._host_loop_before(name, statement)
            and not branch_initializers.sole(self, name, statement)
        ):
            from tfmigrate.transforms.session.loop_rebinds import refusal

            construct, renamed_away = refusal(self.module, name, loose, self.line_of, self.tf_path)
            raise Blocked(construct, self.line_of(loose), renamed_away)
        for site in self.scope.straight.get(name, []):
            if isinstance(site, cst.SimpleStatementLine) or (
                isinstance(site, cst.With)
                and any(isinstance(i.item, cst.Call) and self.tf_path(i.item.func) in SESSIONS for i in site.items)
            ):
                continue
            raise self.deny(f"`{name}` is a graph value and is also bound by a `{type(site).__name__}` statement", site)
        straight = self.scope.straight.get(name, [])
        if not straight or straight[-1] is statement:
            return name
        taken = self.names | {n.func for versions in self.versions.values() for n in versions}
        candidate = f"{name}_{len(self.versions.get(name, [])) + 1}"
        while candidate in taken:
            candidate += "_"
        return candidate

    def _host_loop_before(self, name: str, statement: cst.CSTNode) -> bool:
        """``for i in range(50): y = 2.0 * x + 1.0`` building data, then ``y = w * xs + b``: every loop or branch
        binding of ``name`` lies in module-level statements before the first graph binding, so the graph's ``y``
        replaces a host value no graph function has read (``settle_versions`` refuses one that reads it)."""
        if self.versions.get(name):
            return False
        straight = {id(s) for s in self.scope.straight.get(name, [])}
        loose = {id(s) for s in self.scope.sites.get(name, []) if id(s) not in straight}
        for top in self.module.body:
            inside = {id(top)} | {id(n) for n in descendants(top)}
            if id(statement) in inside:
                return not loose
            loose -= inside
        return False

    def unbind(self, name: str, line: cst.CSTNode) -> None:
        """``name`` now holds a Python value (``t = np.array(...)``, ``w = sess.run(W)``): it leaves the graph."""
        if name in self.nodes:
            self.version_name(name, line)  # a name rebound in a loop or branch is refused here too
            del self.nodes[name]

    def tf_path(self, node: cst.CSTNode) -> str | None:
        return self.resolve(node)

    def tf1_path(self, node: cst.CSTNode) -> str:
        """The TensorFlow path of ``node`` as TF1 spelled it (``compat.v1.`` dropped); "" when it is not one."""
        return (self.resolve(node) or "").removeprefix("compat.v1.")

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return Blocked(construct, self.line_of(node))

    # --------------------------------------------------------------------------------------- bindings
    def count_bindings(self) -> None:
        def bind(target: cst.CSTNode) -> None:
            if isinstance(target, cst.Name):
                self.binds[target.value] = self.binds.get(target.value, 0) + 1
            elif isinstance(target, (cst.Tuple, cst.List)):
                for element in target.elements:
                    bind(element.value)
            elif isinstance(target, cst.StarredElement):
                bind(target.value)

        local = inside_functions(self.module)
        # ``import numpy as np`` in a function of a module that imports it so: the same module object, not a rebinding.
        repeated = helper_imports.repeated(self.module)
        for node in descendants(self.module):
            if isinstance(node, cst.Name):
                self.names.add(node.value)
            if node in local or node in repeated:
                continue
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    bind(target.target)
            elif isinstance(node, (cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor)):
                bind(node.target)
            elif isinstance(node, cst.WithItem) and node.asname is not None:
                bind(node.asname.name)
            elif isinstance(node, (cst.Param, cst.FunctionDef, cst.ClassDef)):
                bind(node.name)
            elif isinstance(node, (cst.Global, cst.Nonlocal)):
                if id(node) not in host_globals.private(self.module, self.resolve):  # a host batcher's cursor
                    raise self.deny("global/nonlocal state", node)
            elif isinstance(node, cst.ImportFrom):
                if isinstance(node.names, cst.ImportStar):
                    raise self.deny("a star import may bring in graph code", node)
                source = "." if node.relative else self.module.code_for_node(node.module) if node.module else ""
                for alias in node.names:
                    name = alias.evaluated_alias or alias.evaluated_name
                    self.imported[name] = f"{source}.{alias.evaluated_name}"
                    self.binds[name] = self.binds.get(name, 0) + 1
            elif isinstance(node, cst.Import):
                for alias in node.names:
                    name = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
                    self.imported[name] = alias.evaluated_name
                    self.binds[name] = self.binds.get(name, 0) + 1

    def foreign(self, name: str) -> bool:
        """An imported name whose calls may build graph code (not TensorFlow, not a plain Python library)."""
        source = self.imported.get(name)
        if source is None or sibling_modules.host(name):  # read in its module: host code (sibling_modules.py)
            return False
        root = source.split(".")[0]
        if root in SAFE_MODULES or root in ("tensorflow", "keras", "__future__"):
            return False
        return not source.replace("tensorflow.", "", 1).startswith(DATA_HELPERS)

    # --------------------------------------------------------------------------------------- nodes
    def define(self, line: cst.SimpleStatementLine) -> bool:
        """Model ``name = <graph value>``; False when the statement is plain Python."""
        if len(line.body) != 1:
            return False
        small = line.body[0]
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            if self.tf_path(small.value.func) in SEEDS:
                self.seeds.append(small.value)
                return True
            return False
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
            return False
        target = small.targets[0].target
        value = small.value
        graph_reads = [n.value for n in loaded_names(value) if n.value in self.nodes]
        tf_calls = [
            c
            for c in descendants(value)
            if isinstance(c, cst.Call)
            and (self.tf_path(c.func) not in (None, *LOOKUPS) or helpers.helper_of(self, c) is not None)
            and not host_data.reads_host_data(self, c)
        ]
        if not tf_calls and shapes.only_shapes(self, value):
            return False  # ``n = x.shape.as_list()[1]``: a Python value (shapes.py)
        target = gradients.clipped_target(self, target, value) or target
        if not isinstance(target, cst.Name):
            if graph_reads or tf_calls:
                return tuples.define(self, line, target, value)
            return False
        name = target.value
        if not graph_reads and not tf_calls and not self._inline_minimize(value):
            return False
        node = Node(name, "tensor", line, value, self.line_of(line), func=self.version_name(name, line))
        node.index = len(self.order)
        control_dependencies.refuse_reads(self, value)
        self._classify(node, value)
        if self.control is not None:
            control_dependencies.attach(self, node, self.control)
        self._one_variable(node)
        node.resolved = {read: self.nodes[read] for read in self._reads(value)}
        self.versions.setdefault(name, []).append(node)
        self.nodes[name] = node
        self.order.append(name)
        return True

    def _one_variable(self, node: Node) -> None:
        """Variables, optimizers, training ops and Savers are known by name (updates, fetches, checkpoints): such a
        name is bound once; other graph names may be rebound, at most one of their bindings being a variable."""
        versions = [*self.versions.get(node.name, []), node]
        if len(versions) == 1:
            return
        for version in versions:
            if version.kind not in REBINDABLE or (
                version.kind == "variable" and any(v.kind == "variable" for v in versions if v is not version)
            ):
                raise Blocked(  # renamed_away: the later bindings under names of their own (later_rebinds.py)
                    f"`{node.name}` is bound more than once (lines {', '.join(str(v.line) for v in versions)}), "
                    f"once to a {version.kind}",
                    self.line_of(node.statement),
                    renamed_away=True,
                )

    def _classify(self, node: Node, value: cst.BaseExpression) -> None:
        path = self.tf_path(value.func) if isinstance(value, cst.Call) else None
        if path in UNEQUAL:
            raise self.deny(f"tf.{path}: {UNEQUAL[path]}", value)
        if path in (PLACEHOLDER,) and isinstance(value, cst.Call):
            self._placeholder(node, value)
        elif path == defaults.PATH and isinstance(value, cst.Call):
            defaults.define(self, node, value)
        elif isinstance(value, cst.Call) and layers.constructs(self, value):
            layers.define(self, node, value)
        elif rnn.constructs(self, value):
            rnn.define(self, node, value)
        elif variables.constructs(path) and isinstance(value, cst.Call):
            variables.define(self, node, value)
        elif queue_objects.constructs(self, value) and isinstance(value, cst.Call):
            queue_objects.define(self, node, value)
        elif path in VARIABLES or self._container(node.name, value) or helpers.helper_of(self, value, helpers.FACTORY):
            variables.check_variable(self, value)
            self._initial_values(value)
            node.kind = "variable"
            node.container = path not in VARIABLES and helpers.helper_of(self, value) is None
            self.helper_calls.update(c for c in descendants(value) if helpers.helper_of(self, c, helpers.FACTORY))
        elif path in OPTIMIZERS and isinstance(value, cst.Call):
            self._optimizer(node, value, path)
        elif moving_averages.constructs(self, value) and isinstance(value, cst.Call):
            moving_averages.define(self, node, value)
        elif moving_averages.updates(self, value) and isinstance(value, cst.Call):
            moving_averages.define_update(self, node, value)
        elif path in SESSIONS and isinstance(value, cst.Call):
            if any(a.keyword is None or a.keyword.value not in ("config", "graph") for a in value.args):
                raise self.deny("Session arguments other than config", value)
            node.kind = "session"
        elif path in INITIALIZERS:
            node.kind = "init"
        elif path == SAVER:
            node.kind = "saver"
        elif (
            gradients.define(self, node, value)
            or self._gradients(node, value)
            or self._minimize(node, value)
            or self.assign(node, value)
        ):
            pass
        else:
            drops = layers.collect(self, node, value)
            drops = rnn.collect(self, node, value) or drops
            built = self._layer_site(node, value)
            drawn = numpy_draws.drawn_once(self, value)  # ``tf.constant(np.random.rand(4, 10))``
            self._ops(value, allow_random=True, drawn=drawn)
            passed = layers.passed_initializers(self, value)
            zeros = rnn.zero_state_only(self, value)  # a tensor still: a cell's state, read as one
            passed |= zeros
            node.reads = [r for r in self._reads(value) if r not in passed] + built
            node.reads += [r for r in trainable_lists.reads(self, value) if r not in node.reads]
            queued = queue_objects.reads(self, value)  # a queue's state: a new value at each evaluation
            for read in node.reads:
                if self.nodes[read].kind not in (
                    "placeholder",
                    "variable",
                    "const",
                    "tensor",
                    "gradients",
                    "layer",
                    moving_averages.AVERAGE,
                ):
                    if self.nodes[read].kind != queue_objects.KIND:
                        raise self.deny(f"`{read}` ({self.nodes[read].kind}) is used as a tensor", value)
            node.random = (
                any(
                    is_random(self.tf_path(c.func) or "") or getattr(helpers.helper_of(self, c), "random", False)
                    for c in descendants(value)
                    if isinstance(c, cst.Call)
                )
                or any(self.nodes[r].random for r in node.reads)
                or drops
                or queued
            )
            # Computed from constants alone, it has one value: evaluated once where it is built, as a constant is.
            constant = (
                all(self.nodes[r].kind == "const" for r in node.reads) and not layers.hidden(self, [node]) and not zeros
            )
            node.kind = "const" if constant and not node.random else "tensor"
            numpy_draws.check(self, node, drawn)
            draws.check(self, node, value)
            fed_tensors.as_placeholder(self, node)
        self.close(node)

    def _layer_site(self, node: Node, value: cst.BaseExpression) -> list[str]:
        """``l1 = add_layer(xs, 1, 10)``: the variables the helper builds become variable nodes here, before the
        tensor (builders.py); the names of those nodes."""
        helper = helpers.helper_of(self, value, helpers.LAYER)
        if helper is None:
            return []
        assert isinstance(value, cst.Call)
        variables = builders.site(self, node, value, helper)
        for variable in variables:
            variable.index = len(self.order)
            self.nodes[variable.name] = variable
            self.order.append(variable.name)
            self.close(variable)
        node.index = len(self.order)
        self.helper_calls.add(value)
        return [v.name for v in variables]

    def _container(self, name: str, value: cst.BaseExpression) -> bool:
        """A literal dict/list/tuple of ``tf.Variable(...)``: a container of variables (``weights['h1']``); a dict
        may hold Python entries beside them where only its variables are read (python_entries.py)."""
        if isinstance(value, cst.Dict):
            values = [e.value for e in value.elements if isinstance(e, cst.DictElement)]
            if len(values) != len(value.elements):
                return False
        elif isinstance(value, (cst.List, cst.Tuple)):
            values = [e.value for e in value.elements if not isinstance(e, cst.StarredElement)]
        else:
            return False
        built = [self._variable_entry(v) for v in values]
        if all(built) or not any(built) or not isinstance(value, cst.Dict):
            return bool(values) and all(built)
        return python_entries.container(self, name, value, built)

    def _variable_entry(self, value: cst.BaseExpression) -> bool:
        return isinstance(value, cst.Call) and (
            self.tf_path(value.func) in VARIABLES or helpers.helper_of(self, value, helpers.FACTORY) is not None
        )

    def _initial_values(self, value: cst.BaseExpression) -> None:
        """Initial values are computed once, where the variable is built, in TF1 as eagerly: Python calls
        (``rng.randn()``) are fine; TensorFlow calls must be ops or initializers."""
        for call in descendants(value):
            if not isinstance(call, cst.Call):
                continue
            path = self.tf_path(call.func)
            if path is None and getattr(helpers.called(self, call), "kind", None) == helpers.GRAPH:
                self.helper_calls.add(call)  # ``tf.Variable(glorot_init(shape))``: run once, at creation, as in TF1
            if (
                path is None
                or path in VARIABLES
                or path.endswith("_initializer")
                or path.startswith(
                    ("initializers.", "keras.initializers.", "contrib.layers.xavier", "contrib.layers.variance_scaling")
                )
            ):
                continue
            if path == MULTINOMIAL and not self._unseeded(call):
                raise self.deny("tf.multinomial draws with a seed (the eager stream is not shown to be TF1's)", call)
            if path != MULTINOMIAL and not (eager_safe(path) or path in MORE_OPS) or path in SCOPES:
                raise self.deny(f"{named(path, call)} has no proven eager equivalent in an initial value", call)
            padded_constant(self.deny, path, call)
            if isinstance(call.func, cst.Name) and self.foreign(call.func.value):
                raise self.deny(f"calls `{call.func.value}` from another module", call)

    def _unseeded(self, call: cst.Call) -> bool:
        """No graph seed in the module and no op seed on ``call``: any draw is as good as TF1's."""
        if argument(call, 2, "seed") is not None:
            return False
        return not any(isinstance(c, cst.Call) and self.tf_path(c.func) in SEEDS for c in descendants(self.module))

    def close(self, node: Node) -> None:
        """Sets ``node``'s upstream nodes and ancestors' names from what it reads."""
        upstream: dict[int, Node] = {}
        for read in node.reads:
            known = self.nodes[read]
            upstream[id(known)] = known
            upstream.update(known.upstream)
        node.upstream = upstream
        node.ancestors = {n.name for n in upstream.values()}
        node.variables = {n.name for n in upstream.values() if n.kind == "variable"}
        node.variables |= layers.hidden(self, [node, *upstream.values()])
        placeholders = sorted(
            (n for n in upstream.values() if n.kind == "placeholder" or self.shared.get(n.name) is n),
            key=lambda n: n.index,
        )
        node.params = [n.name for n in placeholders]
        for earlier, later in zip(placeholders, placeholders[1:]):
            if earlier.name == later.name:
                raise self.deny(f"`{node.name}` reads two placeholders named `{later.name}`", node.value)

    def _reads(self, value: cst.CSTNode) -> list[str]:
        """The graph names a value reads, with those the helpers it calls read from the module."""
        reads: list[str] = []
        for name in loaded_names(value):
            if name.value in self.nodes and name.value not in reads:
                reads.append(name.value)
        if self.helpers:
            reads += [name for name in helpers.graph_reads(self, value) if name not in reads]
            reads += [name for name in traced_functions.graph_reads(self, value) if name not in reads]
        return reads

    def _ops(self, value: cst.CSTNode, allow_random: bool, drawn: set[cst.Call] | frozenset = frozenset()) -> None:
        """Every call in a graph expression must be a TensorFlow op whose eager value is the Session's; ``drawn``:
        numpy draws shown to run once (numpy_draws.py)."""
        built = layers.built_once(self, value) | rnn.built_once(self, value) | py_funcs.host_calls(self, value)
        built |= drawn
        built |= self._static_shape_lists(value)
        built |= reshape_shapes.static(self, value)  # ``tf.reshape(t, x.get_shape())``
        built |= shapes.known_dimensions(self, value)  # ``int(x.get_shape()[0])``
        for call in descendants(value):
            if not isinstance(call, cst.Call) or call in built:
                continue
            path = self.tf_path(call.func)
            if path is None:
                what = self.module.code_for_node(call.func)
                if host_builtins.builtin(self, call.func):
                    continue
                if (
                    isinstance(call.func, cst.Name)
                    and call.func.value in ("zip", "abs")
                    and call.func.value not in self.binds
                ):
                    continue  # ``abs(t)`` is the tensor's ``__abs__``: tf.abs in TF1 and eagerly
                if graph_sums.builtin_sum(self, call):
                    continue  # ``reg * sum([tf.nn.l2_loss(w) for w in weights])``: the same adds either way
                if op_choices.safe(self, call):  # ``act = tf.nn.relu``, ``activations[i]``: a TF op either way
                    continue
                helper = helpers.called(self, call)
                if helper is not None:
                    if helper.kind == helpers.FACTORY:
                        raise self.deny(f"the variable factory `{what}` is called inside an expression", call)
                    if helper.kind == helpers.LAYER and call not in self.helper_calls:
                        raise self.deny(
                            f"`{what}` builds variables and is called other than as `name = {what}(...)` where the "
                            "graph is built",
                            call,
                        )
                    if helper.random and not allow_random:
                        raise self.deny(f"`{what}` draws random numbers here", call)
                    self.helper_calls.add(call)
                    continue
                if host_numpy.is_host_numpy(self, call) or queue_objects.method(self, call):
                    continue
                moving_averages.refuse_restore_list(self, call)
                if moving_averages.reads_average(self, call):
                    continue
                if isinstance(call.func, cst.Name) and call.func.value in rnn.cells(self):
                    raise self.deny(
                        f"the RNN cell `{what}` is called by hand in a shape not read as the tf.nn.static_rnn it "
                        "computes (one call alone in its `with tf.variable_scope(...)` or at module level, or a loop "
                        "over range() stepping it; no static shape or name of a step's output read)",
                        call,
                    )
                clipping = assign_comprehensions.reason(self.module, call)  # WGAN's ``[p.assign(...) for p in ...]``
                if call in numpy_draws.calls(self, call):
                    clipping = (
                        f"the graph calls `{what}`, a numpy draw TF1 made once, when it built the graph, and not shown "
                        "to run once eagerly (only in a value computed from constants alone)"
                    )
                raise self.deny(clipping or f"the graph calls `{what}`, which tfmigrate cannot prove eager-safe", call)
            if path in (*VARIABLES, PLACEHOLDER):
                accumulated = gradient_accumulation.reason(self.module) if path in VARIABLES else None
                raise self.deny(accumulated or f"tf.{path} is built inside an expression", call)
            if path.endswith("StateTuple") and state_tuples.built(self, call, path):
                continue  # ``LSTMStateTuple(c_in, h_in)``: the eager LSTM state of the fed values (state_tuples.py)
            if path.endswith("StateTuple"):
                raise self.deny(f"tf.{path} (an RNN state the program builds) is not modelled", call)
            if path.startswith(RNN):
                raise self.deny(f"tf.{path} builds an RNN cell's variables (not modelled)", call)
            if higher_order.is_higher_order(path):
                higher_order.check(self, call, path)
            elif py_funcs.is_py_func(path):
                py_funcs.check(self, call, path)
            elif trainable_lists.listed(self, value, call, path):
                continue
            elif not (eager_safe(path) or path in MORE_OPS) or (is_random(path) and not allow_random):
                from tfmigrate.transforms.session.schedules import refusal

                raise self.deny(
                    refusal(self, call, path) or f"{named(path, call)} has no proven eager equivalent here", call
                )
            padded_constant(self.deny, path, call)
            if path in ("Variable", "get_variable", "variable_scope", "name_scope", "set_random_seed"):
                raise self.deny(f"tf.{path} inside a graph expression", call)

    def _static_shape_lists(self, value: cst.CSTNode) -> set[cst.Call]:
        """``a.shape.as_list()`` (or ``a.get_shape().as_list()``) of a value that stays an eager value: a variable,
        or a tensor reading no placeholder, variable or random draw. Its eager shape is the value's own, which is
        TF1's static shape wherever that was fully known; where it was not, a TF1 op given the list's ``None``
        raised, so no working program depends on the difference."""
        calls: set[cst.Call] = set()
        for call in descendants(value):
            if not (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute)):
                continue
            if call.func.attr.value != "as_list":
                continue
            shape = call.func.value
            getter = None
            if isinstance(shape, cst.Call) and not shape.args and isinstance(shape.func, cst.Attribute):
                getter, subject = shape, shape.func.value
                if shape.func.attr.value != "get_shape":
                    continue
            elif isinstance(shape, cst.Attribute) and shape.attr.value == "shape":
                subject = shape.value
            else:
                continue
            node = self.nodes.get(subject.value) if isinstance(subject, cst.Name) else None
            if node is None or node.container or node.random:
                continue
            if node.kind == "variable" or (
                node.kind in ("tensor", "const") and not node.params and not node.variables and not node.random
            ):
                calls |= {call, getter} if getter is not None else {call}
        return calls

    def _placeholder(self, node: Node, call: cst.Call) -> None:
        sizes = rnn.state_sizes(self, call)  # ``(None, cell.state_size[0])``: host ints
        if any(id(name) not in sizes for name in loaded_names(call) if name.value in self.nodes):
            raise self.deny("a placeholder's arguments read graph values", call)
        if self.helpers and helpers.graph_reads(self, call):
            raise self.deny("a placeholder's arguments read graph values", call)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value not in ("dtype", "shape", "name"):
                raise self.deny(f"placeholder({arg.keyword.value}=...)", call)
        dtype = argument(call, 0, "dtype")
        if dtype is None:
            raise self.deny("a placeholder without a dtype", call)
        node.kind = "placeholder"
        node.dtype = self.module.code_for_node(dtype.value)

    def _optimizer(self, node: Node, call: cst.Call, path: str) -> None:
        rate = argument(call, 0, "learning_rate")  # a decayed rate is taken as a callable (schedules.py)
        scheduled = rate is not None and schedules.decayed_rate(self, rate.value, path)
        held = None if rate is None or scheduled else rate_variables.rate_code(self, rate.value, path)
        for index, arg in enumerate(call.args):
            reads = self._reads(arg.value) if not ((scheduled or held) and arg is rate) else []
            if reads:
                what = rate_variables.graph_value(self, arg, index, path, reads)
                raise self.deny(f"the optimizer's hyperparameters are graph values ({what})", call)
        for sub in descendants(call):
            if sub is not call and isinstance(sub, cst.Call):
                raise self.deny("the optimizer's hyperparameters are computed by calls", sub)
        names = OPTIMIZER_ARGS[path]
        given: dict[str, str] = {}
        for index, arg in enumerate(a for a in call.args if a.keyword is None):
            if arg.star or index >= len(names):
                raise self.deny(f"tf.{path} arguments", call)
            given[names[index]] = self.module.code_for_node(arg.value)
        for arg in call.args:
            if arg.keyword is not None:
                if arg.keyword.value not in names:
                    raise self.deny(f"tf.{path}({arg.keyword.value}=...)", call)
                given[arg.keyword.value] = self.module.code_for_node(arg.value)
        if held is not None:  # a variable's value, read at each step (rate_variables.py)
            given["learning_rate"] = held
        if "learning_rate" not in given:
            if path != "train.AdamOptimizer":
                raise self.deny(f"tf.{path} without a learning rate", call)
        keras = OPTIMIZERS[path]
        args = [(KERAS_KEYWORDS[k], v) for k, v in given.items() if k in KERAS_KEYWORDS]
        for keyword, default in TF1_DEFAULTS.get(keras, {}).items():
            if keyword not in dict(args):
                args.append((keyword, default))
        node.kind = "optimizer"
        node.keras = keras
        node.keras_args = args

    def _gradients(self, node: Node, value: cst.BaseExpression) -> bool:
        """``opt.compute_gradients(loss)``: the (gradient, variable) pairs of TF1's trainable variables, in creation
        order, computed under a tape; ``opt.apply_gradients(pairs)``: a train step applying them (pairs may be
        edited first, ``[(tf.clip_by_value(g, -1., 1.), v) for g, v in gvs]``)."""
        if not (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value in ("compute_gradients", "apply_gradients")
        ):
            return False
        owner, method = value.func.value, value.func.attr.value
        if method == "apply_gradients" and isinstance(owner, cst.Call) and self.tf_path(owner.func) in OPTIMIZERS:
            holder = Node("", "optimizer", node.statement, owner, node.line)  # ``tf.train.X(lr).apply_gradients()``
            self._optimizer(holder, owner, cast(str, self.tf_path(owner.func)))
            node.inline, node.keras, node.keras_args = owner, holder.keras, holder.keras_args
        elif not (
            isinstance(owner, cst.Name) and owner.value in self.nodes and self.nodes[owner.value].kind == "optimizer"
        ):
            raise self.deny(f"{method}() of an optimizer tfmigrate does not model", value)
        node.optimizer = "" if node.inline else owner.value  # type: ignore[union-attr]
        first = argument(value, 0, "loss" if method == "compute_gradients" else "grads_and_vars")
        named = first.value.value if first is not None and isinstance(first.value, cst.Name) else ""
        if method == "apply_gradients":
            named = gradients.applied(self, first) or named
        read = self.nodes.get(named)
        keywords = ("var_list",) if method == "compute_gradients" else ("global_step",)
        second = argument(value, 1, keywords[0])  # ``compute_gradients(loss, [w, b])``: the var_list, positionally
        for arg in value.args:
            if arg is not first and arg is not second and (arg.keyword is None or arg.keyword.value not in keywords):
                raise self.deny(
                    f"{method}({arg.keyword.value if arg.keyword else 'positional'}=...) is not modelled", value
                )
        if method == "apply_gradients":
            if read is None or not (
                gradient_accumulation.applies_accumulators(self, read)
                or read.kind == "gradients"
                or (
                    read.kind == "tensor"
                    and read.ancestors
                    and any(n.kind == "gradients" for n in read.upstream.values())
                )
            ):
                raise self.deny("apply_gradients() of something other than compute_gradients' pairs", value)
            step = second
            if step is not None:
                if not (isinstance(step.value, cst.Name) and self.nodes.get(step.value.value, node).kind == "variable"):
                    raise self.deny("apply_gradients(global_step=...) of something other than a variable", value)
                node.method = step.value.value
            node.kind, node.applies, node.loss, node.reads = "train", True, named, [named]
            return True
        if read is None or read.kind != "tensor":
            raise self.deny("compute_gradients() of something other than a computed tensor", value)
        rate_variables.check_loss(self, self.nodes[node.optimizer].keras_args, read, value)
        var_list = second
        listed = gradients.var_list_code(self, var_list.value) if var_list is not None else None
        if listed is not None and not isinstance(var_list.value, (cst.List, cst.Tuple)):  # type: ignore[union-attr]
            variables = listed[1]
        elif var_list is not None:
            if not (
                isinstance(var_list.value, (cst.List, cst.Tuple))
                and all(
                    isinstance(e.value, cst.Name)
                    and self.nodes.get(e.value.value, node).kind == "variable"
                    and not self.nodes[e.value.value].container
                    for e in var_list.value.elements
                )
            ):
                raise self.deny("compute_gradients(var_list=...) is not a literal list of variables", value)
            variables = [e.value.value for e in var_list.value.elements]  # type: ignore[attr-defined]
        elif self.layers:  # the variables the layers make, in TF1's order
            variables = layers.gradient_variables(self, value)
        else:
            built = sorted(
                (n for n in self.nodes.values() if n.kind == "variable" and _trainable_variable(n.value)),
                key=lambda n: n.index,
            )
            if any(n.kind == layers.KIND for n in self.nodes.values()):
                raise self.deny("compute_gradients() without var_list over tf.layers variables", value)
            rebound = any(
                v.kind == "variable" and self.nodes.get(v.name) is not v for vs in self.versions.values() for v in vs
            )
            # containers' entries by key, in TF1's order (gradients.container_entries)
            ordered = [n.name for n in built] if not any(n.container for n in built) else None
            if ordered is None and not rebound:
                ordered = gradients.container_entries(self, built, read)
            if ordered is None or rebound:
                raise self.deny("compute_gradients() over variables tfmigrate cannot list by name", value)
            variables = ordered
        through = layers.read_layers(self, read) if self.layers else {}
        unused = [
            v for v in variables if v.split("[", 1)[0] not in read.variables and v.rsplit(".", 1)[0] not in through
        ]
        if unused or not variables:
            raise self.deny(
                f"compute_gradients() gives no gradient for `{unused[0] if unused else 'any variable'}`", value
            )
        node.kind, node.loss, node.reads = "gradients", named, [named]
        node.var_list = "[" + ", ".join(variables) + "]"
        return True

    def _inline_minimize(self, value: cst.BaseExpression) -> bool:
        return (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "minimize"
            and isinstance(value.func.value, cst.Call)
            and self.tf_path(value.func.value.func) in OPTIMIZERS
        )

    def _minimize(self, node: Node, value: cst.BaseExpression) -> bool:
        if not (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "minimize"
        ):
            return False
        owner = value.func.value
        if isinstance(owner, cst.Name) and owner.value in self.nodes and self.nodes[owner.value].kind == "optimizer":
            node.optimizer = owner.value
        elif isinstance(owner, cst.Call) and self._inline_minimize(value):
            holder = Node("", "optimizer", node.statement, owner, node.line)
            self._optimizer(holder, owner, cast(str, self.tf_path(owner.func)))  # an optimizer's path: checked
            node.inline = owner
            node.keras, node.keras_args = holder.keras, holder.keras_args
        else:
            path = self.tf_path(owner.func) if isinstance(owner, cst.Call) else None
            if path in UNEQUAL:
                raise self.deny(f"tf.{path}: {UNEQUAL[path]}", value)
            raise self.deny("minimize() of an optimizer tfmigrate does not model", value)
        loss = argument(value, 0, "loss")
        if (
            loss is not None
            and isinstance(loss.value, cst.UnaryOperation)
            and isinstance(loss.value.operator, cst.Minus)
        ):
            node.sign, loss = "-", loss.with_changes(value=loss.value.expression)  # ``minimize(-loss_D)`` (a GAN)
        if loss is None or not isinstance(loss.value, cst.Name) or loss.value.value not in self.nodes:
            raise self.deny("minimize() of something other than a named tensor", value)
        if self.nodes[loss.value.value].kind != "tensor":
            raise self.deny("minimize() of something other than a computed tensor", value)
        for index, arg in enumerate(value.args[1:], 1):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword is None and not arg.star and index < len(_MINIMIZE_PARAMS):
                keyword = _MINIMIZE_PARAMS[index]  # ``minimize(loss, global_step)``: TF1's fixed signature
            listed = gradients.var_list_code(self, arg.value) if keyword == "var_list" else None
            if listed is not None and not isinstance(arg.value, (cst.List, cst.Tuple)):
                node.var_list = listed[0]
            elif (
                keyword == "var_list"
                and isinstance(arg.value, (cst.List, cst.Tuple))
                and all(
                    isinstance(e.value, cst.Name)
                    and self.nodes.get(e.value.value, node).kind == "variable"
                    and not self.nodes[e.value.value].container
                    for e in arg.value.elements
                )
            ):
                node.var_list = self.module.code_for_node(arg.value)
            elif keyword == "var_list" and containers.var_list(self, arg.value) is not None:
                node.var_list = cast(str, containers.var_list(self, arg.value))
            elif (
                keyword == "global_step"
                and isinstance(arg.value, cst.Name)
                and (
                    self.nodes.get(arg.value.value, node).kind == "variable"
                    and not self.nodes[arg.value.value].container
                )
            ):
                node.method = arg.value.value
            elif keyword == "name" and not self._reads(arg.value):
                continue  # ``minimize(loss, name='train')`` names the graph's ops only; the eager step has none
            else:
                raise self.deny(f"minimize({keyword or 'positional'}=...) is not modelled", value)
        optimizer = self.nodes[node.optimizer] if node.optimizer else node
        rate_variables.check_loss(self, optimizer.keras_args, self.nodes[loss.value.value], value)
        node.kind = "train"
        node.loss = loss.value.value
        node.reads = [loss.value.value]
        return True

    def assign(self, node: Node, value: cst.BaseExpression) -> bool:
        """Whether ``value`` is an assign op (``tf.assign(v, x)``, ``v.assign_add(x)``), read into ``node`` if so."""
        if not isinstance(value, cst.Call):
            return False
        func = value.func
        path = self.tf_path(func)
        bound = _bound_arguments(value, ("ref", "value"))
        if path in ASSIGNS and bound is not None:  # ``tf.assign(v, x)``, ``tf.assign(ref=v, value=x)``
            variable, new = bound
            method = path
        elif isinstance(func, cst.Attribute) and func.attr.value in ASSIGNS and path is None:
            variable = func.value
            given = _bound_arguments(value, ("value",))
            if given is None:
                raise self.deny(f".{func.attr.value}() with arguments beyond the value", value)
            (new,) = given
            method = func.attr.value
        else:
            return False
        if not (
            isinstance(variable, cst.Name)
            and self.nodes.get(variable.value, node).kind == "variable"
            and not self.nodes[variable.value].container
        ):
            raise self.deny("an assign to something other than a variable of this module", value)
        self._ops(new, allow_random=False)
        node.kind = "assign"
        node.loss = variable.value
        node.method = method
        node.value = new
        node.reads = self._reads(new)
        node.ancestors = set()
        for read in node.reads:
            if self.nodes[read].kind not in ("placeholder", "variable", "const", "tensor") and not (
                gradient_accumulation.indexed_gradient(self, new, read)
            ):
                raise self.deny(f"`{read}` ({self.nodes[read].kind}) is assigned to a variable", value)
        return True


# TF1 ``Optimizer.minimize``'s leading parameters, in order: a positional argument is read as its keyword.
_MINIMIZE_PARAMS = ("loss", "global_step", "var_list")


def _bound_arguments(call: cst.Call, params: tuple[str, ...]) -> list[cst.BaseExpression] | None:
    """The values ``call`` gives exactly ``params`` (positionally, then by keyword), or None for other arguments."""
    found: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        key = arg.keyword.value if arg.keyword is not None else (params[index] if index < len(params) else None)
        if key not in params or key in found:
            return None
        found[key] = arg.value
    return [found[p] for p in params] if len(found) == len(params) else None


def padded_constant(deny: Callable[[str, cst.CSTNode], Exception], path: str, call: cst.Call) -> None:
    """TF1's ``tf.constant([1., 2.], shape=(2, 3))`` pads with the last element; eager ``tf.constant`` (v1 or v2)
    raises on it, so such a program keeps the graph tier, where TFM101 makes it ``tf.compat.v1.constant``. Only a
    literal value and shape prove a fill here: ``tf.constant(value, shape=shape)`` in a helper is left eager (its
    calls pass a scalar far more often than a short list)."""
    if path == "constant" and constant_call_may_fill(call, False):
        raise deny("tf.constant pads its value to `shape` with the last element (TF1 graphs only)", call)


from tfmigrate.transforms.session import (  # noqa: E402 (they read this module's names)
    assign_comprehensions,
    branch_initializers,
    builders,
    comprehension_scopes,
    containers,
    control_dependencies,
    defaults,
    draws,
    fed_tensors,
    gradient_accumulation,
    gradients,
    graph_sums,
    helper_imports,
    helpers,
    higher_order,
    host_builtins,
    host_data,
    host_globals,
    host_numpy,
    layers,
    moving_averages,
    numpy_draws,
    op_choices,
    py_funcs,
    python_entries,
    queue_objects,
    rate_variables,
    reshape_shapes,
    rnn,
    schedules,
    shapes,
    sibling_modules,
    state_tuples,
    traced_functions,
    trainable_lists,
    tuples,
    variables,
)
