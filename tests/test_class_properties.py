"""TFM201 on graph classes with a computed read-only ``@property`` (session/class_properties.py): the GAN-collection
shape (``model_name = "GAN"``, ``@property def model_dir(self): return "{}_{}_{}".format(self.model_name,
self.dataset_name, self.batch_size)``, checkpoints under ``os.path.join(checkpoint_dir, self.model_dir)``) comes out
session-free with the TF1 baseline's numbers and resumes from the TF1 checkpoint (real TensorFlow through
tests/session_harness.py); a property that is not host data over plain attributes keeps the graph tier, named."""

from __future__ import annotations

import pytest
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

# Written in the shape of carpedm20/DCGAN-tensorflow's model.py (MIT; ``model_dir`` property, ``save``/``load``
# under ``os.path.join(checkpoint_dir, self.model_dir)``, the Session passed to the constructor and kept as
# ``self.sess``) and of the GAN collections built on it (a class constant ``model_name``): a toy generator and
# discriminator of one matrix each, synthetic data, seeded, an unnumbered save (numbered: see the last test).
GAN = """import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(4)


class GAN(object):
    model_name = "GAN"

    def __init__(self, sess, epoch, batch_size, z_dim, dataset_name, checkpoint_dir):
        self.sess = sess
        self.epoch = epoch
        self.batch_size = batch_size
        rng = np.random.RandomState(0)
        self.z_dim = z_dim
        self.dataset_name = dataset_name
        self.checkpoint_dir = checkpoint_dir
        self.data_X = rng.rand(16, 4).astype(np.float32)
        self.num_batches = len(self.data_X) // self.batch_size
        self.inputs = tf.placeholder(tf.float32, [self.batch_size, 4], name="real")
        self.z = tf.placeholder(tf.float32, [self.batch_size, self.z_dim], name="z")
        self.g_w = tf.Variable(tf.random_normal([self.z_dim, 4], stddev=0.3), name="g_w")
        self.d_w = tf.Variable(tf.random_normal([4, 1], stddev=0.3), name="d_w")
        fake = tf.nn.sigmoid(tf.matmul(self.z, self.g_w))
        d_real = tf.matmul(self.inputs, self.d_w)
        d_fake = tf.matmul(fake, self.d_w)
        self.d_loss = tf.reduce_mean(tf.nn.softplus(-d_real)) + tf.reduce_mean(tf.nn.softplus(d_fake))
        self.g_loss = tf.reduce_mean(tf.nn.softplus(-d_fake))
        self.d_optim = tf.train.GradientDescentOptimizer(0.1).minimize(self.d_loss, var_list=[self.d_w])
        self.g_optim = tf.train.GradientDescentOptimizer(0.1).minimize(self.g_loss, var_list=[self.g_w])
        self.saver = tf.train.Saver()

    def train(self):
        self.sess.run(tf.global_variables_initializer())
        could_load = self.load(self.checkpoint_dir)
        print("loaded", could_load)
        rng = np.random.RandomState(1)
        for epoch in range(self.epoch):
            for idx in range(self.num_batches):
                batch = self.data_X[idx * self.batch_size : (idx + 1) * self.batch_size]
                batch_z = rng.uniform(-1, 1, [self.batch_size, self.z_dim]).astype(np.float32)
                _, d_loss = self.sess.run([self.d_optim, self.d_loss], feed_dict={self.inputs: batch, self.z: batch_z})
                _, g_loss = self.sess.run([self.g_optim, self.g_loss], feed_dict={self.z: batch_z})
                print(epoch, idx, d_loss, g_loss)
        self.save(self.checkpoint_dir)

    @property
    def model_dir(self):
        return "{}_{}_{}_{}".format(self.model_name, self.dataset_name, self.batch_size, self.z_dim)

    def save(self, checkpoint_dir):
        checkpoint_dir = os.path.join(checkpoint_dir, self.model_dir)
        if not os.path.exists(checkpoint_dir):
            os.makedirs(checkpoint_dir)
        self.saver.save(self.sess, os.path.join(checkpoint_dir, "gan.ckpt"))

    def load(self, checkpoint_dir):
        checkpoint_dir = os.path.join(checkpoint_dir, self.model_dir)
        ckpt = tf.train.get_checkpoint_state(checkpoint_dir)
        if ckpt and ckpt.model_checkpoint_path:
            self.saver.restore(self.sess, ckpt.model_checkpoint_path)
            return True
        return False


sess = tf.Session()
gan = GAN(sess, epoch=2, batch_size=4, z_dim=3, dataset_name="toy", checkpoint_dir="checkpoint")
print(gan.model_dir)
gan.train()
print(sess.run(gan.d_w).ravel(), sess.run(gan.g_w).ravel())
"""

