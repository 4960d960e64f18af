"""One eager TensorFlow child per worker (issue 15): tests/interpreters.py's ``run_python`` runs a program of the
plain flavour in tests/session_harness.py's eager child, with its own options (no MNIST stand-ins, its argv and
``sys.path[0]``, its stderr and exit status), and the harness's next program gets the stand-ins back. Asked of one real
child: the options are per program, in both directions, and no second TensorFlow start-up is paid. The same for one
graph child per worker: a program whose one switch is the TF1 baseline's ``disable_v2_behavior`` runs in the
harness's graph child, each run in a graph of its own."""

from __future__ import annotations

from pathlib import Path

import interpreters
import session_harness
from timeouts import limit

STAND_INS = (
    "import numpy as np\n"
    "import tensorflow.examples.tutorials.mnist.input_data\n"
    "from tensorflow import keras\n"
    "np.random.seed(None)\n"
    "print(np.random.rand(), keras.datasets.mnist.load_data.__module__)\n"
)
OWN_PROCESS = (
    "import sys\n"
    "import numpy as np\n"
    "from tensorflow import keras\n"
    "try:\n"
    "    import tensorflow.examples\n"
    "    print('examples')\n"
    "except ImportError:\n"
    "    print('no examples')\n"
    "np.random.seed(None)\n"
    "print(np.random.rand() != 0.5488135039273248, keras.datasets.mnist.load_data.__module__)\n"
    "print(sys.argv[1:], sys.path[0] == sys.argv[2])\n"
    "print('to stderr', file=sys.stderr)\n"
    "sys.exit(3)\n"
)


BASELINE = (
    "import tensorflow.compat.v1 as tf\n"
    "tf.disable_v2_behavior()\n"
    "import tensorflow.examples.tutorials.mnist.input_data\n"
    "print(tf.executing_eagerly(), tf.Variable(1.0).name)\n"
)
GRAPH_OWN_PROCESS = (
    "import sys\n"
    "import tensorflow as tf\n"
    "tf.compat.v1.disable_v2_behavior()\n"
    "try:\n"
    "    import tensorflow.examples\n"
    "    print('examples')\n"
    "except ImportError:\n"
    "    print('no examples')\n"
    "print(tf.executing_eagerly(), tf.compat.v1.Variable(1.0).name, sys.argv[1:])\n"
    "print('to stderr', file=sys.stderr)\n"
    "sys.exit(3)\n"
)


def _harness(source: str, folder: Path, graph: bool = False) -> session_harness.Run:
    return session_harness.run_jobs([session_harness._job("p", source, folder)], graph=graph, legacy_keras=False)["p"]


def test_run_python_shares_the_harness_eager_child_with_its_own_options(tmp_path: Path) -> None:
    # the worker's eager child when it has one (whatever programs ran in it before), else one started here
    started, own = sum(session_harness.STARTED.values()), interpreters.STARTED
    first = _harness(STAND_INS, tmp_path / "first")
    alone = interpreters.run_python(OWN_PROCESS, argv=("x", str(tmp_path)), cwd=tmp_path, timeout=limit(300))
    again = _harness(STAND_INS, tmp_path / "again")
    assert first.ok and first.stdout.split() == ["0.5488135039273248", "mnist_synthetic"], first.stderr
    assert alone.returncode == 3, alone.stderr
    assert alone.stdout.splitlines() == ["no examples", "True keras.src.datasets.mnist", f"['x', '{tmp_path}'] True"]
    assert alone.stderr == "to stderr\n"
    assert again.ok and again.stdout == first.stdout, again.stderr
    assert sum(session_harness.STARTED.values()) - started <= 1 and interpreters.STARTED == own


def test_run_python_shares_the_harness_graph_child_for_the_baselines_switch(tmp_path: Path) -> None:
    started, own = sum(session_harness.STARTED.values()), interpreters.STARTED
    first = _harness(BASELINE, tmp_path / "first", graph=True)
    runs = [
        interpreters.run_python(GRAPH_OWN_PROCESS, argv=(str(n),), cwd=tmp_path, timeout=limit(300)) for n in (1, 2)
    ]
    again = _harness(BASELINE, tmp_path / "again", graph=True)
    assert first.ok and first.stdout == "False Variable:0\n", first.stderr
    for n, alone in enumerate(runs, 1):  # each in a graph of its own, without the stand-ins, with its own streams
        assert alone.returncode == 3, alone.stderr
        assert alone.stdout.splitlines() == ["no examples", f"False Variable:0 ['{n}']"]
        assert alone.stderr == "to stderr\n"
    assert again.ok and again.stdout == first.stdout, again.stderr
    assert sum(session_harness.STARTED.values()) - started <= 1 and interpreters.STARTED == own
