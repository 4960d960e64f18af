"""TFM104's written-out replacements compute what tf.contrib computed, checked on the installed TensorFlow.

tf.contrib cannot be imported any more, so the reference is contrib's own code (TF 1.15) transcribed with the
core ops it called. The TF1 snippets are migrated here; their output runs, unmodified, in one runner (the harness's shared eager child).
"""

from __future__ import annotations

import json
import textwrap

import pytest
from program_checks import run_script_in_a_shared_child

from tfmigrate import Options, migrate_source

# tensorflow/contrib/seq2seq/python/ops/loss.py (TF 1.15), for the default softmax.
SEQUENCE_LOSS_TF115 = """
def contrib_sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True):
    num_classes = tf.shape(logits)[2]
    logits_flat = tf.reshape(logits, [-1, num_classes])
    targets = tf.reshape(targets, [-1])
    crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits_flat)
    crossent *= tf.reshape(weights, [-1])
    if average_across_timesteps and average_across_batch:
        crossent = tf.reduce_sum(crossent)
        total_size = tf.reduce_sum(weights)
        crossent = tf.math.divide_no_nan(crossent, total_size)
    else:
        crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            reduce_axis = [0] if average_across_batch else [1]
            crossent = tf.reduce_sum(crossent, axis=reduce_axis)
            total_size = tf.reduce_sum(weights, axis=reduce_axis)
            crossent = tf.math.divide_no_nan(crossent, total_size)
    return crossent
"""

SEQUENCE_LOSS = {
    "source": """
        import tensorflow as tf
        tt = tf.contrib.seq2seq.sequence_loss(logits, targets, weights)
        ft = tf.contrib.seq2seq.sequence_loss(logits=logits, targets=targets, weights=weights,
                                              average_across_timesteps=False)
        tf_ = tf.contrib.seq2seq.sequence_loss(logits, targets, weights, average_across_batch=False)
        ff = tf.contrib.seq2seq.sequence_loss(logits, targets, weights, False, False)
        masked = tf.contrib.seq2seq.sequence_loss(
            logits,
            targets,
            tf.sequence_mask(lengths, 5, dtype=tf.float32))
    """,
    "setup": """
        import numpy as np
        import tensorflow as tf
        rng = np.random.RandomState(0)
        logits = tf.constant(rng.randn(4, 5, 7).astype(np.float32))
        targets = tf.constant(rng.randint(0, 7, size=(4, 5)))
        w = rng.rand(4, 5).astype(np.float32)
        w[1, :] = 0.0  # a sequence with no weight: div_no_nan gives 0, not nan
        w[:, 3] = 0.0
        weights = tf.constant(w)
        lengths = tf.constant([5, 2, 0, 3])
    """,
    "check": """
        ref = contrib_sequence_loss
        pairs = {
            "tt": (tt, ref(logits, targets, weights)),
            "ft": (ft, ref(logits, targets, weights, average_across_timesteps=False)),
            "tf": (tf_, ref(logits, targets, weights, average_across_batch=False)),
            "ff": (ff, ref(logits, targets, weights, False, False)),
            "masked": (masked, ref(logits, targets, tf.sequence_mask(lengths, 5, dtype=tf.float32))),
        }
        RESULT = {k: [np.asarray(a).tolist(), np.asarray(b).tolist()] for k, (a, b) in pairs.items()}
    """,
}

