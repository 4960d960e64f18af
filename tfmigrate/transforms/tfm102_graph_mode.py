"""TFM102: a TF1 program that builds graphs for a Session needs TF1's behaviour (graph mode first) back in TF2."""

from __future__ import annotations

import re
from typing import cast

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from tfmigrate.cstfields import children, nodes
from tfmigrate.facts import Facts
from tfmigrate.transforms import _graph_semantics as semantics
from tfmigrate.transforms._tf1 import (
    COMPAT,
    COMPAT_V1,
    TF,
    after_imports,
    dotted,
    fate,
    is_import_line,
    may_name,
    module_bindings,
    short_v1_path,
    tf_binding,
)
from tfmigrate.transforms.base import Transform

# TF1 names (relative to tf / tf.compat.v1) that only work when the program runs in graph mode.
GRAPH_MODE_NAMES = frozenset(
    {
        "Session",
        "InteractiveSession",
        "placeholder",
        "placeholder_with_default",
        "sparse_placeholder",
        "global_variables_initializer",
        "initialize_all_variables",
        "local_variables_initializer",
        "initialize_local_variables",
        "tables_initializer",
        "variables_initializer",
        "gradients",
        "train.Saver",
        "train.start_queue_runners",
        "train.QueueRunner",
        "train.add_queue_runner",
        "train.MonitoredTrainingSession",
        "train.MonitoredSession",
        "train.SingularMonitoredSession",
        "train.Supervisor",
        "train.string_input_producer",
        "train.slice_input_producer",
        "train.input_producer",
        "train.batch",
        "train.shuffle_batch",
        "train.import_meta_graph",
        "data.make_one_shot_iterator",
        "data.make_initializable_iterator",
        # graph-only APIs a script may use without any placeholder or Session: they raise in eager mode
        "summary.FileWriter",
        "summary.merge_all",
        "summary.merge",
        "get_default_graph",
    }
)
SWITCHES = frozenset({"disable_eager_execution", "disable_v2_behavior"})
# The switch inserted: TF1's behaviour, not graph mode alone. Under disable_eager_execution() TF2 behaviour stays on:
# legacy-Keras layers and cells (tf.compat.v1.layers, nn.rnn_cell) then draw initial weights the graph seed does not
# fix (a seeded program printed other numbers each run), and resource variables and control flow v2 build other ops
# than TF1 did, so the ops the graph seed numbers get other seeds. Ref variables, TF1 shapes (Dimension.value),
# control flow v1 and tensor equality by identity come with it: what the TF1 program was written for.
SWITCH = "disable_v2_behavior"
# Module-level TensorFlow calls that work the same before and after the switch (flags, logging, app.run).
MODE_FREE = ("app.", "flags.", "logging.", "dtypes.", "compat.v1.app.", "compat.v1.flags.", "compat.v1.logging.")
# Setup lines that belong to the import block: the switch goes after them, never between them.
SETUP_ROOTS = frozenset({"os", "sys", "warnings", "logging", "matplotlib", "site"})
TENSOR_NAME = re.compile(r"([\w./-]+):\d+")
FOLLOW_UP = (
    "{where} builds TF1 graphs for a Session ({reason}) but this module has no entry point: call "
    f"tf.compat.v1.{SWITCH}() at the start of the program that imports it"
)
# tf.Variable is TF2's class, a resource variable whatever the switch: the notes say why it becomes tf.compat.v1's.
RESOURCE_NOTE = (
    "fetches variable {name!r} by tensor name: TF2 variables are resource variables whose tensor is a handle, "
    f"so tf.compat.v1.Variable (a ref variable under {SWITCH}()) keeps the TF1 value"
)
RACE_NOTE = (
    "fetches variable {name!r} in the same run as an update of it: TF1 (ref variables) returns the updated "
    "value, TF2 resource variables the old one or the new one by chance, so tf.compat.v1.Variable (a ref variable "
    f"under {SWITCH}()) keeps the TF1 value"
)
INITIALIZED_NOTE = (
    "reads Variable.initialized_value(), which TF2 resource variables do not implement (NotImplementedError): "
    f"tf.compat.v1.Variable (a ref variable under {SWITCH}()) keeps TF1's behaviour"
)
NO_SESSION_NOTE = (
    "no Session: the program only builds a graph (nothing runs it), so it keeps graph mode, where its prints show "
    "graph objects and names as TF1 did; to run it eagerly, turn the model into a function called on data by hand"
)
# A module that imports no TensorFlow anywhere: its `tf.` names are unresolved (a name it never defines, an import
# lost in a docstring), so nothing here shows they are TensorFlow's. Importing tensorflow would resolve them only on a
# second run, whose renames (TFM101) then change the output again: the first run has to be the fixpoint.
UNIMPORTED_NOTE = (
    "this module builds TF1 graphs for a Session ({reason}) but never imports tensorflow: import it and call "
    f"tf.compat.v1.{SWITCH}() before building the graph"
)
# TensorFlow names of something that runs a graph (a program with none of them only builds one).
RUNNERS = ("Session", "Supervisor", "estimator", "keras", "learn", "slim")
# ... but Keras layers (what TFM103 writes for tf.layers; ``keras`` alone is the prefix of their path): called on a
# graph tensor, they only build ops.
KERAS_LAYERS = "keras.layers"
# Attributes and keywords of a Session-less TF1 program's graph reads (the semantic gate, _graph_semantics).
SEMANTIC_ATTRIBUTES = semantics.TENSOR_ATTRIBUTES | {"value", "reuse_variables"} | semantics.COLLECTION_CALLS
# Builtins that write a value's repr or str: of a graph tensor, TF1's symbolic ``Tensor("add:0", ...)``.
PRINTERS = frozenset({"print", "str", "repr", "format"})
# Methods whose result is an op that writes variables when run.
UPDATES = frozenset({"minimize", "apply_gradients", "assign", "assign_add", "assign_sub"})


