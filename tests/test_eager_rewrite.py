"""TFM201's eager rewrite on real TensorFlow: each TF1 program (tests/fixtures/TFM201/eager_*.before.py, shapes
taken from public tutorials) runs as the baseline under ``tf.compat.v1`` + ``disable_v2_behavior()``; its full
migration (every rule) runs on TF 2.21; both must print the same numbers within 1e-4 relative. The baselines are
read from the committed store of tests/tf1_baselines.py (a program whose key is not in it runs live, in one runner in
the harness's shared graph child), the migrated programs run in one runner in its eager child
(``TFMIGRATE_CHILD_CHECK=1`` reruns each runner in a process of its own and compares). Plus the option that keeps
the graph tier."""

from __future__ import annotations

import io
import json
import math
import re
import tokenize
from pathlib import Path

import numpy as np
import pytest
import tf1_baselines
from fixture_migrations import migrate
from program_checks import run_script_in_a_shared_child

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
PROGRAMS = tf1_baselines.EAGER_PROGRAMS
NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")
# issue 16: what session-free output must not contain
GRAPH_ONLY = ("Session", "placeholder", "disable_eager_execution", "disable_v2_behavior", "compat.v1.train")


def _numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text)]


def _outside_graph_blocks(source: str) -> str:
    """``source``'s code without comments (a kept comment may name the Session it was written above) and without its
    ``with tf.Graph().as_default():`` blocks: code nothing calls, kept as TF1 code in a graph of its own with a
    follow-up (dead_code.py), is no graph code of the program's run."""
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col].rstrip()
    code = "\n".join(lines)
    kept: list[str] = []
    block: int | None = None
    for line in code.splitlines():
        indent = len(line) - len(line.lstrip())
        if block is not None and (not line.strip() or indent > block):
            continue
        block = indent if line.strip() == "with tf.Graph().as_default():" else None
        if block is None:
            kept.append(line)
    return "\n".join(kept)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[str, str, str]]:
    """program name -> (baseline output, migrated output, migrated source)."""
    folder = tmp_path_factory.mktemp("programs")
    baselines, migrated = [], []
    for before in PROGRAMS:
        name = before.name.removesuffix(".before.py")
        # every rule, the fixture's own file name: tests/test_engine_edits.py and tests/test_semantic_gates.py make
        # the same migration (edits and gates on); tests/fixture_migrations.py makes it once per run for the three
        result = migrate(before.read_text(), Options(), before.name)
        target = folder / f"{name}.py"
        target.write_text(result.migrated or "")
        baselines.append(before)
        migrated.append(target)
    tf1 = tf1_baselines.baselines(baselines, folder / "tf1")  # the committed store's, the rest run live
    tf2 = tf1_baselines.run_programs("tf2", migrated, folder / "tf2")
    return {
        b.name.removesuffix(".before.py"): (tf1[str(b)], tf2[str(m)], m.read_text())
        for b, m in zip(baselines, migrated)
    }


@pytest.mark.parametrize("name", [p.name.removesuffix(".before.py") for p in PROGRAMS])
def test_migrated_program_is_eager_and_prints_the_baseline_numbers(runs, name: str) -> None:
    baseline, migrated, source = runs[name]
    assert "FAILED" not in baseline, baseline
    assert "FAILED" not in migrated, migrated
    assert not [word for word in GRAPH_ONLY if word in _outside_graph_blocks(source)], source
    expected, got = _numbers(baseline), _numbers(migrated)
    assert len(expected) > 3
    assert len(got) == len(expected), (baseline, migrated)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (want, have, baseline, migrated)


def test_keep_graph_mode_keeps_todays_graph_tier() -> None:
    before = (FIXTURES / "eager_linear_regression_feed.before.py").read_text()
    kept = migrate_source(before, Options(keep_graph_mode=True), "program.py")
    assert "tf.compat.v1.Session()" in kept.migrated and "disable_v2_behavior()" in kept.migrated
    assert not [f for f in kept.followups if f.code == "TFM201"]
    eager = migrate_source(before, Options(), "program.py")
    assert "Session" not in eager.migrated and "GradientTape" in eager.migrated


