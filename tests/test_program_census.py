"""tools/program_census.py counts a program run twice in one mode with the same arguments as a repeat, and not the
run that resumes from the first one's folder, nor a run with other arguments, nor what is no program."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "program_census.py"
_spec = importlib.util.spec_from_file_location("program_census", TOOL)
assert _spec is not None and _spec.loader is not None
program_census = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(program_census)


def _record(plain: str, mode: str, cwd: str, argv: list[str] = (), file: str = "p.py") -> dict:
    return {"plain": plain, "mode": mode, "cwd": cwd, "argv": list(argv), "file": file}


def test_repeats_are_the_same_text_mode_and_arguments(tmp_path: Path) -> None:
    records = [
        _record("a", "eager", "/tmp/pytest-of-x/pytest-3/popen-gw0/test_one0/mig/a"),
        _record("a", "eager", "/tmp/pytest-of-x/pytest-3/popen-gw1/test_two0/mig/a"),  # the same work again
        _record("a", "eager", "/tmp/pytest-of-x/pytest-3/popen-gw1/test_two0/mig_resume/a"),  # resumes: other work
        _record("a", "graph", "/tmp/pytest-of-x/pytest-3/popen-gw0/test_one0/base/a"),
        _record("b", "eager", "/tmp/r/programs0/b", ["/tmp/r/programs0/b/old_ckpt"]),
        _record("b", "eager", "/tmp/r/programs0/b", ["/tmp/r/programs0/b/new_ckpt"]),
        _record("c", "eager", "/work", file="<unknown>"),  # ast.parse: no program
        _record("c", "eager", "/work", file="<unknown>"),
    ]
    (tmp_path / "1.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken")
    found = program_census.runs(tmp_path)
    assert len(found) == 6
    twice = program_census.repeats(found)
    assert [(key[:2], len(runs)) for key, runs in twice] == [(("a", "eager"), 2)]
    assert sorted(program_census.where(r) for r in twice[0][1]) == ["test_one", "test_two"]
