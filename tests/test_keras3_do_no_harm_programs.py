"""Programs issue 12 found broken or missed, run on TensorFlow 2.21 / Keras 3 before and after migration.

- hunkim/DeepLearningZeroToAll ``tf2/tf2-02-1-linear_regression.py``, ``tf2/tf2-05-1-logistic_regression.py`` and
  ``klab-02-1-linear_regression.py`` (read from the public repository; only the epoch counts are cut to keep the
  test fast): Keras 3's ``fit`` rejects their plain lists, so unmigrated they fail; migrated (TFM309 wraps the
  lists in ``np.asarray``) they train and predict.
- ``decay=`` next to code that sets the learning rate (ReduceLROnPlateau, LearningRateScheduler, assignment):
  an ``InverseTimeDecay`` schedule would make Keras 3 raise "learning rate is not settable", so TFM302 keeps a
  float rate (and reports the decay); the migrated programs train and the callbacks really change the rate.

All programs run in ONE interpreter (``runpy``), the harness's shared eager child, to spare the shared CPU.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from program_checks import run_script_in_a_shared_child

from tfmigrate import Options, migrate_source

HUNKIM = {
    "tf2_02_1": (
        "import numpy as np\nimport tensorflow as tf\n\nx_train = [1, 2, 3, 4]\ny_train = [0, -1, -2, -3]\n\n"
        "tf.model = tf.keras.Sequential()\n# units == output shape, input_dim == input shape\n"
        "tf.model.add(tf.keras.layers.Dense(units=1, input_dim=1))\n\n"
        "sgd = tf.keras.optimizers.SGD(learning_rate=0.1)  # SGD == standard gradient descendent, lr == learning "
        "rate\ntf.model.compile(loss='mse', optimizer=sgd)  # mse == mean_squared_error, 1/m * sig (y'-y)^2\n\n"
        "# prints summary of the model to the terminal\ntf.model.summary()\n\n# fit() executes training\n"
        "tf.model.fit(x_train, y_train, epochs=20)\n\n# predict() returns predicted value\n"
        "y_predict = tf.model.predict(np.array([5, 4]))\nprint(y_predict)\n"
    ),
    "tf2_05_1": (
        "# Lab 5 Logistic Regression Classifier\nimport tensorflow as tf\n\nx_data = [[1, 2],\n          [2, 3],\n"
        "          [3, 1],\n          [4, 3],\n          [5, 3],\n          [6, 2]]\ny_data = [[0],\n          [0],\n"
        "          [0],\n          [1],\n          [1],\n          [1]]\n\ntf.model = tf.keras.Sequential()\n"
        "tf.model.add(tf.keras.layers.Dense(units=1, input_dim=2))\n# use sigmoid activation for 0~1 problem\n"
        "tf.model.add(tf.keras.layers.Activation('sigmoid'))\n\n''' \nbetter result with loss function == "
        "'binary_crossentropy', try 'mse' for yourself\nadding accuracy metric to get accuracy report during "
        "training\n'''\ntf.model.compile(loss='binary_crossentropy', optimizer=tf.keras.optimizers.SGD(lr=0.01), "
        "metrics=['accuracy'])\ntf.model.summary()\n\nhistory = tf.model.fit(x_data, y_data, epochs=20)\n\n"
        "# Accuracy report\nprint(\"Accuracy: \", history.history['accuracy'][-1])\n"
    ),
    "klab_02_1": (
        "from keras.models import Sequential\nfrom keras.layers import Dense\nimport numpy as np\n\n"
        "x_train = [1,2,3,4]\ny_train = [0,-1,-2,-3]\n\nmodel = Sequential()\n"
        "model.add(Dense(output_dim=1, input_dim=1))\n\nmodel.compile(loss='mse', optimizer='sgd')\n"
        "model.fit(x_train, y_train, nb_epoch=20)\n\ny_predict = model.predict(np.array([4]))\nprint(y_predict)\n"
    ),
}

DATA = (
    "import numpy as np\nimport keras\n"
    "x = np.random.RandomState(0).uniform(-1, 1, (32, 3)).astype('float32')\ny = x.sum(axis=1, keepdims=True)\n"
    "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
)
DECAY = {
    # the rate is read back after fit: the callback must have changed it (plateau: the 2nd to 4th epoch)
    "reduce_on_plateau": DATA
    + (
        "from keras.callbacks import ReduceLROnPlateau\n"
        "model.compile(optimizer=keras.optimizers.SGD(lr=0.1, decay=1e-3), loss='mse')\n"
        "model.fit(x, y, epochs=4, verbose=0, callbacks=[ReduceLROnPlateau('loss', factor=0.5, patience=0, "
        "min_delta=10.0)])\n"
        "print('LR', float(model.optimizer.learning_rate))\n"
    ),
    "scheduler": DATA
    + (
        "model.compile(optimizer=keras.optimizers.Adam(lr=0.01, decay=1e-4), loss='mse')\n"
        "model.fit(x, y, epochs=3, verbose=0, callbacks=[keras.callbacks.LearningRateScheduler("
        "lambda epoch, lr: lr * 0.5)])\n"
        "print('LR', float(model.optimizer.learning_rate))\n"
    ),
    "assigned": DATA
    + (
        "model.compile(optimizer=keras.optimizers.RMSprop(lr=0.01, decay=1e-4), loss='mse')\n"
        "model.fit(x, y, epochs=1, verbose=0)\nmodel.optimizer.learning_rate = 0.00125\n"
        "model.fit(x, y, epochs=1, verbose=0)\nprint('LR', float(model.optimizer.learning_rate))\n"
    ),
}
EXPECTED_RATE = {"reduce_on_plateau": 0.1 * 0.5**3, "scheduler": 0.01 * 0.5**3, "assigned": 0.00125}

RUNNER = """
import contextlib, io, json, runpy, sys, traceback
results = {}
for path in sys.argv[1:]:
    out, status = io.StringIO(), 0
    with contextlib.redirect_stdout(out):
        try:
            runpy.run_path(path, run_name="__main__")
        except BaseException:
            status = 1
            print(traceback.format_exc(limit=2))
    results[path] = {"status": status, "stdout": out.getvalue()}
