"""TF1 summaries in a program the eager rewrite converts: the same events, tags and steps, written eagerly.

A TF1 summary op (``tf.summary.scalar/histogram/text``) serialises a value into a ``Summary`` protocol buffer when
a run fetches it; ``merge_all()`` / ``merge([...])`` fetches several at once; ``FileWriter.add_summary(s, step)``
writes them. Eagerly, each merged summary becomes a function of the placeholders its values read that returns
the same ``tf.compat.v1.summary`` protos (those ops run eagerly and give TF1's tags, histogram buckets and text
metadata), and ``add_summary`` writes them with ``tf.summary.experimental.write_raw_pb`` into a
``tf.summary.create_file_writer`` writer. A merged summary of scalars and histograms fetched in a loop is a
``tf.function`` of the ops TF1 built (``tf.raw_ops.ScalarSummary`` / ``HistogramSummary``), so that the forward graph
is not evaluated eagerly at every step. ``tf.summary.scalar`` would change the event format and needs the
``tensorboard`` package, which TensorFlow 2.21 no longer installs. A tag is the summary's name under its name
scopes, cleaned as TF1 cleaned it; a name TF1 would have made unique (``loss_1``) keeps the graph tier.

In a run that also trains, TF1 computed the summarised tensors on the way to the loss, before the update: the
summaries are computed first, then the train step. A variable summarised in that run is read before or after the
update as TF1's executor happened to schedule it (measured: after), so it keeps the graph tier, as do random
values (an eager call draws again), summaries in loops or functions and hand-built ``tf.Summary`` protos.

``tf.summary.image(name, tensor, max_outputs)`` is TF1's ``ImageSummary`` op, whose kernel scales float images to
uint8 (all values >= 0: by 255 / max; else by 127 / max|v| and offset by 128) and writes ``Summary.Image`` PNGs
tagged ``name/image/0`` ... Eagerly that op fails on TF 2.21 ("Attr bad_color has unhandled type") and TF2's
``tf.summary.image`` writes another event (PNG strings in a tensor) and needs TensorBoard; traced, the op runs. So a
group holding an image summary is always a ``tf.function`` of ``tf.raw_ops.ImageSummary``: TF1's kernel, TF1's
pixels and event; merged with a text summary (written eagerly) it keeps the graph tier.

Summaries a helper builds (the tutorials' ``variable_summaries(var)``, called per layer) reach this module with the
helper read at each call (inlined_helpers.py); their tags take the scopes of the call, and a summary named as an op
built before it in its scope (``mean`` after ``tf.reduce_mean``) gets TF1's unique tag (``mean_1``) where every op
in that scope is one whose names tf_scope_names.json lists (``_ScopeNames``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.cstfields import children
from tfmigrate.tables import load
from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import defaults, host_builtins, op_makers, shared_draws, variable_scopes
from tfmigrate.transforms.session.analysis import Bindings, Node, descendants, is_read, loaded_names
from tfmigrate.transforms.session.run_calls import session_run
from tfmigrate.transforms.session.savers import scope_name, unique_name

OPS = {
    "summary.scalar": ("tensor",),
    "summary.histogram": ("values",),
    "summary.text": ("tensor",),
    "summary.image": ("tensor",),
}
UNSUPPORTED = {
    "summary.audio": "tf.summary.audio (TF1's audio summary op is not checked eagerly)",
    "summary.tensor_summary": "tf.summary.tensor_summary (its metadata is not modelled)",
}
# The op TF1's tf.summary.scalar / histogram built, and its tag parameter (gen_logging_ops).
RAW_OPS = {
    "scalar": ("ScalarSummary", "tags"),
    "histogram": ("HistogramSummary", "tag"),
    "image": ("ImageSummary", "tag"),
}
TRACED_ONLY = frozenset({"image"})  # ops that run only traced (ImageSummary's bad_color attribute, eagerly)
MAX_OUTPUTS = 3  # tf.summary.image's default max_outputs
MERGES = frozenset({"summary.merge_all", "summary.merge"})
WRITER = "summary.FileWriter"
PROTOS = ("Summary", "summary.Summary", "Summary.Value", "summary.Summary.Value", "Event", "summary.Event")
GRAPHS = frozenset({"get_default_graph"})
INVALID_TAG = re.compile(r"[^-/\w.]")
KEPT_METHODS = frozenset({"flush", "close"})
HOST_LIBRARIES = frozenset({"numpy", "math", "os", "sys", "time", "random", "json", "pandas", "matplotlib", "scipy"})
PYTHON_BUILTINS = frozenset({"print", "len", "range", "int", "float", "str", "list", "tuple", "dict", "min", "max"})
VARIABLE_SCOPES = frozenset({"variable_scope", "name_scope"})
DEFAULT_NAMES = frozenset(load("tf_op_names.json")["default_names"])
SCOPE_NAMES: dict[str, list[str]] = load("tf_scope_names.json")["scope_names"]  # call -> names it takes (lowercased)
OP_NAMES: dict[str, list] = load("tf_scope_names.json")["op_names"]  # call -> [place in its names, its op's name]
NAMED = frozenset(load("tf_scope_names.json")["named"])  # paths whose returned op takes the name= given
NAME_POSITIONS: dict[str, int] = load("tf_scope_names.json")["name_positions"]  # path -> where ``name`` is positional
OPERATORS = {
    cst.Add: "add",
    cst.Subtract: "sub",
    cst.Multiply: "mul",
    cst.Divide: "truediv",
    cst.Power: "pow",
    cst.MatrixMultiply: "matmul",
}


@dataclass
class Op:
    """One TF1 summary op: its TF1 tag, the ``tf.compat.v1.summary`` function, its value as the graph held it."""

    tag: str
    kind: str
    value: cst.BaseExpression
    nodes: dict[str, Node]  # each graph name the value reads, as bound when the op was built
    line: int
    flags: set[str] = field(default_factory=set)  # bool placeholders whose dropouts it reads (defaults.py)
    max_outputs: int | None = None  # an image summary's: how many images of the batch it writes


@dataclass
class Group:
    """A fetchable summary: a merge or a named summary op, and the placeholders its values read."""

    name: str
    ops: list[Op]
    fetched: bool = False  # a run fetches it (a named op only merged is not written out on its own)
    looped: bool = False  # a run in a loop fetches it
    traced: bool = False  # looped or holding an image, of raw ops: a tf.function (``_function``), set in ``finish``

    def traceable(self) -> bool:
        return all(op.kind in RAW_OPS for op in self.ops)

    def traced_only(self) -> bool:
        return any(op.kind in TRACED_ONLY for op in self.ops)


@dataclass
class GroupCall:
    """A call of a group's function, written in ``Summaries.finish`` once the group's form is decided; both argument
    lists are made where the run is proved, from the graph names as bound there."""

    group: Group
    plain: str  # the arguments of the eager function
    traced: str  # of the tf.function: tensors, as a traced train step is passed (traced_arguments.py)
    put: Callable[[str], None]  # writes the call's code in its place


class Summaries:
    """Recognises the summary statements of a session program for ``Proof``; plans their eager form."""

    def __init__(self, proof) -> None:
        self.proof = proof
        self.program = proof.program
        self.ops: list[Op] = []  # every summary op, in the order TF1 built them (merge_all's collection)
        self.groups: dict[str, Group] = {}
        self.writers: set[str] = set()
        self.values: dict[str, int] = {}  # a name bound to a fetched summary -> how many runs bind it
        self.fetches: set[cst.Call] = set()  # sess.run calls that fetch one summary group
        self.calls: list[GroupCall] = []  # their calls of the groups' functions, written in ``finish``
        self.handled: set[cst.CSTNode] = set()  # statements this module planned
        self.targets: set[cst.Name] = set()  # the names single fetches of a summary are assigned to
        self.exact: set[cst.Call] = set()  # summary ops whose scope's every op name is known (_tags)
        self.op_names: dict[str, str] = {}  # a name bound to a tensor -> its TF1 op name, where it is certain
        self.given: dict[cst.Call, str | None] = {}  # a summary named ``x.op.name`` / ``x.name`` -> that name
        self.tags = self._tags()

    def deny(self, construct: str, node: cst.CSTNode):
        return self.proof.deny(construct, node)

    # --------------------------------------------------------------------------------------- statements
    def statement(self, line: cst.SimpleStatementLine, top: bool, loop: bool) -> bool:
        """Plan a summary statement; False when the line is none of them."""
        if len(line.body) != 1:
            self._summary_calls(line)
            return False
        small = line.body[0]
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        target = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
        if isinstance(value, cst.Call):
            path = self.program.tf_path(value.func) or ""
            if path in OPS or path in MERGES or path == WRITER:
                if not top or loop:
                    raise self.deny(f"tf.{path} inside a loop or branch", line)
                if isinstance(small, cst.Assign) and not isinstance(target, cst.Name):
                    raise self.deny(f"tf.{path} assigned to something other than a name", line)
                name = target.value if isinstance(target, cst.Name) else None
                if name is not None and self.program.binds.get(name, 0) != 1:
                    if path not in OPS or is_read(self.program.module, name):
                        raise self.deny(f"`{name}` is bound more than once", line)
                    name = None  # never read: only merge_all reaches these ops, however the name is rebound
                if path == WRITER:
                    self._writer(line, value, name)
                elif path in OPS:
                    self._op(line, value, path, name)
                else:
                    self._merge(line, value, path, name)
                self.handled.add(line)
                return True
            if isinstance(small, cst.Expr) and self._writer_call(line, value, loop):
                self.handled.add(line)
                return True
            if isinstance(target, (cst.Tuple, cst.List)) and self._split_run(line, value, target, loop):
                self.handled.add(line)
                return True
        self._summary_calls(line)
        return False

    def nested(self, block: cst.CSTNode) -> None:
        """A summary op built in a loop or branch (``for v in [a, b]: tf.summary.scalar(v.op.name, v)``) is named
        as the reason, before the loop's other graph uses are."""
        for call in descendants(block):
            if isinstance(call, cst.Call):
                path = self.program.tf_path(call.func) or ""
                if path in OPS or path in MERGES:
                    raise self.deny(f"tf.{path} inside a loop or branch{self._loop_over(block)}", call)

    def _loop_over(self, block: cst.CSTNode) -> str:
        """Why a loop over tensors was not unrolled (summary_loops.py), where it is one."""
        if not isinstance(block, cst.For):
            return ""
        it = block.iter
        if isinstance(it, cst.Call) and self.program.tf_path(it.func) == "trainable_variables":
            return (
                " (a loop over tf.trainable_variables() after a statement that may make variables tfmigrate does not "
                "list: a layer, a cell, a helper call, get_variable, a variable scope, a loop)"
            )
        if isinstance(it, (cst.List, cst.Tuple)):
            return " (a loop over a literal list is unrolled when its elements are names and its body summaries only)"
        return " (a loop over tensors is unrolled only over a literal list of them or tf.trainable_variables())"

    def _summary_calls(self, line: cst.CSTNode) -> None:
        """Deny, with the true reason, summary constructs this module does not model."""
        for call in descendants(line):
            if not isinstance(call, (cst.Call, cst.Attribute)):
                continue
            path = self.program.tf_path(call.func if isinstance(call, cst.Call) else call) or ""
            if path in UNSUPPORTED:
                raise self.deny(UNSUPPORTED[path], call)
            if path in PROTOS:
                raise self.deny(f"a hand-built tf.{path} protocol buffer", call)
            if path in OPS or path in MERGES or path == WRITER:
                raise self.deny(f"tf.{path} inside an expression", call)

    def _op(self, line: cst.SimpleStatementLine, call: cst.Call, path: str, name: str | None) -> None:
        first = argument(call, 0, "name")
        value = argument(call, 1, OPS[path][0])
        image = path == "summary.image"
        limit = argument(call, 2, "max_outputs") if image else None
        if first is None or value is None or any(a not in (first, value, limit) for a in call.args):
            allowed = "a name, a value and max_outputs" if image else "a name and a value"
            raise self.deny(f"tf.{path} arguments beyond {allowed} (family, collections)", call)
        max_outputs = _max_outputs(limit) if image else None
        if image and max_outputs is None:
            raise self.deny("tf.summary.image with max_outputs other than a literal positive integer", call)
        literal = literal_string(first.value)
        if literal is None and call in self.given:
            literal = self.given[call]
            if literal is None:
                tensor = self.program.module.code_for_node(first.value)
                raise self.deny(
                    f"tf.{path} named `{tensor}`, a TF1 op name tfmigrate cannot tell with certainty (the op is not "
                    "one whose name it knows, or an op built before it in its scope may have taken that name)",
                    call,
                )
        if literal is None:
            raise self.deny(f"tf.{path} with a name that is not a literal string", call)
        if not re.match(r"[A-Za-z0-9.]", INVALID_TAG.sub("_", literal)):
            raise self.deny(f"a summary name TF1 rejects ({literal!r})", call)
        tag = self._tag(call)
        nodes = {
            n.value: self.program.nodes[n.value] for n in loaded_names(value.value) if n.value in self.program.nodes
        }
        for read in loaded_names(value.value):
            if read.value not in self.program.nodes and read.value not in self.program.imported:
                raise self.deny(f"the summary `{tag}` reads `{read.value}`, which is not a graph value", read)
        flags: set[str] = set()
        for node in nodes.values():
            if node.kind not in ("placeholder", "variable", "const", "tensor") or node.container:
                raise self.deny(f"the summary `{tag}` reads `{node.name}` ({node.kind})", value.value)
            switched = defaults.switched(self.program, node) if self.proof.random(node) else set()
            if self.proof.random(node) and not switched:
                denied = self.deny(
                    f"the summary `{tag}` reads the random tensor `{node.name}` (eager code draws again)", call
                )
                raise shared_draws.summarised(self.proof, node, denied)
            flags |= switched
        if not isinstance(value.value, cst.Name):
            self.program._ops(value.value, allow_random=False)
        elif not nodes:
            raise self.deny(f"the summary `{tag}` reads `{value.value.value}`, which is not a graph value", call)
        op = Op(tag, path.split(".")[-1], value.value, nodes, self.program.line_of(line), flags, max_outputs)
        self.ops.append(op)
        kind = path.split(".")[-1]
        self._plan(
            line,
            f"tf.summary.{kind}({json.dumps(literal)}) -> the function that computes the summaries it is merged into",
        )
        if name is None:
            self.proof.plan.statements[line] = lambda updated: []
        else:
            group = self.groups[name] = Group(name, [op])
            self.proof.plan.statements[line] = lambda updated: self._function(group) if group.fetched else []

    def _merge(self, line: cst.SimpleStatementLine, call: cst.Call, path: str, name: str | None) -> None:
        if name is None:
            raise self.deny(f"tf.{path}() whose result is not named", call)
        if path == "summary.merge_all":
            if call.args:
                raise self.deny("tf.summary.merge_all(key=...) of another collection", call)
            ops = list(self.ops)
        else:
            listed = argument(call, 0, "inputs")
            if listed is None or len(call.args) != 1 or not isinstance(listed.value, (cst.List, cst.Tuple)):
                raise self.deny("tf.summary.merge of something other than a literal list of summary ops", call)
            ops = []
            for element in listed.value.elements:
                if not (isinstance(element.value, cst.Name) and element.value.value in self.groups):
                    raise self.deny("tf.summary.merge of a value that is not a summary op of this module", element)
                ops += self.groups[element.value.value].ops
        if not ops:
            self._no_summaries(line, call, path, name)
            return
        tags = [op.tag.lower() for op in ops]
        if len(set(tags)) != len(tags):
            raise self.deny("a summary merged twice", call)
        group = self.groups[name] = Group(name, ops)
        if group.traced_only() and not group.traceable():
            raise self.deny(
                "an image summary merged with a text summary (the image op runs only in a tf.function, the text "
                "summary is written eagerly)",
                call,
            )
        self.proof.plan.statements[line] = lambda updated: self._function(group)
        self._plan(line, f"tf.summary.{path.split('.')[-1]}() `{name}` -> a function returning the same summaries")

    def _no_summaries(self, line: cst.SimpleStatementLine, call: cst.Call, path: str, name: str) -> None:
        """``merged = tf.summary.merge_all()`` before any summary op: TF1 returned None (cookbook scripts keep the
        line for TensorBoard); when nothing reads ``merged`` it stays None, any use keeps the graph tier."""
        reads = [n for n in descendants(self.program.module) if isinstance(n, cst.Name) and n.value == name]
        if path != "summary.merge_all" or len(reads) != 1:
            raise self.deny(f"tf.{path}() of no summary ops (None in TF1)", call)
        none = cst.parse_statement(f"{name} = None")
        assert isinstance(none, cst.SimpleStatementLine)
        self.proof.plan.statements[line] = lambda updated: [updated.with_changes(body=none.body)]
        self._plan(line, f"tf.summary.merge_all() of no summary ops -> `{name} = None` (what TF1 returned)")

    def _writer(self, line: cst.SimpleStatementLine, call: cst.Call, name: str | None) -> None:
        logdir = argument(call, 0, "logdir")
        graph = argument(call, 1, "graph") or argument(call, None, "graph_def")  # TF1 took a GraphDef too
        if logdir is None or any(a not in (logdir, graph) for a in call.args):
            raise self.deny("tf.summary.FileWriter arguments beyond logdir and graph", call)
        self.proof.names(logdir.value)
        self.proof.expression(logdir.value, False)
        if graph is not None and not self._graph(graph.value):
            raise self.deny("tf.summary.FileWriter of a graph other than the session's", graph)
        if name is not None:
            self.writers.add(name)
        tf = self.proof.tf
        self.proof.plan.replace[call] = (
            f"{tf}.summary.create_file_writer({self.program.module.code_for_node(logdir.value)})"
        )
        dropped = "; the graph is no longer written (eager TF2 has none)" if graph is not None else ""
        self.proof.plan.notes.append(
            (self.program.line_of(line), f"tf.summary.FileWriter -> tf.summary.create_file_writer{dropped}")
        )

    def _graph(self, value: cst.BaseExpression) -> bool:
        """``sess.graph`` / ``sess.graph_def`` (the same graph, as a proto) / ``tf.get_default_graph()``."""
        if (
            isinstance(value, cst.Attribute)
            and value.attr.value in ("graph", "graph_def")
            and isinstance(value.value, cst.Name)
        ):
            return value.value.value in self.proof.sessions
        return isinstance(value, cst.Call) and not value.args and self.program.tf_path(value.func) in GRAPHS

    def _writer_call(self, line: cst.SimpleStatementLine, call: cst.Call, loop: bool) -> bool:
        func = call.func
        if not (
            isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in self.writers
        ):
            return False
        method = func.attr.value
        if method in KEPT_METHODS and not call.args:
            return True
        if method == "add_graph" and len(call.args) == 1 and self._graph(call.args[0].value):
            self.proof.plan.statements[line] = lambda updated: []
            self._plan(line, "writer.add_graph removed: eager TF2 has no graph to write")
            return True
        if method != "add_summary":
            raise self.deny(f"FileWriter.{method}() is not modelled", call)
        summary = argument(call, 0, "summary")
        step = argument(call, 1, "global_step")
        if summary is None or any(a not in (summary, step) for a in call.args):
            raise self.deny("add_summary() arguments beyond summary and global_step", call)
        if isinstance(summary.value, cst.Call):
            self.proof.expression(summary.value, loop)
            if summary.value not in self.fetches:
                raise self.deny("add_summary() of something that is not a merged summary of known ops", summary.value)
        elif not (isinstance(summary.value, cst.Name) and summary.value.value in self.values):
            raise self.deny("add_summary() of something that is not a merged summary of known ops", call)
        if step is not None:
            self.proof.expression(step.value, loop)
        writer, tf = func.value.value, self.proof.tf

        def build(updated: cst.SimpleStatementLine) -> list[cst.BaseStatement]:
            new = updated.body[0].value  # type: ignore[attr-defined]  # the add_summary call, sites replaced
            code = self.program.module.code_for_node
            values = [a for a in new.args if a.keyword is None or a.keyword.value == "summary"]
            steps = [a for a in new.args if a not in values]
            if len(values) > 1:
                steps = values[1:]
                values = values[:1]
            step_code = code(steps[0].value) if steps else "0"
            text = (
                f"with {writer}.as_default():\n"
                f"    {tf}.summary.experimental.write_raw_pb({code(values[0].value)}, step={step_code})\n"
            )
            return [cst.parse_statement(text)]

        self.proof.plan.statements[line] = build
        self._plan(
            line,
            f"{writer}.add_summary -> tf.summary.experimental.write_raw_pb (the same events) under {writer}.as_default()",
        )
        return True

    # --------------------------------------------------------------------------------------- runs
    def fetch(self, fetch: cst.BaseExpression, feeds, call: cst.Call, loop: bool) -> str | None:
        """``sess.run(merged, ...)``: a call of the function that returns its summaries; None for other fetches."""
        if isinstance(fetch, (cst.List, cst.Tuple)):
            for element in fetch.elements:
                if isinstance(element.value, cst.Name) and element.value.value in self.groups:
                    raise self.deny("a summary fetched with other values outside `a, b = sess.run([...])`", call)
            return None
        if not (isinstance(fetch, cst.Name) and fetch.value in self.groups):
            return None
        self.fetches.add(call)
        group = self.groups[fetch.value]
        group.fetched = True
        self._switched_off(group, feeds, call)
        replace = self.proof.plan.replace
        return self._call(group, feeds, call, loop, lambda code: replace.update({call: code}))

    def _call(self, group: Group, feeds, call: cst.Call, loop: bool, put: Callable[[str], None]) -> str:
        """The call as an eager function's (what ``put`` is given in ``finish`` unless the group is traced: then its
        arguments are tensors, so that a new batch or value does not trace it again)."""
        group.looped = group.looped or loop
        params = self._params(group)
        plain = self.proof.arguments(params, feeds, call)
        traced = self.proof.arguments(params, feeds, call, True) if group.traceable() else plain
        self.calls.append(GroupCall(group, plain, traced, put))
        return f"{group.name}({plain})"

    def bound(self, target: cst.BaseExpression, call: cst.Call) -> None:
        """``summary = sess.run(merged, ...)``: ``summary`` holds serialized summaries."""
        if call in self.fetches and isinstance(target, cst.Name):
            self.values[target.value] = self.values.get(target.value, 0) + 1
            self.targets.add(target)

    def _split_run(self, line: cst.SimpleStatementLine, call: cst.Call, targets, loop: bool) -> bool:
        """``_, c, summary = sess.run([train, cost, merged], feed)``: the summaries first, then the rest of the run."""
        if not session_run(call, self.proof.sessions):
            return False
        fetch = argument(call, 0, "fetches")
        feed = argument(call, 1, "feed_dict")
        if fetch is None or not isinstance(fetch.value, (cst.List, cst.Tuple)):
            return False
        elements = fetch.value.elements
        fetched = [e.value.value if isinstance(e.value, cst.Name) else None for e in elements]
        grouped = [i for i, name in enumerate(fetched) if name in self.groups]
        if not grouped:
            return False
        if any(a not in (fetch, feed) for a in call.args):
            raise self.deny("Session.run arguments beyond fetches/feed_dict", call)
        names = targets.elements
        if len(names) != len(elements) or any(isinstance(e, cst.StarredElement) for e in (*names, *elements)):
            raise self.deny("a run fetching summaries whose targets do not match its fetches one to one", line)
        feeds = self.proof.feeds(feed.value if feed is not None else None, call)
        rest = [i for i in range(len(elements)) if i not in grouped]
        nodes = [self.program.nodes.get(fetched[i] or "") for i in rest]
        stateful = [node for node in nodes if node is not None and node.kind in ("train", "assign")]
        if any(isinstance(elements[i].value, cst.Call) for i in rest):
            raise self.deny("a run fetching summaries and an inline op", call)
        uses: dict[str, int] = {}
        needed = [self._params(self.groups[fetched[i] or ""]) for i in grouped]
        for params in [*needed, *(self.proof.needs(node) for node in nodes)]:
            for name in params:
                uses[name] = uses.get(name, 0) + 1
        statements: list[str] = shared_draws.hoisted(self.program, feeds, uses)  # drawn once, for the whole run
        for i in grouped:
            target = names[i].value
            if not isinstance(target, cst.Name):
                raise self.deny("a fetched summary assigned to something other than a name", line)
            group = self.groups[fetched[i] or ""]
            group.fetched = True
            for train in stateful:
                self._before_update(group, train, call)
            if target.value in {n.value for n in loaded_names(call)}:
                raise self.deny(f"`{target.value}` is read by the run that assigns it", call)
            self._switched_off(group, feeds, call)
            params = self._params(group)
            if rest:
                for p in params:
                    if p in feeds and not _pure(feeds[p]):
                        raise self.deny(f"the value fed to `{p}` would be computed twice", feeds[p])
            self.values[target.value] = self.values.get(target.value, 0) + 1

            def put(code: str, at: int = len(statements), name: str = target.value) -> None:
                statements[at] = f"{name} = {code}"

            statements.append(f"{target.value} = {self._call(group, feeds, call, loop, put)}")
        code = self.program.module.code_for_node
        rest_targets = [names[i].value for i in rest]
        if rest:
            if all(isinstance(t, cst.Name) and t.value == "_" for t in rest_targets) and len(rest) == 1:
                statements.append(self.proof.fetch(elements[rest[0]].value, feeds, call, True, None, loop))
            elif len(rest) == 1:
                value = self.proof.fetch(elements[rest[0]].value, feeds, call, False, None, loop)
                statements.append(f"{code(rest_targets[0])} = {value}")
            else:
                reduced = cst.List([cst.Element(elements[i].value) for i in rest])
                value = self.proof.fetch(reduced, feeds, call, False, [cst.Element(t) for t in rest_targets], loop)
                statements.append(f"{', '.join(code(t) for t in rest_targets)} = {value}")
            for target in rest_targets:
                self.proof.names(target)
        self.proof.plan.sites += 1
        self.proof.ran = True
        self.proof.plan.statements[line] = lambda updated: [cst.parse_statement(s + "\n") for s in statements]
        if rest:
            self._plan(
                line, "the summaries this run fetched are computed first, as TF1 computed them before the update"
            )
        return True

    def _before_update(self, group: Group, train: Node, call: cst.Call) -> None:
        """In a run that trains, each summarised value must be one TF1 computed before the update. A summary of an
        updated variable itself has no fixed order: on TF 2.21, held-out 29's ak_binary_perceptron wrote its
        ``b[0]`` from before the update in 910 of 1000 steps and after it in 90, its histogram of ``w`` 249/751."""
        updated = self.proof.updated(train)
        loss = train.resolved.get(train.loss) if train.kind == "train" else None
        early = ({loss.name} | loss.ancestors) if loss is not None else set()

        def before(node: Node) -> bool:
            if node.kind in ("placeholder", "const"):
                return True
            if node.kind == "variable":
                return node.name not in updated
            if node.name in early:
                return True
            return all(before(read) for read in node.resolved.values())

        for op in group.ops:
            for name, node in op.nodes.items():
                direct = node.kind == "variable" or not isinstance(op.value, cst.Name)
                if (direct and name in updated) or not before(node):
                    raise self.deny(
                        f"the summary `{op.tag}` reads `{name}` in the run that updates it (TF1 reads it before or "
                        "after the update, as its executor schedules the read)",
                        call,
                    )

    # --------------------------------------------------------------------------------------- output
    def finish(self) -> None:
        """Every use of a writer, a summary group or a fetched summary must be one planned here. Each group is
        traced or not, once every run that fetches it is known; then its calls are written."""
        for group in self.groups.values():
            group.traced = (group.looped or group.traced_only()) and group.traceable()
        for written in self.calls:
            group = written.group
            written.put(f"{group.name}({written.traced if group.traced else written.plain})")
        for name, count in self.values.items():
            if self.program.binds.get(name, 0) != count:
                where = next(n for n in descendants(self.program.module) if isinstance(n, cst.Name) and n.value == name)
                raise self.deny(f"`{name}` holds a fetched summary and is bound in other ways too", where)
        watched = self.writers | set(self.groups) | set(self.values)
        if not watched:
            return
        allowed: set[cst.CSTNode] = set()
        for statement in self.handled:
            allowed |= set(descendants(statement))
        for call in self.fetches:
            allowed |= set(descendants(call))
        for node in descendants(self.program.module):
            if isinstance(node, cst.Name) and node.value in watched and node not in allowed | self.targets:
                raise self.deny(f"`{node.value}` {self._uses(node.value)}", node)

    def _uses(self, name: str) -> str:
        if name in self.writers:
            return "(a tf.summary.FileWriter) is used beyond add_summary/add_graph/flush/close"
        if name in self.groups:
            return "(a summary op) is used beyond Session.run fetches"
        return "(a fetched summary) is used beyond FileWriter.add_summary"

    def _function(self, group: Group) -> list[cst.BaseStatement]:
        """``def merged(x, y)`` returning the group's summary protos, made eagerly by ``tf.compat.v1.summary``. A
        group of scalars and histograms fetched in a loop is a ``tf.function`` instead, built of the ops TF1's
        ``tf.summary.scalar`` / ``histogram`` built (``tf.raw_ops.ScalarSummary`` / ``HistogramSummary``, the tag
        given as is: a name scope in a traced graph would make it unique against the graph's op names): evaluating
        the forward graph and the protos eagerly at every step cost 3-6x the TF1 program's CPU time. A group holding
        an image summary is always one (``tf.raw_ops.ImageSummary`` runs only traced)."""
        tf = self.proof.tf
        if group.traced:
            values = [self._raw_op(op) for op in group.ops]
        else:
            values = [f"{tf}.compat.v1.summary.{op.kind}({json.dumps(op.tag)}, {self._value(op)})" for op in group.ops]
        body = (
            f"    return [{values[0]}]\n"
            if len(values) == 1
            else "    return [\n" + "".join(f"        {v},\n" for v in values) + "    ]\n"
        )
        decorator = f"@{tf}.function\n" if group.traced else ""
        return [cst.parse_statement(f"{decorator}def {group.name}({', '.join(self._params(group))}):\n{body}")]

    def _raw_op(self, op: Op) -> str:
        """The op TF1's summary function built, its tag given as is."""
        name, tag = RAW_OPS[op.kind]
        if op.kind == "image":
            return (
                f"{self.proof.tf}.raw_ops.{name}({tag}={json.dumps(op.tag)}, tensor={self._value(op)}, "
                f"max_images={op.max_outputs})"
            )
        return f"{self.proof.tf}.raw_ops.{name}({tag}={json.dumps(op.tag)}, values={self._value(op)})"

    def _value(self, op: Op) -> str:
        replacements = {}
        for name in loaded_names(op.value):
            node = op.nodes.get(name.value)
            if node is None:
                continue
            if node.kind == "tensor" and self.program.shared.get(node.name) is not node:  # shared_draws.py
                replacements[name] = f"{node.func}({', '.join(node.params)})"
            elif node.kind == "placeholder":
                replacements[name] = f"{self.proof.tf}.cast({node.name}, {node.dtype})"
        from tfmigrate.transforms.session.proof import substitute

        return self.program.module.code_for_node(substitute(op.value, replacements))

    def _switched_off(self, group: Group, feeds: dict[str, cst.BaseExpression], call: cst.Call) -> None:
        """A summary over dropouts a ``training`` flag turns on draws nothing in a run that leaves the flag False
        (fed False or not fed: its default), so its eager function computes what the run computed."""
        for op in group.ops:
            for flag in sorted(op.flags):
                fed = feeds.get(flag)
                if not (isinstance(fed, cst.Name) and fed.value == "False"):
                    raise self.deny(
                        f"the summary `{op.tag}` reads dropouts `{flag}` may turn on in this run (eager code draws "
                        "again)",
                        call,
                    )

    def _params(self, group: Group) -> list[str]:
        needed: set[str] = set()
        for op in group.ops:
            for node in op.nodes.values():
                needed |= set(self.proof.needs(node))
        return [name for name in self.program.order if name in needed]

    # --------------------------------------------------------------------------------------- tags
    def _tag(self, call: cst.Call) -> str:
        tag = self.tags.get(call)
        if tag is None:
            raise self.deny("a summary inside a scope whose name tfmigrate cannot tell", call)
        leaf = re.sub(r"_\d+$", "", tag.rsplit("/", 1)[-1]).lower()
        if leaf in DEFAULT_NAMES and call not in self.exact:
            why = op_makers.may_build(self.program, leaf, HOST_LIBRARIES)
            if why is not None:
                raise self.deny(
                    f"the summary name `{leaf}` may meet a TensorFlow op's default name (TF1 renames it){why}", call
                )
        return tag

    def _tags(self) -> dict[cst.Call, str | None]:
        """Each summary op's TF1 tag: its cleaned name under the enclosing name scopes, made unique against the
        scopes, ``name=`` arguments and summaries built before it, as ``tf.Graph.unique_name`` did (``loss_1``
        after a ``Loss`` scope); None inside a scope whose name cannot be told."""
        tags: dict[cst.Call, str | None] = {}
        used: dict[str, int] = {}
        names = _ScopeNames(self.program)

        def full(prefix: str, name: str) -> str:
            return f"{prefix}/{name}" if prefix else name

        def walk(statements, prefix: str | None) -> None:
            for statement in statements:
                if isinstance(statement, cst.With):
                    scope = scope_name(self.program, statement) or variable_scopes.literal_scope(
                        self.program, statement
                    )
                    inner = prefix
                    if prefix is not None and scope is not None:
                        inner = unique_name(used, full(prefix, scope))
                    elif any(
                        self.program.tf_path(i.item.func) in VARIABLE_SCOPES
                        for i in statement.items
                        if isinstance(i.item, cst.Call)
                    ):
                        inner = None
                    if inner is not None and inner != prefix:
                        names.exact.add(inner)  # a scope of its own: nothing in it yet
                    walk(statement.body.body, inner)
                elif isinstance(statement, cst.SimpleStatementLine):
                    produced: dict[cst.CSTNode, str | None] = {}  # a call or operator -> its op's name, if certain
                    for call in _post_order(statement, names.operator):
                        exact = prefix is not None and prefix in names.exact
                        if not isinstance(call, cst.Call):
                            key = names.operator_key(call)
                            taken = names.take(used, prefix, SCOPE_NAMES.get(key) if key else None, full)
                            produced[call] = _scoped(prefix, _op_name(key, taken)) if exact else None
                            continue
                        path = self.program.tf_path(call.func)
                        if path is None:
                            names.foreign(call, prefix)
                            continue
                        if path in OPS:
                            first = argument(call, 0, "name")
                            literal = literal_string(first.value) if first is not None else None
                            if first is not None and literal is None and _names_a_tensor(first.value):
                                literal = self.given[call] = self._named_after(first.value)
                            if prefix is None or literal is None:
                                tags[call] = None
                                continue
                            cleaned = INVALID_TAG.sub("_", literal).lstrip("/")
                            tags[call] = unique_name(used, full(prefix, cleaned)) if cleaned else None
                            if prefix in names.exact:
                                self.exact.add(call)
                            continue
                        named = argument(call, NAME_POSITIONS.get(path), "name")
                        literal = literal_string(named.value) if named is not None else None
                        produced[call] = None
                        if literal and prefix is not None:
                            unique = unique_name(used, full(prefix, literal))
                            leaf = re.sub(r"_\d+$", "", literal.rsplit("/", 1)[-1]).lower()
                            if path in NAMED and (exact or leaf not in DEFAULT_NAMES):
                                produced[call] = unique
                        key = names.call_key(call, named)
                        listed = SCOPE_NAMES.get(key or "")
                        if named is not None:  # a listed op that takes one name takes the one given, nothing else
                            single = path == "placeholder" or (
                                path in NAMED and listed is not None and len(listed) == 1
                            )
                            listed = [] if single else None
                        taken = names.take(used, prefix, listed, full)
                        if named is None and exact:
                            produced[call] = _scoped(prefix, _op_name(key, taken))
                    self._bound_op_names(statement, produced)
                    names.bound(statement)
                else:  # a loop, branch or definition: what it binds there is no longer a known op
                    for bound in Bindings(cst.Module(body=[statement])).sites:
                        self.op_names.pop(bound, None)

        walk(self.program.module.body, "")
        return tags

    def _bound_op_names(self, statement: cst.SimpleStatementLine, produced: dict[cst.CSTNode, str | None]) -> None:
        """``x = tf.pow(a, 2, name="loss")``: ``x`` names a tensor whose op TF1 named ``loss`` (or ``loss_1``...)."""
        for bound in Bindings(cst.Module(body=[statement])).sites:
            self.op_names.pop(bound, None)
        for small in statement.body:
            if isinstance(small, cst.Assign):
                if len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                    name = produced.get(small.value)
                    if name is not None:
                        self.op_names[small.targets[0].target.value] = name

    def _named_after(self, name: cst.BaseExpression) -> str | None:
        """``x.op.name`` -> ``x``'s op name; ``x.name`` -> the name of its first output (``loss:0``)."""
        assert isinstance(name, cst.Attribute)
        tensor = name.value.value if name.attr.value == "name" and isinstance(name.value, cst.Name) else None
        if tensor is not None:
            found = self.op_names.get(tensor)
            return f"{found}:0" if found is not None else None
        owner = name.value
        assert isinstance(owner, cst.Attribute) and isinstance(owner.value, cst.Name)
        return self.op_names.get(owner.value.value)

    def _plan(self, line: cst.CSTNode, message: str) -> None:
        self.proof.plan.notes.append((self.program.line_of(line), message))


