"""A learning rate fed through a placeholder: ``lr = tf.placeholder(tf.float32)``,
``opt = tf.train.GradientDescentOptimizer(lr).minimize(loss)`` and ``sess.run(opt, feed_dict={x: bx, lr: 0.1 * 0.9
** epoch})``, the decayed-by-hand schedule of many courses.

TF1's update op reads the fed value in the run that steps; a variable assigned the same value just before the run
is read there the same way, and rate_variables.py already proves a variable rate (``lambda: lr``, assigned between
steps) for the optimizers that apply each step's rate to that step alone (gradient descent, Adam, Adagrad, RMSProp,
Momentum: ``schedules.STEP_RATE_OPTIMIZERS``). So, before the proof, the placeholder becomes ``tf.Variable(0.0,
trainable=False)`` (float32, as the feed converted the value) and each feed of it a ``sess.run(tf.assign(lr, v))``
on the line before its run. Only where nothing else can tell the two apart: the placeholder used only as that rate
and as a feed key, every run of a training op feeding it (TF1 raised otherwise), each fed value plain arithmetic of
names and literals (it is computed before the run's other feeds now), and no Saver, checkpoint or variable listing
that would see the new variable (a collection read by a key it never joins, ``UPDATE_OPS`` around a class's
optimizers, sees none). Any other shape keeps the proof's refusal of a fed rate.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms._tf1 import tf_binding
from tfmigrate.transforms.session import dropped_items, host_builtins
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.run_calls import run_name
from tfmigrate.transforms.session.schedules import STEP_RATE_OPTIMIZERS
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

FLOAT32 = ("float32",)
# Calls that would see one more variable than TF1 had (a placeholder is none).
LISTINGS = frozenset(
    {
        "train.Saver",
        "train.Checkpoint",
        "global_variables",
        "all_variables",
        "local_variables",
        "get_collection",
        "get_collection_ref",
        "model_variables",
        "report_uninitialized_variables",
        "train.export_meta_graph",
        "train.write_graph",
        "summary.FileWriter",
    }
)
# Collections a ``tf.Variable(0.0, trainable=False)`` never joins (it joins GLOBAL_VARIABLES alone): the batch-norm
# idiom ``tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))`` around the training ops lists none.
UNLISTING_KEYS = frozenset(
    {
        "GraphKeys.UPDATE_OPS",
        "GraphKeys.TRAINABLE_VARIABLES",
        "GraphKeys.LOSSES",
        "GraphKeys.REGULARIZATION_LOSSES",
        "GraphKeys.SUMMARIES",
    }
)
PURE = (
    cst.Name,
    cst.Integer,
    cst.Float,
    cst.BinaryOperation,
    cst.UnaryOperation,
    cst.Attribute,
    cst.Subscript,
    cst.SubscriptElement,
    cst.Index,
    cst.LeftParen,
    cst.RightParen,
)
SYNTAX = (
    cst.Arg,
    cst.Comma,
    cst.Dot,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.BaseBinaryOp,
    cst.BaseUnaryOp,
    cst.SimpleWhitespace,
    cst.ParenthesizedWhitespace,
    cst.TrailingWhitespace,
    cst.EmptyLine,
    cst.Newline,
    cst.Comment,
)
PURE_CALLS = frozenset({"float", "int"})  # what the proof reads in an assigned value too


def assign_fed(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each placeholder learning rate read as a variable assigned before its runs, and a note for
    each; None where there is none."""
    tf = tf_binding(module)
    if tf is None or "placeholder" not in module_code(module):
        return None
    if any(_lists_variables(resolve, n) for n in descendants(module) if isinstance(n, cst.Call)):
        return None
    rates: dict[str, _Rate] = {}
    functions = [
        s.body.body for s in module.body if isinstance(s, cst.FunctionDef) and isinstance(s.body, cst.IndentedBlock)
    ]
    for statement in [*module.body, *(s for body in functions for s in body)]:  # ``def main():`` holds some
        rate = _placeholder(statement, resolve)
        if rate is not None and isinstance(statement, cst.SimpleStatementLine):
            if rate in rates:
                return None  # two placeholders of one name: which one a use reads is not told here
            found = _Rate(module, resolve, rate, statement)
            if found.check():
                rates[rate] = found
    if not rates:
        return None
    rewrite = _Assign(module, resolve, line_of, tf, rates)
    assigned = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    notes = [
        (line_of(found.statement), f"the learning rate fed to `{name}`: a variable assigned before each run")
        for name, found in rates.items()
    ]
    return assigned, resolve_new, line_of_new, notes


