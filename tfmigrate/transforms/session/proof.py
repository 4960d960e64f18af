"""Why the eager program computes what the Session computed, or the line where that cannot be shown.

Every use of the graph in the run phase must be one of the sites modelled here: ``sess.run(fetches,
feed_dict)``, ``tensor.eval(...)``, ``op.run(...)``, one initializer run before anything else, ``sess.close()``.
A fetch becomes a call of the function that now computes it, with the fed values as arguments, read with
``.numpy()`` as the Session returned numpy values. Within one run, values the Session computed before a
training or assign op updated the variables are computed before the call that updates them; anything whose
order the proof cannot fix (a value read after the update, a random value fetched twice, a fed expression
with effects evaluated twice) blocks the rewrite.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import INITIALIZERS, PLACEHOLDER, SESSIONS, argument
from tfmigrate.transforms.session import (
    batch_norms,
    branch_initializers,
    build_prints,
    comprehension_scopes,
    control_dependencies,
    defaults,
    devices,
    draws,
    evaluating_lambdas,
    fed_cuts,
    fed_fetches,
    fed_value_reasons,
    feed_calls,
    feed_functions,
    feed_items,
    fetch_order,
    fetch_structures,
    fetches,
    foreign_calls,
    forward_fetches,
    gradient_accumulation,
    gradient_steps,
    graph_repr,
    helper_tensors,
    helpers,
    host_data,
    in_place,
    initial_values,
    joint_steps,
    kept_loop_appends,
    later_helpers,
    layer_scopes,
    layers,
    moving_averages,
    name_scope_refusals,
    op_loops,
    placeholder_aliases,
    python_ops,
    queue_objects,
    quiet_tries,
    rebound_feed_dicts,
    recomputed_values,
    returned_graphs,
    rnn,
    shapes,
    shared_draws,
    sliced_runs,
    state_tuples,
    traced_arguments,
    unread_results,
    variable_dimensions,
    variable_listings,
    variables,
    version_checks,
)
from tfmigrate.transforms.session import gradients as variable_lists
from tfmigrate.transforms.session.analysis import (
    ASSIGNS,
    LOOKUPS,
    UNCAST,
    Blocked,
    Node,
    Program,
    descendants,
    inside_functions,
    is_random,
    loaded_names,
)
from tfmigrate.transforms.session.graphs import OneGraph
from tfmigrate.transforms.session.late_calls import LateCalls
from tfmigrate.transforms.session.run_calls import run_receiver
from tfmigrate.transforms.session.runners import BUILDS_GIVEN, Runners
from tfmigrate.transforms.session.savers import Savers, keeps_slots, scope_name
from tfmigrate.transforms.session.second_sessions import Restarts, fixed_initial_value, random_initial_value
from tfmigrate.transforms.session.seeds import SeedEdit, plan_seeds, with_argument
from tfmigrate.transforms.session.summaries import Build, Summaries

STATEFUL = frozenset({"train", "assign"})
DEFAULT_SESSION = "<tf.InteractiveSession()>"  # the Session of a bare ``tf.InteractiveSession()``: no name reaches it
REINITIALISERS = frozenset({"global_variables_initializer", "initialize_all_variables"})
LISTED_INITIALISERS = frozenset({"variables_initializer", "initialize_variables"})
VALUES = frozenset({"variable", "const", "tensor", "assign"})
NESTED = (cst.Dict, cst.Set, cst.List, cst.Tuple, cst.ListComp, cst.DictComp, cst.SetComp)  # fetched structures
# TensorFlow calls the run phase may make outside a Session: they do not build graph values.
# TensorFlow calls that build no op: host code wherever they stand (``tf.__version__.split('.')``: a str method).
RUN_PHASE_CALLS = (
    "logging.",
    "app.",
    "flags.",
    "gfile.",
    "io.gfile.",
    "reset_default_graph",
    "__version__.",
    "VERSION.",
    "version.",
)


@dataclass
class Plan:
    """The edits that make the program eager, keyed by the original nodes."""

    program: Program
    replace: dict[cst.CSTNode, str] = field(default_factory=dict)  # call -> expression code
    # variable-building call -> the ``name=`` TF1 gave it: an edit of the call as rewritten (its seeds kept)
    variable_names: dict[cst.CSTNode, str] = field(default_factory=dict)
    remove: set[cst.CSTNode] = field(default_factory=set)  # statements
    unwrap: set[cst.CSTNode] = field(default_factory=set)  # with-Session blocks
    graphs: set[cst.CSTNode] = field(default_factory=set)  # ``g = tf.Graph()`` and ``with ....as_default():``
    looped: set[str] = field(default_factory=set)  # train steps called in a loop: tf.function
    step_losses: set[str] = field(default_factory=set)  # updates after a train step that return its loss
    keys: dict[cst.CSTNode, str] = field(default_factory=dict)  # placeholder keys of a named feed dict -> "name"
    seeds: dict[cst.Call, SeedEdit] = field(default_factory=dict)  # random op -> what seeds it as TF1 did
    fresh: set[cst.Call] = field(default_factory=set)  # random ops drawn in a one-off tf.function (seeds.py)
    sites: int = 0
    savers: Savers | None = None
    statements: dict[cst.CSTNode, Build] = field(default_factory=dict)  # statement -> what replaces it
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, change) made outside the node rewrites
    reinitialise: dict[cst.CSTNode, list[str]] = field(default_factory=dict)  # initializer run -> its assigns
    names: dict[cst.Attribute, str] = field(default_factory=dict)  # ``v.name`` -> the name TF1 gave ``v``
    params: dict[cst.CSTNode, str] = field(default_factory=dict)  # function run with a Session -> its parameter
    applied_losses: dict[str, Node] = field(default_factory=dict)  # apply_gradients step -> the loss it returns
    joint: dict[tuple[str, str], joint_steps.JointStep] = field(default_factory=dict)  # two train ops run together
    gradient_steps: dict[tuple[str, ...], gradient_steps.GradientStep] = field(default_factory=dict)  # assigns run so
    called: set[str] = field(default_factory=set)  # train steps called on their own
    forwards: dict[str, list[Node]] = field(default_factory=dict)  # train step -> values it returns after its loss
    loss_reads: list[tuple[str, str]] = field(default_factory=list)  # (train step, call) read as its loss
    restarts: dict[cst.CSTNode, str] = field(default_factory=dict)  # a second Session -> what restarts its seeds
    after: dict[cst.CSTNode, list[str]] = field(default_factory=dict)  # statement -> code run after it (build_prints)


def structured(node: Node) -> bool:
    """A graph value that is a list of (gradient, variable) pairs, or a list or tuple of tensors (rnn_lists.py,
    ``buf = [t0, t1]``): the Session returned its numpy values in a list or tuple, not one array."""
    return (
        bool(node.nested)
        or node.kind == "gradients"
        or (node.kind in ("tensor", "const") and isinstance(node.value, (cst.List, cst.Tuple, cst.ListComp)))
    )


def nested(program: Program, node: Node) -> bool:
    """A graph value the Session returned as a structure of arrays, not one array: an RNN run's final state
    (``outputs, states = tf.nn.dynamic_rnn(lstm_cell, X)``: a (c, h) tuple for LSTM and multi-layer cells). Read
    with ``tf.nest.map_structure``, which reads a single tensor as ``.numpy()`` does. (A layer's or cell's variable
    list never gets here: rnn.collect refuses it, eagerly it is empty before the first call.)"""
    value = node.value
    if not (isinstance(value, cst.Subscript) and isinstance(value.value, cst.Name) and len(value.slice) == 1):
        return False
    index = value.slice[0].slice
    whole = node.resolved.get(value.value.value) or program.nodes.get(value.value.value)
    return (
        whole is not None
        and whole.value in rnn.runs(program)
        and isinstance(index, cst.Index)
        and isinstance(index.value, cst.Integer)
        and index.value.value == "1"
    )


def _module_level(program: Program, node: cst.CSTNode) -> bool:
    """``node`` runs where the module's statements run, once: not inside a function, class or lambda."""
    return not any(
        isinstance(outer, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) and node in set(descendants(outer))
        for outer in descendants(program.module)
        if isinstance(outer, (cst.FunctionDef, cst.ClassDef, cst.Lambda))
    )


def pure(node: cst.BaseExpression) -> bool:
    """An expression that may be evaluated twice without effect: names, literals, attributes, subscripts and slices,
    arithmetic of such."""
    if isinstance(node, (cst.Name, cst.Integer, cst.Float, cst.SimpleString, cst.Imaginary)):
        return True
    if isinstance(node, cst.Attribute):
        return pure(node.value)
    if isinstance(node, cst.UnaryOperation):
        return pure(node.expression)
    if isinstance(node, cst.Subscript):
        return pure(node.value) and all(_pure_index(s.slice) for s in node.slice)
    if isinstance(node, cst.BinaryOperation):  # ``i + batch_size`` in a slice of host data
        return pure(node.left) and pure(node.right)
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(not isinstance(e, cst.StarredElement) and pure(e.value) for e in node.elements)
    return False


def _pure_index(index: cst.BaseSlice) -> bool:
    """``x[i]`` or ``x[start:stop:step]`` (``mnist.train.images[i : i + 100]``), each bound pure or left out."""
    if isinstance(index, cst.Index):
        return pure(index.value)
    if isinstance(index, cst.Slice):
        return all(part is None or pure(part) for part in (index.lower, index.upper, index.step))
    return False


