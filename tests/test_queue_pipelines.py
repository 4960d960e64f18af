"""Queue input pipelines (held-out 7, blocker 4): ``string_input_producer`` + ``TextLineReader`` + ``decode_csv`` +
``tf.train.batch`` / ``shuffle_batch`` with queue threads, read by the eager rewrite as a tf.data pipeline through a
one-shot iterator (session/queues.py, then datasets.py). Each program below runs as the TF1 baseline and, migrated,
on TF 2.21: session-free with the baseline's numbers (``tf.train.batch`` keeps the file's order, ``num_epochs``
ends the loop after the last full batch), or for an unseeded ``shuffle_batch`` as many numbers and a falling loss.
The real programs (hunkim_lab04_4_tf_reader, a5601564_read_csv_batch) are in tests/programs/. What is not shown
equal keeps the graph tier with its line and reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

# The reading-data guide's loop: num_epochs, a header line, features stacked per record, the guide's
# ``while not coord.should_stop()`` / OutOfRangeError / finally, and a group of both initializers.
EPOCHS = """\
import tensorflow as tf

filename_queue = tf.train.string_input_producer(["scores.csv"], num_epochs=2, shuffle=False)
reader = tf.TextLineReader(skip_header_lines=1)
_, value = reader.read(filename_queue)
c1, c2, c3, label = tf.decode_csv(value, record_defaults=[[0.0], [0.0], [0.0], [0.0]])
features = tf.stack([c1, c2, c3])
x_batch, y_batch = tf.train.batch([features, label], batch_size=4)

W = tf.Variable(tf.zeros([3, 1]))
b = tf.Variable(0.0)
pred = tf.squeeze(tf.matmul(x_batch, W), 1) + b
loss = tf.reduce_mean(tf.square(pred - y_batch))
train_op = tf.train.GradientDescentOptimizer(1e-5).minimize(loss)
init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())

with tf.Session() as sess:
    sess.run(init_op)
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    step = 0
    try:
        while not coord.should_stop():
            _, l = sess.run([train_op, loss])
            print(step, l)
            step += 1
    except tf.errors.OutOfRangeError:
        print("Done training -- epoch limit reached", step)
    finally:
        coord.request_stop()
    coord.join(threads)
    print(sess.run(W).ravel(), sess.run(b))
"""

# The book scaffold's shape at module level: shuffle_batch of decode_csv's whole list, unpacked into columns.
SHUFFLED = """\
import tensorflow as tf

filename_queue = tf.train.string_input_producer(["scores.csv"], num_epochs=4)
reader = tf.TextLineReader(skip_header_lines=1)
key, value = reader.read(filename_queue)
record_defaults = [[0.0], [0.0], [0.0], [0.0]]
decoded = tf.decode_csv(value, record_defaults=record_defaults)
e1, e2, e3, final = tf.train.shuffle_batch(decoded, batch_size=5, capacity=50, min_after_dequeue=10)
features = tf.stack([e1, e2, e3], axis=1) / 100.0
target = tf.reshape(final, [5, 1]) / 100.0

W = tf.Variable(tf.zeros([3, 1]))
b = tf.Variable(tf.zeros([1]))
loss = tf.reduce_mean(tf.square(tf.matmul(features, W) + b - target))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
sess = tf.Session()
sess.run(init_op)
coord = tf.train.Coordinator()
threads = tf.train.start_queue_runners(sess=sess, coord=coord)
step = 0
try:
    while not coord.should_stop():
        _, loss_value = sess.run([train_op, loss])
        if step % 4 == 0:
            print("step", step, "loss:", loss_value)
        step += 1
except tf.errors.OutOfRangeError:
    print("done after", step, "steps")
finally:
    coord.request_stop()
coord.join(threads)
sess.close()
"""

# start_queue_runners with no queue in the graph (the book scaffold starts them whatever its input).
NO_QUEUE = """\
import tensorflow as tf

X = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
Y = tf.constant([[3.0], [7.0], [11.0]])
W = tf.Variable(tf.zeros([2, 1]), name="weights")
b = tf.Variable(0.0, name="bias")
total_loss = tf.reduce_sum(tf.squared_difference(Y, tf.matmul(X, W) + b))
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(total_loss)

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    for step in range(50):
        sess.run([train_op])
        if step % 10 == 0:
            print("loss: ", sess.run([total_loss]))
    coord.request_stop()
    coord.join(threads)
    sess.close()