def test_a_blocked_program_gets_one_follow_up_at_the_blocking_line() -> None:
    before = (FIXTURES / "graph_tier_adadelta.before.py").read_text()
    result = migrate_source(before, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert [f.line for f in ours] == [6]
    assert "Adadelta" in ours[0].message
    assert "disable_v2_behavior()" in result.migrated


MNIST_TUTORIAL = """\
import tensorflow as tf
{import_line}
mnist = {reader}("/tmp/data/", one_hot=True)
x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]))
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=tf.matmul(x, W)))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(mnist.train.num_examples // 100):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train, feed_dict={{x: batch_xs, y: batch_ys}})
    print(sess.run(loss, feed_dict={{x: mnist.test.images, y: mnist.test.labels}}))
"""


@pytest.mark.parametrize(
    ("import_line", "reader"),
    [
        pytest.param(
            "from tensorflow.examples.tutorials.mnist import input_data", "input_data.read_data_sets", id="from"
        ),
        pytest.param(
            "import tensorflow.examples.tutorials.mnist.input_data as data", "data.read_data_sets", id="alias"
        ),
        pytest.param(
            "from tensorflow.examples.tutorials.mnist.input_data import read_data_sets", "read_data_sets", id="function"
        ),
    ],
)
def test_mnist_tutorial_data_is_host_data_where_tfm308_gives_the_stand_in(import_line: str, reader: str) -> None:
    source = MNIST_TUTORIAL.format(import_line=import_line, reader=reader)
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "Session" not in result.migrated and "placeholder" not in result.migrated
    assert f"mnist = {reader}(" in result.migrated and "mnist.train.next_batch(100)" in result.migrated
    assert "def train(x, y):" in result.migrated


def test_slices_of_host_data_fed_with_the_loss_and_train_op_are_evaluated_once_per_run() -> None:
    """``sess.run([loss, train], feed_dict={x: mnist.train.images[i : i + 200]})``: the loss comes from the train
    step's return, so the fed slice is evaluated once per run, as TF1 fed it; so is a call in the fed value."""
    source = MNIST_TUTORIAL.format(
        import_line="from tensorflow.examples.tutorials.mnist import input_data", reader="input_data.read_data_sets"
    )
    loop = "        sess.run(train, feed_dict={x: batch_xs, y: batch_ys})\n"
    sliced = source.replace(
        loop,
        "        value, _ = sess.run([loss, train], feed_dict={x: mnist.train.images[step : step + 100], "
        "y: mnist.train.labels[step : step + 100]})\n",
    )
    result = migrate_source(sliced, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    run = next(line for line in result.migrated.splitlines() if "step : step + 100" in line)
    assert run.count("mnist.train.images[step : step + 100]") == 1 and run.count("train(") == 1, run
    assert "loss(" not in run, run
    called = source.replace(
        loop, "        value, _ = sess.run([loss, train], feed_dict={x: batch_xs, y: make(batch_ys)})\n"
    )
    kept = migrate_source(
        called.replace("import tensorflow as tf\n", "import tensorflow as tf\nmake = list\n"), Options(), "p.py"
    )
    assert not [f for f in kept.followups if f.code == "TFM201"], kept.followups
    run = next(line for line in kept.migrated.splitlines() if "make(batch_ys)" in line)
    assert run.count("make(batch_ys)") == 1 and run.count("train(") == 1, run


def test_mnist_tutorial_module_tfm308_leaves_keeps_the_graph_tier() -> None:
    """``import tensorflow.examples.tutorials.mnist.input_data`` (no alias) gets no stand-in (TFM305 reports it):
    the program fails either way, and the eager rewrite does not claim its data."""
    source = MNIST_TUTORIAL.format(
        import_line="import tensorflow.examples.tutorials.mnist.input_data",
        reader="tensorflow.examples.tutorials.mnist.input_data.read_data_sets",
    )
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert [f.line for f in ours] == [3] and "read_data_sets" in ours[0].message
    assert "disable_v2_behavior()" in result.migrated


SEED_CHECK = r"""
import inspect, json, sys
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import random_seed
from tfmigrate.transforms.session.seeds import DRAWING_INITIALIZERS, OPS

v1 = tf.compat.v1

def resolve(path):
    target = v1
    for part in path.split("."):
        target = getattr(target, part)
    return target

ARGS = {
    "random_shuffle": lambda: (tf.range(6),),
    "random.shuffle": lambda: (tf.range(6),),
    "multinomial": lambda: (tf.constant([[0.1, 0.2, 0.3]]), 4),
    "random.multinomial": lambda: (tf.constant([[0.1, 0.2, 0.3]]), 4),
    "random.categorical": lambda: (tf.constant([[0.1, 0.2, 0.3]]), 4),
    "nn.dropout": lambda: (tf.ones([2, 4]), 0.5),
}
report = {}
graph = tf.Graph()
with graph.as_default():
    v1.set_random_seed(777)
    built = {}
    for path in [*OPS, *(p for p in DRAWING_INITIALIZERS if not p.startswith("contrib.")), "get_variable"]:
        before = random_seed._graph_to_seed_dict.get(graph, 0)
        if path in OPS:
            built[path] = resolve(path)(*ARGS.get(path, lambda: ([3],))())
        else:
            initializer = None if path == "get_variable" else resolve(path)()
            built[path] = v1.get_variable(path.replace(".", "_"), shape=[4, 3], initializer=initializer)
        report[path] = {"count": random_seed._graph_to_seed_dict.get(graph, 0) - before, "op_seed": before}
    with v1.Session(graph=graph) as sess:
        sess.run(v1.global_variables_initializer())
        for path, value in built.items():
            report[path]["graph"] = [sess.run(value).tolist() for _ in range(2 if path in OPS else 1)]
tf.random.set_seed(777)
for path, entry in report.items():
    k = entry["op_seed"]
    if path in OPS:
        function = resolve(path)
        entry["position"] = list(inspect.signature(function).parameters).index("seed")
        entry["eager"] = [function(*ARGS.get(path, lambda: ([3],))(), seed=k).numpy().tolist() for _ in range(2)]
    else:
        if path == "get_variable":
            initializer = v1.glorot_uniform_initializer(seed=k)
        else:
            entry["position"] = list(inspect.signature(resolve(path)).parameters).index("seed")
            initializer = resolve(path)(seed=k)
        variable = v1.get_variable(path.replace(".", "_"), shape=[4, 3], initializer=initializer)
        entry["eager"] = [variable.numpy().tolist()]
print(json.dumps(report))
"""


def test_each_seeded_call_draws_once_and_eager_seed_k_draws_the_graph_numbers(tmp_path: Path) -> None:
    """The tables of seeds.py against TensorFlow: each call makes one get_seed call (the graph's counter moves by
    one), its seed parameter sits where the table says, and eager ``seed=k`` after ``tf.random.set_seed(g)`` draws
    the numbers the graph op drew from ``(g, k)``, a second call continuing the stream as a second ``sess.run``."""
    from tfmigrate.transforms.session.seeds import DRAWING_INITIALIZERS, OPS

    out = run_script_in_a_shared_child(SEED_CHECK, tmp_path, graph=False)  # a graph of its own, then eagerly
    report = json.loads(out.strip().splitlines()[-1])
    # TF 2.21 has no contrib: tests/test_xavier_seeds.py checks contrib's xavier entries against TF 1.15's formula
    contrib = {p for p in DRAWING_INITIALIZERS if p.startswith("contrib.")}
    assert contrib == {"contrib.layers.xavier_initializer", "contrib.layers.xavier_initializer_conv2d"}
    tables = {p: k for p, k in {**OPS, **DRAWING_INITIALIZERS}.items() if p not in contrib}
    assert set(report) == {*tables, "get_variable"}
    for path, entry in report.items():
        assert entry["count"] == 1, path
        if path in tables:
            assert entry["position"] == tables[path], path
        for graph, eager in zip(entry["graph"], entry["eager"], strict=True):
            assert np.allclose(graph, eager, rtol=1e-6), (path, graph, eager)


SEEDED_GRAPH = """\
import numpy as np
import tensorflow as tf
tf.set_random_seed(7)
data = np.ones((2, 2))
X = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.random_normal([2, 2], seed=5))
b = tf.get_variable("b", shape=[2], initializer=tf.zeros_initializer())
V = tf.get_variable("V", shape=[2, 1])
h = tf.nn.dropout(tf.matmul(X, W) + b, keep_prob=0.5)
y = tf.reduce_mean(tf.matmul(h, V))
train = tf.train.GradientDescentOptimizer(0.1).minimize(y)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        print(sess.run([train, y], feed_dict={X: data})[1])
"""


def test_seeds_follow_the_graph_counter_and_a_dropout_draws_from_its_op_seeds_stream() -> None:
    """An op given its seed and a constant initializer take no number from the counter; get_variable's default
    initializer does; the dropout draws from a Generator on its op seed's stream (graph seed 7, op seed 1), so the
    train step is a tf.function (dropout_streams.py)."""
    migrated = migrate_source(SEEDED_GRAPH, Options(), "program.py").migrated
    assert "tf.random.set_seed(7)" in migrated
    assert "tf.random.normal([2, 2], seed=5)" in migrated
    assert "initializer=tf.compat.v1.glorot_uniform_initializer(seed=0))" in migrated
    assert 'dropout_stream = tf.random.Generator.from_key_counter(key=7, counter=[0, 1], alg="philox")' in migrated
    sampled = (
        "tf.nn.experimental.general_dropout(tf.matmul(X, W) + b, rate=0.5, uniform_sampler=dropout_stream.uniform)"
    )
    assert sampled in migrated
    assert "@tf.function\ndef train(" in migrated and "Session" not in migrated


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        pytest.param([("seed=5", "seed=SEED")], "seed is not a literal integer", id="seed held in a name"),
        pytest.param(
            [("seed=5", "seed=1")], "two random ops draw with op seed 1", id="explicit seed meets the counter"
        ),
        pytest.param(
            [("tf.random_normal([2, 2], seed=5)", "tf.random.gamma([2, 2], 1.0)")],
            "tf.random.gamma: its seed in eager TF2 is not checked",
            id="random op not checked",
        ),
        pytest.param(
            [("shape=[2, 1])", "shape=[2, 1], dtype=tf.int32)")],
            "default initializer for this dtype",
            id="get_variable of ints",
        ),
        pytest.param(
            [("tf.set_random_seed(7)\n", ""), ("h = tf.nn", "tf.set_random_seed(7)\nh = tf.nn")],
            "tf.random_normal is seeded before tf.set_random_seed",
            id="op seed given before the graph seed",
        ),
    ],
)
def test_seeded_programs_the_proof_cannot_order_keep_the_graph_tier(changes, reason) -> None:
    source = SEEDED_GRAPH.replace("data = ", "SEED = 3\ndata = ")
    for old, new in changes:
        assert old in source
        source = source.replace(old, new)
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1 and reason in ours[0].message, ours
    assert "disable_v2_behavior()" in result.migrated


