"""A second Session in one program: what TF1 starts over, and the eager statements that start it over too.

Tutorials open ``with tf.Session() as sess: sess.run(init); ...`` once per lesson step. Checked on TF 2.21
(``tf.compat.v1`` with ``disable_v2_behavior()``): every new Session holds the graph's variables uninitialised until
an initializer runs in it, and then they take their initial values again, a random initial value drawn again; every
seeded random op (an op seed, a graph seed or both) restarts its stream, so each Session draws the numbers the first
one drew, a seeded initial value included; an unseeded program draws new numbers.

Eagerly the variables live on: the new Session's initializer run becomes an assign of each variable's initial value
(as a second initializer run in one Session does, ``Proof.reinitialise``), or goes, when nothing in the program can
have changed a variable. A seeded program's streams restart with ``tf.random.set_seed(g)`` at the start of the
block (``g``: the graph seed, or TF's default graph seed 87654321 where only op seeds are set): eager TF2 resets
every op kernel's counter there, so an op given its TF1 seed (seeds.py) draws its stream from the start, checked on
TF 2.21; a dropout's Generator (dropout_streams.py) is reset to its start beside it. A seeded initial value is then drawn again with its TF1 seed, the numbers the first Session's initializer
gave. What keeps state this does not reach (a Saver, an optimizer's slots, a one-off ``tf.function`` draw, variables
built by layers or helpers) keeps the graph tier with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms._tf1 import dotted
from tfmigrate.transforms.session import dropout_streams, layers, restoring_sessions
from tfmigrate.transforms.session.analysis import ASSIGNS, Node, descendants, is_random, loaded_names
from tfmigrate.transforms.session.graph_resets import tf_reset
from tfmigrate.transforms.session.savers import has_op_seeds, keeps_slots
from tfmigrate.transforms.session.seeds import SeedEdit, with_argument

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program
    from tfmigrate.transforms.session.proof import Proof

DEFAULT_GRAPH_SEED = 87654321  # random_seed.DEFAULT_GRAPH_SEED: TF1's graph seed when only op seeds are set
STATE_CHANGERS = frozenset({"train", "assign"})
CONSTANTS = frozenset({"constant", "zeros", "ones", "fill"})


class Restarts:
    """The Sessions after the first: where each starts, and what its initializer run becomes."""

    def __init__(self, proof: Proof) -> None:
        self.proof = proof
        self.pending = False  # a Session restarted and its initializer has not run yet
        self.touched = False  # something the program runs may have changed a variable before this Session
        self.replayed: dict[cst.CSTNode, list[Node]] = {}  # initializer run -> variables assigned again
        self.starts: list[cst.CSTNode] = []

    def begin(self, where: cst.CSTNode, state: list[Node]) -> None:
        """A Session that starts over from ``state`` (what an earlier Session may have run)."""
        proof, program = self.proof, self.proof.program
        if proof.savers.savers and restoring_sessions.restores_everything(proof, where):
            return  # its restore puts back what the eager variables hold (restoring_sessions.py)
        if proof.savers.savers:
            raise proof.deny("a second Session (its variables start over) in a program with a Saver", where)
        if any(
            isinstance(c, cst.Call) and tf_reset(program.resolve, c.func) for c in descendants(program.module)
        ):  # each section is a program of its own (sections.py), which this refusal hands the module to
            raise proof.deny("a second Session (its variables start over)", where)
        kept = [n for n in state if keeps_slots(program, n)]
        if kept:
            raise proof.deny(
                f"a second Session starts the optimizer slots of `{kept[0].name}` over (the eager optimizer keeps "
                "them)",
                where,
            )
        if len(program.seeds) > 1:
            raise proof.deny("a second Session restarts the random streams of a program seeded twice", where)
        self.touched = self.touched or any(n.kind in STATE_CHANGERS for n in state) or _assigns(proof)
        self.pending = True
        self.starts.append(where)

    def initialise(self, call: cst.Call, line: cst.SimpleStatementLine) -> bool:
        """The first initializer run of a restarted Session: assigns of the initial values, or nothing when no
        variable can have changed and TF1 draws no new numbers. TF1 draws every initial value again: a seeded one
        gives the first Session's numbers, an unseeded one new numbers (checked on TF 2.21), which only an assign
        draws eagerly. The kernels of ``tf.layers`` are drawn again too, which no assign here reaches: a trained
        or unseeded layer keeps the graph tier."""
        proof, program = self.proof, self.proof.program
        if not self.pending or proof.initialized or proof.ran_variables:
            return False
        self.pending = False
        seeded = bool(program.seeds) or has_op_seeds(program)
        if (self.touched or not seeded) and layers.built(program):  # before any replay: layers.finish ran already
            raise proof.deny("a second Session initialises the variables again, and tf.layers built some of them", line)
        if not self.touched and (seeded or not any(_may_draw(proof, n) for n in _variables(program))):
            proof.savers.initialised(line)
            proof.initialized = True
            proof.plan.remove.add(line)
            return True
        variables = proof.initial_values(call, line, restarted=True)
        if variables is None:
            return False
        self.replayed[line] = variables
        proof.plan.sites += 1
        proof.initialized = True
        return True

    def single(self, line: cst.SimpleStatementLine) -> None:
        """``v.initializer.run()`` in a restarted Session."""
        if self.pending and self.touched:
            raise self.proof.deny("a second Session initialises its variables one by one", line)

    def finish(self) -> None:
        """After the seed plan: the restarts of a seeded program start with ``tf.random.set_seed``, the initial
        values drawn again carry their TF1 seeds."""
        proof, program, plan = self.proof, self.proof.program, self.proof.plan
        seeded = bool(program.seeds) or has_op_seeds(program)
        for line, variables in self.replayed.items():
            codes = []
            for node in variables:
                initial = argument(cast(cst.Call, node.value), 0, "initial_value")  # Proof.initial_values checked it
                assert initial is not None
                drawn = [c for c in descendants(initial.value) if isinstance(c, cst.Call) and c in plan.fresh]
                if drawn:
                    raise proof.deny(
                        f"a second Session draws the initial value of `{node.name}` again, which the eager program "
                        "draws in a tf.function of its own",
                        line,
                    )
                drawn_again = cast(cst.BaseExpression, initial.value.visit(_Seeded(plan.seeds)))
                codes.append(f"{node.name}.assign({proof.code(drawn_again if seeded else initial.value)})")
            plan.reinitialise[line] = codes
        if not seeded:
            return
        if program.seeds:
            seed = argument(program.seeds[0], 0, "seed")
            if seed is None:
                raise proof.deny("tf.set_random_seed arguments", program.seeds[0])
            graph_seed = proof.code(seed.value)
        else:
            graph_seed = str(DEFAULT_GRAPH_SEED)
        streams = "".join(f"; {code}" for code in dropout_streams.restarted(plan.seeds))
        for where in self.starts:
            plan.restarts[where] = f"{proof.tf}.random.set_seed({graph_seed}){streams}"


def _variables(program: Program) -> list[Node]:
    return [n for versions in program.versions.values() for n in versions if n.kind == "variable"]


def _may_draw(proof: Proof, node: Node) -> bool:
    """A variable TF1's initializer may give other numbers at each run: a ``tf.Variable`` whose initial value calls
    a TensorFlow random op, reads a random graph value or calls what is neither TensorFlow nor numpy (numpy runs
    once, where the graph is built), and anything but a ``tf.Variable`` (``tf.get_variable``'s default draws)."""
    program = proof.program
    value = node.value
    initial = argument(value, 0, "initial_value") if isinstance(value, cst.Call) else None
    if not (isinstance(value, cst.Call) and program.tf_path(value.func) == "Variable" and initial is not None):
        return True
    for call in descendants(initial.value):
        if not isinstance(call, cst.Call):
            continue
        path = program.tf1_path(call.func)
        spelled = dotted(call.func) or ""
        if is_random(path) or (not path and program.imported.get(spelled.partition(".")[0]) != "numpy"):
            return True
    return any(n.value in program.nodes and program.nodes[n.value].random for n in loaded_names(initial.value))


def _assigns(proof: Proof) -> bool:
    """An assign the run phase may make outside the graph nodes (``w.assign(x).eval()``, ``sess.run(tf.assign(..))``)."""
    program = proof.program
    for node in descendants(program.module):
        if not isinstance(node, cst.Call):
            continue
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in ASSIGNS:
            return True
        if (program.tf_path(func) or "").removeprefix("compat.v1.") in ASSIGNS:
            return True
    return False


def random_initial_value(proof: Proof, value: cst.BaseExpression) -> bool:
    """A random op of literals: drawn again in a restarted Session, from its TF1 seed where it has one."""
    calls = [node for node in descendants(value) if isinstance(node, cst.Call)]
    random = [c for c in calls if is_random(proof.program.tf1_path(c.func))]
    return bool(random) and _of_literals(proof, value, random)


def fixed_initial_value(proof: Proof, value: cst.BaseExpression) -> bool:
    """``tf.zeros([n_hidden])``: constants of literals and of numbers the module binds once."""
    return _of_literals(proof, value, [])


def _of_literals(proof: Proof, value: cst.BaseExpression, random: list[cst.Call]) -> bool:
    """Every call a TensorFlow constant or one of ``random``, every name ``tf`` or a number bound once in
    straight-line module code (``n_hidden_1 = 256``): evaluated again, the same expression."""
    program = proof.program
    calls = [node for node in descendants(value) if isinstance(node, cst.Call)]
    if not all(c in random or program.tf_path(c.func) in CONSTANTS for c in calls):
        return False
    return all(n.value in (proof.tf, "True", "False", "None") or _number(proof, n.value) for n in loaded_names(value))


def _number(proof: Proof, name: str) -> bool:
    scope = proof.program.scope
    sites = scope.sites.get(name, [])
    if len(sites) != 1 or sites != scope.straight.get(name) or not isinstance(sites[0], cst.SimpleStatementLine):
        return False
    small = sites[0].body[0]
    if not (
        isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
    ):
        return False
    number = small.value.expression if isinstance(small.value, cst.UnaryOperation) else small.value
    return isinstance(number, (cst.Integer, cst.Float))


class _Seeded(cst.CSTTransformer):
    """The initial value's random ops with the seed arguments the rewrite gives them (seeds.py)."""

    def __init__(self, seeds: dict[cst.Call, SeedEdit]) -> None:
        self.seeds = seeds

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        seed = self.seeds.get(original_node)
        return with_argument(updated_node, seed) if seed is not None else updated_node
