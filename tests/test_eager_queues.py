"""Queues in the TF1 learners' lessons (held-out set 10): ``string_input_producer`` over a folder of CSV files with its
default ``shuffle=True`` and no seed (at module level, or built by a ``csvread(filelist)`` helper), read eagerly as
``tf.data.Dataset.from_tensor_slices(files).shuffle(n).repeat().flat_map(tf.data.TextLineDataset)``; and a
``tf.FIFOQueue`` driven by hand without threads (the "synchronous queueing" lesson), kept as an eager queue.

Each program runs as the TF1 baseline and, migrated, on TF 2.21. Unseeded, TF1 reads the files in a new order at
each run, so the harness asks for as many numbers; the tests here ask more: each epoch reads every record once, in
TF1 as eagerly, and the records read are the baseline's. What TF1 orders by a seed or by racing threads keeps the
graph tier with its line and reason."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
SHUFFLED = ["queues_shuffled_csv_files", "queues_csvread_helper"]
QUEUES = ["queues_fifo_synchronous", "queues_fifo_batches", "queues_random_shuffle_queue"]
PROGRAMS = SHUFFLED + QUEUES


# A PaddingFIFOQueue: vectors of several lengths padded by dequeue_many, enqueue ops run by ``op.run()`` too.
PADDED = """\
import tensorflow as tf

queue = tf.PaddingFIFOQueue(10, tf.int32, shapes=[[None]])
short = queue.enqueue([[1, 2]])
longer = queue.enqueue([[3, 4, 5, 6]])
single = queue.enqueue([[7]])
padded = queue.dequeue_many(3)
with tf.Session() as sess:
    short.run()
    longer.run()
    sess.run(single)
    print(queue.size().eval())
    print(sess.run(padded))
    sess.run(longer)
    print(sess.run(queue.dequeue()), sess.run(queue.size()))
"""
SHUFFLED_SOURCE = load_programs(["queues_shuffled_csv_files"])[0].source
# A fetched column also read beside the pipeline (held-out set 10: `print(v1.dtype)` of a decode_csv column): the
# map function takes the column out of the module, and the migrated program stopped with a NameError.
COLUMN_DTYPE_PRINTED = """\
import tensorflow as tf
filename_queue = tf.train.string_input_producer(["a.csv", "b.csv"], shuffle=False, num_epochs=1)
reader = tf.TextLineReader()
key, value = reader.read(filename_queue)
c1, c2 = tf.decode_csv(value, [[1.0], [1.0]])
print(c1.dtype)
total = tf.add(c1, c2)
sess = tf.Session()
sess.run(tf.local_variables_initializer())
coord = tf.train.Coordinator()
threads = tf.train.start_queue_runners(sess=sess, coord=coord)
try:
    while not coord.should_stop():
        a, b, t = sess.run([c1, c2, total])
        print(a, b, t)
except tf.errors.OutOfRangeError:
    print("done")
finally:
    coord.request_stop()
coord.join(threads)
"""
# The module-level pipeline printing a batch and a column where it is built (an int32 column: record default 0).
PRINTED = SHUFFLED_SOURCE.replace("batch_size=6)\n", "batch_size=6)\nprint(id_batch, row_id, id_batch.shape)\n")
INLINE = {"padded": PADDED, "printed": PRINTED}
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
UNSEEDED = {"printed": {**META, "random": "unseeded", "files": ["csv_parts"]}}


@pytest.fixture(scope="module")
def outcomes():
    inline = [Program(name, source, UNSEEDED.get(name, META)) for name, source in INLINE.items()]
    return evaluate(load_programs(PROGRAMS) + inline)


@pytest.mark.parametrize("name", PROGRAMS + sorted(INLINE))
def test_queue_lessons_run_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "string_input_producer" not in (outcome.migrated_text or "")
    assert "QueueRunner" not in (outcome.migrated_text or "")


def _numbered_rows(stdout: str) -> list[list[tuple[int, float]]]:
    """queues_shuffled_csv_files' batches: (row number, feature sum) per row, a list per printed step."""
    batches = []
    for ids, sums in re.findall(r"rows \[([^\]]*)\] sums \[([^\]]*)\]", stdout):
        batches.append(list(zip([int(i) for i in ids.split()], [round(float(s), 4) for s in sums.split()])))
    return batches


