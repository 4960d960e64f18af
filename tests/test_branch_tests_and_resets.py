"""The one evaluator of ``if`` tests (branch_tests.py) and the one reader of graph resets (graph_resets.py), on
their own: no TensorFlow, no migration."""

from __future__ import annotations

import libcst as cst
import pytest

from tfmigrate.transforms.session import branch_tests
from tfmigrate.transforms.session.graph_resets import Resets

UNDECIDED = branch_tests.UNDECIDED


@pytest.mark.parametrize(
    ("test", "values", "expected"),
    [
        pytest.param("not FLAG", {"FLAG": False}, True, id="not a constant"),
        pytest.param(
            "(species == 'w_gan') and phase in ('train', 'both')",
            {"species": "w_gan", "phase": "train"},
            True,
            id="a chain's test",
        ),
        pytest.param("self.multi_label is None", {"self.multi_label": None}, True, id="an attribute"),
        pytest.param("flag is 1", {"flag": True}, UNDECIDED, id="is on a number is not read as True"),
        pytest.param("flag", {"flag": UNDECIDED}, UNDECIDED, id="a name whose value is not known"),
        pytest.param("flag == other", {"flag": 1}, UNDECIDED, id="an unknown name"),
        pytest.param("f()", {}, UNDECIDED, id="a call"),
    ],
)
def test_a_test_has_one_value_or_none(test: str, values: dict, expected: object) -> None:
    got = branch_tests.value(cst.parse_expression(test), values)
    assert got is expected if expected is UNDECIDED else got == expected and got is not UNDECIDED


def test_a_reset_is_the_bare_call_however_the_module_spells_it() -> None:
    module = cst.parse_module(
        "import tensorflow as tf\nfrom tensorflow.python.framework import ops\n"
        "tf.reset_default_graph()\nops.reset_default_graph()\ntf.reset_default_graph(x)\nx = tf.reset_default_graph()\n"
    )

    def resolve(node: cst.CSTNode) -> str | None:
        code = module.code_for_node(node)
        return code.removeprefix("tf.") if code.startswith("tf.") else None

    reset = Resets.of(module, resolve)
    assert [reset.is_reset(s) for s in module.body] == [False, False, True, True, False, False]
