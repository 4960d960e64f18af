"""Issue 13: no hangs, no tracebacks, and the command-line conventions users know from ruff and black."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PRIVATE, SCRIPT
from timeouts import limit
from typer.testing import CliRunner

from tfmigrate import FileResult, FollowUp, Options, Status, migrate_source
from tfmigrate.cli import app, use_color
from tfmigrate.discovery import discover
from tfmigrate.progress import Progress
from tfmigrate.summary import render, unmarked

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def tfmigrate(
    *args: str, cwd: Path, env: dict | None = None, timeout: float = limit(180)
) -> subprocess.CompletedProcess:
    """The console script in a subprocess; a hang fails the test after ``timeout`` instead of blocking the suite."""
    full_env = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", **(env or {})}
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, env=full_env, timeout=timeout)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


# 1. nothing blocks on a FIFO, with or without the cache, named or found in a directory


def test_fifo_never_blocks_with_the_cache_warm_or_cold(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    os.mkfifo(src / "pipe.py")
    os.mkfifo(src / ".gitignore")
    (src / "model.py").write_text(PRIVATE)
    env = {"TFMIGRATE_CACHE_DIR": str(tmp_path / "cache")}
    for run in ("cold", "warm"):
        proc = tfmigrate("--diff", "src/", cwd=tmp_path, env=env)
        assert proc.returncode == 1, (run, proc.stderr)
        assert "src/pipe.py: not a regular file" in proc.stderr, run
        assert "--- a/src/model.py" in proc.stdout, run
    named = tfmigrate("--diff", "src/pipe.py", cwd=tmp_path, env=env)
    assert named.returncode == 1 and "src/pipe.py: not a regular file" in named.stderr


# 2 and 3. a symlink loop or a dangling link named on the command line: one line each, counted as failed


def test_named_symlink_loop_and_dangling_link_are_reported_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.py").symlink_to("b.py")
    (tmp_path / "b.py").symlink_to("a.py")
    (tmp_path / "x.py").symlink_to("/nonexistent/target.py")
    proc = tfmigrate("--diff", "a.py", "x.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "RuntimeError" not in proc.stderr
    assert "  a.py: symlink loop" in proc.stderr
    assert "  x.py: broken symlink: /nonexistent/target.py does not exist" in proc.stderr
    assert "2 file(s) scanned, 0 would change, 0 unchanged, 2 failed" in proc.stderr


def test_discovery_yields_every_named_path_even_a_broken_one(tmp_path: Path) -> None:
    (tmp_path / "loop.py").symlink_to("loop.py")
    (tmp_path / "dangling.py").symlink_to(tmp_path / "gone.py")
    (tmp_path / "outside.py").symlink_to("/nonexistent.py")
    named = ["loop.py", "dangling.py", "outside.py"]
    found = [t.display for t in discover([tmp_path / n for n in named])]
    assert sorted(Path(d).name for d in found) == sorted(named)


# 4. NO_COLOR and FORCE_COLOR


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("color", "environ", "tty", "expected"),
    [
        pytest.param("auto", {}, True, True, id="terminal"),
        pytest.param("auto", {}, False, False, id="piped"),
        pytest.param("auto", {"NO_COLOR": "1"}, True, False, id="NO_COLOR on a terminal"),
        pytest.param("auto", {"NO_COLOR": ""}, True, True, id="empty NO_COLOR is unset"),
        pytest.param("auto", {"FORCE_COLOR": "1"}, False, True, id="FORCE_COLOR when piped"),
        pytest.param("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False, id="NO_COLOR over FORCE_COLOR"),
        pytest.param("auto", {"TERM": "dumb"}, True, False, id="dumb terminal"),
        pytest.param("always", {"NO_COLOR": "1"}, False, True, id="--color always wins"),
        pytest.param("never", {"FORCE_COLOR": "1"}, True, False, id="--color never wins"),
    ],
)
def test_color_conventions(color: str, environ: dict, tty: bool, expected: bool) -> None:
    assert use_color(color, Stream(tty), environ) is expected


def test_force_color_colors_a_piped_diff_unless_color_never(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(PRIVATE)
    forced = tfmigrate("--diff", "--no-cache", "a.py", cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert "\033[32m+from tensorflow.keras.layers import Dense\033[0m" in forced.stdout
    never = tfmigrate("--diff", "--no-cache", "--color", "never", "a.py", cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert "\033[" not in never.stdout and "+from tensorflow.keras.layers import Dense" in never.stdout


# 5. nothing to do is said


def test_no_python_files_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# docs\n")
    result = invoke("--diff", "--no-cache", "empty", "docs")
    assert result.exit_code == 0
    assert "tfmigrate: warning: no Python files found in empty, docs (none there, or all excluded)" in result.stderr
    assert "no Python files" not in invoke("--diff", "--no-cache", "-q", "empty").stderr


# 6. --list-rules by code, plain metavars, errors in tfmigrate's words


def test_list_rules_is_sorted_by_code() -> None:
    rows = invoke("--list-rules").stdout.splitlines()[1:]
    codes = [row.split()[0] for row in rows]
    assert codes == sorted(codes) and len(codes) >= 10


def test_help_metavars_read_as_words_not_types() -> None:
    text = invoke("--help").stdout
    assert not re.search(r"<(list\[|int|str|path|auto|text|3)", text), text
    assert "[OPTIONS] [PATH]...\n" in text
    assert "-j, --jobs N" in text and "--select CODES" in text and "--report PATH" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--jobs", "0", "x.py"], "--jobs must be a whole number of at least 1, not '0'", id="jobs 0"),
        pytest.param(["--jobs", "two", "x.py"], "--jobs must be a whole number of at least 1, not 'two'", id="jobs"),
        pytest.param(["--jobs"], "--jobs needs a value", id="missing value"),
        pytest.param(["--colr", "x.py"], "unknown option --colr (did you mean --color?)", id="typo"),
        pytest.param(["--color", "blue", "x.py"], "--color must be one of auto, always, never, not 'blue'", id="color"),
        pytest.param(["--keras", "2", "x.py"], "--keras must be one of 3, tf-keras, not '2'", id="keras"),
        pytest.param(["--output-format", "xml", "x.py"], "--output-format must be one of text, json", id="format"),
        pytest.param(["--diff=yes", "x.py"], "--diff takes no value", id="flag with a value"),
    ],
)
def test_usage_errors_are_in_tfmigrates_words(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tfmigrate: error: {message}"), result.stderr
    for jargon in ("Invalid value", "Value error", "Input should", "No such option", "Try '", "Usage:"):
        assert jargon not in result.stderr


# 7. progress counts bytes when one file is most of the work, and shows a long file is alive


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _files(root: Path, sizes: dict[str, int]):
    from tfmigrate.discovery import Target

    targets = []
    for name, size in sizes.items():
        (root / name).write_bytes(b"x = 1\n" * (size // 6))
        targets.append(Target(root / name, name))
    return targets


def test_progress_counts_bytes_when_one_file_dominates(tmp_path: Path) -> None:
    clock = Clock()
    stream = Stream(tty=True)
    progress = Progress(stream, enabled=True, clock=clock, ticking=False)
    progress.start(_files(tmp_path, {"a_small.py": 600, "big.py": 120_000, "c_small.py": 600}))
    progress.advance("a_small.py")
    assert stream.getvalue() == "", "a run of three files that is quick shows nothing"
    clock.now += 5
    line = progress.line()
    assert "600 B/118.4 KB" in line and "0:05" in line
    assert line.rstrip().endswith("big.py"), "names the file the output waits for"
    assert "files" not in line


def test_progress_counts_files_when_sizes_are_even(tmp_path: Path) -> None:
    clock = Clock()
    progress = Progress(Stream(tty=True), enabled=True, clock=clock, ticking=False)
    progress.start(_files(tmp_path, {f"m{i}.py": 600 for i in range(4)}))
    progress.advance()
    assert "1/4 files" in progress.line()


def test_a_long_single_file_shows_a_ticking_line(tmp_path: Path) -> None:
    stream = Stream(tty=True)
    progress = Progress(stream, enabled=True)
    progress.start(_files(tmp_path, {"huge.py": 60_000}))
    deadline = time.monotonic() + limit(60)
    while "huge.py" not in stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.1)
    progress.close()
    assert "tfmigrate [" in stream.getvalue() and "huge.py" in stream.getvalue()
    assert stream.getvalue().endswith("\r\033[K"), "cleared at the end"


# 8. follow-ups grouped by cause in the terminal summary


ADVICE = (
    "tf.train.Saver kept in graph mode (tf.compat.v1.train.Saver); to move to TF2, make this code eager and save "
    "with tf.train.Checkpoint, whose restore() still reads this Saver's checkpoints by variable name."
)


def _result(path: str, *followups: tuple[int, str, str]) -> FileResult:
    return FileResult(Path(path), Status.CHANGED, followups=[FollowUp(*f) for f in followups])


def test_followups_are_grouped_by_cause_with_the_advice_once() -> None:
    results = [
        _result("a.py", (3, "TFM201", ADVICE), (9, "TFM201", ADVICE), (4, "TFM305", "tf.flags is gone")),
        _result("b.py", (7, "TFM201", ADVICE)),
        _result("c.py", (2, "TFM201", ADVICE + " Needs graph mode: tf.placeholder (line 1)")),
    ]
    text = render(results, "would change")
    assert text.count("make this code eager") == 1
    assert "manual follow-ups (5):" in text
    assert "TFM201 (4 sites in 3 file(s))" in text
    assert "    a.py:3, 9\n" in text and "    b.py:7\n" in text
    assert "    c.py:2: Needs graph mode: tf.placeholder (line 1)\n" in text
    assert "  a.py:4: TFM305 tf.flags is gone\n" in text, "a cause met once keeps its one line"


def test_terminal_summary_is_cut_short_but_reports_keep_every_site() -> None:
    results = [_result(f"pkg/m{i:02d}.py", (5, "TFM201", ADVICE)) for i in range(30)]
    short = render(results, "would change", limit=True)
    assert "pkg/m00.py:5" in short and "pkg/m29.py" not in short
    assert "... and 23 more" in short and "--output-format json" in short
    full = render(results, "would change")
    assert all(f"pkg/m{i:02d}.py:5" in full for i in range(30))


# 9. --annotate marks every follow-up


ANNOTATE_SOURCE = """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K


