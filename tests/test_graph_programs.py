"""TF1 programs that ran under ``import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()`` keep running after
tfmigrate, on TensorFlow 2.21: old checkpoints restore by the names tf.layers gave, graphs rebuilt after
``reset_default_graph`` restore their own checkpoints, graph-only scripts get graph mode, ``Dimension.value`` and
variables fetched by tensor name keep their TF1 meaning.

Lean on purpose: the TF1 baselines run in the harness's shared legacy-Keras graph child (they save the
checkpoints), then the migrated programs in its graph children (Keras 3, and Keras 2 for those tfmigrate keeps on
tf.compat.v1.layers), each program in a fresh graph and namespace.
"""

from __future__ import annotations

import re
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from program_checks import run_each_in_a_shared_child

from tfmigrate import Options, migrate_source

BASELINE_IMPORT = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")

# Each program saves its checkpoint when none exists (the baseline runs first) and restores it otherwise.
SAVE_OR_RESTORE = """
        path = os.path.join(os.environ["TFM_CKPT_DIR"], NAME)
        with tf.Session() as sess:
            if os.path.exists(path + ".index"):
                saver.restore(sess, path)
            else:
                sess.run(tf.global_variables_initializer())
                saver.save(sess, path)
            print(sess.run(logits, feed))
"""

