"""A graph class run as a temporary, ``Model().train()`` (held-out 27, ct_model_manager: python-fire's
``fire.Fire(ModelManager)`` running ``train``; session/temporary_instances.py): one construction, one method call,
the instance dropped, the same program as ``model = Model(); model.train()``. Run as the TF1 baseline and migrated on
TF 2.21, under the main guard, at module level and in a ``def main()`` run once: session-free with the baseline's
numbers, the temporary written as it was. Two temporaries are two instances (TF1 names the second's variables anew)
and keep the graph tier with that reason."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, reasons
from session_harness import evaluate, load_programs

MANAGER = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


class Manager:
    def __init__(self):
        self.data = np.linspace(-1, 1, 20).reshape(-1, 1).astype(np.float32)

    def train(self):
        with tf.Session() as session:
            x = tf.placeholder(tf.float32, [None, 1])
            w = tf.Variable(tf.random_normal([1, 1]))
            cost = tf.reduce_mean(tf.square(tf.matmul(x, w) - 2 * x))
            step = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
            session.run(tf.global_variables_initializer())
            for i in range(3):
                _, c = session.run([step, cost], {x: self.data})
                print(i, c)


if __name__ == "__main__":
    Manager().train()
"""
IN_MAIN = MANAGER.replace(
    'if __name__ == "__main__":\n    Manager().train()\n',
    'def main():\n    Manager().train()\n\n\nif __name__ == "__main__":\n    main()\n',
)
AT_MODULE_LEVEL = MANAGER.replace('if __name__ == "__main__":\n    Manager().train()\n', "Manager().train()\n")
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


@pytest.fixture(scope="module")
def outcomes():
    sources = {"under_guard": MANAGER, "in_main": IN_MAIN, "at_module_level": AT_MODULE_LEVEL}
    found = evaluate_sources(sources, META)
    program = load_programs(["mnist_lstm_model_temporary"])[0]
    return {**found, **evaluate([program])}


@pytest.mark.parametrize("name", ["under_guard", "in_main", "at_module_level", "mnist_lstm_model_temporary"])
def test_a_temporary_runs_eagerly_on_the_baselines_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text or ""
    assert "().train()" in text and "tf.compat.v1" not in text, text  # the temporary as written, no binding made


def test_the_temporary_reads_as_the_bound_instance() -> None:
    bound = MANAGER.replace("    Manager().train()\n", "    manager = Manager()\n    manager.train()\n")
    assert reasons(bound) == reasons(MANAGER) == []


REFUSED = {  # the change, and why the program keeps the graph tier
    "class `Manager` is constructed more than once": "    Manager().train()\n    Manager().train()\n",
    "class `Manager` builds graph ops and is used here other than by one module-level `x = Manager(...)`": (
        "    for _ in range(2):\n        Manager().train()\n"
    ),
}


def test_a_temporary_run_more_than_once_keeps_the_graph_tier() -> None:
    """Two temporaries are two instances, the second's variables named anew by TF1; one in a loop, one a pass."""
    for reason, run in REFUSED.items():
        found = reasons(MANAGER.replace("    Manager().train()\n", run))
        assert len(found) == 1 and reason in found[0], found
