"""A class that owns its graph, constructed more than once at module level: ``self.graph = tf.Graph()``, ``with
self.graph.as_default(): self.build(); self.saver = tf.train.Saver()``, each method opening ``with
tf.Session(graph=self.graph)``; the script trains and saves with ``rnn = CharRNN(...)``, then builds a second
instance (``rnn = CharRNN(..., sampling=True)``, batch 1) that restores the first's checkpoint and samples.

Each instance builds into a graph of its own: TF1 gives its variables the same names in each graph (``w`` twice, not
``w`` then ``w_1``), restarts op seeds there, and a Session on it reaches nothing of another instance. So each
construction, with the module statements up to the next one (its segment), is a program of its own, as a graph reset
makes one (graph_loops.py, function_parts.py): proved as the module with the other segments left out (a sentinel
each), the class constructed once there. Eagerly each instance's variables are its own objects, named as in TF1's
graph, saved and restored through the instance's ``tf.train.Checkpoint`` (which reads a TF1 Saver's checkpoint by
those names). The module keeps each segment from its own proof and the rest (imports, the class) from all of them
when they rewrote it alike; a constructor argument that changes the rewrite of the class keeps the graph tier.

Refused (the graph tier keeps the program, with the reason): a construction other than a module-level ``x = C(...)``;
a Session the class opens on a graph other than its own, or one opened outside the class; TensorFlow at module level
beside the class (it builds into the default graph, which no instance reads; a proof of one segment would read it as
the instance's); a name a segment binds read after it (a segment's values are its own program's); Keras layers
and tf.layers objects without ``name=`` (Keras numbers unnamed layers once per process, TF1 once per graph; a
functional tf.layers call is named by its segment's proof, layers.py, as TF1 named it in that graph); an op ``seed=``
with no ``tf.set_random_seed`` in the program (each TF1 graph restarts an op seed's stream, eager draws carry on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session import seeds
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, stored_names
from tfmigrate.transforms.session.class_sugar import unguarded_lookups
from tfmigrate.transforms.session.classes import _assigned_calls, graph_class, owns_graph
from tfmigrate.transforms.session.functions import has_session, module_references
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.reset_seeds import path as seed_path
from tfmigrate.transforms.session.sentinels import sentinel, sentinel_name
from tfmigrate.transforms.session.shared_joins import join_shared

OWN = "_own__"
SEGMENT, DELETED = "__tfmigrate_instance_segment{}", "__tfmigrate_instance_deleted_{}__"
PER_PROCESS = ("layers.", "keras.")  # Keras numbers unnamed layers once per process, not per graph
Prove = Callable[[cst.Module, Resolve, LineOf], tuple[cst.Module, list[tuple[int, str]]]]


@dataclass
class Segments:
    module: cst.Module
    start: int  # the index of the first construction in the module's body
    bounds: list[tuple[int, int]]  # each segment's statements, [begin, end) in the module's body
    definition: cst.ClassDef
    left: list[set[str]]  # per segment, the Session methods it does not call, left out of its program


def split(module: cst.Module, resolve: Resolve, line_of: LineOf) -> Segments | None:
    """The segments when the graph class owns its graph and the module constructs it more than once, each at a
    module-level assignment; None for any other shape; raises Blocked for what such a program does beyond it."""
    definition = graph_class(module, resolve, line_of)
    if definition is None or not owns_graph(definition, resolve):
        return None
    name = definition.name.value
    sites = [s for _, s, c in _assigned_calls(module) if isinstance(c.func, cst.Name) and c.func.value == name]
    constructed = {id(n) for s in sites for n in descendants(s) if isinstance(n, cst.Call)}
    calls = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == name
    ]
    if len(sites) < 2 or any(id(c) not in constructed for c in calls):
        return None
    body: list[cst.BaseStatement] = list(module.body)
    starts = [body.index(s) for s in sites]
    bounds = [(a, b) for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    _check_class(definition, resolve, line_of)
    _check_op_seeds(module, name, resolve, line_of)
    for statement in body:
        if _imports(statement) or isinstance(statement, cst.ClassDef):
            continue
        if has_session(statement, resolve):
            raise Blocked(
                f"class `{name}` owns its graph and is constructed more than once, and the module opens a Session "
                "of its own (each instance is read as its own program, reached only through its methods)",
                line_of(statement),
            )
        for node in [] if isinstance(statement, cst.FunctionDef) else descendants(statement):
            if isinstance(node, (cst.Name, cst.Attribute)) and resolve(node) is not None:
                raise Blocked(
                    f"class `{name}` owns its graph and is constructed more than once, beside module-level "
                    "TensorFlow, which builds into the default graph no instance reads (each instance is read "
                    "as its own program)",
                    line_of(node),
                )
    for node in descendants(module):
        path = (resolve(node.func) or "").removeprefix("compat.v1.") if isinstance(node, cst.Call) else ""
        if (
            path.startswith(PER_PROCESS)
            and not _named_per_graph(path)
            and not any(a.keyword is not None and a.keyword.value == "name" for a in node.args)
        ):
            raise Blocked(
                f"class `{name}` owns its graph and is constructed more than once, and calls tf.{path} without "
                "`name=`: Keras numbers unnamed layers once per process, TF1 once per graph",
                line_of(node),
            )
    segment_bound = {n for begin, end in bounds for s in body[begin:end] for n in _bound(s)}
    for statement in body[: starts[0]]:  # a function reading what a segment binds: the segments share it
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            read = [n for bound_name in sorted(segment_bound) for n in module_references(statement, bound_name)]
            if read:
                raise Blocked(
                    f"class `{name}` owns its graph and is constructed more than once, and `{read[0].value}`, which "
                    f"the statements after a construction bind, is read in `{statement.name.value}`, defined before "
                    "them (each construction and the statements up to the next is read as a program of its own)",
                    line_of(read[0]),
                )
    for index, (begin, end) in enumerate(bounds):
        bound = {n for s in body[begin:end] for n in _bound(s)}
        for statement in body[end:]:
            read = [n for n in descendants(statement) if isinstance(n, cst.Name) and n.value in bound]
            rebound = _bound(statement)
            read = [n for n in read if n.value not in rebound or not _rebinds_first(statement, n.value)]
            if read:
                raise Blocked(
                    f"class `{name}` owns its graph and is constructed more than once, and `{read[0].value}`, bound "
                    f"after construction {index + 1}, is read after construction {index + 2} (each construction "
                    "and the statements up to the next is read as a program of its own)",
                    line_of(read[0]),
                )
            bound -= rebound
    return Segments(module, starts[0], bounds, definition, _left(definition, body, bounds))


def _named_per_graph(path: str) -> bool:
    """A functional tf.layers call (``tf.layers.dense(x, 16)``): each segment's proof names the eager layer as TF1
    named it in that instance's graph (``name='dense'`` in both, layers.py), or the layer holds no variable
    (pooling, dropout, flatten), so Keras' per-process numbering reaches no variable name."""
    from tfmigrate.transforms.session.layers import FUNCTIONAL

    return path.removeprefix("layers.") in FUNCTIONAL and path.startswith("layers.")


