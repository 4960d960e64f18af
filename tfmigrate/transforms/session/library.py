"""Several module-level functions, each a Session program of its own: ezenTensor's ``tf_op2.py`` defines ``test1()``
(placeholders, ``sess.run(add, feed_dict=...)``) and ``test2()`` (a variable), and runs only ``test2()`` under
``if __name__ == "__main__":``.

Each function builds its graph values in its own body and opens its own Session, so what one computes never reaches
another: each is proved and rewritten as the program of a function (functions.py) with the other Session functions
and their calls left out, and the module keeps every rewritten function. The function the module runs is proved as
functions.py proves it. A function nothing in the module refers to is library code another module may call, any
number of times: TF1 adds its ops to the default graph on every call, which changes nothing it prints when the body
draws no random numbers (op seeds count on across calls), reads no graph collection (``tf.global_variables()``,
``merge_all`` would see the other calls' values) and names nothing a checkpoint or summary keeps (names are
uniquified per graph). Such a body is rewritten as if called once; any other keeps the whole module in graph tier.
Functions that are run share the default graph as well: one that draws seeded random numbers without a graph of its
own (TF1 counted the ops the functions run before it built into its op seeds) keeps the module in graph tier too.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import table
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, is_random
from tfmigrate.transforms.session.early_returns import SCOPED
from tfmigrate.transforms.session.functions import (
    FunctionBody,
    Unrun,
    is_main_guard,
    references,
    references_to,
    session_functions,
)
from tfmigrate.transforms.session.mode_runs import branches_of, one_call_each, probes_files
from tfmigrate.transforms.session.sequential_runs import (
    check_restarts,
    imports_only,
    later_draws,
    left_to_others,
    named_once,
    sequential_runs,
)
from tfmigrate.transforms.session.shared_joins import join_shared

# What a library function may not call: its values would differ from one call to the next in TF1.
PER_GRAPH = ("train.Saver", "summary.", "get_variable", "variable_scope", "layers.", "nn.rnn_cell.", "get_collection")
COLLECTIONS = frozenset(
    {"global_variables", "trainable_variables", "all_variables", "local_variables", "get_default_graph"}
)


def _module_alias(statement: cst.CSTNode, resolve: Resolve) -> bool:
    """``graph_util = tf.graph_util``: a name bound to a TensorFlow module, setup like an import. A module is no
    graph value: no Session computes it, so the functions share nothing through it."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return False
    small = statement.body[0]
    if not (isinstance(small, cst.Assign) and all(isinstance(t.target, cst.Name) for t in small.targets)):
        return False
    path = (resolve(small.value) or "").removeprefix("compat.v1.") if isinstance(small.value, cst.Attribute) else ""
    symbols = table()["symbols"]
    return bool(path) and (
        path in table()["modules"] or path not in symbols and any(s.startswith(f"{path}.") for s in symbols)
    )


def holders(module: cst.Module, resolve: Resolve) -> list[cst.FunctionDef]:
    """The module-level functions that open Sessions, when there are several and no other statement opens one."""
    functions = session_functions(module, resolve)
    return functions if len(functions) >= 2 else []