# Every resuming program of this module, in one runner per mode (in the harness's shared children, not two
# TensorFlow imports per test):
# TF1 programs run as baselines under disable_v2_behavior(), each on a fresh default graph; migrated programs run
# eagerly, each after a Keras session reset, as in a process of its own. A job that raises is recorded, the rest run.
RESUME = (
    tf1_baselines.AS_MAIN
    + r"""
mode, home = sys.argv[1], os.getcwd()
jobs = [(name, path, [os.path.join(home, f) for f in folders]) for name, path, folders in json.load(sys.stdin)]
import tensorflow as tf
if mode == "tf1":
    tf.compat.v1.disable_v2_behavior()
results = {}
for name, path, folders in jobs:
    source = open(path).read()
    if mode == "tf1":
        source = source.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1)
    elif "keras" in sys.modules:
        tf.keras.backend.clear_session()
    printed = []
    try:
        for index, folder in enumerate(folders[:2] if mode == "tf1" else folders):
            os.makedirs(folder, exist_ok=True)
            os.chdir(folder)
            if mode == "tf1":
                tf.compat.v1.reset_default_graph()
            out = io.StringIO()
            try:
                as_main(source, path, out)
            except SystemExit as end:  # exit 0 is a clean end
                if end.code not in (None, 0):
                    raise
            printed.append(out.getvalue())
            if mode == "tf1" and index == 0:
                shutil.copytree(folder, folders[1])  # the TF1 program resumes in one copy of its first run ...
                shutil.copytree(folder, folders[2])  # ... the migrated program in another
        results[name] = {"printed": printed}
    except BaseException:
        results[name] = {"printed": printed, "error": traceback.format_exc()[-3000:]}
print(json.dumps(results))
"""
)
# fixture -> how many times its migrated program runs on the TF1 checkpoint (the second run resumes from its own)
RESUMING = {
    "saver_resume_global_step": 2,
    "saver_variable_names_restore": 1,
    "saver_factory_names_restore": 1,
    "saver_layer_names_restore": 1,
    "saver_attention_dimension_restore": 1,
    "saver_moving_average_restore": 1,
    "saver_dict_keys_restore": 2,
    "eager_class_built_by_train_returning_its_folder": 1,
    "saver_class_epoch_rebound_restore": 2,
    "saver_class_method_restore": 1,
    "saver_made_in_its_calls_restore": 1,
    "saver_initializer_bound_in_else_restore": 2,
}


