"""TF1's numbered names passed to a layer helper's creation function where a Saver restores (helper_names.py)."""

from __future__ import annotations

import pytest
from test_eager_rewrite import LAYER_PROGRAM, RESTORE_LAYERS, SCOPED, WEIGHTS

from tfmigrate import Options
from tfmigrate.api import migrate_source


@pytest.mark.parametrize(
    ("body", "definition", "sites"),
    [
        pytest.param(
            WEIGHTS,
            "def add_layer_variables(in_size, out_size, Weights_name=None, biases_name=None):",
            (
                'add_layer_variables(2, 3, biases_name="Variable_1")',
                'add_layer_variables(3, 1, Weights_name="Variable_2", biases_name="Variable_3")',
            ),
            id="unnamed variables",
        ),
        pytest.param(
            SCOPED,
            'def add_layer_variables(in_size, out_size, layer_scope="layer"):',
            ("add_layer_variables(2, 3)\n", 'add_layer_variables(3, 1, layer_scope="layer_1")'),
            id="name scope",
        ),
        pytest.param(
            SCOPED.replace('name="b"', 'name="W"'),
            'def add_layer_variables(in_size, out_size, layer_scope="layer", biases_name="W"):',
            (
                'add_layer_variables(2, 3, biases_name="W_1")',
                'add_layer_variables(3, 1, layer_scope="layer_1", biases_name="W_1")',
            ),
            id="a literal name given twice",
        ),
    ],
)
def test_restored_layer_helpers_are_passed_tf1s_names(body, definition, sites) -> None:
    """A Saver restores what TF1 named by graph order (``Variable_2``, ``layer_1/W``, ``W_1``): each site passes the
    creation function the names eager TF2 would not give (proved on TF 2.21 by test_checkpoint_programs.py's
    ``helper_layers_numbered_by_tf1``). Without a Saver nothing is passed."""
    saver, restore = RESTORE_LAYERS
    source = LAYER_PROGRAM.format(body=body, call="add_layer(h, 3, 1)", saver=saver, run=restore)
    result = migrate_source(source, Options(), "program.py")
    migrated = result.migrated or ""
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "Session" not in migrated and definition in migrated, migrated
    assert all(site in migrated for site in sites), migrated
    assert 'checkpoint.read("model.ckpt").assert_existing_objects_matched()' in migrated, migrated
    plain = LAYER_PROGRAM.format(body=body, call="add_layer(h, 3, 1)", saver="", run="")
    unsaved = migrate_source(plain, Options(), "program.py").migrated or ""
    assert "Session" not in unsaved and "_name=" not in unsaved and "layer_scope" not in unsaved, unsaved
