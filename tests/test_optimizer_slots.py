"""TF1 optimizer state across the migration, on real TensorFlow: a TF1 program trains with Adam, RMSProp, Momentum
or Adagrad, saves with a Saver and resumes from its checkpoint. The migrated program (Keras optimizer) started on
the TF1 checkpoint must take the steps the resumed TF1 program took, to 1e-6 relative, so the update rules are the
same and every slot (Adam's moments and step count, recovered from ``beta2_power`` after 5 steps and after 1200, past where
``beta1_power`` underflows float32) reached the Keras optimizer; started again on its own checkpoint, it must take
the steps a third TF1 run took, so its own checkpoints keep the optimizer state. One runner runs every TF1
program (in the harness's shared graph child), one every migrated program (in its eager child)."""

from __future__ import annotations

import json
import math
import re

import pytest
from program_checks import run_script_in_a_shared_child

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

NUMBER = re.compile(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?")
PROGRAM = """import numpy as np
import tensorflow as tf

x_data = np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3]], dtype=np.float32)
y_data = np.array([[1.0], [-2.0], [0.5]], dtype=np.float32)
global_step = tf.Variable(0, trainable=False, name="global_step")
X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
with tf.name_scope("layer"):
    W = tf.Variable([[0.5], [-0.3]], name="W")
b = tf.Variable([0.1])
frozen = tf.Variable([2.0], trainable=False)
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b * frozen - Y))
with tf.name_scope("train"):
    train_op = {optimizer}.minimize(cost, global_step=global_step)
saver = tf.train.Saver()
sess = tf.Session()
ckpt = tf.train.get_checkpoint_state("./model")
if ckpt and ckpt.model_checkpoint_path:
    saver.restore(sess, ckpt.model_checkpoint_path)
    steps = 3
else:
    sess.run(tf.global_variables_initializer())
    steps = {first}
for step in range(steps):
    sess.run(train_op, feed_dict={{X: x_data, Y: y_data}})
print("step", sess.run(global_step))
print("W", repr(sess.run(W).ravel().tolist()), "b", repr(sess.run(b).ravel().tolist()))
print("cost", repr(float(sess.run(cost, feed_dict={{X: x_data, Y: y_data}}))))
saver.save(sess, "./model/model.ckpt", global_step=global_step)
"""
OPTIMIZERS = {
    "adam": "tf.train.AdamOptimizer(0.01)",
    "adam_long": "tf.train.AdamOptimizer(0.01)",
    "adam_betas_named": 'tf.train.AdamOptimizer(0.02, beta1=0.8, beta2=0.99, epsilon=1e-6, name="Fit")',
    "rmsprop_momentum_centered": "tf.train.RMSPropOptimizer(0.001, decay=0.8, momentum=0.5, centered=True)",
    "rmsprop": "tf.train.RMSPropOptimizer(0.001, 0.9)",
    "momentum": "tf.train.MomentumOptimizer(0.01, 0.9)",
    "nesterov": "tf.train.MomentumOptimizer(0.01, 0.9, use_nesterov=True)",
    "adagrad": "tf.train.AdagradOptimizer(0.1)",
}
# Each mode runs its programs in turn, each several times in one folder (a run resumes from the one before);
# the TF1 program's first run is copied to where the migrated program starts.
RUNNER = r"""
import contextlib, io, json, os, shutil, sys
mode, spec = sys.argv[1], json.loads(sys.argv[2])
import tensorflow as tf
if mode == "tf1":
    tf.compat.v1.disable_v2_behavior()
printed = {}
for path, folder, runs, copy in spec:
    source = open(path).read()
    if mode == "tf1":
        source = source.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1)
    os.makedirs(folder, exist_ok=True)
    os.chdir(folder)
    outputs = []
    for run in range(runs):
        if mode == "tf1":
            tf.compat.v1.reset_default_graph()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(source, path, "exec"), {"__name__": "__main__"})
        outputs.append(out.getvalue())
        if run == 0 and copy:
            shutil.copytree(folder, copy)
    printed[path] = outputs
print(json.dumps(printed))
"""


def _run(mode: str, spec: list, folder) -> dict[str, list[str]]:
    """One mode's runner in the harness's shared child of that mode (graph for TF1, eager for the migrated)."""
    out = run_script_in_a_shared_child(RUNNER, folder, graph=mode == "tf1", argv=(mode, json.dumps(spec)))
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[list[str], list[str], str]]:
    """name -> (three TF1 runs, two migrated runs started on the first TF1 run's checkpoint, migrated source)."""
    root = tmp_path_factory.mktemp("slots")
    tf1_spec, tf2_spec, sources = [], [], {}
    for name, optimizer in OPTIMIZERS.items():
        before, after = root / f"{name}.py", root / f"{name}_migrated.py"
        before.write_text(PROGRAM.format(optimizer=optimizer, first=_first(name)))
        sources[name] = migrate_source(before.read_text(), Options(), before.name).migrated or ""
        after.write_text(sources[name])
        tf1_spec.append([str(before), str(root / name / "tf1"), 3, str(root / name / "tf2")])
        tf2_spec.append([str(after), str(root / name / "tf2"), 2, ""])
    tf1, tf2 = _run("tf1", tf1_spec, root / "tf1_runner"), _run("tf2", tf2_spec, root / "tf2_runner")
    return {
        name: (tf1[spec[0]], tf2[other[0]], sources[name]) for name, spec, other in zip(OPTIMIZERS, tf1_spec, tf2_spec)
    }


