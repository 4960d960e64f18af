"""Hostile inputs through the real API and CLI: each is migrated faithfully or reported clearly, never lost.

tests/test_safety.py holds the basic promises (parse errors untouched, CRLF/BOM/cookie kept, mode bits, atomic
write); this file goes after the files real trees contain that nobody plans for.
"""

from __future__ import annotations

import ast
import codecs
import os
import tempfile
import time
from pathlib import Path

import pytest
from conftest import PRIVATE, PUBLIC, run_cli
from timeouts import limit

import tfmigrate.api as api
from tfmigrate import Options, Status, migrate_paths
from tfmigrate.api import Mode
from tfmigrate.engine import MAX_SOURCE_CHARS

OLD_IMPORT = b"from tensorflow.python.keras.layers import Dense"
NEW_IMPORT = b"from tensorflow.keras.layers import Dense"


def write_run(*paths: Path, jobs: int = 1):
    return {r.path.name: r for r in migrate_paths(list(paths), Options(), Mode.WRITE, jobs=jobs)}


def expected_rewrite(data: bytes) -> bytes:
    """TFM001 changes only the import line; every other byte (newlines, tabs, form feeds) must survive."""
    assert data.count(OLD_IMPORT) == 1
    return data.replace(OLD_IMPORT, NEW_IMPORT)


PYTHON2 = {
    "except-comma": (b"import tensorflow as tf\ntry:\n    pass\nexcept ValueError, e:\n    pass\n", 4),
    "backticks": (b"import tensorflow as tf\nx = `tf`\n", 2),
    "exec-statement": (b"import tensorflow as tf\nexec 'x = 1'\n", 2),
    "long-literal": (b"import tensorflow as tf\nsteps = 10L\n", 2),
    "octal-literal": (b"import tensorflow as tf\nmode = 0777\n", 2),
    "ur-string": (b"import tensorflow as tf\nx = ur'abc'\n", 2),
    "raise-comma": (b"import tensorflow as tf\nraise ValueError, 'bad'\n", 2),
    "diamond": (b"import tensorflow as tf\nif 1 <> 2:\n    pass\n", 2),
}


@pytest.mark.parametrize("case", sorted(PYTHON2))
def test_python2_syntax_is_reported_with_line_and_untouched(tmp_path: Path, case: str) -> None:
    data, line = PYTHON2[case]
    path = tmp_path / "legacy.py"
    path.write_bytes(data)
    result = write_run(path)["legacy.py"]
    assert result.status is Status.FAILED
    assert "does not parse" in result.error
    assert result.error_line == line
    assert path.read_bytes() == data


def test_tabs_and_spaces_python_accepts_are_reported_with_line_and_cause(tmp_path: Path) -> None:
    """A body indented two spaces and three tabs under two tabs (deeper under tab sizes 8 and 1, so CPython runs
    it; held-out 16, r4): libcst's tokenizer rejects it. One line names the line, the cause and the remedy, the
    file stays as it is, and the remedy it names gives a file tfmigrate migrates."""
    data = (
        b"import tensorflow as tf\n\nx = tf.placeholder(tf.float32)\nwith tf.Session() as sess:\n"
        b"\tfor _ in range(1):\n\t\ttry:\n  \t\t\tprint(sess.run(x * 2, {x: 3.0}))\n"
        b"\t\texcept tf.errors.OutOfRangeError:\n\t\t\tbreak\n"
    )
    ast.parse(data)
    path = tmp_path / "mixed.py"
    path.write_bytes(data)
    result = write_run(path)["mixed.py"]
    assert result.status is Status.FAILED
    assert result.error_line == 7
    assert "mixes tabs and spaces" in result.error and "expand -i -t 8" in result.error
    assert path.read_bytes() == data
    path.write_bytes(data.decode().expandtabs(8).encode())  # what `expand -i -t 8` does to these lines
    assert write_run(path)["mixed.py"].status is Status.CHANGED


