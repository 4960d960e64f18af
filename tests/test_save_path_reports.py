"""TFM307's reports made on the ast model (_save_path_reports): where it decides, the output, changes and
follow-ups are the libcst rule's; where the text cannot settle what the rule would print or which line it
names, it declines and the rule runs."""

from __future__ import annotations

import ast

import pytest
from test_graph_mode_no_site import run

from tfmigrate.model import build
from tfmigrate.transforms import _save_path_reports
from tfmigrate.transforms.tfm307_keras3_save_paths import KerasSavePaths

KERAS = "import tensorflow as tf\nfrom tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
# Keras's own callbacks.py (tensorflow/python/keras/callbacks.py, ModelCheckpoint._save_model), reduced.
CALLBACK = (
    "from tensorflow.python.keras import backend\n\n\nclass ModelCheckpoint(object):\n"
    "    def _save_model(self, filepath):\n"
    "        if self.save_weights_only:\n"
    "            self.model.save_weights(\n                filepath, overwrite=True, options=self._options)\n"
    "        else:\n"
    "            self.model.save(filepath, overwrite=True, options=self._options)\n"
)
DECIDED = [
    pytest.param(CALLBACK, ["filepath"], id="keras-callbacks-save-model"),
    pytest.param(KERAS + "model.save_weights(filepath=self_path)\n", ["self_path"], id="filepath-keyword"),
    pytest.param(KERAS + "model.save_weights(args.out_dir, True)\n", ["args.out_dir"], id="dotted-path"),
    pytest.param(KERAS + "model.save_weights(overwrite=True)\n", [], id="another-keyword-first"),
    pytest.param(KERAS + "model.save(paths[0])\nmodel.save(make_path(d))\n", [], id="save-without-literal"),
    pytest.param(
        "import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\n" + KERAS + "model.save_weights(path)\n",
        [],
        id="legacy-keras-switch",
    ),
    pytest.param(
        KERAS + "ok = (1,\n      2, model.save_weights(path))\n", ["path"], id="call-after-other-code-on-its-line"
    ),
]
DECLINED = [
    pytest.param(KERAS + "model.save_weights('w.h5')\n", id="literal-to-rename"),
    pytest.param(KERAS + "WEIGHTS = 'w.h5'\nmodel.save_weights(WEIGHTS)\n", id="module-constant"),
    pytest.param(KERAS + "model.save_weights((path))\n", id="parenthesized-path"),
    pytest.param(KERAS + "model.save_weights(  # where\n    path)\n", id="comment-before-path"),
    pytest.param(KERAS + "model.save_weights(*paths)\n", id="starred"),
    pytest.param(KERAS + "model.save_weights(**kw)\n", id="keywords-mapping"),
    pytest.param(KERAS + "model.save_weights(d + '/w.h5')\n", id="literal-tail"),
    pytest.param(KERAS + "model.save(os.path.join(d, 'saved'))\n", id="save-path-join"),
    pytest.param(KERAS + "model.save('saved_dir')\n", id="save-literal"),
    pytest.param(KERAS + "x = (\n    model.save_weights(path))\n", id="call-parenthesized-on-a-line-above"),
    pytest.param(
        KERAS + "cb = tf.keras.callbacks.ModelCheckpoint(filepath=p)\nmodel.save_weights(p)\n", id="model-checkpoint"
    ),
]


def _plan(source: str):
    return _save_path_reports.reported_saves(build(source, ast.parse(source)))


@pytest.mark.parametrize(("source", "shown"), DECIDED)
def test_decided_on_the_ast_model_as_the_rule_reports(source: str, shown: list[str], monkeypatch) -> None:
    found = _plan(source)
    assert found is not None and found[0] == source
    assert [message for _, message in found[1]] == [_save_path_reports.unseen_weights_message(s) for s in shown]
    ran: list[str] = []
    transform_module = KerasSavePaths.transform_module
    monkeypatch.setattr(
        KerasSavePaths, "transform_module", lambda self, t: ran.append("libcst") or transform_module(self, t)
    )
    edited = run(source, True, monkeypatch)
    assert ran == []  # TFM307 never reached libcst
    assert edited == run(source, False, monkeypatch)
    assert ran  # the libcst rule ran without the plan, and agreed
    assert sorted(f.line for f in edited[2] if f.code == "TFM307") == sorted(line for line, _ in found[1])


@pytest.mark.parametrize("source", DECLINED)
def test_declined_where_the_text_does_not_settle_it(source: str, monkeypatch) -> None:
    assert _plan(source) is None
    assert run(source, True, monkeypatch) == run(source, False, monkeypatch)
