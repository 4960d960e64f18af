"""TFM305: APIs gone since TensorFlow 2.16 / Keras 3: tf.flags -> absl.flags (rewritten), the rest reported."""

from __future__ import annotations

import re
from functools import cache

import libcst as cst
import libcst.matchers as m
from libcst.codemod.visitors import AddImportsVisitor
from libcst.helpers import get_full_name_for_node

from tfmigrate.facts import Facts
from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms import selected
from tfmigrate.transforms._imports import keras_public_exists
from tfmigrate.transforms.base import Transform
from tfmigrate.transforms.tfm308_mnist_tutorial import shims_every_import

ESTIMATOR = (
    "tf.estimator was removed in TensorFlow 2.16: pin tensorflow<2.16 for this code, or port the model_fn to a "
    "Keras model (model.fit/evaluate/predict) or a custom training loop with tf.GradientTape"
)
MNIST = (
    "tensorflow.examples.tutorials.mnist is gone: use (x_train, y_train), (x_test, y_test) = "
    "tf.keras.datasets.mnist.load_data(). Shapes differ: input_data.read_data_sets gave float32 images in [0, 1] "
    "flattened to (55000, 784) plus a 5000-image validation split and optional one-hot labels; load_data() "
    "gives uint8 (60000, 28, 28) and (10000, 28, 28) with integer labels and no validation split, so use "
    "x.reshape(-1, 784).astype('float32') / 255, keras.utils.to_categorical(y, 10) for one_hot=True, and "
    "slice x_train[-5000:] for validation; next_batch() becomes tf.data.Dataset.from_tensor_slices(...).batch()"
)
TF_WANTS = re.compile(r"\bflags\b|estimator|examples\.tutorials")
KERAS_WANTS = re.compile(
    r"backend|\bK\.|preprocessing|wrappers|scikit_learn|Enqueuer|SidecarEvaluator|to_ordinal|DatasetCreator|"
    r"warmstart_embedding_matrix|StepsPerExecutionTuner|TimedThread"
)
KEEP_KERAS2 = (
    "it has no Keras 3 equivalent; keep Keras 2 for this code (pip install tf-keras, TF_USE_LEGACY_KERAS=1, "
    "tfmigrate --keras tf-keras) or rewrite it"
)
FLAG_MODULES = (
    "tensorflow.flags",
    "tensorflow.app.flags",
    "tensorflow.compat.v1.flags",
    "tensorflow.compat.v1.app.flags",
)


