"""Import statements inside the program's own functions (held-out set 25's th_gan_mnist_fc: ``def read_data():
from tensorflow.examples.tutorials.mnist import input_data; return input_data.read_data_sets(...)``, refused as a
graph helper: "an `importfrom` statement (helpers are modelled as assignments and one return)").

A function whose only TensorFlow name is the tutorial's reader TFM308 replaces reads numpy arrays: host code, wherever
the reader is imported (host_data.host_names). An ``import numpy as np`` in a graph helper of a module that imports
numpy so binds the same module object (helper_imports.py). Run on real TensorFlow: session-free with the baseline's
numbers. An import of TensorFlow code in a helper, or of a name the module binds otherwise, stays refused, saying so.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

SOURCE = """\
import numpy as np
import tensorflow as tf


def read_data():
    from tensorflow.examples.tutorials.mnist import input_data
    return input_data.read_data_sets('MNIST_data/', one_hot=True)


def init_weights(shape):
    import numpy as np
    return tf.Variable(tf.ones(shape) * np.sqrt(1.0 / shape[0]))


def model(x, w, b):
    import numpy as np
    return tf.matmul(x, w) + b * np.float32(0.5)


def main():
    mnist = read_data()
    x = tf.placeholder(tf.float32, [None, 784])
    y = tf.placeholder(tf.float32, [None, 10])
    w = init_weights([784, 10])
    b = init_weights([1, 10])
    logits = model(x, w, b)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        batch_x, batch_y = mnist.train.next_batch(20)
        print(i, sess.run([loss, step], {x: batch_x, y: batch_y})[0])
    print(sess.run(loss, {x: mnist.test.images[:50], y: mnist.test.labels[:50]}))


if __name__ == '__main__':
    main()
"""
META = {"random": "none", "source": "tfmigrate", "licence": "-", "mnist": "tutorial"}


def test_imports_in_helpers_leave_the_program_session_free() -> None:
    outcome = evaluate([Program("helper_imports", SOURCE, META)])["helper_imports"]
    assert_session_free_with_baseline_numbers(outcome)
    assert "def model(x, w, b):\n    import numpy as np\n" in outcome.migrated_text, outcome.migrated_text


@pytest.mark.parametrize(
    ("before", "after", "why"),
    [
        (
            "    import numpy as np\n    return tf.matmul(x, w) + b",
            "    from tensorflow import nn\n    return nn.relu(tf.matmul(x, w)) + b",
            "function `model`: `from tensorflow import nn` imports `tensorflow.nn`, graph-building code",
        ),
        (
            "    import numpy as np\n    return tf.matmul(x, w) + b * np.float32(0.5)",
            "    import numpy\n    return tf.matmul(x, w) + b * numpy.float32(0.5)",
            "function `model`: `import numpy` binds `numpy`, which the module does not bind by the same import",
        ),
    ],
    ids=["tensorflow", "another-binding"],
)
def test_other_imports_in_a_graph_helper_stay_refused(before, after, why) -> None:
    assert before in SOURCE
    found = reasons(SOURCE.replace(before, after))
    assert len(found) == 1 and why in found[0], found