UNREADABLE = {
    "png-renamed": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDRtensorflow", "binary file"),
    "utf16-with-bom": (codecs.BOM_UTF16_LE + "import tensorflow as tf\n".encode("utf-16-le"), "binary file"),
    "high-bytes-no-cookie": (b"import tensorflow as tf\nx = '\x80\x81\xfe'\n", "cannot decode"),
    "unknown-cookie": (b"# -*- coding: klingon -*-\nimport tensorflow as tf\n", "encoding"),
    "bom-contradicts-cookie": (codecs.BOM_UTF8 + b"# coding: latin-1\nimport tensorflow as tf\n", "encoding"),
    "truncated-utf8": (b"import tensorflow as tf\nname = '\xc3'\n", "cannot decode"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_undecodable_and_binary_files_are_reported_and_untouched(tmp_path: Path, case: str) -> None:
    data, reason = UNREADABLE[case]
    path = tmp_path / "weird.py"
    path.write_bytes(data)
    good = tmp_path / "good.py"
    good.write_text(PRIVATE)
    results = write_run(tmp_path)
    assert results["weird.py"].status is Status.FAILED
    assert reason in results["weird.py"].error
    assert path.read_bytes() == data
    assert good.read_text() == PUBLIC


ENCODED = {
    "latin-1": ("latin-1", "# Auteur : Élodie Müller, café ±\n", "s = 'naïve £ ¥'\n"),
    "cp1252": ("cp1252", "# €uro “quotes” – dash\n", "s = '€ ‰ œ'\n"),
    "shift_jis": ("shift_jis", "# 日本語のコメント\n", "s = 'テンソル'\n"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_pep263_non_utf8_text_survives_a_rewrite_byte_for_byte(tmp_path: Path, case: str) -> None:
    encoding, comment, literal = ENCODED[case]
    text = f"# -*- coding: {encoding} -*-\n{comment}{PRIVATE}{literal}"
    data = text.encode(encoding)
    path = tmp_path / "encoded.py"
    path.write_bytes(data)
    result = write_run(path)["encoded.py"]
    assert result.status is Status.CHANGED, result.error
    assert path.read_bytes() == expected_rewrite(data)
    assert literal.strip() in path.read_text(encoding=encoding)


LAYOUT = {
    "bom-and-crlf": codecs.BOM_UTF8 + b"import os\r\n" + OLD_IMPORT + b"\r\n\r\nlayer = Dense(3)\r\n",
    "mixed-newlines": b"import os\r\n" + OLD_IMPORT + b"\nx = 1\r\ny = 2\rz = 3\n",
    "old-mac-cr-only": b"import os\r" + OLD_IMPORT + b"\rlayer = Dense(3)\r",
    "form-feeds": OLD_IMPORT + b"\n\x0c\ndef f():\n    return Dense(3)\n\x0c\n\x0cclass C:\n    pass\n",
    "tabs": OLD_IMPORT + b"\nclass C:\n\tdef f(self):\n\t\tif True:\n\t\t\treturn Dense(3)  # \ttab in comment\n",
    "no-final-newline-crlf": b"import os\r\n" + OLD_IMPORT,
    "trailing-whitespace": OLD_IMPORT + b"   \n\nlayer = Dense(3)\t \n   \n",
    "line-continuations": OLD_IMPORT + b"\nx = 1 + \\\n    2\nlayer = Dense(\\\n3)\n",
    "nul-free-control-chars": OLD_IMPORT + b"\ns = '\x01\x02\x1b[31m'\n",
}


@pytest.mark.parametrize("case", sorted(LAYOUT))
def test_odd_layout_is_kept_exactly_except_for_the_rewrite(tmp_path: Path, case: str) -> None:
    data = LAYOUT[case]
    path = tmp_path / "layout.py"
    path.write_bytes(data)
    result = write_run(path)["layout.py"]
    assert result.status is Status.CHANGED, result.error
    assert path.read_bytes() == expected_rewrite(data)
    assert write_run(path)["layout.py"].status is Status.UNCHANGED


@pytest.mark.parametrize(
    "data",
    [b"", b"\n", b"\r\n", b"   \n\t\n", b"# tensorflow keras\n", b'"""tensorflow"""\n', codecs.BOM_UTF8],
    ids=["empty", "newline", "crlf", "whitespace", "comment-only", "docstring-only", "bom-only"],
)
def test_empty_and_trivial_files_are_unchanged(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "trivial.py"
    path.write_bytes(data)
    result = write_run(path)["trivial.py"]
    assert result.status is Status.UNCHANGED, result.error
    assert path.read_bytes() == data


def test_20mb_file_without_tensorflow_is_skipped_quickly(tmp_path: Path) -> None:
    path = tmp_path / "big.py"
    chunk = b"".join(b"value_%06d = [%d, %d, %d]\n" % (i, i, i + 1, i + 2) for i in range(10_000))
    data = chunk * (20_000_000 // len(chunk) + 1)
    path.write_bytes(data)
    result = write_run(path)["big.py"]
    assert result.status is Status.UNCHANGED
    assert path.stat().st_size >= 20_000_000
    assert path.read_bytes() == data


def test_20mb_tensorflow_file_is_refused_with_a_clear_reason(tmp_path: Path) -> None:
    path = tmp_path / "generated_ops.py"
    body = b"".join(b"x%06d = tf.constant(%d)\n" % (i, i) for i in range(20_000))
    data = b"import tensorflow as tf\n" + body * (20_000_000 // len(body) + 1)
    path.write_bytes(data)
    assert len(data) > MAX_SOURCE_CHARS
    result = write_run(path)["generated_ops.py"]
    assert result.status is Status.FAILED
    assert "too large" in result.error
    assert path.read_bytes() == data


DEEP = {
    "long-sum": "x = tf.constant(" + "+".join(["1"] * 2500) + ")\n",
    "nested-lists": "x = tf.constant(" + "[" * 190 + "1" + "]" * 190 + ")\n",
    "nested-calls": "x = " + "tf.identity(" * 150 + "1" + ")" * 150 + "\n",
    "long-attribute-chain": "x = tf" + ".a" * 3000 + "\n",
    "deep-unary": "x = " + "-" * 3000 + "tf.constant(1)\n",
    "nested-ifs": "".join("    " * i + "if x:\n" for i in range(98)) + "    " * 98 + "s = tf.Session()\n",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_nesting_is_migrated_or_reported_never_a_crash(tmp_path: Path, case: str) -> None:
    data = ("import tensorflow as tf\n" + DEEP[case]).encode()
    path = tmp_path / "deep.py"
    path.write_bytes(data)
    other = tmp_path / "other.py"
    other.write_text(PRIVATE)
    results = write_run(tmp_path, jobs=2)
    result = results["deep.py"]
    if result.status is Status.FAILED:
        assert "nested too deeply" in result.error or "does not parse" in result.error
        assert path.read_bytes() == data
    else:
        ast.parse(path.read_bytes())
    assert other.read_text() == PUBLIC


def test_symlink_inside_tree_is_rewritten_once_at_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.py"
    real.write_text(PRIVATE)
    (tmp_path / "alias.py").symlink_to(real)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "alias2.py").symlink_to("../real.py")
    results = list(migrate_paths([tmp_path], Options(), Mode.WRITE, jobs=1))
    assert len(results) == 1 and results[0].written
    assert real.read_text() == PUBLIC
    assert (tmp_path / "alias.py").is_symlink() and (tmp_path / "sub" / "alias2.py").is_symlink()


def test_symlink_out_of_the_tree_is_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.py"
    victim.write_text(PRIVATE)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.py").symlink_to(victim)
    (tree / "linkdir").symlink_to(outside, target_is_directory=True)
    (tree / "own.py").write_text(PRIVATE)
    results = write_run(tree)
    assert set(results) == {"own.py"}
    assert victim.read_text() == PRIVATE


def test_symlink_loops_and_dangling_links_do_not_hang_or_crash(tmp_path: Path) -> None:
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    (tmp_path / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "self").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "good.py").write_text(PRIVATE)
    results = write_run(tmp_path)
    assert (tmp_path / "good.py").read_text() == PUBLIC
    for name in ("a.py", "b.py", "dangling.py"):
        if name in results:
            assert results[name].status is Status.FAILED and results[name].error
        assert (tmp_path / name).is_symlink()


def test_fifo_named_like_source_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "good.py").write_text(PRIVATE)
    results = write_run(tmp_path)
    assert results["pipe.py"].status is Status.FAILED
    assert "not a regular file" in results["pipe.py"].error
    assert (tmp_path / "good.py").read_text() == PUBLIC


def _hook_between_read_and_write(monkeypatch: pytest.MonkeyPatch, action) -> None:
    real = api.migrate_text

    def migrate_then_interfere(text, options, filename="<string>"):
        outcome = real(text, options, filename)
        action(Path(filename))
        return outcome

    monkeypatch.setattr(api, "migrate_text", migrate_then_interfere)


def test_file_deleted_during_the_run_is_not_recreated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gone.py"
    path.write_text(PRIVATE)
    _hook_between_read_and_write(monkeypatch, lambda p: p.unlink())
    result = write_run(path)["gone.py"]
    assert result.status is Status.FAILED and "deleted" in result.error
    assert not path.exists()
    assert not list(tmp_path.iterdir())


def test_same_size_edit_with_restored_mtime_is_still_detected(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "edited.py"
    path.write_text(PRIVATE)
    st = path.stat()
    edited = PRIVATE.replace("layer = Dense(3)", "layer = Dense(7)")
    assert len(edited) == len(PRIVATE)

    def edit(p: Path) -> None:
        p.write_text(edited)
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))

    _hook_between_read_and_write(monkeypatch, edit)
    result = write_run(path)["edited.py"]
    assert result.status is Status.FAILED and "changed while tfmigrate ran" in result.error
    assert path.read_text() == edited


def test_file_replaced_by_a_directory_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "swap.py"
    path.write_text(PRIVATE)

    def swap(p: Path) -> None:
        p.unlink()
        p.mkdir()

    _hook_between_read_and_write(monkeypatch, swap)
    result = write_run(path)["swap.py"]
    assert result.status is Status.FAILED and result.error
    assert path.is_dir()


def _hostile_tree(root: Path) -> dict[str, bytes]:
    files = {
        "ok.py": PRIVATE.encode(),
        "py2.py": PYTHON2["except-comma"][0],
        "binary.py": UNREADABLE["png-renamed"][0],
        "latin.py": ("# -*- coding: latin-1 -*-\n# Café\n" + PRIVATE).encode("latin-1"),
        "crlf.py": LAYOUT["bom-and-crlf"],
        "formfeed.py": LAYOUT["form-feeds"],
        "empty.py": b"",
        "deep.py": ("import tensorflow as tf\n" + DEEP["long-sum"]).encode(),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    (root / os.fsdecode(b"caf\xe9-undecodable-name.py")).write_bytes(PRIVATE.encode())
    (root / "loop1.py").symlink_to(root / "loop2.py")
    (root / "loop2.py").symlink_to(root / "loop1.py")
    readonly = root / "readonly.py"
    readonly.write_text(PRIVATE)
    readonly.chmod(0o444)
    files["readonly.py"] = PRIVATE.encode()
    return files


def test_cli_over_a_hostile_tree_reports_each_file_and_loses_nothing(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    files = _hostile_tree(tree)
    cache = tempfile.mkdtemp(dir=tmp_path)
    proc = run_cli("-j", "2", "tree", cwd=tmp_path, env={"TFMIGRATE_CACHE_DIR": cache})
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    for name in ("py2.py", "binary.py", "readonly.py", "loop1.py"):
        assert f"tree/{name}" in err, name
    assert "read-only" in err and "binary file" in err and "does not parse" in err
    assert (tree / "ok.py").read_text() == PUBLIC
    assert (tree / os.fsdecode(b"caf\xe9-undecodable-name.py")).read_text() == PUBLIC
    assert (tree / "latin.py").read_bytes() == expected_rewrite(files["latin.py"])
    assert (tree / "crlf.py").read_bytes() == expected_rewrite(files["crlf.py"])
    assert (tree / "formfeed.py").read_bytes() == expected_rewrite(files["formfeed.py"])
    for name in ("py2.py", "binary.py", "empty.py", "readonly.py"):
        assert (tree / name).read_bytes() == files[name], name
    deep = (tree / "deep.py").read_bytes()
    assert deep == files["deep.py"] or ast.parse(deep)
    assert not [p for p in tree.iterdir() if p.name.startswith(".tfmigrate-")]


def test_worker_killed_mid_file_reports_that_file_and_the_run_goes_on(tmp_path, monkeypatch) -> None:
    """What the kernel's OOM killer or a crash in native code does: the run must neither hang nor lose files."""
    real = api.migrate_text

    def die_on_killer(text, options, filename="<string>"):
        if "killer" in filename:
            os.kill(os.getpid(), 9)
        return real(text, options, filename)

    monkeypatch.setattr(api, "migrate_text", die_on_killer)
    for i in range(6):
        (tmp_path / f"mod{i}.py").write_text(PRIVATE)
    (tmp_path / "killer.py").write_text(PRIVATE)
    results = write_run(tmp_path, jobs=2)
    assert results["killer.py"].status is Status.FAILED
    assert "worker process died" in results["killer.py"].error
    assert (tmp_path / "killer.py").read_text() == PRIVATE
    for i in range(6):
        assert results[f"mod{i}.py"].written
        assert (tmp_path / f"mod{i}.py").read_text() == PUBLIC


def test_a_file_written_before_the_pool_broke_is_reported_written_once(tmp_path, monkeypatch) -> None:
    """The pool breaks (a worker killed) after another worker replaced its file but before its result came back:
    the file must be reported as the run changed and wrote it (a retry would find it TF2 already and say
    UNCHANGED), and must not be written a second time. Made certain here: the worker that writes a mod file first
    holds on to its result until the killer's worker has died."""
    real_migrate, real_write = api.migrate_text, api.atomic_write
    tree, held, log = tmp_path / "tree", tmp_path / "held", tmp_path / "writes.log"
    tree.mkdir()

    def die_once_a_write_is_held(text, options, filename="<string>"):
        if "killer" in filename:
            deadline = time.monotonic() + limit(60)
            while not held.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(os.getpid(), 9)
        return real_migrate(text, options, filename)

    def write_and_hold_the_first(source, text):
        real_write(source, text)
        with open(log, "a") as out:
            out.write(source.path.name + "\n")
        if not held.exists():
            held.touch()
            time.sleep(limit(60))  # ended by the pool's SIGTERM once the killer's worker is gone

    monkeypatch.setattr(api, "migrate_text", die_once_a_write_is_held)
    monkeypatch.setattr(api, "atomic_write", write_and_hold_the_first)
    (tree / "killer.py").write_text(PRIVATE)
    for i in range(6):
        (tree / f"mod{i}.py").write_text(PRIVATE)
    results = write_run(tree, jobs=2)
    assert results["killer.py"].status is Status.FAILED and "worker process died" in results["killer.py"].error
    writes = log.read_text().split()
    assert sorted(writes) == [f"mod{i}.py" for i in range(6)]  # each once, the held one included
    first = results[writes[0]]
    assert first.status is Status.CHANGED and first.written
    assert [c.code for c in first.changes] == [c.code for c in results["mod5.py"].changes] != []
    for i in range(6):
        assert results[f"mod{i}.py"].status is Status.CHANGED and results[f"mod{i}.py"].written
        assert (tree / f"mod{i}.py").read_text() == PUBLIC
