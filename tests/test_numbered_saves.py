"""Numbered saves (tfmigrate/transforms/_numbered_saves.py), to a path computed at run time: a GAN collection's
``save(checkpoint_dir, step)`` / ``load(checkpoint_dir)`` methods, a stock-RNN's folder property, a language-model
trainer's ``saver.save(sess, path, bsz * epoch)``, a path passed to the method. Each program runs as the TF1 baseline
(``tf.compat.v1`` + ``disable_v2_behavior()``) in one folder and migrated on TF 2.21 in another: the same output, the
same checkpoint files (TF1 also wrote a ``.meta`` graph per checkpoint, which an eager program has no graph for), the
same ``checkpoint`` state file; a resumed run reads the newest checkpoint as TF1 did (``load()``'s counter), also
from the TF1 run's folder. To a literal or joined path too: a CheckpointManager there deleted, on a resumed run, the
checkpoints the first run wrote, which TF1's new Saver never did.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from program_checks import eager, run_as_tf1, run_in_a_shared_child, tf1_source

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options
from tfmigrate.transforms._numbered_saves import saver_class

# hwalsuklee/tensorflow-generative-model-collections' GAN.py shape (written for this test, no text copied): the Saver
# built with the graph, ``model_dir`` a property, ``model_name`` a class constant, load() reading the counter from the
# newest checkpoint's name; train() resumes from it.
GAN = """\
import os
import re

import numpy as np
import tensorflow as tf


class GAN(object):
    model_name = "GAN"

    def __init__(self, sess, epoch, batch_size, checkpoint_dir):
        self.sess = sess
        self.epoch = epoch
        self.batch_size = batch_size
        self.checkpoint_dir = checkpoint_dir
        self.data_X = np.linspace(0.0, 1.0, 64 * 4).reshape(64, 4).astype(np.float32)
        self.num_batches = len(self.data_X) // self.batch_size

    def build_model(self):
        self.x = tf.placeholder(tf.float32, [self.batch_size, 4], name="x")
        self.w = tf.Variable(np.full([4, 1], 0.1, dtype=np.float32), name="w")
        self.b = tf.Variable(tf.zeros([1]), name="b")
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) + self.b - 1.0))
        self.optim = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)
        self.saver = tf.train.Saver()

    def train(self):
        tf.global_variables_initializer().run()
        could_load, checkpoint_counter = self.load(self.checkpoint_dir)
        if could_load:
            start_epoch = int(checkpoint_counter / self.num_batches)
            counter = checkpoint_counter
            print(" [*] Load SUCCESS", counter)
        else:
            start_epoch = 0
            counter = 1
            print(" [!] Load failed...")
        for epoch in range(start_epoch, self.epoch):
            for idx in range(self.num_batches):
                batch = self.data_X[idx * self.batch_size : (idx + 1) * self.batch_size]
                _, loss = self.sess.run([self.optim, self.loss], feed_dict={self.x: batch})
                counter += 1
                print(epoch, idx, loss)
                if np.mod(counter, 3) == 0:
                    self.save(self.checkpoint_dir, counter)
        self.save(self.checkpoint_dir, counter)

    @property
    def model_dir(self):
        return "{}_{}".format(self.model_name, self.batch_size)

    def save(self, checkpoint_dir, step):
        checkpoint_dir = os.path.join(checkpoint_dir, self.model_dir, self.model_name)
        if not os.path.exists(checkpoint_dir):
            os.makedirs(checkpoint_dir)
        self.saver.save(self.sess, os.path.join(checkpoint_dir, self.model_name + ".model"), global_step=step)

    def load(self, checkpoint_dir):
        checkpoint_dir = os.path.join(checkpoint_dir, self.model_dir, self.model_name)
        ckpt = tf.train.get_checkpoint_state(checkpoint_dir)
        if ckpt and ckpt.model_checkpoint_path:
            ckpt_name = os.path.basename(ckpt.model_checkpoint_path)
            self.saver.restore(self.sess, os.path.join(checkpoint_dir, ckpt_name))
            counter = int(next(re.finditer(r"(\\d+)(?!.*\\d)", ckpt_name)).group(0))
            print(" [*] Success to read {}".format(ckpt_name))
            return True, counter
        else:
            return False, 0


