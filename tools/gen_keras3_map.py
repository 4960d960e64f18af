"""Generate tfmigrate/data/keras3_map.json by comparing the installed tf-keras (Keras 2) with keras (Keras 3).

Why generated: which Keras 2 paths Keras 3 still has, where a symbol lives now, which keyword arguments were
renamed and which methods vanished are facts of two real packages. Typing them by hand goes stale and misses
the long tail; reading them from the packages records exactly what was compared (both versions are written
into the file).

What is read:
- Keras 2 module layout: every module under ``tf_keras.src`` (the same layout as the standalone keras 2.6-2.15
  package, whose code lived at ``keras.layers.core`` etc.), plus the older flat modules of keras 2.0-2.8
  (``keras.layers.recurrent`` ...), whose successor packages are listed in HISTORICAL_MODULES.
- Keras 2 public API: every public module of ``tf_keras``; a private-module symbol maps to the public path of the
  same object, then to the Keras 3 path of that name.
- Keras 3 public API: every public module of ``keras``.
- Arguments: optimizer constructors are called for real (legacy Keras 2 optimizers vs Keras 3) to prove that
  ``lr`` was an alias of ``learning_rate`` and that ``decay`` is gone; Keras 1 renames are checked against the
  Keras 3 signatures.
- Methods: the signatures of ``fit_generator``/``evaluate_generator``/``predict_generator`` against
  ``fit``/``evaluate``/``predict``.
- tf ops on symbolic tensors: candidate ``tf.X`` -> ``keras.ops.Y`` pairs are kept only when the parameters
  correspond and both give the same numbers on sample inputs; a parameter whose defaults differ is recorded as
  ``explicit`` (the rewrite needs it spelled out). ``tf.split`` is not a candidate: a list argument means sizes
  in TensorFlow and split indices in keras.ops.
- ``tf.compat.v1.flags`` against ``absl.flags``: which names are the identical object.

Run: ``python tools/gen_keras3_map.py [--output PATH]`` (needs tensorflow, keras 3 and tf-keras installed).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import sys
import types
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

OUT = Path(__file__).resolve().parent.parent / "tfmigrate" / "data" / "keras3_map.json"

# keras 2.0-2.8 flat modules -> the tf_keras.src package that took over their symbols (keras 2.9 split them up).
HISTORICAL_MODULES = {
    "layers.recurrent": "layers.rnn",
    "layers.recurrent_v2": "layers.rnn",
    "layers.cudnn_recurrent": "layers.rnn",
    "layers.convolutional_recurrent": "layers.rnn",
    "layers.wrappers": "layers.rnn",
    "layers.merge": "layers.merging",
    "layers.embeddings": "layers.core",
    "layers.advanced_activations": "layers.activation",
    "layers.local": "layers.locally_connected",
    "layers.noise": "layers.regularization",
    "layers.dense_attention": "layers.attention",
    "layers.normalization_v2": "layers.normalization",
    "engine.topology": "engine",
    "engine.network": "engine",
    "legacy.layers": "layers",
    "saving.save": "saving.legacy.save",
    "saving.hdf5_format": "saving.legacy.hdf5_format",
    "saving.model_config": "saving.legacy.model_config",
    "saving.saved_model": "saving.legacy.saved_model",
    "optimizers.optimizer_v2.learning_rate_schedule": "optimizers.schedules.learning_rate_schedule",
    "optimizer_v2.learning_rate_schedule": "optimizers.schedules.learning_rate_schedule",
    # keras 2.3-2.10 kept the Keras 2 optimizers in optimizer_v2 (top level until 2.6), 2.11+ in optimizers.legacy
    **{
        f"{package}.{name}": f"optimizers.legacy.{name}"
        for package in ("optimizer_v2", "optimizers.optimizer_v2")
        for name in (
            "adadelta",
            "adagrad",
            "adam",
            "adamax",
            "ftrl",
            "gradient_descent",
            "nadam",
            "rmsprop",
            "optimizer_v2",
        )
    },
}

# Keras 2 modules that still exist in tf_keras but gave symbols away during Keras 2's life: code written for the
# older versions imports them from the old place (keras <= 2.11 ``keras.utils.generic_utils.get_custom_objects``;
# keras 2.12 moved the registry to saving.object_registration and serialization to saving.legacy.serialization).
# The old module's listing gets the successors' names it does not define itself.
HISTORICAL_CONTENTS = {
    "utils.generic_utils": ("saving.object_registration", "saving.legacy.serialization"),
}

# What Keras documents for public Keras 2 symbols that have no Keras 3 counterpart
# (https://keras.io/guides/migrating_to_keras_3/ and the Keras 3 release notes).
DOCUMENTED_REPLACEMENTS = {
    "preprocessing.image.ImageDataGenerator": (
        "tf.data.Dataset.from_tensor_slices((x, y)).shuffle(n).batch(b) in place of datagen.flow(x, y), with "
        "augmentation by preprocessing layers (keras.layers.RandomFlip('horizontal'), RandomTranslation(0.1, 0.1), "
        "RandomRotation, RandomZoom) in the model or in dataset.map(...); "
        "keras.utils.image_dataset_from_directory(...) in place of flow_from_directory; or keep this file on tf-keras"
    ),
    "preprocessing.image.DirectoryIterator": "keras.utils.image_dataset_from_directory(...)",
    "preprocessing.image.NumpyArrayIterator": "tf.data.Dataset.from_tensor_slices((x, y)).batch(...)",
    "preprocessing.image.Iterator": "keras.utils.PyDataset",
    "preprocessing.text.Tokenizer": "keras.layers.TextVectorization",
    "preprocessing.text.text_to_word_sequence": "keras.layers.TextVectorization (standardize/split)",
    "preprocessing.text.one_hot": "keras.layers.TextVectorization + keras.layers.Hashing",
    "preprocessing.text.hashing_trick": "keras.layers.Hashing",
    "preprocessing.sequence.TimeseriesGenerator": "keras.utils.timeseries_dataset_from_array(...)",
    "preprocessing.sequence.skipgrams": "tf.keras.preprocessing.sequence.skipgrams under tf-keras, or tf.data",
    "preprocessing.sequence.make_sampling_table": "tf-keras (pip install tf-keras, TF_USE_LEGACY_KERAS=1)",
    "wrappers.scikit_learn.KerasClassifier": "scikeras.wrappers.KerasClassifier (pip install scikeras)",
    "wrappers.scikit_learn.KerasRegressor": "scikeras.wrappers.KerasRegressor (pip install scikeras)",
    "utils.Sequence": "keras.utils.PyDataset",
    "layers.experimental.preprocessing": "keras.layers (the preprocessing layers moved there)",
    "layers.CuDNNLSTM": "keras.layers.LSTM (it runs on cuDNN by itself on a GPU with the default arguments)",
    "layers.CuDNNGRU": "keras.layers.GRU(..., reset_after=True) (cuDNN by itself on a GPU with the defaults)",
    "layers.merge": "keras.layers.concatenate / add / multiply / average / maximum / dot (Keras 1 merge(mode=...))",
    "layers.Merge": "keras.layers.Concatenate / Add / Multiply / Average / Maximum / Dot (Keras 1 Merge(mode=...))",
    "utils.multi_gpu_model": "tf.distribute.MirroredStrategy(): build and compile the model inside strategy.scope()",
    "layers.core.MaxoutDense": "keras.layers.Dense(units * k) followed by a max over k (Keras 1 MaxoutDense)",
    "layers.Highway": "a custom layer (Keras 1 Highway was removed in Keras 2)",
}

# keras.backend functions Keras 3 dropped whose replacement is not keras.ops.<same name>, or where the same name
# means something else (K.switch is a where; K.repeat is RepeatVector). From the Keras 3 migration guide.
BACKEND_REPLACEMENTS = {
    "get_value": "x.numpy() (or keras.ops.convert_to_numpy(x))",
    "set_value": "x.assign(value)",
    "batch_get_value": "[x.numpy() for x in xs]",
    "batch_set_value": "x.assign(value) for each pair",
    "int_shape": "tuple(x.shape)",
    "permute_dimensions": "keras.ops.transpose(x, axes)",
    "repeat_elements": "keras.ops.repeat(x, rep, axis)",
    "repeat": "keras.layers.RepeatVector(n)(x)",
    "switch": "keras.ops.where(condition, then_expression, else_expression)",
    "l2_normalize": "keras.ops.normalize(x, axis=axis, order=2)",
    "pow": "keras.ops.power(x, a)",
    "gather": "keras.ops.take(reference, indices, axis=0)",
    "flatten": "keras.ops.reshape(x, (-1,))",
    "batch_flatten": "keras.layers.Flatten()(x) or keras.ops.reshape(x, (keras.ops.shape(x)[0], -1))",
    "constant": "keras.ops.convert_to_tensor(value, dtype)",
    "cast_to_floatx": "keras.ops.cast(x, keras.config.floatx())",
    "variable": "keras.Variable(value, dtype=dtype, name=name)",
    "bias_add": "x + bias",
    "reverse": "keras.ops.flip(x, axis)",
    "random_normal": "keras.random.normal(shape, mean, stddev, dtype, seed)",
    "random_uniform": "keras.random.uniform(shape, minval, maxval, dtype, seed)",
    "truncated_normal": "keras.random.truncated_normal(shape, mean, stddev, dtype, seed)",
    "random_bernoulli": "keras.random.uniform(shape) < p",
    "dropout": "keras.random.dropout(x, rate, noise_shape, seed) or a keras.layers.Dropout layer",
    "count_params": "model.count_params() or keras.ops.size(x)",
    "conv1d": "keras.ops.conv(x, kernel, strides, padding, data_format, dilation_rate)",
    "conv2d": "keras.ops.conv(x, kernel, strides, padding, data_format, dilation_rate)",
    "conv3d": "keras.ops.conv(x, kernel, strides, padding, data_format, dilation_rate)",
    "rnn": "keras.layers.RNN with a cell",
    "placeholder": "keras.Input(shape=..., dtype=...)",
    "function": "a keras.Model built on the tensors, then model(x) or model.predict(x)",
    "learning_phase": "the training= argument of layer and model calls",
    "set_learning_phase": "the training= argument of layer and model calls",
    "in_train_phase": "the training= argument of a custom layer's call()",
    "gradients": "tf.GradientTape",
    "eval": "x.numpy()",
    "print_tensor": "tf.print(x) inside a layer, or print(x.numpy()) eagerly",
    "update": "x.assign(new_x)",
    "update_add": "x.assign_add(increment)",
    "update_sub": "x.assign_sub(decrement)",
    "map_fn": "keras.ops.map(f, xs) or keras.ops.vectorized_map(f, xs)",
    "foldl": "keras.ops.scan or a Python loop",
    "foldr": "keras.ops.scan(..., reverse=True) or a Python loop",
    "stop_gradient": "keras.ops.stop_gradient(x)",
    "resize_images": "keras.ops.image.resize(x, size)",
    "spatial_2d_padding": "keras.ops.pad(x, pad_width)",
    "temporal_padding": "keras.ops.pad(x, pad_width)",
    "get_session": "nothing: Keras 3 has no session (run eagerly)",
    "set_session": "nothing: Keras 3 has no session (run eagerly)",
}

# Keras 1 argument names that Keras 2.0-2.2 still accepted with a warning (Keras 2.0 release notes).
KERAS1_RENAMES = {
    "Model": {"input": "inputs", "output": "outputs"},
    "Model.fit": {"nb_epoch": "epochs"},
    "Model.fit_generator": {"nb_epoch": "epochs"},
    # Keras 2.0 still read nb_words= from **kwargs with a warning; Keras 3's imdb ignores it, reuters raises.
    "datasets.imdb.load_data": {"nb_words": "num_words"},
    "datasets.reuters.load_data": {"nb_words": "num_words"},
}

# Keras 1 layer keyword names (Keras 2.0 release notes, keras/legacy/interfaces.py of Keras 2.0-2.2): each old
# name -> the Keras 2/3 candidates, the first one a layer's real Keras 3 signature has wins.
KERAS1_LAYER_ARGUMENTS = {
    "output_dim": ["units"],
    "init": ["kernel_initializer", "embeddings_initializer", "depthwise_initializer"],
    "inner_init": ["recurrent_initializer"],
    "W_regularizer": ["kernel_regularizer", "embeddings_regularizer", "depthwise_regularizer"],
    "U_regularizer": ["recurrent_regularizer"],
    "b_regularizer": ["bias_regularizer"],
    "W_constraint": ["kernel_constraint", "embeddings_constraint", "depthwise_constraint"],
    "U_constraint": ["recurrent_constraint"],
    "b_constraint": ["bias_constraint"],
    "bias": ["use_bias"],
    "nb_filter": ["filters"],
    "filter_length": ["kernel_size"],
    "subsample_length": ["strides"],
    "subsample": ["strides"],
    "border_mode": ["padding"],
    "dim_ordering": ["data_format"],
    "pool_length": ["pool_size"],
    "stride": ["strides"],
    "atrous_rate": ["dilation_rate"],
    "dropout_W": ["dropout"],
    "dropout_U": ["recurrent_dropout"],
    "p": ["rate"],
    "beta_init": ["beta_initializer"],
    "gamma_init": ["gamma_initializer"],
}
# Keras 1 values of renamed arguments that Keras 2+ spells differently.
KERAS1_VALUES = {"dim_ordering": {"tf": "channels_last", "th": "channels_first"}}

# Candidate tf.X -> keras.ops.Y pairs for symbolic Keras tensors; kept only if the check below proves them.
OPS_CANDIDATES = {
    "concat": ("concatenate", {"values": "xs", "axis": "axis"}, lambda np: ([np.ones((2, 3)), np.zeros((2, 2))], 1)),
    "reshape": ("reshape", {"tensor": "x", "shape": "newshape"}, lambda np: (np.arange(6.0), (2, 3))),
    "transpose": ("transpose", {"a": "x", "perm": "axes"}, lambda np: (np.arange(6.0).reshape(2, 3), (1, 0))),
    "stack": ("stack", {"values": "x", "axis": "axis"}, lambda np: ([np.ones(3), np.zeros(3)], 1)),
    "expand_dims": ("expand_dims", {"input": "x", "axis": "axis"}, lambda np: (np.arange(3.0), 0)),
    "squeeze": ("squeeze", {"input": "x", "axis": "axis"}, lambda np: (np.ones((2, 1, 3)), 1)),
    "add": ("add", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "subtract": ("subtract", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "multiply": ("multiply", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.full(3, 2.0))),
    "maximum": ("maximum", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "minimum": ("minimum", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "matmul": ("matmul", {"a": "x1", "b": "x2"}, lambda np: (np.ones((2, 3)), np.ones((3, 4)))),
    "abs": ("abs", {"x": "x"}, lambda np: (np.arange(-2.0, 2.0),)),
    "exp": ("exp", {"x": "x"}, lambda np: (np.arange(3.0),)),
    "sqrt": ("sqrt", {"x": "x"}, lambda np: (np.arange(3.0),)),
    "square": ("square", {"x": "x"}, lambda np: (np.arange(3.0),)),
    "tanh": ("tanh", {"x": "x"}, lambda np: (np.arange(3.0),)),
    "sigmoid": ("sigmoid", {"x": "x"}, lambda np: (np.arange(3.0),)),
    "reduce_sum": (
        "sum",
        {"input_tensor": "x", "axis": "axis", "keepdims": "keepdims"},
        lambda np: (np.arange(6.0).reshape(2, 3), 1),
    ),
    "reduce_mean": (
        "mean",
        {"input_tensor": "x", "axis": "axis", "keepdims": "keepdims"},
        lambda np: (np.arange(6.0).reshape(2, 3), 1),
    ),
    "reduce_max": (
        "max",
        {"input_tensor": "x", "axis": "axis", "keepdims": "keepdims"},
        lambda np: (np.arange(6.0).reshape(2, 3), 1),
    ),
    "reduce_min": (
        "min",
        {"input_tensor": "x", "axis": "axis", "keepdims": "keepdims"},
        lambda np: (np.arange(6.0).reshape(2, 3), 1),
    ),
    "math.log": ("log", {"x": "x"}, lambda np: (np.arange(1.0, 4.0),)),
    "nn.relu": ("relu", {"features": "x"}, lambda np: (np.arange(-2.0, 2.0),)),
    "nn.softmax": ("softmax", {"logits": "x", "axis": "axis"}, lambda np: (np.arange(6.0).reshape(2, 3), -1)),
    "equal": ("equal", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "not_equal": ("not_equal", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "greater": ("greater", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "greater_equal": ("greater_equal", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "less": ("less", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "less_equal": ("less_equal", {"x": "x1", "y": "x2"}, lambda np: (np.arange(3.0), np.ones(3))),
    "where": (
        "where",
        {"condition": "condition", "x": "x1", "y": "x2"},
        lambda np: (np.array([True, False, True]), np.arange(3.0), np.ones(3)),
    ),
    "clip_by_value": (
        "clip",
        {"t": "x", "clip_value_min": "x_min", "clip_value_max": "x_max"},
        lambda np: (np.arange(-2.0, 3.0), -1.0, 1.0),
    ),
    "one_hot": ("one_hot", {"indices": "x", "depth": "num_classes"}, lambda np: (np.array([0, 2, 1]), 3)),
    "reduce_prod": (
        "prod",
        {"input_tensor": "x", "axis": "axis", "keepdims": "keepdims"},
        lambda np: (np.arange(1.0, 7.0).reshape(2, 3), 1),
    ),
    "nn.sigmoid": ("sigmoid", {"x": "x"}, lambda np: (np.arange(3.0),)),
    "nn.tanh": ("tanh", {"x": "x"}, lambda np: (np.arange(3.0),)),
    "tile": ("tile", {"input": "x", "multiples": "repeats"}, lambda np: (np.arange(3.0), (2,))),
    "cast": ("cast", {"x": "x", "dtype": "dtype"}, lambda np: (np.arange(3.0), "int32")),
}

# Parameters whose omission changes the meaning although both defaults read None (tf.where(c) returns indices).
OPS_EXPLICIT = {"where": ["x", "y"]}

SKIP_PARTS = {"tests", "benchmarks", "testing_infra", "__internal__", "api", "protobuf", "src", "_tf_keras"}


def _walk(package: types.ModuleType, skip_top: bool) -> dict[str, types.ModuleType]:
    found = {package.__name__: package}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".", onerror=lambda name: None):
        parts = info.name.split(".")[1:]
        rel = parts[1:] if parts[:1] == ["src"] else parts
        if any(p in SKIP_PARTS for p in (rel if not skip_top else parts)) or parts[-1].endswith("_test"):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found[info.name] = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a module that cannot import on this machine is not a public path
            continue
    return found


def _public_names(module: types.ModuleType) -> dict[str, object]:
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }


def public_api(package: types.ModuleType) -> dict[str, object]:
    """``{"layers.Dense": <class>}`` for every public module of a Keras package."""
    api: dict[str, object] = {}
    for name, module in _walk(package, skip_top=True).items():
        rel = name[len(package.__name__) + 1 :]
        for symbol, value in _public_names(module).items():
            api[f"{rel}.{symbol}" if rel else symbol] = value
    return api


def _refuses(value: object) -> bool:
    """Keras 3's placeholders for what it dropped (``keras.optimizers.legacy.Adam``): public names whose
    constructor raises ImportError. A path to one of them is no Keras 3 equivalent."""
    if not inspect.isclass(value) or "legacy" not in value.__module__ + value.__qualname__.lower():
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value()
    except ImportError:
        return True
    except Exception:  # noqa: BLE001 - needs arguments: a real class
        return False
    return False


def public_modules(package: types.ModuleType) -> set[str]:
    return {name[len(package.__name__) + 1 :] for name in _walk(package, skip_top=True)} - {""}


def _preferred(paths: list[str]) -> str:
    return min(paths, key=lambda p: (p.count("."), "experimental" in p, "legacy" in p, len(p), p))


def keras3_target(k2_paths: list[str], k3_api: dict[str, object], symbol: str = "") -> str | None:
    """Where Keras 3 keeps a Keras 2 public symbol: the same path, or the same name in the same namespace."""
    k2_paths = sorted(k2_paths, key=lambda p: (p.rsplit(".", 1)[-1] != symbol, p.count("."), p))
    for path in k2_paths:
        if path in k3_api:
            return path
    by_name: dict[str, list[str]] = {}
    for path in k3_api:
        by_name.setdefault(path.rsplit(".", 1)[-1], []).append(path)
    for path in k2_paths:
        name = path.rsplit(".", 1)[-1]
        top = path.split(".")[0] if "." in path else ""
        near = [p for p in by_name.get(name, []) if (p.split(".")[0] if "." in p else "") == top]
        if not near and top in {"preprocessing", "utils"}:
            near = [p for p in by_name.get(name, []) if p.split(".")[0] in {"utils", "layers"}]
        if near:
            return _preferred(near)
    return None


def module_map(tfk, k3_api: dict[str, object], k3_modules: set[str]) -> tuple[dict, dict]:
    """Keras 2 module paths Keras 3 lacks -> {symbol: Keras 3 path or None}, plus the public paths Keras 3 lacks."""
    k2_api = public_api(tfk)
    paths_of: dict[int, list[str]] = {}
    for path, value in k2_api.items():
        paths_of.setdefault(id(value), []).append(path)

    src = importlib.import_module("tf_keras.src")
    src_modules = _walk(src, skip_top=False)
    listing: dict[str, dict[str, object]] = {}
    for name, module in src_modules.items():
        rel = name[len("tf_keras.src.") :] if name != "tf_keras.src" else ""
        if not rel:
            continue
        listing[rel] = _public_names(module)

    def subtree(root: str) -> dict[str, object]:
        # A Keras 2 package re-exported its submodules' symbols; the first object with a public path wins, so a
        # v1 class (layers.rnn.lstm_v1.LSTM) never hides the public one.
        merged: dict[str, object] = {}
        for rel in sorted(listing, key=lambda r: (r.count("."), r)):
            if rel == root or rel.startswith(root + "."):
                for name, value in listing[rel].items():
                    if name not in merged or (id(value) in paths_of and id(merged[name]) not in paths_of):
                        merged[name] = value
        return merged

    effective = {rel: subtree(rel) for rel in listing}
    for old, successor in HISTORICAL_MODULES.items():
        effective.setdefault(old, subtree(successor))
    for old, successors in HISTORICAL_CONTENTS.items():
        merged = dict(effective.get(old, {}))
        for successor in successors:
            for name, value in subtree(successor).items():
                merged.setdefault(name, value)
        effective[old] = merged
    public_k2 = {p.rsplit(".", 1)[0]: None for p in k2_api if "." in p}
    for rel in public_k2:
        if rel not in effective:
            effective[rel] = {p.rsplit(".", 1)[1]: v for p, v in k2_api.items() if p.rsplit(".", 1)[0] == rel}
    listing = effective

    modules: dict[str, dict[str, str | None]] = {}
    for rel, names in sorted(listing.items()):
        if rel in k3_modules:
            continue
        entries: dict[str, str | None] = {}
        for symbol, value in names.items():
            k2_paths = paths_of.get(id(value))
            if not k2_paths or symbol not in {p.rsplit(".", 1)[-1] for p in k2_paths}:
                continue
            entries[symbol] = keras3_target(k2_paths, k3_api, symbol)
        if entries:
            modules[rel] = dict(sorted(entries.items()))

    removed: dict[str, str] = {}
    for path, value in sorted(k2_api.items()):
        if path in k3_api or not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if path.split(".")[0] not in {"preprocessing", "wrappers", "utils"}:
            continue
        if keras3_target(paths_of[id(value)], k3_api) is not None:
            continue
        removed[path] = DOCUMENTED_REPLACEMENTS.get(path, DOCUMENTED_REPLACEMENTS.get(path.rsplit(".", 1)[0], ""))
    for path, text in DOCUMENTED_REPLACEMENTS.items():
        if path not in k3_api and path not in k3_modules:
            removed.setdefault(path, text)
    return modules, removed


def optimizer_arguments(tfk, keras) -> dict:
    """Call every optimizer of both versions: ``lr`` must land in ``learning_rate`` in Keras 2 and fail in 3."""
    table: dict[str, dict] = {}
    for name in sorted(dir(tfk.optimizers.legacy)):
        legacy = getattr(tfk.optimizers.legacy, name)
        new = getattr(keras.optimizers, name, None)
        if not (inspect.isclass(legacy) and inspect.isclass(new)) or name == "Optimizer":
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                lr_alias = abs(float(legacy(lr=0.123).learning_rate) - 0.123) < 1e-6
                has_decay = abs(float(legacy(decay=0.5).decay) - 0.5) < 1e-6
            except Exception:  # noqa: BLE001 - an optimizer that needs other arguments is left out
                continue
        entry: dict[str, object] = {"renamed": {}, "removed": {}}
        for old, value in (("lr", 0.123), ("decay", 0.5)):
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # Keras 3 takes ``decay`` but only warns that it is ignored
                try:
                    new(**{old: value})
                    accepted = True
                except (ValueError, TypeError, UserWarning):
                    accepted = False
            if accepted:
                continue
            if old == "lr" and lr_alias and "learning_rate" in inspect.signature(new).parameters:
                entry["renamed"]["lr"] = "learning_rate"
            elif old == "decay" and has_decay:
                entry["removed"]["decay"] = (
                    "Keras 2 applied lr / (1 + decay * iterations); in Keras 3 pass "
                    "learning_rate=keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=<lr>, "
                    "decay_steps=1, decay_rate=<decay>) instead"
                )
        if entry["renamed"] or entry["removed"]:
            table[name] = entry
    return table


# The lowercase aliases standalone Keras 2.0-2.2 exported from keras.optimizers (``sgd = SGD`` ...).
OPTIMIZER_ALIASES = ("sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam")

# Learning rates whose default changed: standalone Keras 2.0-2.3 defaults (keras/optimizers.py of those releases).
KERAS2_DEFAULT_LEARNING_RATES = {"Adadelta": 1.0, "Adagrad": 0.01, "Adamax": 0.002, "Nadam": 0.002}

# Keras 1 layer arguments that Keras 2.0 accepted but ignored with a warning, and what that warning suggested.
KERAS1_IGNORED_LAYER_ARGUMENTS = {"Embedding": {"dropout": "keras.layers.SpatialDropout1D({value}) after the layer"}}


def optimizer_aliases(keras) -> dict:
    """Lowercase Keras 2.0-2.2 alias -> the Keras 3 optimizer class of the same name (ignoring case)."""
    classes = {n.lower(): n for n in dir(keras.optimizers) if inspect.isclass(getattr(keras.optimizers, n))}
    return {
        alias: classes[alias]
        for alias in OPTIMIZER_ALIASES
        if alias in classes and not hasattr(keras.optimizers, alias)
    }


def changed_default_learning_rates(keras) -> dict:
    """Optimizer -> {keras2, keras3} default learning rate, where the standalone Keras 2 default differs."""
    out = {}
    for name, old in KERAS2_DEFAULT_LEARNING_RATES.items():
        new = inspect.signature(getattr(keras.optimizers, name)).parameters["learning_rate"].default
        if new != old:
            out[name] = {"keras2": old, "keras3": new}
    return out


def keras1_ignored_layer_arguments(keras) -> dict:
    """Only arguments the Keras 3 layer really rejects."""
    return {
        layer: {
            arg: note
            for arg, note in args.items()
            if arg not in inspect.signature(getattr(keras.layers, layer).__init__).parameters
        }
        for layer, args in KERAS1_IGNORED_LAYER_ARGUMENTS.items()
    }


def keras1_arguments(keras) -> dict:
    """Keras 1 names that Keras 3 does not accept, each checked against the real Keras 3 signature."""
    targets = {
        "Model": keras.Model.__init__,
        "Model.fit": keras.Model.fit,
        "Model.fit_generator": keras.Model.fit,
        "datasets.imdb.load_data": keras.datasets.imdb.load_data,
        "datasets.reuters.load_data": keras.datasets.reuters.load_data,
    }
    functional = importlib.import_module("keras.src.models.functional").Functional.__init__
    table = {}
    for where, renames in KERAS1_RENAMES.items():
        params = set(inspect.signature(targets[where]).parameters)
        if where == "Model":
            params |= set(inspect.signature(functional).parameters)
        table[where] = {old: new for old, new in renames.items() if new in params and old not in params}
    return table


def keras3_names(k3_api: dict[str, object]) -> dict[str, list[str]]:
    """Every public Keras 3 name per module ("" = the top level), to tell a name Keras 3 lacks."""
    names: dict[str, set[str]] = {}
    for path in k3_api:
        module, _, name = path.rpartition(".")
        names.setdefault(module, set()).add(name)
    return {module: sorted(found) for module, found in sorted(names.items())}


def layer_arguments_removed(tfk, keras) -> dict:
    """Keras 2 layer constructor arguments Keras 3 rejects, with their Keras 2 default.

    Each candidate (a parameter of the tf-keras class that the Keras 3 class's signature lacks) is tried for
    real: ``keras.layers.X(param=<Keras 2 default>)`` must raise, so arguments Keras 3 still takes through
    ``**kwargs`` (``LeakyReLU(alpha=)``, ``InputLayer(input_shape=)``, ``Embedding(input_length=)``) are left out.
    """
    required = {
        "units": 2,
        "input_dim": 3,
        "output_dim": 2,
        "filters": 2,
        "kernel_size": 3,
        "num_heads": 2,
        "key_dim": 2,
        "equation": "ab,bc->ac",
        "output_shape": 2,
        "cell": None,
    }
    out = {}
    for name in sorted(dir(tfk.layers)):
        old_cls, new_cls = getattr(tfk.layers, name), getattr(keras.layers, name, None)
        if not (inspect.isclass(old_cls) and inspect.isclass(new_cls)):
            continue
        try:
            old_sig = inspect.signature(old_cls.__init__).parameters
            new_sig = inspect.signature(new_cls.__init__).parameters
        except (TypeError, ValueError):
            continue
        base = {p: required[p] for p in new_sig if p in required and new_sig[p].default is inspect.Parameter.empty}
        if any(v is None for v in base.values()) or any(
            new_sig[p].default is inspect.Parameter.empty
            and p not in base
            and p not in ("self", "kwargs", "args")
            and new_sig[p].kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
            for p in new_sig
        ):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                new_cls(**base)  # the probe only means something if the plain call works
            except Exception:  # noqa: BLE001
                continue
        for param, spec in old_sig.items():
            if param in new_sig or param in ("self", "kwargs", "args") or spec.default is inspect.Parameter.empty:
                continue
            if not isinstance(spec.default, (bool, int, float, str, type(None))):
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    new_cls(**base, **{param: spec.default})
                    continue
                except Exception:  # noqa: BLE001 - Keras 3 rejecting the argument is what is being measured
                    pass
            out.setdefault(name, {})[param] = spec.default
    return out


def keras1_layer_arguments(keras) -> dict:
    """Per Keras 3 layer class: Keras 1 keyword -> the Keras 3 keyword its real signature has."""
    table = {}
    for name in sorted(dir(keras.layers)):
        cls = getattr(keras.layers, name)
        if not (inspect.isclass(cls) and issubclass(cls, keras.layers.Layer)):
            continue
        try:
            params = set(inspect.signature(cls.__init__).parameters)
        except (TypeError, ValueError):
            continue
        renames = {}
        for old, candidates in KERAS1_LAYER_ARGUMENTS.items():
            if old in params:
                continue
            new = next((c for c in candidates if c in params), None)
            if new is not None:
                renames[old] = new
        if renames:
            table[name] = renames
    return {"layers": table, "values": KERAS1_VALUES}


MODEL_METHODS = (
    "compile",
    "fit",
    "evaluate",
    "predict",
    "train_on_batch",
    "test_on_batch",
    "save",
    "save_weights",
    "load_weights",
)


def model_method_arguments(tfk, keras) -> dict:
    """Keyword arguments of Keras 2 Model methods that the Keras 3 method no longer has."""
    out = {}
    for method in MODEL_METHODS:
        old = [p for p in inspect.signature(getattr(tfk.Model, method)).parameters if p not in ("self", "kwargs")]
        new = set(inspect.signature(getattr(keras.Model, method)).parameters)
        dropped = [p for p in old if p not in new]
        if dropped:
            out[method] = dropped
    return out


def generator_methods(tfk, keras) -> dict:
    """fit_generator -> fit etc.: which Keras 2 parameters survive, which are dropped, positional order."""
    out = {}
    pairs = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}
    dataset = inspect.signature(keras.utils.PyDataset.__init__).parameters
    for old, new in pairs.items():
        old_params = [p for p in inspect.signature(getattr(tfk.Model, old)).parameters if p != "self"]
        new_params = set(inspect.signature(getattr(keras.Model, new)).parameters)
        keep, dropped = {}, {}
        for p in old_params:
            target = "x" if p == "generator" else p
            if target in new_params:
                keep[p] = target
            else:
                where = "keras.utils.PyDataset(...)" if p in dataset else "nowhere"
                dropped[p] = where
        out[old] = {"method": new, "positional": old_params, "keep": keep, "dropped": dropped}
    return out


def ops_table(tf, keras) -> dict:
    """tf.X -> keras.ops.Y, kept only when parameters line up and the numbers agree on sample inputs."""
    import numpy as np

    table = {}
    for tf_name, (op_name, params, sample) in OPS_CANDIDATES.items():
        tf_fn = tf
        for part in tf_name.split("."):
            tf_fn = getattr(tf_fn, part, None)
        op = getattr(keras.ops, op_name, None)
        if tf_fn is None or op is None:
            continue
        tf_params = list(inspect.signature(tf_fn).parameters)
        op_params = list(inspect.signature(op).parameters)
        if any(k not in tf_params or v not in op_params for k, v in params.items()):
            continue
        positional_ok = all(
            tf_params.index(k) == op_params.index(v) for k, v in params.items() if tf_params.index(k) < len(params)
        )
        tf_sig, op_sig = inspect.signature(tf_fn).parameters, inspect.signature(op).parameters
        explicit = sorted(
            k
            for k, v in params.items()
            if tf_sig[k].default is not inspect.Parameter.empty
            and op_sig[v].default is not inspect.Parameter.empty
            and repr(tf_sig[k].default) != repr(op_sig[v].default)
        ) + OPS_EXPLICIT.get(tf_name, [])
        args = sample(np)
        try:
            want = tf_fn(*args)
            got = op(*args)
            if isinstance(want, (list, tuple)):
                same = all(np.allclose(np.asarray(a), np.asarray(b)) for a, b in zip(want, got, strict=True))
            else:
                want, got = np.asarray(want), np.asarray(got)
                same = want.shape == got.shape and np.allclose(want, got)
        except Exception:  # noqa: BLE001 - an op that cannot run on the sample is not proven
            continue
        if same:
            table[tf_name] = {
                "op": op_name,
                "arguments": params,
                "tf_positional": [p for p in tf_params if p != "name"],
                "positional_same": positional_ok,
                "explicit": explicit,
            }
    return table


def backend_removed(tfk, keras) -> dict:
    """keras.backend functions Keras 3 dropped -> what to use (keras.ops.<same name> when Keras 3 has it)."""
    out = {}
    for name in sorted(n for n in dir(tfk.backend) if not n.startswith("_")):
        if hasattr(keras.backend, name) or not callable(getattr(tfk.backend, name)):
            continue
        if name in BACKEND_REPLACEMENTS:
            out[name] = BACKEND_REPLACEMENTS[name]
        elif hasattr(keras.ops, name):
            out[name] = f"keras.ops.{name}(...) (Keras 3 ops follow NumPy: check axis defaults and argument names)"
        else:
            out[name] = ""
    return out


# keras.backend functions whose keras.ops namesake has a compatible signature but different semantics.
BACKEND_OPS_DIFFERENT = {
    "dot": "K.dot of N-D tensors reshapes differently from numpy.dot",
    "clip": "K.clip raises max_value to min_value when max_value < min_value",
    "switch": "keras.ops.switch selects a branch function by index",
}


def _backend_samples(np):
    a = np.array([[0.5, -1.25, 2.0], [3.0, 0.25, -0.75]], dtype="float32")
    b = np.array([[1.0, -2.0, 0.5], [0.25, 0.5, -1.0]], dtype="float32")
    return [(a,), (a, b), (a, "float32"), ((2, 3),), ([a, b],), (a, 2), (np.array([0, 2, 1]), 3), (3,)]


def backend_ops(tfk, keras) -> dict:
    """keras.backend.X Keras 3 dropped -> keras.ops.X, kept when the call can be re-pointed unchanged.

    Each parameter of the Keras 2 function must sit at the same position in keras.ops (``name=`` is dropped
    from the comparison; a call passing it is not rewritten); ``positional`` counts the leading parameters
    that correspond, and a call passing more is not rewritten; parameters whose names differ may only be
    passed positionally (``same_name`` lists those that may be keywords); a default that differs is recorded
    in ``explicit`` (the rewrite spells the Keras 2 default out); both functions must give the same numbers
    on the first sample input the Keras 2 function accepts, or, for ``clamp_below_zero``, keras.ops must after
    ``maximum(x, 0)`` (``K.sqrt`` clipped negative inputs); functions that returned variables are left out.
    """
    import numpy as np

    empty = inspect.Parameter.empty
    out = {}
    for name in sorted(n for n in dir(tfk.backend) if not n.startswith("_")):
        k2_fn, op = getattr(tfk.backend, name), getattr(keras.ops, name, None)
        if hasattr(keras.backend, name) or op is None or not callable(k2_fn) or name in BACKEND_OPS_DIFFERENT:
            continue
        k2 = [p for p in inspect.signature(k2_fn).parameters.values() if p.name != "name"]
        ops = list(inspect.signature(op).parameters.values())
        # An optional parameter renamed in keras.ops may mean something else there (K.eye(size, dtype) vs
        # ops.eye(N, M)): the mapping stops before it.
        cut = next(
            (
                i
                for i, (old, new) in enumerate(zip(k2, ops, strict=False))
                if old.default is not empty and old.name != new.name
            ),
            len(k2),
        )
        k2 = k2[:cut]
        if len(ops) < len(k2) or any(p.kind not in (p.POSITIONAL_OR_KEYWORD,) for p in k2 + ops[: len(k2)]):
            continue
        if any(p.default is empty for p in ops[len(k2) :]):
            continue
        explicit = {}
        compatible = True
        for old, new in zip(k2, ops, strict=False):
            if old.default is empty or repr(old.default) == repr(new.default):
                continue
            if new.default is empty or isinstance(old.default, (int, float, str, bool, type(None))):
                explicit[new.name] = old.default
            else:
                compatible = False
        if not compatible:
            continue
        entry = {
            "positional": len(k2),
            "parameters": [p.name for p in ops[: len(k2)]],
            "same_name": [old.name for old, new in zip(k2, ops, strict=False) if old.name == new.name],
            "explicit": explicit,
        }
        for args in _backend_samples(np):
            if len(args) > len(k2) or any(p.default is empty for p in k2[len(args) :]):
                continue
            extra = {k: v for k, v in explicit.items() if [p.name for p in ops].index(k) >= len(args)}
            want = _call_or_none(k2_fn, _as_tensors(tfk, args), {})
            if want is None:
                continue
            if hasattr(want, "assign"):  # K.ones/zeros/eye made variables; keras.ops makes tensors
                break
            if _same(np, want, _call_or_none(op, args, extra)):
                out[name] = entry
            elif len(args) == 1 and _same(np, want, _call_or_none(op, (keras.ops.maximum(args[0], 0.0),), extra)):
                out[name] = {**entry, "clamp_below_zero": True}  # K.sqrt clipped negative inputs to 0 first
            break
    return out


def _as_tensors(tfk, args):
    import numpy as np

    def one(a):
        if isinstance(a, np.ndarray):
            return tfk.backend.constant(a, dtype=str(a.dtype))
        return [one(x) for x in a] if isinstance(a, list) else a

    return tuple(one(a) for a in args)


def _call_or_none(fn, args, kwargs):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    except Exception:  # noqa: BLE001 - a sample the function does not take proves nothing
        return None


def _same(np, want, got) -> bool:
    if got is None:
        return False
    if isinstance(want, str) or isinstance(got, str):
        return str(want) == str(got)
    want, got = np.asarray(want), np.asarray(got)
    if want.shape != got.shape:
        return False
    if want.dtype.kind not in "biuf" or got.dtype.kind not in "biuf":
        return bool((want == got).all())
    return bool(np.allclose(want.astype("float64"), got.astype("float64"), equal_nan=True))


def flags_identity(tf) -> dict:
    import absl.flags

    compat = tf.compat.v1.flags
    names = sorted(n for n in dir(compat) if not n.startswith("_"))
    wrapped = [n for n in names if getattr(compat, n) is not getattr(absl.flags, n, object())]
    renamed = dict(getattr(compat, "_RENAMED_ARGUMENTS", {}))
    return {
        "module_is_absl_flags": compat is absl.flags,
        "wrapped_names": wrapped,
        "renamed_define_arguments": renamed,
        "app_flags_is_flags": tf.compat.v1.app.flags is compat,
    }


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[argv.index("--output") + 1]) if "--output" in argv else OUT
    import keras
    import tensorflow as tf
    import tf_keras

    k3_api = public_api(keras)
    k3_modules = public_modules(keras)
    modules, removed = module_map(tf_keras, {p: v for p, v in k3_api.items() if not _refuses(v)}, k3_modules)
    data = {
        "generated_by": "tools/gen_keras3_map.py",
        "versions": {"tf_keras": tf_keras.__version__, "keras": keras.__version__, "tensorflow": tf.__version__},
        "keras3_modules": sorted(k3_modules),
        "keras3_names": keras3_names(k3_api),
        "modules": modules,
        "removed": removed,
        "optimizers": optimizer_arguments(tf_keras, keras),
        "optimizer_aliases": optimizer_aliases(keras),
        "changed_default_learning_rates": changed_default_learning_rates(keras),
        "keras1_ignored_layer_arguments": keras1_ignored_layer_arguments(keras),
        "keras1_arguments": keras1_arguments(keras),
        "keras1_layer_arguments": keras1_layer_arguments(keras),
        "layer_arguments_removed": layer_arguments_removed(tf_keras, keras),
        "generator_methods": generator_methods(tf_keras, keras),
        "model_method_arguments": model_method_arguments(tf_keras, keras),
        "ops": ops_table(tf, keras),
        "flags": flags_identity(tf),
        "backend": backend_removed(tf_keras, keras),
        "backend_ops": backend_ops(tf_keras, keras),
    }
    out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(
        f"wrote {out}: {sum(map(len, modules.values()))} module symbols, {len(removed)} removed, "
        f"{len(data['ops'])} ops",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
