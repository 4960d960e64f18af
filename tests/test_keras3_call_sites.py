"""TFM307 and TFM309 on a module without a call to act on: decided on the ast model (no libcst parse), the same
output and reports as their libcst rules; a module with a possible site still goes to the rule (TFM307's reports
made on the ast model: tests/test_save_path_reports.py)."""

from __future__ import annotations

import ast

import pytest
from test_graph_mode_no_site import run

from tfmigrate.model import build
from tfmigrate.transforms import _keras3_call_sites, _save_path_reports
from tfmigrate.transforms.tfm309_keras3_list_inputs import DATA_ARGUMENTS

KERAS = "import tensorflow as tf\nfrom tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
NO_SAVE = [
    pytest.param(
        KERAS
        + "def checkpoints(callbacks):\n    return [c for c in callbacks if isinstance(c, keras.callbacks.ModelCheckpoint)]\n",
        id="model-checkpoint-named-in-isinstance",
    ),
    pytest.param(KERAS + "model.save_weights\nmodel.load_weights('w.h5')\n", id="save-weights-read-not-called"),
]
SAVES = [
    pytest.param(KERAS + "model.save_weights('w.h5')\n", id="save-weights-literal"),
    pytest.param(KERAS + "model.save('saved_dir')\n", id="save-dir"),
    pytest.param(
        "from tensorflow.keras.callbacks import ModelCheckpoint as MC\n" + KERAS + "cb = MC('best.hdf5')\n",
        id="model-checkpoint-aliased",
    ),
    pytest.param(KERAS + "cb = tf.keras.callbacks.ModelCheckpoint(filepath='best.hdf5')\n", id="model-checkpoint-call"),
]
NO_LISTS = [
    pytest.param(KERAS + "model.fit(x_train, y_train, epochs=2)\nmodel.predict(x_test)\n", id="arrays"),
    pytest.param(KERAS + "x = [1, 2]\nmodel.evaluate(x_test, y_test)\n", id="a-list-not-given"),
]
LISTS = [
    pytest.param(KERAS + "model.fit([1, 2], [0, 1])\n", id="list-literals"),
    pytest.param(KERAS + "xs = [1.0, 2.0]\nmodel.predict(xs)\n", id="name-bound-to-a-list"),
    pytest.param(KERAS + "model.fit(x, y, validation_data=([1, 2], [0, 1]))\n", id="validation-data-tuple"),
]


CASES = [
    pytest.param(case.values[0], plan, decided, id=f"{plan}-{case.id}")
    for cases, plan, decided in (
        (NO_SAVE, "saves", True),
        (SAVES, "saves", False),
        (NO_LISTS, "list_inputs", True),
        (LISTS, "list_inputs", False),
    )
    for case in cases
]


@pytest.mark.parametrize(("source", "plan", "decided"), CASES)
def test_the_plans_decide_only_modules_without_a_site(source: str, plan: str, decided: bool, monkeypatch) -> None:
    model = build(source, ast.parse(source))
    found = (
        _save_path_reports.reported_saves(model)
        if plan == "saves"
        else _keras3_call_sites.list_inputs(model, DATA_ARGUMENTS)
    )
    if plan == "saves" and found is not None:
        found, notes = found
        assert notes == []
    assert found == (source if decided else None)
    assert run(source, True, monkeypatch) == run(source, False, monkeypatch)
