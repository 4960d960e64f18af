"""TFM308's input_data stand-in really runs the classic TF1 MNIST tutorial on TensorFlow 2.21, offline.

The migrated program runs in a subprocess whose HOME/KERAS_HOME are a fresh temporary directory and in which
``tf.keras.datasets.mnist.load_data`` is replaced, before the program starts, by a function returning synthetic
uint8 digits with MNIST's exact shapes (60000/10000 images of 28x28, labels 0-9) whose classes a linear model can
separate. Keras checks mnist.npz against a SHA-256 before using a cached copy, so a fake file in the cache
would send it to the network: the function is stubbed instead.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import textwrap

import pytest
from program_checks import run_in_a_process, run_in_a_shared_child
from timeouts import limit

from tfmigrate import Options, Status, migrate_source
from tfmigrate.ftypes import FileResult

TUTORIAL = """\
from tensorflow.examples.tutorials.mnist import input_data
import tensorflow as tf

mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)

x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(x, W) + b
y_ = tf.placeholder(tf.float32, [None, 10])
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for _ in range(600):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print("SHAPES", mnist.train.images.shape, mnist.train.labels.shape, mnist.validation.images.shape,
      mnist.test.images.shape, mnist.train.images.dtype, mnist.train.images.max())
print("EPOCHS", mnist.train.epochs_completed, mnist.train.num_examples)
print("ACCURACY", sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))
"""

# next_batch's TF1 epoch arithmetic on a 10-image training set (validation_size=59990, integer labels).
WRAP = """\
import numpy as np
import tensorflow.examples.tutorials.mnist.input_data as mnist_data

data = mnist_data.read_data_sets("ignored", validation_size=59990, reshape=False, seed=3)
train = data.train
assert train.num_examples == 10 and train.images.shape == (10, 28, 28, 1), train.images.shape
assert data.validation.num_examples == 59990 and train.labels.shape == (10,)
first = [train.next_batch(4) for _ in range(2)]
assert train.epochs_completed == 0
images, labels = train.next_batch(4)  # 2 left in epoch 1 + 2 from a reshuffled epoch 2
assert train.epochs_completed == 1 and images.shape == (4, 28, 28, 1) and labels.shape == (4,)
seen = np.concatenate([b[1] for b in first] + [labels[:2]])
assert sorted(seen.tolist()) == sorted(np.arange(60000)[59990:] % 10), seen
ordered, _ = train.next_batch(3, shuffle=False)
assert ordered.shape == (3, 28, 28, 1)
print("WRAP OK")
"""

# The other spelling: the function imported from the module, under an alias; `input_data` is the user's own name.
FUNCTION = """\
from tensorflow.examples.tutorials.mnist.input_data import read_data_sets as load

input_data = "MNIST_data/"
data = load(input_data, one_hot=True, validation_size=0)
images, labels = data.train.next_batch(50)
assert images.shape == (50, 784) and labels.shape == (50, 10) and data.train.num_examples == 60000
print("FUNCTION OK")
"""

# Programs that only read arrays get them from load_data() directly (no stand-in); each compares what it read with
# TF 1.15's read_data_sets transcribed below (contrib/learn/python/learn/datasets/mnist.py: extract_images,
# DataSet.__init__, dense_to_one_hot) applied to the same load_data() output.
ARRAYS = """\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("/tmp/data/", {options})
GOT = [mnist.train.images, mnist.train.labels, mnist.validation.images, mnist.validation.labels,
       mnist.test.images, mnist.test.labels]
COUNTS = [mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples]
"""
TF115_CHECK = """
import numpy