PROGRAMS: dict[str, str] = {
    # runs first in its interpreter: nothing before it has switched graph mode on
    "graph_only_filewriter": """
        import tempfile
        import tensorflow as tf

        a = tf.constant(2.0, name="a")
        b = tf.constant(3.0, name="b")
        c = tf.add(a, b, name="sum")
        writer = tf.summary.FileWriter(tempfile.mkdtemp(), tf.get_default_graph())
        writer.close()
        print(c.name, len(tf.get_default_graph().get_operations()))
    """,
    "scoped_layers_restore": """
        import os
        import numpy as np
        import tensorflow as tf

        x = tf.placeholder(tf.float32, [None, 6])
        with tf.variable_scope("enc1"):
            h = tf.layers.dense(x, 8, activation=tf.nn.relu)
        with tf.variable_scope("enc2"):
            h = tf.layers.dense(h, 8, activation=tf.nn.tanh)
            with tf.variable_scope("proj"):
                h = tf.layers.conv1d(tf.expand_dims(h, 2), 2, 3, padding="same")
                h = tf.layers.flatten(h)
            h = tf.layers.dropout(h, rate=0.5, training=False)
        logits = tf.layers.dense(h, 3)
        saver = tf.train.Saver()
        feed = {x: np.linspace(-1, 1, 12, dtype=np.float32).reshape(2, 6)}
    """
    + SAVE_OR_RESTORE,
    "bert_style_layers_restore": """
        import os
        import numpy as np
        import tensorflow as tf


        def attention(h, size=4):
            query = tf.layers.dense(h, size, name="query")
            key = tf.layers.dense(h, size, name="key",
                                  kernel_initializer=tf.truncated_normal_initializer(stddev=0.5))
            return tf.matmul(tf.nn.softmax(tf.matmul(query, key, transpose_b=True)), h)


        def transformer(prev_output, hidden_size=4, num_hidden_layers=3):
            for layer_idx in range(num_hidden_layers):
                with tf.variable_scope("layer_%d" % layer_idx):
                    with tf.variable_scope("attention"):
                        with tf.variable_scope("self"):
                            prev_output = attention(prev_output)
                    with tf.variable_scope("intermediate"):
                        intermediate = tf.layers.dense(
                            prev_output,
                            2 * hidden_size,
                            activation=tf.nn.relu,  # gelu in BERT
                            kernel_initializer=tf.truncated_normal_initializer(stddev=0.5))
                    with tf.variable_scope("output"):
                        prev_output = tf.layers.dense(intermediate, hidden_size) + prev_output
            return prev_output


        x = tf.placeholder(tf.float32, [None, 4])
        with tf.variable_scope("bert"):
            logits = transformer(x)
        saver = tf.train.Saver()
        feed = {x: np.arange(8, dtype=np.float32).reshape(2, 4) / 8.0}
    """
    + SAVE_OR_RESTORE,
    "rebuild_after_reset_scoped": """
        import os
        import tempfile
        import numpy as np
        import tensorflow as tf


        def build():
            x = tf.placeholder(tf.float32, [None, 4], name="x")
            with tf.variable_scope("net"):
                h = tf.layers.dense(x, 8, activation=tf.nn.relu)
            with tf.variable_scope("head"):
                return x, tf.layers.dense(h, 2)


        path = os.path.join(tempfile.mkdtemp(), "model.ckpt")
        feed = np.ones((1, 4), np.float32)
        x, y = build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(y, {x: feed})
            saver.save(sess, path)
        tf.reset_default_graph()
        x, y = build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, path)
            print(np.allclose(first, sess.run(y, {x: feed})), first.shape)
    """,
    "dimension_value": """
        import numpy as np
        import tensorflow as tf

        x = tf.placeholder(tf.float32, [None, 5])
        n_input = x.get_shape()[1].value
        w = tf.Variable(tf.ones([n_input, 2]))
        y = tf.matmul(x, w)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(n_input, sess.run(y, {x: np.ones((1, 5), np.float32)}))
    """,
    # a tf.Variable fetched by name: tfmigrate makes it a tf.compat.v1.Variable, a ref variable under the switch
    "variable_fetched_by_name": """
        import numpy as np
        import tensorflow as tf

        x_data = np.linspace(0, 1, 20).astype(np.float32)
        y_data = x_data * 0.1 + 0.3
        W = tf.Variable(tf.zeros([1]), name="W")
        b = tf.Variable(tf.zeros([1]), name="b")
        loss = tf.reduce_mean(tf.square(W * x_data + b - y_data))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(50):
            sess.run(train)
        print(sess.run("W:0"), sess.run("b:0"))
    """,
    # initialized_value() needs ref variables and TF1 control flow, both part of disable_v2_behavior()
    "initialized_value": """
        import tensorflow as tf

        weights = tf.Variable(tf.linspace(1.0, 2.0, 4), name="weights")
        w2 = tf.Variable(weights.initialized_value(), name="w2")
        twice = tf.Variable(weights.initialized_value() * 2.0, name="twice")
        x = tf.placeholder(tf.float32, [4])
        total = w2 + twice + x
        init = tf.global_variables_initializer()
        tf.get_default_graph().finalize()  # graph surgery keeps the graph tier
        with tf.Session() as sess:
            sess.run(init)
            print(sess.run(total, feed_dict={x: [1.0, 0.0, 0.0, 0.0]}))
    """,
    # Keras 2 group (tfmigrate keeps these layers on tf.compat.v1.layers: no stable name to pass to Keras)
    "unstable_layers_restore": """
        import os
        import numpy as np
        import tensorflow as tf


        def mlp(h):
            h = tf.layers.dense(h, 6, activation=tf.nn.relu)
            return tf.layers.dense(h, 6)


        x = tf.placeholder(tf.float32, [None, 6])
        with tf.variable_scope("tower"):
            a = tf.layers.dense(x, 6)
            b = tf.layers.dense(a, 6)
        h = mlp(b)
        h = mlp(h)
        with tf.variable_scope("stack"):
            for _ in range(2):
                h = tf.layers.dense(h, 6, activation=tf.nn.tanh)
        logits = tf.layers.dense(h, 3)
        saver = tf.train.Saver()
        feed = {x: np.linspace(-1, 1, 12, dtype=np.float32).reshape(2, 6)}
    """
    + SAVE_OR_RESTORE,
    "rebuild_after_reset": """
        import os
        import tempfile
        import numpy as np
        import tensorflow as tf


        def build():
            x = tf.placeholder(tf.float32, [None, 4], name="x")
            h = tf.layers.dense(x, 8, activation=tf.nn.relu)
            return x, tf.layers.dense(h, 2)


        path = os.path.join(tempfile.mkdtemp(), "model.ckpt")
        feed = np.ones((1, 4), np.float32)
        x, y = build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(y, {x: feed})
            saver.save(sess, path)
        tf.reset_default_graph()
        x, y = build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, path)
            print(np.allclose(first, sess.run(y, {x: feed})), first.shape)
    """,
    # TF1's tf.cond and tf.while_loop unpack a one-element list output, TF2's do not: named branch functions and
    # a named loop_vars list keep the TF1 names; a named two-element loop_vars list keeps the TF2 one.
    "named_cond_branches": """
        import tensorflow as tf

        x = tf.constant([1.0, 2.0, 3.0])
        pred = tf.placeholder(tf.bool, [])


        def doubled():
            out = [x * 2.0]
            return out


        def shifted(v):
            return (v + 1.0,)


        def scaled():
            return x * 3.0


        class Net:
            def branch(self):
                return (x - 1.0,)

            def build(self):
                return tf.cond(pred, self.branch, scaled)


        a = tf.cond(pred, doubled, lambda: shifted(x))
        b = tf.cond(pred, scaled, lambda: x)
        outs = [x * 4.0]
        c = tf.cond(pred, lambda: outs, scaled)
        d = Net().build()
        acc = tf.constant(1.0)
        lv = [acc]
        one = tf.while_loop(lambda s: s < 100.0, lambda s: s * 3.0, lv)
        pair_vars = [tf.constant(0), acc]
        n, total = tf.while_loop(lambda k, s: k < 4, lambda k, s: (k + 1, s * 2.0), pair_vars)
        with tf.Session() as sess:
            for flag in (True, False):
                print(sess.run(a + 1.0, {pred: flag}), sess.run(b, {pred: flag}))
                print(sess.run(c + 1.0, {pred: flag}), sess.run(d + 1.0, {pred: flag}))
            print(sess.run(one + 1.0), sess.run(n), sess.run(total))
    """,
    # The hand-written batch norm (moving averages of the batch's moments, updated in tf.cond's training branch)
    # keeps the graph tier: the migrated program restores the shadows of the TF1 checkpoint by their op names.
    "batch_norm_ema_restore": """
        import os
        import numpy as np
        import tensorflow as tf


        def batch_norm(x, n_out, phase_train):
            with tf.variable_scope("bn"):
                beta = tf.Variable(tf.constant(0.0, shape=[n_out]), name="beta", trainable=True)
                gamma = tf.Variable(tf.constant(1.0, shape=[n_out]), name="gamma", trainable=True)
                batch_mean, batch_var = tf.nn.moments(x, [0], name="moments")
                ema = tf.train.ExponentialMovingAverage(decay=0.5)

                def mean_var_with_update():
                    ema_apply_op = ema.apply([batch_mean, batch_var])
                    with tf.control_dependencies([ema_apply_op]):
                        return tf.identity(batch_mean), tf.identity(batch_var)

                mean, var = tf.cond(
                    phase_train, mean_var_with_update, lambda: (ema.average(batch_mean), ema.average(batch_var))
                )
                return tf.nn.batch_normalization(x, mean, var, beta, gamma, 1e-3)


        x = tf.placeholder(tf.float32, [None, 4])
        y = tf.placeholder(tf.float32, [None, 1])
        phase_train = tf.placeholder(tf.bool, [])
        w1 = tf.Variable(tf.ones([4, 3]) * 0.3, name="w1")
        h = tf.nn.relu(batch_norm(tf.matmul(x, w1), 3, phase_train))
        w2 = tf.Variable(tf.ones([3, 1]) * 0.1, name="w2")
        out = tf.matmul(h, w2)
        loss = tf.reduce_mean(tf.square(out - y))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        saver = tf.train.Saver()
        xs = np.linspace(-1, 1, 32, dtype=np.float32).reshape(8, 4) * np.arange(1, 5, dtype=np.float32)
        ys = xs.sum(axis=1, keepdims=True)
        path = os.path.join(os.environ["TFM_CKPT_DIR"], NAME)
        with tf.Session() as sess:
            if not os.path.exists(path + ".index"):  # the baseline trains and saves, the migrated program restores
                sess.run(tf.global_variables_initializer())
                for step in range(6):
                    sess.run(train, {x: xs, y: ys, phase_train: True})
                saver.save(sess, path)
            saver.restore(sess, path)
            print(sess.run(out, {x: xs[:3] * 0.5, phase_train: False}).ravel())
            print(sorted(v.name for v in tf.global_variables()))
    """,
}
KERAS2 = {"unstable_layers_restore", "rebuild_after_reset"}