with tf.Session() as sess:
    gan = GAN(sess, epoch=2, batch_size=16, checkpoint_dir="checkpoint")
    gan.build_model()
    gan.train()
    print(sess.run(gan.w).ravel())
"""

# lilianweng/stock-rnn's LstmRNN shape: the folder a property that creates it, the name a %-formatted property.
STOCK = """\
import os

import numpy as np
import tensorflow as tf


class LstmRNN(object):
    def __init__(self, sess, stock_sym="SP500", num_steps=5, input_size=1, logs_dir="logs"):
        self.sess = sess
        self.stock_sym = stock_sym
        self.num_steps = num_steps
        self.input_size = input_size
        self.logs_dir = logs_dir
        self.build_graph()

    def build_graph(self):
        self.inputs = tf.placeholder(tf.float32, [None, self.num_steps], name="inputs")
        self.targets = tf.placeholder(tf.float32, [None, self.input_size], name="targets")
        self.w = tf.Variable(np.full([self.num_steps, self.input_size], 0.2, dtype=np.float32), name="w")
        self.b = tf.Variable(tf.constant(0.1, shape=[self.input_size]), name="b")
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.inputs, self.w) + self.b - self.targets))
        self.optim = tf.train.GradientDescentOptimizer(0.05).minimize(self.loss)
        self.saver = tf.train.Saver(max_to_keep=2)

    def train(self, data_x, data_y, max_epoch):
        tf.global_variables_initializer().run()
        global_step = 0
        for epoch in range(max_epoch):
            for i in range(0, len(data_x), 10):
                global_step += 1
                train_loss, _ = self.sess.run(
                    [self.loss, self.optim], {self.inputs: data_x[i : i + 10], self.targets: data_y[i : i + 10]}
                )
                if np.mod(global_step, 4) == 0:
                    print("Step:%d [Epoch:%d] loss:%.6f" % (global_step, epoch, train_loss))
                    self.save(global_step)
        self.save(global_step)
        print(self.sess.run(self.w).ravel())

    @property
    def model_name(self):
        return "stock_rnn_step%d_input%d_%s" % (self.num_steps, self.input_size, self.stock_sym)

    @property
    def model_logs_dir(self):
        model_logs_dir = os.path.join(self.logs_dir, self.model_name)
        if not os.path.exists(model_logs_dir):
            os.makedirs(model_logs_dir)
        return model_logs_dir

    def save(self, step):
        model_name = self.model_name + ".model"
        self.saver.save(self.sess, os.path.join(self.model_logs_dir, model_name), global_step=step)


xs = np.linspace(0.0, 1.0, 200).reshape(40, 5).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
with tf.Session() as sess:
    rnn_model = LstmRNN(sess, stock_sym="SP500")
    rnn_model.train(xs, ys, 3)
"""

# A method given the path (``model.train(data, 20, "./ckpt/model")``), its saves' return values printed.
PARAMETER = """\
import os

import numpy as np
import tensorflow as tf


class Regressor(object):
    def __init__(self, n_in):
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.w = tf.Variable(np.full([n_in, 1], 0.1, dtype=np.float32))
        self.b = tf.Variable(tf.zeros([1]))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) + self.b - self.y))
        self.step = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)
        self.saver = tf.train.Saver(max_to_keep=2)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def train(self, data, iters, path):
        xs, ys = data
        for it in range(iters):
            _, l = self.sess.run([self.step, self.loss], feed_dict={self.x: xs, self.y: ys})
            if it % 5 == 4:
                print(it, l, self.saver.save(self.sess, path, global_step=it))


xs = np.linspace(0.0, 1.0, 48).reshape(16, 3).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
model = Regressor(3)
model.train((xs, ys), 20, "./ckpt/model")
print(model.sess.run(model.w).ravel())
"""


def _files(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` but the program and TF1's meta graphs: name -> the state file's text (else "")."""
    return {
        str(p.relative_to(directory)): p.read_text() if p.name == "checkpoint" else ""
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != "program.py" and p.suffix != ".meta" and ".tfmigrate_cache" not in p.parts
    }