def _left(definition: cst.ClassDef, body: list[cst.BaseStatement], bounds: list[tuple[int, int]]) -> list[set[str]]:
    """Per segment, the class's methods it does not name (``rnn.sample``) and no method of the class names
    (``self.sample``): each is another instance's, proved in the program of a segment that calls it. A method no
    segment calls stays in every program (its proof says what it says of an uncalled method)."""
    methods = [m for m in definition.body.body if isinstance(m, cst.FunctionDef) and m.name.value != "__init__"]
    inside = {  # ``self.sample`` in a method (the constructor too): kept for all
        n.attr.value
        for m in definition.body.body
        if isinstance(m, cst.FunctionDef) and m.params.params
        for n in descendants(m)
        if isinstance(n, cst.Attribute)
        and isinstance(n.value, cst.Name)
        and n.value.value == m.params.params[0].name.value
    }
    # not only those opening a Session: a ``load`` restoring in the constructor's is another instance's too
    callable_ = {m.name.value for m in methods} - inside
    named = [
        {n.attr.value for s in body[begin:end] for n in descendants(s) if isinstance(n, cst.Attribute)}
        for begin, end in bounds
    ]
    called = set().union(*named) & callable_
    return [called - here for here in named]


def _bound(statement: cst.BaseStatement) -> set[str]:
    """The module names a statement binds: assignment and loop targets, ``as`` names."""
    targets: list[cst.CSTNode] = []
    for node in descendants(statement):
        if isinstance(node, (cst.AssignTarget, cst.AsName)):
            targets.append(node.target if isinstance(node, cst.AssignTarget) else node.name)
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)):
            targets.append(node.target)
    return {n.value for t in targets for n in stored_names(t)}


def _deletes(statement: cst.BaseStatement) -> bool:
    """``del name``: a statement that only unbinds module names."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Del)
        and all(isinstance(n, cst.Name) for n in _deleted_names(statement.body[0].target))
    )


def _deleted_names(target: cst.BaseDelTargetExpression) -> list[cst.BaseExpression]:
    if isinstance(target, cst.Tuple):
        return [e.value for e in target.elements]
    return [target]


def _imports(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body
    )


def _rebinds_first(statement: cst.BaseStatement, name: str) -> bool:
    """``name = C(...)``: the statement binds ``name`` without reading it."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    return (
        isinstance(small, cst.Assign)
        and all(isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets)
        and not any(isinstance(n, cst.Name) and n.value == name for n in descendants(small.value))
    )


def _check_op_seeds(module: cst.Module, name: str, resolve: Resolve, line_of: LineOf) -> None:
    call = seeds.restarted_op_seed(module, resolve)
    if call is not None:
        raise Blocked(
            f"class `{name}` owns its graph and is constructed more than once, and tf.{seed_path(resolve, call)} "
            "draws with an op seed= and no graph seed (tf.set_random_seed): each TF1 graph restarts an op "
            "seed's stream, eager draws with it carry on from the previous instance's",
            line_of(call),
        )


