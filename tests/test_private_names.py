"""The generated private-name table against the real TensorFlow: targets exist, the table is current, output runs.

Every check runs TensorFlow in a subprocess (its start-up noise and memory stay out of the test process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tfmigrate import Options, migrate_source
from tfmigrate.transforms._imports import table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tfmigrate" / "data" / "private_names.json"
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}


def _run(code: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV, timeout=timeout, cwd=ROOT
    )


def _targets() -> tuple[set[str], set[str]]:
    data = table()
    symbols = {t for names in data["keras_symbols"].values() for t in names.values()}
    symbols |= {t for names in data["tf_symbols"].values() for t in names.values()}
    modules = {t for t in data["keras_modules"].values() if t}
    return symbols, modules


RESOLVE_ALL = textwrap.dedent(
    """
    import importlib, json, sys
    symbols, modules, attribute_only = json.load(sys.stdin)
    import tensorflow
    bad = []
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as err:
            bad.append(f"import {module}: {err!r}")
    parents = {}
    for target in symbols:
        parent, _, name = target.rpartition(".")
        if parent in attribute_only:  # rewritten as `name = tf.parent.name`: the attribute path must work
            obj = tensorflow
            for part in target.split(".")[1:]:
                obj = getattr(obj, part, None)
            if obj is None:
                bad.append(f"{target}: not reachable as an attribute")
            continue
        if parent not in parents:
            try:  # the rewrite emits `from parent import name`: the parent must import as a module
                parents[parent] = importlib.import_module(parent)
            except Exception as err:
                parents[parent] = None
                bad.append(f"import {parent}: {err!r}")
        if parents[parent] is not None and not hasattr(parents[parent], name):
            bad.append(f"{target}: no attribute {name}")
    print(json.dumps({"checked": len(symbols) + len(modules), "bad": sorted(bad)}))
    """
)


def test_every_public_target_exists_in_installed_tensorflow() -> None:
    symbols, modules = _targets()
    assert len(symbols) > 1000 and "tensorflow.keras.layers.Dense" in symbols and "tensorflow.Tensor" in symbols
    proc = subprocess.run(
        [sys.executable, "-c", RESOLVE_ALL],
        input=json.dumps([sorted(symbols), sorted(modules), table()["unimportable_modules"]]),
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["checked"] == len(symbols) + len(modules)
    assert report["bad"] == []


def test_table_records_the_versions_it_was_read_from() -> None:
    data = table()
    proc = _run(
        "import tensorflow, keras, tf_keras; print(tensorflow.__version__, keras.__version__, tf_keras.__version__)"
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    tf_version, keras_version, tf_keras_version = proc.stdout.split()[-3:]
    assert (data["tensorflow_version"], data["keras_version"], data["tf_keras_version"]) == (
        tf_version,
        keras_version,
        tf_keras_version,
    )


def test_regenerating_the_table_gives_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "private_names.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_private_names.py"), "--output", str(out)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8"), (
        "tfmigrate/data/private_names.json is stale: run tools/gen_private_names.py"
    )


def test_known_mappings() -> None:
    data = table()
    keras, tf = data["keras_symbols"], data["tf_symbols"]
    assert keras["tensorflow.python.keras.engine.base_layer"]["Layer"] == "tensorflow.keras.layers.Layer"
    assert keras["tensorflow.python.keras.engine.training"]["Model"] == "tensorflow.keras.models.Model"
    assert keras["tensorflow.python.keras.engine.sequential"]["Sequential"] == "tensorflow.keras.models.Sequential"
    assert keras["tensorflow.python.keras.utils.np_utils"]["to_categorical"] == "tensorflow.keras.utils.to_categorical"
    assert data["keras_modules"]["tensorflow.python.keras.backend"] == "tensorflow.keras.backend"
    assert data["keras_modules"]["tensorflow.python.keras.engine.base_layer"] is None
    assert "base_layer_utils" not in str(keras.get("tensorflow.python.keras.engine.base_layer_utils", {}))
    assert tf["tensorflow.python.training.saver"]["Saver"] == "tensorflow.compat.v1.train.Saver"
    assert tf["tensorflow.python.checkpoint.checkpoint"]["Checkpoint"] == "tensorflow.train.Checkpoint"
    assert tf["tensorflow.python.framework.tensor"]["Tensor"] == "tensorflow.Tensor"
    assert tf["tensorflow.python.platform.gfile"]["GFile"] == "tensorflow.io.gfile.GFile"
    assert "Dense" in data["public_keras_modules"]["tensorflow.keras.layers"]


CUSTOM_LAYER = '''\
import numpy as np
from tensorflow.python.keras import backend as K
from tensorflow.python.keras.engine.base_layer import Layer
from tensorflow.python.keras.layers import Dense


class Scale(Layer):
    """A custom layer of the TF 2.0-2.5 era."""

    def build(self, input_shape):
        self.scale = self.add_weight(name="scale", shape=(int(input_shape[-1]),), initializer="ones")

    def call(self, inputs):
        return inputs * self.scale + K.epsilon()


def head():
    return Dense(2)
'''

USE_IT = textwrap.dedent(
    """
    import sys
    import numpy as np
    import tensorflow as tf
    sys.path.insert(0, sys.argv[1])
    import custom
    model = tf.keras.Sequential([tf.keras.Input((3,)), custom.Scale(), custom.head()])
    print("OUTPUT", model(np.ones((4, 3), "float32")).shape)
    """
)


def test_migrated_custom_layer_works_with_tf_keras_sequential(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "custom.py").write_text(CUSTOM_LAYER)
    result = migrate_source(CUSTOM_LAYER, Options(select=("TFM001",)))
    assert "tensorflow.python" not in result.migrated
    (after / "custom.py").write_text(result.migrated)

    original = _run(USE_IT, str(before))
    assert original.returncode != 0, "the private-Keras layer was expected to fail inside a Keras 3 model"
    migrated = _run(USE_IT, str(after))
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    assert "OUTPUT (4, 2)" in migrated.stdout


def test_paths_older_tensorflow_had_resolve_through_the_table() -> None:
    """TF 2.0-2.5 module paths this TensorFlow no longer ships still find their public names (or say why not)."""
    from tfmigrate.transforms._imports import resolve

    expected = {
        "tensorflow.python.keras.layers.wrappers.Bidirectional": "tensorflow.keras.layers.Bidirectional",
        "tensorflow.python.keras.layers.normalization.BatchNormalization": "tensorflow.keras.layers.BatchNormalization",
        "tensorflow.python.keras.preprocessing.image.ImageDataGenerator": "tensorflow.keras.preprocessing.image.ImageDataGenerator",
        "tensorflow.python.keras.applications.resnet50.ResNet50": "tensorflow.keras.applications.resnet50.ResNet50",
        "tensorflow.python.training.tracking.util.Checkpoint": "tensorflow.train.Checkpoint",
        "tensorflow.python.framework.ops.Tensor": "tensorflow.Tensor",
    }
    for private, public in expected.items():
        assert resolve(private).target == public, private
    assert resolve("tensorflow.python.framework.ops.Tensor.shape").target is None  # an attribute, not a module
    assert "removed in Keras 3" in resolve("tensorflow.python.keras.backend.get_session").reason
    assert resolve("tensorflow.python.keras.engine.base_layer_utils.call_context").target is None
    assert resolve("keras.layers.Dense") is None


TRAINING_SCRIPT = """\
import os
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.python.keras import backend as K
from tensorflow.python.keras.layers import Dense, Dropout
from tensorflow.python.keras.models import Sequential
from tensorflow.python.keras.callbacks import EarlyStopping
from tensorflow.python.keras.utils.np_utils import to_categorical
from tensorflow.python.framework import ops
from tensorflow.python.platform import gfile
from tensorflow.python.training.tracking.util import Checkpoint
from tensorflow.python.training import checkpoint_management