def _batch(mode: str, jobs: list[tuple[str, Path, list[Path]]], root: Path) -> dict[str, dict]:
    """The jobs run by RESUME in ``root`` (the folders named below it), in the harness's shared child of the mode
    (TF1: graph; TF2: eager)."""
    stdin = json.dumps([(name, str(path), [str(f.relative_to(root)) for f in folders]) for name, path, folders in jobs])
    out = run_script_in_a_shared_child(RESUME, root, graph=mode == "tf1", argv=[mode], stdin=stdin)
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def resumed(tmp_path_factory) -> tuple[dict[str, str], dict[str, dict], dict[str, dict]]:
    """Migrated sources, then the TF1 and the migrated runs (printed output, or the error) by fixture name."""
    root = tmp_path_factory.mktemp("resume")
    tf1_jobs, tf2_jobs, sources = [], [], {}
    for name, runs in RESUMING.items():
        before, work = FIXTURES / f"{name}.before.py", root / name
        work.mkdir()
        migrated = work / "migrated.py"
        migrated.write_text(migrate(before.read_text(), Options(), before.name).migrated or "")
        sources[name] = migrated.read_text()
        first, tf1, tf2 = work / "first", work / "tf1", work / "tf2"
        tf1_jobs.append((name, before, [first, tf1, tf2]))
        tf2_jobs.append((name, migrated, [tf2] * runs))
    return sources, _batch("tf1", tf1_jobs, root), _batch("tf2", tf2_jobs, root)


def _resumed(resumed, name: str) -> tuple[str, list[str], list[str]]:
    """(migrated source, TF1 outputs: first run and resumed run, migrated outputs) of one program; a program that
    raised fails only its own test."""
    sources, baselines, runs = resumed
    base, mine = baselines[name], runs[name]
    assert "error" not in base, f"the TF1 program failed:\n{base['error']}"
    assert "error" not in mine, f"the migrated program failed:\n{sources[name]}\n{mine['error']}"
    return sources[name], base["printed"], mine["printed"]


def test_saver_program_resumes_from_the_checkpoint_the_tf1_program_wrote(resumed) -> None:
    """The TF1 program trains and saves (global_step numbered, a name scope, auto-numbered variables); run again
    it restores and trains on. The migrated program, started on the first run's checkpoint, prints what that
    second TF1 run printed, so every variable was restored by its TF1 graph name; run once more, it resumes from
    its own TF2 checkpoint."""
    text, (baseline_first, baseline_resumed), (resumed_once, again) = _resumed(resumed, "saver_resume_global_step")
    assert not [word for word in GRAPH_ONLY if word in text]
    assert _numbers(baseline_first)[0] == 1.0 and _numbers(baseline_resumed)[0] == 4.0
    expected, got = _numbers(baseline_resumed), _numbers(resumed_once)
    assert len(got) == len(expected)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (baseline_resumed, resumed_once)
    assert _numbers(again)[0] == 7.0


def test_an_initializer_bound_in_the_else_of_a_restore_resumes_from_the_tf1_checkpoint(resumed) -> None:
    """``if os.path.exists(ckpt): saver.restore(...) else: init = tf.global_variables_initializer(); sess.run(init)``
    (held-out set 24): the migrated program, started on the TF1 program's checkpoint, prints what the TF1 program's
    second run printed; run again, it resumes from its own checkpoint and trains on."""
    text, (first, baseline_resumed), (resumed_once, again) = _resumed(
        resumed, "saver_initializer_bound_in_else_restore"
    )
    assert not [word for word in GRAPH_ONLY if word in text] and "init" not in text.split("checkpoint = ")[1]
    expected, got = _numbers(baseline_resumed), _numbers(resumed_once)
    assert len(got) == len(expected) == 6 and _numbers(first) != expected
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (baseline_resumed, resumed_once)
    assert _numbers(again)[0] < _numbers(resumed_once)[2]


