"""A builder method whose result the constructor, or a builder it calls, uses in an expression
(expression_builders.py): ``self.values = self.create_model(self.state, inputs)`` over scoped get_variable layers,
``self.prediction = tf.reduce_mean(self.output_layer(self.x * 0.5, 3), axis=1)`` with a computed argument and a
defaulted parameter. The shape held-out set 25's deep-Q estimator and CartPole agent were first refused on.

Each program (tests/programs/) runs as TF1 (the baseline) and migrated, session-free, with the same numbers (seeded);
each variant the inlining cannot prove (the method called twice, named by the module, evaluated after another call,
returning early, passed a starred argument) keeps the graph tier and says why. A method reading ``self`` only as
``self.attr`` loads is read as a helper function first (class_helper_methods.py), as before."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons, reasons_by_line
from session_harness import PROGRAMS as PROGRAM_DIR
from session_harness import evaluate, load_programs

PROGRAMS = ["tfmigrate_expression_builder_head", "tfmigrate_expression_builder_qnet"]
QNET = (PROGRAM_DIR / "tfmigrate_expression_builder_qnet.py").read_text()
HEAD = (PROGRAM_DIR / "tfmigrate_expression_builder_head.py").read_text()
REFUSED = "calls method `{}` while building the graph"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return evaluate(load_programs(PROGRAMS), root=tmp_path_factory.mktemp("expression-builders"))


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_class_runs_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_method_comes_back_called_where_it_stood(outcomes) -> None:
    """The method keeps its name, the constructor (or builder) calls it once, binding the result it returns."""
    qnet = outcomes["tfmigrate_expression_builder_qnet"].migrated_text
    assert "        result__create_model = self.create_model(inputs)\n" in qnet, qnet
    assert "    def create_model(self, inputs):\n" in qnet, qnet
    assert qnet.count("self.create_model(") == 1, qnet
    head = outcomes["tfmigrate_expression_builder_head"].migrated_text
    assert "    def build(self):\n        result__output_layer = self.output_layer()\n" in head, head
    assert "    def output_layer(self):\n" in head, head


# (program, text, its replacement, the method named) of each variant, by the reason it is refused
UNPROVED = {
    "named-by-the-module": (QNET, 'print("values"', 'print("again", net.create_model(net.state, 4))\nprint("values"'),
    "called-twice": (
        QNET,
        "        picked = ",
        "        self.again = self.create_model(self.state, inputs)\n        picked = ",
    ),
    "evaluated-after-another-op": (
        QNET,
        "self.values = self.create_model(self.state, inputs)",
        "self.values = tf.add(tf.zeros([1, actions]), self.create_model(self.state, inputs))",
    ),
    "an-early-return": (
        QNET,
        "        self.hidden = hidden\n",
        "        self.hidden = hidden\n        if width > 9:\n            return hidden\n",
    ),
    "a-starred-argument": (HEAD, "self.output_layer(self.x * 0.5, 3)", "self.output_layer(*[self.x * 0.5, 3])"),
}


@pytest.mark.parametrize("variant", sorted(UNPROVED))
def test_an_unproved_call_keeps_the_graph_tier(variant) -> None:
    source, old, new = UNPROVED[variant]
    assert old in source, old
    method = "output_layer" if source is HEAD else "create_model"
    messages = reasons(source.replace(old, new))
    assert any(REFUSED.format(method) in m for m in messages), messages


def test_an_attribute_the_module_stores_on_the_instance_is_named_as_a_store() -> None:
    """``model.k = 9.0`` after the construction (review41's e10): TF1's graph keeps the ``k`` it was built with, and
    the instance changed is what the rewrite does not model; the reason said "`model` is bound again" before."""
    source = HEAD.replace("model = Regressor(3)\n", "model = Regressor(3)\nmodel.k = 9.0\n")
    found = reasons_by_line(source)
    assert len(found) == 1 and found[0][0] == 42, found
    assert (
        "`model.k` is stored (the program changes the instance of class `Regressor` after its construction"
        in (found[0][1])
    )
    assert "bound again" not in found[0][1]