def build(a):
    x = tf.placeholder(tf.float32, [None, 3])
    n = K.eye(3)
    return K.dot(
        a,
        a,
    )


saver = tf.train.Saver()
sess = tf.Session()
saver.save(sess, "/tmp/model.ckpt")
"""


def test_annotate_marks_the_statement_of_every_followup() -> None:
    options = Options(annotate=True)
    result = migrate_source(ANNOTATE_SOURCE, options, "m.py")
    assert result.followups, "the source must have follow-ups for this test to mean anything"
    out = result.migrated
    ast.parse(out)
    lines = out.splitlines()
    marks = [i for i, line in enumerate(lines) if line.lstrip().startswith("# tfmigrate: ")]
    marked = {(lines[i].split()[2]) for i in marks}
    assert {f.code for f in result.followups} <= marked
    for i in marks:
        nxt = next(line for line in lines[i + 1 :] if not line.lstrip().startswith("#"))
        assert not nxt.lstrip().startswith((")", "a,")), "a mark sits above a statement, never inside one"
    again = migrate_source(out, options, "m.py")
    assert again.migrated == out, "a second run adds no marks"
    assert migrate_source(ANNOTATE_SOURCE, Options(), "m.py").migrated.count("# tfmigrate:") == 0


def test_followups_with_no_line_are_said_to_be_unmarked() -> None:
    results = [_result("a.py", (0, "TFM104", "whole file"), (3, "TFM201", ADVICE))]
    assert unmarked(results) == "--annotate: 1 follow-up(s) with no line (TFM104) are not marked in the code\n"
    assert unmarked([_result("a.py", (3, "TFM201", ADVICE))]) == ""


# 10. examples/README.md lists every example


def test_examples_readme_lists_every_example_file() -> None:
    readme = (EXAMPLES / "README.md").read_text()
    listed = set(re.findall(r"`([\w./-]+\.(?:py|ipynb))`", readme))
    present = {p.name for p in EXAMPLES.iterdir() if p.suffix in (".py", ".ipynb")}
    assert present and listed == present


# issue 15: --version and --help start without the engine


PROBE = """
import sys
sys.argv = ["tfmigrate", %r]
import tfmigrate
from tfmigrate.cli import main
try:
    main()