def test_a_gan_collections_save_and_load_resume_as_tf1_did(tmp_path: Path) -> None:
    migrated = eager(GAN)
    assert "CheckpointManager" not in migrated and "NumberedSaves" in migrated, migrated
    longer = "epoch=4, batch_size"
    runs = {}
    for mode, source, graph in (("tf1", tf1_source(GAN), True), ("tf2", migrated, False)):
        first = run_in_a_shared_child(source, tmp_path / mode, graph=graph)
        second = run_in_a_shared_child(source.replace("epoch=2, batch_size", longer), tmp_path / mode, graph=graph)
        runs[mode] = (first, second)
    assert runs["tf2"] == runs["tf1"]
    assert " [*] Success to read GAN.model-9\n [*] Load SUCCESS 9\n2 0 " in runs["tf1"][1], runs["tf1"][1]
    files = _files(tmp_path / "tf1")
    assert _files(tmp_path / "tf2") == files
    # TF1's Saver deleted only what it saved itself: the first run's checkpoints stay (a CheckpointManager's not)
    steps = sorted(int(n.rsplit("-", 1)[1].split(".")[0]) for n in files if n.endswith(".index"))
    assert steps == [3, 6, 9, 12, 15, 17], files
    state = files[os.path.join("checkpoint", "GAN_16", "GAN", "checkpoint")]
    assert state.startswith('model_checkpoint_path: "GAN.model-17"\n'), state
    # the migrated program resumes from the checkpoint the TF1 program's first run wrote
    run_as_tf1(GAN, tmp_path / "cross")
    resumed = run_in_a_shared_child(migrated.replace("epoch=2, batch_size", longer), tmp_path / "cross", graph=False)
    assert resumed == runs["tf1"][1]


@pytest.mark.parametrize(
    ("program", "found"),
    [
        pytest.param(STOCK, "stock_rnn_step5_input1_SP500.model-12.index", id="stock RNN: a property's folder"),
        pytest.param(PARAMETER, "model-19.index", id="the path a method's parameter"),
    ],
)
def test_saves_to_a_path_computed_at_run_time_write_tf1s_files(program: str, found: str, tmp_path: Path) -> None:
    migrated = eager(program)
    (tmp_path / "tf1" / "ckpt").mkdir(parents=True)
    (tmp_path / "tf2" / "ckpt").mkdir(parents=True)
    baseline = run_as_tf1(program, tmp_path / "tf1")
    assert run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False) == baseline
    files = _files(tmp_path / "tf1")
    assert _files(tmp_path / "tf2") == files
    assert any(name.endswith(found) for name in files) and len(files) == 5, files  # max_to_keep=2: 2 x 2 + state


# One Saver's saves through the class against TF1's Saver: a path saved twice, an absolute folder, the oldest deleted
# across folders, max_to_keep=0, the folder made one level deep, two levels: TF1's ValueError.
SAVES = """
v = tf.Variable([1.0, 2.0], name="v")
kept = os.path.abspath("b")
os.makedirs(kept, exist_ok=True)
for keep, path, step in [
    (2, "a/m", 1), (2, "a/m", 2), (2, "a/m", 2), (2, os.path.join(kept, "m"), 3), (2, "a/m", 4),
    (0, "c/m", 5), (0, "c/m", 6), (2, "d/e/m", 7),
]:
    UPDATE
    try:
        print(os.path.relpath(SAVE, os.getcwd()))
    except ValueError as error:
        print("ValueError", error)
"""
TF1_SETUP = """bump = tf.assign_add(v, [1.0, 1.0])
savers = {k: tf.train.Saver(max_to_keep=k) for k in (0, 2)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
"""
SAVES_TF1 = tf1_source(
    "import os\n\nimport tensorflow as tf\n"
    + SAVES.replace("UPDATE", "sess.run(bump)")
    .replace("SAVE", "savers[keep].save(sess, path, global_step=step)")
    .replace("for keep", TF1_SETUP + "for keep", 1)
)
TF2_SETUP = "savers = {k: NumberedSaves(tf.train.Checkpoint(v=v), max_to_keep=k) for k in (0, 2)}\n"
SAVES_TF2 = (
    "import os\n\nimport tensorflow as tf\n\n"
    + saver_class("NumberedSaves", "tf", True)
    + (
        SAVES.replace("UPDATE", "v.assign_add([1.0, 1.0])")
        .replace("SAVE", "savers[keep].save(path, step)")
        .replace("for keep", TF2_SETUP + "for keep", 1)
    )
)
READS = """\
import os

import tensorflow as tf

v = tf.Variable([0.0, 0.0], name="v")
saver = tf.train.Saver()
with tf.Session() as sess:
    for folder in ("a", os.path.abspath("b"), "c"):
        saver.restore(sess, tf.train.latest_checkpoint(folder))
        print(sess.run(v))
"""