def tf115_read_data_sets(one_hot=False, reshape=True, validation_size=5000):
    (train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.mnist.load_data()

    def images(data):
        data = data.reshape(data.shape[0], 28, 28, 1)  # extract_images
        if reshape:
            data = data.reshape(data.shape[0], data.shape[1] * data.shape[2])
        data = data.astype(numpy.float32)
        return numpy.multiply(data, 1.0 / 255.0)

    def labels(dense):
        if not one_hot:
            return dense
        one = numpy.zeros((dense.shape[0], 10))
        one.flat[numpy.arange(dense.shape[0]) * 10 + dense.ravel()] = 1
        return one

    v = validation_size
    sets = [(train_images[v:], train_labels[v:]), (train_images[:v], train_labels[:v]), (test_images, test_labels)]
    return [f(x) for pair in sets for f, x in zip((images, labels), pair)], [len(pair[0]) for pair in sets]


want, counts = tf115_read_data_sets({options})
assert COUNTS == counts, (COUNTS, counts)
for got, expected in zip(GOT, want):
    assert got.dtype == expected.dtype and got.shape == expected.shape, (got.dtype, got.shape, expected.shape)
    assert numpy.array_equal(got, expected)
print("ARRAYS OK", {options!r}, [a.shape for a in GOT])
"""

# Every script of the module runs in one process (one TensorFlow start-up instead of one per test), each as `python
# dir/script.py` would run it, with its own stdout and its error kept apart, so a test fails on its own scripts only.
RUNNER = """\
import contextlib, io, json, os, runpy, sys, traceback
import numpy as np
import tensorflow as tf

def fake_load_data(path="mnist.npz"):
    rng = np.random.RandomState(0)
    def digits(n, offset):
        labels = (np.arange(n) + offset) % 10
        images = rng.randint(0, 60, size=(n, 28, 28)).astype("uint8")
        for digit in range(10):
            images[labels == digit, digit * 2:digit * 2 + 3, 4:24] = 255
        return images, labels.astype("uint8")
    return digits(60000, 0), digits(10000, 0)

tf.keras.datasets.mnist.load_data = fake_load_data
results, protocol = {}, sys.stdout
for script in sys.argv[1:]:
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))  # as `python dir/script.py` does
    out, error = io.StringIO(), None
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(script, run_name="__main__")
    except SystemExit as end:
        error = None if end.code in (None, 0) else traceback.format_exc()
    except BaseException:
        error = traceback.format_exc()
    del sys.path[0]
    results[script] = {"stdout": out.getvalue(), "error": error}
