"""A TF1 program that switches itself to TF1 behaviour (session/own_switch.py): ``import tensorflow.compat.v1 as
tf`` + ``tf.disable_v2_behavior()``, or tf_upgrade_v2's ``tf.compat.v1`` names with the switch in the main guard,
is read as the TF1 program it is (the eager fixtures eager_compat_v1_import_switched and
eager_tf_upgrade_v2_output_switched run it on real TF); one the proof refuses stays as it came with a follow-up."""

from __future__ import annotations

from program_checks import migrated_with_reasons as migrated_with_lines


def migrated_with_reasons(source: str) -> tuple[str | None, list[str]]:
    migrated, lines = migrated_with_lines(source)
    return migrated, [message for _, message in lines]


PROGRAM = """\
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

x = tf.placeholder(tf.float32, [2])
w = tf.Variable([1.0, 2.0])
y = x * w
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [3.0, 4.0]}))
"""


def test_a_compat_v1_program_with_its_own_switch_is_migrated_eagerly() -> None:
    migrated, reasons = migrated_with_reasons(PROGRAM)
    assert migrated is not None and not reasons, reasons
    assert migrated.startswith("import tensorflow as tf\n"), migrated
    assert "disable_v2_behavior" not in migrated and "Session" not in migrated and "placeholder" not in migrated


def test_a_refused_compat_v1_program_says_it_stays_in_graph_mode_and_why() -> None:
    refused = PROGRAM.replace("tf.Session()", "tf.Session(config=tf.ConfigProto(log_device_placement=True))")
    migrated, reasons = migrated_with_reasons(refused)
    assert migrated is not None and "disable_v2_behavior()" in migrated
    assert len(reasons) == 1 and "kept in graph mode" in reasons[0] and "log_device_placement" in reasons[0], reasons


def test_a_switch_elsewhere_or_twice_is_not_read_away() -> None:
    """Only a statement of its own at module level or first in the main guard is the program's switch; one in a
    function runs when it is called, so the module is not read as TF1 throughout."""
    inside = PROGRAM.replace("tf.disable_v2_behavior()\n", "\n\ndef setup():\n    tf.disable_v2_behavior()\n\n\n")
    twice = PROGRAM.replace("tf.disable_v2_behavior()\n", "tf.disable_v2_behavior()\ntf.disable_v2_behavior()\n")
    for source in (inside, twice):
        migrated, _ = migrated_with_reasons(source)
        assert migrated is None or "Session" in migrated, migrated


def test_a_compat_v1_program_without_a_switch_is_the_same_tf1_program() -> None:
    """TFM102 gives such a program the switch, so a second run would read it as the program above: the first run
    reads it so too (a run of tfmigrate on its own output changes nothing)."""
    unswitched = PROGRAM.replace("tf.disable_v2_behavior()\n", "")
    migrated, reasons = migrated_with_reasons(unswitched)
    assert migrated == migrated_with_reasons(PROGRAM)[0] and not reasons, (migrated, reasons)
    assert migrated_with_reasons(migrated)[0] in (None, migrated)