def test_the_generated_class_saves_as_tf1s_saver_did(tmp_path: Path) -> None:
    baseline = run_in_a_shared_child(SAVES_TF1, tmp_path / "tf1", graph=True)
    assert run_in_a_shared_child(SAVES_TF2, tmp_path / "tf2", graph=False) == baseline
    assert "a/m-2\na/m-2\n" in baseline and "ValueError Parent directory of d/e/m" in baseline, baseline
    files = {mode: _files(tmp_path / mode) for mode in ("tf1", "tf2")}
    absolute = {mode: {k: v.replace(str(tmp_path / mode), "<cwd>") for k, v in f.items()} for mode, f in files.items()}
    assert absolute["tf2"] == absolute["tf1"]
    assert 'model_checkpoint_path: "<cwd>/b/m-3"' in absolute["tf1"]["b/checkpoint"], absolute
    assert "a/m-1.index" not in files["tf1"] and "c/m-5.index" in files["tf1"], files  # max_to_keep=0 keeps all
    # TF1's restore of the newest checkpoint in each folder reads what the class wrote as what TF1's Saver wrote
    reads = [run_as_tf1(READS, tmp_path / mode) for mode in ("tf1", "tf2")]
    assert reads[0] == reads[1] and "[6. 7.]" in reads[0], reads


TWO_SAVERS = """\
import os

import tensorflow as tf

w = tf.Variable([1.0], name="w")
update = tf.assign_add(w, [1.0])
saver = tf.train.Saver(max_to_keep=2)
other = tf.train.Saver(max_to_keep=3)


def prefix(name):
    return os.path.join("ckpt", name)


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        sess.run(update)
        saver.save(sess, prefix("a"), global_step=step)
        other.save(sess, prefix("b"), global_step=step)
"""


ONE_SAVER = TWO_SAVERS.replace('        other.save(sess, prefix("b"), global_step=step)\n', "")
HOURS = ONE_SAVER.replace("Saver(max_to_keep=2)", "Saver(keep_checkpoint_every_n_hours=1)")
LITERAL_HOURS = HOURS.replace('prefix("a")', '"ckpt/a"')


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        pytest.param(
            TWO_SAVERS,
            "Savers `saver` and `other` both save numbered checkpoints (line 8)",
            id="two-savers",
        ),
        pytest.param(HOURS, "a numbered save by a Saver keeping one checkpoint every N hours", id="n-hours"),
        pytest.param(  # a CheckpointManager kept the hours, and deleted the checkpoints an earlier run wrote
            LITERAL_HOURS, "a numbered save by a Saver keeping one checkpoint every N hours", id="literal"
        ),
    ],
)
def test_what_the_class_cannot_promise_keeps_the_graph_tier(source: str, reason: str) -> None:
    result = migrate_source(source, Options(), "program.py")
    assert any(reason in f.message for f in result.followups if f.code == "TFM201"), result.followups


def test_one_saver_of_the_two_converts() -> None:
    migrated = eager(ONE_SAVER)
    assert 'manager.save(prefix("a"), step)' in migrated, migrated


# The folder a loop's name: one Saver's saves in two folders, its oldest deleted across them (was the graph tier:
# "the checkpoint directory reads `ckpt_dir`, which is not set before the Saver is built").
FOLDERS = """\
import os

import tensorflow as tf

w = tf.Variable([1.0], name="w")
update = tf.assign_add(w, [1.0])
saver = tf.train.Saver(max_to_keep=2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for ckpt_dir in ("first", "second"):
        os.makedirs(ckpt_dir, exist_ok=True)
        for step in range(3):
            sess.run(update)
            print(saver.save(sess, os.path.join(ckpt_dir, "model"), global_step=step))
    print(sess.run(w))
"""