"""

PROGRAMS = {"epochs": EPOCHS, "shuffled": SHUFFLED, "no_queue": NO_QUEUE}
REAL = ["hunkim_lab04_4_tf_reader", "a5601564_read_csv_batch", "hcna_tf_read_csv"]
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-", "files": ["scores.csv"]}
UNSEEDED = {"shuffled": {**META, "random": "unseeded", "loss": r"loss: (\S+)$"}}


@pytest.fixture(scope="module")
def outcomes():
    programs = [Program(name, source, UNSEEDED.get(name, META)) for name, source in PROGRAMS.items()]
    return evaluate(programs + load_programs(REAL))


@pytest.mark.parametrize("name", sorted(PROGRAMS) + REAL)
def test_queue_pipelines_run_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "queue" not in (outcome.migrated_text or "").replace("# ", "")


def test_the_loop_ends_after_the_last_full_batch_of_the_last_epoch(outcomes) -> None:
    """50 rows over 2 epochs in batches of 4: 12 steps, the 2 rows left never make a batch, in TF1 as eagerly."""
    baseline = outcomes["epochs"].baseline.stdout
    migrated = outcomes["epochs"].migrated.stdout
    assert "epoch limit reached 12" in baseline and "epoch limit reached 12" in migrated


def test_the_pipeline_is_one_dataset_read_by_an_iterator() -> None:
    text = migrate_source(EPOCHS, Options(), "program.py").migrated or ""
    assert "def parse_line(value):\n    c1, c2, c3, label = " in text
    assert "    features = tf.stack([c1, c2, c3])\n    return features, label\n" in text
    assert '.TextLineDataset(["scores.csv"]).skip(1).map(parse_line).repeat(2).batch(4, drop_remainder=True)' in text
    assert "iterator = iter(dataset)" in text and "batch = next(iterator)" in text
    assert "while True:" in text and "except StopIteration:" in text
    assert "Coordinator" not in text and "local_variables_initializer" not in text and "finally" not in text
    shuffled = migrate_source(SHUFFLED, Options(), "program.py").migrated or ""
    assert (
        "    return tuple(decoded)\n" in shuffled and ".repeat(4).shuffle(50).batch(5, drop_remainder=True)" in shuffled
    )


def test_initializers_run_as_a_list_and_a_stop_given_the_error_go_with_the_threads() -> None:
    source = (
        EPOCHS.replace("init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())\n", "")
        .replace("sess.run(init_op)", "sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])")
        .replace(
            "    except tf.errors.OutOfRangeError:\n",
            "    except tf.errors.OutOfRangeError as e:\n        coord.request_stop(e)\n",
        )
    )
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    text = result.migrated or ""
    assert "except StopIteration:\n" in text and "request_stop" not in text and "local_variables" not in text


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            SHUFFLED.replace("import tensorflow as tf\n", "import tensorflow as tf\ntf.set_random_seed(1)\n"),
            9,
            "tf.train.shuffle_batch in a seeded program",
            id="shuffle_batch under a graph seed",
        ),
        pytest.param(
            SHUFFLED.replace("min_after_dequeue=10)", "min_after_dequeue=10, seed=3)"),
            8,
            "tf.train.shuffle_batch in a seeded program",
            id="shuffle_batch with its own seed",
        ),
        pytest.param(
            EPOCHS.replace("batch_size=4)", "batch_size=4, num_threads=2)"),
            8,
            "tf.train.batch with several threads",
            id="batch filled by two threads",
        ),
        pytest.param(
            EPOCHS.replace('["scores.csv"], num_epochs=2, shuffle=False', '["scores.csv", "more.csv"], shuffle=False'),
            3,
            "skip_header_lines over more than one file",
            id="header of several files",
        ),
        pytest.param(
            EPOCHS.replace('["scores.csv"], num_epochs=2, shuffle=False', '["scores.csv", "more.csv"], seed=7').replace(
                "skip_header_lines=1", ""
            ),
            3,
            "shuffles the file names (shuffle=True) of more than one file in a seeded program",
            id="several files shuffled with a seed",
        ),
        pytest.param(
            EPOCHS.replace("print(step, l)", "print(step, l, sess.run(c1))"),
            25,
            "`c1`, a tensor of the queue pipeline, read outside it",
            id="a record tensor fetched",
        ),
        pytest.param(
            EPOCHS.replace("    coord.join(threads)\n", "    coord.join(threads)\n    print(threads)\n"),
            32,
            "the queue coordinator or its threads (`threads`) used otherwise",
            id="the runner threads used",
        ),
        pytest.param(
            EPOCHS.replace("x_batch, y_batch = tf.train.batch([features, label], batch_size=4)\n", "")
            .replace(
                "pred = tf.squeeze(tf.matmul(x_batch, W), 1) + b\nloss = tf.reduce_mean(tf.square(pred - y_batch))",
                "columns = [c1, c2, c3]\nloss = tf.reduce_sum(tf.stack(columns) * tf.squeeze(W)) + b - label",
            )
            .replace("print(step, l)", "print(step, l, sess.run(columns))"),
            5,
            "`columns`, a list of record tensors, read one record at a time",
            id="a list of record tensors fetched without a batch",
        ),
        pytest.param(
            EPOCHS.replace(
                "    except tf.errors.OutOfRangeError:\n", "    except tf.errors.OutOfRangeError as e:\n"
            ).replace('print("Done training -- epoch limit reached", step)', "print(e)"),
            27,
            "the OutOfRangeError caught is used",
            id="the caught error read",
        ),
    ],
)
def test_pipelines_not_shown_equal_keep_the_graph_tier_with_their_reason(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups
