"""Derived classes the program never constructs, beside the one class of their hierarchy it does: a project's RNN
models (``class BasicRNN`` used directly, ``class LSTM(BasicRNN)``, ``class GRU(BasicRNN)`` each overriding
``inference()``) or a distributed trainer's ``Model`` base with one ``Single(Model)`` run of several.

A class named nowhere in the module but by its own definition never runs: its methods are no part of the instance
the program makes, which Python's method resolution reads from the constructed class and its bases alone. So the
class proof (classes.py, and class_hierarchy.py's merge of a base into the one derived class constructed) reads the
module without them, and the rewrite puts each back where it stood, as written: TF1 code, not migrated to eager
(TFM101 renames in it as in any TF1 code), which a follow-up says. Only a class whose one base is the graph class
(or its base) and from which nothing derives; a name spelled in a string (``globals()["LSTM"]``) counts as a use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.dead_code import FollowUp
from tfmigrate.transforms.session.uncalled_methods import member_name, spelled_outside


@dataclass
class SetAside:
    classes: list[tuple[str, cst.ClassDef]]  # the statement each followed (by name), the class as written
    notes: list[tuple[int, str]] = field(default_factory=list)


def _base(definition: cst.ClassDef) -> str | None:
    bases = [b.value for b in definition.bases]
    return bases[0].value if len(bases) == 1 and isinstance(bases[0], cst.Name) and not definition.keywords else None


def named(module: cst.Module, base: str) -> list[tuple[str, cst.Name]]:
    """``base`` and each module-level class deriving from it, where the module names it outside those classes'
    definitions (a construction, mostly), in the module's order: the classes of the hierarchy the program uses."""
    family = {base} | {s.name.value for s in module.body if isinstance(s, cst.ClassDef) and _base(s) == base}
    inside = {
        id(n) for s in module.body if isinstance(s, cst.ClassDef) and s.name.value in family for n in descendants(s)
    }
    return [
        (n.value, n)
        for n in descendants(module)
        if isinstance(n, cst.Name) and n.value in family and id(n) not in inside
    ]


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, SetAside] | None:
    """The module without the unconstructed classes derived from the graph class's hierarchy; None where there are
    none."""
    if definition not in module.body:
        return None
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    family = {definition.name.value} | ({_base(definition)} & set(classes))
    derived = [c for c in classes.values() if c is not definition and _base(c) in family and c.name.value not in family]
    unused = [c for c in derived if not spelled_outside(module, c.name.value, c)]
    if not unused:
        return None
    body = list(module.body)
    aside: list[tuple[str, cst.ClassDef]] = []
    for found in unused:
        before = member_name(body[body.index(found) - 1]) if body.index(found) else None
        if before is None:
            return None  # put back after a statement no name finds again
        aside.append((before, found))
    notes: list[tuple[int, str]] = [
        (
            line_of(c),
            FollowUp(
                f"class `{c.name.value}` derives from `{_base(c)}` and the program never constructs it: left as TF1 "
                "code (not migrated to eager); migrate it by hand before constructing it"
            ),
        )
        for c in unused
    ]
    kept = module.with_changes(body=[s for s in body if all(s is not c for c in unused)])
    return kept, resolve, line_of, definition, SetAside(aside, notes)


def resugar(module: cst.Module, name: str, aside: SetAside, line: int) -> cst.Module:
    """Each class set aside back after the statement it followed, in the order written."""
    body = list(module.body)
    for before, definition in aside.classes:
        found = [i for i, s in enumerate(body) if member_name(s) == before]
        if len(found) != 1:
            raise Blocked(f"class `{definition.name.value}`, never constructed, could not be put back", line)
        body.insert(found[0] + 1, definition)
    return module.with_changes(body=body)