def test_one_savers_saves_in_two_folders_delete_across_them(tmp_path: Path) -> None:
    migrated = eager(FOLDERS)
    baseline = run_as_tf1(FOLDERS, tmp_path / "tf1")
    assert run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False) == baseline
    files = _files(tmp_path / "tf1")
    assert _files(tmp_path / "tf2") == files
    assert [n for n in files if n.endswith(".index")] == ["second/model-1.index", "second/model-2.index"], files
    assert files["first/checkpoint"].startswith('model_checkpoint_path: "model-2"\n'), files


FLAGGED = """\
import os

import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("ckpt_dir", "./ckpt_lm", "checkpoint folder")
FLAGS = flags.FLAGS

w = tf.Variable([1.0], name="w")
update = tf.assign_add(w, [1.0])
saver = tf.train.Saver(max_to_keep=3)


def main(_):
    bsz = 8
    path = os.path.join(FLAGS.ckpt_dir, "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(1, 7):
            sess.run(update)
            print(saver.save(sess, path, bsz * epoch))


if __name__ == "__main__":
    tf.app.run()
"""


def test_a_flags_folder_is_read_at_each_save_after_app_run_parsed_the_flags() -> None:
    """A manager built where the Saver is would read ``FLAGS.ckpt_dir`` before absl's ``app.run`` parsed the flags
    (UnparsedFlagAccessError on TF 2.21; TF1's tf.app.flags parsed them on first access); the class reads the path
    at each save, where TF1 did (the set-20 language-model trainer's shape, checked by hand against its TF1 run)."""
    migrated = eager(FLAGGED)
    assert "CheckpointManager" not in migrated and "manager.save(path, bsz * epoch)" in migrated, migrated


# Resumed training (item: a CheckpointManager deleted the first run's checkpoints). The resumed-training shape of the TF1 tutorials (aymericdamien's and nlintz's save/restore scripts, written for this
# test): restore the newest checkpoint when there is one, train on from its step, save every step.
RESUMED = """\
import numpy as np
import tensorflow as tf

xs = np.linspace(0.0, 1.0, 48).reshape(16, 3).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
x = tf.placeholder(tf.float32, [None, 3])
w = tf.Variable(np.full([3, 1], 0.1, dtype=np.float32), name="w")
y = tf.placeholder(tf.float32, [None, 1])
loss = tf.reduce_mean((tf.matmul(x, w) - y) ** 2)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    latest = tf.train.latest_checkpoint("ckpt")
    start = 0
    if latest:
        saver.restore(sess, latest)
        start = int(latest.rsplit("-", 1)[1]) + 1
        print("resumed", latest)
    for step in range(start, start + 8):
        _, l = sess.run([train, loss], feed_dict={x: xs, y: ys})
        print(step, l, saver.save(sess, "ckpt/model", global_step=step))
    print(sess.run(w).ravel())
"""

# The same through get_variable under a variable scope, a Saver of a list keeping 3, the path joined.
SCOPED = """\
import os

import tensorflow as tf

with tf.variable_scope("enc"):
    w = tf.get_variable("w", initializer=tf.constant([1.0, 2.0]))
bump = tf.assign_add(w, [1.0, 1.0])
saver = tf.train.Saver([w], max_to_keep=3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    state = tf.train.get_checkpoint_state("runs")
    start = 0
    if state and state.model_checkpoint_path:
        saver.restore(sess, state.model_checkpoint_path)
        start = int(state.model_checkpoint_path.split("-")[-1]) + 1
        print("resumed", state.model_checkpoint_path, sess.run(w))
    for epoch in range(start, start + 5):
        sess.run(bump)
        print(saver.save(sess, os.path.join("runs", "model"), global_step=epoch))
    print(tf.train.latest_checkpoint("runs"), sess.run(w))
"""


