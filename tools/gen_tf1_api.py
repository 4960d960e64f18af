"""Generate tfmigrate/data/tf1_api.json: what became of every public TF1 (tf.compat.v1) name in this TensorFlow.

Run with the TensorFlow that tfmigrate targets installed:

    python tools/gen_tf1_api.py            # writes tfmigrate/data/tf1_api.json
    python tools/gen_tf1_api.py --stdout   # prints it (the table test compares this with the committed file)

The table is read by TFM101-TFM104. Nothing in it is typed by hand except the tf.contrib section, whose
replacements are checked here against the installed API (each target must exist and accept the mapped
arguments) so that a wrong entry fails generation instead of producing broken code.

"symbols" maps a tf.compat.v1 path ("train.Saver") to its fate in TF2:
  "="  the same object under the same path
  "c"  only reachable as tf.compat.v1.<path>
  "x"  unusable in this TensorFlow (raises on access, e.g. tf.compat.v1.layers under Keras 3)
  "d"  the same path exists in TF2 but is another object; "args" says how the signatures differ ("keras":
       the TF2 object is Keras 3's, reached through a lazily loaded alias such as tf.losses or tf.initializers);
       for a module, its members are judged one by one
  any other string: the TF2 path of the very same object (a rename, e.g. "random_normal" -> "random.normal")
"modules" lists the tf.compat.v1 modules walked (every public name in them is in "symbols"); "v2_only" lists
the TF2 names tf.compat.v1 lacks (walking dir() of the real TF2 modules, Keras aliases included), so that a name in neither is known not to exist. "args" maps each "d" path to
the two parameter lists, the keyword renames (old -> new) and complements (old -> new, meaning new = 1 - old)
found in TF's own source, and for classes the public members only the TF1 class has. "legacy_layers" pairs each
tf.compat.v1.layers name with its Keras 3 class and both signatures (read from tf_keras' legacy module).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import sys
import types
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

OUT = Path(__file__).resolve().parent.parent / "tfmigrate" / "data" / "tf1_api.json"
V1_ROOT = "tensorflow._api.v2.compat.v1"
V2_ROOT = "tensorflow._api.v2"
KERAS_API = "keras._tf_keras.keras"  # what tf.keras and its aliases (tf.losses, ...) are in TF 2.16+
SKIP = {"compat"}  # tf.compat.v1.compat is the compat module again: walking it would loop

LOOKUP = re.compile(r'deprecated_argument_lookup\(\s*["\'](\w+)["\']\s*,\s*\w+\s*,\s*["\'](\w+)["\']')
DOC_RENAME = re.compile(r"`?(\w+)`? (?:is|are) deprecated,? (?:please )?use `?(\w+)`? instead", re.IGNORECASE)
COMPLEMENT = re.compile(r"`?(\w+)\s*=\s*1\.?0*\s*-\s*(\w+)`?")

# tf.contrib is gone and cannot be inspected, so its replacements are the one hand-written part of the table.
# "params" is the TF 1.15 signature; "map" renames kept arguments; "drop" lists ignorable ones; "choose" picks
# the target from a literal bool argument; "choose_arg" turns one into a literal of a new argument; "lower"
# lower-cases a string literal; "multiply" scales a value (contrib's l2 loss had a 1/2 Keras' L2 lacks);
# "defaults" spells out where contrib's defaults differ from the target's; "apply_to" is the argument the
# new object is called on. _check_contrib verifies every target and new argument against the installed API.
# "graph" is the replacement used in graph-mode (Session) modules, where the TF1 numbers must not change:
# contrib's xavier_initializer was variance_scaling(factor=1, FAN_AVG): uniform draws random_uniform(+-sqrt(3/n)),
# exactly tf.compat.v1.glorot_uniform_initializer; the normal one draws truncated_normal(stddev=sqrt(1.3/n)),
# which tf.compat.v1.variance_scaling_initializer reproduces with scale=1.3*c**2 (c is its truncation constant,
# read from TF below; "{xavier_normal_scale}" is filled in). "choose_defaults" adds arguments per chosen target.
_XAVIER_GRAPH = {
    "to": "compat.v1.glorot_uniform_initializer",
    "params": ["uniform", "seed", "dtype"],
    "map": {"seed": "seed", "dtype": "dtype"},
    "choose": [
        "uniform",
        {"True": "compat.v1.glorot_uniform_initializer", "False": "compat.v1.variance_scaling_initializer"},
    ],
    "choose_defaults": {
        "compat.v1.variance_scaling_initializer": {
            "scale": "{xavier_normal_scale}",
            "mode": "'fan_avg'",
            "distribution": "'truncated_normal'",
        }
    },
}
# contrib's variance_scaling_initializer(uniform=False) drew truncated_normal(stddev=sqrt(1.3 * factor / n)) as
# well: with uniform False (its default) the scale is multiplied by 1.3 * c**2 ("truncated"; "is" is the value
# of "if" that selects it, "default" its value when not given). uniform=True draws U(+-sqrt(3 * factor / n)),
# which both targets draw for scale=factor.
_VS_TRUNCATED = {
    "if": "uniform",
    "is": "False",
    "default": "False",
    "scale": "scale",
    "factor": "{xavier_normal_scale}",
}
CONTRIB_REPLACEMENTS = {
    "contrib.layers.xavier_initializer": {
        "to": "keras.initializers.GlorotUniform",
        "params": ["uniform", "seed", "dtype"],
        "map": {"seed": "seed"},
        "drop": ["dtype"],
        "choose": ["uniform", {"True": "keras.initializers.GlorotUniform", "False": "keras.initializers.GlorotNormal"}],
        "graph": _XAVIER_GRAPH,
    },
    "contrib.layers.xavier_initializer_conv2d": {
        "to": "keras.initializers.GlorotUniform",
        "params": ["uniform", "seed", "dtype"],
        "map": {"seed": "seed"},
        "drop": ["dtype"],
        "choose": ["uniform", {"True": "keras.initializers.GlorotUniform", "False": "keras.initializers.GlorotNormal"}],
        "graph": _XAVIER_GRAPH,
    },
    "contrib.layers.variance_scaling_initializer": {
        "to": "keras.initializers.VarianceScaling",
        "params": ["factor", "mode", "uniform", "seed", "dtype"],
        "map": {"factor": "scale", "mode": "mode", "seed": "seed"},
        "drop": ["dtype"],
        "lower": ["mode"],
        "choose_arg": ["uniform", "distribution", {"True": "'uniform'", "False": "'truncated_normal'"}],
        "defaults": {"scale": "2.0", "mode": "'fan_in'", "distribution": "'truncated_normal'"},
        "truncated": _VS_TRUNCATED,
        "graph": {
            "to": "compat.v1.variance_scaling_initializer",
            "params": ["factor", "mode", "uniform", "seed", "dtype"],
            "map": {"factor": "scale", "mode": "mode", "seed": "seed", "dtype": "dtype"},
            "lower": ["mode"],
            "choose_arg": ["uniform", "distribution", {"True": "'uniform'", "False": "'truncated_normal'"}],
            "defaults": {"scale": "2.0", "mode": "'fan_in'", "distribution": "'truncated_normal'"},
            "truncated": _VS_TRUNCATED,
        },
    },
    "contrib.layers.l2_regularizer": {
        "to": "keras.regularizers.L2",
        "params": ["scale", "scope"],
        "map": {"scale": "l2"},
        "drop": ["scope"],
        "multiply": {"scale": 0.5},
    },
    "contrib.layers.l1_regularizer": {
        "to": "keras.regularizers.L1",
        "params": ["scale", "scope"],
        "map": {"scale": "l1"},
        "drop": ["scope"],
    },
    "contrib.layers.flatten": {
        "to": "keras.layers.Flatten",
        "params": ["inputs", "outputs_collections", "scope"],
        "map": {},
        "apply_to": "inputs",
    },
    "contrib.framework.get_or_create_global_step": {"to": "compat.v1.train.get_or_create_global_step", "value": True},
    "contrib.framework.get_global_step": {"to": "compat.v1.train.get_global_step", "value": True},
    "contrib.framework.nest": {"to": "nest", "value": True},
    "contrib.data.AUTOTUNE": {"to": "data.AUTOTUNE", "value": True},
    # TF1 code iterates these with make_one_shot_iterator & co, which only the compat.v1 classes still have.
    "contrib.data.Dataset": {"to": "compat.v1.data.Dataset", "value": True},
    "contrib.data.TFRecordDataset": {"to": "compat.v1.data.TFRecordDataset", "value": True},
    "contrib.data.TextLineDataset": {"to": "compat.v1.data.TextLineDataset", "value": True},
    "contrib.data.FixedLengthRecordDataset": {"to": "compat.v1.data.FixedLengthRecordDataset", "value": True},
    "contrib.data.Iterator": {"to": "compat.v1.data.Iterator", "value": True},
    # fully_connected defaults: activation_fn=tf.nn.relu, weights glorot uniform (xavier_initializer()), biases
    # zeros: tf.compat.v1.layers.dense has the same initializer defaults, so only the activation is spelled out.
    "contrib.layers.fully_connected": {
        "to": "compat.v1.layers.dense",
        "legacy": True,
        "params": [
            "inputs",
            "num_outputs",
            "activation_fn",
            "normalizer_fn",
            "normalizer_params",
            "weights_initializer",
            "weights_regularizer",
            "biases_initializer",
            "biases_regularizer",
            "reuse",
            "variables_collections",
            "outputs_collections",
            "trainable",
            "scope",
        ],
        "map": {
            "inputs": "inputs",
            "num_outputs": "units",
            "activation_fn": "activation",
            "weights_initializer": "kernel_initializer",
            "weights_regularizer": "kernel_regularizer",
            "biases_regularizer": "bias_regularizer",
            "trainable": "trainable",
        },
        "defaults": {"activation": "{root}.nn.relu"},
    },
    # TF2 is eager: the call is deleted when it is a statement of its own with no arguments.
    "contrib.eager.enable_eager_execution": {"remove": True},
    "contrib.eager.Variable": {"to": "Variable", "value": True},
    "contrib.eager.GradientTape": {"to": "GradientTape", "value": True},
    "contrib.eager.Checkpoint": {"to": "train.Checkpoint", "value": True},
    "contrib.eager.executing_eagerly": {"to": "executing_eagerly", "value": True},
    "contrib.eager.in_eager_mode": {"to": "executing_eagerly", "value": True},
    "contrib.eager.defun": {"to": "function", "value": True},
    "contrib.eager.py_func": {"to": "py_function", "value": True},
}
# tf.contrib.rnn re-exported core TF1's RNN API; the entries are derived from the tf.compat.v1 names below
# ("legacy": the target only works with Keras 2, i.e. tf_keras under TF_USE_LEGACY_KERAS=1).
CONTRIB_RNN_FUNCTIONS = ("static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn")
# The pre-1.0 names TF 1.0 renamed without changing their signature; each target is verified to exist and to
# accept the old positional parameters (tf.concat is not here: its argument order changed).
PRE_1_0_RENAMES = {
    "mul": ("multiply", ["x", "y", "name"]),
    "sub": ("subtract", ["x", "y", "name"]),
    "neg": ("negative", ["x", "name"]),
    "pack": ("stack", ["values", "axis", "name"]),
    "unpack": ("unstack", ["value", "num", "axis", "name"]),
}
# What to write instead of the tf.contrib names that need a human, said precisely.
CONTRIB_NOTES = {
    "contrib.eager.implicit_gradients": "tfe.implicit_gradients(f)(*args) returned [(grad, var), ...] over the "
    "trainable variables f used: write `with tf.GradientTape() as tape: loss = f(*args)` then "
    "`grads = tape.gradient(loss, variables)` and pass list(zip(grads, variables)) to apply_gradients",
    "contrib.eager.implicit_value_and_gradients": "it returned (f(*args), [(grad, var), ...]): compute the loss "
    "inside `with tf.GradientTape() as tape:` and use tape.gradient(loss, variables)",
    "contrib.eager.gradients_function": "it returned the gradients with respect to f's arguments: watch them "
    "with tf.GradientTape (tape.watch(x)) and call tape.gradient(f(x), x)",
    "contrib.eager.value_and_gradients_function": "it returned (f(*args), grads with respect to the arguments): "
    "use tf.GradientTape with tape.watch on the arguments",
    "contrib.eager.Iterator": "iterate the tf.data.Dataset directly (for x in dataset, or iter(dataset))",
    "contrib.eager.enable_eager_execution": "TF2 is eager by default: delete this call (pass any config through "
    "tf.config instead)",
    "contrib.eager.num_gpus": "len(tf.config.list_physical_devices('GPU'))",
    "contrib.layers.optimize_loss": "it returned the loss gated on one update step (not an op), ran the UPDATE_OPS "
    "collection first, added loss/learning_rate/gradient-norm summaries, and made its variables inside the variable "
    "scope OptimizeLoss (OptimizeLoss/learning_rate for a float rate, slots such as OptimizeLoss/<var>/Adam, which "
    "checkpoints restore by): keep those names with `with tf.compat.v1.variable_scope(None, 'OptimizeLoss'):` "
    "around `opt = tf.compat.v1.train.AdamOptimizer(learning_rate)` (the optimizer it named) and, under "
    "`tf.control_dependencies(tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS))`, "
    "`train_op = opt.minimize(loss, global_step=global_step)`; for clip_gradients=c clip the gradients of "
    "opt.compute_gradients with tf.clip_by_global_norm(grads, c) before opt.apply_gradients",
}
CONTRIB_MODULES = {
    "contrib.slim": "the tf-slim package (pip install tf-slim; import tf_slim as slim)",
    "contrib.layers": "tf.keras.layers / tf.keras.initializers / tf.keras.regularizers, or tf-slim for arg_scope code",
    "contrib.framework": "tf-slim (arg_scope, model variables) or tf.compat.v1.train for global steps",
    "contrib.rnn": "tf.compat.v1.nn.rnn_cell / tf.compat.v1.nn (with tf_keras and TF_USE_LEGACY_KERAS=1), or a "
    "tf.keras.layers.RNN rewrite (LSTMCell, GRUCell, StackedRNNCells)",
    "contrib.seq2seq": "a tf.keras rewrite (TensorFlow Addons is end of life and fails on TF 2.21); "
    "sequence_loss with its default averaging is tf.math.divide_no_nan(tf.reduce_sum("
    "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits) * weights), "
    "tf.reduce_sum(weights))",
    "contrib.learn": "tf.keras (Model.fit) - tf.contrib.learn has no direct successor",
    "contrib.estimator": "tf.keras - the Estimator API is gone from TensorFlow 2.16+",
    "contrib.training": "tf.keras callbacks / a plain dict for HParams (or the keras-tuner package)",
    "contrib.data": "tf.data (most tf.contrib.data functions moved to tf.data.experimental or Dataset methods)",
    "contrib.metrics": "tf.keras.metrics",
    "contrib.losses": "tf.keras.losses",
    "contrib.opt": "tf.keras.optimizers (AdamW, Lion, ... are built in) or tf.compat.v1.train optimizers",
    "contrib.image": "tf.image or the tf.keras.layers preprocessing layers (RandomRotation, RandomTranslation)",
    "contrib.crf": "a vendored copy of TF 1.15's crf.py (no TF2 successor; TensorFlow Addons is end of life and "
    "fails on TF 2.21)",
    "contrib.tpu": "tf.distribute.TPUStrategy",
    "contrib.distribute": "tf.distribute",
    "contrib.eager": "TF2 core (eager execution is the default; tf.function replaces defun)",
    "contrib.summary": "tf.summary (the TF2 summary API)",
    "contrib.lite": "tf.lite",
    "contrib.quantize": "the tensorflow-model-optimization package",
    "contrib.cudnn_rnn": "tf.keras.layers.LSTM / GRU (they use cuDNN when they can)",
    "contrib.keras": "tf.keras",
    "contrib.tensorboard": "tf.summary / TensorBoard's own plugins",
    "contrib.predictor": "tf.saved_model.load",
    "contrib.util": "tf.make_ndarray / tf.make_tensor_proto",
    "contrib.graph_editor": "no successor: rebuild the graph, or use tf.compat.v1.graph_util",
    "contrib.gan": "the tensorflow-gan package",
    "contrib.tensor_forest": "TensorFlow Decision Forests (tensorflow-decision-forests)",
    "contrib.boosted_trees": "TensorFlow Decision Forests (tensorflow-decision-forests)",
    "contrib.framework.nest": "tf.nest",
    "contrib.nn": "tf.nn",
    "contrib.signal": "tf.signal",
    "contrib.stateless": "tf.random.stateless_*",
    "contrib.checkpoint": "tf.train.Checkpoint",
    "contrib.mixed_precision": "tf.keras.mixed_precision",
}


def _unwrap(obj):
    from tensorflow.python.util import tf_decorator

    try:
        return tf_decorator.unwrap(obj)[1]
    except Exception:  # noqa: BLE001 - a symbol that cannot be unwrapped is its own target
        return obj


def _v2_names(obj) -> list[str]:
    target = _unwrap(obj)
    try:
        names = vars(target).get("_tf_api_names", ())
    except TypeError:
        names = ()
    return [n for n in names if isinstance(n, str)]


def _is_module(value) -> bool:
    return isinstance(value, types.ModuleType)


def _legacy_keras_members(loader) -> list[str] | None:
    """Members of a tf.compat.v1 module routed to tf_keras' legacy layers, which Keras 3 turns into stubs."""
    sub = getattr(loader, "__dict__", {}).get("_tfll_submodule") or ""
    if not sub.startswith("__internal__.legacy."):
        return None
    try:
        import importlib

        legacy = importlib.import_module("tf_keras.api._v1.keras." + sub)
    except Exception:  # noqa: BLE001 - without tf_keras the members cannot be listed; the module is still marked
        return []
    return sorted(n for n in dir(legacy) if not n.startswith("_"))