# (contrib arguments, fan mode, factor, uniform) on a [3, 3, 16, 32] conv kernel: fan_in 144, fan_out 288.
INITIALIZERS = [
    ("seed=3", "FAN_IN", 2.0, False),
    ("factor=1.0, mode='FAN_AVG', uniform=False, seed=3", "FAN_AVG", 1.0, False),
    ("factor=1.0, mode='FAN_IN', uniform=True, seed=3", "FAN_IN", 1.0, True),
    ("factor=2.0, mode='FAN_OUT', seed=3", "FAN_OUT", 2.0, False),
]
INITIALIZER_SOURCE = "import tensorflow as tf\n{marker}inits = [\n{calls}]\n"
INITIALIZER_CHECK = """
    import math
    import keras
    shape = [3, 3, 16, 32]
    fan_in, fan_out = 3 * 3 * 16.0, 3 * 3 * 32.0
    big = [300, 400]
    RESULT = {}
    for index, (mode, factor, uniform) in enumerate(CASES):
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2}[mode]
        # contrib: random_uniform(+-sqrt(3 * factor / n)) or truncated_normal(stddev=sqrt(1.3 * factor / n))
        limit, stddev = math.sqrt(3.0 * factor / n), math.sqrt(1.3 * factor / n)
        if GRAPH:  # the same TF op with the same seed: the very numbers TF1 drew
            tf.random.set_seed(0)
            got = inits[index](shape)
            tf.random.set_seed(0)
            if uniform:
                want = tf.random.uniform(shape, -limit, limit, seed=3)
            else:
                want = tf.random.truncated_normal(shape, 0.0, stddev, seed=3)
        else:  # Keras draws its own numbers: the same distribution, checked with Keras' own sampler
            got = inits[index](shape)
            if uniform:
                want = keras.random.uniform(shape, -limit, limit, seed=3)
            else:
                want = keras.random.truncated_normal(shape, stddev=stddev, seed=3)
        # and the spread of a large draw against contrib's (a truncated normal at 2 sigma keeps 0.8796 sigma)
        sample = np.asarray(inits[index](big))
        n_big = {"FAN_IN": 300.0, "FAN_OUT": 400.0, "FAN_AVG": 350.0}[mode]
        expected_std = (math.sqrt(factor / n_big) if uniform else 0.8796256610342398 * math.sqrt(1.3 * factor / n_big))
        RESULT[index] = [np.asarray(got).tolist(), np.asarray(want).tolist(), float(sample.std()), expected_std]
"""

EAGER_ALIAS = {
    "source": """
        import numpy as np
        import tensorflow as tf

        # Enable TF Eager execution
        tfe = tf.contrib.eager
        tfe.enable_eager_execution()

        W = tfe.Variable(np.float32(2.0), name="weight")
        with tfe.GradientTape() as tape:
            loss = W * W * 3.0
        RESULT = [float(tape.gradient(loss, W)), tfe.executing_eagerly()]
    """,
}

# tensorflow/contrib/layers/python/layers/optimizers.py (TF 1.15), the path the rewritten calls take (no clipping,
# noise, multipliers, decay or update ops; its summaries, which nothing here merges, are left out).
OPTIMIZE_LOSS_TF115 = """
v1 = tf.compat.v1
OPTIMIZER_CLS_NAMES = {
    "Adagrad": v1.train.AdagradOptimizer,
    "Adam": v1.train.AdamOptimizer,
    "Ftrl": v1.train.FtrlOptimizer,
    "Momentum": lambda learning_rate: v1.train.MomentumOptimizer(learning_rate, momentum=0.9),
    "RMSProp": v1.train.RMSPropOptimizer,
    "SGD": v1.train.GradientDescentOptimizer,
}

def contrib_optimize_loss(loss, global_step, learning_rate, optimizer, variables=None, increment_global_step=True):
    loss = tf.convert_to_tensor(loss)
    if global_step is None:
        global_step = v1.train.get_global_step()
    with v1.variable_scope(None, "OptimizeLoss", [loss, global_step]):
        update_ops = set(v1.get_collection(v1.GraphKeys.UPDATE_OPS))
        assert not update_ops
        if isinstance(learning_rate, float):
            lr = v1.get_variable("learning_rate", [], trainable=False,
                                 initializer=v1.constant_initializer(learning_rate))
        else:
            lr = learning_rate
        if isinstance(optimizer, str):
            opt = OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
        elif isinstance(optimizer, type):
            opt = optimizer(learning_rate=lr)
        else:
            opt = optimizer
        if variables is None:
            variables = v1.trainable_variables()
        gradients = opt.compute_gradients(loss, variables)
        grad_updates = opt.apply_gradients(
            gradients, global_step=global_step if increment_global_step else None, name="train")
        with tf.control_dependencies([grad_updates]):
            return tf.identity(loss)
"""

