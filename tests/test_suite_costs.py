"""What keeps the suite's TensorFlow children cheap (issue 15: the suite on 2 cores in ten minutes): both kinds of
long-lived child (tests/session_harness.py's program runners, tests/interpreters.py's ``run_python``) freeze what
TensorFlow's import left before their first program (300,000 objects), and after each program what it left that no
collection frees (TensorFlow's and Keras' caches, about 2,200 objects a program), so the full collections around each
program walk only what that program made, not what every program before it left (0.2 CPU-s less per program, a
third of a child's CPU on tests/programs; and a cost that grew with each program a child ran). Asked of fresh real
children: after two Keras programs, the collector tracks a few dozen objects (``gc.get_objects()`` leaves the
frozen out), not TensorFlow's nor what the programs left."""

from __future__ import annotations

import os
from pathlib import Path

import interpreters
import session_harness
from timeouts import limit

KERAS_FIT = (
    "import tensorflow as tf\n"
    "model = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n"
    "model.compile('sgd', 'mse')\n"
    "model.fit(tf.ones([4, 2]), tf.ones([4, 3]), verbose=0)\n"
    "print('fitted')\n"
)
TRACKED = "import gc\nprint(len(gc.get_objects()))\n"
# Frozen: 58 tracked objects after one Keras program or two; what each program left not frozen, 2,400 more a Keras
# program (3,586 after two); TensorFlow's import frozen alone, 10,000; nothing frozen, 300,000.
AT_MOST = 2_000


def test_the_harness_children_leave_tensorflow_and_keras_out_of_every_collection(tmp_path: Path) -> None:
    child = session_harness._Child(graph=False, legacy_keras=False)
    try:
        fitted = child.run(session_harness._job("fit", KERAS_FIT, tmp_path / "fit"), limit(300))
        again = child.run(session_harness._job("fit", KERAS_FIT, tmp_path / "again"), limit(300))
        tracked = child.run(session_harness._job("count", TRACKED, tmp_path / "count"), limit(300))
    finally:
        child.close()
    assert fitted.ok and fitted.stdout == "fitted\n", fitted.stderr
    assert again.ok and again.stdout == "fitted\n", again.stderr
    assert tracked.ok and int(tracked.stdout) <= AT_MOST, tracked


def test_the_shared_interpreters_leave_tensorflow_and_keras_out_of_every_collection(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != interpreters.LEGACY_KERAS}
    child = interpreters._Interpreter({**environment, **interpreters.BASE_ENV}, ())
    job = {"argv": [], "cwd": str(tmp_path), "file": str(tmp_path / "program.py"), "path0": str(tmp_path)}
    try:
        fitted = child.run({**job, "source": KERAS_FIT}, limit(300))
        again = child.run({**job, "source": KERAS_FIT}, limit(300))
        tracked = child.run({**job, "source": TRACKED}, limit(300))
    finally:
        child.close()
    assert fitted.ok and fitted.stdout == "fitted\n", fitted.stderr
    assert again.ok and again.stdout == "fitted\n", again.stderr
    assert tracked.ok and int(tracked.stdout) <= AT_MOST, tracked