def _api_module(value, root: str) -> bool:
    """A module of the public API tree under ``root``: TF's generated API package (``tf.experimental`` is
    named ``tensorflow.experimental`` but lives in it), or, for TF2, a Keras module TF serves lazily
    (``tf.losses``, ``tf.metrics``, ``tf.initializers``, ``tf.optimizers`` are Keras 3's)."""
    name = getattr(value, "__name__", "") or ""
    if name.startswith(root + "."):
        return True
    if root == V2_ROOT and name.startswith(KERAS_API + "."):
        return True
    path = os.path.normpath(getattr(value, "__file__", "") or "")
    api = os.sep + os.path.join("tensorflow", "_api", "v2") + os.sep
    return root == V2_ROOT and api in path and os.sep + "compat" + os.sep not in path


def walk(module, root: str, prefix: str, out: dict[str, object], broken: dict[str, list[str]], seen=()) -> None:
    """Every public name under ``module``; modules of the same API tree are walked, others are leaves.

    ``dir()`` of the real (lazily loaded) modules is what TF2 code can reach, so that is what is walked; tf.keras
    itself is Keras 3's API, which the Keras rules own, and is a leaf here."""
    try:
        names = sorted(dir(module))
    except Exception:  # noqa: BLE001 - a lazy module that cannot load has no reachable members
        return
    for name in names:
        if name.startswith("_") or (not prefix and name in SKIP):
            continue
        path = prefix + name
        try:
            value = getattr(module, name)
        except Exception:  # noqa: BLE001 - raising on access is exactly what the table records
            broken[path] = []
            continue
        if _is_module(value) and type(value).__name__ == "KerasLazyLoader":
            members = _legacy_keras_members(value)
            if members is not None:
                broken[path] = members
                continue
        out[path] = value
        if _is_module(value) and path != "keras" and id(value) not in seen and _api_module(value, root):
            walk(value, root, path + ".", out, broken, (*seen, id(value)))