# The collection's main(): argparse, the instance constructed in ``with tf.Session(config=...) as sess:`` under
# ``if args.gan_type == "GAN":`` (else ``raise``) and given the Session, ``tf.global_variables_initializer().run()``
# in the default Session the block made, the graph built by the public ``gan.build_model()`` main calls right after, then ``gan.train()`` and
# ``gan.visualize_results(...)`` (both running ``self.sess.run``).
BUILT_IN_MAIN = (
    GAN.replace("import os\n", "import argparse\nimport os\n", 1)
    .replace(
        "        self.sess.run(tf.global_variables_initializer())\n",
        "        tf.global_variables_initializer().run()\n",
    )
    .replace(
        "        self.inputs = tf.placeholder", "\n    def build_model(self):\n        self.inputs = tf.placeholder"
    )
    .replace(
        "        self.saver = tf.train.Saver()\n",
        "        self.fake_images = fake\n        self.saver = tf.train.Saver()\n",
    )
    .replace(
        "        rng = np.random.RandomState(1)\n        for epoch",
        "        rng = np.random.RandomState(1)\n"
        "        self.sample_z = rng.uniform(-1, 1, [self.batch_size, self.z_dim]).astype(np.float32)\n"
        "        for epoch",
    )
    .replace(
        "    def train(self):",
        "    def visualize_results(self, epoch):\n"
        "        samples = self.sess.run(self.fake_images, feed_dict={self.z: self.sample_z})\n"
        '        print("samples", epoch, samples.mean(), samples[0])\n\n'
        "    def train(self):",
    )
)
BUILT_IN_MAIN = (
    BUILT_IN_MAIN[: BUILT_IN_MAIN.index("sess = tf.Session()")]
    + """def parse_args():
    parser = argparse.ArgumentParser(description="GAN")
    parser.add_argument("--gan_type", type=str, default="GAN", choices=["GAN"])
    parser.add_argument("--epoch", type=int, default=2)
    parser.add_argument("--batch_size", type=int, default=4)
    parser.add_argument("--checkpoint_dir", type=str, default="checkpoint")
    return parser.parse_args([])  # the harness runs it with its own argv


def main():
    args = parse_args()
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        if args.gan_type == "GAN":
            gan = GAN(sess, epoch=args.epoch, batch_size=args.batch_size, z_dim=3, dataset_name="toy", checkpoint_dir=args.checkpoint_dir)
        else:
            raise Exception("[!] There is no option for " + args.gan_type)
        gan.build_model()
        gan.train()
        print(" [*] Training finished!")
        gan.visualize_results(args.epoch - 1)


if __name__ == "__main__":
    main()
"""
)

PROPERTY = """    @property
    def model_dir(self):
        return "{}_{}_{}_{}".format(self.model_name, self.dataset_name, self.batch_size, self.z_dim)
"""