except SystemExit:
    pass
heavy = ("libcst", "typer", "click", "rich", "pydantic", "pathspec", "tensorflow", "keras", "tf_keras",
         "tfmigrate.api", "tfmigrate.engine", "tfmigrate.transforms")
print(sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")}))
"""


def _probe(option: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE % option],
        capture_output=True,
        text=True,
        timeout=limit(120),
        env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
    )


def test_version_imports_neither_the_engine_nor_typer_nor_tensorflow() -> None:
    from tfmigrate import __version__

    version = _probe("--version")
    assert version.stdout == f"tfmigrate {__version__}\n[]\n", version.stderr


def test_help_imports_typer_but_not_the_engine_and_reads_as_typer_renders_it() -> None:
    usage = _probe("--help")
    text, _, imported = usage.stdout.rstrip("\n").rpartition("\n")
    assert imported in ("['typer']", "['pydantic', 'typer']", "['click', 'typer']"), (imported, usage.stderr)
    # On a terminal click wraps help at min(COLUMNS, 80) - 2; CliRunner would force 80 unless told the width.
    rendered = CliRunner().invoke(app, ["--help"], prog_name="tfmigrate", env={"NO_COLOR": "1"}, terminal_width=78)
    assert rendered.exit_code == 0
    assert text + "\n" == rendered.output, "the console script's --help is the typer-rendered help, byte for byte"