def _names_in(module: cst.Module) -> list[cst.CSTNode]:
    """Every Name and Attribute of the module, imports included (``from tensorflow.keras import ...``)."""
    return [node for node in nodes(module) if isinstance(node, (cst.Name, cst.Attribute))]


def _callee(decorator: cst.BaseExpression) -> cst.BaseExpression:
    """``tf.function`` for ``@tf.function`` and ``@tf.function(jit_compile=True)``."""
    return decorator.func if isinstance(decorator, cst.Call) else decorator


def _is_main_guard(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.If) and m.matches(
        node.test,
        m.Comparison(
            left=m.Name("__name__"),
            comparisons=[
                m.ComparisonTarget(
                    operator=m.Equal(), comparator=m.SimpleString('"__main__"') | m.SimpleString("'__main__'")
                )
            ],
        ),
    )


def _is_setup(stmt: cst.CSTNode) -> bool:
    """``os.environ[...] = ...``, ``sys.path.append(...)``, ``warnings.filterwarnings(...)``: not TensorFlow."""
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    for small in stmt.body:
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            continue
        if isinstance(small, cst.Assign):
            targets: list[cst.BaseExpression] = [t.target for t in small.targets]
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            targets = [small.value.func]
        else:
            return False
        for target in targets:
            while isinstance(target, (cst.Subscript, cst.Attribute)):
                target = target.value
            if not (isinstance(target, cst.Name) and target.value in SETUP_ROOTS):
                return False
    return True


def _calls_by_function(module: cst.Module) -> dict[str, set[str]]:
    """Each top-level function's or class's name -> the plain names it calls."""
    out: dict[str, set[str]] = {}
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            out[stmt.name.value] = {
                c.func.value for c in nodes(stmt) if isinstance(c, cst.Call) and isinstance(c.func, cst.Name)
            }
    return out


def _module_level_call_nodes(stmt: cst.CSTNode) -> list[cst.Call]:
    """The calls a module-level statement makes when it runs: nested and chained ones, not those of a nested
    definition or lambda (they run only when called)."""
    found: list[cst.Call] = []
    stack: list[cst.CSTNode] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call):
            found.append(node)
        stack.extend(c for c in children(node) if not isinstance(c, (cst.FunctionDef, cst.ClassDef, cst.Lambda)))
    return found


