"""A module-level loop whose body branches on the loop variable, written out pass by pass
(tfmigrate/transforms/session/loop_branches.py); the fixture eager_layer_loop_branches_on_the_pass runs the
converted case on real TF. Where a pass is not decided by its value, or the loop's last value is read after it,
the loop stays as written (and the helper it calls per pass keeps the graph tier)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from program_checks import reasons

from tfmigrate.transforms.session import loop_branches

FIXTURE = Path(__file__).parent / "fixtures" / "TFM201" / "eager_layer_loop_branches_on_the_pass.before.py"
LOOP = """for i in range(n_layers):
    if i == 0:
        h = dense(x, n_input, n_hidden)
    elif i == n_layers - 1:
        out = dense(h, n_hidden, 1, act=tf.identity)
    else:
        h = dense(h, n_hidden, n_hidden)
"""


def _written_out(source: str) -> str | None:
    module = cst.parse_module(source)
    decided = loop_branches.decide(module, lambda node: None, lambda node: 0)
    return None if decided is None else decided[0].code


def test_each_pass_takes_the_branch_its_value_decides() -> None:
    source = FIXTURE.read_text()
    assert LOOP in source
    code = _written_out(source)
    assert code is not None and "for i in range(n_layers)" not in code
    passes = "h = dense(x, n_input, n_hidden)\nh = dense(h, n_hidden, n_hidden)\nh = dense(h, n_hidden, n_hidden)\n"
    assert passes + "out = dense(h, n_hidden, 1, act=tf.identity)\n" in code


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("loss = ", "print(i)\nloss = ", id="the last value read after the loop"),
        pytest.param("    if i == 0:", "    if i == depth:", id="a test on a name bound twice"),
        pytest.param("    if i == 0:", "    if i is 0:", id="an identity test (CPython's small-integer cache)"),
        pytest.param("    if i == 0:", "    if i in (0,):", id="a membership test"),
        pytest.param(
            "        h = dense(h, n_hidden, n_hidden)",
            "        h = dense(h, n_hidden, n_hidden)\n        break",
            id="break",
        ),
    ],
)
def test_a_loop_its_values_do_not_decide_stays(old: str, new: str) -> None:
    source = (
        FIXTURE.read_text()
        .replace(old, new, 1)
        .replace("n_layers = 3, 5, 4\n", "n_layers = 3, 5, 4\ndepth = 0\ndepth = 1\n")
    )
    assert _written_out(source) is None
    assert reasons(source)  # the graph tier: the helper builds its variables per pass of a loop kept as written