def _pure(value: cst.BaseExpression) -> bool:
    from tfmigrate.transforms.session.proof import pure  # proof imports this module

    return pure(value)


def _max_outputs(limit: cst.Arg | None) -> int | None:
    """``max_outputs`` as written: the default, or a literal positive integer (TF1 rejected 0)."""
    if limit is None:
        return MAX_OUTPUTS
    value = limit.value
    if isinstance(value, cst.Integer) and value.evaluated_value >= 1:
        return int(value.evaluated_value)
    return None


def _names_a_tensor(name: cst.BaseExpression) -> bool:
    """``x.op.name`` or ``x.name``: a summary named after the tensor it summarises (a loop over tensors)."""
    if not (isinstance(name, cst.Attribute) and name.attr.value == "name"):
        return False
    owner = name.value
    if isinstance(owner, cst.Name):
        return True
    return isinstance(owner, cst.Attribute) and owner.attr.value == "op" and isinstance(owner.value, cst.Name)


def _op_name(key: str | None, taken: list[str] | None) -> str | None:
    """The name TF1 gave the op a call returns: its cased name (``Mean``) with the suffix its scope added."""
    found = OP_NAMES.get(key or "")
    if found is None or taken is None or found[0] >= len(taken):
        return None
    index, base = found
    unique = taken[index]
    return base + unique[len(base) :] if unique.lower().startswith(base.lower()) else None


