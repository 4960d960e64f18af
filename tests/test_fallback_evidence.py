"""Which evidence a graph-mode fallback (TFM201/TFM202) names: a direct graph construct beats an indirect call.

A call into another module, or into a TensorFlow-shipped numpy reader such as
``tf.examples.tutorials.mnist.input_data.read_data_sets``, only *may* need graph mode; when the module also builds
a ``tf.placeholder`` or feeds a Session, that is what the follow-up must point at (an evaluation on real
tutorials reported "read_data_sets needs graph mode", which sends the reader to the wrong line).
"""

from __future__ import annotations

import pytest

from tfmigrate import Options, migrate_source

BODY = """
x = tf.placeholder("float", [None, 784])
w = tf.Variable(tf.zeros([784, 10]), name="w")
loss = tf.reduce_mean(tf.matmul(x, w))
train = tf.train.AdamOptimizer(0.001).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train, feed_dict={x: mnist.train.images})
    saver.save(sess, "/tmp/model.ckpt")
"""


def _reason(source: str) -> str:
    """The checkpoint-only analysis' reason: under --keep-graph-mode it is the one reported (by default the eager
    rewrite's blocker is, tests/test_report_causes.py)."""
    result = migrate_source(source, Options(select=("TFM201",), keep_graph_mode=True), "prog.py")
    [followup] = [f for f in result.followups if f.code == "TFM201"]
    return followup.message.rpartition("Needs graph mode: ")[2]


@pytest.mark.parametrize(
    "header",
    [
        "import tensorflow as tf\nfrom tensorflow.examples.tutorials.mnist import input_data\n"
        "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n",
        "import tensorflow as tf\nimport fake_mnist as input_data\n"
        "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n",
        "import tensorflow as tf\nfrom fake_mnist import read_data_sets\nmnist = read_data_sets('MNIST_data/')\n",
    ],
)
def test_placeholder_is_named_instead_of_a_data_reader(header: str) -> None:
    reason = _reason(header + BODY)
    assert reason == "tf.placeholder needs graph mode (line 5)"


def test_session_run_of_ops_is_named_when_the_placeholder_comes_from_elsewhere() -> None:
    source = BODY.replace('x = tf.placeholder("float", [None, 784])', "from inputs import x")
    source = "import tensorflow as tf\nfrom data import mnist, prepare\nprepare()\n" + source
    # Line 11 runs an initializer (converted, not evidence); line 12 runs the training op with a feed.
    assert _reason(source) == "`sess.run(...)` runs graph tensors or ops (line 12)"


def test_an_indirect_call_stays_the_reason_without_direct_evidence() -> None:
    source = (
        "import tensorflow as tf\nfrom model import inference\nlogits = inference()\nsaver = tf.train.Saver()\n"
        "with tf.Session() as sess:\n    saver.restore(sess, '/tmp/model.ckpt')\n"
    )
    assert _reason(source) == "calls `inference` from `model`, which may build graph code (line 3)"


def test_a_direct_reason_found_first_is_kept() -> None:
    source = "import tensorflow as tf\nfrom data import mnist\n" + BODY.replace(
        "sess.run(tf.global_variables_initializer())", "sess.run(tf.global_variables_initializer())\n    mnist.x = 1"
    ).replace("AdamOptimizer", "RMSPropOptimizer")  # an optimizer other than BODY's: the reason does not depend on it
    # The walk meets the placeholder (line 4) before anything indirect: the reason is unchanged.
    assert _reason(source) == "tf.placeholder needs graph mode (line 4)"
