"""TFM201 on a graph class whose constructor calls a builder method in an expression: ``self.logits =
self.inference(True)`` and ``tf.nn.softmax(self.inference(False))`` (a helper reading ``self.X``, the tensors it
reads passed as parameters, session/helper_tensors.py), and a class whose one instance is passed to module functions
that read its attributes (``train_model(sess, model, X, y)``, session/instance_functions.py), each read where it is
called. The rewrites are proved on real TensorFlow by the fixtures TFM201/eager_class_builder_called_with_literals,
eager_class_instance_passed_to_functions and eager_session_bound_after_graph_block (tests/test_eager_rewrite.py);
here, that each call passes the tensors under the names the method takes, that a refusal's reason names the
program's code, not tfmigrate's, and that a function given the instance other than once keeps the graph tier."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

FIXTURES = Path(__file__).parent / "fixtures" / "TFM201"
LITERALS = (FIXTURES / "eager_class_builder_called_with_literals.before.py").read_text()
BRANCH = "        if train:\n            hidden = hidden * 0.9\n"
PASSED = (FIXTURES / "eager_class_instance_passed_to_functions.before.py").read_text()
PREDICT = 'print("probabilities", predict_model(sess, model, X_train[:4]))\n'


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


def test_each_function_given_the_instance_is_read_at_its_one_call() -> None:
    result, followups = _ours(PASSED)
    assert not followups and result.migrated is not None
    tree = ast.parse(result.migrated)
    functions = {f.name for f in tree.body if isinstance(f, ast.FunctionDef)}
    assert not functions & {"train_model", "predict_model"}
    assert "Session" not in result.migrated
    assert {c.line for c in result.changes if "read where it is called" in c.message} == {44, 46}


def test_a_function_given_the_instance_twice_keeps_the_graph_tier_with_the_class_reason() -> None:
    result, followups = _ours(PASSED.replace(PREDICT, PREDICT + PREDICT))
    assert len(followups) == 1
    assert "instance `model` is used other than through its attributes" in followups[0].message
    assert followups[0].line == 26  # the parameter `model` of train_model (a reading of its own: not this change)
    assert "tf.compat.v1.Session(graph=model.g)" in (result.migrated or "")


def test_a_construction_in_main_is_not_refused_for_the_method_read_as_a_function() -> None:
    """Was "`model`, a local of function `main`, is read as a global by function `self.inference`": the method
    reads ``self.X``; only its reading as a function spelled ``self`` with the instance's name."""
    in_main = (FIXTURES / "eager_class_builder_called_with_literals_in_main.before.py").read_text()
    result, followups = _ours(in_main)
    assert not followups
    assert "def main():" in (result.migrated or "") and "def inference(self, train=False, *, X):" in (
        result.migrated or ""
    )


def test_a_function_reading_main_local_as_a_global_still_refuses() -> None:
    in_main = (FIXTURES / "eager_class_builder_called_with_literals_in_main.before.py").read_text()
    reader = "\n\ndef report():\n    print(model.W1)\n"
    _, followups = _ours(in_main.replace("\n\ndef main():", reader + "\n\ndef main():"))
    assert len(followups) == 1
    assert "`model`, a local of function `main`, is read as a global by function `report`" in followups[0].message


def test_a_reason_naming_a_value_the_reading_made_gives_way_to_the_class_reason() -> None:
    from tfmigrate.transforms.session.analysis import Blocked
    from tfmigrate.transforms.session.instance_functions import truer

    notes = [(44, "function `train_model` read where it is called, with instance `model`")]
    blocked = Blocked("instance `model` is used other than through its attributes", 26)
    made = Blocked("`train_model_result` is printed as a graph object", 44)
    own = Blocked("the program builds several tf.Graphs", 40)
    assert truer(made, blocked, notes) is blocked
    assert truer(own, blocked, notes) is own
    assert truer(Blocked("no line", 0), blocked, notes) is blocked
