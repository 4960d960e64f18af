"""Keras 2-style programs really run on TensorFlow 2.21 / Keras 3 after migration, and predict what Keras 2 did.

Each script below is tiny Keras 2 code of the kinds real repositories contain. For every script the test asserts:

1. unmigrated, it fails on TF 2.21 + Keras 3 (so the script really exercises a Keras 3 break);
2. ``tfmigrate.migrate_source`` with every rule turns it into code that runs to exit status 0 on Keras 3;
3. the migrated run prints the same predictions as the ORIGINAL script run as Keras 2 code: same class labels
   exactly, probabilities within an absolute tolerance of 1e-4 (float32 training for a few steps on CPU; the
   two Keras versions compute the same math in different op orders). Keras 1 code that no Keras 2 release
   runs unchanged (``Convolution2D(4, 3, 3, border_mode=...)``) is compared with the same program in Keras 2
   spelling (KERAS2_REFERENCES), written by hand from Keras 2.0's documented conversions.

Determinism: every script draws its data and its initial weights from ``numpy.random.RandomState`` and calls
``model.set_weights``, trains with ``shuffle=False`` and has no dropout, so Keras 2 and Keras 3 start from the
same weights and see the same batches.

How the originals run as Keras 2 (the reference): with ``TF_USE_LEGACY_KERAS=1`` (so ``tf.keras`` is tf-keras)
and a ``sitecustomize.py`` put first on ``PYTHONPATH`` that makes the scripts' own ``import keras`` lines
resolve to Keras 2, as they did when the scripts were written:
- a meta-path finder aliases ``keras`` -> ``tf_keras`` and ``keras.X`` -> ``tf_keras.X`` or ``tf_keras.src.X``
  (the standalone keras 2.6-2.15 package had the ``tf_keras.src`` layout: ``keras.layers.core``,
  ``keras.utils.np_utils``, ``keras.utils.vis_utils``); the flat modules of keras 2.0-2.8
  (``keras.layers.recurrent``, ``keras.layers.merge`` ...) become modules that forward to ``tf_keras.layers``;
- the Keras 2.0-2.5 API that tf-keras 2.21 itself dropped is restored exactly as those versions defined it:
  optimizers are the legacy ones (which honour ``lr=``; tf-keras 2.11+ silently ignores ``lr``),
  ``predict_classes``/``predict_proba`` (Keras 2.5 ``Sequential`` source), ``Model(input=, output=)`` and
  ``fit(nb_epoch=)`` (Keras 2.0-2.2 legacy-argument support), and ``tf.flags`` (TF 1.x's alias of
  ``tf.compat.v1.flags``).

To spare the two shared CPU cores, each of the three runs (original on Keras 3, migrated on Keras 3, original
on Keras 2) is ONE interpreter that executes every script with ``runpy.run_path(..., run_name="__main__")`` in
a fresh namespace and records its exit status (an uncaught exception = failure, ``SystemExit`` = its code) and
its stdout; ``keras.backend.clear_session()`` runs between scripts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from interpreters import GLOBAL_SWITCH
from program_checks import run_script_in_a_shared_child
from timeouts import limit

from tfmigrate import Options, Status, migrate_source

PRELUDE = """
import numpy as np

def fixed_weights(model):
    rng = np.random.RandomState(1)
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()])

def data(n=16, d=4, classes=3):
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (n, d)).astype("float32")
    y = (x[:, 0] * 2 + x[:, 1] > 0).astype("int32") + (x[:, 2] > 0.5).astype("int32")
    return x, np.minimum(y, classes - 1)

def show(name, values):
    print("PRED " + name + " " + __import__("json").dumps(np.asarray(values).round(6).tolist()))
