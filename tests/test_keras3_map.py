"""The generated Keras 2 -> Keras 3 table is true of the installed packages, and the tf-keras target works.

The table (tfmigrate/data/keras3_map.json) drives TFM301-TFM305; these tests re-check its claims against the
real keras 3, tf-keras and TensorFlow installed in the test environment, so a stale or wrong table fails here.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest
from timeouts import limit

from tfmigrate import Options, Status, migrate_source
from tfmigrate.transforms import _keras3 as k3

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

ROOT = Path(__file__).resolve().parent.parent
TABLE = k3.table()

import keras  # noqa: E402 - the test extra installs all three; a missing one must fail, not skip
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402


def _resolve(dotted: str):
    obj = keras
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_table_records_the_installed_versions():
    assert TABLE["generated_by"] == "tools/gen_keras3_map.py"
    assert TABLE["versions"] == {
        "keras": keras.__version__,
        "tf_keras": tf_keras.__version__,
        "tensorflow": tf.__version__,
    }


def test_generator_reproduces_the_shipped_table(tmp_path):
    out = tmp_path / "map.json"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_keras3_map.py"), "--output", str(out)],
        check=True,
        capture_output=True,
        timeout=limit(600),
    )
    assert json.loads(out.read_text()) == TABLE


@pytest.mark.parametrize(
    ("legacy", "target"),
    [
        ("layers.core.Dense", "layers.Dense"),
        ("layers.convolutional.Conv2D", "layers.Conv2D"),
        ("layers.recurrent.LSTM", "layers.LSTM"),
        ("utils.np_utils.to_categorical", "utils.to_categorical"),
        ("utils.vis_utils.plot_model", "utils.plot_model"),
        ("layers.merge.concatenate", "layers.concatenate"),
        ("layers.embeddings.Embedding", "layers.Embedding"),
        ("layers.wrappers.TimeDistributed", "layers.TimeDistributed"),
        ("layers.advanced_activations.LeakyReLU", "layers.LeakyReLU"),
        ("engine.training.Model", "Model"),
        ("engine.topology.Input", "Input"),
        ("layers.experimental.preprocessing.Rescaling", "layers.Rescaling"),
        # keras <= 2.11 kept the object registry in generic_utils; tf_keras's generic_utils no longer has it
        ("utils.generic_utils.get_custom_objects", "saving.get_custom_objects"),
        ("utils.generic_utils.CustomObjectScope", "utils.CustomObjectScope"),
        ("utils.generic_utils.register_keras_serializable", "saving.register_keras_serializable"),
        # keras 2.3-2.10's optimizer modules; keras.optimizers.legacy.Adam is a Keras 3 stub that raises
        ("optimizers.optimizer_v2.adam.Adam", "optimizers.Adam"),
        ("optimizer_v2.gradient_descent.SGD", "optimizers.SGD"),
        ("optimizers.legacy.adam.Adam", "optimizers.Adam"),
        ("saving.model_config.model_from_json", "models.model_from_json"),
    ],
)
def test_known_keras2_paths_map_to_the_same_keras3_symbol(legacy, target):
    module, symbol = legacy.rsplit(".", 1)
    assert TABLE["modules"][module][symbol] == target
    assert _resolve(target) is not None


def test_no_target_is_a_keras3_placeholder_that_raises():
    """keras.optimizers.legacy.* exist in Keras 3 only to raise ImportError when built."""
    assert not [t for entries in TABLE["modules"].values() for t in entries.values() if t and "legacy.Adam" in t]
    with pytest.raises(ImportError):
        keras.optimizers.legacy.Adam()


def test_get_custom_objects_from_generic_utils_is_rewritten_not_reported():
    source = "from keras.utils.generic_utils import get_custom_objects\nget_custom_objects()['f'] = abs\n"
    result = migrate_source(source, Options())
    assert result.migrated == "from keras.saving import get_custom_objects\nget_custom_objects()['f'] = abs\n"
    assert not result.followups


def test_every_target_exists_in_keras3():
    missing = [
        f"{module}.{symbol} -> {target}"
        for module, entries in TABLE["modules"].items()
        for symbol, target in entries.items()
        if target is not None and not _exists(target)
    ]
    assert not missing


def _exists(target: str) -> bool:
    try:
        _resolve(target)
    except AttributeError:
        return False
    return True


def test_every_legacy_module_is_really_gone_from_keras3():
    importable = []
    for module in TABLE["modules"]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                importlib.import_module(f"keras.{module}")
            importable.append(module)
        except ImportError:
            pass
    assert not importable


def test_removed_public_symbols_are_really_removed():
    present = [path for path in TABLE["removed"] if _exists(path)]
    assert not present
    assert "scikeras" in TABLE["removed"]["wrappers.scikit_learn.KerasClassifier"]


@pytest.mark.parametrize("name", sorted(TABLE["optimizers"]))
def test_optimizer_lr_is_rejected_by_keras3_and_learning_rate_works(name):
    entry = TABLE["optimizers"][name]
    cls = getattr(keras.optimizers, name)
    if "lr" in entry["renamed"]:
        with pytest.raises(ValueError, match="lr"):
            cls(lr=0.5)
        assert float(cls(learning_rate=0.5).learning_rate) == pytest.approx(0.5)
        legacy = getattr(tf_keras.optimizers.legacy, name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert float(legacy(lr=0.5).learning_rate) == pytest.approx(0.5)
    if "decay" in entry["removed"]:
        with pytest.warns(UserWarning, match="decay"):
            cls(decay=0.1)


def test_decay_replacement_is_the_keras2_formula():
    """The schedule the report suggests gives lr / (1 + decay * step), as Keras 2's decay did."""
    schedule = keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=0.1, decay_steps=1, decay_rate=0.5)
    for step in (0, 1, 7):
        assert float(schedule(step)) == pytest.approx(0.1 / (1 + 0.5 * step))