def test_restored_variables_keep_their_tf1_graph_names(resumed) -> None:
    """TF1 numbers names per graph (``Variable_2``; ``W`` after ``w`` is ``W_1``, case-insensitive; ``w_1`` then
    taken is ``w_1_1``; a name scope prefixes them): the migrated program names each variable so, and every
    value the TF1 program saved comes back in the eager program."""
    text, (saved, restored), (migrated_restored,) = _resumed(resumed, "saver_variable_names_restore")
    assert not [word for word in GRAPH_ONLY if word in text]
    assert "saved in" in saved and "saved in" not in restored
    expected, got = _numbers(restored), _numbers(migrated_restored)
    assert len(expected) == 30 and got == expected, (restored, migrated_restored)  # 10 x (two values, float32)


def test_a_class_attribute_bound_to_two_variables_restores_both_by_their_tf1_names(resumed) -> None:
    """``self.epoch_step`` bound to a variable, the increment op built from it, then bound to a second one of the
    same ``name=`` (TF1: Epoch_Step, Epoch_Step_1): the migrated program started on the TF1 checkpoint increments
    the first from its saved 1 and reads the second's saved 0, printing what the resumed TF1 run printed; run
    again it resumes from its own checkpoint."""
    text, (first, baseline_resumed), (resumed_once, again) = _resumed(resumed, "saver_class_epoch_rebound_restore")
    assert not [word for word in GRAPH_ONLY if word in text]
    assert "epoch 1\nsteps 5 0" in first and "epoch 2\nsteps 10 0" in baseline_resumed
    expected, got = _numbers(baseline_resumed), _numbers(resumed_once)
    assert len(got) == len(expected) > 3
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (baseline_resumed, resumed_once)
    assert "epoch 3\nsteps 15 0" in again


def test_a_class_training_in_its_own_method_resumes_from_the_tf1_checkpoint(resumed) -> None:
    """``def train(self): saver = tf.train.Saver(); with tf.Session() as sess: ... saver.restore(...)``, called once
    (class_session_methods.py), the train op bound to ``self.optimizer``: the Adam optimizer the Checkpoint holds is
    stored as ``self.optimizer_``, so the migrated program started on the TF1 checkpoint restores the weights and the
    Adam slots and prints what the resumed TF1 run printed."""
    text, (first, baseline_resumed), (resumed_once,) = _resumed(resumed, "saver_class_method_restore")
    assert not [word for word in GRAPH_ONLY if word in text]
    assert "self.optimizer_ = optimizer" in text and "optimizer=self.optimizer_" in text, text
    assert "restored" not in first and "restored train-3" in baseline_resumed
    expected, got = _numbers(baseline_resumed), _numbers(resumed_once)
    assert len(got) == len(expected) > 3 and expected != _numbers(first)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (baseline_resumed, resumed_once)


def test_a_saver_made_in_its_save_and_restore_calls_reads_the_tf1_checkpoint(resumed) -> None:
    """``tf.train.Saver().save(sess, path)`` and ``tf.train.Saver([w, b]).restore(sess, path)``, each Saver made in
    its call (saver_calls.py): the migrated program started on the TF1 checkpoint restores it and prints what the
    resumed TF1 run printed."""
    text, (first, baseline_resumed), (resumed_once,) = _resumed(resumed, "saver_made_in_its_calls_restore")
    assert not [word for word in GRAPH_ONLY if word in text] and "train.Saver" not in text, text
    expected, got = _numbers(baseline_resumed), _numbers(resumed_once)
    assert len(got) == len(expected) > 3 and expected != _numbers(first)
    for want, have in zip(expected, got):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (baseline_resumed, resumed_once)


def test_moving_average_shadows_restore_by_their_tf1_names(resumed) -> None:
    """A Saver of all variables saved the shadows of ``ema.apply([v, w])`` as ``v/ExponentialMovingAverage``: the
    migrated program's Checkpoint holds them, and reading the TF1 checkpoint gives them the saved averages, not the
    initial values the eager program starts them with."""
    text, (saved, restored), (migrated_restored,) = _resumed(resumed, "saver_moving_average_restore")
    assert not [word for word in GRAPH_ONLY if word in text]
    assert "v_ExponentialMovingAverage=ema.average(v)" in text, text
    expected, got = _numbers(restored), _numbers(migrated_restored)
    values = [n for n in expected if n != 32.0]  # the numbers printed, without the 32 of "float32"
    assert values == [4.0, 8.0, 16.0, 2.5, 5.0, 10.0] and got == expected, (restored, migrated_restored)


