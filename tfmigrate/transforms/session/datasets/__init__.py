"""tf.data iterators run by a Session, as eager Python iteration (TFM201).

A TF1 program reads a ``tf.data.Dataset`` through an iterator built at module level (``make_one_shot_iterator``,
``make_initializable_iterator``, ``Iterator.from_structure`` + ``make_initializer``); the graph is built on
``get_next()``, and each ``sess.run`` whose fetches depend on it pulls one element, shared by all its fetches,
and raises ``OutOfRangeError`` at the end. Before the proof sees the module, ``desugar`` writes that as the eager
program does it: the iterator's initialisation becomes ``iterator = iter(dataset)``, the element a placeholder,
and each run that reads it ``batch = next(iterator)`` then the run fed with that batch; handlers of
``OutOfRangeError`` around those runs catch ``StopIteration``. The proof then shows the rest as for any fed
program, and ``check`` confirms that every run given a batch reads it (TF1 pulls only for such runs).

Datasets stay as written: built from Python values with the methods below, TF1 and eager TensorFlow build the
same pipeline. A seeded ``shuffle`` restarts its order at each TF1 initialisation but reshuffles at each eager
``iter()`` (checked on TF 2.21), and without its own seed its order depends on an op counter the graph and eager
code count differently: those keep the graph tier, as do feedable iterators and iterators built in a loop.

A dataset built from placeholders is built anew by TF1 from the values fed at each run of its initializer; the
eager program does the same where the initializer runs (``iterator = iter(<the dataset, the fed values cast to the
placeholders' dtypes written in>)``), so a seeded shuffle there restarts its order as in TF1. Initializers made in
place (``it.make_initializer(ds.take(4))``) or iterated (``for init in (first, rest)``) bind their names to the
datasets. Each ``get_next()`` op of an iterator pulls its own element when run, and a name bound to a second
iterator's element reads that one from there on (``taint``). Helpers that build or run iterators
(inlined_helpers.dataset_helpers) are read where they are called before this module sees the program.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Program, Resolve, loaded_names
from tfmigrate.transforms.session.datasets.desugaring import Desugar
from tfmigrate.transforms.session.datasets.tables import PARSERS

__all__ = ["PARSERS", "Desugar", "check", "desugar", "renamed"]


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf, unseeded: frozenset[str] = frozenset()):
    """The module with its tf.data iterators written as eager iteration, or None when it has none; raises
    Blocked for iterator shapes that are not modelled."""
    rewrite = Desugar(module, resolve, line_of)
    rewrite.unseeded = unseeded  # one-shot iterators that took no op seed in TF1 (queues.py)
    if not rewrite.collect():
        return None
    new = module.visit(rewrite)
    for dataset, sites in rewrite.init_sites.items():
        rebuilt = bool(rewrite.datasets[dataset].fed)  # each initialisation builds the shuffle anew from its seed
        if rewrite.datasets[dataset].seeded_shuffle and not rebuilt and (len(sites) > 1 or any(sites)):
            line = rewrite.line_of(next(s for s, d in rewrite.definitions.items() if d == ("dataset", dataset)))
            raise Blocked(
                f"`{dataset}` shuffles with a seed and is iterated more than once (TF1 restarts the order at each "
                "initialisation, eager iteration reshuffles)",
                line,
            )
    for name, iterator in rewrite.iterators.items():
        if (
            not iterator.one_shot
            and not any(name == it for it, _ in [*rewrite.inits.values(), *rewrite.in_runs.values()])
            and not any(d for d in rewrite.init_sites if rewrite.iterators[name].dataset == d)
        ):
            raise Blocked(f"iterator `{name}` is never initialised where tfmigrate can see it", iterator.line)

    def resolve_new(node: cst.CSTNode) -> str | None:
        forced = rewrite.forced.get(id(node))
        if forced is not None:
            return forced
        original = rewrite.origin(node)
        if id(original) in rewrite.opaque:
            return None
        return resolve(original)

    def line_of_new(node: cst.CSTNode) -> int:
        return line_of(rewrite.origin(node))

    return new, resolve_new, line_of_new, rewrite


def check(rewrite: Desugar, program: Program, replace: dict[cst.CSTNode, str]) -> None:
    """Every run given a batch reads it: TF1 pulls an element only for runs whose fetches depend on get_next().
    A tf.layers layer computes in its input's dtype, its Keras replacement in float32: on an element, whose dtype
    is the dataset's (not written in the program), that is not shown to be the same, unless every dataset the
    iterator reads slices float32 placeholders (float32_placeholders)."""
    for call in program.layers:
        read = {it for n in loaded_names(call) for it, _ in rewrite.tainted.get(n.value, ())}
        if read and not all(rewrite.float32_placeholders(it) for it in read):
            raise Blocked(
                f"`{program.module.code_for_node(call.func)}` reads a tf.data element, whose dtype tfmigrate cannot "
                "see (TF1 layers compute in the input's dtype, their Keras replacements in float32)",
                program.line_of(call),
            )
    for call, batches in rewrite.pulls.items():
        code = replace.get(call)
        read = {n.value for n in loaded_names(cst.parse_expression(code))} if code is not None else set()
        if not set(batches) <= read:
            raise Blocked(
                "a run whose fetches tfmigrate cannot show to read the iterator's get_next() element",
                rewrite.line_of(rewrite.origin(call)),
            )


def renamed(blocked: Blocked, rewrite: Desugar) -> Blocked:
    """The proof saw each get_next() element as a placeholder: its reasons name it as what the program wrote."""
    construct = blocked.construct
    for iterator in rewrite.iterators.values():
        for element, _ in iterator.elements:
            construct = construct.replace(f"placeholder `{element}`", f"`{element}` (get_next() of `{iterator.name}`)")
            construct = construct.replace(f"two placeholders named `{element}`", f"two values named `{element}`")
    return Blocked(construct, blocked.line) if construct != blocked.construct else blocked