class Proof:
    """Walks the module once: definitions go to the Program, run-phase sites to the Plan."""

    @cached_property
    def underscore_read(self) -> bool:
        return _underscore_read(self.program.module)

    @cached_property
    def unread(self) -> frozenset[cst.Name]:
        return unread_results.unread_targets(self.program.module)

    def __init__(self, program: Program) -> None:
        self.start = shared_draws.snapshot(program)  # the program as given, for a proof run again (shared_draws.py)
        self.program = program
        self.plan = Plan(program)
        self.sessions: set[str] = set()
        self.open: set[str] = set()  # Sessions that may still run the graph
        self.closed: set[str] = set()  # Sessions closed by ``sess.close()`` at this level: TF1 runs no more
        self.quiet_from = 0  # graph definitions from here on were built after every earlier Session ended
        self.initialized = False
        self.ran = False
        self.reached: set[str] = set()  # variables the runs so far read or changed (initial_values.reached)
        self.initialised_upto = -1  # the definitions before the latest run of an initializer of many variables
        self.initialised_singly: list[str] = []  # variables ``v.initializer.run()`` initialised
        self.line: cst.SimpleStatementLine | None = None  # the statement line being proved (small)
        self.ran_variables = False  # a run happened while the graph held variables (they were read uninitialised)
        self.opened_at = 0  # plan.sites when the last Session opened
        self.code = program.module.code_for_node
        self.feed_dicts: dict[str, list[str]] = {}  # ``feed = {X: a, Y: b}`` -> the placeholders it feeds
        self.tf = "tf"
        self.savers = self.plan.savers = Savers(self)
        self.summaries = Summaries(self)
        self.graph = OneGraph(self)
        self.runners = Runners(self)
        self.late_calls = LateCalls(self)  # module-level ``def``s read as host code, judged at their calls
        self.restarts = Restarts(self)  # Sessions after the first (second_sessions.py)
        self.printed: dict[cst.BaseExpression, tuple[cst.Call, cst.SimpleStatementLine | None]] = {}  # graph_repr.py
        self.own: set[int] = set()  # ids of the Names that read a comprehension's own variable (comprehension_scopes)

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return self.program.deny(construct, node)

    def several(
        self, construct: str, items: list[cst.BaseExpression], nodes: list[Node | None], call: cst.Call
    ) -> Blocked:
        """A run fetching several random values: random tensors are drawn once and shared (shared_draws.py); a
        queue's values are refused (one dequeue per run in TF1, one per value eagerly)."""
        if construct.startswith("one run fetches several values of a random tensor"):
            return shared_draws.share_or_deny(self, items, nodes, call)
        return self.deny(construct, call)

    # --------------------------------------------------------------------------------------- walk
    def run(self) -> Plan:
        try:
            return self.walk()
        except shared_draws.Share as share:  # again, each of those random tensors drawn once per run and passed on
            shared_draws.restart(self.program, self.start, share)
            again = Proof(self.program)
            again.tf = self.tf
            plan = again.run()
            vars(self).update(vars(again))
            return plan

    def walk(self) -> Plan:
        self.program.count_bindings()
        moving_averages.tensor_averages(self.program)  # named before the helper or cond that holds it
        self.block(self.program.module.body, top=True, loop=False)
        self.late_calls.finish()
        helpers.check_uses(self.program)
        feed_functions.check_uses(self.program)
        helper_tensors.check_calls(self.program)
        self.runners.finish()
        self.savers.finish()
        self.summaries.finish()
        self.graph.finish()
        if not self.plan.sites and not self.sessions:
            raise Blocked("no Session runs the graph in this module", 0)
        self.program.settle_versions()
        recomputed_values.check(self.program)
        rnn.finish(self)
        # layers.finish refuses an initializer run again (plan.reinitialise) in a program with tf.layers, and
        # restarts.finish adds the runs of restarted Sessions to plan.reinitialise only after it (it needs the
        # seed plan). None is missed: Restarts.initialise records a run to replay only when something may have
        # changed a variable or the program is unseeded, and refuses those in a program with layers.built itself.
        layers.finish(self)
        self.captured()
        self.plan.seeds, self.plan.fresh, streams = plan_seeds(self.program, self.plan.looped, self.tf)
        for statement, codes in streams.items():
            self.plan.after.setdefault(statement, []).extend(codes)
        self.restarts.finish()
        self.plan.replace.update(initial_values.replacements(self.program))
        self.plan.replace.update(variable_dimensions.replacements(self.program, self.tf))
        rnn.plan(self)
        state_tuples.check(self.program)
        forward_fetches.settle(self.plan)
        graph_repr.settle(self, self.printed)
        build_prints.settle(self)
        return self.plan

    def captured(self) -> None:
        """A graph froze the Python values it was built from; a function reads them when called, so each
        must be bound once and never changed in place after the graph read it. A change made before (a numpy
        filter filled element by element, then given to ``tf.nn.conv2d``) is in the value the graph froze and in
        the one the function reads: only a module-level statement wholly before the first graph definition that
        reads the value counts as before (not one in the same loop or block, nor one inside a function)."""
        program = self.program
        names: dict[str, Node] = {}
        top = {inner: index for index, statement in enumerate(program.module.body) for inner in descendants(statement)}
        first: dict[str, int] = {}  # name -> the module statement of the first graph definition reading it
        for node in program.nodes.values():
            if node.kind in ("tensor", "assign"):
                own = _comprehension_locals(node.value)  # ``[tf.nn.softmax(logit) for logit in logits]``
                params = _lambda_parameters(node.value)  # ``kernel_regularizer=lambda w: ...``'s ``w``
                read = [n.value for n in loaded_names(node.value) if n.value not in own and n not in params]
                for call in descendants(node.value):
                    helper = helpers.helper_of(program, call)
                    read += sorted(helpers.free_names(program, helper)) if helper is not None else []
                for name in read:
                    if name not in program.nodes and name in program.binds:
                        names.setdefault(name, node)
                        first[name] = min(first.get(name, len(program.module.body)), top.get(node.statement, -1))
        for key, node in names.items():
            if program.binds[key] != 1:
                raise Blocked(
                    f"`{node.name}` is built from `{key}`, which is rebound later (the graph kept its first value)",
                    node.line,
                )
        for current, key in in_place.changes(program, set(names)):
            if _module_level(program, current) and top.get(current, len(program.module.body)) < first[key]:
                continue  # filled before the graph read it: the graph froze the filled value
            raise Blocked(
                f"`{key}`, which `{names[key].name}` is built from, is changed in place (the graph kept its first "
                "value)",
                program.line_of(current),
            )

    def block(self, statements, top: bool, loop: bool) -> None:
        for statement in statements:
            try:
                self.statement(statement, top, loop)
            except Blocked as blocked:  # ``fc.append(dense(x, 4))`` before a kept loop filling ``fc``: the loop's
                truer = kept_loop_appends.truer(self.program, statement, blocked) if top else blocked
                if truer is blocked:
                    raise
                raise truer from None

    def statement(self, statement: cst.CSTNode, top: bool, loop: bool) -> None:
        program = self.program
        if isinstance(statement, cst.SimpleStatementLine) and self.summaries.statement(statement, top, loop):
            return
        if isinstance(statement, (cst.For, cst.While, cst.If)):
            self.summaries.nested(statement)
        if isinstance(statement, cst.SimpleStatementLine):
            if top and self.graph.binding(statement):
                return
            if top and self.default_session(statement):
                return
            if (
                top
                and not self.runs(statement)
                and self.graph.ended
                and _defines_graph(program, statement)
                and not self.opens_session(statement, _target(statement) or "")  # ``tf.Session(graph=g)``
            ):
                raise self.deny("the graph is built outside the `with tf.Graph().as_default():` block", statement)
            if top and not self.runs(statement) and self.savers.repeat(statement):
                self.plan.remove.add(statement)
                return
            if (
                top
                and not self.runs(statement)
                and not fetches.feed_dict(program, statement)
                and program.define(statement)
            ):
                node = program.nodes.get(_target(statement) or "")
                if node is not None and node.kind == "session":
                    self.session(node.name, statement)
                    self.plan.remove.add(statement)
                elif node is not None and node.kind == "init":
                    self.plan.remove.add(statement)
                elif node is not None and node.kind == "saver":
                    self.savers.define(node)
                elif node is not None and node.kind == moving_averages.UPDATE and self.sessions:
                    raise self.deny("a moving average's update is built while the graph runs", statement)
                return
            if not top and not loop and branch_initializers.binding(program, statement) and program.define(statement):
                self.plan.remove.add(statement)  # the initializer named in a branch: read as at module level
                return
            if not top and _defines_graph(program, statement) and not fetches.run_assignment(statement):
                if self.runners.active:  # the body of ``def f(sess)``, proved at each call, not a loop
                    raise self.deny(
                        f"function `{sorted(self.runners.active)[0]}` {BUILDS_GIVEN} (a function given the Session is "
                        "read as running the graph only)",
                        statement,
                    )
                raise self.deny("the graph is built inside a loop or branch", statement)
            self.small(statement, loop, top)
            return
        if top and later_helpers.defined(program, statement):  # read when the helper above it called it
            return
        if isinstance(statement, cst.FunctionDef) and top and self.runners.define(statement):
            return
        if isinstance(statement, cst.FunctionDef) and top and helpers.never_called(program, statement):
            return  # ``def variable_summaries(var): ...`` nothing calls: its body never runs
        if isinstance(statement, cst.FunctionDef) and top and feed_functions.define(program, statement):
            return  # ``def feed_dict(train): ... return {x: xs, y_: ys}``: host code, kept as written
        if isinstance(statement, cst.FunctionDef) and top and helpers.uses_graph(program, statement, self.sessions):
            helpers.define(program, statement, self.sessions)
            return
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            self.foreign_code(statement, top)
            if isinstance(statement, cst.FunctionDef) and top:
                program.functions[statement.name.value] = statement
                self.late_calls.define(statement)
            return
        if isinstance(statement, cst.With):
            if top and self.session_with(statement):
                self.block(statement.body.body, top=True, loop=loop)
                self.ended(statement.items[0].asname.name.value)  # type: ignore[union-attr]
                return
            if top and self.graph.enter(statement):
                self.block(statement.body.body, top=True, loop=loop)
                self.graph.ended = True
                return
            if top and (
                scope_name(self.program, statement)
                or variables.variable_scope(self.program, statement)
                or layer_scopes.entry(self.program, statement)
            ):
                self.block(statement.body.body, top=True, loop=loop)
                return
            if top and not self.sessions and devices.pinned(self.program, statement):
                self.block(statement.body.body, top=True, loop=loop)
                return
            block = control_dependencies.enter(program, statement) if top else None
            if block is not None:
                if self.sessions and block != control_dependencies.Block():  # an empty list: the block is its body
                    raise self.deny(
                        "tf.control_dependencies while the graph runs (it would build graph ops)", statement
                    )
                program.control = block
                self.block(statement.body.body, top=True, loop=loop)
                program.control = None
                self.plan.unwrap.add(statement)
                return
            refusal = name_scope_refusals.refusal(program, statement, top) or (
                variables.scope_refusal(program, statement) if top else None
            )
            if refusal is not None:
                raise self.deny(*refusal)
            for item in statement.items:
                self.expression(item.item, loop)
            self.block(_body(statement), top=False, loop=loop)
            return
        if isinstance(statement, (cst.For, cst.While)):
            try:
                self.expression(statement.iter if isinstance(statement, cst.For) else statement.test, loop)
            except Blocked as refused:  # ``for q in tf.split(x, env.action_space.n)``: said as the loop's
                if not (isinstance(statement, cst.For) and isinstance(statement.iter, cst.Call)):
                    raise
                path = self.program.tf_path(statement.iter.func)
                if path is None:
                    raise
                raise op_loops.reason(self.program.module, statement, path, refused) from None
            self.block(_body(statement), top=False, loop=True)
            if statement.orelse is not None:
                self.block(_body(statement.orelse), top=False, loop=True)
            return
        if isinstance(statement, cst.If) and top:
            chosen = version_checks.initializer_choice(program, statement, self.tf)
            if chosen is not None:  # ``if <TF version>: init = ... else: init = ...``
                for line in chosen:
                    program.define(line)
                    self.plan.remove.update((line, statement))
                return
        if isinstance(statement, cst.If):
            self.expression(statement.test, loop)
            before = self.run_state()
            self.block(_body(statement), top=False, loop=loop)
            if statement.orelse is not None:
                orelse = statement.orelse
                if isinstance(orelse, cst.If):
                    self.statement(orelse, top=False, loop=loop)
                else:
                    restored = self.run_state()
                    exclusive = self.savers.restore_or_initialise(statement)
                    if exclusive:  # the `else:` runs instead of the restore, from the state before the `if`
                        self.set_run_state(before)
                    self.block(_body(orelse), top=False, loop=loop)
                    if exclusive:
                        self.set_run_state(self.run_state(), restored)
            return
        if isinstance(statement, cst.Try) and self.savers.attempt(statement):  # the handlers run instead of it
            before = self.run_state()
            self.block(_body(statement), top=False, loop=loop)
            if statement.orelse is not None:
                self.block(_body(statement.orelse), top=False, loop=loop)
            restored = self.run_state()
            self.set_run_state(before)
            for handler in statement.handlers:
                self.block(_body(handler), top=False, loop=loop)
            self.set_run_state(self.run_state(), restored)
            return
        if isinstance(statement, cst.Try) and (_stops(statement) or quiet_tries.readable(self, statement)):
            self.block(_body(statement), top=False, loop=loop)
            for handler in statement.handlers:
                self.block(_body(handler), top=False, loop=loop)
            for part in (statement.orelse, statement.finalbody):
                if part is not None:
                    self.block(_body(part), top=False, loop=loop)
            return
        raise self.deny(f"a `{type(statement).__name__}` statement in a Session program", statement)

    def run_state(self) -> tuple[bool, bool, bool, frozenset[str]]:
        """What the runs so far did to the variables: initialised them, ran the graph, read them."""
        return self.initialized, self.ran, self.ran_variables, frozenset(self.reached)

    def set_run_state(self, *states: tuple[bool, bool, bool, frozenset[str]]) -> None:
        """The run state after any of ``states``: what either branch may have done."""
        self.initialized = any(s[0] for s in states)
        self.ran = any(s[1] for s in states)
        self.ran_variables = any(s[2] for s in states)
        self.reached = set().union(*(s[3] for s in states))

    def runs(self, line: cst.SimpleStatementLine) -> bool:
        """A statement that runs the graph (``sess.run``, ``t.eval``, ``op.run``) rather than building it."""
        for call in descendants(line):
            if (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and isinstance(call.func.value, cst.Name)
            ):
                owner, method = call.func.value.value, call.func.attr.value
                if owner in self.sessions or (owner in self.program.nodes and method in ("eval", "run")):
                    return True
                if self.savers.owns(call):
                    return True
            if isinstance(call, cst.Call) and self.runners.given(call, self.sessions):
                return True  # ``score = model__test(sess, X)``: a function run with the Session, not a graph value
            if isinstance(call, cst.Call) and self.evaluated(call) is not None:
                return True
        return False

    def evaluated(self, call: cst.Call) -> cst.BaseExpression | None:
        """``tf.op(...).eval()`` / ``(a * b).eval()`` / ``ts[i].eval()`` under a default Session: the graph expression
        it evaluates."""
        func = call.func
        if not (self.sessions and isinstance(func, cst.Attribute) and func.attr.value == "eval"):
            return None
        value = func.value
        if isinstance(value, cst.Call) and (
            self.program.tf_path(value.func) is not None
            or self.assigned(value)
            or queue_objects.method(self.program, value)
        ):
            return value
        if isinstance(value, (cst.BinaryOperation, cst.UnaryOperation)) and self.program._reads(value):
            return value
        if (
            isinstance(value, cst.Subscript)
            and isinstance(value.value, cst.Name)
            and value.value.value in self.program.nodes
        ):
            return value  # ``ts[t_index].eval()``: one tensor of a list of them (listed_tensors.py)
        return None

    def assigned(self, call: cst.Call) -> bool:
        """``v.assign(x)`` of a module variable, as in ``global_step.assign(i + 1).eval()``: evaluated, it runs as
        ``sess.run(v.assign(x))`` does."""
        func = call.func
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value in ASSIGNS
            and isinstance(func.value, cst.Name)
            and getattr(self.program.nodes.get(func.value.value), "kind", "") == "variable"
        )

    def session(self, name: str, where: cst.CSTNode) -> None:
        logged = devices.placement_log(self.program, where)
        if logged is not None:
            raise self.deny(logged, where)
        opened = next(
            (c for c in descendants(where) if isinstance(c, cst.Call) and self.program.tf_path(c.func) in SESSIONS),
            None,
        )
        if opened is not None:
            self.graph.session(opened)
        if (self.sessions or self.ran) and not self.unused(name):
            self.another_session(where)
        self.sessions.add(name)
        self.open.add(name)
        self.closed.discard(name)
        self.opened_at = self.plan.sites

    def default_session(self, statement: cst.SimpleStatementLine) -> bool:
        """``tf.InteractiveSession()`` bound to no name: all it does is install itself as the default Session that
        ``t.eval()`` and ``op.run()`` use, as ``sess = tf.InteractiveSession()`` does; eagerly there is none to
        install, and the statement goes as that one does."""
        body = statement.body
        call = body[0].value if len(body) == 1 and isinstance(body[0], cst.Expr) else None
        if not (isinstance(call, cst.Call) and self.program.tf1_path(call.func) == "InteractiveSession"):
            return False
        if call.args:
            raise self.deny("InteractiveSession arguments", call)
        self.session(DEFAULT_SESSION, statement)
        self.plan.remove.add(statement)
        return True

    def unused(self, name: str) -> bool:
        """The Session before this one initialised and ran nothing, and only ``name`` (rebound here) reached it: no
        value can start over, so the program is the one it was (``sess = tf.InteractiveSession()`` written twice)."""
        return not (self.initialized or self.ran) and self.plan.sites == self.opened_at and self.open <= {name}

    def ended(self, name: str) -> None:
        self.open.discard(name)
        if not self.open:
            self.quiet_from = len(self.program.order)

    def another_session(self, where: cst.CSTNode) -> None:
        """A new Session starts with fresh variables and fresh random streams; when the graph an earlier Session
        could run holds neither (constants, placeholders and the tensors computed from them), every Session
        computes the same values, and so does eager code."""
        program = self.program
        since = len(program.order) if self.open else self.quiet_from  # what an earlier Session may have run
        state = [
            node
            for versions in program.versions.values()
            for node in versions
            if (node.kind in ("variable", "saver", "optimizer", "train", "assign") or node.random)
            and node.index < since
        ]
        if (state or self.savers.savers or program.seeds) and not self.graph.fresh() and not self.savers.restart(where):
            self.restarts.begin(where, state)
        self.initialized = self.ran = self.ran_variables = False

    def session_with(self, statement: cst.With) -> bool:
        if len(statement.items) != 1:
            return False
        item = statement.items[0]
        call = item.item
        if not (isinstance(call, cst.Call) and self.program.tf_path(call.func) in SESSIONS):
            return False
        if item.asname is None or not isinstance(item.asname.name, cst.Name):
            raise self.deny("a Session entered without a name", statement)
        if any(a.keyword is None or a.keyword.value not in ("config", "graph") for a in call.args):
            raise self.deny("Session arguments other than config", call)
        name = item.asname.name.value
        for other in self.program.scope.sites.get(name, []):
            if other is not statement and not self.opens_session(other, name):
                raise self.deny(f"`{name}` is bound more than once", statement)
        self.session(name, statement)
        self.plan.unwrap.add(statement)
        return True

    def opens_session(self, binding: cst.CSTNode, name: str) -> bool:
        """``with tf.Session() as name:`` or ``name = tf.Session()`` in straight-line code."""
        if binding not in self.program.scope.straight.get(name, []):
            return False
        if isinstance(binding, cst.With):
            values = [item.item for item in binding.items]
        elif isinstance(binding, cst.SimpleStatementLine) and isinstance(binding.body[0], cst.Assign):
            values = [binding.body[0].value]
        else:
            return False
        return any(isinstance(v, cst.Call) and self.program.tf_path(v.func) in SESSIONS for v in values)

    def foreign_code(self, definition: cst.CSTNode, top: bool = False) -> None:
        """Functions and classes other than module-level helpers (helpers.py) may not touch TensorFlow or the
        graph: their callers are not modelled. ``top``: the definition is at module level (a ``main()``)."""
        where = "a function or class"
        if isinstance(definition, cst.ClassDef):
            where = f"class `{definition.name.value}` (a class that builds graph ops is not modelled)"
        elif isinstance(definition, cst.FunctionDef):
            where = f"function `{definition.name.value}`" + ("" if top else ", defined inside a block,")
        functions = top and isinstance(definition, cst.FunctionDef)
        returned = returned_graphs.reason(self.program, definition) if functions else None  # type: ignore[arg-type]
        if returned is not None:
            raise self.deny(*returned)
        for node in descendants(definition) if functions else ():  # what kept it from being a helper or the program
            path = self.program.tf_path(node.func) if isinstance(node, cst.Call) else None
            if path in SESSIONS:
                raise self.deny(
                    f"{where} opens a Session (only a Session program at module level or in one function the "
                    "module runs once is rewritten)",
                    node,
                )
            if (path or "").removeprefix("compat.v1.") == PLACEHOLDER:
                raise self.deny(f"{where} makes a placeholder (a graph-building helper may not)", node)
        host = host_data.host_names(self.program, definition)
        # ``mean: tf.Tensor`` in a NamedTuple record (fetch_structures.py): an annotation names a type, runs nothing
        host |= {n for a in descendants(definition) if isinstance(a, cst.Annotation) for n in descendants(a)}
        for node in descendants(definition):
            if isinstance(node, cst.Name) and (node.value in self.program.nodes or node.value in self.sessions):
                raise self.deny(f"`{node.value}` is used inside {where}", node)
            if (
                isinstance(node, (cst.Name, cst.Attribute))
                and node not in host
                and self.program.tf_path(node) is not None
            ):
                raise self.deny(f"{where} uses TensorFlow (the Session program is not all at module level)", node)

    # --------------------------------------------------------------------------------------- run phase
    def small(self, line: cst.SimpleStatementLine, loop: bool, top: bool = False) -> None:
        self.line = line  # where a run that reads variables after its step puts the step (fetch_order.after_step)
        if len(line.body) == 1 and isinstance(line.body[0], cst.Expr):
            call = line.body[0].value
            if isinstance(call, cst.Call) and self.evaluated(call) is not None:  # ``v.assign(x).eval()``
                if self.site(call, loop, statement=True, targets=None):
                    return
            single = initial_values.variable_initializer(self.program, call, self.sessions)
            if single is not None:
                self.restarts.single(line)
                if loop:
                    raise self.deny("a variable's initializer runs in a loop", line)
                again = initial_values.initialised_again(self.program, single, self.initialised_upto)
                if again is not None:
                    raise self.deny(again, line)
                if self.ran or self.reached:  # ``v.initializer.run()``: a no-op eagerly before any run or restore
                    late = initial_values.late_initializer(self.program, single, self.reached)
                    if late is not None:
                        raise self.deny(late, line)
                    self.ran_variables = True  # a later initialiser of every variable would initialise it again
                self.initialised_singly.append(single)
                self.plan.remove.add(line)
                return
            if _initializer_op_run(self.program, call):  # ``tf.global_variables_initializer().run()``
                previous, self.initialised_upto = self.initialised_upto, len(self.program.order)
                self.drawn_twice(line)
                if not loop and self.initialized and self.reinitialise(cast(cst.Call, call), line, previous):
                    return
                if not loop and self.restarts.initialise(cast(cst.Call, call), line):
                    return
                if loop or self.initialized or self.ran:
                    raise self.deny("the variables are initialised again", line)
                self.savers.initialised(line)
                self.initialized = True
                self.plan.remove.add(line)
                return
            if (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and isinstance(call.func.value, cst.Name)
            ):
                owner, method = call.func.value.value, call.func.attr.value
                if owner in self.sessions and method == "close" and not call.args:
                    self.plan.remove.add(line)
                    if not loop:
                        self.ended(owner)
                        self.closed.add(owner)
                    return
                if self.initializer_run(call):
                    previous, self.initialised_upto = self.initialised_upto, len(self.program.order)
                    self.drawn_twice(line)
                    if not loop and self.initialized and self.reinitialise(call, line, previous):
                        return
                    if not loop and self.restarts.initialise(call, line):
                        return
                    if loop or self.initialized or self.ran_variables:
                        raise self.deny("the variables are initialised again", line)
                    self.savers.initialised(line)
                    self.initialized = True
                    self.plan.remove.add(line)
                    return
                site = self.site(call, loop, statement=True, targets=None)
                if site:
                    return
        if len(line.body) == 1 and isinstance(line.body[0], cst.Assign) and len(line.body[0].targets) == 1:
            assign = line.body[0]
            if self.feed_dict(assign, line) or feed_items.store(self, assign, line):
                return
            target = assign.targets[0].target
            if top and devices.config_setting(self.program, assign):  # ``config.gpu_options.allow_growth = True``
                return
            if isinstance(assign.value, cst.Call):
                targets: Sequence[cst.BaseElement] | cst.Name | None = (
                    target.elements if isinstance(target, (cst.Tuple, cst.List)) else None
                )
                if isinstance(target, cst.Name) and target.value == "_" and not self.underscore_read:
                    targets = target  # ``_ = sess.run(train_op, ...)``: the whole value thrown away
                elif isinstance(target, cst.Name) and target in self.unread:
                    targets = target  # ``result = sess.run(train_op, ...)``, never read (unread_results.py)
                if self.site(assign.value, loop, statement=False, targets=targets):
                    self.rebind(target, top)
                    self.summaries.bound(target, assign.value)
                    return
            if top:
                self.expression(assign.value, loop)
                self.rebind(target, top)
                return
        for small in line.body:
            self.expression(small, loop)

    def rebind(self, target: cst.BaseExpression, top: bool) -> None:
        """A graph name given a Python value in straight-line module code holds that value from here on; anywhere
        else its uses could mean either."""
        if not top:
            self.names(target)
            return
        names = [e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) else [target]
        for name in names:
            if isinstance(name, cst.Name) and name.value not in self.sessions and name.value not in self.feed_dicts:
                self.program.unbind(name.value, name)
            else:
                self.names(name)
                self.expression(name, loop=False)

    def feed_dict(self, assign: cst.Assign, line: cst.SimpleStatementLine) -> bool:
        """``feed = {X: a, Y: b}`` built apart from the run: its keys become strings, ``feed["X"]`` the values."""
        target, value = assign.targets[0].target, assign.value
        self.late_calls.feed_function(value)  # ``def feed_dict(train): ...`` defined above its placeholders
        built = feed_functions.returned_dict(self.program, value)  # ``fd = set_feed(images, labels, 0.5)``
        if built is not None and isinstance(target, cst.Name):
            self.program.helper_calls.add(cast(cst.Call, value))
            for arg in cast(cst.Call, value).args:
                self.names(arg.value)
            value = built
        if not (isinstance(target, cst.Name) and isinstance(value, cst.Dict) and value.elements):
            return False
        keys = []
        for element in value.elements:
            if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.Name):
                return False
            node = placeholder_aliases.aliased(self.program, self.program.nodes.get(element.key.value))
            if node is None or node.kind != "placeholder":
                return False
            keys.append(element.key.value)
        previous = self.feed_dicts.get(target.value)
        if (
            previous is not None
            and sorted(previous) != sorted(keys)
            and not rebound_feed_dicts.decides(self.program.module, target.value, line)
        ):
            raise self.deny(f"`{target.value}` feeds other placeholders here than where it was first built", line)
        local = inside_functions(self.program.module) if previous is None else set()  # a feed function's own dict
        if (
            previous is None
            and target.value in self.program.binds
            and self.program.binds[target.value]
            != sum(
                1
                for n in descendants(self.program.module)
                if n not in local
                and isinstance(n, cst.AssignTarget)
                and isinstance(n.target, cst.Name)
                and n.target.value == target.value
                and isinstance(n, cst.AssignTarget)
            )
        ):
            raise self.deny(f"`{target.value}` is bound in other ways than as a feed dict", line)
        self.feed_dicts[target.value] = keys
        for element in value.elements:
            if built is None:
                self.names(element.value)
            self.plan.keys[element.key] = f'"{element.key.value}"'  # type: ignore[attr-defined]
        return True

    def initializer_run(self, call: cst.Call) -> bool:
        func = call.func
        assert isinstance(func, cst.Attribute)
        if func.attr.value != "run":
            return False
        owner = func.value.value  # type: ignore[attr-defined]
        node = self.program.nodes.get(owner)
        if node is not None and node.kind == "init" and not call.args:
            return True
        if owner in self.sessions and len(call.args) == 1 and call.args[0].keyword is None:
            fetch = call.args[0].value
            if isinstance(fetch, cst.Name) and self.program.nodes.get(fetch.value, None) is not None:
                return self.program.nodes[fetch.value].kind == "init"
            return isinstance(fetch, cst.Call) and not fetch.args and self.program.tf_path(fetch.func) in INITIALIZERS
        return False

    def reinitialise(self, call: cst.Call, line: cst.SimpleStatementLine, previous: int) -> bool:
        """``previous``: the definitions made before the initializer's last run; the later ones (a second model
        built after it) are initialised here for the first time."""
        variables = self.initial_values(call, line, fresh_from=previous)
        if variables is None:
            return False
        self.plan.reinitialise[line] = [f"{n.name}.assign({self.code(_initial(n))})" for n in variables]
        self.plan.sites += 1
        return True

    def initial_values(
        self, call: cst.Call, line: cst.SimpleStatementLine, restarted: bool = False, fresh_from: int | None = None
    ) -> list | None:
        """A second ``sess.run(tf.global_variables_initializer())`` puts every variable back to its initial value,
        ``sess.run(tf.variables_initializer([w, c]))`` the ones it lists: eagerly, an assign of that value. A constant
        one is the same value again; a random one is a new draw of the same distribution, which an unseeded
        program may take (any draw will do), a seeded one not (TF1 draws the initializer's next numbers, which the
        eager op does not); a computed one would be read again. A whole reset also resets the optimizer's state,
        which the eager optimizer keeps: refused once a train step has run. ``restarted``: the initializer's first run in a second Session, where
        TF1 draws a seeded initial value from its stream's start (second_sessions.py). ``fresh_from``: the index from
        which definitions were made after the initializer's last run in this Session (the CNN a tutorial builds after
        training its softmax model): TF1 gives those variables, and the optimizer slots of the train steps made
        there, their first value at this run, the eager ones theirs at creation (the same op seed draws the same first
        numbers), and no run can have read them before (TF1 raises on an uninitialised variable): they are left as
        they are. The variables it resets, or None when it is not an initializer run of this kind."""
        program = self.program
        fetch = call.args[0].value if call.args else cast(cst.Attribute, call.func).value
        if isinstance(fetch, cst.Name) and fetch.value in program.nodes:
            fetch = program.nodes[fetch.value].value
        path = program.tf1_path(fetch.func) if isinstance(fetch, cst.Call) else ""
        if path in REINITIALISERS:
            variables = sorted(
                (n for versions in program.versions.values() for n in versions if n.kind == "variable"),
                key=lambda n: n.index,
            )
        elif path in LISTED_INITIALISERS:
            variables = self.listed(cast(cst.Call, fetch), line)
        else:
            return None
        if fresh_from is not None:
            variables = [n for n in variables if n.index < fresh_from]
            for node in program.nodes.values():
                stateful = node.kind == "variable" or (node.kind == "train" and keeps_slots(program, node))
                if stateful and not _reset(node, fresh_from) and node.name in self.reached:
                    what = f"`{node.name}`" if node.kind == "variable" else f"the optimizer state of `{node.name}`"
                    raise self.deny(
                        f"the variables are initialised again, and {what} is first initialised here, after a run "
                        f"reached `{node.name}` (TF1 raises at that run: it was uninitialised)",
                        line,
                    )
        again = (
            "a second Session initialises the variables again" if restarted else "the variables are initialised again"
        )
        for name, node in program.nodes.items():
            helper = helpers.built(program, name) if node.kind == "variable" else None
            if helper is not None and (path in REINITIALISERS or node in variables) and _reset(node, fresh_from):
                raise self.deny(f"{again}, and `{helper.name}` built some of them", line)
        for node in variables:
            value = node.value
            initial = argument(value, 0, "initial_value") if isinstance(value, cst.Call) else None
            start = initial.value if initial is not None else value
            if (
                program.nodes.get(node.name) is not node
                or not isinstance(value, cst.Call)
                or program.tf_path(value.func) != "Variable"
                or initial is None
                or not (
                    self.constant(initial.value)
                    or self.unseeded_draw(initial.value)
                    or (restarted and (random_initial_value(self, start) or fixed_initial_value(self, start)))
                )
            ):
                raise self.deny(
                    f"{again}, and the initial value of `{node.name}` is not a constant"
                    + (
                        " or a random op of literals"
                        if restarted
                        else " (a random one in a seeded program)"
                        if fetches.seeded(program)
                        else ""
                    ),
                    line,
                )
        averages = [n for n in program.nodes.values() if n.kind == moving_averages.UPDATE]
        if averages and path in REINITIALISERS:
            raise self.deny(f"{again}, and the moving averages of `{averages[0].name}` with them", line)
        # slots no step has written yet hold their initial values in TF1, and the eager optimizer has made none
        kept = [
            n for n in program.nodes.values() if n.kind == "train" and keeps_slots(program, n) and _reset(n, fresh_from)
        ]
        if kept and path in REINITIALISERS and (restarted or "*" in self.reached):
            raise self.deny(f"{again}, and the optimizer state of `{kept[0].name}`", line)
        return variables

    def listed(self, initializer: cst.Call, line: cst.SimpleStatementLine) -> list[Node]:
        """The variables ``tf.variables_initializer([w, c])`` lists, when it lists them by name."""
        listed = argument(initializer, 0, "var_list")
        nodes = []
        if listed is not None and isinstance(listed.value, (cst.List, cst.Tuple)):
            for element in listed.value.elements:
                value = element.value
                node = self.program.nodes.get(value.value) if isinstance(value, cst.Name) else None
                if node is None or node.kind != "variable" or node.container:
                    break
                nodes.append(node)
            else:
                return nodes
        raise self.deny("the variables are initialised again, by a list that does not name them", line)

    def drawn_twice(self, line: cst.SimpleStatementLine) -> None:
        """``a.initializer.run()`` then ``sess.run(tf.global_variables_initializer())``: TF1 initialises ``a`` twice,
        so a random initial value holds its op's second draw, the eager variable its first. A constant one is the
        same value again."""
        for name in self.initialised_singly:
            value = self.program.nodes[name].value
            made = isinstance(value, cst.Call) and self.program.tf_path(value.func) == "Variable"
            initial = argument(value, 0, "initial_value") if made else None  # type: ignore[arg-type]
            if initial is None or not self.constant(initial.value):
                raise self.deny(
                    f"the variables are initialised again, `{name}` by its own initializer first (its initial value "
                    "is not a constant)",
                    line,
                )

    def unseeded_draw(self, value: cst.BaseExpression) -> bool:
        """A random initial value of literals in a program without seeds: TF1 draws new numbers at each run of
        its initializer, from no fixed stream, and so may the eager op."""
        program = self.program
        calls = [node for node in descendants(value) if isinstance(node, cst.Call)]
        random = [c for c in calls if is_random(program.tf1_path(c.func))]
        if not random or fetches.seeded(program):
            return False
        if any(a.keyword is not None and a.keyword.value == "seed" for c in random for a in c.args):
            return False
        constant = ("constant", "zeros", "ones", "fill")
        return all(c in random or program.tf_path(c.func) in constant for c in calls) and all(
            n.value in (self.tf, "True", "False", "None") for n in loaded_names(value)
        )

    def constant(self, value: cst.BaseExpression) -> bool:
        """Literals and TensorFlow constants: the same value each time it is evaluated."""
        for node in descendants(value):
            if isinstance(node, cst.Call) and self.program.tf_path(node.func) not in (
                "constant",
                "zeros",
                "ones",
                "fill",
            ):
                return False
        return all(n.value in (self.tf, "True", "False", "None") for n in loaded_names(value))

    def names(self, node: cst.CSTNode) -> None:
        for name in loaded_names(node):
            if name.value in self.program.nodes or name.value in self.sessions:
                raise self.deny(f"`{name.value}` is used as a Python value", name)

    def _printed(self, call: cst.Call) -> None:
        """``print(node3)`` of a graph value shows the symbolic object (``Tensor("add:0", shape=(), ...)``); eager
        code would print its value: graph_repr.py prints TF1's text where it can tell it, once the graph is known,
        and otherwise the program keeps the graph tier, saying so."""
        if not (isinstance(call.func, cst.Name) and call.func.value == "print" and "print" not in self.program.binds):
            return
        for arg in call.args:
            if arg.keyword is None and graph_repr.printable(self.program, arg.value):
                self.printed[arg.value] = (call, self.line)

    def expression(self, node: cst.CSTNode, loop: bool) -> None:
        """Run-phase code: graph names only inside modelled sites, no other graph-building calls."""
        if isinstance(node, comprehension_scopes.COMPREHENSIONS):
            self.own |= comprehension_scopes.own_reads(node)
        graph = {*self.program.nodes, *self.sessions} if self.own else set()
        rest = comprehension_scopes.local_chain(node, self.own, graph) if graph else None
        if rest is not None:  # ``[x[0] for x in sess.run(y)]``: its own ``x``, whatever the graph names ``x``
            for part in rest:
                self.expression(part, loop)
            return
        if node in self.printed:  # ``print(t)``, ``print(a + b)``: TF1's text (graph_repr.settle)
            return
        if shapes.kept(self.program, node):
            return
        shaped = shapes.subject(self.program, node)
        if shaped is not None:  # ``x.shape`` / ``x.get_shape()`` of a placeholder or tensor
            self.plan.replace[node] = shapes.code(self.program, node, shaped, self.tf)
            return
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Call):
            dropped = sliced_runs.kept(node)  # ``sess.run([train, a, b])[1:]``: the train op's None never seen
            if dropped is not None and self.site(node.value, loop, statement=False, targets=dropped):
                return
        if isinstance(node, cst.Call):
            self._printed(node)
            shadow = comprehension_scopes.shadowing(node, self.own, graph) if graph else None
            if shadow is not None:
                raise self.deny(
                    f"`{shadow.value}` here is a comprehension's own variable, named like the graph's `{shadow.value}`",
                    shadow,
                )
            if self.site(node, loop, statement=False, targets=None) or python_ops.static_call(self, node):
                return
            listed = devices.session_query(node, self.sessions)
            if listed is not None:
                raise self.deny(listed, node)
            path = self.program.tf_path(node.func)
            if (
                path is not None
                and not path.startswith(RUN_PHASE_CALLS)
                and not devices.host_query(path)
                and not self.savers.lookup(node)
                and not host_data.reads_host_data(self.program, node)
            ):
                if path == variable_listings.PATH and (listing := variable_listings.listed(self.program, node)):
                    self.plan.replace[node] = listing  # ``for v in tf.trainable_variables(): print(v.name, ...)``
                    return
                if not self.sessions:  # module code before any Session: not a bound graph value
                    raise self.deny(
                        f"tf.{path} is called outside a `name = ...` graph definition (its op is not modelled)", node
                    )
                if path.endswith("keras.backend.set_session"):  # registers the Session: what is behind it is named
                    from tfmigrate.transforms.session import keras_layers_in_sessions

                    why, at = keras_layers_in_sessions.refusal(self.program.module, self.program.tf_path)
                    raise self.deny(why, at or node)
                raise self.deny(f"tf.{path} is called while the graph runs (it would build a graph op)", node)
            if foreign_calls.foreign(self.program, node):
                raise self.deny(foreign_calls.reason(self.program, node), node)
        if isinstance(node, cst.Name):
            if node in self.printed:
                return
            if node.value in self.feed_dicts:
                raise self.deny(f"the feed dict `{node.value}` is used beyond feed_dict=", node)
            if node.value in self.program.nodes or node.value in self.sessions:
                raise self.deny(f"`{node.value}` is used outside Session.run / eval", node)
            return
        if isinstance(node, cst.Attribute):
            if node in self.printed or self.static(node) or python_ops.static_read(self, node):
                return
            if variables.name_read(self.program, node):
                self.plan.names[node] = variables.graph_name(self.program, self.program.nodes[node.value.value])  # type: ignore[attr-defined]
                return
            self.expression(node.value, loop)
            return
        if isinstance(node, cst.Lambda) and evaluating_lambdas.evaluates(self.program, node, self.sessions):
            self.expression(node.body, loop=True)  # called any number of times, each call a run (evaluating_lambdas.py)
            return
        if isinstance(node, (cst.Lambda, cst.FunctionDef)):
            self.foreign_code(node)
            return
        for child in node.children:
            if isinstance(child, cst.Arg):
                self.expression(child.value, loop)
            else:
                self.expression(child, loop)

    def static(self, attribute: cst.Attribute) -> bool:
        """``c.shape`` / ``c.dtype`` of a constant, ``v.shape`` of a variable: the eager value has the graph's."""
        owner = attribute.value
        node = self.program.nodes.get(owner.value) if isinstance(owner, cst.Name) else None
        if node is None or node.container:
            return False
        return (node.kind == "const" and attribute.attr.value in ("shape", "dtype")) or (
            node.kind == "variable" and attribute.attr.value == "shape"
        )

    # --------------------------------------------------------------------------------------- sites
    def site(self, call: cst.Call, loop: bool, statement: bool, targets) -> bool:
        """``sess.run`` / ``t.eval`` / ``op.run``: plan its replacement; False when it is none of them."""
        receiver = [call.func.value] if isinstance(call.func, cst.Attribute) else []
        closed = [n.value for n in [*receiver, *(a.value for a in call.args)] if isinstance(n, cst.Name)]
        if self.closed.intersection(closed):  # TF1 raised RuntimeError: "Attempted to use a closed Session."
            raise self.deny(f"Session `{min(self.closed.intersection(closed))}` used after its close()", call)
        if self.savers.site(call, statement):
            self.plan.sites += 1
            self.reached.add("*")  # a restore sets every variable it saved
            return True
        if self.runners.call(call, loop) or self.late_calls.call(call, loop):
            return True
        func = call.func
        expression = self.evaluated(call)
        if expression is not None:
            owner, method, node = "", "eval", None
        elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            subject = func.value
            owner, method = subject.value, func.attr.value
            node = self.program.nodes.get(owner)
        else:
            return False
        fetch: cst.Arg | None
        if expression is not None:
            fetch = cst.Arg(expression)
            feed = argument(call, 0, "feed_dict")
            self.session_argument(call, argument(call, 1, "session"), feed)
        elif owner in self.sessions and method == "run":
            fetch = argument(call, 0, "fetches")
            feed = argument(call, 1, "feed_dict")
            extra = [a for a in call.args if a not in (fetch, feed)]
            if fetch is None or extra:
                raise self.deny("Session.run arguments beyond fetches/feed_dict", call)
        elif (node is not None and method == "eval" and node.kind in VALUES | {"placeholder"}) or (
            node is None and method == "eval" and owner in self.summaries.groups  # ``loss_summary.eval(feed)``
        ):
            fetch = cst.Arg(subject)
            if node is not None and node.kind == "variable":  # ``Variable.eval(session=None)``: no feed_dict
                feed = None
                self.session_argument(call, argument(call, 0, "session"), None)
            else:
                feed = argument(call, 0, "feed_dict")
                self.session_argument(call, argument(call, 1, "session"), feed)
        elif (
            node is not None
            and method == "run"
            and (node.kind in STATEFUL or queue_objects.operation(self.program, node.value))
        ):
            fetch = cst.Arg(subject)
            feed = argument(call, 0, "feed_dict")
            self.session_argument(call, argument(call, 1, "session"), feed)
        else:
            return False
        if self.initializer_run(call) or (node is not None and node.kind == "init"):
            raise self.deny("an initializer run where it is not the first use of the Session", call)
        feeds = self.feeds(feed.value if feed is not None else None, call)
        code = self.summaries.fetch(fetch.value, feeds, call, loop) or self.fetch(
            fetch.value, feeds, call, statement, targets, loop
        )
        self.plan.replace[call] = code
        self.plan.sites += 1
        self.ran = True
        self.reached |= initial_values.reached(self.program, call)
        self.ran_variables = self.ran_variables or any(
            n.kind == "variable" for versions in self.program.versions.values() for n in versions
        )
        return True

    def session_argument(self, call: cst.Call, session: cst.Arg | None, feed: cst.Arg | None) -> None:
        allowed = {a for a in (session, feed) if a is not None}
        if any(a not in allowed for a in call.args):
            raise self.deny("eval()/run() arguments beyond feed_dict/session", call)
        if session is not None and not (isinstance(session.value, cst.Name) and session.value.value in self.sessions):
            raise self.deny("eval()/run() in a Session this module does not model", call)

    def feeds(self, feed: cst.BaseExpression | None, call: cst.Call) -> dict[str, cst.BaseExpression]:
        """The placeholders a run feeds -> the values fed; a placeholder with a default it does not feed, that
        default (defaults.py)."""
        shared_draws.seal(self.program)
        return shared_draws.feeds(self.program, defaults.unfed(self.program, self.fed(feed, call)))

    def fed(self, feed: cst.BaseExpression | None, call: cst.Call) -> dict[str, cst.BaseExpression]:
        if feed is None or (isinstance(feed, cst.Name) and feed.value == "None"):
            return {}
        if isinstance(feed, cst.Name) and feed.value in self.feed_dicts:
            return {key: cst.parse_expression(f'{feed.value}["{key}"]') for key in self.feed_dicts[feed.value]}
        if not isinstance(feed, cst.Dict):
            called = feed_calls.refusal(self.program.module, self.program.resolve, feed)
            raise self.deny(called or "a feed_dict that is not a literal {placeholder: value} dict", call)
        feeds: dict[str, cst.BaseExpression] = {}
        for element in feed.elements:
            if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.Name):
                raise self.deny("a feed_dict key that is not a placeholder name", call)
            node = placeholder_aliases.aliased(self.program, self.program.nodes.get(element.key.value))
            if node is None or node.kind != "placeholder":
                blocked = self.deny(f"feeds `{element.key.value}`, which is not a placeholder", element.key)
                if node is not None and node.kind in fed_cuts.COPIED:  # read as a placeholder there (fed_cuts.py)
                    raise fed_cuts.FedTensor(blocked.construct, blocked.line, node.name, self.program)
                raise blocked
            self.names(element.value)
            called = next((c for c in descendants(element.value) if foreign_calls.foreign(self.program, c)), None)
            if called is not None:  # made once per run in TF1 as eagerly, but it may build ops all the same
                raise self.deny(foreign_calls.reason(self.program, called), called)
            feeds[node.name] = element.value
        return feeds

    def fetch(self, fetch: cst.BaseExpression, feeds, call: cst.Call, statement: bool, targets, loop: bool) -> str:
        grouped = gradient_steps.grouped(self.program, fetch)
        if grouped is not None:  # ``sess.run([[new_W, new_b], loss])``: run flat, its values grouped as fetched
            flat, regroup = grouped
            nodes = [self.fetched(item, call) for item in flat]
            if not gradient_steps.applies(nodes):
                raise self.deny(
                    "fetches assign ops inside a structure (only a run of hand-written gradient steps)", call
                )
            prelude, elements = gradient_steps.fetch(self, flat, nodes, feeds, call, loop)
            return self.computed_first(prelude, regroup(elements), call)
        single = not isinstance(fetch, (cst.List, cst.Tuple))
        items = [e.value for e in fetch.elements] if isinstance(fetch, (cst.List, cst.Tuple)) else [fetch]
        if isinstance(fetch, (cst.List, cst.Tuple)) and any(isinstance(e, cst.StarredElement) for e in fetch.elements):
            raise self.deny("a starred fetch", call)
        nodes = [self.fetched(item, call) for item in items]
        alone = [n for n in nodes if n is not None and (n.deps or n.stepped or n.kind == moving_averages.UPDATE)]
        self.plan.called.update(step for n in alone for step in [*n.steps, *([n.stepped] if n.stepped else [])])
        paired = moving_averages.with_step_loss(self.program, nodes, alone)
        if paired is not None:  # ``sess.run([train_ema, loss])``: the update returns the loss its step computed
            update, at = paired
            self.plan.step_losses.add(update.name)
            paired_codes = ["None"] * len(items)
            paired_codes[at] = f"{update.func}({self.arguments(self.needs(update), feeds, call)}).numpy()"
            return _sequence(paired_codes, isinstance(fetch, cst.Tuple))
        if alone and not (single and (statement or alone[0].kind != moving_averages.UPDATE)):
            raise self.deny(
                f"`{alone[0].name}` runs its dependencies or updates and is fetched with other values or for its value "
                "(TF1 runs each op once per run and returns None for an update)",
                call,
            )
        for item, node in zip(items, nodes):
            if queue_objects.operation(self.program, node.value if node is not None else item) and not (
                single and statement
            ):
                raise self.deny("a queue op run for its value (TF1's run gives None) or with other fetches", item)
        used = {p for node in nodes for p in self.needs(node)}
        for item, node in zip(items, nodes):
            if node is None:  # an inline expression: its tensors' placeholders
                used |= {p for name in self.program._reads(item) for p in self.needs(self.program.nodes[name])}
        for name, value in feeds.items():
            if name not in used and not pure(value) and not shared_draws.is_draw(self.program, name):
                raise self.deny(f"the value fed to `{name}` is computed but not used by the fetches", value)
        drawn = self.draw_first(items, nodes, feeds)
        if drawn:
            return self.drawn_first(drawn, lambda: self.fetch(fetch, feeds, call, statement, targets, loop), call)
        stateful = [i for i, node in enumerate(nodes) if node is not None and node.kind in STATEFUL]
        if len(stateful) > 1 and self.independent_assigns(nodes) and not gradient_steps.accumulates(nodes):
            drawing = [n for n in nodes if n is not None and any(u.random for u in n.upstream.values())]
            if len(drawing) > 1:
                raise self.deny(
                    f"one run fetches assign ops `{drawing[0].name}` and `{drawing[1].name}` of one random draw (TF1 "
                    "drew once per run; eagerly each assign would draw again)",
                    call,
                )
            values = [f"{self.call(node, feeds, call)}.numpy()" for node in nodes if node is not None]
            if statement:
                return "[" + ", ".join(value.removesuffix(".numpy()") for value in values) + "]"
            return ("(" + ", ".join(values) + ",)") if isinstance(fetch, cst.Tuple) else "[" + ", ".join(values) + "]"
        if gradient_steps.single(nodes):  # ``[loss, update_op]``: one step where it can be, else as any assign's run
            try:
                prelude, elements = gradient_steps.fetch(self, items, nodes, feeds, call, loop)
            except Blocked:
                pass
            else:
                return self.computed_first(prelude, _sequence(elements, isinstance(fetch, cst.Tuple)), call)
        if len(stateful) > 1 and gradient_steps.applies(nodes):  # hand-written gradient descent
            prelude, elements = gradient_steps.fetch(self, items, nodes, feeds, call, loop)
            return self.computed_first(prelude, _sequence(elements, isinstance(fetch, cst.Tuple)), call)
        if len(stateful) > 1:
            prelude, elements = joint_steps.fetch(self, items, nodes, feeds, call, loop)
            return self.computed_first(prelude, _sequence(elements, isinstance(fetch, cst.Tuple)), call)
        codes: list[str] = []
        point = stateful[0] if stateful else len(items)
        train = nodes[point] if stateful else None
        loss = train.resolved.get(train.loss) if train is not None and train.kind == "train" else None
        losses = [i for i, node in enumerate(nodes) if loss is not None and node is loss]
        if train is not None and train.applies and losses:
            raise self.deny("one run fetches apply_gradients() and the gradients it applies", call)
        if train is not None and gradient_accumulation.applies_accumulators(self.program, self.loss(train)):
            updated = self.updated(train)
            read = next(
                (
                    self.program.module.code_for_node(item) if node is None else node.name
                    for i, (item, node) in enumerate(zip(items, nodes))
                    if i != point and (node is None or (node.variables | {node.name}) & updated)
                ),
                None,
            )
            if read is not None:
                raise self.deny(
                    f"one run fetches `{read}` beside `{train.name}`, the apply of accumulated gradients, which "
                    "it does not wait for: TF1 ran the two in no set order (the value read before or after the update)",
                    call,
                )
        target = variable_lists.differentiated(train) if train is not None and train.applies else None
        if target is not None and not target.random and any(node is target for node in nodes):
            losses = [i for i, node in enumerate(nodes) if node is target]  # the step may return it (rewrite.py)
        blocked = fetches.check_random_reads(self.program, items, nodes)
        if blocked is not None:
            raise blocked
        randoms = [
            i
            for i, (item, node) in enumerate(zip(items, nodes))
            if (self.random(node) or (node is None and fetches.random_reads(self.program, item))) and i != point
        ]
        several = "one run fetches several values of a random tensor"
        if any(queue_objects.read_by(self.program, item, node) for item, node in zip(items, nodes)):
            several = (
                "one run fetches several values computed from a queue (TF1 dequeues once per run, eager code once "
                "per value)"
            )
        if train is not None and self.random(train):
            # The train step returns the loss it computed: the value TF1 fetched, from the same random draws.
            if not set(randoms) <= set(losses) or len(losses) > 1:
                raise self.several(several, items, nodes, call)
        elif len(randoms) > 1 or (randoms and stateful and len(items) > 1):
            if stateful or fetches.seeded(self.program) or not draws.unseen(self.program, items, feeds):
                raise self.several(several, items, nodes, call)
        updated = self.updated(train) if train is not None else set()
        early: list[int] = []
        reads: dict[int, int] = {}  # forward values the train step returns: position -> place in its result
        call_point = point
        # A variable fetched before its update: the train step's loss is taken instead of computing it apart, so
        # the variable is read after the step, as TF1 read it.
        read_early = any(n is not None and n.kind == "variable" and n.name in updated for n in nodes[:point])
        later = [i for i in losses if i > point]
        loss_at = (
            later[0]
            if later
            else losses[0]
            if losses
            and (
                self.random(train)
                or read_early
                or (train is not None and self.returned_before(train, nodes, losses[0], point))
            )
            else None
        )
        if train is not None and train.applies and loss_at is not None:
            self.plan.applied_losses[train.name] = nodes[loss_at]  # type: ignore[assignment]
        if train is not None:
            if loop:
                self.plan.looped.add(train.name)
            call_point = loss_at if loss_at is not None else point
            for i, node in enumerate(nodes):
                if i != point and node is not None and node.kind == "variable" and node.name in updated:
                    # TF1 fetches a variable's own buffer, read when the run ends: the updated value.
                    if i < call_point and fetch_order.resource_variables(self.program) is None:
                        early.append(i)  # read after the step (fetch_order.py)
                    elif i < call_point:
                        raise self.deny(fetch_order.REFUSAL.format(name=node.name), call)
                elif i > call_point and i != point and self.variables(node):
                    if not forward_fetches.returnable(self, train, node):
                        raise self.deny("a value is fetched after the op that updates the variables it reads", call)
                    reads[i] = forward_fetches.index(self.plan, train, node)  # type: ignore[arg-type]
                elif (
                    i not in (point, call_point)
                    and self.variables(node)
                    and forward_fetches.returnable(self, train, node)
                ):
                    # Before or after the op in the list: TF1 computed it in this run, before the update.
                    reads[i] = forward_fetches.index(self.plan, train, node)  # type: ignore[arg-type]  # one forward pass
            value_used = not statement and not _thrown_away(targets, point)
            if loss_at is None and train.kind == "train" and value_used and not reads:
                raise self.deny("the value of a training op (None in TF1) is used", call)
        if reads:
            reads[call_point if loss_at is not None else -1] = 0
            if train is not None and train.applies and train.name not in self.plan.applied_losses:
                # the step's result starts with the loss its gradients are taken of (forward_fetches.py)
                self.plan.applied_losses[train.name] = forward_fetches.forward_loss(self, train)  # type: ignore[assignment]
        for i, (item, node) in enumerate(zip(items, nodes)):
            if train is not None and i == point and (loss_at is not None or reads):
                codes.append("None")
            elif i in reads:
                codes.append("")  # read from the step's result (forward_fetches.site)
            elif train is not None and i == loss_at:
                codes.append(forward_fetches.loss_read(self.plan, train, self.call(train, feeds, call)))
            else:
                codes.append(self.value_code(item, node, feeds, call))
        if len(codes) > 1 or not single:
            for name, value in feeds.items():
                # A training op fetched with its loss evaluates nothing itself ("None"): the step computes the loss.
                evaluated = [n for i, (n, code) in enumerate(zip(nodes, codes)) if code != "None" and i not in reads]
                if reads:
                    evaluated.append(train)  # the step, called once for the loss and the values it returns
                inline = sum(fetches.feed_uses(self, item).get(name, 0) for item, n in zip(items, nodes) if n is None)
                if sum(self.needs_count(n, name) for n in evaluated) + inline > 1 and not pure(value):
                    raise self.deny(fed_value_reasons.reason(name, value), value)
        if single:
            return codes[0].removesuffix(".numpy()") if statement else codes[0]
        if reads:
            assert train is not None
            prelude, shown = forward_fetches.site(
                codes,
                early,
                call_point,
                self.call(train, feeds, call),
                {i: place for i, place in reads.items() if i >= 0},
                self.program.names,
                isinstance(fetch, cst.Tuple),
            )
            return self.computed_first(prelude, shown, call)
        if early:
            taken = self.program.names  # every name the module has; the new names avoid them
            prelude, shown = fetch_order.after_step(codes, early, call_point, taken, isinstance(fetch, cst.Tuple))
            return self.computed_first(prelude, shown, call)
        if isinstance(fetch, cst.Tuple):
            return "(" + ", ".join(codes) + ("," if len(codes) == 1 else "") + ")"
        return "[" + ", ".join(codes) + "]"

    def returned_before(self, train: Node, nodes: list[Node | None], loss_at: int, point: int) -> bool:
        """The loss fetched before its train op (``[cost, train]``, the tutorials' habit) can be the step's: what
        the list holds between them is the step's too, or reads no variable (forward_fetches.py); a value that
        keeps its own computation before the step stays before the loss, where the list put it."""
        return all(
            not self.variables(node) or forward_fetches.returnable(self, train, node)
            for node in nodes[loss_at + 1 : point]
        )

    def value_code(self, item: cst.BaseExpression, node: Node | None, feeds, call: cst.Call) -> str:
        """The eager code of one fetched value that is not a train step's loss."""
        if node is None and (
            isinstance(item, NESTED)
            or rnn.structure(self.program, item)
            or fetch_structures.is_namedtuple(self.program, item)
        ):
            return f"{self.tf}.nest.map_structure(lambda value: value.numpy(), {self.inline(item, feeds, call)})"
        if node is None:
            return f"{self.inline(item, feeds, call)}.numpy()"
        if node.kind == "train":
            return self.call(node, feeds, call)
        if structured(node) or nested(self.program, node) or (node.kind == "placeholder" and node.dtype == UNCAST):
            return f"{self.tf}.nest.map_structure(lambda value: value.numpy(), {self.call(node, feeds, call)})"
        if node.kind == "placeholder" and not node.default:  # the array TF1 made of the feed (fed_fetches.py)
            converted = fed_fetches.fed_value(
                self.program, self.tf, self.arguments([node.name], feeds, call), node.dtype
            )
            if converted is not None:
                return converted
        return f"{self.call(node, feeds, call)}.numpy()"

    def draw_first(self, items, nodes: list[Node | None], feeds) -> str:
        """A run reading a shared random tensor (shared_draws.py) in several of its fetches draws it once, first:
        the statement drawing it (``x_drawn = x()``), "" when no fetch needs that; ``feeds`` then pass the draw."""
        if not self.program.shared:
            return ""
        uses: dict[str, int] = {}
        trained = {id(self.loss(n)) for n in nodes if n is not None and n.kind == "train"}
        for item, node in zip(items, nodes):
            if id(node) in trained:
                continue  # ``[train, loss]``: the step returns the loss it computed (checked where the run is written)
            reads = fetches.feed_uses(self, item) if node is None else {name: 1 for name in self.needs(node)}
            for name, count in reads.items():
                uses[name] = uses.get(name, 0) + count
        drawn = shared_draws.hoisted(self.program, feeds, uses)
        if not drawn:
            return ""
        names, values = zip(*(line.split(" = ", 1) for line in drawn))
        return f"{', '.join(names)} = {', '.join(values)}"

    def drawn_first(self, prelude: str, rest: Callable[[], str], call: cst.Call) -> str:
        """``rest()``'s code after ``prelude`` drew the run's shared tensors: the draw is the first statement before
        the run's line (claimed before ``rest`` may put what it computes first after it), or a lambda around it."""
        line = self.line
        if line is None or line in self.plan.statements or not _runs_alone(line, call):
            return fetch_order.inline(prelude, rest())
        self.plan.statements[line] = lambda updated: [cst.parse_statement(prelude + "\n"), updated]
        return rest()

    def computed_first(self, prelude: str, shown: str, call: cst.Call) -> str:
        """A run whose values are computed by ``prelude`` before ``shown`` reads them: a statement of its own
        before the run's line, or a lambda called on them where the run is part of a larger expression."""
        line = self.line
        if line is None or line in self.plan.statements or not _runs_alone(line, call):
            return fetch_order.inline(prelude, shown)
        self.plan.statements[line] = lambda updated: [cst.parse_statement(prelude + "\n"), updated]
        return shown

    def independent_assigns(self, nodes: list[Node | None]) -> bool:
        """``sess.run([fixW, fixb])``: assigns to distinct variables, none reading a variable another writes, run
        in any order give what the Session gave."""
        assigns = [node for node in nodes if node is not None and node.kind == "assign"]
        if len(assigns) != len(nodes):
            return False
        targets = {node.loss for node in assigns}
        if len(targets) != len(assigns):
            return False
        return not any((targets - {node.loss}) & (node.variables | set(node.reads)) for node in assigns)

    def fetched(self, item: cst.BaseExpression, call: cst.Call) -> Node | None:
        """The graph node fetched, or None for an inline expression (checked here)."""
        if isinstance(item, cst.Name) and item.value in self.program.nodes:
            node = self.program.nodes[item.value]
            if node.kind == moving_averages.UPDATE:
                return node
            if (node.kind not in VALUES and node.kind not in ("train", "placeholder", "gradients")) or node.container:
                raise self.deny(f"fetches `{item.value}` ({node.kind})", item)
            return node
        if isinstance(item, cst.Call):
            node = Node("", "tensor", None, item, self.program.line_of(item))  # type: ignore[arg-type]
            if self.program.assign(node, item):
                self.program.close(node)
                node.variables.add(node.loss)
                replacements = {
                    name: f"{self.program.nodes[name.value].func}({', '.join(self.program.nodes[name.value].params)})"
                    for name in loaded_names(node.value)
                    if self.program.nodes.get(name.value) is not None
                    and self.program.nodes[name.value].kind == "tensor"
                }
                if node.params:
                    raise self.deny("an assign inside a fetch reads placeholders", item)
                node.code = f"{node.loss}.{node.method}({self.code(substitute(node.value, replacements))})"
                return node
        if isinstance(item, NESTED) or fetch_structures.is_namedtuple(self.program, item):
            why = fetch_structures.refusal(self.program, item)
            if why is not None:
                raise self.deny(why, item)
            return None
        self.program._ops(item, allow_random=True)
        blocked = fetches.check_random_ops(self.program, item)
        if blocked is not None:
            raise blocked
        for name in loaded_names(item):
            known = self.program.nodes.get(name.value)
            if known is not None and known.kind not in (VALUES - {"assign"}) | {
                "placeholder",
                queue_objects.KIND,
                moving_averages.AVERAGE,
            }:
                raise self.deny(f"fetches an expression of `{name.value}` ({known.kind})", item)
        if not any(
            isinstance(c, cst.Call) and (self.program.tf_path(c.func) or helpers.helper_of(self.program, c) is not None)
            for c in descendants(item)
        ) and not (self.program._reads(item)):
            raise self.deny("fetches something that is not a graph value", item)
        return None

    def loss(self, train: Node) -> Node:
        """The tensor a training op minimizes, as bound where the op was built."""
        return train.resolved.get(train.loss) or self.program.nodes[train.loss]

    def needs(self, node: Node | None) -> list[str]:
        if node is None:
            return []
        if node.kind == "train":
            return batch_norms.step_params(self.program, node, self.loss(node).params)
        if node.kind == "placeholder" or shared_draws.is_shared(self.program, node):
            return [node.name]
        return node.params

    def needs_count(self, node: Node | None, name: str) -> int:
        return 1 if name in self.needs(node) else 0

    def variables(self, node: Node | None) -> bool:
        if node is None:
            return True
        return bool(node.variables) or node.kind in ("variable", "assign", "train")

    def updated(self, node: Node) -> set[str]:
        """The variables a training or assign op writes."""
        if node.kind == "assign":
            return {node.loss}
        loss = self.loss(node)
        return loss.variables | ({node.method} if node.method else set())

    def random(self, node: Node | None) -> bool:
        if node is None:
            return False
        return draws.draws_own(self.program, self.loss(node) if node.kind == "train" else node)

    def arguments(self, params: list[str], feeds, call: cst.Call, traced: bool = False) -> str:
        """The call's arguments; a train step run as a ``tf.function`` gets tensors (traced_arguments.py)."""
        missing = [p for p in params if p not in feeds]
        if missing:
            raise self.deny(f"placeholder `{missing[0]}` is not fed", call)
        if not traced:
            return fetch_order.arguments(params, feeds, self.code, pure)
        names = {feeds[p]: p for p in params}

        def code(value: cst.CSTNode) -> str:
            fed = cast(cst.BaseExpression, value)
            if shared_draws.is_draw(self.program, names[fed]):
                return self.code(fed)  # a tensor already
            return traced_arguments.argument(self.program, names[fed], fed, self.code(fed), self.tf)

        return fetch_order.arguments(params, feeds, code, pure)

    def call(self, node: Node, feeds, call: cst.Call) -> str:
        if node.kind == "train":
            self.plan.called.add(node.name)
        batch_norms.check_reads(self.program, node, self.loss(node) if node.kind == "train" else node, feeds, call)
        if node.code:
            return node.code
        upstream = self.loss(node).upstream if node.kind == "train" else node.upstream
        for read in upstream.values():
            if read.kind == "placeholder" and self.program.nodes.get(read.name) is not read:
                raise self.deny(
                    f"`{node.name}` reads the placeholder `{read.name}` of line {read.line}, which that name no "
                    "longer holds here",
                    call,
                )
        if node.kind in ("variable", "const"):
            return node.name
        if (node.kind == "placeholder" and node.dtype == UNCAST) or shared_draws.is_shared(self.program, node):
            return self.arguments([node.name], feeds, call)
        if node.kind == "placeholder":
            return f"{self.tf}.cast({self.arguments([node.name], feeds, call)}, {node.dtype})"
        traced = node.kind == "train" and node.name in self.plan.looped
        return f"{node.func}({self.arguments(self.needs(node), feeds, call, traced)})"

    def inline(self, item: cst.BaseExpression, feeds, call: cst.Call) -> str:
        program = self.program
        replacements: dict[cst.Name, str] = {}
        for fed_name, uses in fetches.feed_uses(self, item).items():
            fed = feeds.get(fed_name)
            if uses > 1 and fed is not None and not pure(fed):
                raise self.deny(
                    f"the value fed to `{fed_name}` is computed, and the expression fetched reads it {uses} times",
                    item,
                )
        for name in loaded_names(item):
            node = program.nodes.get(name.value)
            if node is None:
                continue
            if node.kind == "placeholder":
                replacements[name] = self.call(node, feeds, call)
            elif node.kind == "tensor":
                replacements[name] = self.call(node, feeds, call)
        code = self.code(substitute(item, replacements, calls=helper_tensors.fetch_arguments(self, item, feeds, call)))
        parenthesized = bool(getattr(item, "lpar", ()))
        return (
            code
            if parenthesized or isinstance(item, (cst.Name, cst.Call, cst.Attribute, cst.Subscript, cst.Dict, cst.List))
            else f"({code})"
        )


