"""Three more blockers held-out set 11 found in real TF1 book and blog programs (issue 16), each a common shape: an
InteractiveSession that initialises each variable where it is made, between evaluations (``X = tf.Variable(...);
X.initializer.run(); print(X.eval())``); a lambda evaluating a graph value with a feed, handed to a plotting
function under a flag (``lambda X: predicted_class.eval(feed_dict={x: X})``); and a CSV queue pipeline built in one
helper and run in another (``data_generator(filenames)`` with ``[[0.0] for _ in range(n)]`` record defaults and an
unseeded ``shuffle_batch``, then ``generate_data(feature_batch, label_batch)`` opening the Session). Each runs as the
TF1 baseline and migrated on TF 2.21; what cannot be shown equal keeps the graph tier with its true reason."""

from __future__ import annotations

import pytest
from program_checks import assert_baseline_numbers, assert_session_free_with_baseline_numbers, eager, reasons
from session_harness import Program, evaluate, load_programs, numbers

INITIALIZERS = "blockers_interleaved_variable_initializers"
LAMBDA = "blockers_fed_lambda_in_flag_branch"
QUEUE = "queues_csv_helper_shuffle_batch"
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}

# A seeded program whose random tensor is drawn by runs before, between and after the variables' random initial
# values are drawn (TF1 at the initializer, eagerly at the creation): each op keeps its own stream.
DRAWS_BETWEEN = """\
import tensorflow as tf

tf.set_random_seed(3)
sess = tf.InteractiveSession()
noise = tf.random_normal([3])
print(noise.eval())
w = tf.Variable(tf.random_normal([2, 3]))
print(noise.eval())
w.initializer.run()
print(w.eval(), noise.eval())
v = tf.Variable(tf.random_uniform([3]) * 2.0 + tf.ones([3]))
sess.run(v.initializer)
print((w * v).eval(), noise.eval())
sess.close()
"""
# A variable initialised from another one that a run assigned in between: TF1 reads the assigned value.
FROM_ASSIGNED = """\
import tensorflow as tf

sess = tf.InteractiveSession()
a = tf.Variable(tf.ones([2]))
a.initializer.run()
sess.run(a.assign([5.0, 7.0]))
b = tf.Variable(a.initialized_value() * 2.0)
b.initializer.run()
print(b.eval())
sess.close()
"""
# A run that assigns the variable before its initializer: TF1 then resets it to the initial value.
ASSIGNED_FIRST = """\
import tensorflow as tf

sess = tf.InteractiveSession()
a = tf.Variable(tf.ones([2]))
up = tf.assign(a, [4.0, 6.0])
up.eval()
a.initializer.run()
print(a.eval())
sess.close()
"""
# The initializer of every variable, then one variable's own: TF1 draws its initial value a second time.
INITIALISED_TWICE = """\
import tensorflow as tf

tf.set_random_seed(1)
sess = tf.InteractiveSession()
a = tf.Variable(tf.random_normal([2]))
init = tf.global_variables_initializer()
sess.run(init)
a.initializer.run()
print(a.eval())
sess.close()
"""
# One variable's own initializer, then the initializer of every variable: TF1 draws its initial value twice too.
INITIALISED_BY_BOTH = """\
import tensorflow as tf

tf.set_random_seed(1)
sess = tf.InteractiveSession()
a = tf.Variable(tf.random_normal([2]))
c = tf.Variable(tf.zeros([2]))
a.initializer.run()
c.initializer.run()
sess.run(tf.global_variables_initializer())
print(a.eval(), c.eval())
sess.close()
"""
# A restore, then a variable's own initializer: TF1 resets the restored value.
RESTORED_FIRST = """\
import tensorflow as tf

w = tf.Variable(tf.ones([2]))
saver = tf.train.Saver()
sess = tf.Session()
saver.restore(sess, "ckpt/model")
sess.run(w.initializer)
print(sess.run(w))
"""
IN_A_LOOP = """\
import tensorflow as tf

sess = tf.InteractiveSession()
print(tf.constant(2.0).eval())
a = tf.Variable(tf.zeros([2]))
for _ in range(2):
    a.initializer.run()
    print(a.eval())
sess.close()
"""