def _scoped(prefix: str | None, name: str | None) -> str | None:
    return None if prefix is None or name is None else f"{prefix}/{name}" if prefix else name


def _post_order(node: cst.CSTNode, operator: Callable[[cst.CSTNode], bool] | None = None):
    """Calls in the order Python evaluates them (arguments before the call): the order TF1 created the ops; with
    ``operator``, the operations on tensors it picks out too."""
    for child in children(node):
        yield from _post_order(child, operator)
    if isinstance(node, cst.Call) or (operator is not None and operator(node)):
        yield node


class _ScopeNames:
    """The names ops take in each name scope, where every statement in the scope is a call or operator of
    tf_scope_names.json (tools/gen_scope_names.py): there a summary's tag is TF1's even where its name is an op's
    default name (``tf.summary.scalar('mean', tf.reduce_mean(var))`` in a ``summaries`` scope: ``summaries/mean_1``).
    A scope with anything else in it (a helper call, an unlisted op, a value of unknown kind) is not exact."""

    def __init__(self, program) -> None:
        self.program = program
        self.exact: set[str] = {""}
        self.tensors: set[str] = set()  # names bound to graph values so far
        self.hosts: set[str] = set()  # names bound to Python values so far
        self.libraries = {  # ``import numpy as np``: names bound to Python libraries that build no graph
            alias.evaluated_alias or alias.evaluated_name
            for statement in program.module.body
            if isinstance(statement, cst.SimpleStatementLine)
            for small in statement.body
            if isinstance(small, cst.Import)
            for alias in small.names
            if alias.evaluated_name.split(".")[0] in HOST_LIBRARIES
        }

    def tensor(self, node: cst.CSTNode) -> bool | None:
        """A graph value (True), a Python value (False), or unknown (None)."""
        if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
            return False
        if isinstance(node, cst.Name):
            return True if node.value in self.tensors else False if node.value in self.hosts else None
        if isinstance(node, cst.Call):
            return True if self.program.tf1_path(node.func) else False if self._foreign(node) else None
        if isinstance(node, cst.BinaryOperation):
            sides = (self.tensor(node.left), self.tensor(node.right))
            return True if True in sides else False if sides == (False, False) else None
        if isinstance(node, cst.UnaryOperation):
            return self.tensor(node.expression)
        return None

    def operator(self, node: cst.CSTNode) -> bool:
        """An operation the walk must count: on a graph value, or on a value whose kind is unknown."""
        if isinstance(node, cst.BinaryOperation) or (
            isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus)
        ):
            return self.tensor(node) is not False
        return isinstance(node, cst.Subscript) and self.tensor(node.value) is not False

    def operator_key(self, node: cst.CSTNode) -> str | None:
        """``op:sub`` for ``a - b`` on a graph value: the key of its names in tf_scope_names.json."""
        if self.tensor(node) is not True:
            return None
        if isinstance(node, cst.UnaryOperation):
            return "op:neg"
        if isinstance(node, cst.BinaryOperation):
            name = OPERATORS.get(type(node.operator))
            return f"op:{name}" if name else None
        return None

    def call_key(self, call: cst.Call, named: cst.Arg | None = None) -> str | None:
        """The call's key in tf_scope_names.json, its ``name`` argument (``named``) left out."""
        path = self.program.tf1_path(call.func)
        args = [a for a in call.args if a is not named]
        positional = sum(1 for a in args if a.keyword is None and not a.star)
        if any(a.star for a in args):
            return None
        keywords = ",".join(sorted(a.keyword.value for a in args if a.keyword is not None))
        return f"{path}/{positional}/{keywords}"

    def take(self, used: dict[str, int], prefix: str | None, names: list[str] | None, full) -> list[str] | None:
        """The names the call takes, each made unique in ``prefix`` (None where they are not known)."""
        if prefix is None:
            return None
        if names is None:
            self.exact.discard(prefix)
            return None
        return [unique_name(used, full(prefix, name)).rsplit("/", 1)[-1] for name in names]

    def foreign(self, call: cst.Call, prefix: str | None) -> None:
        """A call of no TensorFlow function: a builtin or another module's function builds no op; anything else
        (the program's own function, a method of a graph value) may."""
        if not self._foreign(call) and prefix is not None:
            self.exact.discard(prefix)

    def _foreign(self, call: cst.Call) -> bool:
        """A builtin's or another module's function (``np.linspace``): it builds no op."""
        root = call.func
        while isinstance(root, cst.Attribute):
            root = root.value
        return isinstance(root, cst.Name) and (
            root.value in self.libraries or host_builtins.builtin(self.program, root, PYTHON_BUILTINS)
        )

    def bound(self, statement: cst.SimpleStatementLine) -> None:
        for small in statement.body:
            if not isinstance(small, cst.Assign):
                continue
            kind = self.tensor(small.value)
            for target in small.targets:
                if isinstance(target.target, cst.Name):
                    name = target.target.value
                    self.tensors.discard(name)
                    self.hosts.discard(name)
                    if kind is True:
                        self.tensors.add(name)
                    elif kind is False:
                        self.hosts.add(name)


Build = Callable[[cst.SimpleStatementLine], list[cst.BaseStatement]]