protocol.write("RESULTS " + json.dumps(results) + "\\n")
"""


@functools.cache
def _result(source: str) -> FileResult:
    return migrate_source(source, Options())


def _migrated(source: str) -> str:
    """The migration the scripts run (a test checks it with _migrate)."""
    return _result(source).migrated or source


def _migrate(source: str) -> str:
    result = _result(source)
    assert result.status is Status.CHANGED, result.error
    assert "from tensorflow.examples" not in result.migrated and "import tensorflow.examples" not in result.migrated
    # TFM308's note, plus TFM201's one line naming what keeps the Session program in graph mode.
    assert {f.code for f in result.followups} - {"TFM201"} == {"TFM308"}, result.followups
    assert sum(f.code == "TFM201" for f in result.followups) <= 1, result.followups
    return result.migrated


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict]:
    """Script name (its path below the run's folder, without .py) -> its stdout and error (None: it ran), for every
    script the tests below run, in one process whose HOME/KERAS_HOME are a fresh folder."""
    root = tmp_path_factory.mktemp("tutorials")
    shared, inline = root / "shared", root / "inline"
    _tree(shared, {name: SCRIPTS[name] for name in ("a.py", "b.py")})
    created = [r.path.name for r in _write(shared) if r.created]
    _tree(inline, {name: _migrated(SCRIPTS[name]) for name in ("a.py", "b.py")})
    scripts = {
        "original": textwrap.dedent(TUTORIAL),
        "mnist_softmax": _migrated(TUTORIAL),
        "wrap": _migrated(WRAP),
        "function": _migrated(FUNCTION),
        **{
            f"arrays_{index}": _migrated(ARRAYS.format(options=o)) + TF115_CHECK.format(options=o)
            for index, o in enumerate(ARRAY_OPTIONS)
        },
    }
    _tree(root, {f"{name}.py": text for name, text in scripts.items()})
    names = [*scripts, *(f"{d}/{n[:-3]}" for d in ("inline", "shared") for n in ("a.py", "b.py"))]
    (root / "runner.py").write_text(RUNNER)
    home = root / "home"
    home.mkdir()
    env = dict(
        os.environ, HOME=str(home), KERAS_HOME=str(home / ".keras"), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES=""
    )
    env.pop("TF_USE_LEGACY_KERAS", None)
    proc = subprocess.run(
        [sys.executable, str(root / "runner.py"), *(str(root / f"{name}.py") for name in names)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=limit(900),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    [line] = [line for line in proc.stdout.splitlines() if line.startswith("RESULTS ")]
    found = json.loads(line.removeprefix("RESULTS "))
    texts = {f"{d.name}/{n}": (d / n).read_text() for d in (shared, inline) for n in ("a.py", "b.py")}
    return {"created in shared": created, "texts": texts, **{name: found[str(root / f"{name}.py")] for name in names}}


def _out(runs: dict[str, dict], *names: str) -> str:
    """The stdout of the scripts, one after the other; a script that raised fails the test with its traceback."""
    for name in names:
        assert runs[name]["error"] is None, f"{name}.py:\n{runs[name]['error'][-3000:]}"
    return "".join(runs[name]["stdout"] for name in names)


def test_migrated_softmax_tutorial_trains_offline(runs) -> None:
    _migrate(TUTORIAL)
    out = _out(runs, "mnist_softmax")
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in out.splitlines() if " " in line}
    assert lines["SHAPES"] == "(55000, 784) (55000, 10) (5000, 784) (10000, 784) float32 1.0", out
    assert lines["EPOCHS"] == "1 55000", out  # 600 batches of 100 = 60000 > 55000 images: one wrap
    assert float(lines["ACCURACY"]) > 0.9, out


def test_stand_in_keeps_tf1_next_batch_epochs(runs) -> None:
    migrated = _migrate(WRAP)
    assert "class mnist_data:" in migrated
    function = _migrate(FUNCTION)
    assert "load = mnist_input_data.read_data_sets" in function
    out = _out(runs, "wrap", "function")
    assert "WRAP OK" in out and "FUNCTION OK" in out


def test_unmigrated_tutorial_dies_on_tf221(runs) -> None:
    error = runs["original"]["error"]
    assert error is not None and "No module named 'tensorflow.examples'" in error, runs["original"]


ARRAY_OPTIONS = ["one_hot=True", "reshape=False, validation_size=1000"]


def test_array_only_programs_read_tf1s_arrays_without_the_stand_in(runs) -> None:
    for options in ARRAY_OPTIONS:
        migrated = _migrate(ARRAYS.format(options=options))
        assert "class input_data" not in migrated and "def next_batch" not in migrated, migrated
        assert "tf.keras.datasets.mnist.load_data()" in migrated and "mnist.train" not in migrated, migrated
    out = _out(runs, "arrays_0", "arrays_1")
    assert out.count("ARRAYS OK") == 2, out


# One module per directory (tfmigrate.runfacts.mnist_modules): scripts that draw batches, in two spellings.
BATCHES = """\
import hashlib
import json
import os
import tensorflow as tf
{import_line}

mnist = {read}("MNIST_data/", one_hot=True, seed=7)
digest = hashlib.sha256()
for _ in range(3):
    xs, ys = mnist.train.next_batch(20000)  # the third batch wraps the 55000-image epoch
    digest.update(xs.tobytes() + ys.tobytes())
print("BATCHES", os.path.basename(__file__), digest.hexdigest(), mnist.train.epochs_completed)
"""
SCRIPTS = {
    "a.py": BATCHES.format(
        import_line="from tensorflow.examples.tutorials.mnist import input_data", read="input_data.read_data_sets"
    ),
    "b.py": BATCHES.format(
        import_line="from tensorflow.examples.tutorials.mnist.input_data import read_data_sets as load", read="load"
    ),
    "c.py": BATCHES.format(
        import_line="import tensorflow.examples.tutorials.mnist.input_data as mnist_data",
        read="mnist_data.read_data_sets",
    ),
}
SHARED_IMPORTS = {
    "a.py": "import mnist_input_data as input_data\n",
    "b.py": "from mnist_input_data import read_data_sets as load\n",
    "c.py": "import mnist_input_data as mnist_data\n",
}


def _tree(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _notebook(source: str) -> str:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    return nbformat.writes(new_notebook(cells=[new_code_cell(source)]))


def _write(root, jobs: int = 2, cache=None) -> list:
    from tfmigrate.api import Mode, migrate_paths

    return list(migrate_paths([root], Options(), Mode.WRITE, jobs=jobs, cache=cache))


def test_scripts_of_one_directory_share_one_module(tmp_path) -> None:
    from tfmigrate.transforms.tfm308_mnist_tutorial import module_text

    _tree(tmp_path, {f"d/{name}": text for name, text in SCRIPTS.items()})
    _tree(tmp_path, {"solo/a.py": SCRIPTS["a.py"], "pkg/__init__.py": "", "pkg/a.py": SCRIPTS["a.py"]})
    _tree(tmp_path, {"pkg/b.py": SCRIPTS["b.py"], "nb/a.py": SCRIPTS["a.py"], "nb/n.ipynb": _notebook(SCRIPTS["a.py"])})
    results = _write(tmp_path)
    created = [r for r in results if r.created]
    assert [(r.path.relative_to(tmp_path).as_posix(), r.status, r.written) for r in created] == [
        ("d/mnist_input_data.py", Status.CHANGED, True)
    ]
    assert results[-1] is created[0] and "once for a.py, b.py, c.py" in created[0].changes[0].message
    module = (tmp_path / "d" / "mnist_input_data.py").read_text()
    assert module == module_text() and "class input_data:" in module
    for name, line in SHARED_IMPORTS.items():
        text = (tmp_path / "d" / name).read_text()
        assert line in text and "class " not in text and "examples.tutorials" not in text, text
    # One script in its directory, scripts of a package, a notebook: the stand-in stays in the file.
    for name in ("solo/a.py", "pkg/a.py", "pkg/b.py", "nb/a.py", "nb/n.ipynb"):
        assert "class input_data:" in (tmp_path / name).read_text(), name
    assert sorted(p.name for p in tmp_path.rglob("*input_data*")) == ["mnist_input_data.py"]
    # The module is tfmigrate's own output: a second run changes nothing and adds nothing.
    assert migrate_source(module, Options()).status is Status.UNCHANGED
    again = _write(tmp_path)
    assert not any(r.changed or r.created for r in again), [r for r in again if r.changed]


def test_a_module_an_earlier_run_wrote_serves_a_new_script(tmp_path) -> None:
    _tree(tmp_path, {"a.py": SCRIPTS["a.py"], "b.py": SCRIPTS["b.py"]})
    _write(tmp_path)
    module = tmp_path / "mnist_input_data.py"
    stamp = module.stat().st_mtime_ns
    _tree(tmp_path, {"c.py": SCRIPTS["c.py"]})
    results = _write(tmp_path)
    assert not any(r.created for r in results) and module.stat().st_mtime_ns == stamp
    assert SHARED_IMPORTS["c.py"] in (tmp_path / "c.py").read_text()


def test_a_user_file_of_that_name_is_never_overwritten(tmp_path) -> None:
    mine = "# the user's own module\nUSER = 1\n"
    _tree(tmp_path, {"d/mnist_input_data.py": mine, "d/a.py": SCRIPTS["a.py"], "d/b.py": SCRIPTS["b.py"]})
    _tree(tmp_path, {"e/mnist_input_data.py": mine, "e/tfmigrate_mnist_input_data/x.txt": "a package-like folder"})
    _tree(tmp_path, {"e/a.py": SCRIPTS["a.py"], "e/b.py": SCRIPTS["b.py"]})
    results = _write(tmp_path)
    assert (tmp_path / "d" / "mnist_input_data.py").read_text() == mine
    assert (tmp_path / "e" / "mnist_input_data.py").read_text() == mine
    [created] = [r for r in results if r.created]
    assert created.path.as_posix().endswith("d/tfmigrate_mnist_input_data.py") and created.written
    assert "mnist_input_data.py there is another file" in created.changes[0].message
    assert "import tfmigrate_mnist_input_data as input_data\n" in (tmp_path / "d" / "a.py").read_text()
    # No free name in e/: each script keeps its own stand-in.
    assert all("class input_data:" in (tmp_path / "e" / n).read_text() for n in ("a.py", "b.py"))
    assert not (tmp_path / "e" / "tfmigrate_mnist_input_data.py").exists()


def test_create_new_never_replaces_a_file_that_appears(tmp_path) -> None:
    from tfmigrate.fileio import create_new
    from tfmigrate.ftypes import SourceError

    target = tmp_path / "m.py"
    create_new(target, "A = 1\n")
    assert target.read_text() == "A = 1\n"
    with pytest.raises(SourceError, match="appeared while tfmigrate ran"):
        create_new(target, "A = 2\n")
    assert target.read_text() == "A = 1\n" and sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]


def test_diff_and_check_show_the_new_module_and_write_nothing(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from tfmigrate.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TFMIGRATE_CACHE_DIR", str(tmp_path / "cache"))
    _tree(tmp_path, {f"d/{name}": text for name, text in SCRIPTS.items() if name != "c.py"})
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.py")}
    for _ in range(2):  # the second run answers the scripts from the cache; the module is decided anew
        diff = CliRunner().invoke(app, ["--diff", "-j", "2", "d"], catch_exceptions=False)
        assert diff.exit_code == 1, diff.output
        assert "--- /dev/null\n+++ b/d/mnist_input_data.py\n@@ -0,0 +1," in diff.output, diff.output
        assert "+import mnist_input_data as input_data\n" in diff.output
        assert "+from mnist_input_data import read_data_sets as load\n" in diff.output
        assert "2 file(s) scanned, 2 would change, 1 new file(s) to create, 0 unchanged, 0 failed" in diff.output
    check = CliRunner().invoke(app, ["--check", "d"], catch_exceptions=False)
    assert check.exit_code == 1 and "would create d/mnist_input_data.py\n" in check.output, check.output
    assert "would migrate d/a.py\n" in check.output
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.py")} == before
    written = CliRunner().invoke(app, ["-j", "2", "d"], catch_exceptions=False)
    assert written.exit_code == 0 and "2 migrated, 1 new file(s) created" in written.output, written.output
    assert (tmp_path / "d" / "mnist_input_data.py").is_file()


def test_the_cache_follows_who_shares_the_directory(tmp_path) -> None:
    """A script's cached verdict is keyed by the run fact that decided inline or shared: a cached inline result
    is not reused once a second script joins, nor the shared one once it leaves."""
    from tfmigrate.api import Mode, migrate_paths
    from tfmigrate.cache import Cache

    cache = Cache.open(Options(), tmp_path / "cache")
    assert cache is not None
    src = tmp_path / "src"
    _tree(src, {"a.py": SCRIPTS["a.py"]})

    def diffs() -> dict[str, str]:
        results = migrate_paths([src], Options(), Mode.DIFF, jobs=2, cache=cache)
        return {r.path.name: r.migrated or "" for r in results}

    for _ in range(2):
        alone = diffs()
        assert list(alone) == ["a.py"] and "+class input_data:" in alone["a.py"], alone
    _tree(src, {"b.py": SCRIPTS["b.py"]})
    for _ in range(2):
        joined = diffs()
        assert list(joined) == ["a.py", "b.py", "mnist_input_data.py"], joined
        assert "+import mnist_input_data as input_data\n" in joined["a.py"] and "+class" not in joined["a.py"]
    (src / "b.py").unlink()
    assert diffs() == alone
    _tree(src, {"b.py": SCRIPTS["b.py"]})
    results = list(migrate_paths([src], Options(), Mode.WRITE, jobs=2, cache=cache))
    assert [r.path.name for r in results if r.written] == ["a.py", "b.py", "mnist_input_data.py"]
    assert SHARED_IMPORTS["a.py"] in (src / "a.py").read_text()


def test_the_shared_module_draws_the_inline_stand_ins_batches(runs) -> None:
    """Two scripts importing the module get, batch for batch, what each got with the stand-in in the file."""
    assert runs["created in shared"] == ["mnist_input_data.py"]
    texts = runs["texts"]
    assert all(_migrate(SCRIPTS[n]) == texts[f"inline/{n}"] for n in ("a.py", "b.py"))
    assert all("class " not in texts[f"shared/{n}"] and "class " in texts[f"inline/{n}"] for n in ("a.py", "b.py"))
    out = _out(runs, "inline/a", "inline/b", "shared/a", "shared/b")
    lines = sorted(line for line in out.splitlines() if line.startswith("BATCHES"))
    assert len(lines) == 4 and lines[0] == lines[1] and lines[2] == lines[3] and lines[0] != lines[2], out
    assert all(line.endswith(" 1") for line in lines), out  # 60000 images drawn from 55000: one epoch wrapped


# TF1's DataSet reseeded numpy from get_seed(seed): seed1 (the graph seed) without seed=, seed2 with it. One case per
# line: (global seed or None, read_data_sets' seed=). Each run records what numpy.random.seed was given, the batches
# next_batch then drew across two epoch wraps, and whether reading took an op seed from TensorFlow.
SEEDING = """\
import hashlib, json
import numpy
import mnist_hooks  # tests/data/mnist_support: TF1's input_data over synthetic arrays, Keras' load_data over the same
import tensorflow as tf

mode = MODE
if mode == "tf1":
    tf.compat.v1.disable_v2_behavior()
    from tensorflow.examples.tutorials.mnist import input_data
else:
    if mode == "graph":
        tf.compat.v1.disable_eager_execution()
    import mnist_input_data as input_data  # TFM308's stand-in, as the run writes it

reseeds = []
reseed = numpy.random.seed
numpy.random.seed = lambda seed=None: (reseeds.append(seed), reseed(seed))[1]
CASES = [(None, None), (777, None), (777, 5), (None, 5), (0, 0), (0, None), (2**31 + 6, None), (87654321, None)]


def first_op_seed(graph_seed):
    # the seeds get_seed(None) hands out first after the global seed is set, had nothing been read
    tf.compat.v1.set_random_seed(graph_seed)
    return tf.compat.v1.random.get_seed(None)


def read(graph_seed, seed):
    first = first_op_seed(graph_seed) if mode == "eager" else None
    if first is None:
        with tf.Graph().as_default():
            first = first_op_seed(graph_seed)
    tf.compat.v1.set_random_seed(graph_seed)
    del reseeds[:]
    mnist = input_data.read_data_sets("MNIST_data/", one_hot=graph_seed == 777, seed=seed)
    took = tf.compat.v1.random.get_seed(None) != first
    digest = hashlib.sha256()
    for _ in range(4):  # 1200 training images: the second and fourth batches wrap an epoch
        images, labels = mnist.train.next_batch(700)
        digest.update(images.tobytes() + labels.tobytes())
    return [reseeds[:], digest.hexdigest()[:16], mnist.train.epochs_completed, took]


found = []
for graph_seed, seed in CASES:
    if mode == "eager":
        found.append(read(graph_seed, seed))
    else:
        with tf.Graph().as_default():
            found.append(read(graph_seed, seed))
numpy.random.seed = reseed
print("SEEDING " + json.dumps(found))
"""


def test_the_stand_in_reseeds_numpy_as_tf1s_dataset_did(tmp_path) -> None:
    """The TF1 baseline (tests/data/mnist_support: mnist.py's DataSet over TF 1.x's get_seed, graph mode) and
    TFM308's stand-in, eager (tf.random.set_seed) and in the graph tier, give numpy the same seeds in every case,
    hence draw the same batches; neither takes an op seed from the counter seeded random ops draw theirs from
    (TF1's get_seed read the graph's last op id), so reading MNIST moves no random op's numbers."""
    from tfmigrate.transforms.tfm308_mnist_tutorial import module_text

    found = {}
    for mode in ("tf1", "eager", "graph"):
        folder = tmp_path / mode
        folder.mkdir()
        (folder / "mnist_input_data.py").write_text(module_text())
        source = SEEDING.replace("mode = MODE", f"mode = {mode!r}")
        if mode == "graph":  # disable_eager_execution() alone: no shared child is in that state
            out = run_in_a_process(source, folder)
        else:  # the TF1 baseline (disable_v2_behavior) in the graph child, the eager stand-in in the eager child
            out = run_in_a_shared_child(source, folder, graph=mode == "tf1")
        [line] = [line for line in out.splitlines() if line.startswith("SEEDING ")]
        found[mode] = json.loads(line.removeprefix("SEEDING "))
    tf1 = found["tf1"]
    # TF1's seeds: seed1 = the graph seed (truncated to 31 bits) without seed=, seed2 = seed= with it, (0, 0) is
    # (0, 2**31 - 1); three reseeds, one per split; None without any seed.
    assert [case[0] for case in tf1] == [
        [None] * 3,
        [777] * 3,
        [5] * 3,
        [5] * 3,
        [2**31 - 1] * 3,
        [0] * 3,
        [7] * 3,
        [87654321] * 3,
    ]
    assert all(case[2] == 2 for case in tf1) and not any(case[3] for case in tf1)
    assert len({case[1] for case in tf1}) == 7  # the batches differ by seed (None reseeds with 0 here, see mnist_hooks)
    # The stand-in takes an op seed in one case only: a global seed of exactly 87654321 (what get_seed(0) gives
    # when none is set) is told apart by get_seed(None).
    for mode in ("eager", "graph"):
        assert found[mode][:-1] == tf1[:-1] and found[mode][-1][:3] == tf1[-1][:3], mode