@pytest.fixture(scope="module")
def outcomes():
    (initializers, fed_lambda, queue) = load_programs([INITIALIZERS, LAMBDA, QUEUE])
    called = Program(
        "lambda_called",
        fed_lambda.source.replace('"show_boundary", False', '"show_boundary", True'),
        {**fed_lambda.meta},
    )
    inline = [
        Program("draws_between", DRAWS_BETWEEN, META),
        Program("assigned_first", ASSIGNED_FIRST, {**META, "random": "none"}),
        Program("initialised_twice", INITIALISED_TWICE, META),
        Program("initialised_by_both", INITIALISED_BY_BOTH, META),
        initializers.seeded(),
        called,
        Program("queue_at_module_level", _module_level_session(queue.source), queue.meta),
    ]
    found = evaluate([initializers, fed_lambda, queue])
    more = evaluate(inline)
    found["initializers_seeded"] = more[INITIALIZERS]
    return {**more, **found}


# ------------------------------------------------------------------------------- variables initialised one by one
def test_the_interleaved_initializer_program_is_session_free_with_the_baseline_numbers(outcomes) -> None:
    assert_session_free_with_baseline_numbers(outcomes[INITIALIZERS])
    assert "initializer" not in outcomes[INITIALIZERS].migrated_text


def test_seeded_it_prints_tf1s_numbers(outcomes) -> None:
    outcome = outcomes["initializers_seeded"]
    assert outcome.program.deterministic
    assert_session_free_with_baseline_numbers(outcome)


def test_a_random_tensor_drawn_around_the_initial_values_draws_tf1s_numbers(outcomes) -> None:
    assert_session_free_with_baseline_numbers(outcomes["draws_between"])


def test_an_initial_value_read_from_a_variable_a_run_assigned_keeps_the_graph_tier() -> None:
    (found,) = reasons(FROM_ASSIGNED)
    assert "`b`'s initializer runs after the graph ran" in found and "reads the variable `a`" in found, found


def test_a_variable_a_run_assigned_before_its_initializer_keeps_the_graph_tier_with_tf1s_numbers(outcomes) -> None:
    (found,) = reasons(ASSIGNED_FIRST)
    assert "after a run or restore that reached `a`" in found, found
    outcome = outcomes["assigned_first"]
    assert not outcome.session_free
    assert_baseline_numbers(outcome)
    assert "[1. 1.]" in outcome.migrated.stdout


def test_a_variable_initialised_again_by_its_own_initializer_keeps_the_graph_tier(outcomes) -> None:
    (found,) = reasons(INITIALISED_TWICE)
    assert "after an initializer of many variables initialised it" in found, found
    outcome = outcomes["initialised_twice"]
    assert not outcome.session_free
    assert_baseline_numbers(outcome)


def test_a_random_variable_initialised_alone_then_with_all_keeps_the_graph_tier(outcomes) -> None:
    (found,) = reasons(INITIALISED_BY_BOTH)
    assert "`a` by its own initializer first" in found, found
    outcome = outcomes["initialised_by_both"]
    assert not outcome.session_free
    assert_baseline_numbers(outcome)
    constant = INITIALISED_BY_BOTH.replace("tf.random_normal([2])", "tf.ones([2])")
    assert "a.initializer" not in eager(constant)  # the same value again: nothing to keep


def test_a_variable_initialised_after_a_restore_keeps_the_graph_tier() -> None:
    (found,) = reasons(RESTORED_FIRST)
    assert "`w`'s initializer runs after a run or restore that reached `w`" in found, found


def test_an_initializer_run_in_a_loop_says_so() -> None:
    (found,) = reasons(IN_A_LOOP)
    assert "a variable's initializer runs in a loop" in found, found


# ------------------------------------------------------------------------------- a lambda that evaluates with a feed
def test_the_flagged_lambda_program_is_session_free_with_the_baseline_numbers(outcomes) -> None:
    outcome = outcomes[LAMBDA]
    assert_session_free_with_baseline_numbers(outcome)
    assert "classify = lambda X: predicted_class(X).numpy()" in outcome.migrated_text


def test_with_the_flag_set_the_lambda_is_called_and_prints_the_baselines_classes(outcomes) -> None:
    outcome = outcomes["lambda_called"]
    assert_session_free_with_baseline_numbers(outcome)
    assert "grid classes" in outcome.migrated.stdout and "points in class 1" in outcome.migrated.stdout