Calls = Callable[[cst.Call, cst.Call], "cst.BaseExpression | None"]


class _Substitute(cst.CSTTransformer):
    def __init__(
        self,
        replacements: dict[cst.Name, str],
        seeds: dict[cst.Call, SeedEdit] | None = None,
        calls: Calls | None = None,
    ) -> None:
        self.replacements = replacements
        self.seeds = seeds or {}
        self.calls = calls

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        seed = self.seeds.get(original_node)
        updated = with_argument(updated_node, seed) if seed is not None else updated_node
        replaced = self.calls(original_node, updated) if self.calls is not None else None
        return replaced if replaced is not None else updated

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        code = self.replacements.get(original_node)
        return cst.parse_expression(code) if code is not None else updated_node


def substitute(
    expression: cst.BaseExpression,
    replacements: dict[cst.Name, str],
    seeds: dict[cst.Call, SeedEdit] | None = None,
    calls: Calls | None = None,
) -> cst.BaseExpression:
    """``calls(original, updated)`` may replace a call (a tf.layers call becomes a call of its Keras layer)."""
    return cast(
        cst.BaseExpression, expression.visit(_Substitute(replacements, seeds, calls))
    )  # it replaces, never removes


def _body(statement) -> list:
    body = statement.body
    return list(body.body) if isinstance(body, cst.IndentedBlock) else [cst.SimpleStatementLine(body=body.body)]