def _first(name: str) -> int:
    """Steps of the first run: Adam's step count must come back exactly after a few steps, and after 1200."""
    return 1200 if name == "adam_long" else 5


def _same(want: str, got: str) -> None:
    expected, have = [float(n) for n in NUMBER.findall(want)], [float(n) for n in NUMBER.findall(got)]
    assert len(expected) == len(have) > 3, (want, got)
    for a, b in zip(expected, have):
        assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-7), (want, got)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_migrated_program_resumes_the_tf1_optimizer_state_and_keeps_its_own(runs, name: str) -> None:
    (first, resumed, again), (migrated_resumed, migrated_again), source = runs[name]
    assert "Session" not in source and "restore_checkpoint(ckpt.model_checkpoint_path)" in source, source
    steps = _first(name)
    assert f"step {steps}\n" in first and f"step {steps + 3}\n" in resumed and f"step {steps + 6}\n" in again, first
    _same(resumed, migrated_resumed)
    _same(again, migrated_again)


def test_only_a_restoring_saver_gets_the_restore_function() -> None:
    saves_only = PROGRAM.format(optimizer=OPTIMIZERS["adam"], first=5).replace(
        "    saver.restore(sess, ckpt.model_checkpoint_path)\n", "    pass\n"
    )
    migrated = migrate_source(saves_only, Options(), "program.py").migrated
    assert "Session" not in migrated and "def restore_checkpoint" not in migrated, migrated


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("tf.train.AdamOptimizer(0.01)", "tf.train.AdamOptimizer(0.01, name=NAME)"),
            "name is not a string literal",
            id="optimizer name not literal",
        ),
        pytest.param(
            ("tf.train.RMSPropOptimizer(0.001, 0.9)", "tf.train.RMSPropOptimizer(0.001, 0.9, centered=CENTERED)"),
            "centered is not a literal",
            id="rmsprop centered not literal",
        ),
    ],
)
def test_slots_whose_names_or_form_are_not_known_keep_the_graph_tier(change, reason) -> None:
    optimizer = OPTIMIZERS["adam"] if "Adam" in change[0] else OPTIMIZERS["rmsprop"]
    source = "NAME = 'x'\nMOMENTUM = 0.5\n" + PROGRAM.format(optimizer=optimizer, first=5).replace(*change)
    result = migrate_source(source, Options(), "program.py")
    ours = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and reason in ours[0], ours