# (arguments after loss) of each optimize_loss call: every optimizer name, a class, an instance, a tensor rate,
# no global step, no increment, a var_list.
OPTIMIZE_LOSS_CASES = [
    'step, 0.1, "Adam"',
    'step, 0.1, "SGD"',
    'global_step=step, learning_rate=0.05, optimizer="Momentum"',
    'step, 0.1, "Adagrad"',
    'step, 0.01, "RMSProp"',
    'step, 0.1, "Ftrl"',
    "step, 0.1, tf.train.AdamOptimizer",
    "step, 0.1, tf.train.MomentumOptimizer(0.02, momentum=0.5)",
    'step, tf.constant(0.2), "SGD"',
    'None, 0.1, "Adam"',
    'step, 0.1, "Adam", increment_global_step=False',
    'step, 0.1, "SGD", variables=[w]',
]
OPTIMIZE_LOSS_SOURCE = """
import tensorflow as tf

def model():
    w = tf.Variable([1.0, -2.0, 3.0], name="w")
    b = tf.Variable(0.5, name="b")
    step = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(tf.square(w * 2.0 + b - 1.0))
    return w, b, step, loss

def run(case):
    with tf.Graph().as_default():
        w, b, step, loss = model()
{builds}        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
{runs}            return [sess.run(w).tolist(), float(sess.run(b)), int(sess.run(step)), float(sess.run(loss))]
"""
OPTIMIZE_LOSS_CHECK = """
def reference(index, args):
    with tf.Graph().as_default():
        w, b, step, loss = model()
        train = eval(f"contrib_optimize_loss(loss, {args})", {**globals(), "tf": v1, "w": w, "step": step,
                                                             "loss": loss, "contrib_optimize_loss": contrib_optimize_loss})
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for _ in range(3):
                sess.run(train)
            names = sorted(v.op.name for v in v1.global_variables())
            return [sess.run(w).tolist(), float(sess.run(b)), int(sess.run(step)), float(sess.run(loss))], names

RESULT = {}
for index, args in enumerate(CASES):
    want, names = reference(index, args)
    RESULT[index] = [run(index), want, names]
"""


def _optimize_loss_program() -> str:
    builds = "".join(
        f"        if case == {i}:\n            op_{i} = tf.contrib.layers.optimize_loss(loss, {args})\n"
        for i, args in enumerate(OPTIMIZE_LOSS_CASES)
    )
    runs = "".join(
        f"                if case == {i}:\n                    sess.run(op_{i})\n"
        for i in range(len(OPTIMIZE_LOSS_CASES))
    )
    source = OPTIMIZE_LOSS_SOURCE.format(builds=builds, runs=runs)
    result = migrate_source(source, Options(select=("TFM104", "TFM101")), "program.py")
    migrated = result.migrated
    assert "contrib" not in migrated and migrated.count(".minimize(") == len(OPTIMIZE_LOSS_CASES), result.followups
    return (
        f"import tensorflow as tf\nCASES = {OPTIMIZE_LOSS_CASES!r}\n"
        + OPTIMIZE_LOSS_TF115
        + migrated
        + textwrap.dedent(OPTIMIZE_LOSS_CHECK)
    )


DRIVER = """
import json, os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["CUDA_VISIBLE_DEVICES"] = ""
out = {}
for name, code in json.load(sys.stdin).items():
    namespace = {}
    try:
        exec(compile(code, name, "exec"), namespace)
        out[name] = namespace["RESULT"]
    except Exception as error:  # reported per program, the others still run
        out[name] = {"error": f"{type(error).__name__}: {error}"}
print("RESULTS " + json.dumps(out))
"""


def _migrate(source: str) -> str:
    result = migrate_source(textwrap.dedent(source), Options(select=("TFM104",)), "program.py")
    assert "contrib" not in result.migrated, result.migrated
    return result.migrated