def _resolve(root, path: str):
    obj = root
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _params(fn) -> list[str] | None:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    out = []
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            out.append("*" + p.name)
        elif p.kind is p.VAR_KEYWORD:
            out.append("**" + p.name)
        elif p.kind is p.KEYWORD_ONLY:
            out.append("=" + p.name)
        else:
            out.append(p.name)
    return out


def _plain(names: list[str]) -> set[str]:
    return {n.lstrip("*=") for n in names if not n.startswith("**")}


def arg_diff(v1_obj, v2_obj) -> dict | None:
    """How a TF1 callable's parameters map onto its TF2 namesake, from the signatures and TF's own source."""
    if inspect.isclass(v1_obj) and inspect.isclass(v2_obj):
        v1_fn, v2_fn = v1_obj.__init__, v2_obj.__init__
    elif callable(v1_obj) and callable(v2_obj):
        v1_fn, v2_fn = v1_obj, v2_obj
    else:
        return None
    p1, p2 = _params(v1_fn), _params(v2_fn)
    if p1 is None or p2 is None:
        return None
    if inspect.isclass(v1_obj):
        p1, p2 = p1[1:], p2[1:]  # self
    text = ""
    for fn in (v1_fn, _unwrap(v1_fn)):
        text += (inspect.getdoc(fn) or "") + "\n"
    try:
        text += inspect.getsource(_unwrap(v1_fn))
    except (OSError, TypeError):
        pass
    new_names, old_names = _plain(p2), _plain(p1)
    renamed: dict[str, str] = {}
    for new, old in LOOKUP.findall(text):
        if old in old_names and old not in new_names and new in new_names:
            renamed[old] = new
    for old, new in DOC_RENAME.findall(text):
        if old in old_names and old not in new_names and new in new_names:
            renamed.setdefault(old, new)
    for old in old_names - new_names:
        squeezed = old.replace("_", "")
        if squeezed in new_names and squeezed not in old_names:
            renamed.setdefault(old, squeezed)
    complement: dict[str, str] = {}
    for new, old in COMPLEMENT.findall(text):
        if old in old_names and old not in new_names and new in new_names:
            complement[old] = new
            renamed.pop(old, None)
    entry: dict = {"v1": p1, "v2": p2}
    if inspect.isclass(v1_obj):
        # A TF1 class with a TF2 namesake: TF1 code may call what only the TF1 class has (Dataset iterators...).
        entry["class"] = sorted(n for n in dir(v1_obj) if not n.startswith("_") and not hasattr(v2_obj, n))
    if renamed:
        entry["renamed"] = dict(sorted(renamed.items()))
    if complement:
        entry["complement"] = dict(sorted(complement.items()))
    fixed = _fixed_defaults(v1_fn, v2_fn, old_names - new_names - set(renamed) - set(complement))
    if fixed:
        entry["fixed"] = fixed
    return entry