class RemovedSince216(Transform):
    """Report (or, for flags, rewrite) APIs that TensorFlow 2.16+ and Keras 3 removed.

    What it does:
        ``tf.flags`` / ``tf.app.flags`` become ``absl.flags`` (``from absl import flags``); old keyword names of
        the ``DEFINE_*`` functions (``flag_name``, ``default_value``, ``docstring``) are renamed. This happens
        only when the file runs ``app.run`` (so ``FLAGS`` is parsed before it is read); otherwise it is reported,
        because ``tf.flags.FLAGS`` parsed ``sys.argv`` on first read and ``absl.flags.FLAGS`` raises.
        ``K.set_value(x, v)`` -> ``x.assign(v)`` and ``K.get_value(x)`` -> ``x.numpy()`` (Keras 3's backend has
        neither); ``K.sqrt/sum/mean/square/maximum/cast/equal/...`` -> ``keras.ops.X`` where the generated table
        proves the same arguments and the same numbers (``K.argmax(x)`` gets Keras 2's ``axis=-1`` spelled out,
        ``K.sqrt(x)`` keeps its clipping of negative inputs); only plain ``keras.backend``: ``tf.keras.backend``
        in TF 2.21 still has these functions. Every other ``keras.backend`` function Keras 3 dropped is reported
        with its ``keras.ops`` / ``keras.random`` replacement. Reported with the fix: ``tf.estimator``,
        ``tensorflow.examples.tutorials.mnist`` (spellings TFM308 does not replace by a stand-in),
        ``keras.wrappers.scikit_learn`` (-> scikeras), ``ImageDataGenerator``, ``Tokenizer`` and every other
        Keras 2 public symbol Keras 3 dropped or never had (``CuDNNLSTM``, ``multi_gpu_model``, Keras 1 ``merge``,
        ``keras.utils.visualize_util``): the generated table says which, and what Keras documents instead.

    Why:
        ``tf.flags``, ``tf.estimator`` and the MNIST tutorial module no longer exist in TensorFlow 2.21, and
        the Keras 2 preprocessing/wrapper classes are not in Keras 3. ``tf.compat.v1.flags`` is not the same
        object as ``absl.flags``: the generator compares them name by name and records the wrapped names.

    Example:
        import tensorflow as tf
        FLAGS = tf.flags.FLAGS

    Use instead:
        from absl import flags
        FLAGS = flags.FLAGS
    """

    CODE = "TFM305"
    NAME = "removed-since-tf216"
    SUMMARY = "tf.flags -> absl.flags; tf.estimator, MNIST tutorial, Keras 3 removals reported with the fix"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = ("tensorflow", "keras")
    BEFORE = (
        "import tensorflow as tf\nFLAGS = tf.flags.FLAGS\ntf.flags.DEFINE_integer('steps', 10, 'How many.')\n"
        "def main(_):\n    print(FLAGS.steps)\ntf.app.run(main)\n"
    )
    AFTER = (
        "import tensorflow as tf\nfrom absl import flags\n\nFLAGS = flags.FLAGS\n"
        "flags.DEFINE_integer('steps', 10, 'How many.')\ndef main(_):\n    print(FLAGS.steps)\ntf.app.run(main)\n"
    )

    @classmethod
    def wants(cls, source: str) -> bool:
        if TF_WANTS.search(source):
            return True
        if "keras" not in source:
            return False
        return (
            KERAS_WANTS.search(source) is not None
            or k3.legacy_path_pattern().search(source) is not None
            or k3.imports_unknown_keras_module(source)
        )

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """tf.flags, tf.estimator, the MNIST tutorial, keras.backend functions Keras 3 dropped, and every Keras 2
        name or module Keras 3 lacks: the same per-name decision as the reports, on every name the file uses."""
        ops = k3.table()["backend_ops"]
        for name in k3.named(facts):
            if name in FLAG_MODULES or removal(name):
                return True
            found = k3.keras_root(name)
            if found and found[1].startswith("backend.") and found[1].count(".") == 1:
                function = found[1][len("backend.") :]
                if function in ops and found[0] == "keras":  # K.sqrt(x) -> keras.ops.sqrt(x)
                    return True
                if function in ("set_value", "get_value") and not _in_tf_keras(name):  # -> x.assign(v), x.numpy()
                    return True
        return any(
            unknown_keras_module(module) and not _imported_symbol(module, facts.modules) for module in facts.modules
        )

    def visit_Module(self, node: cst.Module) -> None:
        finder = _AppRun(self.qualified_names)
        node.visit(finder)
        self.parses_flags = finder.found
        self.flags_taken = finder.flags_taken
        self.flags_reported = False
        self.reported: set[tuple[int, str]] = set()
        self.rewritten_funcs: set[cst.CSTNode] = set()
        # TFM308 replaces these imports by a stand-in: its report replaces this one.
        rules = selected(self.options.select, self.options.ignore)
        self.mnist_shimmed = any(r.CODE == "TFM308" for r in rules) and shims_every_import(node)

    def _report_once(self, node: cst.CSTNode, message: str) -> None:
        if message is MNIST and self.mnist_shimmed:
            return
        key = (self.line_of(node), message)
        if key not in self.reported:
            self.reported.add(key)
            self.follow_up(node, message)

    # --- flags ---------------------------------------------------------------------------------------------
    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        names = self.qualified_names(original_node)
        if names & set(FLAG_MODULES):
            if not self.parses_flags:
                if not self.flags_reported:
                    self.flags_reported = True
                    self.follow_up(
                        original_node,
                        "tf.flags is gone in TensorFlow 2: use `from absl import flags`; "
                        "absl's FLAGS must be parsed before it is read (absl.app.run(main) or "
                        "FLAGS(sys.argv)), which tf.flags did implicitly, so tfmigrate did not rewrite it",
                    )
                return updated_node
            self.change(original_node, f"{get_full_name_for_node(original_node)} -> absl.flags")
            if self.flags_taken:
                AddImportsVisitor.add_needed_import(self.context, "absl.flags")
                return k3.dotted("absl.flags")
            AddImportsVisitor.add_needed_import(self.context, "absl", "flags")
            return cst.Name("flags")
        if original_node not in self.rewritten_funcs:
            self._report_removed(original_node, names)
        return updated_node

    def leave_SimpleStatementLine(self, original_node, updated_node):
        """``flags = tf.app.flags`` has become ``flags = flags``: the added import already binds it.

        Only a line this rule rewrote: a ``flags = flags`` the author wrote is not this rule's business.
        """
        if m.matches(
            updated_node,
            m.SimpleStatementLine(
                body=[m.Assign(targets=[m.AssignTarget(target=m.Name("flags"))], value=m.Name("flags"))]
            ),
        ) and not m.matches(original_node.body[0], m.Assign(value=m.Name("flags"))):
            return cst.RemoveFromParent()
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        value_call = self._backend_value_call(original_node, updated_node)
        if value_call is not None:
            return value_call
        op_call = self._backend_op_call(original_node, updated_node)
        if op_call is not None:
            return op_call
        if not self.parses_flags:
            return updated_node
        names = self.qualified_names(original_node.func)
        if not any(n.rpartition(".")[0] in FLAG_MODULES and n.rpartition(".")[2].startswith("DEFINE") for n in names):
            return updated_node
        renamed = k3.table()["flags"]["renamed_define_arguments"]
        args = []
        for arg in updated_node.args:
            if arg.keyword is not None and arg.keyword.value in renamed:
                self.change(
                    original_node,
                    f"DEFINE_*({arg.keyword.value}=) -> ({renamed[arg.keyword.value]}=): "
                    "absl.flags only knows the new name",
                )
                arg = arg.with_changes(keyword=cst.Name(renamed[arg.keyword.value]))
            args.append(arg)
        return updated_node.with_changes(args=args)

    def visit_Call(self, node: cst.Call) -> None:
        if self._backend_value_call(node, node, dry_run=True) is not None or self._backend_op(node) is not None:
            self.rewritten_funcs.add(node.func)

    def _backend_op(self, call: cst.Call) -> tuple[str, dict] | None:
        """``K.sqrt(x)`` in plain Keras 3: the generated table's keras.ops function taking the same arguments."""
        if self.options.keras == "tf-keras" or not isinstance(call.func, cst.Attribute):
            return None
        table = k3.table()["backend_ops"]
        name = call.func.attr.value
        if name not in table or f"keras.backend.{name}" not in self.qualified_names(call.func):
            return None
        entry = table[name]
        positional = [a for a in call.args if a.keyword is None]
        if any(a.star for a in call.args) or len(positional) > entry["positional"]:
            return None
        if any(a.keyword is not None and a.keyword.value not in entry["same_name"] for a in call.args):
            return None
        return name, entry

    def _backend_op_call(self, original: cst.Call, updated: cst.Call) -> cst.Call | None:
        found = self._backend_op(original)
        if found is None:
            return None
        name, entry = found
        args = list(updated.args)
        given = {a.keyword.value for a in args if a.keyword is not None}
        passed = sum(a.keyword is None for a in args)
        missing = [
            (k, v) for k, v in entry["explicit"].items() if k not in given and entry["parameters"].index(k) >= passed
        ]
        if missing and args:
            args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        for index, (keyword, value) in enumerate(missing):
            args.append(
                cst.Arg(
                    keyword=cst.Name(keyword),
                    value=cst.parse_expression(repr(value)),
                    equal=cst.AssignEqual(
                        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
                    ),
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                    if index < len(missing) - 1
                    else cst.MaybeSentinel.DEFAULT,
                )
            )
        note = ""
        if entry.get("clamp_below_zero") and args and not self._non_negative(original.args[0].value):
            clamp = cst.ensure_type(cst.parse_expression("keras.ops.maximum(x, 0.0)"), cst.Call)
            args[0] = args[0].with_changes(
                value=clamp.with_changes(args=[clamp.args[0].with_changes(value=args[0].value), clamp.args[1]])
            )
            note = f"; K.{name} clipped negative inputs to 0, so keras.ops.maximum(x, 0.0) keeps that"
        if missing:
            note += "; " + ", ".join(f"{k}={v!r}" for k, v in missing) + " spelled out (Keras 2's default)"
        AddImportsVisitor.add_needed_import(self.context, "keras")
        self.change(
            original,
            f"keras.backend.{name}(...) -> keras.ops.{name}(...): keras.backend.{name} is gone "
            f"in Keras 3 and keras.ops.{name} takes the same arguments{note}",
        )
        return updated.with_changes(func=cst.parse_expression(f"keras.ops.{name}"), args=args)

    def _non_negative(self, node: cst.BaseExpression) -> bool:
        """``K.maximum(s, K.epsilon())`` / ``K.square(x)``: an argument that is never negative needs no clamp."""
        if not isinstance(node, cst.Call):
            return False
        names = self.qualified_names(node.func)
        if names & {"keras.backend.square", "keras.ops.square", "keras.backend.abs", "keras.ops.abs"}:
            return True
        if not names & {"keras.backend.maximum", "keras.ops.maximum"} or len(node.args) != 2:
            return False
        bound = node.args[1].value
        if isinstance(bound, (cst.Integer, cst.Float)):
            return float(bound.value) >= 0
        return isinstance(bound, cst.Call) and "keras.backend.epsilon" in self.qualified_names(bound.func)

    def _backend_value_call(
        self, original: cst.Call, updated: cst.Call, dry_run: bool = False
    ) -> cst.BaseExpression | None:
        """K.set_value(x, v) -> x.assign(v) and K.get_value(x) -> x.numpy(): what Keras 2 did on TF variables."""
        if self.options.keras == "tf-keras":
            return None
        names = {n for n in self.qualified_names(original.func) if "." in n and not _in_tf_keras(n)}
        which = next(
            (
                n.rsplit(".", 1)[1]
                for n in names
                if n.rsplit(".", 1)[1] in ("set_value", "get_value")
                and (k3.keras_root(n) or ("", ""))[1] == f"backend.{n.rsplit('.', 1)[1]}"
            ),
            None,
        )
        args = updated.args
        if which is None or any(a.keyword is not None or a.star for a in args):
            return None
        if dry_run:
            return original if (which, len(args)) in {("set_value", 2), ("get_value", 1)} else None
        if which == "set_value" and len(args) == 2:
            self.change(original, "K.set_value(x, value) -> x.assign(value) (keras.backend.set_value is gone)")
            return cst.Call(
                func=cst.Attribute(value=_atom(args[0].value), attr=cst.Name("assign")),
                args=[args[1].with_changes(comma=cst.MaybeSentinel.DEFAULT)],
            )
        if which == "get_value" and len(args) == 1:
            self.change(original, "K.get_value(x) -> x.numpy() (keras.backend.get_value is gone)")
            return cst.Call(func=cst.Attribute(value=_atom(args[0].value), attr=cst.Name("numpy")))
        return None

    # --- reported removals -------------------------------------------------------------------------------
    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = get_full_name_for_node(node.module) if node.module is not None and not node.relative else None
        if not module:
            return
        if module.startswith("tensorflow.examples.tutorials"):
            self._report_once(node, MNIST)
            return
        if module.startswith(("tensorflow.estimator", "tensorflow_estimator")):
            self._report_once(node, ESTIMATOR)
            return
        self._report_unknown_module(node, module)
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            self._report_removed(node, {f"{module}.{get_full_name_for_node(alias.name)}"})

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = get_full_name_for_node(alias.name) or ""
            if name.startswith("tensorflow.examples.tutorials"):
                self._report_once(node, MNIST)
            elif name.startswith(("tensorflow_estimator", "tensorflow.estimator")):
                self._report_once(node, ESTIMATOR)
            else:
                self._report_unknown_module(node, name)
                self._report_removed(node, {name})

    def visit_Name(self, node: cst.Name) -> None:
        if node not in self.rewritten_funcs:
            self._report_removed(node, self.qualified_names(node))

    def _report_removed(self, node: cst.CSTNode, names: set[str]) -> None:
        for name in names:
            message = removal(name, self.options.keras == "tf-keras")
            if message is None:
                continue
            if message:
                self._report_once(node, message)
            return

    def _report_unknown_module(self, node: cst.CSTNode, module: str) -> None:
        """A keras.* module that neither Keras 3 nor the Keras 2 layout knows (Keras 1's keras.utils.visualize_util)."""
        if self.options.keras != "tf-keras" and unknown_keras_module(module):
            self._report_once(
                node,
                f"{module} does not exist in Keras 3 (nor in Keras 2.x): import the names from "
                "their Keras 3 modules (keras.layers, keras.utils, keras.models, ...)",
            )


