"""A trainer class's train() that opens the Session and defines the tutorial's ``feed_dict(train)`` inside it
(held-out set 21, kj_mnist_experiment; TensorFlow's mnist_with_summaries.py): the nested ``def`` is read where the
method is called (method_closures.py), and ``feed_dict``'s parameter ``train`` and the reader's ``mnist.train`` are
not the method (other_owners.py). The program runs eagerly with TF1's numbers: fixture
``eager_trainer_method_feed_dict_closure`` (tests/test_eager_rewrite.py)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import libcst as cst
import pytest
from program_checks import assert_session_free_with_baseline_numbers, eager, reasons
from session_harness import Program, evaluate

from tfmigrate.transforms.session import other_owners
from tfmigrate.transforms.session.analysis import descendants

SOURCE = (
    Path(__file__).parent / "fixtures" / "TFM201" / "eager_trainer_method_feed_dict_closure.before.py"
).read_text()
NESTED = "            def feed_dict(train):\n"
CLOSURE_REFUSAL = "holds a nested scope"


def test_the_trainer_with_its_feed_dict_closure_runs_eagerly_with_tf1s_numbers() -> None:
    program = Program("trainer_closure", SOURCE, {"random": "seeded", "source": "-"})
    assert_session_free_with_baseline_numbers(evaluate([program])["trainer_closure"])


def test_the_closure_stands_where_the_method_is_called() -> None:
    migrated = eager(SOURCE)
    assert "def feed_dict(train):" in migrated
    assert "mnist.train.next_batch(10)" in migrated


@pytest.mark.parametrize(
    "change",
    [
        pytest.param((NESTED, "            @staticmethod\n" + NESTED), id="decorated"),
        pytest.param(
            ("                return {self.x: xs", "                yield 1\n                return {self.x: xs"),
            id="generator",
        ),
        pytest.param((NESTED, "            async def feed_dict(train):\n"), id="async"),
    ],
)
def test_a_nested_def_that_is_not_plain_is_still_refused(change: tuple[str, str]) -> None:
    found = reasons(SOURCE.replace(*change, 1))
    assert any(CLOSURE_REFUSAL in r for r in found), found


MODULE = """
class DataSets:
    def __init__(self):
        self.train = 1


class Trainer:
    def train(self):
        pass


mnist = DataSets()


def feed(train):
    return train


trainer = Trainer()
trainer.train()
print(mnist.train)
"""


def _reachable(source: str) -> list[int]:
    """The lines of the names spelled ``train`` that may name Trainer.train (its def and its call left out)."""
    module = cst.parse_module(source)
    trainer = next(s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value == "Trainer")
    method = cast(cst.FunctionDef, cast(cst.IndentedBlock, trainer.body).body[0])
    called = [n for n in descendants(module) if isinstance(n, cst.Attribute) and n.attr.value == "train"]
    call = next(a.attr for a in called if isinstance(a.value, cst.Name) and a.value.value == "trainer")
    names = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Name) and n.value == "train" and n not in (method.name, call)
    ]
    unreachable = other_owners.unreachable(module, lambda node: None, trainer, names)
    return [i for i, n in enumerate(names) if n not in unreachable]


def test_parameters_and_attributes_of_other_objects_are_not_the_method() -> None:
    assert _reachable(MODULE) == []


@pytest.mark.parametrize(
    ("change", "reachable"),
    [
        # a module-level name bound other than by one call of another class: it may hold the trainer
        pytest.param(("mnist = DataSets()\n", "mnist = DataSets()\nmnist = trainer\n"), [3], id="rebound"),
        # a class with a base: inheritance may make its instance the trainer (``self.train``, ``mnist.train``)
        pytest.param(("class DataSets:", "class DataSets(Trainer):"), [0, 3], id="based"),
        # the method named bare in its class body (an alias of it)
        pytest.param(("        pass\n", "        pass\n\n    fit = train\n"), [1], id="class-alias"),
    ],
)
def test_a_name_that_may_reach_the_method_is_kept(change: tuple[str, str], reachable: list[int]) -> None:
    assert _reachable(MODULE.replace(*change, 1)) == reachable
