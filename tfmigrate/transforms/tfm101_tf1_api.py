"""TFM101: every TF1 name becomes the TF2 name of the same object, or its tf.compat.v1 name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import libcst as cst
import libcst.matchers as m
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import Assignment, ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from tfmigrate.cstfields import code as module_code
from tfmigrate.cstfields import nodes
from tfmigrate.model import of_text
from tfmigrate.transforms import _feature_tests as feature_tests
from tfmigrate.transforms import _keras_v1_initializers as keras_v1_initializers
from tfmigrate.transforms import _never_run
from tfmigrate.transforms._call_layout import follow_callee
from tfmigrate.transforms._tf1 import (
    COMPAT,
    COMPAT_V1,
    DIFFERENT,
    SAME,
    TF,
    UNUSABLE,
    add_legacy_keras,
    arg_changes,
    chain,
    constant_call_may_fill,
    dotted,
    fate,
    legacy_keras_message,
    module_bindings,
    table,
    tf_binding,
    through_alias,
    v1_path,
)
from tfmigrate.transforms._tf1_defaults import kept_tf1_default
from tfmigrate.transforms.base import Transform
from tfmigrate.transforms.session import EAGER_REWRITTEN, never_run_lines

# TF2 eager code: a file using these is (partly) migrated already, so its positional arguments are TF2's.
EAGER_IDIOMS = frozenset({"function", "GradientTape", "autodiff.GradientTape"})

# Methods of TF1's DatasetV1 that TF2's Dataset lacks, and the compat functions that take the dataset instead.
DATASET_V1_METHODS = {
    "make_one_shot_iterator": "data.make_one_shot_iterator",
    "make_initializable_iterator": "data.make_initializable_iterator",
}
DATASET_V1_PROPERTIES = {
    "output_types": "data.get_output_types",
    "output_shapes": "data.get_output_shapes",
    "output_classes": "data.get_output_classes",
}

# TF1 functions that did not backpropagate into their ``labels``, unlike their TF2 namesakes.
STOPS_LABEL_GRADIENT = frozenset({"nn.softmax_cross_entropy_with_logits"})
# TF1 paths whose values no trainable variable reaches, and ops that keep that true of their first argument.
CONSTANT_SOURCES = frozenset({"placeholder", "placeholder_with_default", "constant", "zeros", "ones"})
SHAPE_OPS = frozenset(
    {
        "one_hot",
        "cast",
        "to_float",
        "to_int32",
        "to_int64",
        "reshape",
        "squeeze",
        "expand_dims",
        "convert_to_tensor",
        "identity",
    }
)

# Top-level names the table does not list: tf.compat (not walked: it contains the tree again) and those other
# rules own: tf.contrib (TFM104), tf.estimator and tensorflow.examples (TFM305).
NOT_LISTED = frozenset({"compat", "contrib", "estimator", "examples"})


@cache
def _walked() -> frozenset[str]:
    return frozenset(table()["modules"])


@cache
def _v2_only() -> frozenset[str]:
    return frozenset(table()["v2_only"])


def _reported_unknown(path: str) -> bool:
    """A name under a fully listed module that neither TF2 nor tf.compat.v1 has (removed before TF 1.15), not one
    another rule owns, a private one, or one only TF2 has: TFM101 asks a human to replace it."""
    parent, _, name = path.rpartition(".")
    return not (
        name.startswith("_")
        or path.split(".")[0] in NOT_LISTED
        or (parent and parent not in _walked())
        or path in _v2_only()
    )


def _root(node: cst.BaseExpression) -> cst.Name | None:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node if isinstance(node, cst.Name) else None


def _texts(call: cst.Call) -> list[tuple[str | None, str] | None]:
    """The call's arguments as (keyword or None, source text), None for ``*a`` / ``**k``."""
    code = cst.Module(body=[]).code_for_node
    return [None if a.star else (a.keyword.value if a.keyword else None, code(a.value)) for a in call.args]


