"""Graph names rebound to their own fetched values: ``W, b = sess.run([W, b])``, then ``print(W, b)``.

TF1 programs end this way: the names that held the graph's variables and tensors now hold numpy arrays. The eager
program computes the graph's tensors as functions that read module-level names when they run, so the proof refuses
any later rebinding of a name they read (``analysis.Program.settle_versions``). After its last binding, though, a
name is only ever read, so renaming it there (the binding and every read after it: ``W_value, b_value =
sess.run([W, b])``, ``print(W_value, b_value)``) changes no value the program sees, and leaves the graph names
bound once. Renamed only where that is certain: the binding runs once, in order (module level or a ``with`` body,
``analysis.Bindings``' straight-line code), is the name's last, and no function, class, lambda or comprehension
reads the name (one defined earlier and called later would read the fetched value). Otherwise the module is left
as written, for the proof to judge.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import counted
from tfmigrate.transforms.session.functions import references
from tfmigrate.transforms.session.renames import SCOPES, lone_assignment, read_by_a_scope, renamed
from tfmigrate.transforms.session.run_calls import session_run
from tfmigrate.transforms.session.run_keywords import session_names


def rename(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf, list] | None:
    """The module with each fetched graph name renamed from its rebinding on, and a note per rebinding; None when
    none is renamed."""
    sessions = session_names(module, resolve)
    fetches = [s for s in descendants(module) if _fetch_rebinding(s, sessions)]
    if not fetches:
        return None
    scope = Bindings(module)
    statements = [n for n in descendants(module) if isinstance(n, cst.BaseStatement)]
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    scoped = {id(n) for s in descendants(module) if isinstance(s, SCOPES) for n in descendants(s)}
    renames: dict[int, str] = {}
    notes: list[tuple[int, str]] = []
    for statement in fetches:
        assign = lone_assignment(statement)
        assert assign is not None
        after = statements[statements.index(statement) + 1 :]
        read = {n.value for n in loaded_names(assign.value)}
        for target in loaded_names(assign.targets[0].target):
            name = target.value
            sites = scope.sites.get(name, [])
            if (
                name not in read
                or not sites
                or sites[-1] is not statement
                or statement not in scope.straight.get(name, [])
            ):
                continue
            if read_by_a_scope(module, name):
                continue
            new = counted(taken, f"{name}_value")
            renames[id(target)] = new
            for later in after:
                renames.update((id(n), new) for n in references(later, name) if id(n) not in scoped)
            notes.append(
                (
                    line_of(statement),
                    f"`{name}` renamed `{new}` from here on: it is rebound to its fetched value, and the eager "
                    f"program keeps `{name}` for the graph value",
                )
            )
    return renamed(module, resolve, line_of, renames, notes)


def _fetch_rebinding(node: cst.CSTNode, sessions: set[str]) -> bool:
    """``a, b = sess.run([a, b])`` / ``w = sess.run(w)`` / ``w = w.eval()``, one assignment on its line."""
    assign = lone_assignment(node)
    if assign is None or not isinstance(assign.value, cst.Call):
        return False
    func = assign.value.func
    if not isinstance(func, cst.Attribute):
        return False
    return session_run(assign.value, sessions) or func.attr.value == "eval"