"""

SCRIPTS = {
    "sequential_lr_np_utils": """
        from keras.models import Sequential
        from keras.layers.core import Dense, Activation
        from keras.optimizers import SGD
        from keras.utils import np_utils
        x, y = data()
        model = Sequential()
        model.add(Dense(8, input_shape=(4,)))
        model.add(Activation("relu"))
        model.add(Dense(3, activation="softmax"))
        fixed_weights(model)
        model.compile(optimizer=SGD(lr=0.3), loss="categorical_crossentropy")
        model.fit(x, np_utils.to_categorical(y, 3), epochs=3, batch_size=8, shuffle=False, verbose=0)
        show("proba", model.predict(x[:4], verbose=0))
    """,
    "fit_generator": """
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.optimizers import SGD
        x, y = data()
        def batches():
            while True:
                for i in range(0, 16, 4):
                    yield x[i:i + 4], y[i:i + 4]
        model = Sequential([Dense(6, activation="tanh", input_shape=(4,)), Dense(3, activation="softmax")])
        fixed_weights(model)
        model.compile(SGD(lr=0.2), "sparse_categorical_crossentropy")
        model.fit_generator(batches(), steps_per_epoch=4, epochs=2, verbose=0, workers=1, use_multiprocessing=False)
        loss = model.evaluate_generator(batches(), steps=4)
        show("loss", [loss])
        show("proba", model.predict_generator(batches(), steps=1))
    """,
    "predict_classes_softmax": """
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        x, y = data()
        model = Sequential()
        model.add(Dense(3, input_shape=(4,)))
        model.add(Activation("softmax"))
        fixed_weights(model)
        model.compile("sgd", "sparse_categorical_crossentropy")
        model.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0)
        show("classes", model.predict_classes(x))
    """,
    "predict_classes_sigmoid": """
        import keras
        x, y = data()
        def build():
            model = keras.models.Sequential()
            model.add(keras.layers.Dense(5, activation="relu", input_shape=(4,)))
            model.add(keras.layers.Dense(1, activation="sigmoid"))
            return model
        model = build()
        fixed_weights(model)
        model.compile(keras.optimizers.SGD(lr=0.5), "binary_crossentropy")
        model.fit(x, (y > 0).astype("float32"), epochs=2, batch_size=8, shuffle=False, verbose=0)
        show("classes", model.predict_classes(x))
        show("proba", model.predict_proba(x[:3]))
    """,
    "functional_input_output": """
        from keras.layers import Input, Dense
        from keras.models import Model
        x, y = data()
        inputs = Input(shape=(4,))
        hidden = Dense(6, activation="relu")(inputs)
        outputs = Dense(3, activation="softmax")(hidden)
        model = Model(input=inputs, output=outputs)
        fixed_weights(model)
        model.compile("adam", "sparse_categorical_crossentropy")
        model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
        show("proba", model.predict(x[:4], verbose=0))
    """,
    "tf_concat_symbolic": """
        import tensorflow as tf
        from tensorflow.keras.layers import Input, Dense
        from tensorflow.keras.models import Model
        x, y = data()
        def build():
            a = Input(shape=(4,))
            b = Dense(3, activation="tanh")(a)
            c = tf.concat([a, b], axis=1)
            d = tf.reshape(c, (-1, 7))
            out = Dense(3, activation="softmax")(d)
            return Model(a, out)
        model = build()
        fixed_weights(model)
        model.compile(tf.keras.optimizers.SGD(learning_rate=0.2), "sparse_categorical_crossentropy")
        model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
        show("proba", model.predict(x[:4], verbose=0))
    """,
    "nb_epoch": """
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.optimizers import Adam
        x, y = data()
        model = Sequential([Dense(4, activation="relu", input_shape=(4,)), Dense(3, activation="softmax")])
        fixed_weights(model)
        model.compile(Adam(lr=0.05), "sparse_categorical_crossentropy")
        model.fit(x, y, nb_epoch=3, batch_size=8, shuffle=False, verbose=0, workers=1, use_multiprocessing=False)
        show("proba", model.predict(x[:4], verbose=0))
    """,
    "plot_model_import": """
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.utils.vis_utils import plot_model
        x, y = data()
        model = Sequential([Dense(3, activation="softmax", input_shape=(4,))])
        fixed_weights(model)
        print("can plot:", callable(plot_model))
        show("proba", model.predict(x[:3], verbose=0))
    """,
    "recurrent_lstm": """
        from keras.models import Sequential
        from keras.layers.recurrent import LSTM
        from keras.layers.core import Dense
        x, y = data()
        seq = x.reshape(16, 2, 2)
        model = Sequential()
        model.add(LSTM(4, input_shape=(2, 2)))
        model.add(Dense(3, activation="softmax"))
        fixed_weights(model)
        model.compile("sgd", "sparse_categorical_crossentropy")
        model.fit(seq, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
        show("proba", model.predict(seq[:3], verbose=0))
    """,
    "convolutional_paths": """
        import numpy as np
        from keras.models import Sequential
        from keras.layers.convolutional import Conv2D, MaxPooling2D
        from keras.layers.core import Flatten, Dense
        rng = np.random.RandomState(0)
        images = rng.uniform(0, 1, (8, 6, 6, 1)).astype("float32")
        labels = (images.mean(axis=(1, 2, 3)) > 0.5).astype("int32")
        model = Sequential()
        model.add(Conv2D(2, (3, 3), activation="relu", input_shape=(6, 6, 1)))
        model.add(MaxPooling2D((2, 2)))
        model.add(Flatten())
        model.add(Dense(2, activation="softmax"))
        fixed_weights(model)
        model.compile("sgd", "sparse_categorical_crossentropy")
        model.fit(images, labels, epochs=2, batch_size=4, shuffle=False, verbose=0)
        show("classes", model.predict_classes(images))
    """,
    "merge_embeddings_topology": """
        import numpy as np
        from keras.engine.topology import Input
        from keras.layers.embeddings import Embedding
        from keras.layers.merge import concatenate
        from keras.layers.core import Dense, Flatten
        from keras.models import Model
        rng = np.random.RandomState(0)
        tokens = rng.randint(0, 10, (12, 3))
        target = (tokens.sum(axis=1) > 13).astype("float32")
        a = Input(shape=(3,))
        e = Flatten()(Embedding(10, 2)(a))
        both = concatenate([e, Dense(2)(a)])
        out = Dense(1, activation="sigmoid")(both)
        model = Model(inputs=a, outputs=out)
        fixed_weights(model)
        model.compile("sgd", "binary_crossentropy")
        model.fit(tokens, target, nb_epoch=2, batch_size=4, shuffle=False, verbose=0)
        show("proba", model.predict(tokens[:4], verbose=0))
        show("classes", model.predict_classes(tokens[:6]))
    """,
    "tf_keras_optimizer_lr": """
        import tensorflow as tf
        x, y = data()
        model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax", input_shape=(4,))])
        fixed_weights(model)
        model.compile(optimizer=tf.keras.optimizers.SGD(lr=0.1, momentum=0.9), loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
        show("proba", model.predict(x[:3], verbose=0))
    """,
    "backend_set_value_callback": """
        from keras import backend as K
        from keras.callbacks import Callback
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.optimizers import SGD
        x, y = data()
        class Halve(Callback):
            def on_epoch_end(self, epoch, logs=None):
                lr = K.get_value(self.model.optimizer.lr)
                K.set_value(self.model.optimizer.lr, lr * 0.5)
        model = Sequential([Dense(3, activation="softmax", input_shape=(4,))])
        fixed_weights(model)
        model.compile(SGD(lr=0.4), "sparse_categorical_crossentropy")
        model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0, callbacks=[Halve()])
        show("lr", [K.get_value(model.optimizer.lr)])
        show("proba", model.predict(x[:3], verbose=0))
    """,
    "checkpoint_file_names": """
        from keras.models import Sequential, load_model
        from keras.layers import Dense
        from keras.callbacks import ModelCheckpoint
        x, y = data()
        model = Sequential([Dense(3, activation="softmax", input_shape=(4,))])
        fixed_weights(model)
        model.compile("sgd", "sparse_categorical_crossentropy")
        best = ModelCheckpoint("best_model.hdf5", monitor="loss", save_best_only=True)
        model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0, callbacks=[best])
        model.save_weights("final_weights.h5")
        twin = Sequential([Dense(3, activation="softmax", input_shape=(4,))])
        twin.load_weights("final_weights.h5")
        show("proba", twin.predict(x[:3], verbose=0))
        show("best", load_model("best_model.hdf5").predict(x[:2], verbose=0))
    """,
    "keras1_layer_arguments": """
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Convolution2D, MaxPooling2D, Flatten, Dense, Dropout
        rng = np.random.RandomState(0)
        images = rng.uniform(0, 1, (8, 6, 6, 1)).astype("float32")
        labels = (images.mean(axis=(1, 2, 3)) > 0.5).astype("int32")
        model = Sequential()
        model.add(Convolution2D(4, 3, 3, border_mode="same", input_shape=(6, 6, 1), dim_ordering="tf"))
        model.add(MaxPooling2D(pool_size=(2, 2), border_mode="valid"))
        model.add(Flatten())
        model.add(Dropout(p=0.0))
        model.add(Dense(output_dim=2, init="glorot_uniform", activation="softmax"))
        fixed_weights(model)
        model.compile("sgd", "sparse_categorical_crossentropy")
        model.fit(images, labels, nb_epoch=2, batch_size=4, shuffle=False, verbose=0)
        show("proba", model.predict(images[:3], verbose=0))
    """,
    "backend_math_lambda": """
        from keras import backend as K
        from keras.models import Model
        from keras.layers import Input, Dense, Lambda
        x, y = data()
        def distance(v):
            return K.sqrt(K.maximum(K.sum(K.square(v), axis=1, keepdims=True), K.epsilon()))
        def loss(y_true, y_pred):
            return K.mean(K.square(y_pred - K.cast(y_true, "float32")), axis=-1)
        inp = Input((4,))
        out = Lambda(distance)(Dense(3)(inp))
        model = Model(inp, out)
        fixed_weights(model)
        model.compile("sgd", loss)
        model.fit(x, y.reshape(-1, 1).astype("float32"), epochs=2, batch_size=8, shuffle=False, verbose=0)
        show("distance", model.predict(x[:3], verbose=0))
    """,
    "sgd_decay": """
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.optimizers import SGD
        x, y = data()
        model = Sequential([Dense(3, activation="softmax", input_shape=(4,))])
        fixed_weights(model)
        model.compile(optimizer=SGD(lr=0.5, decay=0.3), loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=4, batch_size=4, shuffle=False, verbose=0)
        show("proba", model.predict(x[:3], verbose=0))
    """,
    "tf_flags": """
        import tensorflow as tf
        from absl import app
        from keras.models import Sequential
        from keras.layers import Dense
        tf.flags.DEFINE_integer("units", 3, "Output units.")
        FLAGS = tf.flags.FLAGS
        def main(_):
            x, y = data()
            model = Sequential([Dense(FLAGS.units, activation="softmax", input_shape=(4,))])
            fixed_weights(model)
            show("proba", model.predict(x[:2], verbose=0))
        if __name__ == "__main__":
            app.run(main)
    """,
}

# Keras 1 code that no Keras 2 release accepts unchanged: the reference is the same program in Keras 2 spelling
# (the conversions of Keras 2.0's legacy interfaces), run under tf-keras like the other originals.
KERAS2_REFERENCES = {
    "keras1_layer_arguments": """
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
        rng = np.random.RandomState(0)
        images = rng.uniform(0, 1, (8, 6, 6, 1)).astype("float32")
        labels = (images.mean(axis=(1, 2, 3)) > 0.5).astype("int32")
        model = Sequential()
        model.add(Conv2D(4, (3, 3), padding="same", input_shape=(6, 6, 1), data_format="channels_last"))
        model.add(MaxPooling2D(pool_size=(2, 2), padding="valid"))
        model.add(Flatten())
        model.add(Dropout(rate=0.0))
        model.add(Dense(units=2, kernel_initializer="glorot_uniform", activation="softmax"))
        fixed_weights(model)
        model.compile("sgd", "sparse_categorical_crossentropy")
        model.fit(images, labels, epochs=2, batch_size=4, shuffle=False, verbose=0)
        show("proba", model.predict(images[:3], verbose=0))
    """,
}

SITECUSTOMIZE = '''
"""Make a Keras 2-era script's `import keras` mean Keras 2 (tf_keras), with the API Keras 2.0-2.5 had."""
import importlib
import importlib.abc
import importlib.util
import sys
import types