class GraphMode(Transform):
    """Switch TF1's behaviour (graph mode first) back on in TF1 programs that run graphs in a Session.

    What it does:
        When a module builds graphs for a ``Session`` (placeholders, ``feed_dict``, ``Session.run``,
        ``InteractiveSession``, initializer ops, queue runners, ``tf.compat.v1.train.Saver``, ``minimize`` of a
        tensor loss, ``FileWriter`` with the default graph, ...) and runs them itself, it inserts
        ``tf.compat.v1.disable_v2_behavior()`` once at the program's entry point: after the imports and
        their setup lines when module-level code builds graphs, else at the top of the
        ``if __name__ == "__main__":`` block, so that modules importing this one keep eager mode. A module that
        only defines such functions for others gets a follow-up instead; ``tf.gradients`` inside a
        ``@tf.function`` is TF2 code and needs nothing. A program it switches also gets its ``tf.Variable`` as
        ``tf.compat.v1.Variable``, a ref variable like TF1's (TF2's class ignores the switch): a variable fetched
        by tensor name (``sess.run("W:0")``) gives its value, not a handle, updates fetched in one run read each
        other's writes as TF1's did, ``Variable.initialized_value()`` works; the report names the first such read.

    Why:
        TF2 runs eagerly: ``tf.compat.v1.placeholder`` raises, ``Session.run`` of eager tensors fails and
        ``Saver`` refuses to work. The compat names alone do not make a TF1 program run; graph mode does, and
        graph mode alone (``disable_eager_execution()``) is not TF1: legacy-Keras layers and cells
        (``tf.compat.v1.layers.dense``, ``nn.rnn_cell.BasicLSTMCell``) draw initial weights that ignore
        ``set_random_seed``, resource variables and control flow v2 build other ops (so other op seeds),
        variables fetched by name give a handle, dimensions are ints. ``disable_v2_behavior()`` switches all of
        it back, so a seeded program prints the numbers it printed on TF1.

    Example:
        import tensorflow as tf
        x = tf.compat.v1.placeholder(tf.float32, [None])
        with tf.compat.v1.Session() as sess:
            print(sess.run(x * 2, feed_dict={x: [1.0]}))

    Use instead:
        import tensorflow as tf
        tf.compat.v1.disable_v2_behavior()
        x = tf.compat.v1.placeholder(tf.float32, [None])
        ...
        (or rewrite the program for eager execution with tf.function).
    """

    CODE = "TFM102"
    NAME = "graph-mode"
    SUMMARY = "Insert tf.compat.v1.disable_v2_behavior() in TF1 programs that run graphs in a Session."
    SAFE = True
    PRIORITY = 90
    TRIGGERS = (
        "Session",
        "placeholder",
        "feed_dict",
        "initializer",
        "Saver",
        "queue_runner",
        "QueueRunner",
        "gradients",
        "_producer",
        "batch",
        "make_one_shot_iterator",
        "make_initializable_iterator",
        "import_meta_graph",
        "Supervisor",
        "FileWriter",
        "merge",
        "get_default_graph",
        "Optimizer",
        # a Session-less TF1 program's graph reads (_graph_semantics)
        "variable_scope",
        "get_collection",
        "_variables(",
        ".name",
        ".op",
        ".graph",
        ".value",
        # a Session-less TF1 program printing a graph tensor (its repr is TF1's output)
        "print",
        "format",
    )
    BEFORE = (
        "import tensorflow as tf\n"
        "x = tf.compat.v1.placeholder(tf.float32, [None])\n"
        "with tf.compat.v1.Session() as sess:\n"
        "    print(sess.run(x * 2, feed_dict={x: [1.0]}))\n"
    )
    AFTER = (
        "import tensorflow as tf\n"
        "tf.compat.v1.disable_v2_behavior()\n"
        "x = tf.compat.v1.placeholder(tf.float32, [None])\n"
        "with tf.compat.v1.Session() as sess:\n"
        "    print(sess.run(x * 2, feed_dict={x: [1.0]}))\n"
    )

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """Acts only on a module with a graph site: a ``feed_dict=`` keyword, a TF1 name in GRAPH_MODE_NAMES or
        a TF1 optimizer (whose ``minimize`` may take a tensor); the switches only ever suppress the change."""
        return (
            "feed_dict" in facts.keywords
            or may_name(facts, _graph_name, short_v1_path)
            or (
                bool(facts.attrs & SEMANTIC_ATTRIBUTES or "reuse" in facts.keywords or _prints(facts))
                and may_name(facts, compat_only)
            )
        )

    def edits(self, model) -> str | None:
        """The library-module case (a follow-up, no edit) decided on the ast model (_graph_mode_edits)."""
        from tfmigrate.transforms._graph_mode_edits import plan

        return plan(self, model)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.graph_sites: list[tuple[cst.CSTNode, str, str | None, str]] = []  # node, where, function, reason
        self.site_definitions: set[str] = set()  # top-level functions and classes holding a graph site
        self.definition: str | None = None
        self.switched = False
        self.eager_only = False
        self.branches: list[tuple[str, bool, cst.If]] = []  # each enclosing ``if``'s test, under it (not else), it
        self.site_branches: dict[cst.CSTNode, tuple[tuple[str, bool, cst.If], ...]] = {}  # graph site -> its ifs
        self.guard: cst.If | None = None
        self.in_guard = False
        self.in_import = False
        self.functions: list[str] = []
        self.traced: list[bool] = []  # per enclosing function: decorated with tf.function
        self.depth = 0  # function/lambda nesting
        self.graph_blocks: list[bool] = []  # per enclosing `with`: whether it enters a graph of its own
        self.tree = cst.Module(body=[])
        self.never_run_lines: set[int] | None = None
        self.dead_lines: set[int] | None = None
        self.own_graph_sites: set[cst.CSTNode] = set()  # graph sites inside a `with` entering a graph of its own
        self.module_tf_call = False
        self.optimizers: set[str] = set()
        self.variable_names: set[str] = set()
        self.fetched: list[tuple[cst.CSTNode, str]] = []
        self.variables: set[str] = set()  # names bound to tf.Variable / tf.get_variable
        self.updates: set[str] = set()  # names bound to an op that writes variables (optimizer.minimize(...))
        self.racy: tuple[cst.CSTNode, str] | None = None
        self.initialized_value: cst.CSTNode | None = None
        # graph reads of a Session-less TF1 program (_graph_semantics): sites only when nothing else is one
        self.semantic_sites: list[tuple[cst.CSTNode, str, str | None, str]] = []
        self.semantic_definitions: set[str] = set()
        self.tensors: dict[str, bool] = {}  # names bound to a TensorFlow op's result -> whether a variable
        self.tensor_functions: set[str] = set()  # top-level functions returning an op's result (``build(x)``)
        self.built: set[str] = set()  # names bound to an own function's or class's result built over a tensor
        self.eager_or_own_graph = False
        self.tf1_only = False  # a name TF2 only has under tf.compat.v1 (get_variable, variable_scope, ...)

    # ---- what the module does -------------------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        self.tree, self.never_run_lines, self.dead_lines = node, None, None
        self.own_calls, self.app_run = self._module_level_calls(node)
        self.calls_by_function = _calls_by_function(node)

    @staticmethod
    def _module_level_calls(module: cst.Module) -> tuple[set[str], bool]:
        """Own functions and classes called by module-level statements, and whether ``app.run`` is.

        A call anywhere in a module-level statement counts, not only a statement's own call: a script whose only
        entry is ``Model(2).train(xs, ys)`` (held-out set 18) or ``print(evaluate(build()))`` runs the graph code
        when executed as much as one with ``model = Model(2)``. Definitions, lambdas and the ``__main__`` guard (its
        own entry point) are not module-level statements."""
        own = {s.name.value for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
        called: set[str] = set()
        app_run = False
        for stmt in module.body:
            if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) or _is_main_guard(stmt):
                continue
            for call in _module_level_call_nodes(stmt):
                func = call.func
                if isinstance(func, cst.Name) and func.value in own:
                    called.add(func.value)
                if (
                    isinstance(func, cst.Attribute)
                    and func.attr.value == "run"
                    and m.matches(func.value, m.Name("app") | m.Attribute(attr=m.Name("app")))
                ):
                    app_run = True
        return called, app_run

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self.depth == 0 and self.definition is None:
            self.definition = node.name.value

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if self.depth == 0 and self.definition == original_node.name.value:
            self.definition = None
        return updated_node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.depth == 0 and self.definition is None:
            self.definition = node.name.value
        self.depth += 1
        self.functions.append(node.name.value)
        self.traced.append(any("function" in self._tf_paths(_callee(d.decorator)) for d in node.decorators))

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        if self.depth == 1 and any(
            isinstance(r, cst.Return) and r.value is not None and self._tensor_value(r.value) is not None
            for r in nodes(original_node.body)
        ):
            self.tensor_functions.add(original_node.name.value)
        self.depth -= 1
        self.functions.pop()
        self.traced.pop()
        if self.depth == 0 and self.definition == original_node.name.value:
            self.definition = None
        return updated_node

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.depth += 1

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.BaseExpression:
        self.depth -= 1
        return updated_node

    def visit_With(self, node: cst.With) -> None:
        self.graph_blocks.append(self._new_graph(node))

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.BaseStatement:
        self.graph_blocks.pop()
        return updated_node

    def _new_graph(self, node: cst.With) -> bool:
        """Whether ``node`` enters a graph of its own (``with tf.Graph().as_default():``, or the graph of a Session
        a kept function is given: ``with sess.graph.as_default():``)."""
        for item in node.items:
            call = item.item
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
                continue
            graph = call.func.value
            if call.func.attr.value == "as_default" and m.matches(graph, m.Attribute(m.Name(), m.Name("graph"))):
                return True
            if call.func.attr.value == "as_default" and isinstance(graph, cst.Call):
                if "Graph" in {path.rsplit(".", 1)[-1] for path in self._tf_paths(graph.func)}:
                    return True
        return False

    def visit_If(self, node: cst.If) -> None:
        if self.depth == 0 and self.guard is None and _is_main_guard(node):
            self.guard = node
            self.in_guard = True

    def leave_If(self, original_node: cst.If, updated_node: cst.If) -> cst.BaseStatement:
        if original_node is self.guard:
            self.in_guard = False
        return updated_node

    def visit_If_body(self, node: cst.If) -> None:
        self.branches.append((self.tree.code_for_node(node.test), True, node))

    def leave_If_body(self, node: cst.If) -> None:
        self.branches.pop()

    def visit_If_orelse(self, node: cst.If) -> None:
        self.branches.append((self.tree.code_for_node(node.test), False, node))

    def leave_If_orelse(self, node: cst.If) -> None:
        self.branches.pop()

    def _where(self) -> str:
        return "guard" if self.in_guard and self.depth == 0 else "module" if self.depth == 0 else "function"

    def _runs_graph(self, module: cst.Module) -> bool:
        """Whether anything in the module may run the graph it builds: a Session, a Supervisor, an Estimator,
        Keras; a program with none (held-out set 8: a scoped network built twice, its variables' names printed)
        only builds one."""
        return any(_runner(path) for node in _names_in(module) for path in self._tf_paths(node))

    def _tf_paths(self, node: cst.CSTNode) -> set[str]:
        paths = set()
        for name in self.qualified_names(node):
            path = short_v1_path(name)
            if path is not None:
                paths.add(path)
        return paths

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._note(node)
        attr = node.attr.value
        if attr == "as_default":
            self.eager_or_own_graph = True
        elif attr in semantics.TENSOR_ATTRIBUTES and isinstance(node.value, cst.Name):
            variable = self.tensors.get(node.value.value)
            if variable is not None and (not variable or attr in semantics.VARIABLE_ATTRIBUTES):
                self._semantic_site(node, f"{node.value.value}.{attr}, undefined when eager")
        elif attr == "value" and isinstance(node.value, cst.Subscript):
            shape = node.value.value
            if m.matches(shape, m.Attribute(attr=m.Name("shape")) | m.Call(func=m.Attribute(attr=m.Name("get_shape")))):
                self._semantic_site(node, "Dimension.value, an int when eager")

    def visit_Name(self, node: cst.Name) -> None:
        self._note(node)

    def _note(self, node: cst.CSTNode) -> None:
        paths = self._tf_paths(node)
        if not paths:
            return
        graph = sorted(paths & GRAPH_MODE_NAMES)
        if graph == ["gradients"] and any(self.traced):
            graph = []  # tf.gradients works inside a tf.function in TF2
        if graph:
            self._site(node, f"tf.{graph[0]}")
        last = {p.rsplit(".", 1)[-1] for p in paths}
        if last & SWITCHES:
            self.switched = True
        if last & semantics.EAGER_OR_OWN_GRAPH:
            self.eager_or_own_graph = True
        if not self.tf1_only and any(compat_only(p) for p in paths):
            self.tf1_only = True

    def _site(self, node: cst.CSTNode, reason: str) -> None:
        if self._kept_by_eager_rewrite(node):
            return
        self.graph_sites.append((node, self._where(), self.functions[-1] if self.functions else None, reason))
        self.site_branches[node] = tuple(self.branches)
        if any(self.graph_blocks):
            self.own_graph_sites.add(node)
        if self.definition is not None:
            self.site_definitions.add(self.definition)

    def _kept_by_eager_rewrite(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` is TF1 code TFM201's eager rewrite kept on purpose: a function nothing calls, kept in a
        graph of its own, or a branch on a module constant that never runs (NEVER_RUN). Neither needs the switch,
        and neither makes the module "mix" Session and eager code."""
        from tfmigrate.transforms.session import EAGER_REWRITTEN

        if not self.context.scratch.get(EAGER_REWRITTEN):
            return False
        return any(self.graph_blocks) or self.line_of(node) in self._never_run_lines()

    def _never_run_lines(self) -> set[int]:
        """The lines of the branches TFM201 kept because they never run."""
        from tfmigrate.transforms.session import never_run_lines

        if self.never_run_lines is None:
            self.never_run_lines = never_run_lines(self.tree.code, self.context.scratch)
        return self.never_run_lines

    def _apart(self, node: cst.CSTNode) -> bool:
        """Whether ``node``, read in a module with eager code, stands in a graph of its own or in a branch on a
        module constant that never runs (dead_code.never_run): TFM201's output read again, where no eager rewrite
        says so (``_kept_by_eager_rewrite``). Such code needs no switch and mixes nothing with the eager code (a
        second run adds no follow-up)."""
        from tfmigrate.transforms._never_run import dead_lines

        if node in self.own_graph_sites:
            return True
        if self.dead_lines is None:
            self.dead_lines = dead_lines(self.tree.code)
        return self.line_of(node) in self.dead_lines

    def _semantic_site(self, node: cst.CSTNode, reason: str) -> None:
        self.semantic_sites.append((node, self._where(), self.functions[-1] if self.functions else None, reason))
        if self.definition is not None:
            self.semantic_definitions.add(self.definition)

    def visit_Assign(self, node: cst.Assign) -> None:
        names = {t.target.value for t in node.targets if isinstance(t.target, cst.Name)}
        for name in names:
            self.tensors.pop(name, None)
        self.built -= names
        variable = self._tensor_value(node.value)
        if variable is not None:
            self.tensors.update(dict.fromkeys(names, variable))
        elif self._built_over_tensors(node.value):
            self.built |= names
        if not isinstance(node.value, cst.Call):
            return
        func = node.value.func
        if self._is_optimizer(func):
            self.optimizers.update(names)
        if {p.rsplit(".", 1)[-1] for p in self._tf_paths(func)} & {"Variable", "get_variable"}:
            self.variables.update(names)
        if isinstance(func, cst.Attribute) and func.attr.value in UPDATES:
            self.updates.update(names)

    def _tensor_value(self, value: cst.BaseExpression) -> bool | None:
        """Whether ``value`` is a variable (True), an op's tensor (False: ``tf.add(a, b)``, ``1.0 + v``, ``x[0]``)
        or neither, as far as TensorFlow calls and names bound to them show."""
        if isinstance(value, cst.Call):
            paths = self._tf_paths(value.func)
            if any(semantics.tensor_call(p) for p in paths):
                return any(semantics.variable_call(p) for p in paths)
            if m.matches(value.func, m.Name()) and cast(cst.Name, value.func).value in self.tensor_functions:
                return False  # ``out = build(inputs)``, ``build`` returning ``tf.nn.softmax(net)``
            return None
        if isinstance(value, cst.Name):
            return self.tensors.get(value.value)
        operands: list[cst.BaseExpression] = []
        if isinstance(value, cst.BinaryOperation):
            operands = [value.left, value.right]
        elif isinstance(value, (cst.UnaryOperation, cst.Subscript)):
            operands = [value.expression if isinstance(value, cst.UnaryOperation) else value.value]
        return False if any(self._tensor_value(o) is not None for o in operands) else None

    def _is_optimizer(self, func: cst.BaseExpression) -> bool:
        return any(_optimizer(p) for p in self._tf_paths(func))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        # sess.run(..., feed_dict=...) / tensor.eval(feed_dict=...) identify graph programs whatever the names.
        if any(arg.keyword is not None and arg.keyword.value == "feed_dict" for arg in node.args):
            self._site(node, "feed_dict")
        if self.depth == 0 and not self.in_guard and not self.module_tf_call:
            paths = self._tf_paths(func)
            self.module_tf_call = bool(paths) and not any(p.startswith(MODE_FREE) for p in paths)
        # ``x.numpy()`` only works eagerly: a module mixing it with Sessions cannot simply be switched.
        if m.matches(func, m.Attribute(attr=m.Name("numpy"))) and not node.args:
            self.eager_only = True
        self._note_semantic_call(node)
        self._note_printed(node)
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method == "initialized_value" and not node.args and self.initialized_value is None:
            self.initialized_value = node
        if (
            method == "minimize"
            and node.args
            and not isinstance(node.args[0].value, cst.Lambda)
            and (
                (isinstance(func.value, cst.Name) and func.value.value in self.optimizers)
                or (isinstance(func.value, cst.Call) and self._is_optimizer(func.value.func))
            )
        ):
            # a TF1 optimizer itself is mode-free; minimizing a tensor (not a callable) needs a graph
            self._site(node, "minimize() of a loss tensor")
        if method in ("Variable", "get_variable", "run", "get_tensor_by_name"):
            self._note_names(node, method)
        if method == "run" and self.racy is None:
            self._note_race(node)

    def _note_semantic_call(self, call: cst.Call) -> None:
        """Collections, and variables shared through a scope's reuse: graph mode's, empty or new when eager."""
        last = {p.rsplit(".", 1)[-1] for p in self._tf_paths(call.func)}
        if found := sorted(last & semantics.COLLECTION_CALLS):
            self._semantic_site(call, f"tf.{found[0]}(), empty when eager")
        keywords = {a.keyword.value: dotted(a.value) or "" for a in call.args if a.keyword is not None}
        if "variable_scope" in last and semantics.reuses(keywords):
            self._semantic_site(call, "variable_scope(reuse=...), which shares variables only in graph mode")
        if m.matches(call.func, m.Attribute(attr=m.Name("reuse_variables"))):
            self._semantic_site(call, "reuse_variables(), which shares variables only in graph mode")

    def _built_over_tensors(self, value: cst.BaseExpression) -> bool:
        """``net = SqueezeNet(images)``, ``y = model(x)``: an own function or class called on a tensor."""
        return (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Name)
            and value.func.value in self.calls_by_function
            and any(self._tensor_value(a.value) is not None for a in value.args)
        )

    def _printed_tensor(self, value: cst.BaseExpression) -> str | None:
        """The text of ``value`` when it may be a graph tensor (an op's result, an own function's or class's result
        built over one, an attribute of that: ``net.logits``), else None."""
        base = value.value if isinstance(value, cst.Attribute) else value
        if (self._tensor_value(value) is False) or (
            isinstance(base, cst.Name) and base.value in self.built or self._built_over_tensors(base)
        ):
            return self.tree.code_for_node(value)
        return None

    def _note_printed(self, call: cst.Call) -> None:
        """``print(out)``, ``str(out)``, ``"{}".format(out)`` of a graph tensor: TF1 wrote its symbolic repr
        (``Tensor("Softmax:0", shape=(2, 4), dtype=float32)``), eager code writes its values."""
        func = call.func
        if not (
            (isinstance(func, cst.Name) and func.value in PRINTERS)
            or m.matches(func, m.Attribute(value=m.SimpleString(), attr=m.Name("format")))
        ):
            return
        for arg in call.args:
            shown = self._printed_tensor(arg.value) if arg.keyword is None or arg.keyword.value != "file" else None
            if shown is not None:
                self._semantic_site(call, f"print of graph tensor `{shown}`, its values when eager")
                return

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> None:
        shown = self._printed_tensor(node.expression)
        if shown is not None:
            self._semantic_site(node, f"format of graph tensor `{shown}`, its values when eager")

    def _note_race(self, call: cst.Call) -> None:
        """``sess.run([cost, W, train])``: a variable fetched in the run of an op that updates it."""
        fetches = call.args[0].value if call.args and call.args[0].keyword is None else None
        if not isinstance(fetches, (cst.List, cst.Tuple)):
            return
        names = [e.value.value for e in fetches.elements if isinstance(e.value, cst.Name)]
        fetched = [n for n in names if n in self.variables]
        if fetched and any(n in self.updates for n in names):
            self.racy = (call, fetched[0])

    def _note_names(self, call: cst.Call, method: str) -> None:
        """Variable names given literally, and ``sess.run("W:0")`` fetches of one of them."""
        for arg in call.args:
            literal = arg.value.evaluated_value if isinstance(arg.value, cst.SimpleString) else None
            if not isinstance(literal, str):
                continue
            if method in ("Variable", "get_variable") and (
                arg.keyword is None
                and method == "get_variable"
                or arg.keyword is not None
                and arg.keyword.value == "name"
            ):
                self.variable_names.add(literal)
            elif method in ("run", "get_tensor_by_name") and arg.keyword is None:
                found = TENSOR_NAME.fullmatch(literal)
                if found:
                    self.fetched.append((call, found.group(1)))

    # ---- where the switch goes --------------------------------------------------------------------------
    def _graph_functions(self) -> set[str]:
        """Top-level functions and classes that build graphs themselves or call one that does."""
        found = set(self.site_definitions)
        grew = True
        while grew:
            grew = False
            for name, calls in self.calls_by_function.items():
                if name not in found and calls & found:
                    found.add(name)
                    grew = True
        return found

    def _graph_reads_count(self, module: cst.Module) -> bool:
        """Whether this module's graph reads (semantic sites) call for the switch: TF1 code (a name TF2 only has
        under tf.compat.v1, the ``needs`` gate's test too) without eager idioms, a graph of its own or anything
        that runs a graph, and not the output of TFM201's eager rewrite (what it kept is proven eager)."""
        from tfmigrate.transforms.session import EAGER_REWRITTEN

        return (
            bool(self.semantic_sites)
            and not self.context.scratch.get(EAGER_REWRITTEN)
            and self.tf1_only
            and not self.eager_only
            and not self.eager_or_own_graph
            and not self._runs_graph(module)
        )

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.eager_only:
            self.graph_sites = [site for site in self.graph_sites if not self._apart(site[0])]
        semantic = not self.graph_sites and self._graph_reads_count(original_node)
        if semantic:
            self.graph_sites, self.site_definitions = self.semantic_sites, self.semantic_definitions
        if not self.graph_sites or self.switched:
            return updated_node
        first, _, function, reason = self.graph_sites[0]
        module_level = (
            any(where == "module" for _, where, _, _ in self.graph_sites)
            or self.module_tf_call
            or self.app_run
            or bool(self.own_calls & self._graph_functions())
        )
        if not module_level and self.guard is None:
            if semantic:
                return updated_node  # a library's graph reads: the program that imports it decides
            where = f"{function}()" if function else "this module"
            self.follow_up(first, FOLLOW_UP.format(where=where, reason=reason))
            self._library_notes()
            return updated_node
        if self.eager_only:
            self.follow_up(first, self._mixed())
            return updated_node
        reason = f"{reason} on line {self.line_of(first)}"
        return self._insert_switch(original_node, updated_node, first, reason, module_level)

    def _mixed(self) -> str:
        """Why the module is not switched to graph mode: its Session code and its eager code (``.numpy()``); where
        all that Session code stands in a branch TFM201 kept as written because it never runs, that branch."""
        from tfmigrate.transforms.session import kept_branches

        kept = {(k.test, k.under) for k in self.context.scratch.get(kept_branches.KEY, [])}
        held = [
            {statement for test, under, statement in self.site_branches.get(site[0], ()) if (test, under) in kept}
            for site in self.graph_sites
        ]
        branch = next(iter(held[0])) if held and len(held[0]) == 1 and all(h == held[0] for h in held) else None
        if branch is None:
            return (
                "this module mixes TF1 Session code with eager-only code (.numpy()): disabling eager execution "
                "would break the latter; move one part to the other style"
            )
        return (
            f"TF1 Session code kept as written under `if {self.tree.code_for_node(branch.test)}:` "
            f"(line {self.line_of(branch)}), a branch the eager "
            "rewrite reads as never run and did not migrate (its follow-up says why); the rest of the module runs "
            "eagerly now (.numpy()), so that branch would run no Session: migrate it by hand before it can run"
        )

    def _library_notes(self) -> None:
        """What this module needs besides the program's switch, said where it needs it."""
        fetch = self._variable_fetch()
        if fetch is not None:
            self.follow_up(
                fetch[0],
                _in_library(RESOURCE_NOTE.format(name=fetch[1])),
            )
        elif self.racy is not None:
            self.follow_up(
                self.racy[0],
                _in_library(RACE_NOTE.format(name=self.racy[1])),
            )

    def _variable_fetch(self) -> tuple[cst.CSTNode, str] | None:
        """The first fetch by tensor name of a variable this module names (``sess.run("W:0")``)."""
        return next((f for f in self.fetched if f[1].rsplit("/", 1)[-1] in self.variable_names), None)

    def _needs_ref_variables(self) -> bool:
        """Whether the program reads a variable in a way only TF1's ref variables answer as TF1 did (each such
        read is reported where it is)."""
        fetch = self._variable_fetch()
        if fetch is not None:
            self.change(fetch[0], RESOURCE_NOTE.format(name=fetch[1]))
        elif self.racy is not None:
            self.change(self.racy[0], RACE_NOTE.format(name=self.racy[1]))
        if self.initialized_value is not None:
            self.change(self.initialized_value, INITIALIZED_NOTE)
        return fetch is not None or self.racy is not None or self.initialized_value is not None

    def _insert_switch(
        self, original: cst.Module, module: cst.Module, first: cst.CSTNode, reason: str, module_level: bool
    ) -> cst.Module:
        bindings = module_bindings(module)
        name = tf_binding(module)
        new_lines: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = []
        after = -1
        if name is not None:
            prefix = f"{name}.compat.v1"
            of_name = [b for b in bindings if b.name == name]
            # A late ``import tensorflow as tf`` comes first; a repeated one (a library pasted above its script)
            # does not: TF1 code between the two would run before the switch.
            chosen = min if all(b.target == TF for b in of_name) else max
            after = chosen(b.index for b in of_name if b.target == TF)
        elif compat := [b for b in bindings if b.target == COMPAT_V1]:
            prefix = compat[0].name
            after = compat[0].index
        else:
            if not _imports_tensorflow(original):
                self.follow_up(first, UNIMPORTED_NOTE.format(reason=reason))
                return module
            alias = self._free_alias(original)
            if alias is None:
                self.follow_up(first, f"call tf.compat.v1.{SWITCH}() before building the graph")
                return module
            new_lines.append(
                cst.parse_statement(
                    f"import tensorflow as {alias}\n" if alias != "tensorflow" else "import tensorflow\n"
                )
            )
            prefix = f"{alias}.compat.v1"
            after = max((b.index for b in bindings), default=-1)
        new_lines.append(cst.parse_statement(f"{prefix}.{SWITCH}()\n"))
        # Every tf.Variable of a switched program: TF2's class makes resource variables whatever the switch, and
        # those differ from TF1's even unread by name (updates fetched together read each other's new values).
        if (self._needs_ref_variables() or original.code.count(f"{name}.Variable(")) and name is not None:
            module = module.visit(_CompatVariables(name))
        if module_level:
            body = list(module.body)
            index = after_imports(module, after)
            while index < len(body) and (is_import_line(body[index]) or _is_setup(body[index])):
                index += 1
            body[index:index] = new_lines
            self.change(
                first,
                f"graph-mode program ({reason} needs graph mode): inserted tf.compat.v1.{SWITCH}() after the imports",
                line=self._line_at(original, index),
            )
            if not self._runs_graph(original):
                self.follow_up(first, NO_SESSION_NOTE)
            return module.with_changes(body=body)
        assert self.guard is not None  # leave_Module inserts at module level or in the guard
        position = original.body.index(self.guard)
        guard = module.body[position]
        assert isinstance(guard, cst.If) and isinstance(guard.body, cst.IndentedBlock)
        block = guard.body.with_changes(body=[*new_lines, *guard.body.body])
        self.change(
            first,
            f"graph-mode program ({reason} needs graph mode): inserted tf.compat.v1.{SWITCH}() at the start of "
            '`if __name__ == "__main__":`',
            line=self.line_of(self.guard.body.body[0]),
        )
        body = list(module.body)
        body[position] = guard.with_changes(body=block)
        return module.with_changes(body=body)

    def _free_alias(self, module: cst.Module) -> str | None:
        scope = self.get_metadata(ScopeProvider, module, None)
        for alias in ("tf", "tensorflow"):
            if scope is None or alias not in scope:
                return alias
        return None

    def _line_at(self, module: cst.Module, index: int) -> int:
        if index < len(module.body):
            return self.line_of(module.body[index])
        return self.line_of(module.body[-1]) + 1 if module.body else 1


def _imports_tensorflow(module: cst.Module) -> bool:
    """Whether any import of the module, at any depth (``def main(): import tensorflow as tf``), is TensorFlow's."""
    for node in m.findall(module, m.Import() | m.ImportFrom()):
        if isinstance(node, cst.Import):
            names = [dotted(a.name) or "" for a in node.names]
        else:
            assert isinstance(node, cst.ImportFrom)
            names = [dotted(node.module) or "" if node.module is not None and not node.relative else ""]
        if any(n == TF or n.startswith(f"{TF}.") for n in names):
            return True
    return False


def _in_library(note: str) -> str:
    """A note for a module without an entry point: the switch is the program's, the variable this module's."""
    old = f"tf.compat.v1.Variable (a ref variable under {SWITCH}())"
    assert old in note
    return note.replace(old, f"tf.compat.v1.Variable here (a ref variable under {SWITCH}() in the program)")


def _runner(path: str) -> bool:
    """Whether ``path`` names something that runs a graph (RUNNERS), Keras layers excepted."""
    if path in ("keras", KERAS_LAYERS) or path.startswith(f"{KERAS_LAYERS}."):
        return False
    return any(runner in path for runner in RUNNERS)


def _prints(facts: Facts) -> bool:
    """Whether the module may print or format a value (a graph tensor's repr is TF1's output)."""
    return bool(facts.names & PRINTERS or "format" in facts.attrs)


def _optimizer(path: str) -> bool:
    return path.startswith("train.") and path.endswith("Optimizer")


def compat_only(path: str) -> bool:
    """A name TF2 only has under tf.compat.v1 (``get_variable``, ``variable_scope``): the mark of TF1 code that the
    weaker sites (_graph_semantics) count in, read alike by ``needs``, the rule and the ast plan."""
    return fate(path) == COMPAT


def _graph_name(path: str) -> bool:
    return path in GRAPH_MODE_NAMES or _optimizer(path)


class _CompatVariables(cst.CSTTransformer):
    """``tf.Variable(...)`` -> ``tf.compat.v1.Variable(...)``: TF2's class makes resource variables whatever the
    switch. Only calls: ``isinstance(v, tf.Variable)`` holds for ref and resource variables alike, where
    ``isinstance(v, tf.compat.v1.Variable)`` is False for a resource variable (checked on TF 2.21)."""

    def __init__(self, tf: str) -> None:
        super().__init__()
        self.text = f"{tf}.Variable"
        self.replacement = f"{tf}.compat.v1.Variable"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if dotted(original_node.func) == self.text:
            return updated_node.with_changes(func=cst.parse_expression(self.replacement))
        return updated_node