def _string_rows(stdout: str) -> list[list[tuple[str, str]]]:
    """queues_csvread_helper's batches: (example, label) per row, a list per printed step."""
    batches = []
    for examples, labels in re.findall(r"\[array\(\[([^\]]*)\][^\[]*array\(\[([^\]]*)\]", stdout):
        batches.append(list(zip(re.findall(r"b'(\w+)'", examples), re.findall(r"b'(\w+)'", labels))))
    return batches


@pytest.mark.parametrize(
    ("name", "rows", "batches", "per_epoch"),
    [
        pytest.param("queues_shuffled_csv_files", _numbered_rows, 6, 2, id="module level, three files of four rows"),
        pytest.param("queues_csvread_helper", _string_rows, 4, 2, id="csvread helper, three files of six rows"),
    ],
)
def test_each_epoch_reads_every_record_once_and_the_records_are_the_baselines(
    outcomes, name, rows, batches, per_epoch
) -> None:
    """The file order is drawn anew at each run in TF1 and eagerly: the records of each epoch, and of the whole run,
    are the same multiset; each batch holds whole files' records in file order (one reader thread)."""
    baseline, migrated = rows(outcomes[name].baseline.stdout), rows(outcomes[name].migrated.stdout)
    assert len(baseline) == len(migrated) == batches, (baseline, migrated)
    epochs = {}
    for run, read in (("baseline", baseline), ("migrated", migrated)):
        epochs[run] = [
            collections.Counter(row for batch in read[i : i + per_epoch] for row in batch)
            for i in range(0, batches, per_epoch)
        ]
        for epoch in epochs[run]:
            assert set(epoch.values()) == {1}, (run, epoch)  # every record once in an epoch
            assert epoch == epochs[run][0], (run, epochs[run])  # and the same records in each
    assert epochs["baseline"][0] == epochs["migrated"][0]


def test_the_graph_objects_the_helper_prints_are_tf1s(outcomes) -> None:
    """``print(example, label)`` and ``print(example_batch.shape)`` in csvread: TF1 printed the columns' tensors and
    the static shape of a batch of nine; the eager program prints that text where the helper's pipeline now stands
    (no record or batch is read yet)."""
    outcome = outcomes["queues_csvread_helper"]
    told = 'Tensor("DecodeCSV:0", shape=(), dtype=string) Tensor("DecodeCSV:1", shape=(), dtype=string)\n(9,)\n'
    assert outcome.baseline.stdout.startswith(told) and outcome.migrated.stdout.startswith(told)
    assert "\n    print('(9,)')\n" in (outcome.migrated_text or "")
    told = 'Tensor("batch:0", shape=(6,), dtype=int32) Tensor("DecodeCSV:0", shape=(), dtype=int32) (6,)\n'
    printed = outcomes["printed"]
    assert printed.baseline.stdout.startswith(told) and printed.migrated.stdout.startswith(told)