import tensorflow as tf
import tf_keras
from tf_keras.optimizers import legacy as _legacy

tf.flags = tf.compat.v1.flags


class _Forward(types.ModuleType):
    """keras.X: the attribute of tf_keras.X (public API), else of tf_keras.src.X or its submodule."""

    def __init__(self, name, targets):
        super().__init__(name)
        self.__path__ = []
        self._targets = targets

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        for target in self._targets:
            if hasattr(target, item):
                return getattr(target, item)
        for target in self._targets:
            try:
                return importlib.import_module(f"{target.__name__}.{item}")
            except ImportError:
                pass
        raise AttributeError(item)


def _resolve(name):
    rest = name[len("keras"):]
    targets = []
    for candidate in ("tf_keras" + rest, "tf_keras.src" + rest):
        try:
            targets.append(importlib.import_module(candidate))
        except ImportError:
            pass
    if not targets:  # a flat keras 2.0-2.8 module (keras.layers.recurrent, keras.engine.topology)
        parent = sys.modules[name.rsplit(".", 1)[0]]
        targets = [*parent._targets, tf_keras, tf_keras.layers]
    return _Forward(name, targets)


class _KerasIsTfKeras(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name == "keras":
            return importlib.util.spec_from_loader(name, self)
        parent = sys.modules.get(name.rsplit(".", 1)[0])
        if name.startswith("keras.") and isinstance(parent, _Forward) and name.rsplit(".", 1)[1][:1].islower():
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return _resolve(spec.name)

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, _KerasIsTfKeras())

