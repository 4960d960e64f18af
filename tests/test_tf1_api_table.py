"""The committed TF1 API table is exactly what tools/gen_tf1_api.py derives from the installed TensorFlow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from timeouts import limit

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tfmigrate" / "data" / "tf1_api.json"


def _generate() -> str:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_tf1_api.py"), "--stdout"],
        capture_output=True,
        text=True,
        env=env,
        timeout=limit(600),
        check=True,
    )
    return done.stdout


def test_committed_table_is_what_the_generator_produces() -> None:
    fresh = _generate()
    committed = TABLE.read_text(encoding="utf-8")
    if fresh != committed:
        new, old = json.loads(fresh), json.loads(committed)
        differing = sorted(
            k for k in set(new["symbols"]) | set(old["symbols"]) if new["symbols"].get(k) != old["symbols"].get(k)
        )[:20]
        raise AssertionError(
            f"tf1_api.json is stale (TF {old['tensorflow']} -> {new['tensorflow']}); "
            f"run tools/gen_tf1_api.py. First differing symbols: {differing}"
        )


def test_table_records_versions_and_known_fates() -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    import tensorflow as tf

    assert table["tensorflow"] == tf.__version__
    symbols = table["symbols"]
    assert symbols["placeholder"] == "c"
    assert symbols["random_normal"] == "random.normal"
    assert symbols["matmul"] == "="
    assert symbols["layers.dense"] == "x"
    assert table["args"]["reduce_sum"]["renamed"]["keep_dims"] == "keepdims"
    assert table["args"]["nn.dropout"]["complement"] == {"keep_prob": "rate"}


def test_keras_aliases_are_decided_name_by_name() -> None:
    """tf.losses / tf.metrics / tf.initializers are Keras 3's modules in TF 2.21: the module path exists in both
    APIs, a TF1-only member goes to tf.compat.v1, and a TF2-only member is known to exist."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    symbols, v2_only = table["symbols"], set(table["v2_only"])
    for module in ("losses", "metrics", "initializers", "experimental"):
        assert symbols[module] == "d", module
    assert symbols["losses.mean_squared_error"] == "c"
    assert symbols["metrics.accuracy"] == "c"
    assert symbols["experimental.ExtensionType"] == "="
    assert symbols["initializers.glorot_uniform"] == "d" and table["args"]["initializers.glorot_uniform"]["keras"]
    assert {"losses.MeanSquaredError", "metrics.Accuracy", "initializers.GlorotUniform", "optimizers.SGD"} <= v2_only


def test_every_renamed_or_same_name_resolves_in_tf2() -> None:
    """The table's promises are checked against the live API, not only against the generator's own output."""
    import tensorflow as tf

    table = json.loads(TABLE.read_text(encoding="utf-8"))
    bad = []
    for path, fate in table["symbols"].items():
        if fate == "x":
            continue
        target = path if fate in ("=", "d") else ("compat.v1." + path if fate == "c" else fate)
        obj = tf
        try:
            for part in target.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            bad.append(f"{path} -> {target}")
    assert not bad, bad[:20]
