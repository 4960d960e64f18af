"""TFM201 on tf.data iterators run by a Session: what keeps the graph tier names its true reason and line.

The eager forms are fixtures (tests/fixtures/TFM201/eager_dataset_*) and real programs (tests/programs/, the
SESSION_FREE_DATASETS floor of tests/test_session_programs.py); here each refusal is one small program.
"""

from __future__ import annotations

import textwrap

import pytest
from program_checks import eager, migrated_with_reasons

HEAD = "import numpy as np\nimport tensorflow as tf\n\n"


def _reason(body: str) -> tuple[str, list[tuple[int, str]]]:
    migrated, followups = migrated_with_reasons(HEAD + textwrap.dedent(body).lstrip())
    assert migrated is not None
    return migrated, followups


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        pytest.param(
            """
            dataset = tf.data.Dataset.range(4)
            with tf.Session() as sess:
                for epoch in range(2):
                    element = dataset.make_one_shot_iterator().get_next()
                    print(sess.run(element))
            """,
            7,
            "`dataset.make_one_shot_iterator` outside a module-level `name = ...` statement",
            id="iterator built in a loop",
        ),
        pytest.param(
            """
            train = tf.data.Dataset.range(10).batch(2)
            handle = tf.placeholder(tf.string, shape=[])
            iterator = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
            element = iterator.get_next()
            train_iterator = train.make_one_shot_iterator()
            with tf.Session() as sess:
                train_handle = sess.run(train_iterator.string_handle())
                print(sess.run(element, feed_dict={handle: train_handle}))
            """,
            6,
            "a feedable iterator (`tf.data.Iterator.from_string_handle`)",
            id="feedable iterator",
        ),
        pytest.param(
            """
            def scale(x):
                print("tracing")
                return x * 2
            dataset = tf.data.Dataset.range(4).map(scale)
            element = dataset.make_one_shot_iterator().get_next()
            with tf.Session() as sess:
                print(sess.run(element))
            """,
            7,
            "a dataset map/filter of something other than a lambda of TensorFlow ops",
            id="map of a Python function",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.from_tensor_slices(tf.random_normal([4, 2]))
            element = dataset.make_one_shot_iterator().get_next()
            with tf.Session() as sess:
                print(sess.run(element))
            """,
            4,
            "the dataset is built from `tf.random_normal`",
            id="dataset of a random tensor",
        ),
        pytest.param(
            """
            tf.set_random_seed(1)
            dataset = tf.data.Dataset.range(4).shuffle(4)
            element = dataset.make_one_shot_iterator().get_next()
            with tf.Session() as sess:
                print(sess.run(element))
            """,
            5,
            "Dataset.shuffle without a seed after tf.set_random_seed",
            id="unseeded shuffle under a graph seed",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.from_tensor_slices(np.arange(8.0)).shuffle(8, seed=3).batch(4)
            iterator = dataset.make_initializable_iterator()
            values = iterator.get_next()
            with tf.Session() as sess:
                for epoch in range(2):
                    sess.run(iterator.initializer)
                    print(sess.run(values))
            """,
            4,
            "`dataset` shuffles with a seed and is iterated more than once",
            id="seeded shuffle initialised in a loop",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.range(4)
            element = dataset.make_one_shot_iterator().get_next()
            doubled = element * 2
            with tf.Session() as sess:
                print(sess.run(element), sess.run(doubled))
            """,
            8,
            "one statement runs the graph twice on tf.data elements",
            id="two pulling runs in one statement",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.range(4)
            iterator = dataset.make_one_shot_iterator()
            a = iterator.get_next()
            b = iterator.get_next()
            with tf.Session() as sess:
                print(sess.run([a, b]))
            """,
            9,
            "a run reads two get_next() ops of `iterator` (TF1 pulls an element for each)",
            id="two get_next ops in one run",
        ),
        pytest.param(
            """
            x = tf.placeholder(tf.float32, [None])
            dataset = tf.data.Dataset.from_tensor_slices(x)
            iterator = dataset.make_initializable_iterator()
            element = iterator.get_next()
            total = tf.reduce_sum(x)
            with tf.Session() as sess:
                sess.run(iterator.initializer, feed_dict={x: np.arange(3.0)})
                print(sess.run(element), sess.run(total, feed_dict={x: np.arange(2.0)}))
            """,
            8,
            "placeholder `x` a dataset is built from is read elsewhere",
            id="placeholder of a dataset read by the graph too",
        ),
        pytest.param(
            """
            x = tf.placeholder(tf.float32, [None])
            y = tf.placeholder(tf.float32, [None])
            dataset = tf.data.Dataset.from_tensor_slices((x, y))
            iterator = dataset.make_initializable_iterator()
            a, b = iterator.get_next()
            with tf.Session() as sess:
                sess.run(iterator.initializer, feed_dict={x: np.arange(3.0)})
                print(sess.run(a))
            """,
            10,
            "an initialisation that does not feed exactly `dataset`'s placeholders",
            id="placeholder of a dataset left unfed",
        ),
        pytest.param(
            """
            x = tf.placeholder(tf.float32, [None])
            dataset = tf.data.Dataset.from_tensor_slices(x)
            iterator = dataset.make_initializable_iterator()
            element = iterator.get_next()
            feed = {x: np.arange(3.0)}
            with tf.Session() as sess:
                sess.run(iterator.initializer, feed_dict=feed)
                print(sess.run(element))
            """,
            10,
            "an iterator over a dataset of placeholders initialised without a literal feed_dict",
            id="placeholder of a dataset fed through a dict built apart",
        ),
        pytest.param(
            """
            first = tf.data.Dataset.range(4)
            second = tf.data.Dataset.range(4).shuffle(4, seed=2)
            pairs = tf.data.Dataset.zip((first, second))
            element = pairs.make_one_shot_iterator().get_next()
            with tf.Session() as sess:
                print(sess.run(element))
            """,
            6,
            "Dataset.zip of a dataset that shuffles with a seed",
            id="zip of a seeded shuffle",
        ),
        pytest.param(
            """
            data = tf.data.Dataset.range(6)
            it = tf.data.Iterator.from_structure(data.output_types, data.output_shapes)
            train_init = it.make_initializer(data)
            element = it.get_next()
            with tf.Session() as sess:
                sess.run(train_init)
                print(sess.run(element), train_init.name)
            """,
            10,
            "the iterator initializer `train_init` read other than by a run of it alone",
            id="initializer printed",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.from_tensor_slices((np.ones((4, 2)), np.ones((4, 1)))).batch(2)
            iterator = dataset.make_initializable_iterator()
            x, y = iterator.get_next()
            loss = tf.reduce_mean(tf.square(x - y))
            with tf.Session() as sess:
                sess.run(iterator.initializer)
                print(sess.run(loss, feed_dict={x: np.zeros((2, 2)), y: np.zeros((2, 1))}))
            """,
            10,
            "a run feeds `iterator`'s get_next() element",
            id="element fed",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.range(4)
            iterator = dataset.make_initializable_iterator()
            with tf.Session() as sess:
                sess.run(iterator.initializer)
                for i in range(2):
                    print(sess.run([iterator.get_next(), iterator.get_next()]))
            """,
            9,
            "a run reads two get_next() ops of `iterator` (TF1 pulls an element for each)",
            id="two get_next ops written in one run",
        ),
        pytest.param(
            """
            data = tf.data.Dataset.range(6)
            it = tf.data.Iterator.from_structure(data.output_types, data.output_shapes)
            element = it.get_next()
            with tf.Session() as sess:
                for part in (data.take(2), data.skip(4)):
                    sess.run(it.make_initializer(part))
                    print(part, sess.run(element))
            """,
            9,
            "make_initializer() of something other than a dataset tfmigrate models",
            id="a loop over datasets printing them (TF1 and eager datasets print other names)",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.range(4)
            element = dataset.make_one_shot_iterator().get_next()
            with tf.Session() as sess:
                next = sess.run(element)
                print(next)
            """,
            7,
            "the program binds `next`",
            id="next rebound",
        ),
        pytest.param(
            """
            dataset = tf.data.Dataset.from_tensor_slices(np.ones((8, 3))).batch(4)
            features = dataset.make_one_shot_iterator().get_next()
            logits = tf.layers.dense(features, 2)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                print(sess.run(logits).shape)
            """,
            6,
            "`tf.layers.dense` reads a tf.data element, whose dtype tfmigrate cannot see",
            id="tf.layers on an element",
        ),
    ],
)
def test_refused_iterator_shapes_name_their_cause(body: str, line: int, reason: str) -> None:
    migrated, followups = _reason(body)
    assert "tf.compat.v1.disable_v2_behavior()" in migrated
    assert len(followups) == 1, followups
    assert followups[0][0] == line and reason in followups[0][1], followups


def test_a_run_that_does_not_read_the_element_pulls_nothing() -> None:
    migrated, followups = _reason(
        """
        dataset = tf.data.Dataset.range(4)
        element = dataset.make_one_shot_iterator().get_next()
        c = tf.constant(3)
        with tf.Session() as sess:
            print(sess.run(c))
            print(sess.run(element))
        """
    )
    assert followups == []
    lines = migrated.splitlines()
    assert lines.index("print(c.numpy())") < lines.index("batch = next(iterator)")
    assert migrated.count("next(iterator)") == 1


@pytest.mark.parametrize(
    ("body", "written", "gone"),
    [
        pytest.param(
            """
            x_in = tf.placeholder(tf.float32, [None, 2])
            y_in = tf.placeholder(tf.int64, [None])
            dataset = tf.data.Dataset.from_tensor_slices((x_in, y_in)).batch(2)
            iterator = dataset.make_initializable_iterator()
            x, y = iterator.get_next()
            with tf.Session() as sess:
                for epoch in range(2):
                    sess.run(iterator.initializer, feed_dict={x_in: np.ones((4, 2)), y_in: [1, 0, 1, 0]})
                    print(sess.run([x, y]))
            """,
            [
                "    iterator = iter(tf.data.Dataset.from_tensor_slices((tf.cast(np.ones((4, 2)), tf.float32), "
                "tf.cast([1, 0, 1, 0], tf.int64))).batch(2))",
            ],
            ["x_in", "y_in"],
            id="placeholders fed numpy arrays at each epoch: the dataset rebuilt from the values cast as TF1 feeds",
        ),
        pytest.param(
            """
            limit = tf.placeholder(tf.int32, shape=[])
            count = tf.placeholder(tf.int64, shape=[])
            squares = tf.data.Dataset.from_tensor_slices(tf.range(0, limit)).map(lambda v: v * v)
            it = squares.make_initializable_iterator()
            counter = tf.data.Dataset.range(count).make_initializable_iterator()
            square = it.get_next()
            number = counter.get_next()
            with tf.Session() as sess:
                sess.run(it.initializer, feed_dict={limit: 4})
                sess.run(counter.initializer, feed_dict={count: 3})
                print(sess.run([square, number]))
            """,
            [
                "it = iter(tf.data.Dataset.from_tensor_slices(tf.range(0, 4)).map(lambda v: v * v))",
                "counter = iter(tf.data.Dataset.range(tf.cast(3, tf.int64)))",
            ],
            ["limit", "placeholder"],
            id="a constant fed once: written in, cast where its literal is not the placeholder's dtype",
        ),
        pytest.param(
            """
            def show(ds):
                nxt = ds.make_one_shot_iterator().get_next()
                try:
                    while True:
                        print(sess.run(nxt))
                except tf.errors.OutOfRangeError:
                    pass
            with tf.Session() as sess:
                ds = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]])
                show(ds.map(tf.reduce_sum))
                show(ds.filter(lambda e: tf.reduce_sum(e) < 5))
            """,
            ["show_ds = ds.map(tf.reduce_sum)", "iterator = iter(show_ds)", "iterator_1 = iter(show_ds_1)"],
            ["def show", "OutOfRangeError"],
            id="a helper looping until OutOfRangeError read at each call",
        ),
        pytest.param(
            """
            ds = tf.data.Dataset.range(6)
            iter = tf.data.Iterator.from_structure(ds.output_types, ds.output_shapes)
            first, rest = iter.make_initializer(ds.take(4)), iter.make_initializer(ds.skip(4))
            nxt = iter.get_next()
            with tf.Session() as sess:
                for init in (first, rest):
                    sess.run(init)
                    print(sess.run(nxt))
            """,
            ["first, rest = ds.take(4), ds.skip(4)", "    iterator = iter(init)", "    batch = next(iterator)"],
            ["make_initializer", "from_structure"],
            id="initializers made in place and looped over, the iterator named iter",
        ),
        pytest.param(
            """
            first = tf.data.Dataset.range(3)
            second = tf.data.Dataset.range(3)
            a = first.make_one_shot_iterator()
            b = second.make_one_shot_iterator()
            value = a.get_next()
            total = value * 10
            with tf.Session() as sess:
                print(sess.run(total))
            value = b.get_next()
            with tf.Session() as sess:
                print(sess.run([value, total]))
            """,
            [
                "a_batch = next(a)\nprint(total(a_batch).numpy())",
                "a_batch = next(a)\nb_batch = next(b)\nprint([tf.nest.map_structure(lambda value: value.numpy(), "
                "b_batch), total(a_batch).numpy()])",
            ],
            ["get_next"],
            id="a name bound to a second iterator's element reads it from there on; `total` still pulls from the first",
        ),
    ],
)
def test_iterator_shapes_rewritten_eagerly(body: str, written: list[str], gone: list[str]) -> None:
    migrated = eager(HEAD + textwrap.dedent(body).lstrip())
    for line in written:
        assert line in migrated, migrated
    for word in gone:
        assert word not in migrated, migrated