for _name in ("SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam"):
    setattr(tf_keras.optimizers, _name, getattr(_legacy, _name))
    for _module in ("tf_keras.src.optimizers", "tf_keras.api._v2.keras.optimizers"):
        setattr(importlib.import_module(_module), _name, getattr(_legacy, _name))

_Model = tf_keras.Model


def _predict_proba(self, x, batch_size=32, verbose=0):
    return self.predict(x, batch_size=batch_size, verbose=verbose)


def _predict_classes(self, x, batch_size=32, verbose=0):
    proba = self.predict(x, batch_size=batch_size, verbose=verbose)
    if proba.shape[-1] > 1:
        return proba.argmax(axis=-1)
    return (proba > 0.5).astype("int32")


_Model.predict_proba = _predict_proba
_Model.predict_classes = _predict_classes

_fit = _Model.fit


def _legacy_fit(self, *args, **kwargs):
    if "nb_epoch" in kwargs:
        kwargs["epochs"] = kwargs.pop("nb_epoch")
    return _fit(self, *args, **kwargs)


_Model.fit = _legacy_fit
_functional = importlib.import_module("tf_keras.src.engine.functional").Functional
_init = _functional.__init__


def _legacy_init(self, *args, **kwargs):
    if "input" in kwargs:
        kwargs["inputs"] = kwargs.pop("input")
    if "output" in kwargs:
        kwargs["outputs"] = kwargs.pop("output")
    return _init(self, *args, **kwargs)