def _fixed_defaults(v1_fn, v2_fn, dropped: set[str]) -> dict[str, list[str]]:
    """TF1 parameters TF2 dropped but still passes, fixed to another value than TF1's default: {name: [TF1
    default, TF2's value]} as source literals. tf.nn.embedding_lookup_v2 calls the TF1 function with
    partition_strategy "div" where TF1 defaulted to "mod": a TF1 call relying on that default is another call in
    TF2 (for a list of tables). Read from the TF2 function's own call of the TF1 one, bound to TF1's signature."""
    import ast
    import textwrap

    if not dropped:
        return {}
    v1_target, v2_target = _unwrap(v1_fn), _unwrap(v2_fn)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(v2_target)))
        v1_sig = inspect.signature(v1_target)
    except (OSError, TypeError, ValueError, SyntaxError):
        return {}
    name = getattr(v1_target, "__name__", None)
    out: dict[str, list[str]] = {}
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name):
            continue
        try:
            bound = v1_sig.bind_partial(*call.args, **{k.arg: k.value for k in call.keywords if k.arg})
        except TypeError:
            continue
        for param, value in bound.arguments.items():
            default = v1_sig.parameters[param].default
            if param not in dropped or not isinstance(value, ast.Constant) or default is inspect.Parameter.empty:
                continue
            if not _same_value(value.value, default):
                out[param] = [repr(default), repr(value.value)]
    return dict(sorted(out.items()))