def _path(resolve: Resolve, node: cst.CSTNode) -> str | None:
    found = resolve(node)
    return found.removeprefix("compat.v1.") if found is not None else None


def _lists_variables(resolve: Resolve, call: cst.Call) -> bool:
    """A call that would see the variable: a listing, a collection read other than by a key it never joins."""
    path = _path(resolve, call.func)
    if path not in LISTINGS:
        return False
    if path not in ("get_collection", "get_collection_ref"):
        return True
    key = argument(call, 0, "key")
    return key is None or _path(resolve, key.value) not in UNLISTING_KEYS


def _placeholder(statement: cst.CSTNode, resolve: Resolve) -> str | None:
    """``lr = tf.placeholder(tf.float32)`` (shape none or ``[]``, a name allowed): the name bound."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    if not (
        isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
    ):
        return None
    call = small.value
    if not (isinstance(call, cst.Call) and _path(resolve, call.func) == "placeholder"):
        return None
    dtype = argument(call, 0, "dtype")
    shape = argument(call, 1, "shape")
    name = argument(call, 2, "name")
    if any(a not in (dtype, shape, name) or a.star for a in call.args) or dtype is None:
        return None
    spelled = dtype.value.value.strip("\"'") if isinstance(dtype.value, cst.SimpleString) else None
    if _path(resolve, dtype.value) not in FLOAT32 and spelled not in ("float", "float32"):
        return None
    if shape is not None:
        value = shape.value
        empty = isinstance(value, (cst.List, cst.Tuple)) and not value.elements
        if not (empty or (isinstance(value, cst.Name) and value.value == "None")):
            return None
    return small.targets[0].target.value


class _Rate:
    """One placeholder's uses: the optimizer it rates, the feeds that give it values."""

    def __init__(self, module: cst.Module, resolve: Resolve, name: str, statement: cst.SimpleStatementLine) -> None:
        self.module = module
        self.resolve = resolve
        self.name = name
        self.statement = statement
        # the line the assign goes before -> the fed value and the session that runs it
        self.feeds: dict[cst.SimpleStatementLine, tuple[cst.DictElement, str]] = {}
        self.runs: set[int] = set()  # the runs that feed it

    def check(self) -> bool:
        known: set[int] = {id(n) for n in descendants(self.statement)}
        parents = parents_of(self.module)
        named = _named_feeds(self.module, self.name, parents)
        if named is None:
            return False
        rated = False
        for node in descendants(self.module):
            if isinstance(node, cst.Call) and _path(self.resolve, node.func) in STEP_RATE_OPTIMIZERS:
                rate = argument(node, 0, "learning_rate")
                if rate is not None and _named(rate.value, self.name):
                    known.add(id(rate.value))
                    rated = True
            feed = _run(node) if isinstance(node, cst.Call) else None
            if feed is None:
                continue
            line: cst.SimpleStatementLine | None
            if isinstance(feed, cst.Name) and feed.value in named:
                line, element, _ = named[feed.value]
            elif isinstance(feed, cst.Dict) and _fed(feed, self.name) is not None:
                line, element = _statement(node, parents), _fed(feed, self.name)
            else:
                continue
            assert element is not None
            session = cast(tuple, _run_parts(cast(cst.Call, node)))[1]
            if (
                line is None
                or not _pure(self.module, element.value)
                or self.feeds.get(line, (element, session)) != (element, session)
            ):
                return False
            self.feeds[line] = (element, session)
            self.runs.add(id(node))
            known.add(id(element.key))
        if not rated or not self.feeds:
            return False
        labels = _labels(self.module)
        if any(_named(n, self.name) and id(n) not in known | labels for n in descendants(self.module)):
            return False  # read or bound elsewhere (a print of it, a loss that reads it, another feed)
        return self._steps_fed()

    def _steps_fed(self) -> bool:
        """Every run of a training op (of any optimizer: it cannot be told here which the rate steps) feeds it."""
        steps = set()
        for node in descendants(self.module):
            if isinstance(node, cst.Assign) and any(
                isinstance(c, cst.Call)
                and isinstance(c.func, cst.Attribute)
                and c.func.attr.value in ("minimize", "apply_gradients")
                for c in descendants(node.value)
            ):
                steps |= {n.value for t in node.targets for n in descendants(t.target) if isinstance(n, cst.Name)}
        for node in descendants(self.module):
            if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
                continue
            if node.func.attr.value not in ("run", "eval") or id(node) in self.runs:
                continue
            named = {n.value for n in descendants(node) if isinstance(n, cst.Name)}
            if named & steps:
                return False
        return True


