"""Seeded dropout drawn from TF1's own stream by a ``tf.random.Generator``, so that the train step can be traced.

Under a graph seed TF1's ``tf.nn.dropout(h, keep_prob)`` is one ``RandomUniform`` op seeded ``(g, k)``
(``random_seed.get_seed``): its Philox kernel starts at key ``g``, counter ``[0, k]``, and each run that evaluates
it, training at keep 0.5 or evaluating at keep 1.0, moves the counter on by 256 per drawn number. An eager op
continues that stream only between eager calls; a ``tf.function`` holds a kernel, and so a stream, of its own, so
seeds.py ran such a train step eagerly (6-10x the CPU time). ``tf.random.Generator.from_key_counter(key=g,
counter=[0, k], alg="philox")`` is the same Philox stream kept in a variable: its ``uniform`` draws the same numbers
and moves the counter by the same 256 per number (``UpdateMemWithPhiloxRandom``), inside a traced step and in the
eager evaluations alike, across retraces. ``tf.nn.experimental.general_dropout`` is ``tf.nn.dropout``'s own
arithmetic (``nn_ops._dropout``) with that sampler. Checked on TF 2.21: the "Deep MNIST for experts" loop prints
TF1's numbers bit for bit with a traced step (tests/test_seeded_dropout.py).

Only where every seeded draw made while the graph runs is such a dropout, the graph seed is a literal integer, and ``tf.set_random_seed`` is in a scope every dropout's function sees; anything else keeps the eager step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.cstfields import signed_integer
from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.fresh_names import fresh

if TYPE_CHECKING:
    from tfmigrate.transforms.session.seeds import SeedEdit, Seeds

MAXINT32 = 2**31 - 1  # random_seed._MAXINT32: both seeds are taken modulo it
# TF1's tf.nn.dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None)
PARAMETERS = ("x", "keep_prob", "noise_shape", "seed", "name", "rate")


@dataclass(frozen=True)
class Stream:
    """The seed edit of a dropout drawn from a Generator: ``sampled`` writes the call, ``restarted`` the reset."""

    tf: str
    name: str  # the Generator's
    start: str  # its key and counter as TF1's kernel began them: ``key=0, counter=[0, 1]``

    def __str__(self) -> str:  # the argument, as the change log names a seed edit
        return f"uniform_sampler={self.name}.uniform"


def streams(seeds: Seeds, drawn: list[cst.Call]) -> tuple[dict[cst.Call, Stream], dict[cst.CSTNode, list[str]]]:
    """The edits that draw each of ``drawn`` from a Generator on TF1's stream, and the statements making the
    Generators (after ``tf.set_random_seed``'s statement); nothing where one of them cannot be."""
    program = seeds.program
    graph_seed = seeds.graph_seed()
    literal = _graph_seed(graph_seed)
    statement = seeds.statement_of(graph_seed)
    if not drawn or graph_seed is None or literal is None or statement is None or _other_dropouts(seeds, drawn):
        return {}, {}
    scope = seeds.function_of(graph_seed)
    found: dict[cst.Call, Stream] = {}
    statements: list[str] = []
    for call in drawn:
        op_seed = seeds.op_seeds.get(call)
        if op_seed is None or not _plain(seeds, call) or (scope is not None and not _sees(seeds, call, scope)):
            return {}, {}
        key, counter = literal % MAXINT32, op_seed % MAXINT32
        if (key, counter) == (0, 0):
            counter = MAXINT32
        name = fresh(program, program.names, "dropout_stream")
        start = f"key={key}, counter=[0, {counter}]"
        statements.append(f'{name} = {seeds.tf}.random.Generator.from_key_counter({start}, alg="philox")')
        found[call] = Stream(seeds.tf, name, start)
    return found, {statement: statements}


def _other_dropouts(seeds: Seeds, drawn: list[cst.Call]) -> bool:
    """A dropout that is not one of ``drawn`` (a ``DropoutWrapper``, ``tf.layers.dropout``) draws from its own
    kernel: a step reading it must stay eager, and whether a step reads it is not followed everywhere."""
    program = seeds.program
    return any(
        isinstance(call, cst.Call) and call not in drawn and "dropout" in program.tf1_path(call.func).lower()
        for call in descendants(program.module)
    )


def _graph_seed(call: cst.Call | None) -> int | None:
    if call is None:
        return None
    given = argument(call, 0, "seed")
    return signed_integer(given.value) if given is not None else None


def _plain(seeds: Seeds, call: cst.Call) -> bool:
    """``tf.nn.dropout`` spelled as an attribute of TensorFlow, with TF1's parameters and nothing unpacked."""
    if seeds.program.tf1_path(call.func) != "nn.dropout" or not isinstance(call.func, cst.Attribute):
        return False
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in call.args) or len(positional) > 5 or not positional:
        return False
    named = _parameters(call)
    return (
        len(set(named)) == len(named) and set(named) <= set(PARAMETERS) and ("keep_prob" in named) != ("rate" in named)
    )


def _parameters(call: cst.Call) -> list[str]:
    """The parameter each argument of ``call`` binds (positional arguments come first, as Python has them)."""
    return [PARAMETERS[i] if a.keyword is None else a.keyword.value for i, a in enumerate(call.args)]


def _sees(seeds: Seeds, call: cst.Call, scope: cst.FunctionDef) -> bool:
    """The function holding ``tf.set_random_seed`` encloses the dropout, so the Generator made there is seen."""
    node = seeds.parents.get(call)
    while node is not None and node is not scope:
        node = seeds.parents.get(node)
    return node is scope


def sampled(call: cst.Call, edit: Stream) -> cst.Call:
    """``tf.nn.dropout(h, keep_prob)`` -> ``tf.nn.experimental.general_dropout(h, rate=1 - keep_prob,
    uniform_sampler=dropout_stream.uniform)``; noise shape and name kept."""
    bound = {name: a.value for name, a in zip(_parameters(call), call.args)}
    keep = bound.get("keep_prob")
    rate = _one_minus(keep) if keep is not None else bound["rate"]
    code = cst.Module([]).code_for_node
    args = [code(bound["x"]), f"rate={code(rate)}", str(edit)]
    args += [f"{name}={code(bound[name])}" for name in ("noise_shape", "name") if name in bound]
    made = cst.parse_expression(f"{edit.tf}.nn.experimental.general_dropout({', '.join(args)})")
    assert isinstance(made, cst.Call)
    return made


def _one_minus(value: cst.BaseExpression) -> cst.BaseExpression:
    """``1 - value``, the double TF1's ``1. - keep_prob`` computed: a literal folded only where its short spelling
    is that double (``0.5``, not ``0.1`` for ``1 - 0.9``); parenthesised when compound."""
    if isinstance(value, (cst.Integer, cst.Float)):
        exact = 1.0 - float(value.evaluated_value)
        if float(repr(round(exact, 12))) == exact:
            return cst.Float(repr(round(exact, 12)))
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float)):
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]) if not value.lpar else value
    return cst.BinaryOperation(
        left=cst.Integer("1"),
        operator=cst.Subtract(whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")),
        right=value,
    )


def restarted(seeds: dict[cst.Call, SeedEdit]) -> list[str]:
    """What a new Session of the program runs so that each Generator starts TF1's stream again, as every seeded op
    of a new TF1 Session did (second_sessions.py)."""
    return [f"{e.name}.reset_from_key_counter({e.start})" for e in seeds.values() if isinstance(e, Stream)]