def _tools_module():
    spec = importlib.util.spec_from_file_location("gen_keras3_map", ROOT / "tools" / "gen_keras3_map.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("tf_name", sorted(TABLE["ops"]))
def test_ops_pairs_agree_on_fresh_inputs(tf_name):
    entry = TABLE["ops"][tf_name]
    tf_fn = tf
    for part in tf_name.split("."):
        tf_fn = getattr(tf_fn, part)
    op = getattr(keras.ops, entry["op"])
    rng = np.random.RandomState(3)
    args = list(_tools_module().OPS_CANDIDATES[tf_name][2](np))
    args = [
        a * rng.uniform(0.5, 1.5, np.shape(a)) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a for a in args
    ]
    want, got = tf_fn(*args), op(*args)
    if isinstance(want, (list, tuple)):
        for a, b in zip(want, got, strict=True):
            np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-5, atol=1e-6)
    else:
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-5, atol=1e-6)
    keyword_call = op(**{entry["arguments"][name]: value for name, value in zip(entry["tf_positional"], args)})
    np.testing.assert_allclose(
        np.asarray(keyword_call if not isinstance(keyword_call, list) else keyword_call[0]),
        np.asarray(got if not isinstance(got, list) else got[0]),
        rtol=1e-6,
    )


def test_tf_flags_is_not_absl_flags_and_the_table_knows_it():
    import absl.flags

    flags = TABLE["flags"]
    assert flags["module_is_absl_flags"] is (tf.compat.v1.flags is absl.flags) is False
    assert "FLAGS" in flags["wrapped_names"]
    assert tf.compat.v1.flags.DEFINE_multi_string is absl.flags.DEFINE_multi_string
    assert flags["renamed_define_arguments"] == {"flag_name": "name", "default_value": "default", "docstring": "help"}


def test_generator_methods_drop_only_what_keras3_fit_lacks():
    import inspect

    fit = set(inspect.signature(keras.Model.fit).parameters)
    spec = TABLE["generator_methods"]["fit_generator"]
    assert set(spec["dropped"]) == {"workers", "use_multiprocessing", "max_queue_size"}
    assert not set(spec["dropped"]) & fit
    assert set(spec["keep"].values()) <= fit


TF_KERAS_SCRIPT = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf
    import keras
    from keras.layers.core import Dense
    from keras.optimizers import SGD

    inputs = keras.Input((3,))
    hidden = Dense(2, activation="softmax")(inputs)
    merged = tf.concat([inputs, hidden], axis=1)
    model = keras.Model(inputs, merged)
    model.compile(SGD(lr=0.1), "mse")
    model.fit_generator(iter([(np.ones((2, 3)), np.ones((2, 5)))] * 3), steps_per_epoch=2, epochs=1, verbose=0)
    print(type(model).__module__.split(".")[0], model.predict(np.ones((1, 3)), verbose=0).shape)
    """
)


def test_tf_keras_target_keeps_keras2_and_runs_under_legacy_keras(tmp_path):
    result = migrate_source(TF_KERAS_SCRIPT, Options(keras="tf-keras"), "legacy.py")
    assert result.status is Status.CHANGED
    migrated = result.migrated
    assert "import tf_keras as keras" in migrated
    assert "from tf_keras.layers import Dense" in migrated
    assert "tf.concat([inputs, hidden], axis=1)" in migrated  # TF ops on Keras 2 tensors still work
    assert "keras.ops" not in migrated
    assert any("TF_USE_LEGACY_KERAS=1" in f.message for f in result.followups)

    script = tmp_path / "legacy.py"
    script.write_text(migrated, encoding="utf-8")
    env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=limit(600))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[-3:] == ["tf_keras", "(1,", "5)"]


def test_keras3_target_does_not_use_tf_keras():
    result = migrate_source(TF_KERAS_SCRIPT, Options(), "legacy.py")
    assert "tf_keras" not in result.migrated
    assert "keras.ops.concatenate([inputs, hidden], axis=1)" in result.migrated
    assert "model.fit(iter(" in result.migrated


def test_keras1_layer_renames_name_real_keras3_parameters():
    import inspect

    layers = TABLE["keras1_layer_arguments"]["layers"]
    assert layers["Dense"]["output_dim"] == "units"
    assert layers["Conv2D"]["border_mode"] == "padding"
    assert layers["Embedding"]["init"] == "embeddings_initializer"
    for name, renames in layers.items():
        params = set(inspect.signature(getattr(keras.layers, name).__init__).parameters)
        for old, new in renames.items():
            assert new in params and old not in params, (name, old, new)


def test_keras1_conv_kernel_becomes_a_tuple_only_for_keras1_code():
    keras1 = "from keras.layers import Convolution2D\nc = Convolution2D(32, 3, 3, border_mode='same')\n"
    keras2 = "from keras.layers import Conv2D\nc = Conv2D(32, 3, 2)\n"
    assert "Convolution2D(32, (3, 3), padding='same')" in migrate_source(keras1, Options()).migrated
    assert migrate_source(keras2, Options()).migrated == keras2


@pytest.mark.parametrize(
    ("layer", "argument"),
    [(layer, argument) for layer, args in sorted(TABLE["layer_arguments_removed"].items()) for argument in args],
)
def test_removed_layer_arguments_are_rejected_by_keras3(layer, argument):
    import inspect

    cls = getattr(keras.layers, layer)
    assert argument not in inspect.signature(cls.__init__).parameters
    assert argument in inspect.signature(getattr(tf_keras.layers, layer).__init__).parameters