def test_a_dict_savers_keys_name_the_variables_in_both_checkpoints(resumed, tmp_path) -> None:
    """``tf.train.Saver({"weights": W, ...})`` saved each variable under its key: the migrated variables are named
    by the keys, so the migrated program resumes from the TF1 checkpoint and from its own, and the TF1 program
    resumes from the migrated program's checkpoint."""
    text, (_, baseline_resumed), (resumed_once, again) = _resumed(resumed, "saver_dict_keys_restore")
    assert not [word for word in GRAPH_ONLY if word in text] and 'name="weights"' in text, text
    assert "restored" in baseline_resumed and _numbers(resumed_once) == _numbers(baseline_resumed)
    assert _numbers(again.splitlines()[0]) == [3.0, 3.0, 32, 32, 8.0, 32, 4], again  # its own save: W, bias, step
    migrated = tmp_path / "migrated.py"
    migrated.write_text(text)
    first, tf1, copy = tmp_path / "first", tmp_path / "tf1", tmp_path / "copy"
    saved = _batch("tf2", [("dict", migrated, [first])], tmp_path)["dict"]
    assert "error" not in saved, saved
    tf1_jobs = [("dict", FIXTURES / "saver_dict_keys_restore.before.py", [first, tf1, copy])]
    read_back = _batch("tf1", tf1_jobs, tmp_path)["dict"]
    assert "error" not in read_back, read_back
    restored, written = read_back["printed"][0].splitlines()[0], saved["printed"][0].splitlines()[-1]
    assert restored.startswith("restored") and _numbers(restored) == _numbers(written) != [], (restored, written)


def test_a_class_trained_in_a_function_main_calls_resumes_from_the_tf1_checkpoint(resumed) -> None:
    """``tf.app.run()`` -> ``main`` -> ``checkpoint_dir = train(x_train, ...)``, the class constructed in ``train``:
    read where each is called, the migrated ``train`` restores the TF1 program's checkpoint (folder, then latest
    file) by the variables' graph names and trains on as the TF1 program's second run did."""
    name = "eager_class_built_by_train_returning_its_folder"
    text, (first, baseline_resumed), (migrated_resumed,) = _resumed(resumed, name)
    assert not [word for word in GRAPH_ONLY if word in text] and "    return checkpoint_dir\n" in text, text
    expected, got = _numbers(baseline_resumed), _numbers(migrated_resumed)
    assert len(expected) == 11 and expected != _numbers(first), (first, baseline_resumed)
    for want, have in zip(expected, got, strict=True):
        assert math.isclose(want, have, rel_tol=1e-4, abs_tol=1e-6), (baseline_resumed, migrated_resumed)


def test_variables_built_by_helper_functions_restore_by_their_tf1_names(resumed) -> None:
    """A variable factory called where the graph is built makes one variable per call, named as TF1 numbered it
    (``name=`` passed through a parameter, or ``Variable`` for the first unnamed one); a later module-level
    variable gets the number TF1 gave it after them (``Variable_1``), so every saved value comes back."""
    text, (saved, restored), (migrated_restored,) = _resumed(resumed, "saver_factory_names_restore")
    assert not [word for word in GRAPH_ONLY if word in text] and 'name="Variable_1"' in text, text
    assert "saved in" in saved and "saved in" not in restored
    expected, got = _numbers(restored), _numbers(migrated_restored)
    assert len(expected) == 12 and got == expected, (restored, migrated_restored)  # 4 x (two values, float32)


def test_variables_built_by_layer_helpers_restore_by_their_tf1_names(resumed) -> None:
    """A helper that builds variables under a name scope and computes (``add_layer``) is split; its creation function,
    called where TF1 called the helper, names the variables as TF1 did (``layer/W``, ``layer/b``), and a later
    unnamed module variable is ``Variable`` in both, so every saved value comes back."""
    text, (saved, restored), (migrated_restored,) = _resumed(resumed, "saver_layer_names_restore")
    assert not [word for word in GRAPH_ONLY if word in text] and "def add_layer_variables(" in text, text
    assert "saved in" in saved and "saved in" not in restored
    expected, got = _numbers(restored), _numbers(migrated_restored)
    assert len(expected) == 7 and got == expected, (restored, migrated_restored)  # 3 outputs, 2 values, 2 x float32


def test_variables_sized_by_a_static_dimension_restore_by_their_tf1_names(resumed) -> None:
    """An attention helper sizes its weights by ``inputs.shape[2].value`` of the (forward, backward) pair it
    concatenates: the call site traces that dimension (helper_dimensions.py), the creation function builds the
    weights with it, and the values the TF1 program saved come back in the eager program."""
    text, (saved, restored), (migrated_restored,) = _resumed(resumed, "saver_attention_dimension_restore")
    assert not [word for word in GRAPH_ONLY if word in text] and "def attention_dimensions(" in text, text
    assert ".value" not in text and "saved in" in saved and "saved in" not in restored
    expected, got = _numbers(restored), _numbers(migrated_restored)
    assert len(expected) == 8 and got == expected, (restored, migrated_restored)  # 2 x 4 outputs


SAVER_PROGRAM = """import tensorflow as tf
NAME = "w"
x = tf.placeholder(tf.float32)
{variables}
loss = tf.reduce_sum(w * x)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
sess = tf.Session()
{restore}
sess.run(train_op, feed_dict={{x: 1.0}})
{save}
"""
RESTORE = 'saver.restore(sess, "model.ckpt")'
SAVE = 'saver.save(sess, "model.ckpt")'


