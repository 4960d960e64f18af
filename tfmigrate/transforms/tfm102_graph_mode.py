"""TFM102: a TF1 program that builds graphs for a Session needs eager execution switched off in TF2."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from tfmigrate.facts import Facts
from tfmigrate.transforms._tf1 import (
    COMPAT_V1,
    TF,
    after_imports,
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
    }
)
SWITCHES = frozenset({"disable_eager_execution", "disable_v2_behavior"})
FOLLOW_UP = (
    "this module builds TF1 graphs for a Session but has no entry point here: call "
    "tf.compat.v1.disable_eager_execution() at the start of the program that imports it"
)


class GraphMode(Transform):
    """Switch eager execution off in TF1 programs that run graphs in a Session.

    What it does:
        When a module builds graphs for a ``Session`` (placeholders, ``feed_dict``, ``Session.run``,
        ``InteractiveSession``, initializer ops, queue runners, ``tf.compat.v1.train.Saver``, ...) and runs them
        itself (top-level code or an ``if __name__ == "__main__":`` block), it inserts
        ``tf.compat.v1.disable_eager_execution()`` once, right after the imports, using the module's own
        tensorflow binding. A module that only defines such functions for others gets a follow-up instead,
        because the switch belongs in the program's entry point.

    Why:
        TF2 runs eagerly: ``tf.compat.v1.placeholder`` raises, ``Session.run`` of eager tensors fails and
        ``Saver`` refuses to work. The compat names alone do not make a TF1 program run; graph mode does.

    Example:
        import tensorflow as tf
        x = tf.compat.v1.placeholder(tf.float32, [None])
        with tf.compat.v1.Session() as sess:
            print(sess.run(x * 2, feed_dict={x: [1.0]}))

    Use instead:
        import tensorflow as tf
        tf.compat.v1.disable_eager_execution()
        x = tf.compat.v1.placeholder(tf.float32, [None])
        ...
        (or rewrite the program for eager execution with tf.function).
    """

    CODE = "TFM102"
    NAME = "graph-mode"
    SUMMARY = "Insert tf.compat.v1.disable_eager_execution() in TF1 programs that run graphs in a Session."
    SAFE = True
    PRIORITY = 90
    TRIGGERS = ("Session", "placeholder", "feed_dict", "initializer", "Saver", "queue_runner", "QueueRunner",
                "gradients", "_producer", "batch", "make_one_shot_iterator", "make_initializable_iterator",
                "import_meta_graph", "Supervisor")
    BEFORE = (
        "import tensorflow as tf\n"
        "x = tf.compat.v1.placeholder(tf.float32, [None])\n"
        "with tf.compat.v1.Session() as sess:\n"
        "    print(sess.run(x * 2, feed_dict={x: [1.0]}))\n"
    )
    AFTER = (
        "import tensorflow as tf\n"
        "tf.compat.v1.disable_eager_execution()\n"
        "x = tf.compat.v1.placeholder(tf.float32, [None])\n"
        "with tf.compat.v1.Session() as sess:\n"
        "    print(sess.run(x * 2, feed_dict={x: [1.0]}))\n"
    )

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """Acts only on a module with a graph site: a ``feed_dict=`` keyword or a TF1 name in GRAPH_MODE_NAMES
        (the switches only ever suppress the change, so they cannot widen it)."""
        return "feed_dict" in facts.keywords or may_name(facts, GRAPH_MODE_NAMES.__contains__, short_v1_path)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.graph_sites: list[tuple[cst.CSTNode, bool]] = []  # (node, at module level)
        self.switched = False
        self.eager_only = False
        self.has_main_guard = False
        self.runs_itself = False
        self.depth = 0  # function/lambda nesting

    def visit_Module(self, node: cst.Module) -> None:
        self.runs_itself = self._runs_itself(node)

    @staticmethod
    def _runs_itself(module: cst.Module) -> bool:
        """A module-level call of one of its own functions, or of ``app.run``: the module is a program."""
        own = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef)}
        for stmt in module.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                    func = small.value.func
                    if isinstance(func, cst.Name) and func.value in own:
                        return True
                    if isinstance(func, cst.Attribute) and func.attr.value == "run" and m.matches(
                        func.value, m.Name("app") | m.Attribute(attr=m.Name("app"))
                    ):
                        return True
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        self.depth -= 1
        return updated_node

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.depth += 1

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.BaseExpression:
        self.depth -= 1
        return updated_node

    def visit_If(self, node: cst.If) -> None:
        if self.depth == 0 and m.matches(
            node.test,
            m.Comparison(
                left=m.Name("__name__"),
                comparisons=[m.ComparisonTarget(operator=m.Equal(), comparator=m.SimpleString())],
            ),
        ):
            value = node.test.comparisons[0].comparator.evaluated_value  # type: ignore[attr-defined]
            if value == "__main__":
                self.has_main_guard = True

    def _tf_paths(self, node: cst.CSTNode) -> set[str]:
        paths = set()
        for name in self.qualified_names(node):
            path = short_v1_path(name)
            if path is not None:
                paths.add(path)
        return paths

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._note(node)

    def visit_Name(self, node: cst.Name) -> None:
        self._note(node)

    def _note(self, node: cst.CSTNode) -> None:
        paths = self._tf_paths(node)
        if not paths:
            return
        if paths & GRAPH_MODE_NAMES:
            self.graph_sites.append((node, self.depth == 0))
        if {p.rsplit(".", 1)[-1] for p in paths} & SWITCHES:
            self.switched = True

    def visit_Call(self, node: cst.Call) -> None:
        # sess.run(..., feed_dict=...) / tensor.eval(feed_dict=...) identify graph programs whatever the names.
        if any(arg.keyword is not None and arg.keyword.value == "feed_dict" for arg in node.args):
            self.graph_sites.append((node, self.depth == 0))
        # ``x.numpy()`` only works eagerly: a module mixing it with Sessions cannot simply be switched.
        if m.matches(node.func, m.Attribute(attr=m.Name("numpy"))) and not node.args:
            self.eager_only = True

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.graph_sites or self.switched:
            return updated_node
        first = self.graph_sites[0][0]
        at_module_level = any(top for _, top in self.graph_sites)
        if not (at_module_level or self.has_main_guard or self.runs_itself):
            self.follow_up(first, FOLLOW_UP)
            return updated_node
        if self.eager_only:
            self.follow_up(
                first,
                "this module mixes TF1 Session code with eager-only code (.numpy()): disabling eager execution "
                "would break the latter; move one part to the other style",
            )
            return updated_node
        return self._insert_switch(original_node, updated_node, first)

    def _insert_switch(self, original: cst.Module, module: cst.Module, first: cst.CSTNode) -> cst.Module:
        bindings = module_bindings(module)
        name = tf_binding(module)
        body = list(module.body)
        new_lines: list[cst.BaseStatement] = []
        if name is not None:
            call = f"{name}.compat.v1.disable_eager_execution()"
            after = max(b.index for b in bindings if b.name == name and b.target == TF)
        else:
            compat = [b for b in bindings if b.target == COMPAT_V1]
            if compat:
                call = f"{compat[0].name}.disable_eager_execution()"
                after = compat[0].index
            else:
                alias = self._free_alias(original)
                if alias is None:
                    self.follow_up(first, "call tf.compat.v1.disable_eager_execution() before building the graph")
                    return module
                new_lines.append(cst.parse_statement(f"import tensorflow as {alias}\n" if alias != "tensorflow"
                                                     else "import tensorflow\n"))
                call = f"{alias}.compat.v1.disable_eager_execution()"
                after = max((b.index for b in bindings), default=-1)
        new_lines.append(cst.parse_statement(call + "\n"))
        index = after_imports(module, after)
        body[index:index] = new_lines
        self.change(first, "graph-mode program: inserted tf.compat.v1.disable_eager_execution() after the imports",
                    line=self._line_at(original, index))
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
