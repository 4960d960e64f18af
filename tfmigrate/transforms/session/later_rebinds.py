"""A name bound again in straight-line code: ``W = tf.Variable(...)`` for one layer, ``W = tf.Variable(...)`` again
for the next; ``x = tf.reshape(x_inp, ...)`` for the graph, later ``x = np.array(...)`` for the data fed to it.

TF1 built the graph from whichever binding was in effect when each op was made, so the rebinding is harmless there;
the eager program computes the graph's tensors as functions that read module-level names when they run, so the proof
refuses any name bound twice. In straight-line code (the module body and ``with`` bodies, each statement run once, in
order) every read sees the binding written last before it, so each binding after the first can take a fresh name
(``W_1``), and every read up to the next binding with it, and no value the program sees changes. TF1's variable
names stay as they were (a ``name=`` or the default ``Variable_1`` does not follow the Python name), so a Saver
checkpoint still restores.

Renamed only where that is certain: every binding of the name is one plain assignment on its line in straight-line
code, no function, class, lambda or comprehension reads the name (one would read whichever binding is in effect when
it runs), no binding is a ``tf.train.Saver`` (its checkpoint bookkeeping is judged as written), and the module does
not read its namespace by name (``globals()``, ``locals()``, ``vars()``, ``eval``, ``exec``), and no module beside
it that imports it reads the name (``from train import gain``, ``train.gain``: it would read the earlier value;
siblings.Reader.readers). Tried only for a program refused as written, so that a proved program keeps its rewrite.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import SAVER
from tfmigrate.transforms.session import sibling_modules
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.functions import references
from tfmigrate.transforms.session.renames import SCOPES, lone_assignment, read_by_a_scope, renamed

_NAMESPACE_READS = frozenset({"globals", "locals", "vars", "eval", "exec"})


def rename(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf, list] | None:
    """The module with each later binding of a straight-line name (and the reads it reaches) under a fresh name,
    and a note per renamed binding; None when none is renamed."""
    names = [n for n in descendants(module) if isinstance(n, cst.Name)]
    if any(n.value in _NAMESPACE_READS for n in loaded_names(module)):  # not ``W.eval()``: an attribute
        return None
    scope = Bindings(module)
    order = {id(n): index for index, n in enumerate(descendants(module))}
    taken = {n.value for n in names}
    scoped = {id(n) for s in descendants(module) if isinstance(s, SCOPES) for n in descendants(s)}
    renames: dict[int, str] = {}
    notes: list[tuple[int, str]] = []
    for name, sites in scope.sites.items():
        if len(sites) < 2 or name in scope.loose or not all(_plain_assignment(s) for s in sites):
            continue
        if any(_saver(site, resolve) for site in sites):
            continue
        if read_by_a_scope(module, name) or sibling_modules.read_elsewhere(name) is not None:
            continue  # another module importing this one reads ``name``: it would read the earlier value
        ends = [max(order[id(n)] for n in descendants(site)) for site in sites]
        spelled = [name] + [numbered(taken, name) for _ in sites[1:]]
        for version, site in enumerate(sites):
            for target in _targets(site):
                if target.value == name and version:
                    renames[id(target)] = spelled[version]
        for read in references(module, name):
            if id(read) in renames or id(read) in scoped or _is_target(read, sites):
                continue
            version = sum(1 for end in ends if end < order[id(read)])
            if version:
                renames[id(read)] = spelled[version - 1]
        for version, site in enumerate(sites[1:], start=1):
            notes.append(
                (
                    line_of(site),
                    f"`{name}` bound again here: the new value is named `{spelled[version]}` from here on, so that "
                    f"the eager program's functions keep reading the earlier `{name}`",
                )
            )
    return renamed(module, resolve, line_of, renames, notes)


def _plain_assignment(site: cst.CSTNode) -> bool:
    """``name = value`` or ``a, name = value``: one assignment to names, on its own line."""
    assign = lone_assignment(site)
    if assign is None:
        return False
    target = assign.targets[0].target
    elements = [e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) else [target]
    return all(isinstance(e, cst.Name) for e in elements)


def _saver(site: cst.CSTNode, resolve: Resolve) -> bool:
    """``saver = tf.train.Saver(...)``: a Saver made anew forgets the checkpoints the last one numbered, which the
    eager program's one numbered-saves object would not; the proof judges it under its own name."""
    assign = lone_assignment(site)
    assert assign is not None
    return isinstance(assign.value, cst.Call) and resolve(assign.value.func) in (SAVER, f"compat.v1.{SAVER}")


def _targets(site: cst.CSTNode) -> list[cst.Name]:
    assign = lone_assignment(site)
    assert assign is not None
    return loaded_names(assign.targets[0].target)


def _is_target(read: cst.Name, sites: list[cst.CSTNode]) -> bool:
    return any(read is target for site in sites for target in _targets(site))
