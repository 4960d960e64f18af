"""One ``tf.Graph`` in the eager rewrite: a program that builds its graph in a ``tf.Graph`` of its own, and nothing
in the default graph, computes what eager TF2 computes once the graph object goes.

``with tf.Graph().as_default():`` and ``g = tf.Graph()`` + ``with g.as_default():`` + ``tf.Session(graph=g)`` are
modelled; a second tf.Graph (eager TF2 has one world) and any other use of the graph object (``g.finalize()``,
``FileWriter(d, graph=g)``) keep the graph tier at that line. Default-graph values built and run before it are
read as a graph apart where later_graphs.py proves the two cannot be told apart.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session import later_graphs
from tfmigrate.transforms.session.analysis import descendants, loaded_names


class OneGraph:
    """The graph part of the proof: ``g = tf.Graph()`` bindings and ``as_default()`` blocks."""

    def __init__(self, proof) -> None:
        self.proof = proof
        self.program = proof.program
        self.ended = False  # the graph's ``with ....as_default():`` block has ended
        self.first = 0  # the line of that block
        self.names: set[str] = set()  # ``g = tf.Graph()``
        self.later: cst.CSTNode | None = None  # the block of a tf.Graph built after the default graph was used
        self.opened = 0  # Sessions opened on that graph

    def deny(self, construct: str, node: cst.CSTNode):
        return self.program.deny(construct, node)

    def only(self, where: cst.CSTNode) -> None:
        """Eager TF2 has one world: a program may build one tf.Graph."""
        calls = [
            c
            for c in descendants(self.program.module)
            if isinstance(c, cst.Call) and self.program.tf_path(c.func) == "Graph"
        ]
        if len(calls) > 1:
            raise self.deny("the program builds several tf.Graphs (eager TF2 has one)", calls[1])

    def begin(self, block: cst.With) -> None:
        """The graph's block begins: after default-graph use, the two graphs must be provably apart."""
        if self.program.order or self.proof.sessions or self.program.seeds:
            later_graphs.split(self.proof, block)
            self.later = block

    def session(self, call: cst.Call) -> None:
        """A Session opened after a tf.Graph that follows default-graph use runs that graph."""
        if self.later is not None:
            later_graphs.session(self.proof, call, not self.ended, self.names)
            self.opened += 1

    def fresh(self) -> bool:
        """The Session just opened is the first of that graph: no earlier Session ran its variables, and the
        default graph's Sessions ran no state (later_graphs.split), so nothing starts over."""
        return self.later is not None and self.opened == 1

    def finish(self) -> None:
        if self.later is not None:
            later_graphs.finish(self.proof, self.later)

    def binding(self, line: cst.SimpleStatementLine) -> bool:
        """``g = tf.Graph()`` whose only uses are ``with g.as_default():`` and ``tf.Session(graph=g)``: it goes."""
        small = line.body[0]
        if not (
            len(line.body) == 1
            and isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Call)
            and self.program.tf_path(small.value.func) == "Graph"
            and not small.value.args
        ):
            return False
        target = small.targets[0].target
        name = target.value
        self.only(line)
        if len(self.program.scope.sites.get(name, [])) != 1:
            raise self.deny(f"`{name}` is bound more than once", line)
        modelled = {use for node in descendants(self.program.module) for use in self._uses(node) if use.value == name}
        for use in loaded_names(self.program.module):
            if use.value == name and use is not target and use not in modelled:
                raise self.deny(f"the tf.Graph `{name}` is used beyond as_default() and Session(graph=)", use)
        self.names.add(name)
        self.proof.plan.remove.add(line)
        self.proof.plan.graphs.add(line)
        return True

    def enter(self, statement: cst.With) -> bool:
        """``with tf.Graph().as_default():`` / ``with g.as_default():``: the graph built inside is the program's."""
        if len(statement.items) != 1:
            return False
        item = statement.items[0]
        call = item.item
        if not (
            isinstance(call, cst.Call)
            and not call.args
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "as_default"
        ):
            return False
        owner = call.func.value
        if isinstance(owner, cst.Name) and owner.value in self.names:
            if self.ended:
                raise self.deny(
                    f"`{owner.value}` is entered again: ops are added to the graph its `with` block of line "
                    f"{self.first} built, after that block ended (the rewrite reads that one block as the whole graph)",
                    statement,
                )
            self.first = self.program.line_of(statement)
        elif isinstance(owner, cst.Call) and self.program.tf_path(owner.func) == "Graph" and not owner.args:
            self.only(statement)
        else:
            return False
        self.begin(statement)
        if item.asname is not None:
            name = item.asname.name
            if not (
                isinstance(name, cst.Name)
                and len([n for n in loaded_names(self.program.module) if n.value == name.value]) == 1
                and len(self.program.scope.sites.get(name.value, [])) == 1
            ):
                raise self.deny("the tf.Graph entered is used by name", statement)
        self.proof.plan.unwrap.add(statement)
        self.proof.plan.graphs.add(statement)
        return True

    def _uses(self, node: cst.CSTNode) -> list[cst.Name]:
        """Names used as ``with name.as_default():`` or ``tf.Session(graph=name)``."""
        if isinstance(node, cst.With):
            return [
                item.item.func.value
                for item in node.items
                if isinstance(item.item, cst.Call)
                and isinstance(item.item.func, cst.Attribute)
                and item.item.func.attr.value == "as_default"
                and isinstance(item.item.func.value, cst.Name)
            ]
        if isinstance(node, cst.Call) and self.program.tf_path(node.func) in SESSIONS:
            return [
                a.value
                for a in node.args
                if a.keyword is not None and a.keyword.value == "graph" and isinstance(a.value, cst.Name)
            ]
        return []
