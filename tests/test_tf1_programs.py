"""Real TF1 programs: the official TF1 baseline and tfmigrate's output must both run and print the same numbers.

Each program is classic TF1 code (``import tensorflow as tf``). The baseline swaps that import for
``import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()`` (what TensorFlow documents for running TF1 code);
the migrated version is tfmigrate's output with every rule, run unmodified on the installed TensorFlow 2.
The baselines run in the harness's shared graph child of their Keras flavour; migrated programs run in reused interpreters that only
programs with the same process-wide switches share (tests/interpreters.py), two at a time.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from interpreters import Run, run_python
from program_checks import run_each_in_a_shared_child
from timeouts import limit

from tfmigrate import Options, Status, migrate_source
from tfmigrate.refcheck import check_sources

TF1_IMPORT = "import tensorflow as tf\n"
BASELINE_IMPORT = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")

PROGRAMS: dict[str, str] = {
    "linear_regression_feed_dict": """
        import numpy as np
        import tensorflow as tf

        xs = np.linspace(0, 1, 20).astype(np.float32).reshape(-1, 1)
        ys = 3.0 * xs + 0.5
        x = tf.placeholder(tf.float32, [None, 1])
        y = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([1, 1]))
        b = tf.Variable(tf.zeros([1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(100):
                sess.run(train, feed_dict={x: xs, y: ys})
            print(sess.run([w, b, loss], feed_dict={x: xs, y: ys}))
    """,
    "mlp_without_layers": """
        import numpy as np
        import tensorflow as tf

        tf.set_random_seed(7)
        rng = np.random.RandomState(0)
        data = rng.randn(64, 4).astype(np.float32)
        labels = (data.sum(axis=1) > 0).astype(np.int64)
        x = tf.placeholder(tf.float32, [None, 4])
        y = tf.placeholder(tf.int64, [None])
        w1 = tf.get_variable("w1", [4, 8], initializer=tf.random_normal_initializer(stddev=0.5, seed=1))
        b1 = tf.get_variable("b1", [8], initializer=tf.zeros_initializer())
        w2 = tf.get_variable("w2", [8, 2], initializer=tf.truncated_normal_initializer(stddev=0.5, seed=2))
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        logits = tf.matmul(h, w2)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        acc = tf.reduce_mean(tf.to_float(tf.equal(tf.argmax(logits, 1), y)))
        step = tf.train.AdamOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(30):
                sess.run(step, {x: data, y: labels})
            print(sess.run([loss, acc], {x: data, y: labels}))
    """,
    "saver_save_restore": """
        import os
        import tempfile
        import tensorflow as tf

        path = os.path.join(tempfile.mkdtemp(), "model.ckpt")
        v = tf.Variable([1.0, 2.0], name="v")
        inc = tf.assign_add(v, [0.5, 0.5])
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(inc)
            saver.save(sess, path)
            sess.run(inc)
            print(sess.run(v))
            saver.restore(sess, path)
            print(sess.run(v))
    """,
    "variable_scopes_reuse": """
        import tensorflow as tf

        def layer(x):
            with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
                w = tf.get_variable("w", [2, 2], initializer=tf.constant_initializer(0.5))
            return tf.matmul(x, w)

        a = layer(tf.ones([1, 2]))
        b = layer(a)
        print(len(tf.trainable_variables()))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run([a, b]))
    """,
    "cond_and_while_loop": """
        import tensorflow as tf

        p = tf.placeholder(tf.bool, [])
        x = tf.constant(3.0)
        c = tf.cond(p, lambda: x * 2.0, lambda: x - 1.0)
        i0 = tf.constant(0)
        s0 = tf.constant(0.0)
        _, total = tf.while_loop(lambda i, s: i < 10, lambda i, s: (i + 1, s + tf.to_float(i)), [i0, s0])
        with tf.Session() as sess:
            print(sess.run(c, feed_dict={p: True}), sess.run(c, feed_dict={p: False}), sess.run(total))
    """,
    "dataset_one_shot_iterator": """
        import numpy as np
        import tensorflow as tf

        ds = tf.data.Dataset.from_tensor_slices(np.arange(10, dtype=np.float32))
        ds = ds.map(lambda v: v * 2.0).batch(4)
        it = ds.make_one_shot_iterator()
        nxt = it.get_next()
        out = []
        with tf.Session() as sess:
            while True:
                try:
                    out.append(sess.run(tf.reduce_sum(nxt)))
                except tf.errors.OutOfRangeError:
                    break
        print(out)
    """,
    "layers_dense_functional": """
        import numpy as np
        import tensorflow as tf

        x = tf.placeholder(tf.float32, [None, 3])
        h = tf.layers.dense(x, 4, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(0.1))
        h = tf.layers.dropout(h, rate=0.5, training=False)
        out = tf.layers.dense(h, 1, kernel_initializer=tf.ones_initializer(), bias_initializer=tf.constant_initializer(0.5))
        loss = tf.reduce_sum(out)
        step = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: np.arange(6, dtype=np.float32).reshape(2, 3)}
            print(sess.run(out, feed))
            sess.run(step, feed)
            print(sess.run(out, feed))
    """,
    "tf1_arguments": """
        import numpy as np
        import tensorflow as tf

        x = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
        s = tf.reduce_sum(x, axis=1, keep_dims=True)
        m = tf.reduce_mean(x, reduction_indices=[0])
        p = tf.nn.softmax(x, dim=-1)
        a = tf.argmax(x, dimension=1)
        e = tf.expand_dims(s, dim=0)
        q = tf.squeeze(e, squeeze_dims=[0])
        l = tf.nn.l2_normalize(x, dim=1)
        with tf.Session() as sess:
            print(sess.run([s, m, p, a, e, q, l]))
    """,
    "random_ops_with_seeds": """
        import tensorflow as tf

        tf.set_random_seed(1234)
        a = tf.random_normal([3], seed=1)
        b = tf.truncated_normal([3], stddev=0.1, seed=2)
        c = tf.random_uniform([3], minval=-1, maxval=1, seed=3)
        d = tf.random_shuffle(tf.range(6), seed=4)
        e = tf.multinomial(tf.log([[0.5, 0.5]]), 5, seed=5)
        with tf.Session() as sess:
            print(sess.run([a, b, c, d, e]))
    """,
    "interactive_session": """
        import tensorflow as tf

        sess = tf.InteractiveSession()
        v = tf.Variable(tf.ones([2, 2]) * 3.0)
        tf.global_variables_initializer().run()
        print(tf.matmul(v, v).eval())
        print(v.eval().sum())
        sess.close()
    """,
    "dropout_keep_prob": """
        import numpy as np
        import tensorflow as tf

        keep = tf.placeholder(tf.float32)
        x = tf.ones([4, 5])
        d1 = tf.nn.dropout(x, keep_prob=0.5, seed=11)
        d2 = tf.nn.dropout(x, keep, seed=12)
        tf.set_random_seed(3)
        with tf.Session() as sess:
            print(sess.run([d1, d2], {keep: 0.75}))
    """,
    "logging_and_collections": """
        import tensorflow as tf

        tf.logging.set_verbosity(tf.logging.ERROR)
        w = tf.Variable(2.0, name="w")
        tf.add_to_collection("mine", w * 3.0)
        total = tf.add_n(tf.get_collection("mine"))
        gs = tf.train.get_or_create_global_step()
        lr = tf.train.exponential_decay(0.1, gs, 10, 0.5, staircase=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run([total, lr]), len(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)))
    """,
    "compat_v1_module_style": """
        import numpy as np
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()

        x = tf.placeholder(tf.float32, [2])
        y = tf.reduce_sum(x * 2.0, keep_dims=True)
        with tf.Session() as sess:
            print(sess.run(y, {x: np.array([1.0, 2.0], np.float32)}))
    """,
    "conv_net_raw_ops": """
        import numpy as np
        import tensorflow as tf

        tf.set_random_seed(5)
        x = tf.placeholder(tf.float32, [None, 8, 8, 1])
        w = tf.Variable(tf.truncated_normal([3, 3, 1, 4], stddev=0.1, seed=6))
        h = tf.nn.conv2d(x, filter=w, strides=[1, 1, 1, 1], padding="SAME")
        h = tf.nn.max_pool(value=h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
        h = tf.nn.relu(tf.nn.bias_add(h, tf.zeros([4])))
        flat = tf.reshape(h, [-1, 4 * 4 * 4])
        loss = tf.reduce_sum(tf.nn.softmax(flat, dim=1) * tf.log(tf.nn.softmax(flat) + 1e-6))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(loss, {x: np.ones((2, 8, 8, 1), np.float32)}))
    """,
    "summaries_and_name_scopes": """
        import tempfile
        import numpy as np
        import tensorflow as tf

        x = tf.placeholder(tf.float32, [None, 2], name="x")
        with tf.name_scope("model"):
            w = tf.Variable([[1.0], [2.0]], name="w")
            y = tf.matmul(x, w)
        tf.summary.scalar("y_mean", tf.reduce_mean(y))
        tf.summary.histogram("w", w)
        merged = tf.summary.merge_all()
        with tf.Session() as sess:
            writer = tf.summary.FileWriter(tempfile.mkdtemp(), graph=tf.get_default_graph())
            sess.run(tf.global_variables_initializer())
            summary, value = sess.run([merged, y], {x: np.ones((3, 2), np.float32)})
            writer.add_summary(summary, 0)
            writer.close()
            print(value, y.op.name)
    """,
    # TF1 shards ids over a list of tables by "mod", TF2's tf.nn.embedding_lookup by "div": equal tables give
    # other rows silently (held-out 16, r2); printing the lookup keeps the program in graph mode.
    "embedding_lookup_sharded_graph": """
        import numpy as np
        import tensorflow as tf

        a = tf.Variable(np.arange(8).reshape(2, 4))
        b = tf.Variable(np.arange(8, 16).reshape(2, 4))
        t = tf.nn.embedding_lookup([a, b], ids=[0, 1, 2, 3])
        print(t)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(t))
    """,
    # TF1's tf.nn.ctc_beam_search_decoder merges repeated labels by default, TF2's never: the TF2 name decodes
    # [1, 1] where TF1 decoded [1], silently.
    "ctc_beam_search_merge_repeated": """
        import numpy as np
        import tensorflow as tf

        probs = np.array([[[0.1, 0.8, 0.1]], [[0.1, 0.8, 0.1]], [[0.1, 0.1, 0.8]], [[0.1, 0.8, 0.1]]], np.float32)
        logits = tf.placeholder(tf.float32, [4, 1, 3])
        decoded, log_probs = tf.nn.ctc_beam_search_decoder(logits, [4], beam_width=4)
        with tf.Session() as sess:
            labels, scores = sess.run([decoded[0].values, log_probs], {logits: np.log(probs)})
            print(labels.size, labels, scores)
    """,
    # TF1's tf.cond (strict=False) unpacks a branch's one-element list, tf.while_loop (return_same_structure=False)
    # a one-element loop_vars: TF2's return the list, so ``r[0]`` is the whole vector and ``n + 1`` stops.
    "cond_while_one_element_graph": """
        import tensorflow as tf

        p = tf.placeholder(tf.bool, [])
        a = tf.constant([1.0, 2.0])
        b = tf.constant([3.0, 4.0])
        r = tf.cond(p, lambda: [a], lambda: [b])
        s = tf.cond(p, lambda: a, lambda: b)
        n = tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [tf.constant(0)])
        with tf.Session() as sess:
            print(sess.run(r[0] * 10, {p: True}))
            print(sess.run(s, {p: False}))
            print(sess.run(n + 1))
    """,
    # tf.python_io is gone in TF2 (held-out 16, r3: fw_tfrecords_example).
    "python_io_tfrecords": """
        import os
        import tempfile
        import tensorflow as tf

        path = os.path.join(tempfile.mkdtemp(), "ages.tfrecords")
        options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
        writer = tf.python_io.TFRecordWriter(path, options)
        for age in (20, 31):
            ex = tf.train.Example()
            ex.features.feature["age"].int64_list.value.append(age)
            writer.write(ex.SerializeToString())
        writer.close()
        for record in tf.python_io.tf_record_iterator(path, options):
            print(tf.train.Example.FromString(record).features.feature["age"].int64_list.value[0])
        x = tf.placeholder(tf.float32)
        with tf.Session() as sess:
            print(sess.run(x * 2, {x: 3.0}))
    """,
}
# Programs whose TF1 baseline itself needs Keras 2 (tf.layers is a stub under Keras 3).
LEGACY_KERAS_BASELINE = {"layers_dense_functional"}


# The baselines run in the harness's shared graph children (tests/session_harness.py: a fresh graph and namespace
# each, no TensorFlow start-up of their own). Migrated programs share an interpreter only with programs that set the
# same process-wide switches (tests/interpreters.py), so each must still switch graph mode on by itself.


def _run(source: str) -> Run:
    """A migrated program, as ``python -c source`` would run it, in a reused interpreter of its flavour."""
    with tempfile.TemporaryDirectory(prefix="tfm-tf1-program-") as cwd:
        return run_python(source, cwd=cwd)


def _baseline(source: str) -> str:
    if BASELINE_IMPORT in source:
        return source
    assert TF1_IMPORT in source
    return source.replace(TF1_IMPORT, BASELINE_IMPORT, 1)


@cache
def _results() -> dict[str, tuple]:
    """Migrate every program, then run each baseline and migrated program, two subprocesses at a time."""
    jobs = {}
    for name, body in PROGRAMS.items():
        source = textwrap.dedent(body).lstrip()
        result = migrate_source(source, Options(), f"{name}.py")
        jobs[name] = (source, result)

    def batch(legacy: bool) -> dict[str, subprocess.CompletedProcess]:
        sources = {n: _baseline(jobs[n][0]) for n in PROGRAMS if (n in LEGACY_KERAS_BASELINE) == legacy}
        with tempfile.TemporaryDirectory(prefix="tfm-tf1-baselines-") as root:
            runs = run_each_in_a_shared_child(sources, Path(root), graph=True, legacy_keras=legacy)
        return {n: subprocess.CompletedProcess([n], r.returncode, r.stdout, r.stderr) for n, r in runs.items()}

    def migrated(name: str):
        result = jobs[name][1]
        return name, _run(result.migrated) if result.migrated is not None else None

    with ThreadPoolExecutor(max_workers=2) as pool:
        baselines = pool.map(batch, (False, True))
        runs = dict(pool.map(migrated, PROGRAMS))
        base = {k: v for part in baselines for k, v in part.items()}
    return {name: (jobs[name][0], jobs[name][1], base[name], runs[name]) for name in PROGRAMS}


def _numbers(text: str) -> np.ndarray:
    return np.array([float(n) for n in NUMBER.findall(text)])


def test_enough_programs() -> None:
    assert len(PROGRAMS) >= 10


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_runs_the_same_after_migration(name: str) -> None:
    source, result, base, migrated = _results()[name]
    assert result.status is not Status.FAILED, result.error
    assert base.returncode == 0, f"baseline failed:\n{base.stderr[-3000:]}"
    assert migrated is not None and migrated.returncode == 0, (
        f"migrated program failed:\n{result.migrated}\n{migrated.stderr[-3000:] if migrated else ''}"
    )
    want, got = _numbers(base.stdout), _numbers(migrated.stdout)
    assert want.size > 0, base.stdout
    assert want.shape == got.shape, f"baseline printed {base.stdout!r}, migrated printed {migrated.stdout!r}"
    assert np.allclose(want, got, rtol=1e-4, atol=1e-5), f"{base.stdout!r} != {migrated.stdout!r}"


@cache
def _unresolved() -> dict[str, list]:
    """Every migrated program's unresolved references, resolved in one child (a TensorFlow import) for all."""
    migrated = {name: result.migrated for name, (_, result, _, _) in _results().items() if result.migrated is not None}
    return dict(zip(migrated, check_sources(migrated.values(), limit(600))))


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_migrated_program_references_exist(name: str) -> None:
    _, result, _, _ = _results()[name]
    assert result.migrated is not None, result.error
    assert _unresolved()[name] == []
    assert "tensorflow.compat.v1 as tf" not in result.migrated


def test_keep_compat_import_leaves_the_compat_binding() -> None:
    source = "import tensorflow.compat.v1 as tf\n\nx = tf.placeholder(tf.float32)\ny = tf.random_normal([2])\n"
    kept = migrate_source(source, Options(select=("TFM101",), keep_compat_import=True))
    assert kept.migrated == source
    upgraded = migrate_source(source, Options(select=("TFM101",)))
    assert upgraded.migrated.startswith("import tensorflow as tf\n")
    assert "tf.compat.v1.placeholder" in upgraded.migrated and "tf.random.normal" in upgraded.migrated
