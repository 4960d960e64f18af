"""Stateless ops built anew inside the training loop (session/loop_built_ops.py): SymphonyPy's SNN.py
(tests/programs/symphonypy_snn_accuracy_in_loop.py) builds ``correct_prediction`` and ``accuracy`` at every 100th step
and runs them; held-out set 28's wx_distill_teacher does so inside ``def main():``'s ``with tf.Session()``. Read with
the ops built once before the loop, each comes out session-free with the TF1 baseline's numbers (run on TF 2.21).
Where the move could change what the program does, the graph tier keeps its reason at the loop's line."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import (
    assert_session_free_with_baseline_numbers,
    evaluate_sources,
    migrated_with_reasons,
)

PROGRAM = (Path(__file__).parent / "programs" / "symphonypy_snn_accuracy_in_loop.py").read_text()
META = dict(random="none", source="SymphonyPy/Valified_Code_Classify", licence="not stated", adapted="-")
BUILT = "        correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))\n"
ACCURACY = '        accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))\n'
FETCH = "        print(sess.run(accuracy, feed_dict={x: data.test_images, y_: data.test_labels}))\n"
LOOP_BUILT = "the graph is built inside a loop or branch"
KEPT = "Session program kept in graph mode (tf.compat.v1 + disable_v2_behavior): "
BY_HAND = "; rewrite that part by hand (tf.function, tf.GradientTape) and the rest can run eagerly"
# ``Mean:0`` read by name in the loop is the first pass's op (later ones are Mean_1, ...): module_tensor_names.py gives
# that true reason at the read's line before the loop's reason is reached; TF 2.21 runs it with the baseline's numbers.
READ_BY_NAME_FIRST = {
    "by_name": "`Mean:0` is fetched or fed by tensor name, and `Mean` is a name TF1 gives ops by default"
}


def _in_main_with_eval(source: str) -> str:
    """The program's training inside ``def main():`` and ``with tf.Session() as sess:``, the accuracy read by
    ``accuracy.eval(feed, session=sess)`` (wx_distill_teacher's and the TF tutorials' spelling)."""
    head, _, tail = source.partition("sess = tf.Session()\n")
    body = tail.replace(
        FETCH, "        print(accuracy.eval({x: data.test_images, y_: data.test_labels}, session=sess))\n"
    )
    indented = "".join(f"        {line}" if line.strip() else line for line in body.splitlines(keepends=True))
    return (
        head
        + "def main():\n    with tf.Session() as sess:\n"
        + indented
        + '\n\nif __name__ == "__main__":\n    main()\n'
    )


def test_accuracy_built_in_the_loop_comes_out_session_free_with_the_baseline_numbers() -> None:
    sources = {"snn": PROGRAM, "snn_main_eval": _in_main_with_eval(PROGRAM)}
    outcomes = evaluate_sources(sources, META)
    for name, outcome in outcomes.items():
        assert_session_free_with_baseline_numbers(outcome)
        migrated = outcome.migrated_text or ""
        assert "def accuracy(" in migrated, (name, migrated)
        assert migrated.index("def accuracy(") < migrated.index("for i in range(300)"), (name, migrated)


def _built_line(source: str) -> int:
    """The line of the loop's first graph statement, ``correct_prediction = ...``."""
    return next(n for n, line in enumerate(source.splitlines(), 1) if line.startswith("        correct_prediction ="))


@pytest.mark.parametrize(
    ("case", "old", "new", "before"),
    [
        pytest.param(  # SNN.py's later version: the last pass's op read after the loop (bound only if a pass ran)
            "read_after_the_loop",
            "",
            "print(sess.run(accuracy, feed_dict={x: data.test_images, y_: data.test_labels}))\n",
            "",
            id="read after the loop",
        ),
        pytest.param(  # TF1 names the ops accuracy, accuracy_1, ...: something may read them by name
            "named",
            ACCURACY,
            ACCURACY.replace('"float"))', '"float"), name="accuracy")'),
            "",
            id="op named",
        ),
        pytest.param(  # the printed tensor shows the pass's numbered op name (Mean:0, Mean_1:0, ...)
            "printed",
            FETCH,
            FETCH + "        print(accuracy)\n",
            "",
            id="tensor printed",
        ),
        pytest.param(  # each pass built over the value bound then (here always 1): read so, it is not proved
            "rebound_in_the_loop",
            BUILT,
            "        axis = 1\n" + BUILT.replace("tf.argmax(y, 1)", "tf.argmax(y, axis)"),
            "",
            id="reads a name the loop binds",
        ),
        pytest.param(  # each pass drew anew with its own op
            "random",
            ACCURACY,
            ACCURACY.replace("tf.cast(correct_prediction", "tf.nn.dropout(tf.cast(correct_prediction").replace(
                '"float"))', '"float"), 0.5))'
            ),
            "",
            id="random op",
        ),
        pytest.param(  # the graph read by name
            "by_name",
            FETCH,
            FETCH + '        print(tf.get_default_graph().get_tensor_by_name("Mean:0"))\n',
            "",
            id="graph read by name",
        ),
        pytest.param(  # TF1's op seed of the random op after the loop counts the ops the passes built
            "seeded",
            "",
            "print(sess.run(tf.random_normal([2])))\n",
            "tf.set_random_seed(1)\n",
            id="seeded, random op after",
        ),
        pytest.param(  # each pass's tf.constant froze the list then; one build before the loop freezes its first value
            "changed_in_place",
            ACCURACY,
            ACCURACY.replace('"float"))', '"float")) + tf.reduce_sum(tf.constant(history))')
            + "        history.append(1.0)\n",
            "history = [0.0]\n",
            id="reads a value the loop changes in place",
        ),
    ],
)
def test_a_loop_built_op_that_cannot_be_moved_keeps_the_graph_tier_at_its_line(
    case: str, old: str, new: str, before: str
) -> None:
    source = PROGRAM.replace(old, new, 1) if old else PROGRAM + new  # no text replaced: a statement after the loop
    source = source.replace("sess = tf.Session()\n", before + "sess = tf.Session()\n")
    assert source != PROGRAM
    migrated, reasons = migrated_with_reasons(source)
    assert migrated is not None and "disable_v2_behavior" in migrated, case
    if case in READ_BY_NAME_FIRST:  # loop_built_ops saw the by-name read and moved nothing; module_tensor_names refused
        assert migrated.index("for i in range(300)") < migrated.index(BUILT), (case, migrated)
        at = next(n for n, line in enumerate(source.splitlines(), 1) if "get_tensor_by_name" in line)
        assert reasons == [(at, f"{KEPT}{READ_BY_NAME_FIRST[case]} (line {at}){BY_HAND}")], (case, reasons)
        return
    at = _built_line(source)
    assert reasons == [(at, f"{KEPT}{LOOP_BUILT} (line {at}){BY_HAND}")], (case, reasons)
