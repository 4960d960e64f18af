"""A graph class's host generator method and its private (name-mangled) helper methods (held-out set 26:
fi_linear_regr's ``gen_batch``, ik_deployml_model's ``self.__kernel(...)``).

``def gen_batch(self, arr, batch_size): for i in range(0, len(arr), batch_size): yield arr[i:i + batch_size]`` holds
no TensorFlow and reads no instance state: it is host code, kept as written and called where it was (finch's
classifiers feed every batch so). A private helper ``__kernel`` is a helper like any other, spelled so inside its
class; one that calls a method counting its calls (``name=self.get_kernel_name()``) runs eagerly where the
constructor's calls tell each name (call_counters.py, tests/test_call_counters.py), and keeps the graph tier with
that reason where the count is read elsewhere. Run as the TF1 baseline and migrated on TF 2.21."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate, load_programs

KERNELS = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)


class Model:
    def __init__(self):
        self.input = tf.placeholder(tf.float32, shape=(None, 8, 8, 3), name='input')
        self._build_net()
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def __kernel(self, name, in_features, out_features):
        return tf.get_variable(name=name, shape=(3, 3, in_features, out_features))

    def _build_net(self):
        x = self.input
        with tf.name_scope("first_block"):
            x = tf.nn.conv2d(x, filter=self.__kernel('kernel_1', 3, 4), strides=(1, 1, 1, 1), padding="VALID")
            x = tf.nn.relu(x)
            x = tf.nn.conv2d(x, filter=self.__kernel('kernel_2', 4, 5), strides=(1, 1, 1, 1), padding="VALID")
        self.output = tf.reduce_mean(x, axis=[1, 2])

    def predict(self, inputs):
        return self.sess.run(self.output, feed_dict={self.input: inputs})


model = Model()
print(model.predict(np.random.RandomState(0).rand(2, 8, 8, 3)))
"""

COUNTED = (
    KERNELS.replace(
        "    def __kernel(self, name, in_features, out_features):\n        return tf.get_variable(name=name,",
        "    def get_kernel_name(self):\n        self.kernel_count += 1\n        return 'kernel_{}'.format(self.kernel_count)\n\n"
        "    def __kernel(self, in_features, out_features):\n        return tf.get_variable(name=self.get_kernel_name(),",
    )
    .replace("self.__kernel('kernel_1', ", "self.__kernel(")
    .replace("self.__kernel('kernel_2', ", "self.__kernel(")
)
COUNTED = COUNTED.replace("        self._build_net()\n", "        self.kernel_count = 0\n        self._build_net()\n")


def test_a_generator_method_feeding_batches_is_host_code() -> None:
    program = load_programs(["finch_elastic_net_clf_gen_batch"])[0]
    outcome = evaluate([program])[program.name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "    def gen_batch(self, arr, batch_size):\n        for i in range(0, len(arr), batch_size):\n" in (
        outcome.migrated_text
    )


def test_a_private_helper_called_in_expressions_runs_eagerly() -> None:
    outcome = evaluate([Program("private_kernel_helper", KERNELS, {"random": "seeded"})])["private_kernel_helper"]
    assert_session_free_with_baseline_numbers(outcome)
    assert "    def __kernel(self, name, in_features, out_features):" in outcome.migrated_text


def test_a_private_helper_naming_by_a_counter_runs_eagerly() -> None:
    outcome = evaluate([Program("counted_kernel_helper", COUNTED, {"random": "seeded"})])["counted_kernel_helper"]
    assert_session_free_with_baseline_numbers(outcome)
    assert "name='kernel_1'" in outcome.migrated_text and "name='kernel_2'" in outcome.migrated_text


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (
            COUNTED.replace(
                "        return self.sess.run(", "        print(self.kernel_count)\n        return self.sess.run("
            ),
            "class `Model` calls helper `__kernel` while building the graph: it calls `self.get_kernel_name()` "
            "(line 20), which changes the instance (`self.kernel_count` bound again, line 16)",
        ),
        # a generator of graph values is no host code: what it yields is built where it runs
        (
            KERNELS.replace(
                "    def predict(self, inputs):\n",
                "    def noise(self, n):\n        for _ in range(n):\n            yield tf.random_normal([2])\n\n"
                "    def predict(self, inputs):\n        print(list(self.noise(1)))\n",
            ),
            "method `noise` of class `Model` neither builds the graph (called once by the constructor) nor runs it",
        ),
    ],
    ids=["counted kernel names, the count read elsewhere", "generator of tensors"],
)
def test_what_is_not_shown_equal_keeps_the_graph_tier(source: str, reason: str) -> None:
    found = reasons(source)
    assert len(found) == 1 and reason in found[0], found
