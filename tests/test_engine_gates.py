"""TFM201's refusal gate (``SaverToCheckpoint.unread_refusal``): the eager rewrite's analysis is skipped only where
it could only refuse and nothing written reads why, so every output is the one the ungated rule gives."""

from __future__ import annotations

import pytest

from tfmigrate import engine
from tfmigrate.ftypes import Options, SourceError
from tfmigrate.transforms import tfm201_saver_checkpoint as tfm201


def migrated(text: str, gate: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(tfm201, "REFUSAL_GATE", gate)
    try:
        result = engine.migrate_text(text, Options(), "case.py")
    except SourceError as err:
        return ("failed", str(err))
    return (result.text, result.changes, result.followups)


def fired(text: str, monkeypatch) -> bool:
    """Whether the gate decided a refusal on ``text`` (the rule ran and skipped the eager analysis)."""
    decided: list[bool] = []
    ask = tfm201.SaverToCheckpoint.unread_refusal

    def spy(self, *args):
        decided.append(ask(self, *args))
        return decided[-1]

    monkeypatch.setattr(tfm201.SaverToCheckpoint, "unread_refusal", spy)
    migrated(text, True, monkeypatch)
    monkeypatch.undo()
    return any(decided)


LIBRARY = """\
import tensorflow as tf


class Converter:
    def __init__(self, graph_def):
        self.graph_def = graph_def

    def convert(self, export_dir):
        with tf.compat.v1.Session() as sess:
            tf.compat.v1.saved_model.loader.load(sess, ["serve"], export_dir)
            return sess.graph.as_graph_def()
"""

SWITCHED = """\
import tensorflow as tf

tf.compat.v1.disable_eager_execution()


class Runner:
    def run(self, fetches):
        sess = tf.Session()
        return sess.run(fetches)
"""

# The gate must leave these to the eager rewrite: its reason is written (no checkpointing, no switch), a Saver's
# fallback names it, a Session opens outside a class, or a class builds graph ops (the class path of the rewrite).
NAMED_REASON = """\
import tensorflow as tf


class Runner:
    def run(self, fetches):
        with tf.Session() as sess:
            return sess.run(fetches)
"""

WITH_SAVER = """\
import tensorflow as tf


class Trainer:
    def train(self, w):
        saver = tf.train.Saver([w])
        with tf.Session() as sess:
            saver.save(sess, "/tmp/model.ckpt")
        tf.compat.v1.saved_model.loader.load(sess, ["serve"], "/tmp/export")
"""

MODULE_SESSION = """\
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
x = tf.constant(1.0)


class Holder:
    def run(self):
        return tf.Session().run(x)


with tf.Session() as sess:
    print(sess.run(x))
"""

GRAPH_CLASS = """\
import tensorflow as tf

tf.compat.v1.disable_eager_execution()


class Model:
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.y = tf.reduce_sum(self.x)


class Train:
    def __init__(self):
        self.net = Model()
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
"""


@pytest.mark.parametrize("text", [LIBRARY, SWITCHED], ids=["exports", "switches"])
def test_the_gate_decides_library_classes_with_the_same_output(text: str, monkeypatch) -> None:
    assert fired(text, monkeypatch)
    gated = migrated(text, True, monkeypatch)
    assert gated == migrated(text, False, monkeypatch)
    assert not any(f.code == "TFM201" for f in gated[2])  # what the graph-tier follow-up would have named: nothing


@pytest.mark.parametrize(
    "text",
    [NAMED_REASON, WITH_SAVER, MODULE_SESSION, GRAPH_CLASS],
    ids=["reason-written", "saver", "module-session", "graph-class"],
)
def test_the_gate_leaves_what_reads_the_reason_to_the_eager_rewrite(text: str, monkeypatch) -> None:
    assert not fired(text, monkeypatch)


def test_the_reason_the_gate_skips_is_the_one_the_follow_up_would_name(monkeypatch) -> None:
    """Without the export, the same library class gets the eager rewrite's own refusal as its follow-up: the one
    output that reads the reason, which the gate therefore never decides."""
    text = LIBRARY.replace('            tf.compat.v1.saved_model.loader.load(sess, ["serve"], export_dir)\n', "")
    assert not fired(text, monkeypatch)
    followups = migrated(text, True, monkeypatch)[2]
    assert [f.code for f in followups if f.code == "TFM201"] == ["TFM201"]
    assert "class `Converter`" in next(f.message for f in followups if f.code == "TFM201")