def _stops(statement: cst.Try) -> bool:
    """A ``try`` whose handlers all catch ``StopIteration`` (the end of a dataset, datasets.py)."""
    return all(
        isinstance(h.type, cst.Name) and h.type.value == "StopIteration" and h.name is None for h in statement.handlers
    )


def _target(line: cst.SimpleStatementLine) -> str | None:
    small = line.body[0]
    if isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value
    return None


def _defines_graph(program: Program, line: cst.SimpleStatementLine) -> bool:
    for small in line.body:
        if isinstance(small, cst.Assign):
            for call in descendants(small.value):
                if isinstance(call, cst.Call):
                    path = program.tf_path(call.func)
                    if path is not None and not path.startswith(RUN_PHASE_CALLS) and path not in LOOKUPS:
                        return True  # a checkpoint lookup reads the state file: host code wherever it stands
    return False


def _sequence(codes: list[str], tuple_: bool) -> str:
    if tuple_:
        return "(" + ", ".join(codes) + ("," if len(codes) == 1 else "") + ")"
    return "[" + ", ".join(codes) + "]"


def _runs_alone(line: cst.SimpleStatementLine, call: cst.Call) -> bool:
    """``sess.run(...)`` is the line's one statement or its assigned value: nothing else on it runs first."""
    small = line.body[0] if len(line.body) == 1 else None
    return isinstance(small, (cst.Expr, cst.Assign)) and small.value is call