def _same_value(a, b) -> bool:
    if a is b:
        return True
    if type(a) is type(b) and isinstance(a, (str, int, float, bool, bytes)):
        return a == b
    return False


def _contrib_rnn(symbols: dict[str, str]) -> dict[str, dict]:
    """tf.contrib.rnn.X for every tf.compat.v1.nn.rnn_cell.X and static_*rnn this TensorFlow still lists."""
    out: dict[str, dict] = {}
    for path in symbols:
        if path.startswith("nn.rnn_cell.") and path.count(".") == 2:
            out["contrib.rnn." + path.split(".")[-1]] = {"to": "compat.v1." + path, "value": True, "legacy": True}
    for name in CONTRIB_RNN_FUNCTIONS:
        if f"nn.{name}" in symbols:
            out[f"contrib.rnn.{name}"] = {"to": f"compat.v1.nn.{name}", "value": True, "legacy": True}
    if not out:
        raise SystemExit("tf.compat.v1.nn.rnn_cell is missing: the tf.contrib.rnn mapping cannot be derived")
    return out


def _check_renames(tf, symbols: dict[str, str]) -> dict[str, str]:
    """The pre-1.0 renames whose target exists and takes the old positional parameters in the same order."""
    out: dict[str, str] = {}
    for old, (new, params) in sorted(PRE_1_0_RENAMES.items()):
        if old in symbols:
            raise SystemExit(f"tf.{old} still exists: it is not a removed name")
        target = _resolve(tf, new)  # raises (and fails generation) when the target does not exist
        if (_params(target) or [])[: len(params)] != params:
            raise SystemExit(f"tf.{new} does not take {params}: tf.{old} cannot be renamed to it")
        out[old] = new
    return out