print("RESULTS " + json.dumps(results))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("do_no_harm")
    migrated, paths = {}, []
    for name, source in {**HUNKIM, **DECAY}.items():
        result = migrate_source(source, Options(), f"{name}.py")
        migrated[name] = result
        for suffix, text in (("", source), ("_migrated", result.migrated)):
            path = tmp / f"{name}{suffix}.py"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
    out = run_script_in_a_shared_child(RUNNER, tmp, graph=False, argv=paths)  # Keras 3: the shared eager child
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULTS ")), None)
    assert line is not None, out[-3000:]
    results = {Path(p).stem: r for p, r in json.loads(line[len("RESULTS ") :]).items()}
    return migrated, results


@pytest.mark.parametrize("name", sorted(HUNKIM))
def test_hunkim_list_programs_fail_unmigrated_and_run_migrated(runs, name):
    migrated, results = runs
    assert results[name]["status"] == 1  # Keras 3 rejects the lists (or, for klab, the Keras 1 names)
    assert "np.asarray(" in migrated[name].migrated
    assert results[f"{name}_migrated"]["status"] == 0, results[f"{name}_migrated"]["stdout"][-2000:]


def test_fit_with_a_list_is_what_keras3_rejects(runs):
    _, results = runs
    assert "Unrecognized data type" in results["tf2_02_1"]["stdout"]


@pytest.mark.parametrize("name", sorted(DECAY))
def test_decay_next_to_a_settable_rate_keeps_the_rate_settable(runs, name):
    migrated, results = runs
    result = migrated[name]
    assert "InverseTimeDecay" not in result.migrated
    assert any("decay" in f.message and "sets the rate" in f.message for f in result.followups)
    run = results[f"{name}_migrated"]
    assert run["status"] == 0, run["stdout"][-2000:]
    rate = next(float(ln.split()[1]) for ln in run["stdout"].splitlines() if ln.startswith("LR "))
    assert rate == pytest.approx(EXPECTED_RATE[name], rel=1e-5)


def test_decay_alone_still_becomes_the_exact_schedule():
    source = "import keras\nopt = keras.optimizers.SGD(lr=0.1, decay=1e-3)\n"
    assert "InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-3)" in migrate_source(source, Options()).migrated
