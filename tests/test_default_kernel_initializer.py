"""``kernel_initializer=w_init`` with ``w_init = tf.glorot_uniform_initializer()`` in a layer builder (set 22's GAN
builders write TF1's default out): tf.layers' own default kernel initializer, the same op drawing the same numbers,
so the layer is rewritten as one without the argument. Run on TF 2.21 against the seeded TF1 baseline (Keras 2).
An initializer given arguments (a seed of its own) keeps its line."""

from __future__ import annotations

from pathlib import Path

from program_checks import assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

BUILDER = (
    Path(__file__).parent / "fixtures" / "TFM201" / "layers_dense_helper_default_kernel_initializer.before.py"
).read_text()
SOURCES = {
    "named_default": BUILDER,
    "module_level_default": BUILDER.replace(
        "def dense_head(x):\n    w_init = tf.glorot_uniform_initializer()\n",
        "w_init = tf.glorot_uniform_initializer()\n\n\ndef dense_head(x):\n",
    ),
}


def test_the_default_written_out_comes_out_session_free_with_the_baseline_numbers() -> None:
    meta = dict(random="seeded", legacy_keras=True, source="tfmigrate", licence="Apache-2.0", adapted="-")
    outcomes = evaluate([Program(name, text, meta) for name, text in SOURCES.items()])
    for outcome in outcomes.values():
        assert_session_free_with_baseline_numbers(outcome)


def test_an_initializer_with_a_seed_of_its_own_keeps_its_line() -> None:
    source = BUILDER.replace("tf.glorot_uniform_initializer()", "tf.glorot_uniform_initializer(seed=3)")
    result = migrate_source(source, Options(), "program.py")
    followups = [(f.line, f.message) for f in result.followups if f.code == "TFM201"]
    assert [line for line, _ in followups] == [12], followups
    assert "Session" in result.migrated