@pytest.mark.parametrize(
    ("variables", "restore", "save", "reason"),
    [
        pytest.param("w = tf.Variable(1.0, name=NAME)", RESTORE, SAVE, "not a string literal", id="name not literal"),
        pytest.param(
            'with tf.name_scope("s"):\n    w = tf.Variable(1.0)\nwith tf.name_scope("s"):\n    v = tf.Variable(2.0)',
            RESTORE,
            SAVE,
            "entered twice",
            id="scope entered twice",
        ),
        pytest.param(
            'with tf.variable_scope("s"):\n    w = tf.get_variable("w", initializer=1.0)',
            RESTORE,
            'saver.save(sess, "model.ckpt", global_step=1)',
            "",
            id="get_variable restored by its scoped name",
        ),
        pytest.param(
            "w = tf.get_variable(NAME, initializer=1.0)", RESTORE, SAVE, "not a string literal", id="get_variable name"
        ),
        pytest.param(
            "w = tf.Variable(1.0)",
            "",
            'for step in range(3):\n    saver.save(sess, "model.ckpt", global_step=step)',
            "",
            id="steps of a loop convert",
        ),
    ],
)
def test_saver_shapes_the_rewrite_cannot_promise_keep_the_graph_tier(variables, restore, save, reason) -> None:
    source = SAVER_PROGRAM.format(variables=variables, restore=restore, save=save)
    result = migrate_source(source, Options(), "program.py")
    ours = [f.message for f in result.followups if f.code == "TFM201"]
    if not reason:
        assert "Session" not in result.migrated and "NumberedSaves(checkpoint)" in result.migrated, result.migrated
        return
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0], ours


def test_saves_only_need_no_names_and_keep_the_optimizer_state() -> None:
    """Without a restore no TF1 checkpoint is read: names stay as written; an Adam program's checkpoint holds the
    optimizer, as the TF1 Saver held its slots."""
    source = SAVER_PROGRAM.format(
        variables='with tf.name_scope("s"):\n    w = tf.Variable(1.0)\nwith tf.name_scope("s"):\n    v = tf.Variable(2.0)',
        restore="",
        save='saver.save(sess, "ckpt/model", global_step=1)',
    ).replace("GradientDescentOptimizer(0.1)", "AdamOptimizer(0.1)")
    migrated = migrate_source(source, Options(), "program.py").migrated
    assert "w = tf.Variable(1.0)\n" in migrated and "v = tf.Variable(2.0)\n" in migrated, migrated
    assert "tf.train.Checkpoint(w=w, v=v, optimizer=optimizer)" in migrated, migrated
    assert "manager = NumberedSaves(checkpoint)\n" in migrated and 'manager.save("ckpt/model", 1)' in migrated


HELPER_PROGRAM = """import tensorflow as tf
{seed}
def helper(x):
{body}
X = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.ones([2, 2]))
h = tf.matmul(X, W)
y = helper(X)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={{X: [[1.0, 2.0]]}}))
{after}"""


@pytest.mark.parametrize(
    ("body", "seed", "after", "line", "reason"),
    [
        pytest.param("    return tf.matmul(x, W)", "", "", 0, "", id="graph helper converts"),
        pytest.param(  # called once, the print shows TF1's text (build_prints.py); in a comprehension, how often?
            "    print(x)\n    return x",
            "",
            "ys = [helper(h) for _ in range(2)]",
            13,
            "function `helper` prints when TF1 built the graph, and it is called here where the calls are not counted",
            id="side effect",
        ),
        pytest.param(
            "    return tf.matmul(x, tf.Variable(tf.ones([2, 2])))",
            "",
            "",
            4,
            "tf.Variable builds a variable on every call",
            id="variable per call",
        ),
        pytest.param(  # read at its ``def``, above ``W``, it looked like plain Python (late_calls.py)
            "    if x is None:\n        x = W\n    return x",
            "",
            "",
            5,
            "`W` is used inside function `helper`, bound to a graph value or Session only after the function is defined",
            id="branch on a parameter being None, reading a later variable",
        ),
        pytest.param(
            "    if x.shape[0] > 1:\n        x = W\n    return x",
            "",
            "",
            10,
            "`helper` branches on or calls `x`, passed something other than a constant here",
            id="branch on a tensor",
        ),
        pytest.param("    return tf.matmul(h, W)", "", "", 0, "", id="reads a tensor: passed it"),
        pytest.param(
            "    return tf.nn.dropout(x, 0.5)",
            "tf.set_random_seed(1)",
            "ys = [helper(h) for _ in range(2)]",  # called per iteration (each call once: test_graph_helpers.py)
            4,
            "seeded random op tf.nn.dropout inside function `helper`",
            id="seeded draw in a helper",
        ),
        pytest.param(
            "    return tf.matmul(x, W)",
            "",
            "    print(helper([[1.0, 1.0]]))",
            12,
            "used here other than",
            id="used while running",
        ),
        pytest.param("    return helper(x)", "", "", 4, "it calls itself", id="recursion"),
        pytest.param(
            '    v = tf.get_variable("v", [2, 2])\n    return tf.matmul(x, v)',
            "",
            "ys = [helper(h) for _ in range(2)]",
            4,
            "tf.get_variable in a helper (its name per call is not modelled)",
            id="get_variable per call",
        ),
        pytest.param(
            "    return tf.layers.dense(x, 2)",
            "",
            "ys = [helper(h) for _ in range(2)]",
            4,
            "tf.layers.dense has no proven eager equivalent",
            id="tf.layers",
        ),
    ],
)
def test_helper_shapes_the_proof_cannot_show_keep_the_graph_tier(body, seed, after, line, reason) -> None:
    """A helper function the graph calls is kept as written only where the proof covers it; anything else keeps the
    graph tier with one follow-up naming the helper's blocking line and construct."""
    source = HELPER_PROGRAM.format(body=body, seed=seed, after=after)
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    if not reason:
        assert not ours and "Session" not in result.migrated and "def helper(x" in result.migrated, result.migrated
        return
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0].message and ours[0].line == line, (ours, source)