def removal(name: str, keras2: bool = False) -> str | None:
    """What to report for one qualified name: the message, ``""`` to stop looking at the node's other names
    without a report (a ``keras.backend`` name Keras 3 still has), ``None`` when this name says nothing.

    ``keras2`` (``--keras tf-keras``): only the TensorFlow removals count, Keras 2 keeps its own names.
    """
    if name.startswith(("tensorflow.estimator", "tensorflow.compat.v1.estimator", "tensorflow_estimator")):
        return ESTIMATOR
    if name.startswith("tensorflow.examples.tutorials"):
        return MNIST
    if keras2:
        return None
    found = k3.keras_root(name)
    if not found or not found[1] or found[1].split(".")[0] == "src" or _in_tf_keras(name):
        return None  # keras.src is Keras 3's own (private) tree, which keras3_names does not list
    public = found[1]
    alias = k3.table()["optimizer_aliases"].get(public[len("optimizers.") :]) if found[0] == "keras" else None
    if public.startswith("optimizers.") and alias:
        return (
            f"keras.{public} is not in Keras 3 (nor in tf-keras): it was Keras 2.0-2.2's "
            f"lowercase alias of keras.optimizers.{alias}; use that class"
        )
    if public.startswith("backend.") and public.count(".") == 1:
        backend = k3.table()["backend"].get(public.split(".")[1])
        if backend is None:
            return ""
        return f"{found[0]}.{public} is not in Keras 3: " + (f"use {backend}" if backend else KEEP_KERAS2)
    note = k3.removed_note(public)
    legacy = k3.legacy_symbol(name)
    if note is None and legacy and k3.table()["modules"][legacy[1]].get(legacy[2]) is None:
        note = ""
    if note is None and _missing_from_keras3(public):
        note = ""
    if note is None:
        return None
    fix = f"use {note}" if note else KEEP_KERAS2
    return f"{found[0]}.{public} is not in Keras 3: {fix}"


