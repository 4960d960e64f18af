"""The CPU the test helpers' long-lived TensorFlow children spend on six Keras programs run by the harness
(tests/session_harness.py) and six run by ``run_python`` (tests/interpreters.py), with the TensorFlow start-ups they
took (issue 15: one eager child per worker serves both); ``--graph``: six TF1 programs each way, the harness's as its
baselines are run (graph mode), ``run_python``'s as a checkpoint program's TF1 original is.

    nice python tools/eager_children_cost.py TREE [--graph]   # TREE: a checkout whose tests/ to measure
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
from pathlib import Path

PROGRAM = (
    "import tensorflow as tf\n"
    "m = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n"
    "m.compile('sgd', 'mse')\n"
    "m.fit(tf.ones([8, 2]), tf.ones([8, 3]), verbose=0, epochs=2)\n"
    "print(float(tf.reduce_sum(m(tf.ones([1, 2])))))\n"
)

GRAPH_PROGRAM = (
    "import numpy as np\n"
    "import tensorflow.compat.v1 as tf\n"
    "tf.disable_v2_behavior()\n"
    "w = tf.Variable(tf.ones([2, 3]))\n"
    "step = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.matmul(tf.ones([4, 2]), w) ** 2))\n"
    "with tf.Session() as sess:\n"
    "    sess.run(tf.global_variables_initializer())\n"
    "    for _ in range(20):\n"
    "        sess.run(step)\n"
    "    print(float(np.sum(sess.run(w))))\n"
)


def main(tree: str, graph: bool = False) -> int:
    sys.path[:0] = [tree, f"{tree}/tests"]
    import interpreters
    import session_harness

    root = Path(tempfile.mkdtemp(prefix="eager-children-"))
    try:
        for i in range(6):
            folder = root / f"p{i}"
            folder.mkdir()
            program = GRAPH_PROGRAM if graph else PROGRAM
            job = session_harness._job("p", program, folder)
            ran = session_harness.run_jobs([job], graph=graph, legacy_keras=False)["p"]
            assert ran.ok, ran.stderr
            done = interpreters.run_python(program, cwd=folder)
            assert done.returncode == 0, done.stderr
        session_harness.close_children()
        interpreters.close_all()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    starts = sum(session_harness.STARTED.values()) + interpreters.STARTED
    print(f"{tree}: children {children.ru_utime + children.ru_stime:.1f} CPU-s, {starts} TensorFlow start-ups")
    return 0


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--graph"]
    sys.exit(main(arguments[0] if arguments else ".", "--graph" in sys.argv[1:]))
