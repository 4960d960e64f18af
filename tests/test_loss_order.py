"""The loss a tf.function train step returns is read before its update (tfmigrate/transforms/session/loss_order.py).

Keras' apply_gradients joins every gradient in one IdentityN; Grappler's dependency optimizer then finds the automatic
control edge from the loss's read of ``W2`` to W2's update redundant (read(W2) -> grad(W1) -> IdentityN), drops it and
bypasses the IdentityN: in ``mean(relu(x @ W1) @ W2)`` nothing orders the read before the update, and a reused
interpreter printed the updated loss in 13 of 40 runs. The check here is deterministic: Grappler's own rewrite of the
step's graph, and whether every update still has the reads of its variable among its ancestors.
"""

from __future__ import annotations

import contextlib
import io

from program_checks import assert_session_free_with_baseline_numbers, eager
from session_harness import Program, evaluate

PROGRAM = """\
import numpy as np
import tensorflow as tf

np.random.seed(0)
tf.set_random_seed(0)
x = tf.placeholder(tf.float32, [None, 16])
W1 = tf.Variable(tf.random_normal([16, 16], stddev=0.1, seed=1))
W2 = tf.Variable(tf.random_normal([16, 1], stddev=0.1, seed=2))
loss = tf.reduce_mean(tf.matmul(tf.nn.relu(tf.matmul(x, W1)), W2))
train_op = tf.train.RMSPropOptimizer(0.01).minimize(loss)
data = np.random.rand(8, 16).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        _, loss_value = sess.run([train_op, loss], feed_dict={x: data})
        print("%.6f" % loss_value)
"""
ORDERED = "    with tf.control_dependencies([loss_value_]):\n        optimizer.apply_gradients("
UNORDERED = "    optimizer.apply_gradients("


def _unordered_updates(text: str) -> list[str]:
    """The update ops of ``text``'s step ``train_op`` that Grappler leaves unordered after a read of their variable."""
    import tensorflow as tf
    from tensorflow.core.protobuf import config_pb2, meta_graph_pb2
    from tensorflow.python.grappler import tf_optimizer

    namespace: dict = {"__name__": "program"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(text, "program.py", "exec"), namespace)
    function = namespace["train_op"].get_concrete_function(namespace["data"])
    graph = function.graph
    meta = tf.compat.v1.train.export_meta_graph(graph_def=graph.as_graph_def(), graph=graph)
    fetches = meta_graph_pb2.CollectionDef()
    fetches.node_list.value.extend(tensor.name for tensor in graph.outputs)
    meta.collection_def["train_op"].CopyFrom(fetches)
    nodes = {node.name: node for node in tf_optimizer.OptimizeGraph(config_pb2.ConfigProto(), meta).node}

    def source(name: str) -> str:
        return name.lstrip("^").split(":")[0]

    def ancestors(name: str) -> set[str]:
        seen, stack = set(), [name]
        while stack:
            for parent in map(source, nodes[stack.pop()].input):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    updates = [node for node in nodes.values() if node.op.startswith("ResourceApply")]
    assert len(updates) == 2, sorted(node.op for node in nodes.values())
    return [
        update.name
        for update in updates
        if any(
            node.op == "ReadVariableOp"
            and source(node.input[0]) == source(update.input[0])
            and name not in ancestors(update.name)
            for name, node in nodes.items()
        )
    ]


def test_the_update_waits_for_the_returned_loss() -> None:
    text = eager(PROGRAM)
    assert "@tf.function\ndef train_op(x):" in text and ORDERED in text, text
    assert _unordered_updates(text) == []


def test_without_the_control_dependency_grappler_drops_the_order() -> None:
    """TF 2.21's behaviour the control dependency works around: this fails once TensorFlow keeps the edge itself."""
    text = eager(PROGRAM).replace(ORDERED, UNORDERED)
    assert len(_unordered_updates(text)) == 1


def test_the_migrated_step_prints_tf1s_losses() -> None:
    outcome = evaluate([Program("loss_order", PROGRAM, {"random": "seeded", "source": "tfmigrate", "licence": "-"})])
    assert_session_free_with_baseline_numbers(outcome["loss_order"])


def test_the_updates_are_written_under_the_losses() -> None:
    from tfmigrate.transforms.session import loss_order

    lines = loss_order.applied("tf", ["a", "b"], ["o.apply_gradients(p)", "q.apply_gradients(r)"])
    assert lines == ["with tf.control_dependencies([a, b]):", "    o.apply_gradients(p)", "    q.apply_gradients(r)"]
