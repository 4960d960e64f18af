"""TFM201 on a graph class of lazy properties (session/lazy_properties.py): Hafner's ``define_scope`` and
``lazy_property`` decorators, recognised by their code, are read as builders the constructor calls (proved on real
TensorFlow by tests/programs/tfmigrate_define_scope_regressor.py, test_session_programs.py); a property built
elsewhere than by the constructor's own touch, an initializer reaching a get_variable, or a decorator of another
shape keep the graph tier, the reason naming them."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_class_session_methods import _ours

PROGRAM = (Path(__file__).parent / "programs" / "tfmigrate_define_scope_regressor.py").read_text()


def test_the_properties_become_builders_in_their_scopes_and_the_decorators_go() -> None:
    result, ours = _ours(PROGRAM)
    assert not ours, ours
    migrated = result.migrated
    assert (
        "sess.run(" not in migrated
        and "Saver(" not in migrated
        and "def define_scope" not in migrated
        and "def doublewrap" not in migrated
    )
    for built in ("prediction", "loss", "optimize", "error"):
        assert f"        self._build_{built}()\n" in migrated, built
    assert "with tf.compat.v1.variable_scope('prediction'):" in migrated  # initializer= reaches no variable
    assert 'with tf.compat.v1.variable_scope("cost"):' in migrated
    assert migrated.count("self._build_prediction()") == 1  # the second touch reads the cache


def _reason(source: str) -> str:
    _, ours = _ours(source)
    assert len(ours) == 1, ours
    return ours[0].message


@pytest.mark.parametrize(
    "old, new, reason",
    [
        (  # read by an expression before its touch (a trading agent's `tf.gradients(self.prediction, ...)`)
            "        self.data = data\n",
            "        self.data = data\n        self.grads = tf.gradients(self.loss, [self.data])\n",
            "its method `prediction` is decorated",
        ),
        (  # built at first use by the script, not by the constructor
            "        self.error\n",
            "",
            "its method `prediction` is decorated",
        ),
        (  # built inside another property's scope first: TF1 nests its names (`cost/prediction/...`)
            "        self.prediction\n        self.loss\n",
            "        self.loss\n        self.prediction\n",
            "its method `prediction` is decorated",
        ),
        (  # the scope's initializer reaches a get_variable
            '        hidden = tf.nn.tanh(dense(self.data, 8, "hidden"))\n',
            '        hidden = tf.nn.tanh(tf.matmul(self.data, tf.get_variable("h", [3, 8])))\n',
            "tf.variable_scope with arguments other than one literal name (reuse, initializers)",
        ),
        (  # a decorator of another shape under the same name: not the cached property
            "        if not hasattr(self, attribute):\n            with tf.variable_scope",
            "        if True:\n            with tf.variable_scope",
            "its method `prediction` is decorated",
        ),
    ],
)
def test_a_property_not_built_once_by_the_constructor_keeps_the_graph_tier(old: str, new: str, reason: str) -> None:
    assert old in PROGRAM
    assert reason in _reason(PROGRAM.replace(old, new, 1))
