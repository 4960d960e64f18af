"""TFM201 on a graph class whose constructor calls a builder method in an expression: ``self.logits =
self.inference(True)`` and ``tf.nn.softmax(self.inference(False))`` (a helper reading ``self.X``, the tensors it
reads passed as parameters, session/helper_tensors.py). The rewrite is proved on real TensorFlow by the fixture
TFM201/eager_class_builder_called_with_literals (tests/test_eager_rewrite.py); here, that each call passes the
tensors under the names the method takes, and that a refusal's reason names the program's code, not tfmigrate's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
LITERALS = (FIXTURES / "eager_class_builder_called_with_literals.before.py").read_text()
BRANCH = "        if train:\n            hidden = hidden * 0.9\n"


def _ours(source: str):
    result = migrate_source(source, Options(), "program.py")
    return result, [f for f in result.followups if f.code == "TFM201"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(LITERALS, id="constant branch"),
        pytest.param(LITERALS.replace(BRANCH, ""), id="straight through"),
    ],
)
def test_each_call_of_the_method_passes_the_tensors_it_reads_by_its_parameter_names(source: str) -> None:
    result, followups = _ours(source)
    assert not followups and result.migrated is not None
    tree = ast.parse(result.migrated)
    method = next(f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name == "inference")
    taken = {a.arg for a in [*method.args.args, *method.args.kwonlyargs]}
    calls = [
        c
        for c in ast.walk(tree)
        if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == "inference"
    ]
    assert len(calls) == 2
    assert {k.arg for c in calls for k in c.keywords} == {"X"} <= taken  # was ``model__X=X``: a TypeError at run


def test_a_method_building_the_train_op_in_an_expression_names_no_module_file() -> None:
    source = LITERALS.replace(
        "        self.train_op = tf.train.GradientDescentOptimizer(0.5).minimize(self.loss)\n",
        "        self.train_op = self.train()\n\n"
        "    def train(self):\n"
        "        if self.loss is None:\n"
        "            return None\n"
        "        return tf.train.GradientDescentOptimizer(0.5).minimize(self.loss)\n",
    )
    _, followups = _ours(source)
    assert len(followups) == 1
    assert "calls method `train` while building the graph" in followups[0].message
    assert ".py" not in followups[0].message.replace("program.py", "")