def test_the_shuffled_files_are_one_dataset_reshuffled_each_epoch() -> None:
    source = load_programs(["queues_shuffled_csv_files"])[0].source
    text = migrate_source(source, Options(), "program.py").migrated or ""
    assert (
        "Dataset.from_tensor_slices(file_list).shuffle(len(file_list)).repeat()"
        ".flat_map(tf.compat.v1.data.TextLineDataset).map(parse_line).batch(6, drop_remainder=True)"
    ) in text
    listed = source.replace("string_input_producer(file_list)", 'string_input_producer(["a.csv", "b.csv", "c.csv"])')
    text = migrate_source(listed, Options(), "program.py").migrated or ""
    assert '.from_tensor_slices(["a.csv", "b.csv", "c.csv"]).shuffle(3).repeat().flat_map(' in text


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            SHUFFLED_SOURCE.replace("import tensorflow as tf\n", "import tensorflow as tf\ntf.set_random_seed(3)\n"),
            10,
            "shuffles the file names (shuffle=True) of more than one file in a seeded program",
            id="files shuffled under a graph seed",
        ),
        pytest.param(
            SHUFFLED_SOURCE.replace("string_input_producer(file_list)", "string_input_producer(file_list, seed=3)"),
            9,
            "shuffles the file names (shuffle=True) of more than one file in a seeded program",
            id="files shuffled with an op seed",
        ),
        pytest.param(
            SHUFFLED_SOURCE.replace("string_input_producer(file_list)", "string_input_producer(file_list[1:])"),
            9,
            "an expression whose length tfmigrate cannot read",
            id="files shuffled from an expression",
        ),
        pytest.param(
            SHUFFLED_SOURCE.replace("batch_size=6)\n", "batch_size=6)\nprint(id_batch, row_id)\n").replace(
                "tf.decode_csv(value, record_defaults=record_defaults)",
                'tf.decode_csv(value, record_defaults=record_defaults, name="csv")',
            ),
            16,
            "`row_id`, a tensor of the queue pipeline, read outside it",
            id="the printed tensors of a pipeline that names an op",
        ),
        pytest.param(
            COLUMN_DTYPE_PRINTED,
            6,
            "`c1`, a tensor of the queue pipeline, read outside it",
            id="a fetched column of the pipeline also read outside its runs",
        ),
        pytest.param(
            SHUFFLED_SOURCE.replace("batch_size=6)\n", "batch_size=6)\nprint(x_batch.shape)\n"),
            16,
            "`x_batch.shape` is printed as a static fact of the graph",
            id="the printed shape of a batch of stacked columns",
        ),
        pytest.param(
            SHUFFLED_SOURCE.replace("tf.TextLineReader()", "tf.TextLineReader(skip_header_lines=1)"),
            9,
            "skip_header_lines over more than one file",
            id="a header in each shuffled file",
        ),
    ],
)
def test_file_orders_not_shown_equal_keep_the_graph_tier(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups


def test_the_synchronous_lesson_keeps_its_queue_and_runs_each_op_where_it_ran(outcomes) -> None:
    """100 rounds of dequeue, +1, enqueue over three values: each of 0.1, 0.2, 0.3 raised by 33, then 0.1 once
    more, in TF1's order."""
    outcome = outcomes["queues_fifo_synchronous"]
    assert [round(float(v), 4) for v in outcome.migrated.stdout.split()] == [33.2, 33.3, 34.1]
    text = outcome.migrated_text or ""
    assert "Q = tf.queue.FIFOQueue(3, tf.float32)\n" in text
    assert "def en_q():\n    return Q.enqueue(data())\n" in text and "    en_q()\n" in text
    assert "for i in range(Q.size().numpy()):\n    print(Q.dequeue().numpy())\n" in text


def test_a_padding_queue_pads_as_tf1_did(outcomes) -> None:
    assert outcomes["padded"].migrated.stdout == "3\n[[1 2 0 0]\n [3 4 5 6]\n [7 0 0 0]]\n[3 4 5 6] 0\n"


def test_an_unseeded_random_shuffle_queue_holds_what_tf1s_holds(outcomes) -> None:
    """Five requeues of a dequeued value times ten leave ten values: the size is TF1's, and each value drawn is one
    of range(10) times a power of ten, in TF1 as eagerly."""
    possible = {value * 10**times for value in range(10) for times in range(6)}
    outcome = outcomes["queues_random_shuffle_queue"]
    for run in (outcome.baseline, outcome.migrated):
        assert "size 10\n" in run.stdout, run.stdout
        drawn = re.search(r"drawn \[([^\]]*)\]", run.stdout)
        assert drawn is not None, run.stdout
        values = [int(v) for v in drawn.group(1).split()]
        assert len(values) == 8 and set(values) <= possible, values


SYNCHRONOUS = load_programs(["queues_fifo_synchronous"])[0].source
# The lesson after it: a QueueRunner of two threads adds one to a variable and enqueues it while the main thread
# dequeues, so what is dequeued is the threads' race with the main thread.
THREADED = """\
import tensorflow as tf

Q = tf.FIFOQueue(1000, tf.float32)
var = tf.Variable(0.0)
data = tf.assign_add(var, tf.constant(1.0))
en_q = Q.enqueue(data)
qr = tf.train.QueueRunner(Q, enqueue_ops=[en_q] * 2)
init_op = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init_op)
    coord = tf.train.Coordinator()
    threads = qr.create_threads(sess, coord=coord, start=True)
    for i in range(30):
        print(sess.run(Q.dequeue()))
    coord.request_stop()
    coord.join(threads)
"""
TWO_COMPONENTS = """\
import tensorflow as tf

queue = tf.FIFOQueue(capacity=10, dtypes=[tf.float32, tf.int32], shapes=[[2], []])
fill = queue.enqueue_many([[[1.0, 2.0], [3.0, 4.0]], [1, 2]])
pair = queue.dequeue_many(2)
features, labels = pair[0], pair[1]
scaled = features * tf.cast(tf.expand_dims(labels, 1), tf.float32)
with tf.Session() as sess:
    sess.run(fill)
    print(sess.run(scaled))
"""

# A closed queue read until OutOfRangeError: eagerly the dequeue raises the same error, but the proof does not model a
# ``try`` around queue reads (datasets.py's OutOfRangeError -> StopIteration is for iterators only).
CLOSED = """\
import tensorflow as tf

q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
fill = q.enqueue_many([[1, 2, 3]])
close = q.close()
item = q.dequeue()
with tf.Session() as sess:
    sess.run(fill)
    sess.run(close)
    try:
        while True:
            print(sess.run(item))
    except tf.errors.OutOfRangeError:
        print("queue empty and closed")
"""


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(CLOSED, 10, "a `Try` statement in a Session program", id="a closed queue read to its end"),
        pytest.param(THREADED, 7, "tf.train.QueueRunner: queue threads", id="a QueueRunner of two threads"),
        pytest.param(
            SYNCHRONOUS.replace("import tensorflow as tf\n", "import tensorflow as tf\ntf.set_random_seed(0)\n"),
            8,
            "a queue in a seeded program",
            id="a queue in a seeded program",
        ),
        pytest.param(
            TWO_COMPONENTS,
            7,
            "reads the queue value `pair` (line 5) along 2 paths: TF1 dequeues it once per run",
            id="one dequeue read along two paths",
        ),
        pytest.param(
            SYNCHRONOUS.replace("        sess.run(en_q)\n", "        print(sess.run(en_q))\n"),
            18,
            "a queue op run for its value (TF1's run gives None)",
            id="an enqueue's value printed",
        ),
        pytest.param(
            SYNCHRONOUS.replace("print(sess.run(Q.dequeue()))", "print(sess.run([data, Q.size()]))"),
            20,
            "one run fetches several values computed from a queue",
            id="a dequeue fetched with the queue's size",
        ),
        pytest.param(
            SYNCHRONOUS.replace("out_q = Q.dequeue()\n", "ref = Q.queue_ref\nout_q = Q.dequeue()\n"),
            11,
            "the queue `Q` used other than by calling its methods",
            id="the queue's resource read",
        ),
    ],
)
def test_queues_not_shown_equal_keep_the_graph_tier(source: str, line: int, reason: str) -> None:
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups


