"""A random tensor read along several paths: drawn once per run and passed to every function that reads it.

TF1 evaluates each op once per run, and every consumer in that run sees the same draw: the learners' linear
regression ``x = tf.random_normal((100, 1))``, ``y_true = tf.matmul(x, [[0.8]]) + 0.7``, ``y_predict =
tf.matmul(x, weights) + bias``, ``error = tf.reduce_mean(tf.square(y_predict - y_true))`` fits one batch of ``x``
per run, and the next run draws a new one. Eager functions that each called ``x()`` would give ``y_true`` and
``y_predict`` different batches. So ``x`` becomes what a placeholder becomes: a parameter of every function that
reads it (``def y_true(x)``, ``def error(x)``, the train step ``def optimizer(x)``), and the run site draws it
once and passes the draw (``optimizer(x())``, ``error(x()).numpy()``). A run whose fetches read it more than once
(``sess.run([error, y_true])``, a summary group beside the train step) draws it into a local first
(``x_drawn = x()``) and passes that. Each run draws as often as TF1's run did, once, so a seeded program draws
TF1's numbers: the eager kernel of ``tf.random.normal(..., seed=k)`` continues its stream call by call as the
graph op did run by run (seeds.py).

Only a tensor whose value is drawn from constants is shared this way (no placeholder, variable, layer or helper
read): its draw needs nothing the run feeds, and drawing it first in the run reads no variable an update in the run
changes. Anything else read along two paths keeps the graph tier with draws.py's reason.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import libcst as cst

from tfmigrate.transforms.session import builders, helpers
from tfmigrate.transforms.session.analysis import Blocked, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import fresh

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program
    from tfmigrate.transforms.session.proof import Proof


class Share(Blocked):
    """A run fetches several values drawn from the same random tensors, which no graph path read twice: the proof
    runs again with them shared from their definitions on (``names``)."""

    def __init__(self, construct: str, line: int, names: frozenset[str]) -> None:
        super().__init__(construct, line)
        self.names = names


def is_shared(program: Program, node: Node | None) -> bool:
    """``node`` is a random tensor drawn at the run site and passed as a parameter."""
    return node is not None and program.shared.get(node.name) is node


def seal(program: Program) -> None:
    """The run phase started: a tensor shared from here on would change calls already written."""
    program.runs_seen = True


def share_or_deny(proof: Proof, items: list[cst.BaseExpression], nodes: list[Node | None], call: cst.Call) -> Blocked:
    """The refusal of a run fetching several random values, or the Share that proves it again with the random
    tensors they draw in common drawn once and passed on; values with no random tensor in common keep the
    refusal (their draws may be told apart by order alone)."""
    from tfmigrate.transforms.session import draws

    program = proof.program
    denied = proof.deny("one run fetches several values of a random tensor", call)
    totals: dict[int, tuple[Node, int]] = {}
    for item, node in zip(items, nodes):
        evaluated = proof.loss(node) if node is not None and node.kind == "train" else node
        found = draws.counts(program, item) if evaluated is None else draws.counts(program, evaluated.value, evaluated)
        for key, (source, times) in found.items():
            totals[key] = (source, totals.get(key, (source, 0))[1] + times)
    several = [source for source, times in totals.values() if times > 1]
    tried = program.pre_shared
    if not several or any(s.name in tried or not _drawn_from_constants(program, s) for s in several):
        return denied
    return Share(denied.construct, denied.line, frozenset(s.name for s in several))


def summarised(proof: Proof, node: Node, denied: Blocked) -> Blocked:
    """``denied`` for a summary reading the random ``node``, or the Share that proves it again with the random
    tensors it draws passed in: each run then draws once, the summary and the step reading that one draw, as TF1's
    run did (a run fetching the summary alone draws once too, as TF1's did)."""
    from tfmigrate.transforms.session import draws

    program = proof.program
    sources = [source for source, _ in draws.counts(program, node.value, node).values()]
    tried = program.pre_shared
    if not sources or any(s.name in tried or not _drawn_from_constants(program, s) for s in sources):
        return denied
    return Share(denied.construct, denied.line, frozenset(s.name for s in sources))


def snapshot(program: Program) -> dict[str, Any]:
    """The program's state before a proof builds on it."""
    return {key: copy.copy(value) for key, value in vars(program).items()}


def restart(program: Program, start: dict[str, Any], share: Share) -> None:
    """Back to ``start``, with ``share.names`` shared when they are defined (``defined``)."""
    names = program.pre_shared | share.names
    vars(program).clear()
    vars(program).update({key: copy.copy(value) for key, value in start.items()})
    program.pre_shared = names


def defined(program: Program, node: Node) -> None:
    """A random tensor a run of the earlier proof fetched along several values: shared from its definition."""
    if node.name in program.pre_shared:
        share(program, node)


def share(program: Program, source: Node) -> bool:
    """Make ``source`` a drawn parameter of the nodes that read it, where that is shown to keep TF1's draws;
    False (nothing changed) otherwise."""
    if program.runs_seen or source.name in program.shared:
        return False
    if not _drawn_from_constants(program, source):
        return False
    program.shared[source.name] = source
    for versions in program.versions.values():
        for node in versions:
            if any(read is source for read in node.upstream.values()):  # its parameters now take the draw
                taken = (n for n in node.upstream.values() if n.kind == "placeholder" or is_shared(program, n))
                node.params = [n.name for n in sorted(taken, key=lambda n: n.index)]
    return True


def _drawn_from_constants(program: Program, source: Node) -> bool:
    """``source`` draws from constants, or from the shape of what the run feeds (a VAE's ``epsilon =
    tf.random_normal(tf.shape(logvar))``): a shape reads no variable's value, so the draw needs nothing an update
    changes, and the run site draws it from the run's feeds (``feeds``)."""
    if source.kind != "tensor" or program.nodes.get(source.name, source) is not source or not source.func:
        return False
    if len(program.versions.get(source.name, [])) > 1 or program.binds.get(source.name, 1) != 1:
        return False
    shaped = _shape_reads(program, source)
    if shaped is None or source.nested or builders.site_of(program, source) is not None:
        return False
    if (source.params or source.variables) and not shaped:
        return False
    if any(read.kind != "const" for read in source.upstream.values() if id(read) not in shaped):
        return False
    if any(call in program.layers for call in _calls(source.value)):
        return False
    if any(helpers.helper_of(program, call) is not None for call in _calls(source.value)):
        return False
    return not any(source.name in helpers.free_names(program, helper) for helper in program.helpers.values())


def _shape_reads(program: Program, source: Node) -> set[int] | None:
    """The graph nodes ``source`` reads only through ``tf.shape(...)`` (by identity, with what they read); None
    where it reads a graph value other than a constant outside a shape."""
    shaped: set[int] = set()
    inside: set[int] = set()
    for call in _calls(source.value):
        if program.tf_path(call.func) == "shape" and call.args:
            inside |= {id(name) for name in loaded_names(call.args[0].value)}
            for name in loaded_names(call.args[0].value):
                read = source.resolved.get(name.value) or program.nodes.get(name.value)
                if read is not None:
                    shaped |= {id(read), *read.upstream}
    for name in loaded_names(source.value):
        read = source.resolved.get(name.value) or program.nodes.get(name.value)
        if id(name) not in inside and read is not None and read.kind != "const":
            return None
    return shaped


def _calls(value: cst.CSTNode) -> list[cst.Call]:
    return [c for c in descendants(value) if isinstance(c, cst.Call)]


def feeds(program: Program, fed: dict[str, cst.BaseExpression]) -> dict[str, cst.BaseExpression]:
    """A run's feeds with each shared tensor "fed" its draw, after what the program feeds."""
    if not program.shared:
        return fed
    ordered = sorted(program.shared.values(), key=lambda node: node.index)  # as the functions take them
    drawn = {
        node.name: cst.parse_expression(f"{node.func}({', '.join(code(fed[p]) for p in node.params)})")
        for node in ordered
        if all(p in fed for p in node.params)  # drawn from the shape of what the run feeds
    }
    return {**fed, **drawn}


def code(value: cst.BaseExpression) -> str:
    return cst.Module([]).code_for_node(value)


def is_draw(program: Program, name: str) -> bool:
    """``name`` is a shared random tensor, "fed" its draw at each run (``feeds``)."""
    return name in program.shared


def hoisted(program: Program, feeds: dict[str, cst.BaseExpression], uses: dict[str, int]) -> list[str]:
    """The shared tensors a run reads more than once (``uses``: name -> reads), each drawn into a local first: the
    statements drawing them; ``feeds`` then passes the locals."""
    statements = []
    for name, count in uses.items():
        if count > 1 and name in program.shared and not isinstance(feeds.get(name), cst.Name):
            local = fresh(program, set(), f"{name}_drawn")
            statements.append(f"{local} = {program.module.code_for_node(feeds[name])}")
            feeds[name] = cst.Name(local)
    return statements