def _xavier_normal_scale() -> str:
    """The VarianceScaling scale giving truncated_normal(stddev=sqrt(1.3/n)), contrib's xavier normal."""
    from tensorflow.python.ops import init_ops

    found = re.search(r"math\.sqrt\(scale\)\s*/\s*(\.\d+)", inspect.getsource(init_ops.VarianceScaling.__call__))
    if found is None:
        raise SystemExit("tf.compat.v1 VarianceScaling no longer divides by its truncation constant")
    return repr(1.3 * float(found.group(1)) ** 2)


def _check_graph(tf, path: str, spec: dict) -> dict:
    """Verify (and fill in) a "graph" alternative: every chosen target exists and takes the arguments."""
    spec = json.loads(json.dumps(spec).replace("{xavier_normal_scale}", _xavier_normal_scale()))
    for target_path in [spec["to"], *(spec.get("choose") or [None, {}])[1].values()]:
        params = _plain(_params(_resolve(tf, target_path)) or [])
        wanted = set(spec["map"].values()) | set(spec.get("choose_defaults", {}).get(target_path, {}))
        wanted |= set(spec.get("defaults", {})) | ({spec["choose_arg"][1]} if spec.get("choose_arg") else set())
        if wanted - params:
            raise SystemExit(f"{path}: {target_path} has no parameter(s) {sorted(wanted - params)}")
    return spec


