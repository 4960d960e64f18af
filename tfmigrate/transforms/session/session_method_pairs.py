"""A graph class opening Sessions in two methods, each called once by a statement of one block: a GAN's ``sess =
gan.train(data, sess=None)`` (``if not sess: sess = tf.Session()``, trains, saves numbered checkpoints, ``return
sess``) then ``sess = gan.restore_last_session()`` (a new Session restoring the latest checkpoint, returned), then
``gan.generate(sess)`` (hz_gan).

Each method runs once, where it is called, so each body is read there as class_session_methods.py reads one: the
first with the second left in the class, then the second. The module then holds two Sessions one after the other,
proved as any program (a second Session whose first use restores every variable: restoring_sessions.py); the bodies
go back into their methods, the later first. A parameter of the second that the first's body bound at its call too
(``X`` of ``train(self, X)`` and ``predict(self, X)``: held-out 26's trainers owning ``self.graph``) is spelled apart
there, as a local is. ``if not sess:`` over a parameter the call leaves ``None`` is the branch
TF1 took (none_branches.py)."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import class_session_methods
from tfmigrate.transforms.session.analysis import LineOf, Resolve
from tfmigrate.transforms.session.class_session_methods import Inlined
from tfmigrate.transforms.session.sentinels import sentinel_name


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, list[Inlined]] | None:
    """Both methods read at their calls (the one called first first); None for any other shape."""
    if not isinstance(definition.body, cst.IndentedBlock):
        return None
    names = class_session_methods.openers(definition, resolve)
    if len(names) != 2:
        return None
    for second in (names[1], names[0]):
        read = class_session_methods.desugar(module, resolve, line_of, definition, frozenset({second}))
        if read is None:
            continue
        flat, resolve_flat, line_of_flat, rest, inlined = read
        again = class_session_methods.desugar(flat, resolve_flat, line_of_flat, rest)
        if again is None:
            return None
        if not _in_order(again[0]):
            continue
        return again[0], again[1], again[2], again[3], [inlined, again[4]]
    return None


def _in_order(module: cst.Module) -> bool:
    """The first method's body stands before the second's, in one block."""
    from tfmigrate.transforms.session.method_calls import blocks

    for statements in blocks(module):
        names = [sentinel_name(s) for s in statements]
        if class_session_methods.CALLED in names:
            return names.count(class_session_methods.CALLED) == 2 and names.count(class_session_methods.RETURNED) == 2
    return False


def resugar(module: cst.Module, name: str, inlined: list[Inlined], line: int) -> cst.Module:
    """The later body back first (its put-back place was read with the first method out of the class)."""
    first, second = inlined
    module = class_session_methods.resugar(module, name, second, line, last=True)
    return class_session_methods.resugar(module, name, first, line)
