"""``tf.argmax(sess.run(y_hat, feed_dict={x: x_test}), 1).eval()``: an op built at run time over a value the
Session just returned, and evaluated in the default Session, as learners print predictions after training or after
``saver.restore``.

TF1 runs ``y_hat`` (one run, its feeds), hands the array back, then builds a constant of it and the op over the
constant, and runs that: the op sees exactly the fetched values, so it computes what ``sess.run(tf.argmax(y_hat, 1),
feed_dict={x: x_test})`` computes in one run (one draw of whatever random op the fetch reads, as before). The pass
reads the expression so, before the proof, which then models it as any run of an expression over graph values.
Only where the two are the same run: ``.eval()`` with no argument inside the ``with tf.Session() as sess:`` block
that ``sess.run`` names (or under the program's one ``tf.InteractiveSession()``), one ``sess.run`` of a single fetch
in it, deterministic TensorFlow ops around it and nothing else but literals and host values (names bound only to
values that name no TensorFlow API, such as numpy labels: constants in either graph). A graph value beside the
fetch would be run apart by ``.eval()`` in TF1, so it leaves the expression as written.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, is_random
from tfmigrate.transforms.session.run_calls import run_name
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SESSIONS = ("Session", "InteractiveSession")


def fuse(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such ``.eval()`` read as one ``sess.run`` of the whole expression, and a note for each;
    None where there is none."""
    if ".eval()" not in module_code(module) or ".run(" not in module_code(module):
        return None
    finder = _Find(module, resolve)
    module.visit(finder)
    if not finder.fused:
        return None
    rewrite = _Fuse(module, resolve, line_of, finder.fused)
    fused = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    notes = [
        (line_of(call), "an op over a fetched value, evaluated: read as one run of the op over the fetch")
        for call in finder.fused
    ]
    return fused, resolve_new, line_of_new, notes


def _path(resolve: Resolve, node: cst.CSTNode) -> str | None:
    found = resolve(node)
    return found.removeprefix("compat.v1.") if found is not None else None


class _Find(cst.CSTVisitor):
    def __init__(self, module: cst.Module, resolve: Resolve) -> None:
        self.module = module
        self.resolver = resolve
        self.scopes: list[str] = []  # ``with tf.Session() as sess:`` names around the node
        self.interactive = _interactive(module, resolve)
        self.fused: dict[cst.Call, cst.Call] = {}  # the ``.eval()`` call -> the ``sess.run`` that replaces it

    def visit_With(self, node: cst.With) -> None:
        self.scopes.append(self._session(node) or "")

    def leave_With(self, original_node: cst.With) -> None:
        self.scopes.pop()

    def _session(self, node: cst.With) -> str | None:
        if len(node.items) != 1:
            return None
        item = node.items[0]
        if (
            isinstance(item.item, cst.Call)
            and _path(self.resolver, item.item.func) in SESSIONS
            and item.asname is not None
            and isinstance(item.asname.name, cst.Name)
        ):
            return item.asname.name.value
        return None

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "eval" and not node.args):
            return
        op = func.value
        if not isinstance(op, cst.Call):
            return
        runs = [n for n in descendants(op) if isinstance(n, cst.Call) and self._run(n)]
        if len(runs) != 1:
            return
        run = runs[0]
        owner = run.func.value.value  # type: ignore[attr-defined]
        default = next((s for s in reversed(self.scopes) if s), None)
        if owner != (default or self.interactive):
            return
        inside = {id(n) for n in descendants(run)}
        labels = {id(n.attr) for n in descendants(op) if isinstance(n, cst.Attribute)}
        labels |= {id(n.keyword) for n in descendants(op) if isinstance(n, cst.Arg) and n.keyword is not None}
        for inner in descendants(op):
            if id(inner) in inside or id(inner) in labels:
                continue
            if isinstance(inner, cst.Call):
                path = _path(self.resolver, inner.func)
                if path is None or is_random(path):
                    return
            elif isinstance(inner, cst.Name):
                if not (self._tf_root(inner, op) or self._host(inner.value)):
                    return
        path = _path(self.resolver, op.func)
        if path is None or is_random(path):
            return
        self.fused[node] = run

    def _run(self, call: cst.Call) -> bool:
        """``sess.run(fetch[, feed_dict])`` of one fetch that is not a list, tuple or dict."""
        if run_name(call) is None:
            return False
        fetch = argument(call, 0, "fetches")
        feed = argument(call, 1, "feed_dict")
        if fetch is None or any(a not in (fetch, feed) for a in call.args) or any(a.star for a in call.args):
            return False
        return not isinstance(fetch.value, (cst.List, cst.Tuple, cst.Dict, cst.Set))

    def _host(self, name: str) -> bool:
        """``y_test`` bound only by ``name = <value>`` statements whose values name no TensorFlow API (numpy labels,
        a Python number): a constant in TF1's op as in the one run, never a graph value run apart."""
        values = []
        for node in descendants(self.module):
            if isinstance(node, cst.Assign) and any(_named(n, name) for t in node.targets for n in descendants(t)):
                if not (len(node.targets) == 1 and _named(node.targets[0].target, name)):
                    return False
                values.append(node.value)
            elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.AsName, cst.Param)):
                target = getattr(node, "target", None) or getattr(node, "name", None)
                if target is not None and any(_named(n, name) for n in descendants(target)):
                    return False
            elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Import, cst.ImportFrom, cst.Global)):
                if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name.value == name:
                    return False
        return bool(values) and not any(
            isinstance(n, (cst.Name, cst.Attribute)) and self.resolver(n) is not None
            for value in values
            for n in descendants(value)
        )

    def _tf_root(self, name: cst.Name, op: cst.Call) -> bool:
        """A name in ``op`` outside the run: the root of a TensorFlow path (``tf`` in ``tf.argmax``,
        ``tf.float32``) or a constant."""
        for node in descendants(op):
            if isinstance(node, cst.Attribute) and _leftmost(node) is name and self.resolver(node) is not None:
                return True
        return name.value in ("True", "False", "None")


def _named(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _leftmost(node: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node


def _interactive(module: cst.Module, resolve: Resolve) -> str | None:
    """The name of the program's one session, where it is ``sess = tf.InteractiveSession()`` (at module level or
    in the function holding the program) and nothing else makes a Session."""
    found: list[str] = []
    sessions = 0
    for node in descendants(module):
        if isinstance(node, cst.Call) and _path(resolve, node.func) in SESSIONS:
            sessions += 1
    for statement in descendants(module):
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Call)
                and _path(resolve, small.value.func) == "InteractiveSession"
            ):
                found.append(small.targets[0].target.value)
    return found[0] if len(found) == 1 and sessions == 1 else None


class _Fuse(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, fused: dict[cst.Call, cst.Call]):
        super().__init__(module, resolve, line_of)
        self.fused = fused
        self.inner = {run: call for call, run in self.fused.items()}
        self.done: dict[cst.Call, cst.Call] = {}  # the run -> its rewritten form (the fetch and its feeds)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        if original_node in self.inner:
            self.done[original_node] = updated_node
            fetch = argument(updated_node, 0, "fetches")
            return fetch.value  # type: ignore[union-attr]
        run = self.fused.get(original_node)
        if run is None:
            return updated_node
        op = updated_node.func.value  # type: ignore[attr-defined]
        rewritten = self.done[run]
        fetch = argument(rewritten, 0, "fetches")
        args = [a.with_changes(value=op) if a is fetch else a for a in rewritten.args]
        return rewritten.with_changes(args=args)
