"""TFM201 on a graph class's host code: a host method called in the feeds (session/host_methods.py) and ``if``
chains that literal locals decide around the one construction (session/literal_branches.py). The rewrites are
proved on real TensorFlow by the fixtures TFM201/eager_class_host_method_feeds and
TFM201/class_built_under_literal_branches (its numbers checked by hand against TF1: not in tests/test_eager_rewrite.py, see CHANGELOG); here, that the shapes TF1 may read
otherwise keep the graph tier, and that the class and the chains come back as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
HOST = (FIXTURES / "eager_class_host_method_feeds.before.py").read_text()
CHAINS = (FIXTURES / "class_built_under_literal_branches.before.py").read_text()
DRAW = "        return np.random.uniform(-self.z_range, self.z_range, size=[m, n])\n"
CONSTRUCTED = "        model = VanillaGAN(sess, 16, 4, 8, 8, 1.0)\n"
PHASE = '    phase = "train"\n'


def _ours(source: str):
    result = migrate_source(source, Options(), "program.py")
    return result, [f for f in result.followups if f.code == "TFM201"]


def test_the_host_method_comes_back_in_the_class_as_written() -> None:
    result, ours = _ours(HOST)
    assert not ours, ours
    assert "Session" not in result.migrated and "model__sample_Z" not in result.migrated, result.migrated
    assert "    def sample_Z(self, m, n):\n" + DRAW in result.migrated
    assert "feed_dict" not in result.migrated and "self.sample_Z(self.mb_size, self.z_size)" in result.migrated


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(HOST.replace(DRAW, "        self.z_range = self.z_range * 2\n" + DRAW), id="stores an attribute"),
        pytest.param(
            HOST.replace(DRAW, DRAW.replace("size=[m, n])", "size=[m, n]) * self.G_W1")), id="graph attribute"
        ),
        pytest.param(
            HOST.replace(DRAW, "        return tf.random_uniform([m, n], -self.z_range, self.z_range)\n"), id="TF"
        ),
        pytest.param(HOST.replace(CONSTRUCTED, CONSTRUCTED.replace("1.0)", "tf.constant(1.0))")), id="passed a tensor"),
        pytest.param(HOST.replace(DRAW, "        return self.draw(m, n)\n"), id="calls a method"),
    ],
)
def test_a_method_tf1_may_read_otherwise_keeps_the_graph_tier(source: str) -> None:
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1, ours
    assert "method `sample_Z` of class `VanillaGAN` neither builds the graph" in ours[0].message, ours
    assert ours[0].message.endswith("(line 17)"), ours


def test_the_decided_chains_come_back_as_written_with_a_follow_up_each() -> None:
    result, ours = _ours(CHAINS)
    assert "Session" not in result.migrated, result.migrated
    assert [f.line for f in ours] == [58], ours  # the species chain's other branch only raises: nothing to migrate
    assert all("never run" in f.message and "in `main`" in f.message for f in ours), ours
    kept = (
        '        elif phase == "sample":\n'
        "            model = WassersteinGAN(sess, x_size, z_size, 8, 8, 0.0)\n"
        "            print(sess.run(model.G_sample, feed_dict={model.Z: np.zeros([1, z_size])}))\n"
        "        else:\n"
        '            raise ValueError("unknown phase: " + phase)\n'
        "    else:\n"
        '        raise ValueError("unknown species: " + species)\n'
    )
    assert '    if species == "w_gan":\n        if phase == "train":\n' in result.migrated, result.migrated
    assert "            model = WassersteinGAN(x_size, z_size, 8, 8, 5e-3)\n" in result.migrated
    assert kept in result.migrated, result.migrated


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            CHAINS.replace(PHASE, PHASE + '    if data.shape[0] > 100:\n        phase = "sample"\n'), id="bound twice"
        ),
        pytest.param(CHAINS.replace(PHASE, '    phase = str("train")\n'), id="not a literal"),
        pytest.param(CHAINS.replace(PHASE, '    phase = "predict"\n'), id="construction never runs"),
        pytest.param(CHAINS.replace('if phase == "train":', 'if phase == "train" and data.shape[0]:'), id="host test"),
    ],
)
def test_a_chain_the_literals_do_not_decide_keeps_the_graph_tier(source: str) -> None:
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1 and "class `WassersteinGAN` builds graph ops and is used here" in ours[0].message, ours


def test_wgan_clipping_fetched_with_the_train_op_names_its_true_reason() -> None:
    """``[p.assign(tf.clip_by_value(p, -c, c)) for p in d_vars]`` fetched with the critic's train op: TF1 runs the
    two in no fixed order (session/assign_comprehensions.py), so the graph tier keeps the program."""
    clip = "        self.clip_D = [p.assign(tf.clip_by_value(p, -0.01, 0.01)) for p in d_vars]\n"
    source = HOST.replace("        self.saver = tf.train.Saver()\n", clip + "        self.saver = tf.train.Saver()\n")
    source = source.replace("[self.D_solver, self.D_loss],", "[self.D_solver, self.D_loss, self.clip_D],")
    source = source.replace("_, D_loss_curr = self.sess.run(", "_, D_loss_curr, _ = self.sess.run(")
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1 and "assign ops made by a comprehension over a variable list" in ours[0].message, ours
    assert "no fixed order" in ours[0].message and ours[0].message.endswith("(line 41)"), ours
