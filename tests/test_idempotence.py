"""Running tfmigrate on its own output changes nothing, with every rule selected, as a user runs it twice.

tests/test_fixtures.py checks each fixture's output with only its own rule selected; here every rule runs, where
one rule's output meets another's reading: TFM102's ``import tensorflow as tf`` + switch read by a second run's
TFM201, TFM201's branch that never runs read by a second run's TFM101. tools/idempotence_sweep.py checks every
program, fixture input and example the same way (671 files, 74 CPU-s); the cases it found are kept here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate import Options, Status, migrate_source

FIXTURES = Path(__file__).parent / "fixtures"
# The inputs whose second run changed their output (tools/idempotence_sweep.py, tests/test_properties.py).
FOUND = ("TFM102/no_tf_binding", "TFM102/compat_binding", "TFM201/eager_constant_false_branch")


def twice(source: str, name: str = "program.py") -> tuple[str, str]:
    first = migrate_source(source, Options(), name)
    assert first.status is not Status.FAILED, first.error
    again = migrate_source(first.migrated, Options(), name)
    assert again.status is not Status.FAILED, again.error
    return first.migrated, again.migrated


@pytest.mark.parametrize("case", FOUND)
def test_a_second_run_changes_nothing(case: str) -> None:
    first, again = twice((FIXTURES / f"{case}.before.py").read_text(encoding="utf-8"))
    assert again == first


def test_a_compat_v1_module_without_a_switch_is_migrated_by_the_first_run() -> None:
    """The hypothesis draw that turned CI red, and the two other compat bindings: the first run does what the
    second did (reads the module as the TF1 program TFM102 switches) rather than leaving it to a second run."""
    for header in (
        "import tensorflow.compat.v1 as tf\n",
        "from tensorflow.compat import v1 as tf\n",
    ):
        source = (
            header + "x = tf.placeholder(tf.float32)\nwith tf.Session() as sess:\n    print(sess.run(x, {x: 2.0}))\n"
        )
        first, again = twice(source)
        assert again == first
        assert "Session" not in first and "disable_v2_behavior" not in first, first
    first, again = twice(header + "sess = tf.Session()\n")
    assert again == first


def test_names_taken_from_compat_v1_are_read_with_the_import_tfm102_adds() -> None:
    source = (FIXTURES / "TFM102/no_tf_binding.before.py").read_text(encoding="utf-8")
    first, _ = twice(source)
    assert "import tensorflow as tf\n" in first and "Session()" not in first, first
    # where the module uses the name ``tf`` itself, TFM102 would import ``tensorflow``: so is the module read
    taken = "tf = 'taken'\n" + source
    first, again = twice(taken)
    assert again == first and "import tensorflow\n" in first and "Session()" not in first, first


DEAD = """\
import tensorflow as tf

USE_EMA = False
w = tf.Variable(1.0)
if USE_EMA:
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    step = opt.minimize(w)
print(w.numpy())
"""


def test_tf2_code_whose_only_tf1_names_never_run_comes_back_as_written() -> None:
    """What the eager rewrite writes (a branch on a module constant kept as written) and what a user writes alike:
    TFM101 leaves the branch, with the follow-up TFM201 gives it."""
    result = migrate_source(DEAD, Options(), "program.py")
    assert result.status is Status.UNCHANGED and result.migrated == DEAD
    assert [(f.line, f.code) for f in result.followups if "never runs" in f.message] == [(5, "TFM101")]


def test_tf1_code_outside_the_branch_is_renamed_with_the_branch() -> None:
    """A branch that never runs in TF1 code is renamed as before: kept under the switch, it still runs if the
    constant is flipped."""
    source = DEAD.replace("w = tf.Variable(1.0)\n", "w = tf.Variable(1.0)\nx = tf.placeholder(tf.float32)\n")
    first, again = twice(source)
    assert again == first
    assert "tf.compat.v1.train.MomentumOptimizer" in first and "tf.compat.v1.placeholder" in first, first
