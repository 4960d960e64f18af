"""A ``tf.Graph`` built after the program used the default graph: the word2vec tutorials' notebook shape, a few
default-graph ops run in ``with tf.Session() as sess:`` blocks (``tf.nn.embedding_lookup`` and ``tf.nn.top_k`` tried
on constants), then ``graph = tf.Graph()``, ``with graph.as_default(): ...`` and ``with tf.Session(graph=graph)``.

TF1 keeps two graphs; eager TF2 has one world, where each part computes what its graph computed when the two are
provably apart: every Session of the default graph has ended, the default graph holds only stateless values
(placeholders, constants and the tensors computed from them: no variable, optimizer, saver or random op a later
Session could see restarted), no default-graph value is read once the new graph's block begins (a name read there
must have been bound again in straight-line code) nor by any function (it may be called there), Sessions
after the block run the new graph (``graph=g``), and nothing reads what the two graphs name apart: TF1 numbers the
new graph's names afresh and seeds it apart, while tfmigrate reads one graph's names (Savers, summaries, ``.name``,
graph seeds: refused), and each graph has its own collections (``tf.get_collection``: refused).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names, stored_names

STATELESS = frozenset({"placeholder", "const", "tensor"})
SESSION = "session"  # ``sess = tf.Session()``: ended by ``sess.close()`` (``Proof.open`` tells)
# What TF1 keeps per graph: collections, and the default graph itself.
PER_GRAPH = frozenset(
    {
        "add_to_collection",
        "add_to_collections",
        "get_collection",
        "get_collection_ref",
        "get_default_graph",
        "reset_default_graph",
    }
)
WHY = "the program builds a tf.Graph after using the default graph"


def split(proof, entry: cst.With) -> None:
    """The new graph's block begins at ``entry``: refuse, with the reason, what could tell the two graphs apart."""
    program = proof.program
    if program.seeds:
        raise proof.deny(f"{WHY}, and sets a graph seed (TF1 seeds each graph apart)", program.seeds[0])
    if proof.open:
        session = sorted(proof.open)[0]
        raise proof.deny(f"{WHY} while its Session `{session}` may still run the default graph", entry)
    earlier = [node for versions in program.versions.values() for node in versions]
    for node in sorted(earlier, key=lambda n: n.index):
        if node.kind == SESSION:
            continue
        if node.kind not in STATELESS or node.random:
            what = "a random value" if node.random else f"a {node.kind}"
            raise proof.deny(
                f"{WHY}, whose `{node.name}` ({what}) is state a later Session could tell apart (only placeholders, "
                "constants and tensors of them are read as a graph apart)",
                node.statement,
            )
    for call in descendants(program.module):
        if isinstance(call, cst.Call) and (path := program.tf1_path(call.func)) in PER_GRAPH:
            raise proof.deny(f"{WHY}, and tf.{path} reads one graph (TF1 has two)", call)
    stale = set(program.nodes)
    _function_reads(proof, stale)
    _later_reads(proof, entry, stale)


def finish(proof, where: cst.CSTNode) -> None:
    """What the program reads by TF1 names or seeds: numbered and seeded per graph in TF1, as one graph here."""
    program = proof.program
    if program.seeds:
        raise proof.deny(f"{WHY}, and sets a graph seed (TF1 seeds each graph apart)", program.seeds[0])
    if proof.savers.savers:
        construct = "a Saver (TF1 names the new graph's variables afresh; tfmigrate reads them as one graph's)"
        raise proof.deny(f"{WHY}, and has {construct}", where)
    if proof.summaries.ops:
        raise proof.deny(f"{WHY}, and writes summaries (their tags are named per graph in TF1)", where)
    if proof.plan.names:
        raise proof.deny(f"{WHY}, and reads `.name` (TF1 names each graph's ops afresh)", next(iter(proof.plan.names)))


def session(proof, call: cst.Call, inside: bool, graphs: set[str]) -> None:
    """A Session opened once the new graph is built runs it: inside its block, or given ``graph=`` its name."""
    graph = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "graph"), None)
    if graph is None and inside:
        return
    if not (isinstance(graph, cst.Name) and graph.value in graphs):
        raise proof.deny(f"{WHY}, and opens a Session of the default graph after it", call)


def _function_reads(proof, stale: set[str]) -> None:
    """A function reading a default-graph value by its global name may run once the new graph is built."""
    from tfmigrate.transforms.session.functions import local_names  # functions.py imports the proof's modules

    for function in descendants(proof.program.module):
        if not isinstance(function, (cst.FunctionDef, cst.Lambda)):
            continue
        local = set(local_names(function)) if isinstance(function, cst.FunctionDef) else set()
        for name in loaded_names(function.body):
            if name.value in stale and name.value not in local:
                raise proof.deny(
                    f"{WHY}: `{name.value}`, a value of the default graph, is read in a function that may run with "
                    "the new graph",
                    name,
                )


def _later_reads(proof, entry: cst.With, stale: set[str]) -> None:
    """From the new graph's block on, in the order written: a read of a default-graph name not bound again first
    (in straight-line code: a binding in a loop or branch may not run) is refused."""
    started = False

    def read(node: cst.CSTNode) -> None:
        for name in loaded_names(node):
            if name.value in stale:
                raise proof.deny(
                    f"{WHY}: `{name.value}`, a value of the default graph, is read after the new graph's block "
                    f"begins (line {proof.program.line_of(entry)})",
                    name,
                )

    def walk(statements, straight: bool) -> None:
        nonlocal started
        for statement in statements:
            if statement is entry:
                started = True
            if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                continue  # _function_reads
            if isinstance(statement, cst.SimpleStatementLine):
                if started:
                    for small in statement.body:
                        targets = _targets(small)
                        read(small.value if targets is not None else small)  # type: ignore[attr-defined]
                        if straight and targets:
                            stale.difference_update(targets)
                continue
            if isinstance(statement, cst.With):
                if started:
                    for item in statement.items:
                        read(item.item)
                        if straight and item.asname is not None:
                            stale.difference_update(n.value for n in stored_names(item.asname.name))
                walk(statement.body.body, straight)
                continue
            if started:
                for header in _headers(statement):
                    read(header)
            for block in _blocks(statement):
                walk(block, False)

    walk(proof.program.module.body, True)


def _targets(small: cst.BaseSmallStatement) -> list[str] | None:
    """``x = ...`` / ``a, b = ...``: the names bound; None for any other statement (all of it is read)."""
    if not isinstance(small, cst.Assign):
        return None
    names: list[str] = []
    for target in small.targets:
        value = target.target
        elements = value.elements if isinstance(value, (cst.Tuple, cst.List)) else [cst.Element(value)]
        if not all(isinstance(e, cst.Element) and isinstance(e.value, cst.Name) for e in elements):
            return None
        names += [e.value.value for e in elements]  # type: ignore[attr-defined]
    return names


def _headers(statement: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(statement, cst.For):
        return [statement.target, statement.iter]
    if isinstance(statement, (cst.If, cst.While)):
        return [statement.test]
    return []


def _blocks(statement: cst.CSTNode) -> list[list]:
    """The statement lists below a loop, branch or ``try``."""
    found: list[list] = []
    for field_name in ("body", "orelse", "finalbody"):
        part = getattr(statement, field_name, None)
        if isinstance(part, (cst.Else, cst.Finally, cst.If)):
            part = part if isinstance(part, cst.If) else part.body
        if isinstance(part, cst.If):
            found.append([part])
        elif isinstance(part, cst.IndentedBlock):
            found.append(list(part.body))
    for handler in getattr(statement, "handlers", ()):
        found.append(list(handler.body.body))
    return found