def unknown_keras_module(module: str) -> bool:
    """``keras.utils.visualize_util``: under a Keras 3 module, yet neither Keras 3 nor the Keras 2 layout has it."""
    found = k3.keras_root(module)
    if not found or not found[1] or found[1].split(".")[0] == "src":
        return False
    known = _known_modules()
    return found[1] not in known and found[1].split(".")[0] in known


def _imported_symbol(module: str, modules: frozenset[str]) -> bool:
    """``keras.layers.Dense`` in ``facts.modules`` beside ``keras.layers``: the name ``from keras.layers import
    Dense`` imports, which the rule never reads as a module (an ``import keras.layers.Dense`` cannot run)."""
    parent, _, name = module.rpartition(".")
    found = k3.keras_root(parent) if parent in modules else None
    if found is None:
        return False
    return name in k3.table()["keras3_names"].get(found[1], ()) or name in k3.table()["modules"].get(found[1], {})


@cache
def _known_modules() -> frozenset[str]:
    return frozenset(k3.table()["keras3_modules"]) | frozenset(k3.table()["modules"])


def _missing_from_keras3(public: str) -> bool:
    """``layers.CuDNNLSTM``, ``layers.merge``: a name under a Keras 3 module that Keras 3 does not define."""
    table = k3.table()
    module, _, name = public.rpartition(".")
    if module and module not in table["keras3_modules"]:
        return False
    if public in table["keras3_modules"] or name.startswith("_"):
        return False
    return name not in table["keras3_names"].get(module, ())


def _atom(node: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


class _AppRun(cst.CSTVisitor):
    """Whether the file calls tf.app.run / absl.app.run (which parse FLAGS before main runs)."""

    def __init__(self, names) -> None:
        self.names = names
        self.found = False
        self.flags_taken = False

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if m.matches(target.target, m.Name("flags")) and not (self.names(node.value) & set(FLAG_MODULES)):
                self.flags_taken = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if any(p.name.value == "flags" for p in node.params.params):
            self.flags_taken = True

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & {"tensorflow.app.run", "tensorflow.compat.v1.app.run", "absl.app.run"}:
            self.found = True


def _in_tf_keras(name: str) -> bool:
    """``tf.keras`` in TF 2.21 keeps the Keras 2 backend functions (``tf.keras.backend.cast`` ...) that plain
    Keras 3 dropped, so a ``tensorflow.keras`` name that exists there still works and needs no report."""
    return name.startswith("tensorflow.keras.") and keras_public_exists(name)