def main():
    x = np.random.rand(32, 4).astype("float32")
    y = to_categorical(np.random.randint(0, 3, 32), 3)
    model = Sequential([Dense(8, activation="relu"), Dropout(0.1), Dense(3, activation="softmax")])
    model.compile("adam", "categorical_crossentropy")
    model.fit(x, y, epochs=2, verbose=0, callbacks=[EarlyStopping(monitor="loss")])
    out = model(x)
    assert isinstance(out, ops.Tensor), type(out)
    print("floatx", K.floatx(), K.int_shape(out))
    root = tempfile.mkdtemp()
    ckpt = Checkpoint(model=model)
    ckpt.save(os.path.join(root, "ckpt"))
    print("latest", checkpoint_management.latest_checkpoint(root) is not None)
    with gfile.GFile(os.path.join(root, "done.txt"), "w") as f:
        f.write("ok")
    print("DONE")


main()
"""


def test_migrated_tf2_era_training_script_runs(tmp_path: Path) -> None:
    """A TF 2.3-era script on private Keras, framework, gfile and checkpoint imports: broken as it is on
    TF 2.21 (training.tracking is gone), and running end to end once the four import rules have rewritten it."""
    result = migrate_source(TRAINING_SCRIPT, Options(select=("TFM001", "TFM002", "TFM003", "TFM203")))
    assert result.followups == []
    assert "tensorflow.python" not in result.migrated
    before, after = tmp_path / "before.py", tmp_path / "after.py"
    before.write_text(TRAINING_SCRIPT)
    after.write_text(result.migrated)

    def run(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(path)], capture_output=True, text=True, env=ENV, timeout=300, cwd=tmp_path
        )

    original = run(before)
    assert original.returncode != 0 and "tensorflow.python.training.tracking" in original.stderr
    migrated = run(after)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    assert "latest True" in migrated.stdout and "DONE" in migrated.stdout