def _check_contrib(tf, symbols: dict[str, str]) -> dict:
    out: dict[str, object] = {}
    for path, spec in sorted({**CONTRIB_REPLACEMENTS, **_contrib_rnn(symbols)}.items()):
        if spec.get("truncated"):
            spec = json.loads(json.dumps(spec).replace("{xavier_normal_scale}", _xavier_normal_scale()))
        if spec.get("graph"):
            spec = {**spec, "graph": _check_graph(tf, path, spec["graph"])}
        if spec.get("remove"):
            out[path] = spec
            continue
        if spec.get("legacy"):
            # Under Keras 3 these raise on access; the table lists them (fate "x") from tf_keras' legacy module.
            v1 = spec["to"].removeprefix("compat.v1.")
            if v1 not in symbols:
                raise SystemExit(f"{path}: tf.{spec['to']} is not in tf.compat.v1")
            if not spec.get("value"):
                layer = legacy_layers().get("layers", {}).get(v1.split(".")[-1], {})
                missing = (set(spec["map"].values()) | set(spec.get("defaults", {}))) - set(layer.get("v1", []))
                if missing:
                    raise SystemExit(f"{path}: tf.{spec['to']} has no parameter(s) {sorted(missing)}")
            out[path] = spec
            continue
        targets = [spec["to"], *((spec.get("choose") or [None, {}])[1].values())]
        for target_path in targets:
            target = _resolve(tf, target_path)  # raises (and fails generation) when a replacement does not exist
            if spec.get("value"):
                continue
            params = _plain(_params(target.__init__ if inspect.isclass(target) else target) or [])
            wanted = set(spec["map"].values()) | set(spec.get("defaults", {}))
            if spec.get("choose_arg"):
                wanted.add(spec["choose_arg"][1])
            missing = wanted - params
            if missing:
                raise SystemExit(f"{path}: {target_path} has no parameter(s) {sorted(missing)}")
        out[path] = spec
    return {
        "replacements": out,
        "modules": dict(sorted(CONTRIB_MODULES.items())),
        "notes": dict(sorted(CONTRIB_NOTES.items())),
    }


def _keras_class_name(function: str) -> str:
    """``max_pooling2d`` -> ``MaxPooling2D``: how tf.layers functions name their Keras classes."""
    return "".join(re.sub(r"(\d)d$", r"\1D", part.capitalize()) for part in function.split("_"))


