"""Session functions run one after the other over one module-level graph: a text classifier's ``run_cnn.py``
builds ``model = TextCNN(config)`` at module level, then ``train()`` opens a Session, trains and saves its best
checkpoint and ``test()`` opens a second Session, initialises, restores that checkpoint and evaluates; the module
calls ``train()`` then ``test()``, once each.

Eagerly the module-level graph is one set of variables that the second function finds as the first left them,
where TF1's second Session starts them over. The two agree when every function after the first, before it runs
anything else, puts back every variable: ``sess.run(tf.global_variables_initializer())`` (nothing run before it)
then ``saver.restore(...)`` of a ``tf.train.Saver()`` over every global variable. Its Session then holds the
checkpoint's values in TF1 and eagerly alike. What a Saver does not keep is refused: local variables (metrics),
dataset iterators and queues, and seeded random draws (TF1 restarts an op's stream with each Session, eager ops
go on). Each function is then proved as the module's one program, as library.py proves functions run one per
process, and the module keeps each rewritten function.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Program, Resolve, descendants, is_random
from tfmigrate.transforms.session.class_sugar import GUARD, UNGUARD, sentinel_name
from tfmigrate.transforms.session.functions import bound_names, final_guard, local_names, references_to
from tfmigrate.transforms.session.seeds import Seeds, run_time_draws

# What a new Session starts over that a Saver does not put back.
UNSAVED = (
    "local_variables",
    "metrics.",
    "data.",
    "make_one_shot_iterator",
    "make_initializable_iterator",
    "train.start_queue_runners",
    "train.string_input_producer",
    "train.batch",
    "train.shuffle_batch",
    "train.slice_input_producer",
)


def sequential_runs(
    module: cst.Module, functions: list[cst.FunctionDef]
) -> dict[str, tuple[cst.Call, list[cst.CSTNode]]] | None:
    """``train()`` then ``test()`` as bare call statements, next to each other, at the end of the module (or of
    its ``if __name__ == "__main__":`` block): each Session function called there once and nowhere else. Each
    function -> its call and the statement holding it, in the order they run (the dict's order); None for any
    other shape."""
    block = _run_last(module)
    names = {f.name.value for f in functions}
    calls: dict[str, tuple[cst.Call, list[cst.CSTNode]]] = {}
    for statement in block[-len(functions) :]:
        call = bare_call(statement)
        if call is None or not isinstance(call.func, cst.Name) or call.func.value not in names:
            return None
        if call.func.value in calls:
            return None
        calls[call.func.value] = (call, [statement])
    return calls if set(calls) == names and named_once(module, functions) else None


def _run_last(module: cst.Module) -> list[cst.CSTNode]:
    """The statements the module runs last: its ``if __name__ == "__main__":`` block, also when a class's program
    read it between the sentinels that put it back (class_sugar.unguard), else the module's own statements."""
    guard = final_guard(module)
    if guard is not None:
        return list(guard.body.body)
    names = [sentinel_name(s) for s in module.body]
    if names and names[-1] == UNGUARD and GUARD in names:
        return list(module.body[names.index(GUARD) + 1 : -1])
    return list(module.body)


def named_once(module: cst.Module, functions: list[cst.FunctionDef]) -> bool:
    """Each function is named once in the module beside its ``def``: the call the caller found (library.py too)."""
    names = {f.name.value for f in functions}
    uses = [n for s in module.body for n in references_to(s, names)]
    return all(sum(n.value == f.name.value and n is not f.name for n in uses) == 1 for f in functions)


def imports_only(statement: cst.CSTNode) -> bool:
    """A line of imports alone: module setup that every part of a split program keeps (library.py, function_parts.py)."""
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def bare_call(statement: cst.CSTNode) -> cst.Call | None:
    """``train()``: a statement of one call without arguments (library.py reads a branch's statement with it too)."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    call = small.value if isinstance(small, cst.Expr) else None
    return call if isinstance(call, cst.Call) and not call.args else None


def check_restarts(module: cst.Module, ordered: list[cst.FunctionDef], resolve: Resolve, line_of: LineOf) -> None:
    """Every function after the first starts its Session over from the checkpoint (see above); raises Blocked."""
    for node in descendants(module):
        if isinstance(node, cst.Call) or isinstance(node, cst.Attribute) and node.attr.value == "LOCAL_VARIABLES":
            path = (resolve(node.func if isinstance(node, cst.Call) else node) or "").removeprefix("compat.v1.")
            if path.startswith(UNSAVED) or path.endswith("LOCAL_VARIABLES") or ".make_one_shot_iterator" in path:
                raise Blocked(
                    f"Session functions run one after the other over module-level graph values, and tf.{path} "
                    "holds state a new TF1 Session starts over that a Saver does not restore",
                    line_of(node),
                )
    shared = _module_savers(module, resolve)
    for function in ordered[1:]:
        _restores_first(function, resolve, line_of, shared)


def _module_savers(module: cst.Module, resolve: Resolve) -> set[str]:
    """Module-level ``saver = tf.train.Saver()`` (a model class's constructor's ``self.saver``, read flat) after
    which the module builds nothing: no later module-level statement names TensorFlow or calls a function of the
    module, so the Saver holds every module-level variable, as one a function makes would."""
    body = list(module.body)
    names = [sentinel_name(s) for s in body]
    end = names.index(GUARD) if GUARD in names else len(body)
    savers: set[str] = set()
    defined = {s.name.value for s in body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    for statement in body[:end]:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) or sentinel_name(statement) is not None:
            continue
        saver = _saver_bound(statement, resolve)
        if saver is not None:
            savers.add(saver)
            continue
        savers -= bound_names([statement])  # ``saver = None``: no longer the Saver
        for node in descendants(statement):
            if isinstance(node, (cst.Name, cst.Attribute)) and resolve(node) is not None:
                savers.clear()  # TensorFlow after the Saver: it may build what the Saver does not hold
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in defined:
                savers.clear()
    return savers


def _saver_bound(statement: cst.BaseStatement, resolve: Resolve) -> str | None:
    """``saver = tf.train.Saver()``: the name bound, None for any other statement."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call)):
        return None
    target = small.targets[0].target
    path = (resolve(small.value.func) or "").removeprefix("compat.v1.")
    return target.value if path == "train.Saver" and not small.value.args and isinstance(target, cst.Name) else None


def _restores_first(function: cst.FunctionDef, resolve: Resolve, line_of: LineOf, shared: set[str]) -> None:
    """The function's first ``.run`` is of ``tf.global_variables_initializer()`` alone and its next Session use a
    ``restore`` by a ``tf.train.Saver()`` over every variable, bound in the function or at module level after every
    variable (``_module_savers``)."""
    name = function.name.value
    savers = {s for s in shared if s not in local_names(function)}
    for node in descendants(function.body):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) and len(node.targets) == 1:
            target = node.targets[0].target
            path = (resolve(node.value.func) or "").removeprefix("compat.v1.")
            if path == "train.Saver" and isinstance(target, cst.Name):
                if node.value.args:
                    raise Blocked(
                        f"function `{name}` runs after another Session function over the same variables and its "
                        "Saver is given arguments (it may not restore every variable)",
                        line_of(node),
                    )
                savers.add(target.value)
    restored = False
    initialised = False
    for statement in _straight(function.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            if any(isinstance(n, cst.Call) for n in descendants(statement)):
                break  # a branch or loop may run the graph, or skip the restore
            continue
        for call in (n for n in descendants(statement) if isinstance(n, cst.Call)):
            method = call.func.attr.value if isinstance(call.func, cst.Attribute) else None
            held = call.func.value if isinstance(call.func, cst.Attribute) else None
            if method == "restore" and isinstance(held, cst.Name) and held.value in savers:
                restored = True
            elif method == "run" and not initialised and _initializer_only(call, resolve):
                initialised = True
            elif isinstance(call.func, cst.Name) or method in ("run", "eval", "restore"):
                break  # anything that may run the graph before the restore
        else:
            if not restored:
                continue
        break
    if not restored:
        raise Blocked(
            f"function `{name}` runs after another Session function over the same module-level variables without "
            "first restoring every one of them (TF1's new Session starts them over; eager ones keep their values)",
            line_of(function),
        )


def _straight(block: cst.BaseSuite) -> list[cst.BaseStatement]:
    """The statements of ``block`` that run in order, once: ``with`` bodies read in place (``with tf.Session() as
    sess:``), a branch, loop or ``try`` kept whole."""
    found: list[cst.BaseStatement] = []
    for statement in block.body if isinstance(block, cst.IndentedBlock) else []:
        if isinstance(statement, cst.With):
            found.extend(_straight(statement.body))
        else:
            found.append(statement)
    return found


def _initializer_only(call: cst.Call, resolve: Resolve) -> bool:
    if len(call.args) != 1 or not isinstance(call.args[0].value, cst.Call):
        return False
    path = (resolve(call.args[0].value.func) or "").removeprefix("compat.v1.")
    return path in ("global_variables_initializer", "initialize_all_variables")


def later_draws(
    module: cst.Module, function: cst.FunctionDef, program: Program, resolve: Resolve, line_of: LineOf, tf: str
) -> None:
    """A function run after another may draw seeded numbers only for module-level initial values (which its
    restore overwrites): TF1 restarts a run-time draw's stream with the new Session and counts the ops the first
    function built into the op seeds of those the later one builds; raises Blocked."""
    name = function.name.value
    defined = {d.name.value for d in module.body if isinstance(d, cst.FunctionDef)}
    called = {n.value for n in references_to(function, defined)}
    bodies = [function, *(d for d in module.body if isinstance(d, cst.FunctionDef) and d.name.value in called)]
    for body in bodies:
        for node in descendants(body):
            if isinstance(node, cst.Call) and is_random((resolve(node.func) or "").removeprefix("compat.v1.")):
                raise Blocked(
                    f"function `{name}` runs after another Session function and builds a random op: TF1 counts the "
                    "ops the first function built into its op seed",
                    line_of(node),
                )
    seeds = Seeds(program, tf)
    seeds.run()
    drawn = run_time_draws(seeds)
    if drawn and seeds.used:
        raise Blocked(
            f"function `{name}` runs after another Session function over a graph that draws seeded random numbers "
            "while it runs: TF1's new Session restarts each op's stream, eager ops go on",
            line_of(drawn[0]),
        )


def left_to_others(
    module: cst.Module, functions: list[cst.FunctionDef], function: cst.FunctionDef
) -> list[cst.FunctionDef]:
    """The module-level functions only the other Session functions call (a model class's ``train(self, sess)``,
    read flat, that ``main()`` calls and ``test_main()`` does not): left out of ``function``'s proof as those
    functions are, each rewritten by the proof of the function that calls it (``_join_shared``)."""
    others = {f.name.value for f in functions if f is not function}
    defined = {
        s.name.value: s
        for s in module.body
        if isinstance(s, cst.FunctionDef) and s.name.value not in others and s is not function
    }
    users: dict[str, set[str]] = {name: set() for name in defined}
    for statement in module.body:
        owner = statement.name.value if isinstance(statement, cst.FunctionDef) else ""
        for used in references_to(statement, set(defined)):
            if used is not getattr(statement, "name", None):
                users[used.value].add(owner)
    left: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, callers in users.items():
            if name not in left and callers and callers <= others | left:
                left.add(name)
                changed = True
    return [definition for name, definition in defined.items() if name in left]
