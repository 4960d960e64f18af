"""Session functions that each construct the model class, run one after the other: ``def train_model_mnist(): model
= VAE(...); with tf.Session() as sess: ... saver.save(...)`` and ``def generate_images(): tf.reset_default_graph();
model = VAE(...); with tf.Session() as sess: saver.restore(...); ...``, the module calling ``train_model_mnist()``
then ``generate_images()`` (a train script and a generate script joined in one file).

Every function after the first starts with ``tf.reset_default_graph()``: it builds its instance into a graph of its
own, as it would in a process of its own, and nothing at module level (nor in the ``__main__`` guard beside the
calls) holds TensorFlow (a value or a graph seed the reset would leave behind). So each function is the module's one
program with the other Session functions left out (each replaced by a sentinel where it stood, its call dropped),
proved as such (the class proof reads its one construction); the module keeps each function from its own proof and
the rest as every proof rewrote it (shared_joins.py), the later functions' ``reset_default_graph()`` dropped (eager
code builds no graph). A module calling ``tf.layers`` or Keras is refused: Keras names layers once per process, so
the later function's variables would not take the names a restore by name reads.

Or run one per process, each alone in a branch of the mode's ``if``/``elif`` chain (mode_runs.py): each function's
program reads the chain as its own branch's call, the chain comes back as written, and a leading reset is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.class_sugar import sentinel, sentinel_name, unguarded_lookups
from tfmigrate.transforms.session.functions import final_guard, session_functions
from tfmigrate.transforms.session.graph_resets import RESET, Resets
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.mode_runs import chain_of, mode_runs
from tfmigrate.transforms.session.sequential_runs import imports_only, sequential_runs
from tfmigrate.transforms.session.shared_joins import join_shared

FUNCTION = "__tfmigrate_part_function__{}"
PER_PROCESS = ("layers.", "keras.", "contrib.")  # Keras numbers layer names per process, not per graph


@dataclass
class Parts:
    module: cst.Module
    functions: list[cst.FunctionDef]  # the Session functions, as the module defines them
    later: set[str]  # those whose first ``tf.reset_default_graph()`` is dropped
    programs: list[tuple[cst.Module, Resolve, LineOf]]  # each function's module: the others left out
    chain: cst.If | None = None  # the mode's ``if``/``elif`` chain running one function per process (mode_runs.py)


def split(module: cst.Module, resolve: Resolve, line_of: LineOf) -> Parts | None:
    """The parts when Session functions run one after the other and a class is constructed in more than one of
    them; None for any other shape; raises Blocked when a later function may share the earlier one's graph."""
    functions = session_functions(module, resolve)
    classes = {c.name.value for c in module.body if isinstance(c, cst.ClassDef)}
    built = [{n.func.value for n in descendants(f) if _constructs(n, classes)} for f in functions]
    if len(functions) < 2 or not any(a & b for i, a in enumerate(built) for b in built[i + 1 :]):
        return None
    runs = sequential_runs(module, functions)
    chain = None
    if runs is None:  # ``if mode == "train": train() elif ...``: one function per process
        runs = mode_runs(module, functions, resolve)
        if runs is None:
            return None
        chain = chain_of(module)
    ordered = [next(f for f in functions if f.name.value == name) for name in runs]
    reset = Resets.of(module, resolve)
    for function in ordered[1:] if chain is None else ():
        first = _first(function)
        if first is None or not reset.is_reset(first):
            raise Blocked(
                f"function `{function.name.value}` constructs the class again after function "
                f"`{ordered[0].name.value}` did, without first `tf.reset_default_graph()` (TF1 adds its ops to the "
                "graph the earlier function built)",
                line_of(function),
            )
    guard = final_guard(module)
    calls = {id(s) for _, statements in runs.values() for s in statements} | {id(chain)}
    inner = list(guard.body.body) if guard is not None and isinstance(guard.body, cst.IndentedBlock) else []
    for statement in [*module.body, *inner]:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) or statement is guard or imports_only(statement):
            continue
        if id(statement) in calls:
            continue
        for node in descendants(statement):
            if isinstance(node, (cst.Name, cst.Attribute)) and resolve(node) is not None:
                raise Blocked(
                    "Session functions each building the class in a graph of its own, beside module-level "
                    "TensorFlow a graph reset would leave behind",
                    line_of(node),
                )
    for node in descendants(module):
        if isinstance(node, cst.Call) and (resolve(node.func) or "").removeprefix("compat.v1.").startswith(PER_PROCESS):
            raise Blocked(
                f"a class is built in two Session functions and the module calls tf.{resolve(node.func)}: Keras "
                "names layers once per process, TF1 once per graph",
                line_of(node),
            )
    programs = [_part(module, resolve, line_of, functions, f, runs, chain) for f in functions]
    if chain is None:
        return Parts(module, functions, {f.name.value for f in ordered[1:]}, programs)
    resetting = {f.name.value for f in functions if (s := _first(f)) is not None and reset.is_reset(s)}
    return Parts(module, functions, resetting, programs, chain)