def rewrite(
    module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str, functions: list[cst.FunctionDef]
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """Every Session function rewritten on its own, joined into one module; raises Blocked."""
    body = FunctionBody(module, resolve, line_of, tf)
    body.siblings = frozenset(f.name.value for f in functions)
    exclusive = _exclusive_runs(module, functions, body)
    ordered: list[cst.FunctionDef] = []
    shared = next(  # the first module-level graph value the functions may share
        (
            use
            for s in module.body
            if not isinstance(s, (cst.FunctionDef, cst.ClassDef))
            and (use := body.uses_tf(s)) is not None
            and not imports_only(s)
            and not _module_alias(s, resolve)
        ),
        None,
    )
    if exclusive is None and shared is not None and (exclusive := sequential_runs(module, functions)) is not None:
        ordered = [next(f for f in functions if f.name.value == name) for name in exclusive]
        check_restarts(module, ordered, resolve, line_of)
    calls = _calls(module, functions)
    if shared is not None and exclusive is None:
        # A module-level variable would be one object eagerly, where each TF1 Session starts it over.
        raise Blocked(
            "several functions open Sessions beside module-level TensorFlow values they may share", line_of(shared)
        )
    results: list[tuple[cst.Module, list[tuple[int, str]]]] = []
    unproved: list[set[str]] = []  # per function, the module's functions its proof left to the others
    for function in functions:
        others = [f for f in functions if f is not function]
        try:
            call, callers = exclusive[function.name.value] if exclusive is not None else body.runner(function)
        except Unrun:
            _library(module, resolve, line_of, function)
            call, callers = None, []
        left = left_to_others(module, functions, function) if ordered else []
        callers = [*callers, *others, *left, *_callers_of(module, calls, others, function)]
        try:
            program, plan = body.prove(function, callers)
        except Blocked as blocked:
            raise _scoped_alone(blocked, functions) from None
        if ordered and function is not ordered[0]:
            later_draws(module, function, program, resolve, line_of, tf)
        if plan.seeds and not plan.graphs and not ordered:
            raise Blocked(
                f"function `{function.name.value}` draws seeded random numbers in the default graph the other Session "
                "functions build into too: TF1's op seeds count the ops built before them, eager ones restart",
                line_of(min(plan.seeds, key=line_of)),
            )
        for arg in call.args if call is not None else ():
            for read in descendants(arg.value):
                if isinstance(read, cst.Name) and read.value in program.versions:
                    raise Blocked(f"graph value `{read.value}` is passed to function `{function.name.value}`", 0)
        results.append(body.rewritten(function, plan))
        unproved.append({d.name.value for d in left})
    if exclusive is not None:
        return join_shared(functions, results, line_of, unproved)
    return _join(module, functions, results, line_of)


def _exclusive_runs(
    module: cst.Module, functions: list[cst.FunctionDef], body: FunctionBody
) -> dict[str, tuple[cst.Call, list[cst.CSTNode]]] | None:
    """``if os.path.exists("ck/checkpoint"): predict() else: train()`` as the module's last statement: every
    Session function called once, each alone in its own branch of a test that uses no TensorFlow, and used nowhere
    else, and looking for no file the eager checkpoint does not write (mode_runs.probes_files). One process runs
    one of them, once, so the module-level graph values it reads are its own, as they were
    in TF1 (no other Session started them over): each function is proved as the module's one program. Each
    function -> its call and the statement holding it; None for any other shape."""
    last = module.body[-1]
    if not isinstance(last, cst.If):
        return None
    branches = branches_of(last, lambda test: body.uses_tf(test) is not None or probes_files(module, test))
    calls = one_call_each(branches, functions) if branches is not None else None
    if calls is None or not named_once(module, functions):
        return None
    return {name: (call, [last]) for name, (call, _) in calls.items()}


def _calls(module: cst.Module, functions: list[cst.FunctionDef]) -> dict[cst.CSTNode, set[str]]:
    """Each module-level statement but a definition -> the Session functions it refers to (not ``tf.train`` for
    a function ``train``)."""
    names = {f.name.value for f in functions}
    return {
        statement: {n.value for n in references_to(statement, names)}
        for statement in module.body
        if not isinstance(statement, cst.FunctionDef)
    }


def _callers_of(
    module: cst.Module, calls: dict[cst.CSTNode, set[str]], others: list[cst.FunctionDef], function: cst.FunctionDef
) -> list[cst.CSTNode]:
    """The module-level statements that call the other Session functions: left out of this function's proof, as
    long as they do not call it too."""
    names = {f.name.value for f in others}
    return [
        statement
        for statement in module.body
        if statement in calls and calls[statement] & names and function.name.value not in calls[statement]
    ]


def _library(module: cst.Module, resolve: Resolve, line_of: LineOf, function: cst.FunctionDef) -> None:
    """A function nothing in the module refers to: its body must compute the same on every call (see above)."""
    name = function.name.value
    for node in references(module, name):
        if node is not function.name:
            raise Blocked(_unread_use(module, name, node), line_of(node))
    for node in descendants(function):
        if not isinstance(node, cst.Call):
            continue
        path = (resolve(node.func) or "").removeprefix("compat.v1.")
        if is_random(path) or path.startswith(PER_GRAPH) or path in COLLECTIONS or "set_random_seed" in path:
            raise Blocked(
                f"function `{name}` holds a Session program nothing in the module runs, and its tf.{path} would "
                "differ from one call to the next in TF1 (the graph keeps every call's ops)",
                line_of(node),
            )


def _scoped_alone(blocked: Blocked, functions: list[cst.FunctionDef]) -> Blocked:
    """A helper's ``tf.variable_scope`` refused in one of several Session functions (held-out set 28's ``train()``
    and ``test()`` building one AUTO_REUSE encoder): such helpers are read at their calls only in a program one
    function or the module holds, so the reason says the functions are proved each alone. (Read in both, TF1 names a
    ``tf.Variable`` of the second build ``enc_1/v`` where the first's is ``enc/v``, which a proof of each function
    alone would not see.)"""
    if SCOPED not in blocked.construct:
        return blocked
    names = ", ".join(f"`{f.name.value}`" for f in functions)
    return Blocked(
        f"{blocked.construct}; such a helper is read at its calls only where one function or the module holds the "
        f"Session program, and {names} each open a Session, each proved alone",
        blocked.line,
        blocked.renamed_away,
    )


def _unread_use(module: cst.Module, name: str, use: cst.Name) -> str:
    """Why a use of a Session function the run was not read from stops the module: a call under an ``if`` other than
    the one ``if``/``else`` of Session calls read as a choice of runs (``if FLAGS.mode == 'train': train()`` then
    ``if FLAGS.mode == 'test': test()``, held-out set 24) is named as such, not as a use other than a call."""
    tests = [
        node
        for node in descendants(module)
        if isinstance(node, cst.If)
        and not is_main_guard(node)
        and any(isinstance(call, cst.Call) and call.func is use for call in descendants(node.body))
    ]
    if not tests:
        return f"function `{name}` opens a Session and is used other than by one call"
    return (
        f"function `{name}` opens a Session and its call stands under `if {module.code_for_node(tests[-1].test)}:`, "
        "a choice of runs read only as one `if`/`else` calling one Session function in each branch"
    )


def _join(
    module: cst.Module,
    functions: list[cst.FunctionDef],
    results: list[tuple[cst.Module, list[tuple[int, str]]]],
    line_of: LineOf,
) -> tuple[cst.Module, list[tuple[int, str]]]:
    """Each rewritten function from its own result, the rest of the module from the first: every result must have
    left the rest as the first did (nothing outside the functions is shared)."""
    positions = [next(i for i, s in enumerate(module.body) if s is f) for f in functions]
    first = results[0][0]
    for migrated, _ in results:
        if len(migrated.body) != len(module.body):
            raise Blocked("a rewritten Session function changed the module around it", line_of(functions[0]))
        for index in range(len(module.body)):
            if index not in positions and first.code_for_node(first.body[index]) != migrated.code_for_node(
                migrated.body[index]
            ):
                raise Blocked("the Session functions share module-level graph values", line_of(module.body[index]))
    body = list(first.body)
    for position, (migrated, _) in zip(positions, results, strict=True):
        body[position] = migrated.body[position]
    changes = sorted(change for _, found in results for change in found)
    return first.with_changes(body=body), changes
