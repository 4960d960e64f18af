"""The generated private-name table against the real TensorFlow: targets exist, the table is current, output runs.

Every check runs TensorFlow in a subprocess (its start-up noise and memory stay out of the test process); the
programs share reused interpreters (tests/interpreters.py), the generator runs in a process of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from interpreters import Run, run_python
from timeouts import limit

from tfmigrate import Options, migrate_source
from tfmigrate.transforms._imports import table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tfmigrate" / "data" / "private_names.json"
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}


def _run(code: str, *args: str, cwd: Path = ROOT) -> Run:
    """``python -c code *args`` in ``cwd``, in a reused TensorFlow interpreter (tests/interpreters.py)."""
    return run_python(code, argv=args, cwd=cwd)


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
        timeout=limit(300),
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


def _differences(committed, generated, where: str = "") -> list[str]:
    """Where two tables differ, one readable line per differing key (recursing into objects, lists as sets)."""
    if isinstance(committed, dict) and isinstance(generated, dict):
        lines = []
        for key in sorted(committed.keys() | generated.keys()):
            here = f"{where}[{key!r}]"
            if key not in generated:
                lines.append(f"{here}: only in the committed file: {json.dumps(committed[key])[:300]}")
            elif key not in committed:
                lines.append(f"{here}: only in the regenerated table: {json.dumps(generated[key])[:300]}")
            else:
                lines += _differences(committed[key], generated[key], here)
        return lines
    if isinstance(committed, list) and isinstance(generated, list) and committed != generated:
        gone, new = (
            sorted(set(map(str, committed)) - set(map(str, generated))),
            sorted(set(map(str, generated)) - set(map(str, committed))),
        )
        return [f"{where}: only in the committed file: {gone[:20]}; only in the regenerated table: {new[:20]}"]
    if committed != generated:
        return [f"{where}: committed {committed!r}, regenerated {generated!r}"]
    return []


def test_differences_name_the_keys_that_differ() -> None:
    committed = {"tf_symbols": {"a": {"x": "tensorflow.x"}, "b": {"y": "tensorflow.y"}}, "tf_modules": ["a", "b"]}
    generated = {"tf_symbols": {"a": {"x": "tensorflow.compat.v1.x"}, "c": {}}, "tf_modules": ["a", "c"]}
    assert _differences(committed, generated) == [
        "['tf_modules']: only in the committed file: ['b']; only in the regenerated table: ['c']",
        "['tf_symbols']['a']['x']: committed 'tensorflow.x', regenerated 'tensorflow.compat.v1.x'",
        """['tf_symbols']['b']: only in the committed file: {"y": "tensorflow.y"}""",
        "['tf_symbols']['c']: only in the regenerated table: {}",
    ]
    assert _differences(committed, committed) == []


def test_the_generator_ignores_a_shell_that_selects_another_keras() -> None:
    """TF_USE_LEGACY_KERAS=1 in the developer's shell must not turn tf.keras into tf_keras for the generator."""
    probe = (
        "import os, runpy; runpy.run_path(%r, run_name='gen'); "
        "print([n for n in ('TF_USE_LEGACY_KERAS', 'KERAS_BACKEND') if n in os.environ])"
    ) % str(ROOT / "tools" / "gen_private_names.py")
    env = {**ENV, "TF_USE_LEGACY_KERAS": "1", "KERAS_BACKEND": "jax"}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=limit(60))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split("\n")[-2] == "[]"


def test_regenerating_the_table_gives_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "private_names.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_private_names.py"), "--output", str(out)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=limit(600),
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    generated, committed = out.read_text(encoding="utf-8"), DATA.read_text(encoding="utf-8")
    if generated != committed:
        differences = _differences(json.loads(committed), json.loads(generated)) or ["(only the formatting differs)"]
        settings = {k: v for k, v in ENV.items() if k.startswith(("TF_", "KERAS", "PYTHON", "CUDA"))}
        pytest.fail(
            "tfmigrate/data/private_names.json differs from what tools/gen_private_names.py generates here "
            f"(stale, or the generator depends on its environment: {settings}); {len(differences)} difference(s):\n"
            + "\n".join(differences[:40]),
            pytrace=False,
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

    original = _run(USE_IT, str(before), cwd=tmp_path)
    assert original.returncode != 0, "the private-Keras layer was expected to fail inside a Keras 3 model"
    migrated = _run(USE_IT, str(after), cwd=tmp_path)
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

    def run(path: Path) -> Run:
        return run_python(path.read_text(), cwd=tmp_path, file=path)

    original = run(before)
    assert original.returncode != 0 and "tensorflow.python.training.tracking" in original.stderr
    migrated = run(after)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    assert "latest True" in migrated.stdout and "DONE" in migrated.stdout