def join(
    parts: Parts, results: list[tuple[cst.Module, list[tuple[int, str]]]], line_of: LineOf
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """The module from the parts' rewrites: each sentinel back to the function it stood for, left to its own
    proof, the guard as written; raises Blocked when the guard was rewritten."""
    guard = final_guard(parts.module)
    whole: list[tuple[cst.Module, list[tuple[int, str]]]] = []
    defined = {FUNCTION.format(f.name.value): f for f in parts.functions}
    last: cst.If | None = guard or parts.chain  # the guard, or the mode's chain the parts read as one call each
    for (program, _, _), (migrated, changes) in zip(parts.programs, results, strict=True):
        body: list[cst.BaseStatement] = []
        for statement in migrated.body:
            name = sentinel_name(statement)
            if name in defined:
                body.append(defined[name])
            elif last is not None and statement is migrated.body[-1]:
                if migrated.code_for_node(statement) != program.code_for_node(program.body[-1]):
                    raise Blocked("a rewritten Session function changed the module around it", line_of(last))
                body.append(last)
            else:
                body.append(_unreset(statement, parts.later))
        whole.append((migrated.with_changes(body=body), changes))
    joined, changes = join_shared(parts.functions, whole, line_of, [set() for _ in whole])
    resets = [
        (line_of(f), "tf.reset_default_graph() dropped: the function runs eagerly")
        for f in parts.functions
        if f.name.value in parts.later
    ]
    return joined, sorted([*changes, *resets])


def _part(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    functions: list[cst.FunctionDef],
    function: cst.FunctionDef,
    runs: dict[str, tuple[cst.Call, list[cst.CSTNode]]],
    chain: cst.If | None = None,
) -> tuple[cst.Module, Resolve, LineOf]:
    """The module with the other Session functions' definitions replaced by sentinels and their calls dropped (a
    mode's chain read as the function's own branch statement)."""
    made = Origins()
    dropped = {id(s) for f in functions if f is not function for s in runs[f.name.value][1]}
    own = cast(cst.BaseStatement, runs[function.name.value][1][0])
    guard = final_guard(module)
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and statement in functions and statement is not function:
            stand = sentinel(FUNCTION.format(statement.name.value))
            made.keep(stand, statement)
            body.append(stand)
        elif id(statement) in dropped:
            continue
        elif statement is chain:
            body.append(own)
        elif statement is guard and isinstance(guard.body, cst.IndentedBlock):
            kept = [own if s is chain else s for s in guard.body.body if id(s) not in dropped]
            inner = guard.body.with_changes(body=kept)
            rebuilt = guard.with_changes(body=inner)
            made.keep(inner, guard.body)
            made.keep(rebuilt, guard)
            body.append(rebuilt)
        else:
            body.append(statement)
    looked = unguarded_lookups(lambda n: resolve(made.of(n)), lambda n: line_of(made.of(n)), guard)
    return module.with_changes(body=body), *looked


def _unreset(statement: cst.BaseStatement, later: set[str]) -> cst.BaseStatement:
    """A later function without its first statement ``tf.compat.v1.reset_default_graph()``: eager code builds no
    graph to reset."""
    if not (isinstance(statement, cst.FunctionDef) and statement.name.value in later):
        return statement
    body = statement.body
    if not isinstance(body, cst.IndentedBlock) or len(body.body) < 2:
        return statement
    first = body.body[0]
    small = first.body[0] if isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1 else None
    call = small.value if isinstance(small, cst.Expr) else None
    # the rewritten function, which ``resolve`` does not reach: split() chose it by Resets.is_reset on the original
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == RESET:
        return statement.with_changes(body=body.with_changes(body=body.body[1:]))
    return statement


def _constructs(node: cst.CSTNode, classes: set[str]) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in classes


def _first(function: cst.FunctionDef) -> cst.BaseStatement | None:
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else []
    return body[0] if body else None
