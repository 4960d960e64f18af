"""Notebooks: code cells migrated as one namespace, IPython syntax kept, the JSON left as it was elsewhere.

Notebooks are built with nbformat, as Jupyter writes them. The rules are test-only (see test_suppression.py),
registered by monkeypatching the registry, so these tests do not depend on which real rules exist.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from program_checks import run_in_a_shared_child
from test_suppression import TOY_RULES
from timeouts import limit

import tfmigrate.transforms
from tfmigrate import Options, Status
from tfmigrate.api import Mode, migrate_paths
from tfmigrate.notebooks import mask, migrate_notebook, unmask

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(64))).decode()


@pytest.fixture(autouse=True)
def toy_rules(monkeypatch, request):
    if not request.node.name.startswith("test_real_rules"):
        monkeypatch.setattr(tfmigrate.transforms, "all_transforms", lambda: TOY_RULES)


def notebook(*cells, **metadata) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata.update(
        metadata
        or {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7"},
        }
    )
    for n, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{n}"
    return nb


def write(path: Path, nb) -> bytes:
    nbformat.write(nb, str(path))
    return path.read_bytes()


def run(path: Path, mode: Mode = Mode.WRITE):
    (result,) = migrate_paths([path], Options(), mode, jobs=1)
    return result


def tf1_notebook():
    return notebook(
        new_markdown_cell("# A TF1 notebook — naïve ünïcode"),
        new_code_cell("%matplotlib inline\nimport tensorflow as tf\nimport numpy as np", execution_count=1),
        new_code_cell(
            "!pip install -q tensorflow==1.15\n%load_ext autoreload\ntf.random_normal?",
            execution_count=2,
            outputs=[new_output("stream", name="stdout", text="Collecting tensorflow\n")],
        ),
        new_code_cell(
            "x = tf.random_normal([2, 3])\nfiles = !ls\nfor i in range(2):\n    %time y = tf.random_normal([i])\nx",
            execution_count=3,
            outputs=[
                new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}, metadata={}),
                new_output("execute_result", data={"text/plain": "<tf.Tensor>"}, execution_count=3),
            ],
        ),
        new_code_cell("%%time\nz = tf.random_normal([4])", execution_count=4),
        new_code_cell("print x", execution_count=5),
        new_code_cell("%%bash\necho tf.random_normal", execution_count=6),
        new_code_cell("w = tf.random_normal([5])  # tfmigrate: ignore\nv = tf.random_normal([6])"),
    )


def test_cells_migrate_as_one_namespace_and_ipython_lines_survive(tmp_path):
    path = tmp_path / "nb.ipynb"
    before = write(path, tf1_notebook())
    result = run(path)
    assert result.status is Status.CHANGED, result.error
    after = json.loads(path.read_bytes())
    sources = ["".join(c["source"]) for c in after["cells"]]
    assert sources[1] == "%matplotlib inline\nimport tensorflow as tf\nimport numpy as np"
    assert sources[2] == "!pip install -q tensorflow==1.15\n%load_ext autoreload\ntf.random_normal?"
    assert sources[3] == (
        "x = tf.random.normal([2, 3])\nfiles = !ls\nfor i in range(2):\n    %time y = tf.random_normal([i])\nx"
    )
    assert sources[4] == "%%time\nz = tf.random.normal([4])"
    assert sources[5] == "print x"
    assert sources[6] == "%%bash\necho tf.random_normal"
    assert sources[7] == "w = tf.random_normal([5])  # tfmigrate: ignore\nv = tf.random.normal([6])"
    assert [(c.cell, c.line) for c in result.changes] == [(4, 1), (5, 2), (8, 2)]
    assert [(f.cell, f.line, f.code) for f in result.followups] == [(6, 1, "TFM000")]
    assert "Python 2" in result.followups[0].message

    original = json.loads(before)
    for old, new in zip(original["cells"], after["cells"]):
        assert {k: v for k, v in old.items() if k != "source"} == {k: v for k, v in new.items() if k != "source"}
    assert after["metadata"] == original["metadata"]


def test_only_changed_sources_differ_in_the_bytes(tmp_path):
    path = tmp_path / "nb.ipynb"
    before = write(path, tf1_notebook()).decode()
    run(path)
    after = path.read_text(encoding="utf-8")
    before_lines, after_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(before_lines) == len(after_lines)
    differing = [(a, b) for a, b in zip(before_lines, after_lines) if a != b]
    assert differing == [
        ('    "x = tf.random_normal([2, 3])\\n",\n', '    "x = tf.random.normal([2, 3])\\n",\n'),
        ('    "z = tf.random_normal([4])"\n', '    "z = tf.random.normal([4])"\n'),
        ('    "v = tf.random_normal([6])"\n', '    "v = tf.random.normal([6])"\n'),
    ]
    assert "naïve" in after and after.endswith("}\n")


def test_the_cell_with_the_use_is_the_one_that_changes_when_the_import_is_two_cells_up(tmp_path):
    path = tmp_path / "cross.ipynb"
    write(
        path,
        notebook(
            new_code_cell("import tensorflow as tf"),
            new_markdown_cell("Now some noise"),
            new_code_cell("noise = tf.random_normal([10])"),
        ),
    )
    result = run(path)
    assert [(c.cell, c.line, c.code) for c in result.changes] == [(3, 1, "TFM901")]
    assert "".join(json.loads(path.read_text())["cells"][2]["source"]) == "noise = tf.random.normal([10])"


def test_a_notebook_without_tensorflow_is_byte_identical(tmp_path):
    path = tmp_path / "plain.ipynb"
    before = write(
        path,
        notebook(
            new_code_cell("%pylab inline\nimport numpy as np\nx = np.random.normal(size=3)", execution_count=1),
            new_code_cell("x?", outputs=[new_output("display_data", data={"image/png": PNG}, metadata={})]),
        ),
    )
    result = run(path)
    assert result.status is Status.UNCHANGED
    assert path.read_bytes() == before


def test_string_sources_ascii_escapes_and_compact_layout_are_kept(tmp_path):
    path = tmp_path / "hand.ipynb"
    text = (
        '{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], '
        '"source": "import tensorflow as tf\\n# caf\\u00e9\\nx = tf.random_normal([1])\\n"}], '
        '"metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 2}'
    )
    path.write_text(text, encoding="utf-8")
    assert run(path).status is Status.CHANGED
    assert path.read_text(encoding="utf-8") == text.replace("tf.random_normal", "tf.random.normal")


def test_diff_is_per_cell_and_readable(tmp_path):
    path = tmp_path / "nb.ipynb"
    before = write(path, tf1_notebook())
    result = run(path, Mode.DIFF)
    assert path.read_bytes() == before
    display = path.as_posix()
    assert f"--- a/{display}:cell 4\n+++ b/{display}:cell 4\n" in result.migrated
    assert "-x = tf.random_normal([2, 3])\n+x = tf.random.normal([2, 3])\n" in result.migrated
    assert "cell 3" not in result.migrated and '"source"' not in result.migrated


def test_cli_diff_and_check_on_a_notebook(tmp_path):
    path = tmp_path / "nb.ipynb"
    write(path, tf1_notebook())
    bootstrap = (
        "import sys, tfmigrate.transforms as t; sys.path.insert(0, %r); from test_suppression import TOY_RULES; "
        "t.all_transforms = lambda: TOY_RULES; from tfmigrate.cli import main; sys.argv[0] = 'tfmigrate'; main()"
    ) % str(Path(__file__).parent)
    out = subprocess.run(
        [sys.executable, "-c", bootstrap, "--diff", "--color=never", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=limit(120),
    )
    assert out.returncode == 1, out.stderr
    assert f"+++ b/{path.as_posix()}:cell 5\n" in out.stdout
    assert f"{path.as_posix()}:cell 6:1: TFM000" in out.stderr


def test_unparsable_cells_are_reported_not_fatal(tmp_path):
    path = tmp_path / "exercise.ipynb"
    write(
        path,
        notebook(
            new_code_cell("import tensorflow as tf"),
            new_code_cell("x = "),
            new_code_cell("y = tf.random_normal([1])"),
        ),
    )
    result = run(path)
    assert result.status is Status.CHANGED
    assert [(f.cell, f.code) for f in result.followups] == [(2, "TFM000")]
    assert "".join(json.loads(path.read_text())["cells"][1]["source"]) == "x = "


@pytest.mark.parametrize(
    "text",
    ["not json", "[]", '{"worksheets": [], "nbformat": 3}', '{"cells": "no"}'],
)
def test_broken_notebooks_fail_cleanly(tmp_path, text):
    path = tmp_path / "broken.ipynb"
    path.write_text(text)
    result = run(path)
    assert result.status is Status.FAILED
    assert result.error
    assert path.read_text() == text


def test_non_python_kernels_are_skipped(tmp_path):
    path = tmp_path / "r.ipynb"
    before = write(path, notebook(new_code_cell("library(tensorflow)"), kernelspec={"language": "R", "name": "ir"}))
    assert run(path).status is Status.SKIPPED
    assert path.read_bytes() == before


def test_skip_file_in_first_cell(tmp_path):
    path = tmp_path / "nb.ipynb"
    before = write(
        path, notebook(new_code_cell("# tfmigrate: skip-file\nimport tensorflow as tf\ntf.random_normal([1])"))
    )
    assert run(path).status is Status.SKIPPED
    assert path.read_bytes() == before


def test_notebooks_are_discovered_but_checkpoints_are_not(tmp_path):
    write(tmp_path / "a.ipynb", notebook(new_code_cell("import tensorflow as tf\ntf.random_normal([1])")))
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write(tmp_path / ".ipynb_checkpoints" / "a-checkpoint.ipynb", notebook(new_code_cell("import tensorflow")))
    results = list(migrate_paths([tmp_path], Options(), Mode.CHECK, jobs=1))
    assert [r.path.name for r in results] == ["a.ipynb"]


@pytest.mark.parametrize(
    "source",
    [
        "%matplotlib inline\nimport tensorflow as tf",
        "s = ('%s'\n     % name)\nt = 1",
        '"""doc\n%not a magic\n!nor this\n"""\n!echo hi',
        "!pip install \\\n    tensorflow\nx = 1",
        "if True:\n    !ls\n    x = 1\n",
        "?tf.nn\ntf.nn.relu??\nfiles = !ls -1\nt = %timeit -o f()",
        "x = 1  # what?\ny = a != b",
        "s = 'a # b'\n%env A=1",
    ],
)
def test_mask_round_trip_and_parse(source):
    import ast

    masked = mask(source, "__tok")
    ast.parse(masked.text)
    assert unmask(masked.text, masked) == source


def test_mask_leaves_python_alone():
    source = "s = ('%s'\n     % name)\nx = a ! = b if False else 1\n"
    assert mask(source, "__tok").lines == {}


def test_in_memory_api_reports_cells():
    nb = notebook(new_code_cell("import tensorflow as tf"), new_code_cell("a = tf.random_normal([1])"))
    outcome = migrate_notebook(nbformat.writes(nb), Options(), "nb.ipynb")
    assert list(outcome.sources) == [2]
    assert outcome.sources[2] == ("a = tf.random_normal([1])", "a = tf.random.normal([1])")


def test_real_rules_migrated_notebook_runs_on_tensorflow_2(tmp_path):
    """End to end with the real rules: cell 3 uses the tf imported in cell 1, and the result runs on TF 2."""
    path = tmp_path / "tf1.ipynb"
    write(
        path,
        notebook(
            new_code_cell("%matplotlib inline\nimport tensorflow as tf\nimport numpy as np"),
            new_markdown_cell("Sample some noise"),
            new_code_cell(
                "x = tf.random_normal([2, 3], seed=1)\ny = tf.log(tf.ones([2]))\nprint(x.shape, float(tf.reduce_sum(y)))"
            ),
            new_code_cell("!echo done"),
        ),
    )
    result = run(path)
    assert result.status is Status.CHANGED, result.error
    cells = nbformat.read(str(path), as_version=4).cells
    assert cells[0].source.startswith("%matplotlib inline\n") and cells[3].source == "!echo done"
    assert "tf.random_normal" not in cells[2].source and "tf.log(" not in cells[2].source
    code = "\n".join(
        line for cell in cells if cell.cell_type == "code" for line in cell.source.splitlines() if line[:1] not in "%!"
    )
    printed = run_in_a_shared_child(code, tmp_path / "run", graph=False)
    assert printed.strip().endswith("(2, 3) 0.0")


def test_code_that_spells_the_markers_is_safe(tmp_path):
    path = tmp_path / "nb.ipynb"
    write(
        path,
        notebook(
            new_code_cell("import tensorflow as tf\n__tfmigrate_cell__ = 1\n__tfmigrate_ipython_0__ = 2\n!ls"),
            new_code_cell("a = tf.random_normal([1])"),
        ),
    )
    run(path)
    cells = nbformat.read(str(path), as_version=4).cells
    assert cells[0].source == "import tensorflow as tf\n__tfmigrate_cell__ = 1\n__tfmigrate_ipython_0__ = 2\n!ls"
    assert cells[1].source == "a = tf.random.normal([1])"


class Exploding(TOY_RULES[0].__mro__[1]):
    """Test-only rule that crashes on one name, to exercise the per-cell fallback."""

    CODE = "TFM909"
    NAME = "toy-exploding"
    SUMMARY = "toy"
    TRIGGERS = ("explode",)

    def visit_Name(self, node) -> None:
        if node.value == "explode":
            raise RuntimeError("boom")


def test_a_rule_crash_in_one_cell_leaves_the_others_migrated(tmp_path, monkeypatch):
    monkeypatch.setattr(tfmigrate.transforms, "all_transforms", lambda: (*TOY_RULES, Exploding))
    path = tmp_path / "nb.ipynb"
    write(
        path,
        notebook(
            new_code_cell("import tensorflow as tf\na = tf.random_normal([1])"),
            new_code_cell("explode()  # keras"),
            new_code_cell("import tensorflow as tf\nb = tf.random_normal([1])"),
        ),
    )
    result = run(path)
    assert result.status is Status.CHANGED
    assert [(f.cell, f.code) for f in result.followups] == [(2, "TFM000")]
    assert "internal error in TFM909" in result.followups[0].message
    cells = nbformat.read(str(path), as_version=4).cells
    assert [c.source for c in cells] == [
        "import tensorflow as tf\na = tf.random.normal([1])",
        "explode()  # keras",
        "import tensorflow as tf\nb = tf.random.normal([1])",
    ]


SESSIONS = (
    new_code_cell("import tensorflow as tf\ns = tf.Session()"),
    new_code_cell("x = 1\ny = 2\nt = tf.Session()\nu = tf.Session()"),
    new_code_cell("v = tf.Session()"),
)


def test_one_follow_up_per_cause_per_notebook_with_the_true_cells_and_lines():
    outcome = migrate_notebook(nbformat.writes(notebook(*SESSIONS)), Options(), "nb.ipynb")
    assert [(f.cell, f.line, f.code) for f in outcome.followups] == [(1, 2, "TFM901")]
    assert outcome.followups[0].message == (
        "tf.Session has no TF2 equivalent (and 3 more: cell 2 lines 3, 4; cell 3 line 1)"
    )


def test_one_follow_up_per_cause_per_notebook_when_cells_migrate_one_by_one(tmp_path, monkeypatch):
    monkeypatch.setattr(tfmigrate.transforms, "all_transforms", lambda: (*TOY_RULES, Exploding))
    path = tmp_path / "nb.ipynb"
    cells = [new_code_cell("import tensorflow as tf\n" + cell.source) for cell in SESSIONS]
    write(path, notebook(*cells, new_code_cell("explode()  # keras")))
    result = run(path, Mode.CHECK)
    assert [(f.cell, f.line, f.code) for f in result.followups] == [(1, 3, "TFM901"), (4, 1, "TFM000")]
    assert result.followups[0].message.endswith("(and 3 more: cell 2 lines 4, 5; cell 3 line 2)")
