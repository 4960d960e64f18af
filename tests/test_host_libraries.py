"""Modules a Session program imports that are neither TensorFlow, nor read with it as its tree, nor a plain library
of tfmigrate's table (``import gym``, ``import ReadFile as RF`` kept under ``support/`` on the path): host code when
Python would import them from the standard library, from a distribution that does not require TensorFlow, or from
source on the path that reads none (tfmigrate.host_libraries); a library known to build TensorFlow ops, one whose
distribution requires TensorFlow, or a tensor passed to a host call keeps the graph tier with that reason."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

from tfmigrate import migrate_source
from tfmigrate.host_libraries import STANDARD_LIBRARY, UNREAD, decide
from tfmigrate.siblings import Reader

# khankaleem/Word2vec's shape: a numpy-only data module, kept in a directory of the path rather than beside the program
READ_FILE = """\
import numpy as np

words = list()
vocab_size = 0


def to_one_hot(index):
    global vocab_size
    temp = np.zeros(vocab_size)
    temp[index] = 1
    return temp


def get_data():
    global vocab_size
    vocab_size = 4
    x = np.asarray([to_one_hot(i) for i in range(4)])
    return x, x[::-1], vocab_size
"""

PROGRAM = """\
import numpy as np
import tensorflow as tf
{imports}

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.ones([4, 2]))
y = tf.matmul(x, w)
{line}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={{x: {fed}}}))
"""


def _dist(root: Path, name: str, *requires: str, module: str | None = None) -> None:
    """An installed distribution ``name`` 1.0 in ``root`` declaring module ``module`` (default: its name)."""
    module = module or name
    (root / module).mkdir()
    (root / module / "__init__.py").write_text("def f():\n    return 1\n")
    info = root / f"{name}-1.0.dist-info"
    info.mkdir()
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", *(f"Requires-Dist: {r}" for r in requires)]
    (info / "METADATA").write_text("\n".join(lines) + "\n")
    (info / "top_level.txt").write_text(module + "\n")


def _digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()


def _facts(text: str) -> dict[str, str]:
    return {name: verdict for name, verdict, _ in Reader().facts(None, textwrap.dedent(text))}


def _program(imports: str, fed: str, line: str = "") -> str:
    return PROGRAM.format(imports=imports, fed=fed, line=line)


def test_the_standard_library_and_a_distribution_without_tensorflow_are_host(tmp_path, monkeypatch) -> None:
    _dist(tmp_path, "envlib", "numpy>=1.0", "cloudpickle; extra == 'all'")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert decide("xml") == decide("struct")
    assert (decide("xml").verdict, decide("xml").key) == ("", STANDARD_LIBRARY)
    assert (decide("envlib").verdict, decide("envlib").key) == ("", "envlib 1.0")
    assert decide("pandas").verdict == "" and decide("pandas").key.startswith("pandas ")


@pytest.mark.parametrize(
    ("name", "requires", "reason"),
    [
        ("direct_user", ("tensorflow>=2",), "requires tensorflow"),
        ("extra_user", ("tensorflow; extra == 'tf'",), "requires tensorflow"),  # an optional extra counts
        ("indirect_user", ("midlib",), "requires midlib -> tensorflow-cpu"),  # through an unconditional requirement
    ],
)
def test_a_distribution_requiring_tensorflow_is_not_host(tmp_path, monkeypatch, name, requires, reason) -> None:
    _dist(tmp_path, name, *requires)
    _dist(tmp_path, "midlib", "tensorflow-cpu")
    monkeypatch.syspath_prepend(str(tmp_path))
    verdict = decide(name).verdict
    assert verdict.startswith(f"`{name}` is installed from {name} 1.0") and verdict.endswith(reason), verdict


def test_known_graph_libraries_and_modules_found_nowhere() -> None:
    assert decide("tflearn").verdict == "`tflearn` builds TensorFlow graph ops"
    assert decide("tensorflow_hub").verdict == "`tensorflow_hub` builds TensorFlow graph ops"
    assert decide("no_such_module_anywhere").verdict == f"`no_such_module_anywhere` {UNREAD}"
    assert decide("tf_helpers_nowhere").verdict.endswith(UNREAD)  # a name like TensorFlow's is no graph library


def test_a_tree_module_named_like_a_library_is_read_first(tmp_path) -> None:
    (tmp_path / "tf_utils.py").write_text("import numpy as np\n\n\ndef f():\n    return np.ones(2)\n")
    (tmp_path / "train.py").write_text("from tf_utils import f\nsess = tf.Session()\n")
    assert Reader().facts(tmp_path / "train.py", (tmp_path / "train.py").read_text()) == (
        ("f", "", f"{(tmp_path / 'tf_utils.py').name} {_digest(tmp_path / 'tf_utils.py')}"),
    )


def test_source_on_the_path_is_read_like_a_sibling(tmp_path, monkeypatch) -> None:
    (tmp_path / "ReadFile.py").write_text(READ_FILE)
    (tmp_path / "graphy.py").write_text("import tensorflow as tf\n\n\ndef get_data():\n    return tf.ones(3)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    text = "import ReadFile as RF\nfrom graphy import get_data\nimport nowhere_module\nsess = tf.Session()\n"
    facts = _facts(text)
    assert facts["RF"] == ""
    assert facts["get_data"] == "function `get_data` (graphy.py line 4) reads `tf` (tensorflow) at line 5"
    assert "nowhere_module" not in facts  # nothing known: the proof keeps its own refusal
    keys = {name: key for name, _, key in Reader().facts(None, text)}
    assert keys["RF"].startswith("ReadFile.py ")  # the file's digest: a changed module changes the cache key


def test_a_program_calling_a_host_module_on_the_path_is_session_free(tmp_path, monkeypatch) -> None:
    (tmp_path / "ReadFile.py").write_text(READ_FILE)
    monkeypatch.syspath_prepend(str(tmp_path))
    result = migrate_source(_program("import ReadFile as RF", "x_train", "x_train, y_train, n = RF.get_data()"))
    assert not result.followups, result.followups
    assert "RF.get_data()" in result.migrated and "Session" not in result.migrated


@pytest.mark.parametrize(
    ("imports", "fed", "line", "reason"),
    [
        (
            "import hub_user\nimport tensorflow_hub as hub",
            "np.ones((3, 4))",
            "m = hub.Module('m')",
            "`tensorflow_hub` builds TensorFlow graph ops",
        ),
        ("import ReadFile as RF", "RF.get_data()[0]", "s = RF.to_one_hot(w)", "the graph calls `RF.to_one_hot`"),
        (
            "import no_such_module_anywhere as nm",
            "np.ones((3, 4))",
            "nm.setup()",
            "which tfmigrate does not read (not beside the program, on the path",
        ),
        (
            "import no_such_module_anywhere as nm",
            "nm.batch(3)",
            "",
            "calls `nm.batch` of module `no_such_module_anywhere`, which tfmigrate does not read (not beside",
        ),
    ],
    ids=["graph library", "tensor passed", "found nowhere", "fed from a module found nowhere"],
)
def test_what_keeps_the_graph_tier_says_why(tmp_path, monkeypatch, imports, fed, line, reason) -> None:
    (tmp_path / "ReadFile.py").write_text(READ_FILE)
    (tmp_path / "hub_user.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    followups = migrate_source(_program(imports, fed, line)).followups
    assert len(followups) == 1 and reason in followups[0].message, followups
