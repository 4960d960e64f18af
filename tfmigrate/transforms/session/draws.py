"""How many times one evaluation of a graph value draws from each random op it depends on.

TF1 evaluates every op once per run, so ``c = a + a * 2`` with ``a = tf.random_normal(...)`` reads one draw of
``a``. The eager program computes ``c`` by calling the functions of what it reads, so each read of ``a`` (directly
or through ``b = a * 2``) calls ``a()`` again: another draw. A value whose evaluation would draw one random op
more than once keeps the graph tier. So does a run fetching several values of one random tensor, unless nothing
it draws can show (``unseen``: unseeded dropouts fed keep_prob 1.0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import helpers, read_once, shared_draws
from tfmigrate.transforms.session.analysis import descendants, is_random, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Blocked, Node, Program

# functional tf.layers calls that draw nothing when they run (their initializers draw once, when the variables are
# made): a shared draw passes through them as through any op
DETERMINISTIC_LAYERS = frozenset(
    f"layers.{name}"
    for name in (
        "dense",
        "conv1d",
        "conv2d",
        "conv3d",
        "conv2d_transpose",
        "flatten",
        "max_pooling1d",
        "max_pooling2d",
        "average_pooling1d",
        "average_pooling2d",
    )
)
Counts = dict[int, tuple["Node", int]]  # id(random source node) -> (the node, draws per evaluation)


def _cache(program: Program) -> dict[int, Counts]:
    if program.draw_counts is None:
        program.draw_counts = {}
    return program.draw_counts


def _own(program: Program, value: cst.CSTNode) -> bool:
    return any(
        isinstance(c, cst.Call)
        and (is_random(program.tf_path(c.func) or "") or getattr(helpers.helper_of(program, c), "random", False))
        for c in descendants(value)
    )


def counts(program: Program, value: cst.CSTNode, node: Node | None = None) -> Counts:
    """The random sources one eager evaluation of ``value`` (``node``'s value, when given) calls, and how often."""
    found: Counts = {}

    def add(more: Counts) -> None:
        for key, (source, times) in more.items():
            if shared_draws.is_shared(program, source):
                continue  # drawn at the run site, once, and passed in
            found[key] = (source, found.get(key, (source, 0))[1] + times)

    cache = _cache(program)
    reads = [n.value for n in loaded_names(value) if n.value in program.nodes]
    if program.helpers:
        reads += [name for name in helpers.graph_reads(program, value) if name not in reads]
    once = read_once.names(program, node, value) if node is not None else []  # bound once (read_once.py)
    for index, name in enumerate(reads):
        read = program.nodes[name]
        if read.random and not (name in once and name in reads[:index]):
            add(cache.get(id(read), {id(read): (read, 1)}))
    if node is not None and draws_own(program, node) and (_own(program, value) or not found):
        add({id(node): (node, 1)})
    return found


def check(program: Program, node: Node, value: cst.BaseExpression) -> None:
    """Record ``node``'s draws; raise Blocked where its eager function would draw a random op twice."""
    if not node.random:
        return
    found = counts(program, value, node)
    if any([times > 1 and shared_draws.share(program, source) for source, times in list(found.values())]):
        found = counts(program, value, node)
    blocked = twice(program, found, f"`{node.name}`", value)
    if blocked is not None:
        raise blocked
    _cache(program)[id(node)] = found
    shared_draws.defined(program, node)


def draws_own(program: Program, node: Node) -> bool:
    """Evaluating ``node`` draws from a random op itself, beyond the shared draws passed to it (shared_draws.py).
    Without shared draws, ``node.random``; with them, True unless every draw it reads is shown to be a shared one."""
    if not node.random or not program.shared:
        return node.random
    if shared_draws.is_shared(program, node):
        return False
    calls = [c for c in descendants(node.value) if isinstance(c, cst.Call)]
    drawing = [c for c in calls if c in program.layers and program.tf1_path(c.func) not in DETERMINISTIC_LAYERS]
    if _own(program, node.value) or any(drawing) or any(helpers.helper_of(program, c) for c in calls):
        return True
    for name in node.reads:
        read = node.resolved.get(name) or program.nodes.get(name)
        if read is None or (read.random and draws_own(program, read)):
            return True
    return False


def twice(program: Program, found: Counts, what: str, where: cst.CSTNode) -> Blocked | None:
    from tfmigrate.transforms.session import queue_objects

    for source, times in found.values():
        if times > 1:
            if queue_objects.reads(program, source.value):  # a value taken from a queue (queue_objects.py)
                return program.deny(
                    f"{what} reads the queue value `{source.name}` (line {source.line}) along {times} paths: TF1 "
                    "dequeues it once per run, the eager functions would dequeue it once per path",
                    where,
                )
            return program.deny(
                f"{what} reads the random tensor `{source.name}` (line {source.line}) along {times} paths: TF1 "
                "draws it once per run, the eager functions would draw it once per path",
                where,
            )
    return None


def unseen(program: Program, values: list[cst.BaseExpression], feeds: dict[str, cst.BaseExpression]) -> bool:
    """Whether one run may fetch several values of an unseeded program's random tensors, each computed apart: every
    random op they draw from is a ``tf.nn.dropout`` without a seed whose keep probability is a placeholder this run
    feeds 1 (``rate`` fed 0), as in ``loss, acc = sess.run([loss_op, accuracy], {..., keep_prob: 1.0})``.

    TF1 draws each mask once per run, the eager functions once per value; with nothing dropped the mask keeps
    every unit and scales by 1, so each value is the one TF1 computed (in TF 2.21 as in TF 1.15:
    ``x * (1 / (1 - rate)) * (uniform >= rate)``), and without a seed how many draws a mask took is never seen.
    The caller checks that no graph seed is set."""
    found: Counts = {}
    for value in values:
        for key, (source, times) in counts(program, value).items():
            found[key] = (source, times)
    return bool(found) and all(_dropouts_only(program, source.value, feeds, Scope()) for source, _ in found.values())


def _dropouts_only(program: Program, value: cst.CSTNode, feeds: dict[str, cst.BaseExpression], scope: Scope) -> bool:
    """``value`` draws, and only from dropouts whose keep probability the feeds make 1."""
    from tfmigrate.transforms.session import rnn

    drawn = False
    for call in descendants(value):
        if not isinstance(call, cst.Call):
            continue
        fed = rnn.fed_dropouts(program, call)
        if fed is not None:  # an RNN run whose DropoutWrappers keep what is fed: every one fed 1 here
            if not all(_fed(program, cst.Name(name), feeds, 1.0) for name in fed):
                return False
            drawn = drawn or bool(fed)
            continue
        path = (program.tf_path(call.func) or "").removeprefix("compat.v1.")
        helper = helpers.helper_of(program, call) if not path else None
        if helper is not None and helper.random:
            inner = _bind(helper.definition, call, scope)
            if inner is None or not _dropouts_only(program, helper.definition.body, feeds, inner):
                return False
            drawn = True
        elif call in program.layers or (path and (is_random(path) or "dropout" in path.lower())):
            if path != "nn.dropout" or argument(call, 3, "seed") is not None:  # a layer may draw too
                return False
            keep, rate = argument(call, 1, "keep_prob"), argument(call, None, "rate")
            given = keep if keep is not None else rate
            if given is None or not _fed(program, scope.resolve(given.value), feeds, 1.0 if keep is not None else 0.0):
                return False
            drawn = True
    return drawn


@dataclass
class Scope:
    """Inside a helper: its parameters -> the module-level expressions passed for them, and the names its body
    assigns (local, so no module-level placeholder)."""

    bound: dict[str, cst.BaseExpression] = field(default_factory=dict)
    local: set[str] = field(default_factory=set)

    def resolve(self, value: cst.BaseExpression) -> cst.BaseExpression | None:
        if not isinstance(value, cst.Name):
            return value
        if value.value in self.bound:
            return self.bound[value.value]
        return None if value.value in self.local else value


def _bind(definition: cst.FunctionDef, call: cst.Call, outer: Scope) -> Scope | None:
    """A helper's parameters bound to one call's arguments; None where that is not plain (``*args``). A parameter
    the body assigns to, or given a local name of the calling helper, stays unknown."""
    params = definition.params
    if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.star_kwarg or params.kwonly_params:
        return None
    names = [p.name.value for p in (*params.posonly_params, *params.params)]
    local = {
        n.value
        for target in descendants(definition.body)
        if isinstance(target, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign))
        for n in descendants(target.target)
        if isinstance(n, cst.Name)
    }
    bound: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        name = arg.keyword.value if arg.keyword is not None else names[index] if index < len(names) else None
        if arg.star or name is None:
            return None
        value = outer.resolve(arg.value)
        if value is not None and name not in local:  # else unknown: a local of the caller, or reassigned here
            bound[name] = value
    return Scope(bound, local | set(names))


def _fed(
    program: Program, value: cst.BaseExpression | None, feeds: dict[str, cst.BaseExpression], wanted: float
) -> bool:
    """``value`` is a module-level placeholder this run feeds the literal ``wanted``."""
    if not isinstance(value, cst.Name):
        return False
    node = program.nodes.get(value.value)
    fed = feeds.get(value.value)
    if node is None or node.kind != "placeholder" or not isinstance(fed, (cst.Integer, cst.Float)):
        return False
    return float(fed.value) == wanted
