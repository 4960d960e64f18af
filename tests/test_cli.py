"""The command-line contract of issue 2, line by line: through the console script's entry point called in the test's
process (conftest.invoke_cli: its streams, working directory and environment, without a process's 1.3 CPU-s of
start-up), and through the real installed script in a subprocess where a process is the point: an in-place rewrite
by its worker pool, stdin through a pipe, ``-j``, a terminal, ``python -m``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PRIVATE, PUBLIC, invoke_cli, run_cli
from timeouts import limit

PY2 = "print 'hello'\nimport tensorflow as tf\n"


def make_tree(root: Path) -> None:
    (root / "pkg").mkdir()
    (root / "pkg" / "a.py").write_text(PRIVATE)
    (root / "pkg" / "b.py").write_text(PRIVATE.replace("layer =", "other ="))
    (root / "pkg" / "clean.py").write_text("import tensorflow as tf\n\nx = tf.constant(1)\n")
    (root / "notf.py").write_text("import os\nprint(os.getcwd())\n")


def test_rewrites_in_place_and_exits_0(tmp_path: Path) -> None:
    make_tree(tmp_path)
    proc = run_cli("pkg", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "pkg" / "a.py").read_text() == PUBLIC
    assert "2 migrated" in proc.stderr.decode()


def test_diff_prints_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path)
    proc = invoke_cli("--diff", "pkg", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "--- a/pkg/a.py\n+++ b/pkg/a.py\n" in out
    assert "-from tensorflow.python.keras.layers import Dense\n+from tensorflow.keras.layers import Dense\n" in out
    assert "\033[" not in out, "piped output must be plain"
    assert (tmp_path / "pkg" / "a.py").read_text() == PRIVATE


def test_diff_exit_0_when_nothing_would_change(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text(PUBLIC)
    proc = invoke_cli("--diff", "ok.py", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == b""


def test_color_always_and_never(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(PRIVATE)
    colored = invoke_cli("--diff", "--color", "always", "a.py", cwd=tmp_path).stdout.decode()
    assert "\033[32m+from tensorflow.keras.layers import Dense\033[0m" in colored
    assert "\033[31m-" in colored
    plain = invoke_cli("--diff", "--color", "never", "a.py", cwd=tmp_path).stdout.decode()
    assert "\033[" not in plain


def test_color_auto_on_a_terminal(tmp_path: Path) -> None:
    import pty

    (tmp_path / "a.py").write_text(PRIVATE)
    pid, fd = pty.fork()
    if pid == 0:
        import os

        os.chdir(tmp_path)
        os.execv(str(Path(sys.executable).parent / "tfmigrate"), ["tfmigrate", "--diff", "a.py"])
    chunks = []
    while True:
        try:
            data = __import__("os").read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    __import__("os").waitpid(pid, 0)
    assert b"\033[32m" in b"".join(chunks)


def test_check_lists_files_and_writes_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path)
    proc = invoke_cli("--check", "pkg", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == ["would migrate pkg/a.py", "would migrate pkg/b.py"]
    assert (tmp_path / "pkg" / "a.py").read_text() == PRIVATE


def test_check_exit_0_when_clean(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text(PUBLIC)
    assert invoke_cli("--check", "ok.py", cwd=tmp_path).returncode == 0


def test_diff_and_check_together_is_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(PRIVATE)
    assert invoke_cli("--diff", "--check", "a.py", cwd=tmp_path).returncode == 2


def test_stdin_to_stdout() -> None:
    proc = run_cli("-", stdin=PRIVATE.encode())
    assert proc.returncode == 0
    assert proc.stdout.decode() == PUBLIC


def test_stdin_diff_uses_stdin_filename() -> None:
    proc = invoke_cli("--diff", "--stdin-filename", "src/model.py", "-", stdin=PRIVATE.encode())
    assert proc.returncode == 1
    assert "--- a/src/model.py" in proc.stdout.decode()


def test_stdin_parse_error_names_stdin_filename_and_echoes_input() -> None:
    proc = invoke_cli("--stdin-filename", "legacy.py", "-", stdin=PY2.encode())
    assert proc.returncode == 1
    assert "legacy.py:1" in proc.stderr.decode()
    assert proc.stdout.decode() == PY2


def test_select_and_ignore_take_codes_and_prefixes(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(PRIVATE)
    assert invoke_cli("--check", "--ignore", "TFM001", "a.py", cwd=tmp_path).returncode == 0
    assert invoke_cli("--check", "--ignore", "tfm0", "a.py", cwd=tmp_path).returncode == 0
    assert invoke_cli("--check", "--select", "TFM0", "a.py", cwd=tmp_path).returncode == 1
    assert invoke_cli("--check", "--select", "TFM001,TFM002", "a.py", cwd=tmp_path).returncode == 1


def test_unknown_code_is_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(PRIVATE)
    proc = invoke_cli("--select", "XYZ9", "a.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "XYZ9" in proc.stderr.decode()


def test_list_rules_and_explain() -> None:
    table = invoke_cli("--list-rules")
    assert table.returncode == 0
    assert "TFM001" in table.stdout.decode() and "safe" in table.stdout.decode()
    explained = invoke_cli("--explain", "TFM001")
    text = explained.stdout.decode()
    assert explained.returncode == 0
    assert "What it does" in text and "--- a/example.py" in text
    assert invoke_cli("--explain", "TFM999").returncode == 2


def test_jobs_give_the_same_output_in_sorted_order(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"m{i:02d}.py").write_text(PRIVATE)
    one = run_cli("--diff", "-j", "1", ".", cwd=tmp_path)
    two = run_cli("--diff", "--jobs", "2", ".", cwd=tmp_path)
    assert one.stdout == two.stdout
    names = [line for line in one.stdout.decode().splitlines() if line.startswith("--- a/")]
    assert names == sorted(names) and len(names) == 12


def test_discovery_skips_ignored_and_tooling_directories(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("generated/\nskip_me.py\n")
    for rel in [
        "keep.py",
        "generated/g.py",
        "skip_me.py",
        ".git/h.py",
        "venv/lib/v.py",
        "build/b.py",
        "dist/d.py",
        "__pycache__/c.py",
        "lib/site-packages/s.py",
        "env2/x.py",
        "other/e.py",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PRIVATE)
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")
    proc = invoke_cli("--check", "--exclude", "other/", ".", cwd=tmp_path)
    assert proc.stdout.decode().splitlines() == ["would migrate keep.py"]


def test_explicit_file_is_always_processed(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("skip_me.py\n")
    (tmp_path / "skip_me.py").write_text(PRIVATE)
    proc = invoke_cli("--check", "--exclude", "skip_me.py", "skip_me.py", cwd=tmp_path)
    assert proc.stdout.decode().splitlines() == ["would migrate skip_me.py"]


def test_summary_on_stderr(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "pkg" / "bad.py").write_text(PY2)
    (tmp_path / "pkg" / "hdf5.py").write_text("from tensorflow.python.keras.saving import hdf5_format\n")
    proc = invoke_cli("--diff", "pkg", cwd=tmp_path)
    err = proc.stderr.decode()
    assert "5 file(s) scanned, 2 would change, 2 unchanged, 1 failed" in err
    assert "TFM001 2" in err
    assert "pkg/bad.py:1:" in err
    assert "manual follow-ups (1):" in err and "pkg/hdf5.py:1: TFM001" in err


def test_failure_gives_exit_1_but_other_files_are_migrated(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "pkg" / "bad.py").write_text(PY2)
    proc = invoke_cli("pkg", cwd=tmp_path)
    assert proc.returncode == 1
    assert (tmp_path / "pkg" / "a.py").read_text() == PUBLIC
    assert (tmp_path / "pkg" / "bad.py").read_text() == PY2


def test_missing_path_and_no_path_are_usage_errors(tmp_path: Path) -> None:
    assert invoke_cli("nope.py", cwd=tmp_path).returncode == 2
    assert invoke_cli(cwd=tmp_path).returncode == 2


def test_help_documents_exit_status() -> None:
    proc = invoke_cli("--help")
    assert proc.returncode == 0
    assert "Exit status" in proc.stdout.decode()


def test_python_dash_m(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(PRIVATE)
    proc = subprocess.run(
        [sys.executable, "-m", "tfmigrate", "--check", "a.py"], cwd=tmp_path, capture_output=True, timeout=limit(120)
    )
    assert proc.returncode == 1
    assert b"would migrate a.py" in proc.stdout