def _rebound_reads(
    module: cst.Module, dict_name: str, line: cst.SimpleStatementLine, parents: dict[cst.CSTNode, cst.CSTNode]
) -> set[int]:
    """The names ``dict_name`` that another ``dict_name = ...`` line binds, and the reads it binds first: they stand
    in a statement of that line's block after it (the prediction loop's own ``feed_dict``), so they read that
    value, not ``line``'s."""
    found: set[int] = set()
    for other in descendants(module):
        if other is line or not (isinstance(other, cst.SimpleStatementLine) and len(other.body) == 1):
            continue
        small = other.body[0]
        if not (
            isinstance(small, cst.Assign) and len(small.targets) == 1 and _named(small.targets[0].target, dict_name)
        ):
            continue
        siblings = list(getattr(parents.get(other), "body", ()))
        if other in siblings:
            found.add(id(small.targets[0].target))
            after = siblings[siblings.index(other) + 1 :]
            found.update(id(n) for s in after for n in descendants(s) if _named(n, dict_name))
    return found


def _named_feeds(module: cst.Module, name: str, parents: dict[cst.CSTNode, cst.CSTNode]):
    """``feed = {X: batch_xs, Y: batch_ys, lr: rate}`` lines that feed ``name``, read only as the feed of runs in
    the statements after it in its block, with no other feed of ``name`` from the line to the last of them (the
    variable holds the value the dict took until those runs): dict name -> (line, element, runs). None where such a
    dict is read otherwise."""
    found: dict[str, tuple[cst.SimpleStatementLine, cst.DictElement, list[cst.Call]]] = {}
    labels = _labels(module)
    for node in descendants(module):
        if not (isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1):
            continue
        small = node.body[0]
        if not (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Dict)
        ):
            continue
        element = _fed(small.value, name)
        if element is None:
            continue
        dict_name = small.targets[0].target.value
        block = parents.get(node)
        siblings = list(getattr(block, "body", ()))
        if node not in siblings or dict_name in found:
            return None
        after = siblings[siblings.index(node) + 1 :]
        rebound = _rebound_reads(module, dict_name, node, parents)
        uses = [
            n
            for n in descendants(module)
            if _named(n, dict_name) and n is not small.targets[0].target and id(n) not in labels | rebound
        ]
        runs = [c for s in after for c in descendants(s) if isinstance(c, cst.Call) and any(_run(c) is u for u in uses)]
        if not uses or len(runs) != len(uses):
            return None
        last = max(i for i, s in enumerate(after) if any(c in runs for c in descendants(s)))
        for statement in after[: last + 1]:
            for inner in descendants(statement):
                if isinstance(inner, cst.Dict) and inner is not small.value and _fed(inner, name) is not None:
                    return None
        found[dict_name] = (node, element, runs)
    return found


def _run(call: cst.Call) -> cst.BaseExpression | None:
    """The feed of ``sess.run(fetch, feed_dict=...)`` / ``sess.run(fetch, ...)`` (a session's run of a fetch) or of
    ``train.run(session=sess, feed_dict=...)`` (the op's run in a named Session, the same run), whose feed is a dict
    literal or a name."""
    feed = _run_parts(call)
    return feed[0] if feed is not None else None