def _source(name: str) -> str:
    return textwrap.dedent(PROGRAMS[name]).lstrip()


def _with_checkpoints(name: str, source: str, ckpt: str) -> str:
    """``source`` as the batch runner ran it: ``NAME`` given, ``$TFM_CKPT_DIR`` the folder the baseline saves its
    checkpoint in and the migrated program restores it from."""
    return (
        "import os\n"
        f"os.environ['TFM_CKPT_DIR'] = {ckpt!r}\n"
        "try:\n"
        f"    exec(compile({source!r}, {name + '.py'!r}, 'exec'), {{'__name__': '__main__', 'NAME': {name!r}}})\n"
        "finally:\n"
        "    del os.environ['TFM_CKPT_DIR']\n"
    )


def _batch(sources: dict[str, str], legacy: bool, ckpt: str, runs: str) -> dict[str, list]:
    """Each program in the harness's shared graph child of its Keras flavour, one after another: [returncode,
    stdout, stderr] by name; each program's working directory is ``<ckpt>/<runs>/<name>``."""
    programs = {name: _with_checkpoints(name, source, ckpt) for name, source in sources.items()}
    runs = run_each_in_a_shared_child(programs, Path(ckpt) / runs, graph=True, legacy_keras=legacy)
    return {name: [run.returncode, run.stdout, run.stderr] for name, run in runs.items()}