def _resumed(name: str, source: str, root):
    """The program's TF1 run and resumed run, and the migrated program's on the TF1 checkpoint: the outcome and the
    migrated text, once both ran and the migrated program is session-free."""
    outcome = evaluate([Program(name, source, {"random": "seeded", "checkpoint": "resume"})], root=root)[name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    return outcome, outcome.migrated_text or ""


def test_a_gan_class_with_a_computed_property_resumes_from_the_tf1_checkpoint(tmp_path) -> None:
    """The property is host data: the proof reads it as the constructor's attribute and the output keeps it as
    written; ``save``/``load`` run the Session they are given through the Saver; the checkpoint the TF1 program
    left under ``checkpoint/GAN_toy_4_3`` is what the migrated program restores on its second run."""
    outcome, text = _resumed("gan_property", GAN, tmp_path)
    assert PROPERTY in text and "self.model_dir =" not in text, text
    assert 'class GAN(object):\n    model_name = "GAN"\n\n    def __init__(self, epoch,' in text, text
    assert "\n\ndef save_checkpoint(checkpoint, save_path):\n" in text, text  # the Saver's, before the class
    assert outcome.baseline_resume is not None and "loaded True" in outcome.baseline_resume.stdout
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


def test_the_collections_main_with_a_session_block_and_a_public_builder_resumes_from_the_tf1_checkpoint(
    tmp_path,
) -> None:
    """``with tf.Session(config=...) as sess: if ...: gan = GAN(sess, ...) else: raise ...`` in ``main()``: the
    choice read as a guard and the construction (class_choice.py), the block as the Session bound to its name, an
    InteractiveSession since ``train`` runs the initializer in the default Session (class_sessions.py), ``gan.build_model()`` right after as the constructor's last call (public_builders.py); all
    put back as written, the Session gone."""
    outcome, text = _resumed("gan_main", BUILT_IN_MAIN, tmp_path)
    assert '\ndef main():\n    args = parse_args()\n    if args.gan_type == "GAN":\n        gan = GAN(epoch=' in text, (
        text
    )
    assert 'checkpoint_dir=args.checkpoint_dir)\n    else:\n        raise Exception("[!] There is no option' in text
    assert "    gan.build_model()\n    gan.train()\n" in text, text
    assert "    def build_model(self):\n" in text and "self.build_model()" not in text, text
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


def test_a_choice_whose_other_branch_goes_on_keeps_the_graph_tier() -> None:
    """``else: gan = None`` goes on after the ``if`` (the program stops later, or not): no guard reads it, and the
    construction is named as before."""
    source = BUILT_IN_MAIN.replace(
        '            raise Exception("[!] There is no option for " + args.gan_type)\n', "            gan = None\n"
    )
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "is used here other than by one module-level `x = GAN(...)`" in ours[0].message, ours


def test_a_default_session_asked_for_after_the_block_keeps_the_graph_tier() -> None:
    """After the block TF1 had closed the Session and had no default one: a statement there asking for it keeps
    the ``with`` as written, and the construction is named as before."""
    source = BUILT_IN_MAIN.replace(
        "        gan.visualize_results(args.epoch - 1)\n",
        "        gan.visualize_results(args.epoch - 1)\n    print(tf.get_default_session())\n",
    )
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "is used here other than by one module-level `x = GAN(...)`" in ours[0].message, ours


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        pytest.param(
            "self.batch_size, self.z_dim)",
            "self.batch_size, self.d_loss)",
            "reads `self.d_loss`, which is not one constructor binding of host data",
            id="graph attribute",
        ),
        pytest.param(
            '"{}_{}_{}_{}".format(',
            'tag("{}_{}_{}_{}").format(',
            "reads a call of `tag(",
            id="module function",
        ),
        pytest.param(
            "        rng = np.random.RandomState(1)\n",
            "        rng = np.random.RandomState(1)\n        self.z_dim = 3\n",
            "reads `self.z_dim`, which is not one constructor binding of host data",
            id="attribute stored again",
        ),
    ],
)
def test_a_property_other_than_host_data_over_plain_attributes_keeps_the_graph_tier(old, new, reason) -> None:
    source = GAN.replace(old, new, 1)
    assert source != GAN
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1 and f"@property `model_dir` {reason}" in ours[0].message, ours
    assert f"(line {source.splitlines().index('    def model_dir(self):') + 1})" in ours[0].message, ours