def _one_minus(value: cst.BaseExpression) -> cst.BaseExpression:
    """``1 - value``, folded for a literal and parenthesised when ``value`` is compound."""
    if isinstance(value, (cst.Integer, cst.Float)):
        folded = round(1 - float(value.evaluated_value), 12)
        return (
            cst.Float(repr(folded))
            if folded != int(folded) or isinstance(value, cst.Float)
            else cst.Integer(str(int(folded)))
        )
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]) if not value.lpar else value
    return cst.BinaryOperation(
        left=cst.Integer("1"),
        operator=cst.Subtract(whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")),
        right=value,
    )


class TF1Api(Transform):
    """Rename TF1 names to TF2 names, or to ``tf.compat.v1``, as the generated API table says.

    What it does:
        Every reference to a TF1 symbol, through any binding (``import tensorflow as tf``, ``import tensorflow``,
        ``from tensorflow import train``, ``import tensorflow.compat.v1 as tf``, ...), becomes the TF2 name of the
        very same object (``tf.random_normal`` -> ``tf.random.normal``) or its ``tf.compat.v1`` name
        (``tf.placeholder`` -> ``tf.compat.v1.placeholder``). Under ``import tensorflow as tf`` a name that exists
        in TF2 is left alone, except for TF1 arguments TF2 rejects (``keep_dims=`` -> ``keepdims=``, ``dim=`` ->
        ``axis=``, ``keep_prob=p`` -> ``rate=1 - p``); a call whose arguments cannot be mapped keeps TF1 meaning
        via ``tf.compat.v1``. A file written against ``tensorflow.compat.v1`` gets ``import tensorflow as tf``
        and every symbol rewritten (``--keep-compat-import`` keeps the compat import instead).
        ``tf.app.run()`` becomes ``absl.app.run(main, ...)`` with tf.app.run's flag parser, a bare
        ``tf.enable_eager_execution()`` is deleted, and in TF1 code ``softmax_cross_entropy_with_logits`` gets
        ``labels=tf.stop_gradient(labels)`` unless they are provably constant. Names that exist in TF2 (the
        Keras aliases ``tf.losses.MeanSquaredError``, ``tf.initializers.GlorotUniform``, ...) and attributes
        the file sets on ``tf`` itself (``tf.model = ...``) are left alone. In TF1 graph code (TF1 names, not made
        eager by TFM201: a Session program or a module of helpers alike) TF1's random Keras initializers become
        TF's v1 ones, which draw from the graph seed as TF 1.x's did (``tf.keras.initializers.he_normal`` ->
        ``tf.compat.v1.initializers.he_normal``; Keras 3's ignore the seed).

    Why:
        TF2 removed ``tf.Session``, ``tf.placeholder``, ``tf.train.Saver`` and hundreds of other names from the
        main namespace; ``tf_upgrade_v2``'s hand tables are stale for TF 2.21 and Keras 3. tfmigrate's table is
        generated from the installed TensorFlow, so every name it writes exists.

    Example:
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 3])
        s = tf.reduce_sum(x, axis=1, keep_dims=True)
        w = tf.random_normal([3, 1], seed=1)

    Use instead:
        import tensorflow as tf
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        s = tf.reduce_sum(x, axis=1, keepdims=True)
        w = tf.random.normal([3, 1], seed=1)
    """

    CODE = "TFM101"
    NAME = "tf1-api"
    SUMMARY = (
        "Rewrite TF1 names to their TF2 or tf.compat.v1 names (in TF1 graph code, TF1's Keras initializers to "
        "TF's v1 ones), from tables generated from TensorFlow."
    )
    SAFE = True
    PRIORITY = 60
    TRIGGERS = ("tensorflow",)
    # Every rewrite and report goes through a qualified name under ``tensorflow`` (not tensorflow.python), and
    # only an import binds one: ``import ... tensorflow...`` (also ``import os, tensorflow.compat.v1 as tf``) or
    # ``from tensorflow... import`` other than from tensorflow.python, whose names are private (TFM003's).
    # The engine checks it against the code each rule is given, so imports an earlier rule wrote count.
    BINDS_TF = re.compile(
        r"\bimport\b(?:[^\n;\\]|\\\r?\n|\\)*?\btensorflow\b"
        r"|\bfrom[\s\\]+tensorflow\b(?![\s\\]*\.[\s\\]*python\b)"
    )
    BEFORE = (
        "import tensorflow as tf\n"
        "x = tf.placeholder(tf.float32, [None, 3])\n"
        "s = tf.reduce_sum(x, axis=1, keep_dims=True)\n"
        "w = tf.random_normal([3, 1], seed=1)\n"
    )
    AFTER = (
        "import tensorflow as tf\n"
        "x = tf.compat.v1.placeholder(tf.float32, [None, 3])\n"
        "s = tf.reduce_sum(x, axis=1, keepdims=True)\n"
        "w = tf.random.normal([3, 1], seed=1)\n"
    )

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    @classmethod
    def wants(cls, source: str) -> bool:
        return "tensorflow" in source and cls.BINDS_TF.search(source) is not None

    @classmethod
    def asked(cls, scratch: dict) -> bool:
        return bool(scratch.get(EAGER_REWRITTEN))

    def edits(self, model) -> str | None:
        """The rule planned on the ast model and made as range edits (tfmigrate.transforms._tf1_edits)."""
        from tfmigrate.transforms._tf1_edits import plan

        text = plan(self, model)
        return text if text is None else _never_run.settled(self, model.text, text)

    def keras_initializers(self, text: str, written: str, tf1_evidence: bool) -> str:
        """``text`` with TF1's Keras initializers spelled as TensorFlow's v1 twins (``_keras_v1_initializers``) when
        it runs as TF1 graph code: TF1 names (the evidence that makes it TF1 code), not rewritten to eager by TFM201,
        not a TF1 eager program (``written``, the rule's input, enables eager execution: this rule deletes the call).
        TF2 code (a ``tf.compat.v1.Session`` but no TF1 name) meant Keras 3's."""
        if not tf1_evidence or self.context.scratch.get(EAGER_REWRITTEN) or "enable_eager_execution" in written:
            return text
        text, changes, notes = keras_v1_initializers.rewrite(text)
        for line, message in changes:
            self.change(None, message, line=line)  # type: ignore[arg-type]  # the line is given
        for line, message in notes:
            self.follow_up(None, message, line=line)  # type: ignore[arg-type]  # the line is given
        return text

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """The libcst rule, leaving a branch that never runs as the plan does (``_never_run.settled``)."""
        out = super().transform_module_impl(tree)
        code = module_code(out)
        if (kept := self.keras_initializers(code, module_code(tree), self.tf1_evidence)) != code:
            out = cst.parse_module(kept)
        if out is tree or self.need_tf_import:  # the import it asks for is a change outside any branch
            return out
        before = module_code(tree)
        return tree if _never_run.settled(self, before, module_code(out)) == before else out

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.upgrade: set[str] = set()  # compat.v1 aliases whose import becomes `import tensorflow as <alias>`
        self.tf_name: str | None = None  # a module-level name for the tensorflow package
        self.need_tf_import = False
        self.tf1_evidence = False  # the file uses names that only TF1 has
        self.tf1_positional = False
        self.legacy_node: cst.CSTNode | None = None  # first name that needs Keras 2 (tf_keras)
        self.own: frozenset[str] = frozenset()  # attributes the file itself sets on tensorflow (tf.model = ...)
        self.never_run: set[int] = set()  # lines of the branches TFM201 kept because they never run

    # ---- setup -------------------------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        from tfmigrate.transforms._tf1_edits import module_aliases

        code = module_code(node)
        model = of_text(code)
        self.module_text = code
        self.module_tree = model.tree  # read, never changed (model.of_text shares it)
        self.module_aliases = module_aliases(model)
        bindings = module_bindings(node)
        if not self.options.keep_compat_import:
            names_to_targets: dict[str, set[str]] = {}
            for b in bindings:
                names_to_targets.setdefault(b.name, set()).add(b.target)
            for b in bindings:
                if b.target == COMPAT_V1 and b.simple and names_to_targets[b.name] == {COMPAT_V1}:
                    self.upgrade.add(b.name)
        self.tf_name = tf_binding(node)
        # One list of every node for the scans below, instead of a libcst matcher walk each (which rebuilds
        # every node it passes); they gather sets and flags, so the order of the nodes does not matter.
        every = list(nodes(node))
        self.own = self._own_attributes(every)
        self.defines_main = any(isinstance(stmt, cst.FunctionDef) and stmt.name.value == "main" for stmt in node.body)
        self.graph_mode = "disable_eager_execution" in code or "disable_v2_behavior" in code
        tf1, eager = self._scan(every)
        self.tf1_evidence = bool(self.upgrade) or tf1
        # Positional arguments keep their TF1 meaning only in code with no TF2 idioms (not half-migrated), or
        # whose TF2 idioms TFM201's eager rewrite wrote (it proved the calls under their TF1 meaning).
        rewritten = bool(self.context.scratch.get(EAGER_REWRITTEN))
        self.tf1_positional = bool(self.upgrade) or rewritten or (tf1 and not eager)
        self.tf1_code = self.tf1_evidence or rewritten  # TFM201 proved it TF1 code, though no TF1 name is left
        self.never_run = never_run_lines(code, self.context.scratch)

    def on_visit(self, node: cst.CSTNode) -> bool:
        """A statement of a branch TFM201 kept because it never runs (NEVER_RUN) is left as written, as the range
        edits leave it (_tf1_edits.planner.kept_as_written)."""
        if self.never_run and isinstance(node, cst.BaseStatement) and self.line_of(node) in self.never_run:
            return False
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        if (
            self.never_run
            and isinstance(original_node, cst.BaseStatement)
            and self.line_of(original_node) in self.never_run
        ):
            return updated_node
        return super().on_leave(original_node, updated_node)

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        """libcst's answer, through the module aliases too (``graph_util.x`` with ``graph_util = tf.graph_util``
        means ``tensorflow.graph_util.x``; libcst says ``graph_util.x``)."""
        return through_alias(super().qualified_names(node), node, self.module_aliases)

    def _own_attributes(self, every: list[cst.CSTNode]) -> frozenset[str]:
        """Paths the file assigns on a tensorflow module (``tf.model = tf.keras.Sequential()``): the user's
        own attributes, not TensorFlow names, whatever the table says."""
        own = set()
        for found in every:
            if isinstance(found, cst.Element):
                node = found.value
            elif isinstance(found, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)):
                node = found.target
            else:
                continue
            if not isinstance(node, cst.Attribute):
                continue
            if isinstance(found, cst.Element) and not self._is_store(found):
                continue
            for q in self.qualified_names(node):
                path = v1_path(q)
                if path is not None:
                    own.add(path)
        return frozenset(own)

    def _is_store(self, element: cst.Element) -> bool:
        """An element of a tuple/list assignment target (``tf.a, tf.b = ...``)."""
        node: cst.CSTNode | None = element
        while node is not None and not isinstance(node, (cst.AssignTarget, cst.For, cst.SimpleStatementLine)):
            node = self.get_metadata(ParentNodeProvider, node, None)
        return isinstance(node, cst.AssignTarget)

    def _is_own(self, path: str) -> bool:
        return any(path == own or path.startswith(own + ".") for own in self.own)

    def _scan(self, every: list[cst.CSTNode]) -> tuple[bool, bool]:
        """(uses TF1-only names, uses TF2 eager idioms: tf.function, GradientTape, ``.numpy()``)."""
        tf1 = eager = False
        for node in every:
            if not isinstance(node, (cst.Attribute, cst.Name)):
                continue
            for q in self.qualified_names(node):
                path = v1_path(q)
                if path is None or q.startswith(COMPAT_V1 + ".") or self._is_own(path):
                    continue
                eager = eager or path in EAGER_IDIOMS
                f = fate(path)
                tf1 = tf1 or (f is not None and f not in (SAME, DIFFERENT, UNUSABLE))
        eager = eager or any(
            isinstance(node, cst.Call)
            and not node.args
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "numpy"
            for node in every
        )
        return tf1, eager

    def _tf(self, node: cst.CSTNode) -> str | None:
        """The name to reach the tensorflow package with, adding ``import tensorflow as tf`` when needed."""
        if self.tf_name is not None:
            return self.tf_name
        scope = self.get_metadata(ScopeProvider, node, None)
        for alias in ("tf", "tensorflow"):
            if scope is None or alias not in scope.globals:
                self.tf_name = alias
                self.need_tf_import = True
                return alias
        return None

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.need_tf_import:
            if self.tf_name == "tf":
                AddImportsVisitor.add_needed_import(self.context, TF, asname="tf")
            else:
                AddImportsVisitor.add_needed_import(self.context, TF)
        if self.legacy_node is not None:
            updated_node, inserted = add_legacy_keras(updated_node)
            if inserted:
                self.follow_up(self.legacy_node, legacy_keras_message())
        return updated_node

    # ---- which binding a reference goes through ------------------------------------------------------------

    def _resolve(self, node: cst.BaseExpression) -> tuple[str, str, cst.Name] | None:
        """(mode, tf1 path, root name) for a reference to a TF1 symbol; mode is "plain" or "compat"."""
        names = {q for q in self.qualified_names(node) if q == TF or q.startswith(TF + ".")}
        if len(names) != 1:
            return None
        (qualified,) = names
        root = _root(node)
        if root is None:
            return None
        roots = {q for q in self.qualified_names(root) if q == TF or q.startswith(TF + ".")}
        if len(roots) != 1:
            return None
        (root_q,) = roots
        if root_q == COMPAT_V1 and root.value in self.upgrade:
            return "compat", qualified[len(COMPAT_V1) + 1 :], root
        if qualified.startswith(COMPAT_V1 + ".") or root_q.startswith(COMPAT_V1):
            return None
        path = v1_path(qualified)
        return ("plain", path, root) if path else None

    # ---- names ---------------------------------------------------------------------------------------------

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        found = self._resolve(original_node)
        if found is None:
            return self._dataset_property(original_node, updated_node)
        mode, path, root = found
        if self._is_own(path):
            return updated_node
        f = fate(path)
        if f is None and path in table().get("renames", {}):
            new = f"{root.value}.{table()['renames'][path]}"
            self.change(original_node, f"tf.{path} -> tf.{table()['renames'][path]} (renamed in TF 1.0)")
            return chain(new)
        if f is None:
            self._report_unknown(original_node, path)
            return updated_node
        if mode == "plain":
            if f == DIFFERENT and self.tf1_evidence and self._keeps_tf1_class(path):
                f = COMPAT
            elif f in (SAME, DIFFERENT):
                return updated_node
            if f == UNUSABLE:
                if path.split(".")[0] == "layers":
                    return updated_node  # TFM103 owns tf.layers
                self._report_unusable(original_node, path)
            base = root.value if self._root_is_tf(root) else self._tf(original_node)
            if base is None:
                self.follow_up(original_node, f"tf.{path} is not in TF2 and no name for tensorflow is free here")
                return updated_node
            new = f"{base}.compat.v1.{path}" if f in (COMPAT, UNUSABLE) else f"{base}.{f}"
        else:
            if f == SAME:
                return updated_node
            if f == UNUSABLE:
                self._report_unusable(original_node, path)
            new = f"{root.value}.compat.v1.{path}" if f in (COMPAT, DIFFERENT, UNUSABLE) else f"{root.value}.{f}"
        if new == dotted(updated_node):
            return updated_node
        self.change(original_node, f"tf.{path} -> tf.{new.split('.', 1)[1]}")
        return chain(new)

    @staticmethod
    def _keeps_tf1_class(path: str) -> bool:
        """TF1 code needs the TF1 class when it has members TF2's lacks (DatasetV1.make_one_shot_iterator, ...)
        or when it is an initializer: the TF2 initializers draw other random numbers from the same seed. A
        namesake Keras 3 serves through an alias (tf.initializers.glorot_uniform) is another API altogether."""
        info = arg_changes(path) or {}
        return bool(info.get("keras")) or ("class" in info and (bool(info["class"]) or path.endswith("_initializer")))

    def _root_is_tf(self, root: cst.Name) -> bool:
        return TF in self.qualified_names(root)

    def _report_unknown(self, node: cst.CSTNode, path: str) -> None:
        if not _reported_unknown(path):
            return
        spelled = dotted(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if spelled is not None and feature_tests.silenced(self.module_text, self.line_of(node), spelled):
            return
        self.follow_up(
            node,
            f"tf.{path} exists in neither TensorFlow {table()['tensorflow']} nor tf.compat.v1 (a pre-1.0 name? "
            "e.g. tf.nn.rnn -> tf.compat.v1.nn.static_rnn; tf.concat(axis, values) -> tf.concat(values, axis)): "
            "replace it by hand",
        )

    def _report_unusable(self, node: cst.CSTNode, path: str) -> None:
        """tf.compat.v1 names Keras 3 turned into stubs (rnn_cell): they need the legacy-Keras env line."""
        if path.split(".")[0] == "layers":
            return  # TFM103 owns tf.layers
        if self.legacy_node is None:
            self.legacy_node = node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        """A compat.v1 alias used as a value (``fn(tf)``) must keep meaning tf.compat.v1."""
        if original_node.value not in self.upgrade:
            return updated_node
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        if isinstance(parent, cst.Attribute) and parent.value is original_node:
            return updated_node
        if isinstance(parent, (cst.ImportAlias, cst.AsName, cst.Import, cst.ImportFrom)):
            return updated_node
        if not (self.qualified_names(original_node) == {COMPAT_V1}):
            return updated_node
        self.change(original_node, f"{original_node.value} (tf.compat.v1 module) -> tf.compat.v1")
        return chain(f"{original_node.value}.compat.v1")

    # ---- imports -------------------------------------------------------------------------------------------

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        aliases = []
        changed = False
        for alias in updated_node.names:
            asname = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else None
            if asname in self.upgrade and dotted(alias.name) == COMPAT_V1:
                alias = alias.with_changes(name=cst.Name(TF))
                changed = True
            aliases.append(alias)
        if changed:
            self.change(original_node, "import tensorflow.compat.v1 -> import tensorflow (names rewritten below)")
            return updated_node.with_changes(names=aliases)
        return updated_node

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom):
        if original_node.relative or original_node.module is None or isinstance(original_node.names, cst.ImportStar):
            return updated_node
        module = dotted(original_node.module) or ""
        if module == "tensorflow.compat" and len(original_node.names) == 1:
            alias = original_node.names[0]
            asname = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else None
            bound = asname or (dotted(alias.name) or "")
            if dotted(alias.name) == "v1" and bound in self.upgrade:
                self.change(original_node, "from tensorflow.compat import v1 -> import tensorflow (names rewritten)")
                asname_node = cst.AsName(name=cst.Name(bound)) if bound != TF else None
                return cst.Import(names=[cst.ImportAlias(name=cst.Name(TF), asname=asname_node)])
            return updated_node
        if module != TF and not module.startswith(TF + "."):
            return updated_node
        if module.startswith(("tensorflow.compat", "tensorflow.python", "tensorflow.keras", "tensorflow.contrib")):
            return updated_node
        sub = module[len(TF) + 1 :] if module != TF else ""
        fates = []
        for alias in original_node.names:
            name = dotted(alias.name) or ""
            path = f"{sub}.{name}" if sub else name
            fates.append((path, fate(path)))
        moving = [p for p, f in fates if f not in (None, SAME, DIFFERENT, UNUSABLE)]
        if not moving:
            return updated_node
        if len(moving) != len(fates):
            self.follow_up(
                original_node,
                f"import mixes TF2 names with TF1-only names ({', '.join(moving)}): import those from "
                "tensorflow.compat.v1",
            )
            return updated_node
        new_module = f"{COMPAT_V1}.{sub}" if sub else COMPAT_V1
        self.change(original_node, f"from {module} import ... -> from {new_module} import ... (TF1-only names)")
        return updated_node.with_changes(module=chain(new_module))

    # ---- calls: argument-level TF1 usages ----------------------------------------------------------------

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        """``tf.enable_eager_execution()`` with no arguments: TF2 is eager already, so the line goes."""
        if len(original_node.body) != 1 or not m.matches(original_node.body[0], m.Expr(m.Call(args=[]))):
            return updated_node
        call = original_node.body[0].value  # type: ignore[attr-defined]  # libcst: m.matches above is no type guard
        found = self._resolve(call.func)
        if found is None or found[1] != "enable_eager_execution" or self.graph_mode:
            return updated_node
        self.change(original_node, "tf.enable_eager_execution() removed: TF2 executes eagerly by default")
        return cst.RemoveFromParent()

    def _app_run(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        """``tf.app.run(main, argv)`` -> ``absl.app.run(main, argv, flags_parser=...)``: tf.app.run was that
        call, with a parser that leaves flags it does not know in argv (absl's own default exits on them)."""
        main: cst.BaseExpression | None = None
        argv: cst.Arg | None = None
        for index, arg in enumerate(original.args):
            key = arg.keyword.value if arg.keyword is not None else ("main", "argv")[index] if index < 2 else None
            if arg.star or key not in ("main", "argv"):
                return None
            if key == "main":
                main = arg.value
            else:
                argv = cst.Arg(arg.value, keyword=cst.Name("argv"), equal=self._equal())
        if main is None or m.matches(main, m.Name("None")):
            if not self.defines_main:
                return None  # tf.app.run finds __main__.main at run time; this file has none to name
            main = cst.Name("main")
        scope = self.get_metadata(ScopeProvider, original, None)
        if scope is not None and "absl" in scope and not self._binds_absl(scope):
            return None
        AddImportsVisitor.add_needed_import(self.context, "absl.app")
        AddImportsVisitor.add_needed_import(self.context, "absl.flags")
        parser = cst.parse_expression("lambda argv: absl.flags.FLAGS(argv, known_only=True)")
        args = [cst.Arg(main)] + ([argv] if argv else [])
        args.append(cst.Arg(parser, keyword=cst.Name("flags_parser"), equal=self._equal()))
        self.change(original, "tf.app.run -> absl.app.run (unknown flags still left to main, as tf.app.run did)")
        return cst.Call(
            func=chain("absl.app.run"), args=[a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
        )

    @staticmethod
    def _binds_absl(scope) -> bool:
        """``absl`` is bound here only by an import of absl itself."""
        return all(
            isinstance(getattr(a, "node", None), (cst.Import, cst.ImportFrom)) and "absl" in getattr(a, "name", "absl")
            for a in scope["absl"]
        )

    @staticmethod
    def _equal() -> cst.AssignEqual:
        return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        """The rewritten call, its continuation lines still aligned with its (moved) paren."""
        out = self._call(original_node, updated_node)
        if isinstance(out, cst.Call) and out.func is not original_node.func:
            return follow_callee(original_node, out, lambda node: self.get_metadata(PositionProvider, node))
        return out

    def _call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        method = self._dataset_method(original_node, updated_node)
        if method is not None:
            return method
        found = self._resolve(original_node.func)
        if found is not None and found[1] == "app.run":
            run = self._app_run(original_node, updated_node)
            if run is not None:
                return run
        if found is None or found[0] != "plain" or fate(found[1]) != DIFFERENT:
            return updated_node
        path, root = found[1], found[2]
        info = arg_changes(path)
        if info is None:
            return updated_node
        fills = path == "constant" and constant_call_may_fill(original_node, self.tf1_evidence)
        kept = kept_tf1_default(info, _texts(original_node), self.module_tree, self.tf1_code)
        mapped = None if fills or kept is not None else self._map_args(original_node, updated_node, info)
        if mapped is None:
            base = root.value if self._root_is_tf(root) else self._tf(original_node)
            if base is None:
                return updated_node
            self.change(original_node, f"tf.{path}: {kept or 'TF1-only arguments'} -> tf.compat.v1.{path}")
            return updated_node.with_changes(func=chain(f"{base}.compat.v1.{path}"))
        args, notes = mapped
        if path in STOPS_LABEL_GRADIENT and self.tf1_evidence:
            args = self._stop_label_gradient(original_node, args, root, notes)
        if not notes:
            return updated_node
        self.change(original_node, f"tf.{path}: " + ", ".join(notes))
        return updated_node.with_changes(args=args)

    def _stop_label_gradient(self, original: cst.Call, args: list[cst.Arg], root: cst.Name, notes: list[str]):
        """TF1's softmax_cross_entropy_with_logits did not backpropagate into ``labels``, TF2's does: wrap them
        in ``tf.stop_gradient`` unless they are provably constant (a placeholder, a constant, numpy data)."""
        labels = [a.value for a in original.args if a.keyword is not None and a.keyword.value == "labels"]
        if not labels or self._constant(labels[0], original):  # metadata is on the original nodes
            return args
        out = []
        for arg in args:
            if arg.keyword is not None and arg.keyword.value == "labels":
                base = root.value if self._root_is_tf(root) else self._tf(original)
                if base is None:
                    return args
                arg = arg.with_changes(value=cst.Call(func=chain(f"{base}.stop_gradient"), args=[cst.Arg(arg.value)]))
                notes.append("labels -> tf.stop_gradient(labels) (TF1 did not backpropagate into labels)")
            out.append(arg)
        return out

    def _constant(self, node: cst.BaseExpression, at: cst.CSTNode, depth: int = 0) -> bool:
        """No trainable variable can reach this value: literals, placeholders, constants, numpy values, and
        shape/dtype transformations of those; a name whose every assignment in its scope is one of them."""
        if depth > 4:
            return False
        if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
            return True
        if isinstance(node, cst.Subscript):
            return self._constant(node.value, at, depth + 1)
        if isinstance(node, (cst.List, cst.Tuple)):
            return all(self._constant(e.value, at, depth + 1) for e in node.elements)
        if isinstance(node, cst.Call):
            names = self.qualified_names(node.func)
            if any(n.split(".")[0] == "numpy" for n in names):
                return True
            paths = {short for n in names if (short := v1_path(n)) is not None}
            if paths & CONSTANT_SOURCES:
                return True
            return bool(paths & SHAPE_OPS) and bool(node.args) and self._constant(node.args[0].value, at, depth + 1)
        if isinstance(node, cst.Name):
            scope = self.get_metadata(ScopeProvider, at, None)
            if scope is None or node.value not in scope:
                return False
            assignments = list(scope[node.value])
            values = []
            for assignment in assignments:
                if not isinstance(assignment, Assignment):  # a builtin has no node
                    return False
                parent = self.get_metadata(ParentNodeProvider, assignment.node, None)
                if not (isinstance(parent, cst.AssignTarget) and isinstance(assignment.node, cst.Name)):
                    return False
                statement = self.get_metadata(ParentNodeProvider, parent, None)
                if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
                    return False
                values.append(statement.value)
            return bool(values) and all(self._constant(v, at, depth + 1) for v in values)
        return False

    def _map_args(self, original: cst.Call, updated: cst.Call, info: dict):
        """Arguments rewritten for the TF2 signature, or None when the TF1 call cannot be expressed in TF2."""
        v1, v2 = info["v1"], info["v2"]
        renamed, complement = info.get("renamed", {}), info.get("complement", {})
        v1_pos = [n for n in v1 if not n.startswith(("*", "="))]
        v2_pos = [n for n in v2 if not n.startswith(("*", "="))]
        v2_names = {n.lstrip("*=") for n in v2 if not n.startswith("**")}
        v1_star = any(n.startswith("*") and not n.startswith("**") for n in v1)
        v2_kwargs = any(n.startswith("**") for n in v2)
        out: list[cst.Arg] = []
        notes: list[str] = []
        keywordize = False
        for index, arg in enumerate(updated.args):
            if arg.star:
                out.append(arg)
                if arg.star == "*" and (notes or keywordize):
                    return None
                continue
            if arg.keyword is None:
                if v1_star or index >= len(v1_pos):
                    out.append(arg)
                    continue
                name = v1_pos[index]
                if not self.tf1_positional:
                    out.append(arg)  # could be TF2 code: positional meaning is TF2's
                    continue
                if name in complement:
                    out.append(self._kw(arg, complement[name], _one_minus(arg.value)))
                    notes.append(f"positional {name} -> {complement[name]}=1 - {name}")
                    keywordize = True
                    continue
                target = renamed.get(name, name)
                if not keywordize and index < len(v2_pos) and v2_pos[index] == target:
                    out.append(arg)
                elif target in v2_names:
                    out.append(self._kw(arg, target, arg.value))
                    notes.append(f"positional {name} -> {target}=")
                    keywordize = True
                else:
                    return None
                continue
            key = arg.keyword.value
            if key in v2_names:
                out.append(arg)
            elif key in renamed:
                out.append(arg.with_changes(keyword=cst.Name(renamed[key])))
                notes.append(f"{key}= -> {renamed[key]}=")
            elif key in complement:
                out.append(arg.with_changes(keyword=cst.Name(complement[key]), value=_one_minus(arg.value)))
                notes.append(f"{key}=p -> {complement[key]}=1 - p")
            elif v2_kwargs:
                out.append(arg)
            else:
                return None
        keys = [a.keyword.value for a in out if a.keyword is not None]
        if len(keys) != len(set(keys)):
            return None
        if notes:
            out = self._fix_commas(out, updated.args)
        return out, notes

    @staticmethod
    def _kw(arg: cst.Arg, name: str, value: cst.BaseExpression) -> cst.Arg:
        return arg.with_changes(
            keyword=cst.Name(name),
            value=value,
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
            ),
        )

    @staticmethod
    def _fix_commas(args: list[cst.Arg], old: Sequence[cst.Arg]) -> list[cst.Arg]:
        return [a.with_changes(comma=o.comma) for a, o in zip(args, old)]

    def _dataset_base(self) -> str | None:
        if not self.tf1_evidence or (self.options.keep_compat_import and not self.tf_name):
            return None
        return self.tf_name or (sorted(self.upgrade)[0] if self.upgrade else None)

    def _dataset_property(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        """``ds.output_types`` (TF1 DatasetV1/Iterator) -> ``tf.compat.v1.data.get_output_types(ds)``."""
        target = DATASET_V1_PROPERTIES.get(original.attr.value)
        if target is None or self._resolve(original.value) is not None:
            return updated
        parent = self.get_metadata(ParentNodeProvider, original, None)
        if isinstance(parent, (cst.AssignTarget, cst.AugAssign)) or (
            isinstance(parent, cst.Assign) and any(t.target is original for t in parent.targets)
        ):
            return updated
        base = self._dataset_base()
        if base is None:
            return updated
        self.change(original, f".{original.attr.value} -> tf.compat.v1.{target}(dataset)")
        return cst.Call(func=chain(f"{base}.compat.v1.{target}"), args=[cst.Arg(updated.value)])

    def _dataset_method(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        """``ds.make_one_shot_iterator()`` (TF1 DatasetV1 only) -> ``tf.compat.v1.data.make_one_shot_iterator(ds)``."""
        if original.args or not isinstance(original.func, cst.Attribute):
            return None
        target = DATASET_V1_METHODS.get(original.func.attr.value)
        base = self._dataset_base() if target is not None else None
        if base is None or not isinstance(updated.func, cst.Attribute):
            return None
        self.change(original, f".{original.func.attr.value}() -> tf.compat.v1.{target}(dataset)")
        return cst.Call(func=chain(f"{base}.compat.v1.{target}"), args=[cst.Arg(updated.func.value)])