@cache
def _results() -> tuple[dict[str, str], dict[str, list], dict[str, list]]:
    ckpt = tempfile.mkdtemp()
    migrated = {name: migrate_source(_source(name), Options(), f"{name}.py").migrated for name in PROGRAMS}
    baseline = _batch(
        {n: _source(n).replace("import tensorflow as tf\n", BASELINE_IMPORT, 1) for n in PROGRAMS},
        True,
        ckpt,
        "baseline",
    )
    with ThreadPoolExecutor(max_workers=2) as pool:
        groups = pool.map(
            lambda legacy: _batch(
                {n: migrated[n] for n in PROGRAMS if (n in KERAS2) == legacy}, legacy, ckpt, f"migrated{int(legacy)}"
            ),
            (False, True),
        )
        runs = {k: v for group in groups for k, v in group.items()}
    return migrated, baseline, runs


def _numbers(text: str) -> np.ndarray:
    return np.array([float(n) for n in NUMBER.findall(text)])


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_migrated_program_runs_like_the_compat_v1_baseline(name: str) -> None:
    migrated, baseline, runs = _results()
    base_rc, base_out, base_err = baseline[name]
    assert base_rc == 0, f"baseline failed:\n{base_err[-3000:]}"
    rc, out, err = runs[name]
    assert rc == 0, f"migrated program failed:\n{migrated[name]}\n{err[-3000:]}"
    want, got = _numbers(base_out), _numbers(out)
    assert want.shape == got.shape, f"baseline printed {base_out!r}, migrated printed {out!r}"
    assert np.allclose(want, got, rtol=1e-5, atol=1e-6), f"{base_out!r} != {out!r}"
    assert [w for w in base_out.split() if not NUMBER.fullmatch(w.strip("[](),"))] == [
        w for w in out.split() if not NUMBER.fullmatch(w.strip("[](),"))
    ]


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_each_program_switches_on_what_it_needs_itself(name: str) -> None:
    """The programs share an interpreter, so each must carry its own switches (and Keras flavour)."""
    migrated = _results()[0][name]
    assert "tf.compat.v1.disable_v2_behavior()" in migrated and "disable_eager_execution" not in migrated
    assert ("TF_USE_LEGACY_KERAS" in migrated) == (name in KERAS2)
    users = ("variable_fetched_by_name", "initialized_value", "dimension_value", "batch_norm_ema_restore")
    ref_variables = name in users  # tf.Variable users
    assert ("tf.compat.v1.Variable(" in migrated) == ref_variables, migrated


def test_one_element_outputs_keep_the_tf1_names() -> None:
    migrated = _results()[0]["named_cond_branches"]
    assert migrated.count("tf.compat.v1.cond(") == 3 and migrated.count("tf.compat.v1.while_loop(") == 1, migrated
    assert "b = tf.cond(pred, scaled" in migrated and "n, total = tf.while_loop(" in migrated, migrated


@pytest.mark.parametrize("where", ["in the branch", "before the cond"])
def test_moving_averages_of_tensors_are_named_at_the_apply_once(where: str) -> None:
    """TF 2.21's ExponentialMovingAverage refuses tensors: the graph tier, its one follow-up naming the apply."""
    source = _source("batch_norm_ema_restore")
    if where == "before the cond":
        source = source.replace(
            "\n\n        def mean_var_with_update():\n            ema_apply_op = ema.apply([batch_mean, batch_var])\n",
            "\n        ema_apply_op = ema.apply([batch_mean, batch_var])\n\n        def mean_var_with_update():\n",
        )
    line = 1 + next(i for i, text in enumerate(source.splitlines()) if "ema.apply(" in text)
    followups = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(followups) == 1, followups
    reason = "`ema.apply` of the tensors `batch_mean`, `batch_var` (TF 2.21's ExponentialMovingAverage averages only"
    assert reason in followups[0].message and f"(line {line})" in followups[0].message, (line, followups)


def test_scoped_layers_are_rewritten_with_their_tf1_names() -> None:
    migrated = _results()[0]["scoped_layers_restore"]
    assert migrated.count('name="dense"') == 3 and 'name="conv1d"' in migrated
    assert "tf.compat.v1.layers" not in migrated and "keras.layers.Dropout" not in migrated
    bert = _results()[0]["bert_style_layers_restore"]
    assert "tf.compat.v1.layers" not in bert and bert.count('name="dense"') == 2 and 'name="query"' in bert