# The book's softmax chapter: the CSV queue built by read_csv() inside inputs(), both called in the Session block,
# shuffle_batch unseeded (read as a shuffled dataset, as at module level), then evaluate(sess, X, Y) runs the Session
# on the batch in a helper. The map function the queue's records become stands in the Session block there: it is no
# "dataset map/filter of something other than a lambda"; the program stops at the helper that runs the Session.
BOOK_SOFTMAX = (FIXTURES / "eager_queue_pipeline_in_helpers.before.py").read_text()


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        pytest.param(
            BOOK_SOFTMAX.replace(
                "tf.train.batch(decoded, batch_size=batch_size)",
                "tf.train.shuffle_batch(decoded, batch_size=batch_size, capacity=batch_size * 50, "
                "min_after_dequeue=batch_size)",
            )
            .replace(
                "    print(sess.run(W))\n",
                "    evaluate(sess, X, Y)\n",
            )
            .replace(
                "\n\nwith tf.Session() as sess:",
                "\n\ndef evaluate(sess, X, Y):\n"
                "    predicted = tf.cast(tf.arg_max(combine_inputs(X), 1), tf.int32)\n"
                "    print(sess.run(tf.reduce_mean(tf.cast(tf.equal(predicted, Y), tf.float32))))\n"
                "\n\nwith tf.Session() as sess:",
            ),
            65,
            "`X` is used outside Session.run / eval",
            id="the book's queue in helpers, then a helper running the Session on its batch",
        ),
    ],
)
def test_a_queue_built_in_helpers_is_read_as_a_dataset_and_the_next_stop_named(
    source: str, line: int, reason: str
) -> None:
    assert "evaluate(sess, X, Y)" in source.splitlines()[line - 1]
    followups = reasons_by_line(source)
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups
