"""A Session program calling a data loader of a module beside it (``from util import get_normalized_data``):
tfmigrate.siblings reads that module before the run migrates anything, a host loader is called like a local host
helper (the program goes session-free, printing TF1's numbers), anything else keeps the graph tier with the sibling
function and line named; the verdict is part of the program's cache key."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import invoke_cli
from program_checks import run_in_a_shared_child

from tfmigrate.siblings import Reader

# The course-trainer shape of held-out set 20 (a loader and a one-hot helper in util.py), written for this test.
UTIL = """\
import os

import numpy as np
import pandas as pd


def get_normalized_data(n=60, seed=0):
    if os.path.exists("train.csv"):
        X = pd.read_csv("train.csv").values.astype(np.float32)
    else:
        X = np.random.RandomState(seed).rand(n, 4).astype(np.float32)
    mu, std = X.mean(axis=0), X.std(axis=0)
    X = (X - mu) / std
    Y = (X[:, 0] + X[:, 1] > 0).astype(np.int32)
    return X, Y


def y2indicator(y, K=2):
    ind = np.zeros((len(y), K), dtype=np.float32)
    for i in range(len(y)):
        ind[i, y[i]] = 1
    return ind


def error_rate(p, t):
    return np.mean(p != t)
"""

TRAIN = """\
from __future__ import print_function, division
from builtins import range

import numpy as np
import tensorflow as tf

from util import get_normalized_data, y2indicator, error_rate


def main():
    X, Y = get_normalized_data()
    Xtrain, Ytrain = X[:-20], Y[:-20]
    Xtest, Ytest = X[-20:], Y[-20:]
    Ytrain_ind = y2indicator(Ytrain)
    Ytest_ind = y2indicator(Ytest)

    N, D = Xtrain.shape
    batch_sz = 10
    n_batches = N // batch_sz
    M = 8
    K = 2
    W1_init = np.random.RandomState(1).randn(D, M) / np.sqrt(D)
    W2_init = np.random.RandomState(2).randn(M, K) / np.sqrt(M)

    X = tf.placeholder(tf.float32, shape=(None, D), name='X')
    T = tf.placeholder(tf.float32, shape=(None, K), name='T')
    W1 = tf.Variable(W1_init.astype(np.float32))
    b1 = tf.Variable(np.zeros(M, np.float32))
    W2 = tf.Variable(W2_init.astype(np.float32))
    b2 = tf.Variable(np.zeros(K, np.float32))

    Z1 = tf.nn.relu(tf.matmul(X, W1) + b1)
    Yish = tf.matmul(Z1, W2) + b2
    cost = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(logits=Yish, labels=T))
    train_op = tf.train.RMSPropOptimizer(0.001, decay=0.99, momentum=0.9).minimize(cost)
    predict_op = tf.argmax(Yish, 1)

    init = tf.global_variables_initializer()
    with tf.Session() as session:
        session.run(init)
        for i in range(5):
            for j in range(n_batches):
                Xbatch = Xtrain[j * batch_sz:(j * batch_sz + batch_sz), ]
                Ybatch = Ytrain_ind[j * batch_sz:(j * batch_sz + batch_sz), ]
                session.run(train_op, feed_dict={X: Xbatch, T: Ybatch})
            test_cost = session.run(cost, feed_dict={X: Xtest, T: Ytest_ind})
            prediction = session.run(predict_op, feed_dict={X: Xtest})
            err = error_rate(prediction, Ytest)
            print("Cost / err at iteration i=%d: %.6f / %.3f" % (i, test_cost, err))


if __name__ == '__main__':
    main()
"""

GRAPH_LOADER = """

import tensorflow as tf


def get_normalized_data(n=60, seed=0):
    X = tf.random_normal((n, 4), seed=seed)
    return X, X
"""

KEPT = "TFM201 Session program kept in graph mode"


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def _verdicts(root: Path, program: str, *run_roots: Path) -> dict[str, str]:
    path = root / program
    return {name: verdict for name, verdict, _ in Reader(run_roots).facts(path, path.read_text())}


def _program(imports: str) -> str:
    return f"import tensorflow as tf\n{imports}\nsess = tf.Session()\n"


# ------------------------------------------------------------------------------------------------ the reading


def test_host_loaders_beside_the_program_are_host_code(tmp_path: Path) -> None:
    _tree(tmp_path, {"util.py": UTIL, "train.py": TRAIN})
    assert _verdicts(tmp_path, "train.py") == {"get_normalized_data": "", "y2indicator": "", "error_rate": ""}


def test_a_loader_reaching_tensorflow_names_the_function_and_line(tmp_path: Path) -> None:
    _tree(tmp_path, {"util.py": UTIL + GRAPH_LOADER, "train.py": TRAIN})
    verdicts = _verdicts(tmp_path, "train.py")
    assert verdicts["get_normalized_data"] == (  # the later def, which the import binds
        "function `get_normalized_data` (util.py line 32) reads `tf` (tensorflow) at line 33"
    )
    assert verdicts["y2indicator"] == ""  # decided per function


NOT_HOST = {  # util.py -> what the verdict on its ``f`` says
    "import tensorflow as tf\nW = tf.Variable(1.0)\ndef f():\n    return 1\n": "top-level code",  # ops on import
    "import tensorflow as tf\ndef f():\n    return 1\ndef g():\n    return tf.Session()\n": "`Session`",
    "from helpers import *\ndef f():\n    return 1\n": "star-imports",
    "import numpy as np\nimport tensorflow as tf\ndef f():\n    return g()\ndef g():\n    return tf.ones(1)\n": "`g`",
}


@pytest.mark.parametrize("util", list(NOT_HOST))
def test_what_is_not_host(tmp_path: Path, util: str) -> None:
    _tree(tmp_path, {"util.py": util, "train.py": _program("from util import f")})
    verdict = _verdicts(tmp_path, "train.py")["f"]
    assert NOT_HOST[util] in verdict, verdict


def test_calls_are_followed_through_the_module_and_one_import_deep(tmp_path: Path) -> None:
    files = {
        "util.py": "from prep import scale\n\ndef f(x):\n    return scale(g(x))\n\ndef g(x):\n    return f(x) if x else x\n",
        "util2.py": "from prep2 import deep\n\ndef d(x):\n    return deep(x)\n",
        "prep.py": "import numpy as np\n\ndef scale(x):\n    return np.asarray(x) * 2\n",
        "prep2.py": "from further import z\n\ndef deep(x):\n    return z(x)\n",
        "further.py": "def z(x):\n    return x\n",
        "train.py": _program("from util import f, g\nfrom util2 import d"),
    }
    _tree(tmp_path, files)
    verdicts = _verdicts(tmp_path, "train.py")
    assert verdicts["f"] == "" and verdicts["g"] == ""  # mutually recursive, host
    # importing util2 runs prep2, whose import of further is two modules deep: not read
    assert verdicts["d"] == "prep2.py imports a module of the tree tfmigrate reads no deeper (line 1)"


def test_a_recursive_caller_is_not_kept_host_by_an_assumption(tmp_path: Path) -> None:
    util = "import tensorflow as tf\n\ndef f(x):\n    return g(x)\n\ndef g(x):\n    return f(x) + tf.ones(1)\n"
    _tree(tmp_path, {"util.py": util, "train.py": _program("from util import f, g")})
    verdicts = _verdicts(tmp_path, "train.py")
    assert "reads `tf`" in verdicts["f"] and "reads `tf`" in verdicts["g"]


def test_modules_are_resolved_as_python_resolves_them(tmp_path: Path) -> None:
    files = {
        "proj/pkg/__init__.py": "",
        "proj/pkg/loader.py": UTIL,
        "proj/pkg/train.py": _program("from .loader import y2indicator\nimport pkg.loader as L"),
        "proj/pkg/plain.py": _program("import loader\nprint(loader.error_rate(1, 2), loader.y2indicator)"),
        "proj/pkg/other.py": _program("import loader\nprint(loader)"),
        "proj/run.py": _program("from pkg.loader import error_rate\nfrom util import error_rate as e2"),
        "util.py": UTIL,  # outside the program's directory: not read
    }
    _tree(tmp_path, files)
    assert _verdicts(tmp_path, "proj/pkg/train.py") == {"y2indicator": ""}
    assert _verdicts(tmp_path, "proj/pkg/plain.py") == {"loader": ""}
    assert "used other than by `loader.<name>`" in _verdicts(tmp_path, "proj/pkg/other.py")["loader"]
    assert _verdicts(tmp_path, "proj/run.py") == {"error_rate": ""}
    # ``from pkg.loader import`` in a package program, read from a directory the run was given
    nested = _program("from pkg.loader import error_rate")
    (tmp_path / "proj/pkg/nested.py").write_text(nested)
    assert _verdicts(tmp_path, "proj/pkg/nested.py") == {}
    assert _verdicts(tmp_path, "proj/pkg/nested.py", tmp_path / "proj") == {"error_rate": ""}


# ------------------------------------------------------------------------------------------------ the run


def _followups(output: str) -> list[str]:
    return [line for line in output.splitlines() if KEPT in line]


def test_cli_migrates_the_program_and_reruns_it_when_the_sibling_changes(tmp_path: Path) -> None:
    _tree(tmp_path, {"util.py": UTIL, "train.py": TRAIN})
    env = {"TFMIGRATE_CACHE_DIR": ""}
    first = invoke_cli("--diff", "train.py", cwd=tmp_path, env=env)
    assert (tmp_path / ".tfmigrate_cache").is_dir()
    out = first.stdout.decode() + first.stderr.decode()
    assert "-    with tf.Session() as session:" in out and not _followups(out), out
    again = invoke_cli("--diff", "train.py", cwd=tmp_path, env=env)
    assert again.stdout == first.stdout
    (tmp_path / "util.py").write_text(UTIL + GRAPH_LOADER)  # the program's bytes are the same
    done = invoke_cli("--diff", "train.py", cwd=tmp_path, env=env)
    changed = done.stdout.decode() + done.stderr.decode()
    (followup,) = _followups(changed)
    assert "calls `get_normalized_data` of module `util`, which is not host code: function `get_normalized_data`" in (
        followup
    )
    assert "(util.py line 32) reads `tf` (tensorflow) at line 33" in followup, followup  # the later def
    (tmp_path / "util.py").write_text(UTIL)
    assert invoke_cli("--diff", "train.py", cwd=tmp_path, env=env).stdout == first.stdout


def test_a_sibling_rewritten_in_the_same_run_is_read_as_it_was(tmp_path: Path) -> None:
    """util.py is TF1 code too (a placeholder helper the loader does not reach): the run rewrites it, in parallel
    with train.py; the loader's verdict comes from the text before the run."""
    util = UTIL + "\n\nimport tensorflow as tf\n\n\ndef inputs(d):\n    return tf.placeholder(tf.float32, (None, d))\n"
    _tree(tmp_path / "a", {"util.py": util, "train.py": TRAIN})
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    done = invoke_cli("--diff", "--no-cache", "train.py", cwd=tmp_path / "a")
    alone = done.stdout.decode() + done.stderr.decode()
    assert "-    with tf.Session() as session:" in alone and not _followups(alone), alone
    written = invoke_cli("--no-cache", "-j", "2", ".", cwd=tmp_path / "b")
    assert written.returncode == 0, written.stderr
    assert "tf.compat.v1.placeholder" in (tmp_path / "b/util.py").read_text()
    migrated = (tmp_path / "b/train.py").read_text()
    assert "Session" not in migrated and "placeholder" not in migrated
    assert "get_normalized_data()" in migrated


def test_the_migrated_program_prints_tf1s_numbers(tmp_path: Path) -> None:
    _tree(tmp_path / "tf1", {"util.py": UTIL})
    _tree(tmp_path / "tf2", {"util.py": UTIL, "train.py": TRAIN})
    assert invoke_cli("--no-cache", "train.py", cwd=tmp_path / "tf2").returncode == 0
    migrated = (tmp_path / "tf2/train.py").read_text()
    assert "Session" not in migrated and "compat" not in migrated, migrated
    tf1 = TRAIN.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n")
    baseline = run_in_a_shared_child(tf1, tmp_path / "tf1", graph=True)
    got = run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False)
    assert baseline.count("Cost / err") == 5 and got == baseline, (baseline, got)