def test_a_lambda_parameter_hiding_a_graph_name_keeps_the_graph_tier() -> None:
    (program,) = load_programs([LAMBDA])
    shadowed = program.source.replace("lambda X: predicted_class.eval(feed_dict={x: X})", "lambda x: x.eval()")
    (found,) = reasons(shadowed)
    assert "`x` is used inside a function or class" in found, found


def test_a_session_run_in_a_lambda_is_the_eager_call_too() -> None:
    (program,) = load_programs([LAMBDA])
    run = program.source.replace(
        "predicted_class.eval(feed_dict={x: X})", "s.run(predicted_class, feed_dict={x: X})"
    ).replace("tf.global_variables_initializer().run()", "s.run(tf.global_variables_initializer())")
    assert "lambda X: predicted_class(X).numpy()" in eager(run)


# ------------------------------------------------------------------------------- a CSV queue pipeline in a helper
def _module_level_session(source: str) -> str:
    """The queue program with its Session helper's body written under the guard (the pipeline still a helper)."""
    head, _, _ = source.partition("def show_batches(")
    return head + (
        'if __name__ == "__main__":\n'
        "    chosen_batch, price_batch = read_batches([HOUSING_FILE])\n"
        "    with tf.Session() as sess:\n"
        "        coord = tf.train.Coordinator()\n"
        "        threads = tf.train.start_queue_runners(coord=coord)\n"
        "        for _ in range(4):\n"
        "            chosen, prices = sess.run([chosen_batch, price_batch])\n"
        '            print(chosen, "prices", prices)\n'
        "        coord.request_stop()\n"
        "        coord.join(threads)\n"
    )


def _rows(stdout: str) -> list[tuple[float, float, float, float]]:
    """The printed batches as (three features, price) rows: eight rows of three, then eight prices, per batch."""
    values = numbers(stdout).tolist()
    assert len(values) % 32 == 0, stdout
    rows = []
    for start in range(0, len(values), 32):
        chosen, prices = values[start : start + 24], values[start + 24 : start + 32]
        rows += [(*chosen[3 * i : 3 * i + 3], prices[i]) for i in range(8)]
    return rows


def _from_the_file(row: tuple[float, float, float, float]) -> bool:
    """A row housing.csv holds (tests/program_files.py): row r's columns 5, 10, 12 and price, or zeros where its
    price was capped at 50.0 (the program's tf.where)."""
    if row == (0.0, 0.0, 0.0, 0.0):
        return True
    r = row[0] - 0.25
    return (
        r == int(r)
        and 0 <= r < 48
        and int(r) % 7 != 3
        and row[1:] == pytest.approx((r + 100.5, r + 200.75, 10 + r * 0.5))
    )


@pytest.mark.parametrize("name", [QUEUE, "queue_at_module_level"])
def test_the_helper_pipeline_reads_the_files_rows_in_batches_as_tf1_did(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "string_input_producer" not in outcome.migrated_text and "shuffle(most)" in outcome.migrated_text
    baseline, migrated = _rows(outcome.baseline.stdout), _rows(outcome.migrated.stdout)
    assert len(baseline) == len(migrated) == 32
    assert all(_from_the_file(row) for row in baseline), baseline
    assert all(_from_the_file(row) for row in migrated), migrated
    assert len(set(migrated)) > 8  # shuffled rows of the whole file, not one row again and again


def test_a_seeded_helper_pipeline_keeps_the_graph_tier_naming_the_shuffle() -> None:
    (program,) = load_programs([QUEUE])
    seeded = program.seeded().source
    for source in (seeded, _module_level_session(seeded)):
        (found,) = reasons(source)
        assert "tf.train.shuffle_batch in a seeded program" in found, found


def test_a_pipeline_helper_called_twice_names_the_queue_not_its_record_defaults() -> None:
    (program,) = load_programs([QUEUE])
    twice = program.source.replace(
        "    show_batches(chosen_batch, price_batch)",
        "    other_batch, other_price = read_batches([HOUSING_FILE])\n    show_batches(chosen_batch, price_batch)",
    )
    (found,) = reasons(twice)
    assert "ListComp" not in found and "it builds a queue input pipeline" in found, found
