"""The table generators' ``--check`` (tools/_stored_table.py): a stale or missing stored table fails with a line that
names the file and the command that rewrites it; a current one passes; without ``--check`` the table is written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture
def generators(monkeypatch):
    monkeypatch.syspath_prepend(str(TOOLS))
    import gen_op_makers
    import gen_op_names
    import gen_scope_names

    return gen_op_names, gen_scope_names, gen_op_makers


@pytest.mark.parametrize("which", [0, 1, 2], ids=["gen_op_names", "gen_scope_names", "gen_op_makers"])
def test_check_names_the_stale_table_and_the_command_then_writing_makes_it_current(
    generators, which, tmp_path, monkeypatch, capsys
) -> None:
    module = generators[which]
    table = {"tensorflow_version": "2.21.0", "names": ["mean", "add"]}
    stored = tmp_path / "table.json"
    monkeypatch.setattr(module, "OUT", stored)
    monkeypatch.setattr(module, "names", lambda: table)
    script = f"{module.__name__}.py"

    assert module.main(["--check"]) == 1  # no table stored yet
    assert capsys.readouterr().err == f"{stored} is out of date for this TensorFlow: run tools/{script}\n"
    assert not stored.exists()

    assert module.main([]) == 0
    assert module.main(["--check"]) == 0
    written = stored.read_text(encoding="utf-8")
    assert written.startswith("{\n") and '"names": [\n"mean",\n"add"\n]' in written

    stored.write_text(written.replace("mean", "max"), encoding="utf-8")
    capsys.readouterr()
    assert module.main(["--check"]) == 1
    assert f"run tools/{script}" in capsys.readouterr().err
    assert "max" in stored.read_text(encoding="utf-8"), "--check leaves the stored table as it was"


def test_the_generators_end_in_the_one_helper(generators) -> None:
    from _stored_table import write_or_check

    for module in generators:
        assert module.write_or_check is write_or_check
    assert sys.modules["_stored_table"].__file__ == str(TOOLS / "_stored_table.py")
