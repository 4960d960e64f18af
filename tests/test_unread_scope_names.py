"""``with tf.name_scope(name) as scope:`` whose ``scope`` nothing reads (session/unread_scope_names.py): held-out set
29's dl_mnist_fnn_bn opens one in each of its layer, loss and optimizer helpers
(tests/programs/tfmigrate_unread_scope_fc_bn_helpers.py, batch norms under the scopes and the minimize returned by
the optimizer helper). Read without the unread name, the program comes out session-free with the TF1 baseline's
numbers (run on TF 2.21); where the name is spelled anywhere else the block keeps its ``as`` and the graph tier its
reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, migrated_with_reasons

PROGRAM = (Path(__file__).parent / "programs" / "tfmigrate_unread_scope_fc_bn_helpers.py").read_text()
META = dict(random="seeded", source="tfmigrate", licence="Apache-2.0", adapted="-", legacy_keras=True)
OPENED = "    with tf.name_scope(name) as scope:\n"
WITH_AS = "a `with` of several items or with `as`"


def test_the_helpers_with_unread_scope_names_come_out_session_free_with_the_baseline_numbers() -> None:
    [outcome] = evaluate_sources({"fc_bn": PROGRAM}, META).values()
    assert_session_free_with_baseline_numbers(outcome)
    migrated = outcome.migrated_text or ""
    assert (
        OPENED not in migrated
        and "    with tf.name_scope(name):\n" in migrated
        and "with tf.name_scope('sgd'):" in migrated
    ), migrated


@pytest.mark.parametrize(
    ("old", "new", "helper"),
    [
        pytest.param(  # the layer helper reads it
            "        return tf.nn.relu(x_norm)\n",
            "        print(scope)\n        return tf.nn.relu(x_norm)\n",
            "fc_layer",
            id="read",
        ),
        pytest.param(  # a call reading the function's names by string
            "    return opt\n",
            "    print(locals())\n    return opt\n",
            "optimizer",
            id="locals",
        ),
    ],
)
def test_a_scope_name_spelled_elsewhere_keeps_its_as_and_the_reason(old: str, new: str, helper: str) -> None:
    source = PROGRAM.replace(old, new, 1)
    assert source != PROGRAM
    _, found = migrated_with_reasons(source)
    opened = source.index(OPENED, source.index(f"def {helper}("))
    assert len(found) == 1 and found[0][0] == source[:opened].count("\n") + 1 and WITH_AS in found[0][1], found