# The checkpoint-only conversion (_checkpoint.py, not the eager rewrite): a function building the Saver with its
# variables, the next step read from the newest checkpoint's name.
IN_A_FUNCTION = """\
import os

import tensorflow as tf


def train(checkpoint_dir, steps):
    weights = tf.Variable(tf.ones([2, 2]), name="weights")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        state = tf.train.get_checkpoint_state(checkpoint_dir)
        if state and state.model_checkpoint_path:
            saver.restore(sess, state.model_checkpoint_path)
        for step in steps:
            saver.save(sess, checkpoint_dir + "/model.ckpt", global_step=step)
        return sess.run(weights)


last = tf.train.latest_checkpoint("ck")
start = int(last.rsplit("-", 1)[1]) + 1 if last else 0
print(train("ck", range(start, start + 4)))
print(tf.train.latest_checkpoint("ck"))
"""
RESUMED_RUNS = {
    "literal path, max_to_keep 5": (RESUMED, "ckpt/model-3.index"),
    "joined path": (SCOPED, "runs/model-2.index"),
    "checkpoint-only conversion": (IN_A_FUNCTION, "ck/model.ckpt-2.index"),
}


@pytest.mark.parametrize(("program", "kept"), RESUMED_RUNS.values(), ids=RESUMED_RUNS)
def test_a_resumed_run_keeps_the_first_runs_checkpoints_as_tf1_did(program: str, kept: str, tmp_path: Path) -> None:
    migrated = eager(program)
    assert "CheckpointManager" not in migrated and "NumberedSaves(" in migrated, migrated
    for mode, source, graph in (("tf1", tf1_source(program), True), ("tf2", migrated, False)):
        outputs, listings = [], []
        for _ in range(2):
            outputs.append(run_in_a_shared_child(source, tmp_path / mode, graph=graph))
            listings.append(_files(tmp_path / mode))
        if mode == "tf1":
            baseline = (outputs, listings)
        else:
            assert (outputs, listings) == baseline
    first, second = baseline[1]
    assert kept in first and kept in second, second  # the first run's checkpoints outlive the second
    state = [text for name, text in second.items() if name.endswith("checkpoint")][0]
    assert "timestamp" not in state and kept.split("/")[1].rsplit(".", 1)[0] not in state, state  # its own list
    assert baseline[0][0] != baseline[0][1], baseline[0]  # the second run went on from the first
    # the migrated program resumes from the TF1 program's first run as TF1's second run did
    run_as_tf1(program, tmp_path / "cross")
    assert run_in_a_shared_child(migrated, tmp_path / "cross", graph=False) == baseline[0][1]
    assert _files(tmp_path / "cross") == second


BUILT_TWICE = """\
import numpy as np
import tensorflow as tf


class Regressor(object):
    def __init__(self, sess, n_in):
        self.sess = sess
        self.n_in = n_in

    def build(self, scale):
        self.x = tf.placeholder(tf.float32, [None, self.n_in])
        self.w = tf.Variable(np.full([self.n_in, 1], scale, dtype=np.float32))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) - 1.0))
        self.step = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)
        self.saver = tf.train.Saver([self.w], max_to_keep=2)

    def train(self, xs, iters, path):
        for it in range(iters):
            _, l = self.sess.run([self.step, self.loss], feed_dict={self.x: xs})
            print(it, l, self.saver.save(self.sess, path, global_step=it))


xs = np.linspace(0.0, 1.0, 48).reshape(16, 3).astype(np.float32)
with tf.Session() as sess:
    model = Regressor(sess, 3)
    for scale in (0.1, 0.3):
        model.build(scale)
        sess.run(tf.global_variables_initializer())
        model.train(xs, 3, "ckpt/model")
"""


def test_the_class_in_a_method_is_written_only_where_the_method_builds_once() -> None:
    """The numbered saves' class sits in the method that built the Saver (classes are resugared method by method); a
    method that builds the graph runs once or the graph tier keeps the program, so no two Savers share its list."""
    result = migrate_source(BUILT_TWICE, Options(), "program.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    # build is called by the module once per pass of its loop, and each call makes a variable (line 12)
    assert any(
        "method `build` of class `Regressor` is called by the module; it makes variables (`tf.Variable`, line 12)" in r
        for r in reasons
    ), reasons