LAYER_PROGRAM = """import tensorflow as tf
def add_layer(inputs, in_size, out_size, activation_function=None):
{body}
    Wx_plus_b = tf.matmul(inputs, Weights) + biases
    if activation_function is None:
        return Wx_plus_b
    return activation_function(Wx_plus_b)
X = tf.placeholder(tf.float32, [None, 2])
h = add_layer(X, 2, 3, tf.nn.relu)
y = {call}
loss = tf.reduce_sum(y)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
{saver}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
{run}
    print(sess.run(y, feed_dict={{X: [[1.0, 2.0]]}}))
"""
RESTORE_LAYERS = "saver = tf.train.Saver()\n", '    saver.restore(sess, "model.ckpt")'

WEIGHTS = (
    "    Weights = tf.Variable(tf.ones([in_size, out_size]))\n    biases = tf.Variable(tf.zeros([out_size]) + 0.1)"
)
SCOPED = (
    '    with tf.name_scope("layer"):\n        Weights = tf.Variable(tf.ones([in_size, out_size]), name="W")\n'
    '        biases = tf.Variable(tf.zeros([out_size]) + 0.1, name="b")'
)


def test_host_branches_in_helpers_run_eagerly_with_tf1s_numbers(tmp_path) -> None:
    """A helper's branch on host facts (``if in_size:`` of a host int, with no ``return``, before a variable) is
    decided alike by TF1 and eagerly at every call: the program comes out session-free and prints the TF1
    program's numbers."""
    sources = {
        "host_branch.py": LAYER_PROGRAM.format(
            body=WEIGHTS.replace("    biases", "    if in_size:\n        pass\n    biases"),
            call="add_layer(h, 3, 1)",
            saver="",
            run="",
        ),
    }
    originals, migrated = [], []
    for name, source in sources.items():
        result = migrate_source(source, Options(), name)
        assert not [f for f in result.followups if f.code == "TFM201"], result.followups
        assert not any(marker in (result.migrated or "") for marker in GRAPH_ONLY), result.migrated
        (tmp_path / name).write_text(source)
        (tmp_path / f"m_{name}").write_text(result.migrated or "")
        originals.append(tmp_path / name)
        migrated.append(tmp_path / f"m_{name}")
    tf1, tf2 = (
        tf1_baselines.run_programs("tf1", originals, tmp_path),
        tf1_baselines.run_programs("tf2", migrated, tmp_path),
    )
    for before, after in zip(originals, migrated, strict=True):
        numbers = _numbers(tf1[str(before)])
        assert numbers and "FAILED" not in tf1[str(before)], tf1
        assert _numbers(tf2[str(after)]) == pytest.approx(numbers, rel=1e-6), (tf1, tf2)


@pytest.mark.parametrize(
    ("body", "call", "run", "line", "reason"),
    [
        pytest.param(WEIGHTS, "add_layer(h, 3, 1)", "", 0, "", id="split"),
        pytest.param(
            WEIGHTS.replace("    biases", "    if not in_size:\n        return None\n    biases"),
            "add_layer(h, 3, 1)",
            "",
            6,
            "`biases` is built after a branch or return (not built on every call)",
            id="variable after a branch that returns",
        ),
        pytest.param(
            WEIGHTS.replace("tf.ones([in_size, out_size])", "tf.ones_like(inputs)"),
            "add_layer(h, 3, 1)",
            "",
            10,
            "`add_layer` builds its variables from `inputs`, a graph value here",
            id="initial value from a tensor",
        ),
        pytest.param(
            '    with tf.variable_scope("s"):\n' + WEIGHTS.replace("    ", "        "),
            "add_layer(h, 3, 1)",
            "",
            3,
            "`with tf.variable_scope` in a helper (only tf.name_scope(name) is modelled)",
            id="variable scope",
        ),
        pytest.param(
            WEIGHTS,
            "add_layer(h, 3, 1) * 2.0",
            "",
            11,
            "`add_layer` builds variables and is called other than as `name = add_layer(...)`",
            id="called inside an expression",
        ),
        pytest.param(
            WEIGHTS,
            "add_layer(h, 3, 1, tf.nn.dropout)",
            "",
            11,
            "passed something other than a TensorFlow op here",
            id="random op passed as the activation",
        ),
    ],
)
def test_layer_helpers_split_or_keep_the_graph_tier(body, call, run, line, reason) -> None:
    """A helper that builds variables and computes (Morvan's ``add_layer``) becomes a creation function called
    once per call site and the computation, called by the tensor's function with the variables; what the proof
    cannot show keeps the graph tier with one follow-up at the blocking line."""
    saver, restore = run or ("", "")
    source = LAYER_PROGRAM.format(body=body, call=call, saver=saver, run=restore)
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    if not reason:
        migrated = result.migrated or ""
        assert not ours and "Session" not in migrated, (ours, migrated)
        assert "def add_layer_variables(in_size, out_size):" in migrated, migrated
        assert "def add_layer(Weights, biases, inputs, activation_function=None):" in migrated, migrated
        assert "h_Weights, h_biases = add_layer_variables(2, 3)" in migrated, migrated
        assert "return add_layer(y_Weights, y_biases, h(X))" in migrated, migrated
        return
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0].message and ours[0].line == line, (ours, source)