_functional.__init__ = _legacy_init
_training = importlib.import_module("tf_keras.src.engine.training").Model
_new = _training.__new__


def _legacy_new(cls, *args, **kwargs):
    if "input" in kwargs or "output" in kwargs:
        kwargs = dict(kwargs)
        if "input" in kwargs:
            kwargs["inputs"] = kwargs.pop("input")
        if "output" in kwargs:
            kwargs["outputs"] = kwargs.pop("output")
    return _new(cls, *args, **kwargs)


_training.__new__ = _legacy_new
'''

RUNNER = """
import contextlib
import io
import json
import runpy
import sys
import traceback

results = {}
for path in sys.argv[1:]:
    out = io.StringIO()
    status = 0
    sys.argv = [path]
    with contextlib.redirect_stdout(out):
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:
            status = 1
            print(traceback.format_exc(limit=3))
    results[path] = {"status": status, "stdout": out.getvalue()}
    for module in ("keras", "tf_keras"):
        if module in sys.modules:
            with contextlib.suppress(Exception):
                sys.modules[module].backend.clear_session()
print("RESULTS " + json.dumps(results))
"""

ATOL = 1e-4


def _source(body: str) -> str:
    return PRELUDE + textwrap.dedent(body)


def _run_all(paths: list[Path], tmp: Path, legacy: bool) -> dict[str, dict]:
    """Every script in one interpreter: Keras 3 in the harness's shared eager child, Keras 2 (tf-keras behind
    ``tf.keras``, with this module's sitecustomize shim at start-up) in a process of its own."""
    if not legacy:
        out = run_script_in_a_shared_child(RUNNER, tmp, graph=False, argv=paths)
        return json.loads(next(ln for ln in out.splitlines() if ln.startswith("RESULTS "))[len("RESULTS ") :])
    runner = tmp / "runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", PYTHONHASHSEED="0")
    shim = tmp / "shim"
    shim.mkdir(exist_ok=True)
    (shim / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env["TF_USE_LEGACY_KERAS"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([str(shim), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, str(runner), *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        timeout=limit(900),
        cwd=tmp,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULTS ")), None)
    assert line is not None, proc.stderr[-3000:]
    return json.loads(line[len("RESULTS ") :])


def _predictions(stdout: str) -> dict[str, np.ndarray]:
    found = {}
    for line in stdout.splitlines():
        if line.startswith("PRED "):
            _, name, values = line.split(" ", 2)
            found[name] = np.asarray(json.loads(values), dtype=float)
    return found


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("keras3_programs")
    originals, migrated, references, results = [], [], [], {}
    for name, body in SCRIPTS.items():
        source = _source(body)
        result = migrate_source(source, Options(), f"{name}.py")
        results[name] = result
        (tmp / f"{name}.py").write_text(source, encoding="utf-8")
        (tmp / f"{name}_migrated.py").write_text(result.migrated or source, encoding="utf-8")
        originals.append(tmp / f"{name}.py")
        migrated.append(tmp / f"{name}_migrated.py")
        reference = tmp / f"{name}_keras2.py"
        reference.write_text(_source(KERAS2_REFERENCES.get(name, body)), encoding="utf-8")
        references.append(reference)
    # The migrated scripts and the unmigrated ones share one Keras 3 interpreter (one TensorFlow import): the
    # migrated run first, as they would in a process of their own; no script sets anything process-wide.
    for path in migrated + originals:
        assert not GLOBAL_SWITCH.search(path.read_text(encoding="utf-8")), f"{path.name} sets a process-wide switch"
    keras3 = _run_all(migrated + originals, tmp, legacy=False)
    return {
        "migration": results,
        "keras3_original": {str(path): keras3[str(path)] for path in originals},
        "keras3_migrated": {str(path): keras3[str(path)] for path in migrated},
        "keras2_original": _run_all(references, tmp, legacy=True),
        "tmp": tmp,
    }


def test_there_are_at_least_twelve_programs():
    assert len(SCRIPTS) >= 12


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_program_migrates_and_predicts_like_keras2(runs, name):
    tmp = runs["tmp"]
    result = runs["migration"][name]
    assert result.status is Status.CHANGED, result.error

    original_k3 = runs["keras3_original"][str(tmp / f"{name}.py")]
    assert original_k3["status"] != 0, "the unmigrated script already runs on Keras 3: it tests nothing"

    migrated = runs["keras3_migrated"][str(tmp / f"{name}_migrated.py")]
    assert migrated["status"] == 0, f"{result.migrated}\n---\n{migrated['stdout']}"

    reference = runs["keras2_original"][str(tmp / f"{name}_keras2.py")]
    assert reference["status"] == 0, f"the Keras 2 reference run failed:\n{reference['stdout']}"

    want, got = _predictions(reference["stdout"]), _predictions(migrated["stdout"])
    assert want and set(want) == set(got)
    for key, expected in want.items():
        assert got[key].shape == expected.shape, key
        if key == "classes":
            np.testing.assert_array_equal(got[key], expected)
        else:
            np.testing.assert_allclose(got[key], expected, atol=ATOL, rtol=0, err_msg=key)