def _run_parts(call: cst.Call) -> tuple[cst.BaseExpression, str] | None:
    """The feed and the Session's name of such a run; None for any other call."""
    name = run_name(call)
    if name is None:
        return None
    session = argument(call, None, "session")
    if session is not None:  # ``op.run(session=sess, feed_dict=...)``: keywords only, as Operation.run reads them
        feed = argument(call, None, "feed_dict")
        if not isinstance(session.value, cst.Name) or any(a.keyword is None or a.star for a in call.args):
            return None
        name = session.value.value
    else:
        fetch = argument(call, 0, "fetches")
        feed = argument(call, 1, "feed_dict")
        if fetch is None or fetch is feed:
            return None
    if feed is None or not isinstance(feed.value, (cst.Dict, cst.Name)):
        return None
    return feed.value, name


def _fed(feed: cst.Dict, name: str) -> cst.DictElement | None:
    found = [e for e in feed.elements if isinstance(e, cst.DictElement) and _named(e.key, name)]
    return found[0] if len(found) == 1 else None


def _labels(module: cst.Module) -> set[int]:
    """Names that name no value: keywords of arguments, attributes."""
    labels = {id(n.keyword) for n in descendants(module) if isinstance(n, cst.Arg) and n.keyword is not None}
    return labels | {id(n.attr) for n in descendants(module) if isinstance(n, cst.Attribute)}


def _named(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _pure(module: cst.Module, value: cst.CSTNode) -> bool:
    """Arithmetic of names, items and literals (and ``float``/``int`` of them): computing it first changes
    nothing."""
    for node in [value, *descendants(value)]:
        if isinstance(node, cst.Call):
            if not host_builtins.builtin_of(module, node.func, PURE_CALLS):
                return False
        elif not isinstance(node, (*PURE, *SYNTAX)):
            return False
    return True


def _statement(call: cst.Call, parents: dict[cst.CSTNode, cst.CSTNode]) -> cst.SimpleStatementLine | None:
    """The one-statement line holding the run, in a block (so a line can go before it)."""
    node: cst.CSTNode = call
    while node in parents and not isinstance(node, cst.SimpleStatementLine):
        node = parents[node]
        if isinstance(node, (cst.Lambda, cst.BaseComp, cst.IfExp, cst.BooleanOperation)):
            return None  # run conditionally, or later
    if not isinstance(node, cst.SimpleStatementLine) or len(node.body) != 1:
        return None
    return node


class _Assign(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, tf: str, rates: dict[str, _Rate]):
        super().__init__(module, resolve, line_of)
        self.tf = tf
        self.rates = rates
        self.placeholders = {id(r.statement): r for r in rates.values()}
        self.lines = {id(line): (name, fed) for name, r in rates.items() for line, fed in r.feeds.items()}
        self.elements = {id(element) for r in rates.values() for element, _ in r.feeds.values()}

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict) -> cst.Dict:
        kept = dropped_items.kept(original_node.elements, updated_node.elements, self.elements)
        return updated_node if kept is None else updated_node.with_changes(elements=kept)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        rate = self.placeholders.get(id(original_node))
        if rate is not None:
            variable = cst.parse_expression(f"{self.tf}.Variable(0.0, trainable=False)")
            self.forced[id(variable.func)] = "Variable"  # type: ignore[attr-defined]
            small = updated_node.body[0].with_changes(value=variable)
            return self._traced(updated_node.with_changes(body=[small]), original_node)
        fed = self.lines.get(id(original_node))
        if fed is None:
            return updated_node
        name, (element, session) = fed
        value = cst.Module([]).code_for_node(element.value)
        assign = cst.parse_expression(f"{self.tf}.assign({name}, {value})")
        assert isinstance(assign, cst.Call)
        self.forced[id(assign.func)] = "assign"
        run = cst.Call(cst.parse_expression(f"{session}.run"), [cst.Arg(assign)])
        line = cst.SimpleStatementLine([cst.Expr(run)])
        return cst.FlattenSentinel([self._traced(line, original_node), updated_node])

    def _traced(self, made: cst.CSTNode, original: cst.CSTNode) -> cst.CSTNode:
        """Made nodes stand on the line of the statement they come from."""
        for node in [made, *descendants(made)]:
            self.origins.setdefault(id(node), (node, original))
        return made
