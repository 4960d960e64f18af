"""Graph expressions written inside a fetch: ``sess.run(tf.round(tf.sigmoid(out)), feed_dict={x: [v]})``.

TF1 adds the expression's ops to the graph at each run and evaluates them with the feed; eagerly the same
expression over the tensors' function calls computes the same value and builds nothing. Two things differ and are
checked here: a random tensor read twice in one run (TF1 draws it once per run, each eager call draws anew), and a
random op built inside the fetch (each run adds a new op; in a seeded graph the new op takes the graph's next op
seed, which eager code does not reproduce; unseeded, both draw fresh numbers from the same distribution).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.contrib.names import named
from tfmigrate.transforms.session import draws, feed_functions, helper_tensors, helpers
from tfmigrate.transforms.session.analysis import SEEDS, descendants, is_random, loaded_names

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Blocked, Program
    from tfmigrate.transforms.session.proof import Proof


def random_reads(program: Program, item: cst.BaseExpression) -> int:
    """How many random graph values the eager form of an inline fetch draws: one per read of a random name, and
    one per queue op it calls (``Q.dequeue()``: a new value at each call, queue_objects.py)."""
    from tfmigrate.transforms.session import queue_objects

    queued = sum(1 for c in descendants(item) if isinstance(c, cst.Call) and queue_objects.method(program, c))
    return queued + sum(1 for name in loaded_names(item) if getattr(program.nodes.get(name.value), "random", False))


def check_random_item(program: Program, item: cst.BaseExpression) -> Blocked | None:
    """An inline fetch whose eager form would draw one random op twice (``noise - tf.reduce_mean(noise)``)."""
    return draws.twice(program, draws.counts(program, item), "an expression fetched", item)


def seeded(program: Program) -> bool:
    """The module sets a graph seed somewhere (before or after the fetch: either way TF1's op seeds count ops)."""
    return any(isinstance(c, cst.Call) and program.tf_path(c.func) in SEEDS for c in descendants(program.module))


def check_random_ops(program: Program, item: cst.BaseExpression) -> Blocked | None:
    """The refusal for a random op built inside a fetch whose eager draws cannot be shown to be TF1's, else None
    (run after ``Program._ops`` modelled the helpers the fetch calls):
    an unseeded program's fresh op draws as an eager op does; a graph seed or an op seed fixes TF1's draws to the
    op count of the graph (new ops each run), which the eager program has not."""
    for call in descendants(item):
        if not isinstance(call, cst.Call):
            continue
        path = program.tf_path(call.func)
        if path is None:
            helper = helpers.helper_of(program, call)
            if helper is not None and helper.random:
                what = program.module.code_for_node(call.func)
                return program.deny(f"`{what}` draws random numbers inside a Session.run fetch", call)
            continue
        if not is_random(path):
            continue
        what = named(path, call)
        if seeded(program):
            return program.deny(
                f"{what} is built inside a Session.run fetch of a seeded program (each run adds a new op "
                "with the graph's next op seed, which eager code does not reproduce)",
                call,
            )
        if argument(call, None, "seed") is not None:
            return program.deny(
                f"{what}(seed=...) is built inside a Session.run fetch (each run adds a new op that repeats "
                "the same draws; an eager op with that seed draws new ones)",
                call,
            )
    return None


def check_random_reads(program: Program, items: list[cst.BaseExpression], nodes: list) -> Blocked | None:
    """An inline fetch that reads random graph values more than once, alone or with the run's other fetches."""
    for item, node in zip(items, nodes):
        blocked = check_random_item(program, item) if node is None else None
        if blocked is not None:
            return blocked
    return None


def feed_dict(program: Program, line: cst.SimpleStatementLine) -> bool:
    """``feed = {x: data}`` at module level: a feed dict built apart from the run (a Python dict of placeholder
    keys), not a graph value, although it names placeholders."""
    if len(line.body) != 1 or not isinstance(line.body[0], cst.Assign) or len(line.body[0].targets) != 1:
        return False
    value = line.body[0].value
    if isinstance(line.body[0].targets[0].target, cst.Name) and feed_functions.returned_dict(program, value):
        return True  # ``feed = set_feed(images, labels)`` (feed_functions.py)
    return (
        isinstance(line.body[0].targets[0].target, cst.Name)
        and isinstance(value, cst.Dict)
        and bool(value.elements)
        and all(
            isinstance(e, cst.DictElement)
            and isinstance(e.key, cst.Name)
            and getattr(program.nodes.get(e.key.value), "kind", None) == "placeholder"
            for e in value.elements
        )
    )


def feed_uses(proof: Proof, item: cst.BaseExpression) -> dict[str, int]:
    """How many times the eager form of an inline fetch evaluates each fed value: once per read of a graph name
    that needs the placeholder, and once per module tensor a helper call is passed (helper_tensors.py)."""
    program = proof.program
    uses: dict[str, int] = {}
    names = [n.value for n in loaded_names(item) if n.value in program.nodes]
    for call in descendants(item):
        if isinstance(call, cst.Call):
            names += helper_tensors.passed(program, call)
    for name in names:
        for placeholder in proof.needs(program.nodes[name]):
            uses[placeholder] = uses.get(placeholder, 0) + 1
    return uses


def run_assignment(line: cst.SimpleStatementLine) -> bool:
    """``prediction = sess.run(tf.round(tf.sigmoid(out)), feed_dict=...)`` in a loop: the ops it builds are a fetch
    (checked as one where the run site is proved), not a graph built inside the loop."""
    if len(line.body) != 1 or not isinstance(line.body[0], cst.Assign):
        return False
    value = line.body[0].value
    return (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value in ("run", "eval")
    )
