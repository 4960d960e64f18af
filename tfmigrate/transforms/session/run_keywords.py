"""A Session run written with keywords: ``sess.run(fetches=[train, loss], feed_dict={x: xs})``.

Book programs spell out ``Session.run``'s parameter names; every reader of a run call (the proof, the fetch and feed
checks, the rewrite) reads the fetch as the first positional argument, as most programs write it, and refused the
keyword form for a fetch it did not see. ``Session.run(fetches, feed_dict=None, options=None, run_metadata=None)``
binds ``fetches=x`` exactly as ``x`` in first place, so the program is read with its run calls in that form: the
eager proof sees the same fetches and feeds, and ``options``/``run_metadata`` stay keywords the proof refuses as it
does today. Only calls on a name bound to a ``tf.Session``/``tf.InteractiveSession`` are read so (another object's
``run`` may name its first parameter otherwise), and a ``fetches=`` written after other keywords moves first only
when those hold no call (moving it then changes no order of evaluation). The module as written is what the graph
tier keeps: this form exists only for the eager proof and the rewrite made from it.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.run_calls import session_run
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite


def positional(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf] | None:
    """The module with each Session run's ``fetches=`` as its first positional argument, and each
    ``op.run(session=sess)`` / ``t.eval(session=sess)`` on a computed receiver as ``sess.run(op)``; None when none
    is."""
    sessions = session_names(module, resolve)
    calls = [n for n in descendants(module) if isinstance(n, cst.Call) and _movable(n, sessions)]
    owned = [n for n in descendants(module) if isinstance(n, cst.Call) and _session_keyword(n, sessions)]
    if not calls and not owned:
        return None
    rewrite = _Positional(module, resolve, line_of, {id(c) for c in calls}, {id(c) for c in owned})
    module = module.visit(rewrite)
    return (module, *rewrite.remapped())


def fetch_argument(call: cst.Call) -> cst.Arg | None:
    """The argument a Session's ``run`` binds to ``fetches``: first positional, or the keyword."""
    if call.args and call.args[0].keyword is None and not call.args[0].star:
        return call.args[0]
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == "fetches"), None)


def session_names(module: cst.Module, resolve: Resolve) -> set[str]:
    """Names bound to a ``tf.Session(...)``/``tf.InteractiveSession(...)`` anywhere in the module."""
    names: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) and resolve(node.value.func) in SESSIONS:
            names.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
        elif isinstance(node, cst.WithItem) and isinstance(node.item, cst.Call) and resolve(node.item.func) in SESSIONS:
            if node.asname is not None and isinstance(node.asname.name, cst.Name):
                names.add(node.asname.name.value)
    return names


def _movable(call: cst.Call, sessions: set[str]) -> bool:
    if not session_run(call, sessions):
        return False
    if any(a.keyword is None or a.star for a in call.args):
        return False  # a positional fetch already (or ``*args``): as written
    keywords = [a.keyword.value for a in call.args if a.keyword is not None]
    if "fetches" not in keywords:
        return False
    before = call.args[: keywords.index("fetches")]
    return not any(isinstance(n, cst.Call) for a in before for n in descendants(a.value))


def _session_keyword(call: cst.Call, sessions: set[str]) -> bool:
    """``tf.global_variables_initializer().run(session=sess)``, ``tf.argmax(y, 1).eval(feed, session=sess)``:
    ``Operation.run(feed_dict=None, session=None)`` and ``Tensor.eval(feed_dict=None, session=None)`` are
    ``session.run(self, feed_dict)``, and the receiver is evaluated first either way. A bare name's ``w.eval(
    session=sess)`` is read by the proof as written; a computed receiver was refused as a graph op built while the
    graph runs."""
    func = call.func
    if not (
        isinstance(func, cst.Attribute) and func.attr.value in ("run", "eval") and isinstance(func.value, cst.Call)
    ):
        return False
    if any(a.star for a in call.args):
        return False
    keywords = [a.keyword.value for a in call.args if a.keyword is not None]
    positional = len(call.args) - len(keywords)
    session = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "session"), None)
    return (
        isinstance(session, cst.Name)
        and session.value in sessions
        and set(keywords) <= {"session", "feed_dict"}
        and positional + keywords.count("feed_dict") <= 1
        and all(a.keyword is not None for a in call.args[positional:])
    )


class _Positional(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, ids: set[int], owned: set[int]) -> None:
        super().__init__(module, resolve, line_of)
        self.ids = ids
        self.owned = owned

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if id(original_node) in self.owned:
            return _session_run(updated_node)
        if id(original_node) not in self.ids:
            return updated_node
        fetch = next(a for a in updated_node.args if a.keyword is not None and a.keyword.value == "fetches")
        rest = [a for a in updated_node.args if a is not fetch]
        first = fetch.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
        if rest:
            first = first.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            last = rest[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            rest = [*rest[:-1], last]
        else:
            first = first.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(args=[first, *rest])


def _session_run(call: cst.Call) -> cst.Call:
    """``x.run(feed, session=sess)`` as ``sess.run(x, feed_dict=feed)``."""
    assert isinstance(call.func, cst.Attribute)
    session = next(a.value for a in call.args if a.keyword is not None and a.keyword.value == "session")
    feeds = [a.value for a in call.args if a.keyword is None or a.keyword.value == "feed_dict"]
    space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    args = [cst.Arg(call.func.value, comma=space if feeds else cst.MaybeSentinel.DEFAULT)]
    if feeds:
        args.append(
            cst.Arg(
                feeds[0],
                keyword=cst.Name("feed_dict"),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
                ),
            )
        )
    return cst.Call(func=cst.Attribute(session, cst.Name("run")), args=args)
