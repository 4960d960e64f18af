"""What the tf.data rewrite knows of the module as it reads it, and the helpers every part of it calls."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import (
    Blocked,
    LineOf,
    Resolve,
)
from tfmigrate.transforms.session.datasets.model import Dataset, Iterator
from tfmigrate.transforms.session.datasets.nodes import Nodes
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite


class State(TracedRewrite):
    """The datasets, iterators and initialisations read so far (collect), and what the rewrite made of them."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        super().__init__(module, resolve, line_of)
        self.datasets: dict[str, Dataset] = {}
        self.iterators: dict[str, Iterator] = {}
        self.inits: dict[str, tuple[str, str]] = {}  # init op name -> (iterator, dataset)
        self.definitions: dict[cst.CSTNode, tuple[str, str]] = {}  # statement -> (what, name)
        self.opaque: set[int] = set()
        self.pulls: dict[cst.Call, list[str]] = {}
        self.next_calls: set[cst.Call] = set()
        self.notes: list[tuple[int, str]] = []  # (line, change) for the report
        self.consumed: set[cst.Call] = set()  # the iter() calls of one-shot iterators (TF1 took an op seed there)
        self.sessions: set[str] = set()
        self.tainted: dict[str, set[tuple[str, int]]] = {}  # graph name -> get_next ops (iterator, group) it reads
        self.element_groups: dict[cst.SimpleStatementLine, int] = {}  # a get_next() statement -> its group
        self.tainted_after: dict[cst.CSTNode, dict[str, set[tuple[str, int]]]] = {}  # module-level statement -> it
        self.current: dict[str, set[tuple[str, int]]] = {}  # what names read where the rewrite stands (taint)
        self.init_sites: dict[str, list[bool]] = {}  # dataset -> in a loop, per initialisation
        self.loops = 0
        self.graph_seed = False
        self.graph_names: set[str] = set()  # module-level names bound to TensorFlow values
        self.nodes = Nodes.of(module)
        self.taken = {n.value for n in self.nodes.names}
        self.taken_bound = set(self.nodes.binding_counts(definitions=False))  # bound other than by def / parameter
        self.unseeded: frozenset[str] = frozenset()
        self.built: dict[int, tuple[str, cst.BaseExpression]] = {}  # id of a dataset built in place -> (name, it)
        self.placeholders: dict[str, tuple[cst.SimpleStatementLine, cst.Call]] = {}  # module-level, bound once
        self.reading: set[str] = set()  # placeholders the dataset being defined is built from
        self.feeds: dict[cst.SimpleStatementLine, dict[str, cst.BaseExpression]] = {}  # initialisation -> its feed
        self.placed: dict[cst.SimpleStatementLine, str] = {}  # an iterator's statement -> the dataset built in it
        self.bound_inits: set[str] = set()  # initializer names the eager program binds to their datasets
        self.looped: set[cst.For] = set()  # loops over initializers (aliases)
        self.in_runs: dict[int, tuple[str, str]] = {}  # id of a make_initializer() call run at once -> its pair
        self.nexts: dict[int, str] = {}  # id of a get_next() call in a run -> the element standing for it
        self.initialisations: dict[
            cst.SimpleStatementLine, tuple[str, str]
        ] = {}  # a run of an initializer alone -> its pair
        self.bindings: dict[str, int] = {}  # how often the module binds each name

    def path(self, node: cst.CSTNode) -> str:
        return (self.resolver(node) or "").removeprefix("compat.v1.")

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return Blocked(construct, self.line_of(node))

    def fresh(self, base: str) -> str:
        return numbered(self.taken, base)

    def note(self, node: cst.CSTNode, change: str) -> None:
        self.notes.append((self.line_of(node), change))