def _initializer_op_run(program: Program, call: cst.BaseExpression) -> bool:
    """``tf.global_variables_initializer().run()``: the initializer op run in the default Session."""
    op = run_receiver(call)
    return (
        isinstance(call, cst.Call)
        and not call.args
        and isinstance(op, cst.Call)
        and not op.args
        and program.tf_path(op.func) in INITIALIZERS
    )


def _initial(node: Node) -> cst.BaseExpression:
    """A ``tf.Variable``'s initial value (``Proof.initial_values`` checked it has one)."""
    initial = argument(cast(cst.Call, node.value), 0, "initial_value")
    assert initial is not None
    return initial.value


def _comprehension_locals(value: cst.BaseExpression) -> set[str]:
    """The names a comprehension that is the whole value binds: its own, whatever else the module binds them to."""
    if not isinstance(value, (cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp)):
        return set()
    found: set[str] = set()
    current: cst.CompFor | None = value.for_in
    while current is not None:
        found |= {n.value for n in descendants(current.target) if isinstance(n, cst.Name)}
        current = current.inner_for_in
    return found


def _lambda_parameters(value: cst.BaseExpression) -> set[cst.Name]:
    """The Name nodes in ``value`` that are a lambda's own parameters, where it binds them and where its body reads
    them: not the module's names of the same spelling."""
    found: set[cst.Name] = set()
    for function in descendants(value):
        if isinstance(function, cst.Lambda):
            own = {p.name.value for p in function.params.params}
            found |= {p.name for p in function.params.params}
            found |= {n for n in loaded_names(function.body) if n.value in own}
    return found