def test_a_numbered_save_under_the_property_directory_saves_through_numbered_saves() -> None:
    """The GAN collection's ``save(self, checkpoint_dir, step)`` joins the directory in the method and saves with
    ``global_step``: no manager built where the Saver is built can read that directory, so the save goes through
    the NumberedSaves class the program carries (_numbered_saves.py; run on TF by tests/test_numbered_saves.py)."""
    source = (
        GAN.replace(
            '        self.saver.save(self.sess, os.path.join(checkpoint_dir, "gan.ckpt"))\n',
            '        self.saver.save(self.sess, os.path.join(checkpoint_dir, "gan.model"), global_step=step)\n',
        )
        .replace("def save(self, checkpoint_dir):", "def save(self, checkpoint_dir, step):")
        .replace("self.save(self.checkpoint_dir)", "self.save(self.checkpoint_dir, self.epoch)")
    )
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert not ours, ours
    text = result.migrated or ""
    assert "class NumberedSaves" in text and "Session" not in text and "compat.v1" not in text, text


# A folder property of several statements reading another host property (the checkpoint directory made on each
# access, as model classes beside DCGAN-tensorflow's ``model_dir`` have it), kept as written in the output.
FOLDER = """    @property
    def model_tag(self):
        return "{}_{}".format(self.dataset_name, self.batch_size)

    @property
    def model_dir(self):
        path = os.path.join("logs", "{}_{}_{}".format(self.model_name, self.model_tag, self.z_dim))
        if not os.path.exists(path):
            os.makedirs(path)
        return path
"""


def test_a_folder_property_of_several_statements_is_kept_as_written_and_resumes(tmp_path) -> None:
    """``path = os.path.join(...)``, ``if not os.path.exists(path): os.makedirs(path)``, ``return path`` over the
    host property ``model_tag``: the proof reads the returned value, the output keeps both properties (the folder is
    made at each access, as in TF1) and resumes from the TF1 checkpoint with its numbers."""
    source = GAN.replace(PROPERTY, FOLDER)
    assert source != GAN
    outcome, text = _resumed("gan_folder_property", source, tmp_path)
    assert FOLDER in text and "self.model_dir =" not in text and "self.model_tag =" not in text, text
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(
            "        if self._sess is None:\n            self._sess = tf.Session()\n        return self._sess\n",
            "@property `model_dir` creates `tf.Session(...)` where it is first read (a Session, Saver or FileWriter "
            "created on first access is not modelled)",
            id="lazy session",
        ),
        pytest.param(
            '        path = "logs"\n        print(path)\n        return path\n',
            "@property `model_dir` holds `print(path)`, other than a local's binding or a folder's creation",
            id="other statement",
        ),
        pytest.param(
            '        path = self.model_name\n        for k in ["z_dim"]:\n'
            '            path += "/%s-%s" % (k, getattr(self, k))\n        return path\n',
            "@property `model_dir` holds `for k in [\"z_dim\"]:`, other than a local's binding or a folder's creation "
            "(host code naming no TensorFlow, but a property is read as data only when its statements fold into one "
            "value)",
            id="loop of host code",  # held-out 29's BaseModel.model_dir: a folder name from the config, no graph op
        ),
        pytest.param(
            '        path = self.model_name\n        for k in ["z_dim"]:\n'
            '            path += "/%s-%s" % (k, tf.shape(self.d_loss))\n        return path\n',
            "@property `model_dir` holds `for k in [\"z_dim\"]:`, other than a local's binding or a folder's creation "
            "(line",  # a body naming TensorFlow is not called host code
            id="loop building an op",
        ),
        pytest.param(
            '        path = "logs"\n        if not os.path.exists(path):\n            os.makedirs(self.d_loss)\n'
            "        return path\n",
            "@property `model_dir` reads `self.d_loss`, which is not one constructor binding of host data",
            id="folder of a graph value",
        ),
    ],
)
def test_a_property_body_other_than_host_code_keeps_the_graph_tier(body, reason) -> None:
    source = GAN.replace(PROPERTY, "    @property\n    def model_dir(self):\n" + body)
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1 and reason in ours[0].message, ours