def _check_class(definition: cst.ClassDef, resolve: Resolve, line_of: LineOf) -> None:
    """Every Session the class opens is on the graph its constructor made (``tf.Session(graph=self.graph)``)."""
    graphs: set[str] = set()
    for node in descendants(definition):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call):
            if (resolve(node.value.func) or "").removeprefix("compat.v1.") == "Graph":
                graphs.update(cst.Module(body=[]).code_for_node(t.target) for t in node.targets)
    for node in descendants(definition):
        if isinstance(node, cst.Call) and has_session(node, resolve) and (resolve(node.func) or "").endswith("Session"):
            given = [a for a in node.args if a.keyword is not None and a.keyword.value == "graph"]
            if not given or cst.Module(body=[]).code_for_node(given[0].value) not in graphs:
                raise Blocked(
                    f"class `{definition.name.value}` is constructed more than once and opens a Session other than "
                    "on the `tf.Graph()` its constructor made (`tf.Session(graph=self.graph)`): its instances may "
                    "share the default graph",
                    line_of(node),
                )


def parts(segments: Segments, resolve: Resolve, line_of: LineOf) -> list[tuple[cst.Module, Resolve, LineOf]]:
    """Each segment's program: the module with the other segments replaced by a sentinel each."""
    return [_part(segments, own, resolve, line_of) for own in range(len(segments.bounds))]


def _part(segments: Segments, own: int, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf]:
    made = Origins()
    body: list[cst.BaseStatement] = [
        _without(s, segments.left[own], made) if s is segments.definition else s
        for s in segments.module.body[: segments.start]
    ]
    for index, (begin, end) in enumerate(segments.bounds):
        if (
            index == own
        ):  # its start marked; ``del rnn``: the instance gone, read as nothing the program runs, put back by join
            body.append(sentinel(SEGMENT.format(OWN)))
            for at in range(begin, end):
                statement = segments.module.body[at]
                body.append(sentinel(DELETED.format(at)) if _deletes(statement) else statement)
            continue
        stand = sentinel(SEGMENT.format(f"_{index}__"))
        made.keep(stand, segments.module.body[begin])
        body.append(stand)
    resolve_part, line_of_part = unguarded_lookups(lambda n: resolve(made.of(n)), lambda n: line_of(made.of(n)), None)
    return segments.module.with_changes(body=body), resolve_part, line_of_part


def _without(definition: cst.ClassDef, left: set[str], made: Origins) -> cst.ClassDef:
    """The class without the methods ``left``: another segment's Session methods."""
    if not left:
        return definition
    block = cst.ensure_type(definition.body, cst.IndentedBlock)
    kept = [m for m in block.body if not (isinstance(m, cst.FunctionDef) and m.name.value in left)]
    inner = block.with_changes(body=kept)
    made.keep(inner, block)
    stripped = definition.with_changes(body=inner)
    made.keep(stripped, definition)
    return stripped


def join(
    segments: Segments, results: list[tuple[cst.Module, list[tuple[int, str]]]], line: int
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """The module: the statements before the first construction merged from every result as shared_joins.py merges
    a module-level graph several proofs rewrote (the class's methods each from the results that kept it, a helper
    one rewrite added for its own use beside them, a step decorated where it ran), each segment from its own;
    raises Blocked where two results rewrote them differently."""
    name = segments.definition.name.value
    heads: list[int] = []
    own: list[list[cst.BaseStatement]] = []
    for migrated, _ in results:
        body: list[cst.BaseStatement] = list(migrated.body)
        marks = [i for i, s in enumerate(body) if (sentinel_name(s) or "").startswith(SEGMENT.format(""))]
        mine = [i for i in marks if sentinel_name(body[i]) == SEGMENT.format(OWN)]
        if len(marks) != len(segments.bounds) or len(mine) != 1:
            raise Blocked("the rewrite of an instance's program changed the module around it", line)
        after = [i for i in marks if i > mine[0]]
        heads.append(marks[0])
        own.append(body[mine[0] + 1 : after[0] if after else len(body)])
    try:
        head, _ = join_shared([], [(m, []) for m, _ in results], lambda _: line, [set() for _ in results], line, heads)
    except Blocked as blocked:  # its words are about Session functions: said here of the instances
        raise Blocked(
            f"class `{name}` owns its graph and is constructed more than once, and the instances' programs rewrote "
            "the class or the module around it differently (a constructor argument the rewrite reads as a "
            "constant, or a method read otherwise where another instance calls it)",
            blocked.line,
        ) from None
    deleted = {DELETED.format(at): segments.module.body[at] for at in range(len(segments.module.body))}
    joined = [*head.body, *(deleted.get(sentinel_name(s) or "", s) for statements in own for s in statements)]
    changes = sorted({change for _, found in results for change in found})
    return results[0][0].with_changes(body=joined), changes


def prove(
    module: cst.Module, resolve: Resolve, line_of: LineOf, prove_one: Prove
) -> tuple[cst.Module, list[tuple[int, str]]] | None:
    """The module's rewrite when it is this shape; None when it is not."""
    segments = split(module, resolve, line_of)
    if segments is None:
        return None
    results = [prove_one(*program) for program in parts(segments, resolve, line_of)]
    return join(segments, results, line_of(module.body[segments.start]))
