"""cstfields.signed_integer: the one reader of an integer literal's value (RNN list indices, loop bounds, graph
seeds), checked against Python's own value of the same text."""

from __future__ import annotations

import libcst as cst
import pytest

from tfmigrate.cstfields import signed_integer


@pytest.mark.parametrize("code", ["3", "-1", "--2", "-(4)", "0x10", "-0o7", "0b11", "1_000", "00"])
def test_a_literal_reads_as_python_evaluates_it(code: str) -> None:
    assert signed_integer(cst.parse_expression(code)) == eval(code)


@pytest.mark.parametrize("code", ["x", "-x", "+1", "1.0", "~1", "1 + 1", "True", "f(1)"])
def test_anything_else_is_not_read(code: str) -> None:
    assert signed_integer(cst.parse_expression(code)) is None


def test_a_name_is_read_by_the_reader_given_under_any_minus() -> None:
    constants = {"n_steps": 28}

    def named(name: cst.Name) -> int | None:
        return constants.get(name.value)

    assert signed_integer(cst.parse_expression("-n_steps"), named) == -28
    assert signed_integer(cst.parse_expression("n_steps"), named) == 28
    assert signed_integer(cst.parse_expression("-batch"), named) is None