def _initializer_program(graph: bool) -> str:
    calls = "".join(f"    tf.contrib.layers.variance_scaling_initializer({args}),\n" for args, *_ in INITIALIZERS)
    marker = "# graph-mode code: sess.run(..., feed_dict=...)\n" if graph else ""
    migrated = _migrate(INITIALIZER_SOURCE.format(marker=marker, calls=calls))
    expected = "tf.compat.v1.variance_scaling_initializer" if graph else "tf.keras.initializers.VarianceScaling"
    assert migrated.count(expected) == len(INITIALIZERS), migrated
    cases = [case[1:] for case in INITIALIZERS]
    return f"import numpy as np\nGRAPH = {graph}\nCASES = {cases!r}\n" + migrated + textwrap.dedent(INITIALIZER_CHECK)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    programs = {
        "sequence_loss": textwrap.dedent(SEQUENCE_LOSS["setup"])
        + SEQUENCE_LOSS_TF115
        + _migrate(SEQUENCE_LOSS["source"])
        + textwrap.dedent(SEQUENCE_LOSS["check"]),
        "initializers_keras": _initializer_program(graph=False),
        "initializers_graph": _initializer_program(graph=True),
        "eager_alias": _migrate(EAGER_ALIAS["source"]),
        "optimize_loss": _optimize_loss_program(),
    }
    out = run_script_in_a_shared_child(
        DRIVER, tmp_path_factory.mktemp("contrib"), graph=False, stdin=json.dumps(programs)
    )
    line = next((x for x in out.splitlines() if x.startswith("RESULTS ")), None)
    assert line is not None, out[-3000:]
    return json.loads(line[len("RESULTS ") :])


def _ok(results: dict, name: str):
    got = results[name]
    assert not (isinstance(got, dict) and "error" in got), got
    return got


def test_sequence_loss_matches_tf115(results: dict) -> None:
    import numpy as np

    got = _ok(results, "sequence_loss")
    assert set(got) == {"tt", "ft", "tf", "ff", "masked"}
    for name, (migrated, reference) in got.items():
        assert np.shape(migrated) == np.shape(reference), name
        np.testing.assert_allclose(migrated, reference, rtol=1e-6, atol=0, err_msg=name)
    assert np.isfinite(got["tf"][0]).all()  # the weightless sequence gives 0, as div_no_nan did


@pytest.mark.parametrize("program", ["initializers_keras", "initializers_graph"])
def test_variance_scaling_draws_contribs_distribution(results: dict, program: str) -> None:
    import numpy as np

    got = _ok(results, program)
    assert len(got) == len(INITIALIZERS)
    for index, (migrated, reference, std, expected_std) in got.items():
        args = INITIALIZERS[int(index)][0]
        np.testing.assert_allclose(migrated, reference, rtol=1e-5, atol=1e-7, err_msg=args)
        assert abs(std / expected_std - 1) < 0.02, (args, std, expected_std)


def test_eager_alias_program_runs(results: dict) -> None:
    assert _ok(results, "eager_alias") == [12.0, True]


def test_optimize_loss_as_minimize_makes_contribs_update(results: dict) -> None:
    """Three steps of each rewritten call give the weights, step and loss of TF 1.15's optimize_loss; the saved
    names differ only by the OptimizeLoss/ scope (why a file that checkpoints is reported instead)."""
    import numpy as np

    got = _ok(results, "optimize_loss")
    assert len(got) == len(OPTIMIZE_LOSS_CASES)
    for index, (migrated, reference, _names) in got.items():
        args = OPTIMIZE_LOSS_CASES[int(index)]
        np.testing.assert_allclose(migrated[0], reference[0], rtol=1e-6, err_msg=args)
        np.testing.assert_allclose(migrated[1:], reference[1:], rtol=1e-6, err_msg=args)
        assert migrated[0] != [1.0, -2.0, 3.0], args  # it trained
        steps = 0 if "increment_global_step=False" in args else 3
        assert reference[2] == steps, args
    adam_names = got["0"][2]
    assert "OptimizeLoss/w/Adam" in adam_names and "OptimizeLoss/beta1_power" in adam_names, adam_names
