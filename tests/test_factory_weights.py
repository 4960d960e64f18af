"""Model classes whose weights come from a factory method (research/autoencoder's ``_initialize_weights`` filling a
dict, handed on through a local) and builder functions returning a tuple: what is read, and what keeps the graph
tier with its reason. The programs' numbers are checked by the fixtures ``eager_class_autoencoder_weights_dict`` and
``eager_class_builder_returns_tuple_unpacked`` (tests/test_eager_rewrite.py)."""

from __future__ import annotations

from pathlib import Path

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
AUTOENCODER = (FIXTURES / "eager_class_autoencoder_weights_dict.before.py").read_text()
BUILDER = (FIXTURES / "eager_class_builder_returns_tuple_unpacked.before.py").read_text()


def _ours(source: str):
    result = migrate_source(source, Options(), "program.py")
    return result, [f for f in result.followups if f.code == "TFM201"]


def test_the_autoencoder_runs_eagerly_with_its_dict_slots_as_attributes() -> None:
    result, ours = _ours(AUTOENCODER)
    # the runner methods the script never calls are kept as written (uncalled_methods.py): one follow-up names them,
    # an importer calling them would find no ``self.sess``
    assert [f.line for f in ours] == [60], ours
    assert "methods `generate`, `reconstruct`, `getWeights` are called nowhere" in ours[0].message, ours
    assert "`self.sess`" in ours[0].message
    assert "disable_v2_behavior" not in result.migrated
    assert 'self.weights_w1 = tf.compat.v1.get_variable("w1"' in result.migrated, result.migrated
    assert "network_weights = self._initialize_weights()\n        self.weights = network_weights" in result.migrated
    assert "optimizer=TF1Adam(epsilon=1e-08)," in result.migrated  # the default, TF1's kernel
    assert result.migrated.index("class TF1Adam(") < result.migrated.index("class AdditiveGaussianNoiseAutoencoder(")


def test_a_key_read_through_the_second_name_that_was_never_stored_keeps_the_graph_tier() -> None:
    source = AUTOENCODER.replace("return self.sess.run(self.weights['b1'])", "return self.sess.run(self.weights['b9'])")
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and "all_weights['w1']" in ours[0].message, ours


def test_the_constructor_argument_read_by_a_saver_outside_the_construction_keeps_the_graph_tier() -> None:
    """``tf.train.Saver()`` after training saves the optimizer's slots: the rewrite's checkpoint would read the
    constructor's ``optimizer`` argument as a module name, which it is not once passed."""
    source = AUTOENCODER + 'saver = tf.train.Saver()\nsaver.save(autoencoder.sess, "/tmp/ae")\n'
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and "reads `optimizer`, an argument of class" in ours[0].message, ours


def test_a_tuple_returned_into_other_names_keeps_the_graph_tier() -> None:
    source = BUILDER.replace("cost, accuracy, predict = classifier(x, y_)", "loss, acc, pred = classifier(x, y_)")
    source = source.replace("[train_step, cost]", "[train_step, loss]").replace("run(accuracy,", "run(acc,")
    source = source.replace("run(predict,", "run(pred,").replace("minimize(cost)", "minimize(loss)")
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated
    assert len(ours) == 1 and "returns `cost, accuracy, predict` and its call binds other names" in ours[0].message


def test_the_builder_drops_the_placeholders_it_was_passed() -> None:
    result, ours = _ours(BUILDER)
    assert not ours, ours
    assert "def classifier():" in result.migrated and "cost, accuracy, predict = classifier()\n" in result.migrated