def legacy_layers() -> dict:
    """For every tf.compat.v1.layers function/class: its Keras 3 class and both signatures.

    The legacy module is read from tf_keras (what TF_USE_LEGACY_KERAS=1 would serve); Keras 3 is what
    tf.keras is now. TFM103 maps arguments from these lists only.
    """
    import importlib

    import keras

    try:
        legacy = importlib.import_module("tf_keras.api._v1.keras.__internal__.legacy.layers")
    except ImportError:
        return {}
    out: dict[str, dict] = {}
    for name in sorted(dir(legacy)):
        if name.startswith("_"):
            continue
        obj = getattr(legacy, name)
        cls_name = name if inspect.isclass(obj) else _keras_class_name(name)
        target = getattr(keras.layers, cls_name, None)
        if target is None or not inspect.isclass(target) or not issubclass(target, keras.layers.Layer):
            continue
        v1 = _params(obj.__init__)[1:] if inspect.isclass(obj) else _params(obj)
        out[name] = {
            "keras": cls_name,
            "v1": v1,
            "init": (_params(target.__init__) or ["self"])[1:],
            "call": (_params(target.call) or ["self"])[1:],
        }
    return {"base": (_params(keras.layers.Layer.__init__) or ["self"])[1:], "layers": out}


def build() -> dict:
    import tensorflow as tf

    v1 = sys.modules[V1_ROOT]
    v1_objs: dict[str, object] = {}
    broken: dict[str, list[str]] = {}
    walk(v1, V1_ROOT, "", v1_objs, broken)
    v2_objs: dict[str, object] = {}
    walk(tf, V2_ROOT, "", v2_objs, {})
    by_id: dict[int, list[str]] = {}
    for path, obj in v2_objs.items():
        if callable(obj) or inspect.isclass(obj):
            by_id.setdefault(id(obj), []).append(path)

    symbols: dict[str, str] = {}
    modules: list[str] = []
    args: dict[str, dict] = {}
    for path, obj in sorted(v1_objs.items()):
        if _is_module(obj):
            if getattr(obj, "__name__", "").startswith(V1_ROOT + "."):
                modules.append(path)
            other = v2_objs.get(path)
            name = getattr(other, "__name__", None) if _is_module(other) else None
            if name in (getattr(obj, "__name__", ""), f"{V2_ROOT}.{path}"):
                symbols[path] = "="
            else:  # another module under the same path (tf.losses is Keras 3's): its members decide one by one
                symbols[path] = "d" if name else "c"
            continue
        other = v2_objs.get(path, _MISSING)
        if other is not _MISSING and _same_value(obj, other):
            symbols[path] = "="
            continue
        rename = None
        for name in _v2_names(obj):
            if v2_objs.get(name, _MISSING) is obj:
                rename = name
                break
        if rename is None and (callable(obj) or inspect.isclass(obj)):
            candidates = sorted(by_id.get(id(obj), []), key=lambda p: (p.count("."), len(p), p))
            rename = candidates[0] if candidates else None
        if rename is not None:
            symbols[path] = rename
        elif other is not _MISSING:
            symbols[path] = "d"
            diff = arg_diff(obj, other)
            if diff is not None:
                if (getattr(other, "__module__", "") or "").startswith("keras"):
                    diff["keras"] = True  # Keras 3's namesake (tf.initializers.glorot_uniform): TF1 code keeps TF1's
                args[path] = diff
        else:
            symbols[path] = "c"
    for path, members in sorted(broken.items()):
        symbols[path] = "x"
        for member in members:
            symbols[f"{path}.{member}"] = "x"

    import keras

    return {
        "generator": "tools/gen_tf1_api.py",
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "symbols": dict(sorted(symbols.items())),
        "modules": sorted(modules),
        "v2_only": sorted(p for p in v2_objs if p not in v1_objs),
        "args": dict(sorted(args.items())),
        "renames": _check_renames(tf, symbols),
        "contrib": _check_contrib(tf, symbols),
        "legacy_layers": legacy_layers(),
    }


_MISSING = object()


def render(table: dict) -> str:
    return json.dumps(table, sort_keys=False, separators=(",", ":"), ensure_ascii=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stdout", action="store_true", help="print the table instead of writing it")
    ns = parser.parse_args()
    text = render(build())
    if ns.stdout:
        sys.stdout.write(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