def _thrown_away(targets, point: int) -> bool:
    """The run's value, or its value at ``point``, bound to ``_`` (``_ = sess.run(opt)``, ``_, l = sess.run(...)``):
    the blog scripts' way to say it is not read, so TF1's ``None`` there is no use of it."""
    if isinstance(targets, cst.Name):
        return True
    return targets is not None and isinstance(targets[point].value, cst.Name) and targets[point].value.value == "_"


def _underscore_read(module: cst.Module) -> bool:
    """``_`` read anywhere (``print(_)``), not only bound: there TF1's ``None`` would be seen (one walk, read once
    per proof: ``Proof.underscore_read``)."""
    bound: set[int] = set()
    underscores: list[cst.Name] = []
    for node in descendants(module):
        if isinstance(node, (cst.AssignTarget, cst.For, cst.CompFor)):  # ``[f() for _ in range(n)]`` binds it too
            bound |= {id(n) for n in descendants(node.target) if isinstance(n, cst.Name)}
        elif isinstance(node, cst.Name) and node.value == "_":
            underscores.append(node)
    return any(id(n) not in bound for n in underscores)


def _reset(node: Node, fresh_from: int | None) -> bool:
    """``node`` was defined before the initializer's last run (``fresh_from``: None, every node was)."""
    return fresh_from is None or node.index < fresh_from
