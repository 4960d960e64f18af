"""TFM201 on graph classes whose Session and helpers live in methods: a training method entering the constructor's
Session (session/class_session_blocks.py) and helper methods that never read ``self``
(session/class_helper_methods.py). The rewrites are proved on real TensorFlow by the fixtures
TFM201/eager_class_enters_own_session and TFM201/eager_class_self_free_helper_method (tests/test_eager_rewrite.py);
here, that the shapes TF1 may read otherwise keep the graph tier, and that the class comes back as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
ENTERS = (FIXTURES / "eager_class_enters_own_session.before.py").read_text()
HELPER = (FIXTURES / "eager_class_self_free_helper_method.before.py").read_text()
CALL = 'model.fit(data, targets, 80, "./classifier.ckpt")\n'


def _ours(source: str):
    result = migrate_source(source, Options(), "program.py")
    return result, [f for f in result.followups if f.code == "TFM201"]


@pytest.mark.parametrize(
    "source, reason",
    [
        pytest.param(ENTERS.replace(CALL, CALL + CALL), "it runs the graph", id="block method called twice"),
        pytest.param(
            ENTERS.replace(CALL, "for _ in range(2):\n    " + CALL), "it runs the graph", id="called in a loop"
        ),
        pytest.param(
            ENTERS.replace(CALL, CALL + "print(model.logits.eval({model.features: data[:1]}))\n"),
            "",
            id="default Session read",
        ),
        pytest.param(
            ENTERS.replace(
                "    def fit(self",
                "    def peek(self):\n        return self.sess.run(self.w1)\n\n    def fit(self",
            ).replace(CALL, CALL + "print(model.peek())\n"),
            "",
            id="another method runs the closed Session",
        ),
    ],
)
def test_a_session_block_tf1_may_read_otherwise_keeps_the_graph_tier(source: str, reason: str) -> None:
    result, ours = _ours(source)
    assert "disable_v2_behavior()" in result.migrated or "compat.v1.Session" in result.migrated, result.migrated
    assert len(ours) == 1 and reason in ours[0].message, ours


def test_the_session_block_is_read_in_place_and_the_class_keeps_its_methods() -> None:
    result, ours = _ours(ENTERS)
    assert not ours, ours
    assert "Session" not in result.migrated and "with self.sess" not in result.migrated
    assert "    def fit(self, data, targets, epochs, path):\n        for epoch in range(epochs):" in result.migrated


def test_a_helper_method_reading_self_attributes_is_read_with_the_instance_and_comes_back() -> None:
    """``self.n_in`` loads only: read as the one instance's ``net.n_in`` (tests/test_class_reading_helpers.py; the
    migrated program prints the TF1 numbers, checked by hand)."""
    source = HELPER.replace("in_dim = size[0]", "in_dim = self.n_in if size[0] == self.n_in else size[0]")
    result, ours = _ours(source)
    assert not ours, ours
    assert "        in_dim = self.n_in if size[0] == self.n_in else size[0]\n" in result.migrated
    assert "Net__" not in result.migrated


def test_a_helper_method_storing_on_self_is_not_read_as_a_function() -> None:
    source = HELPER.replace("in_dim = size[0]", "self.last_size = size\n        in_dim = size[0]")
    _, ours = _ours(source)
    assert len(ours) == 1 and "calls method `xavier_init` while building the graph" in ours[0].message, ours


def test_the_helper_method_comes_back_in_the_class_as_written() -> None:
    result, ours = _ours(HELPER)
    assert not ours, ours
    assert "Net__" not in result.migrated, result.migrated
    assert "    def xavier_init(self, size):\n        in_dim = size[0]\n" in result.migrated
    assert "self.w1_xavier_init = tf.random.normal(" in result.migrated, result.migrated
