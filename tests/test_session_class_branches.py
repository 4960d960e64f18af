"""TFM201 on a graph class whose constructor chooses its builders by a host ``if`` on a parameter
(session/constructor_branches.py), the model-file shape of text classification projects: ``self.logits =
self.inference()``; ``if not is_training: return``; ``if multi_label_flag: ... else: ...``, the class constructed
once in the file's ``test()`` self-test, which the module calls before more statements. Run on real TensorFlow
(tests/session_harness.py): the TF1 program and the migrated one print the same numbers, and the migrated one
resumes from the TF1 checkpoint."""

from __future__ import annotations

import pytest
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

# Written for this test in the shape of the public TF1 text classifiers (TextCNN/TextRNN/fastText model files with
# a test() self-test): constructor flags, a one-line ``else:`` suite, a branch reading ``self.multi_label_flag``,
# a builder returning its train op through a local.
MODEL = """import os

import numpy as np
import tensorflow as tf


class TextClassifier:
    def __init__(self, num_classes, learning_rate, batch_size, sequence_length, vocab_size, embed_size,
                 is_training, multi_label_flag=False):
        self.num_classes = num_classes
        self.batch_size = batch_size
        self.sequence_length = sequence_length
        self.vocab_size = vocab_size
        self.embed_size = embed_size
        self.is_training = is_training
        self.learning_rate = learning_rate
        self.multi_label_flag = multi_label_flag
        self.input_x = tf.placeholder(tf.int32, [None, self.sequence_length], name="input_x")
        self.input_y = tf.placeholder(tf.int32, [None], name="input_y")
        self.global_step = tf.Variable(0, trainable=False, name="Global_Step")
        self.instantiate_weights()
        self.logits = self.inference()
        if not is_training:
            return
        if multi_label_flag:
            print("going to use multi label loss.")
            self.loss_val = self.loss_multilabel()
        else:print("going to use single label loss.");self.loss_val = self.loss()
        self.train_op = self.train()
        self.predictions = tf.argmax(self.logits, 1, name="predictions")
        if not self.multi_label_flag:
            correct_prediction = tf.equal(tf.cast(self.predictions, tf.int32), self.input_y)
            self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32), name="Accuracy")

    def instantiate_weights(self):
        with tf.name_scope("weights"):
            self.Embedding = tf.get_variable("Embedding", shape=[self.vocab_size, self.embed_size],
                                             initializer=tf.random_normal_initializer(stddev=0.1))
            self.W_projection = tf.get_variable("W_projection", shape=[self.embed_size, self.num_classes],
                                                initializer=tf.random_normal_initializer(stddev=0.1))
            self.b_projection = tf.get_variable("b_projection", shape=[self.num_classes])

    def inference(self):
        self.embedded_words = tf.nn.embedding_lookup(self.Embedding, self.input_x)
        self.sentence_embeddings = tf.reduce_mean(self.embedded_words, axis=1)
        with tf.name_scope("output"):
            logits = tf.matmul(self.sentence_embeddings, self.W_projection) + self.b_projection
        return logits

    def loss(self):
        with tf.name_scope("loss"):
            losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.input_y, logits=self.logits)
            loss = tf.reduce_mean(losses)
        return loss

    def loss_multilabel(self):
        with tf.name_scope("loss"):
            labels = tf.one_hot(self.input_y, self.num_classes)
            losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=self.logits)
            loss = tf.reduce_mean(tf.reduce_sum(losses, axis=1))
        return loss

    def train(self):
        optimizer = tf.train.GradientDescentOptimizer(self.learning_rate)
        train_op = optimizer.minimize(self.loss_val, global_step=self.global_step)
        return train_op


"""

TRAIN = (
    MODEL
    + """def test():
    num_classes = 3
    learning_rate = 0.5
    batch_size = 8
    sequence_length = 5
    vocab_size = 20
    embed_size = 6
    is_training = True
    rng = np.random.RandomState(0)
    input_x = rng.randint(0, vocab_size, size=(batch_size, sequence_length)).astype(np.int32)
    input_y = (input_x[:, 0] % num_classes).astype(np.int32)
    tf.set_random_seed(1)
    model = TextClassifier(num_classes, learning_rate, batch_size, sequence_length, vocab_size, embed_size,
                           is_training)
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        if os.path.exists("./ckpt/checkpoint"):
            saver.restore(sess, tf.train.latest_checkpoint("./ckpt"))
        for i in range(4):
            loss, acc, predict, _ = sess.run([model.loss_val, model.accuracy, model.predictions, model.train_op],
                                             feed_dict={model.input_x: input_x, model.input_y: input_y})
            print(i, "loss:", loss, "acc:", acc, "label:", input_y, "prediction:", predict)
        print(sess.run(model.global_step))
        saver.save(sess, "./ckpt/model", global_step=model.global_step)


test()
print("ended...")
"""
)

# The same model built for evaluation only (is_training=False): TF1 returns from the constructor after the logits.
EVALUATE = (
    TRAIN[: TRAIN.index("    saver = tf.train.Saver")].replace("is_training = True", "is_training = False")
    + """    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(model.logits, feed_dict={model.input_x: input_x}))


test()
print("ended...")
"""
)


def _proved(program: Program, root) -> str:
    """The migrated text of a program that comes out session-free and prints the TF1 run's numbers (and, resumed,
    restores the TF1 checkpoint)."""
    outcome = evaluate([program], root=root)[program.name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    resumed = outcome.resume_match()[1] if program.checkpoint == "resume" else ""
    assert outcome.same_numbers, (outcome.numbers_match()[1], resumed)
    return outcome.migrated_text or ""


def _ours(source: str) -> list:
    return [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]


def test_branches_decided_by_the_one_construction_are_rewritten(tmp_path) -> None:
    """is_training=True, multi_label_flag by its default: the taken branches are proved as builders called once,
    put back in their ``if``s; the untaken branch and ``loss_multilabel`` stay as written; the Saver's checkpoint
    of the TF1 run restores in the migrated one."""
    text = _proved(Program("class_branches", TRAIN, {"random": "seeded", "checkpoint": "resume"}), tmp_path)
    assert "        if not is_training:\n            return\n        if multi_label_flag:\n" in text, text
    assert '        else:print("going to use single label loss.");self.loss_val = self.loss()\n' in text, text
    loss_multilabel = MODEL[MODEL.index("    def loss_multilabel") : MODEL.index("    def train")]
    assert loss_multilabel in text, text
    assert "        if not self.multi_label_flag:\n\n            def correct_prediction(input_x_, input_y_):\n" in text
    assert text.endswith('\n\ntest()\nprint("ended...")\n'), text
    notes = [c.message for c in migrate_source(TRAIN, Options(), "program.py").changes if "decided" in c.message]
    assert any("method `loss_multilabel`" in n for n in notes), notes


def test_a_builder_chosen_by_a_conditional_expression_is_rewritten(tmp_path) -> None:
    """``self.loss_val = self.loss_multilabel() if multi_label_flag else self.loss()``: read as the ``if`` it means,
    put back as written."""
    branches = MODEL[
        MODEL.index("        if multi_label_flag:\n") : MODEL.index("        self.train_op = self.train()")
    ]
    chosen = "        self.loss_val = self.loss_multilabel() if multi_label_flag else self.loss()\n"
    text = _proved(
        Program("class_conditional_builder", TRAIN.replace(branches, chosen), {"random": "seeded"}), tmp_path
    )
    assert chosen + "        self.train_op = self.train()\n" in text, text


def test_a_builder_with_a_defaulted_parameter_is_rewritten(tmp_path) -> None:
    """``def loss(self, l2_lambda=0.01)`` called as ``self.loss()``: the default bound first for the proof, the
    parameter back after; an L2 term over ``tf.trainable_variables()`` is then rewritten too (its numbers proved in
    test_session_text_models.py)."""
    defaulted = TRAIN.replace("    def loss(self):", "    def loss(self, l2_lambda=0.01):").replace(
        "            loss = tf.reduce_mean(losses)\n",
        "            loss = tf.reduce_mean(losses) + tf.nn.l2_loss(self.W_projection) * l2_lambda\n",
    )
    text = _proved(Program("class_defaulted_builder", defaulted, {"random": "seeded"}), tmp_path)
    assert "    def loss(self, l2_lambda=0.01):\n        with tf.name_scope" in text, text
    every = defaulted.replace(
        "tf.nn.l2_loss(self.W_projection)", "tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables()])"
    )
    assert not _ours(every), _ours(every)


def test_a_taken_return_leaves_the_rest_of_the_constructor_as_written(tmp_path) -> None:
    """is_training=False: TF1 built the logits and returned; the statements after the ``return`` and the methods
    only they call (loss, train) are never run and come out as written."""
    outcome = evaluate([Program("class_branch_return", EVALUATE, {"random": "seeded"})], root=tmp_path)[
        "class_branch_return"
    ]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.leftovers == ["compat.v1.train"], outcome.migrated_text  # in ``train``, never run
    assert "Session" not in (outcome.migrated_text or "") and outcome.runs, outcome.migrated
    text = outcome.migrated_text or ""
    notes = [c.message for c in migrate_source(EVALUATE, Options(), "program.py").changes if "never run" in c.message]
    assert any("method `train` of class" in n for n in notes) and any("after its `return`" in n for n in notes)
    tail = MODEL[MODEL.index("        if not is_training:") : MODEL.index("    def instantiate_weights")]
    assert tail.replace("tf.", "") in text.replace("tf.compat.v1.", "").replace("tf.", ""), text
    assert outcome.same_numbers, outcome.numbers_match()[1]


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        pytest.param(
            ("    is_training = True\n", "    is_training = True\n    is_training = bool(1)\n"),
            "a `return` in method `__init__`, which builds the graph (line 24)",
            id="flag bound twice",
        ),
        pytest.param(
            ("is_training)\n    saver", "is_training, bool(0))\n    saver"),
            "calls method `loss_multilabel` while building the graph",
            id="flag not a literal",
        ),
    ],
)
def test_a_branch_the_construction_does_not_decide_keeps_the_graph_tier(edit, reason) -> None:
    """A flag whose value at the one construction is not a literal: its ``if`` is not decided and the class proof
    refuses what the branch holds, naming its line as before."""
    ours = _ours(TRAIN.replace(*edit))
    assert len(ours) == 1 and reason in ours[0].message, ours
    assert "(line 24)" in ours[0].message or "(line 27)" in ours[0].message, ours


def test_a_statement_after_the_call_reading_the_functions_local_keeps_the_graph_tier() -> None:
    """``print(learning_rate)`` after ``test()``: at module level it would read the body's local, not a global, so
    the body is not the module program there and the construction is named."""
    ours = _ours(TRAIN + "print(learning_rate)\n")
    assert len(ours) == 1 and "used here other than by one module-level" in ours[0].message, ours
    assert "`learning_rate`, a local of function `test`, is also read after its call) (line 98)" in ours[0].message


def test_a_construction_in_a_function_with_parameters_called_twice_says_so() -> None:
    """``test(3)`` then ``test(2)``: the function with parameters runs twice (called once, it is read where it is
    called: tests/test_program_functions.py); the follow-up names the function and why it is not the module
    program."""
    source = TRAIN.replace("def test():", "def test(num_classes=3):").replace("\ntest()\n", "\ntest(3)\ntest(2)\n")
    ours = _ours(source)
    assert len(ours) == 1 and "constructed in function `test`, which is not read where it is" in ours[0].message
    assert "function `test` is run by more than one statement (each run builds its ops again)) (line 97)" in (
        ours[0].message
    ), ours


# A layer-ish class built on constant tensors by another function, which returns the op a method builds; the
# self-test calls it first in its Session block (the attention modules' ``test()``).
RETURNED_BY_A_FUNCTION = """import tensorflow as tf


class MultiHeadAttention(object):
    def __init__(self, Q, K, d_model, h):
        self.Q = Q
        self.K = K
        self.d_model = d_model
        self.h = h
        self.W_q = tf.get_variable("W_q", [d_model, d_model], initializer=tf.random_normal_initializer(stddev=0.5, seed=1))

    def multi_head_attention_fn(self):
        Q_projected = tf.tensordot(self.Q, self.W_q, axes=1)
        scores = tf.matmul(Q_projected, self.K, transpose_b=True) / tf.sqrt(float(self.d_model))
        return tf.nn.softmax(scores, axis=-1)


def multi_head_attention_test():
    batch_size, sequence_length, d_model, h = 2, 3, 4, 2
    Q = tf.reshape(tf.range(batch_size * sequence_length * d_model, dtype=tf.float32), (batch_size, sequence_length, d_model)) / 10.0
    K = tf.sin(Q * 3.0)
    attention = MultiHeadAttention(Q, K, d_model, h)
    result = attention.multi_head_attention_fn()
    return result


def test():
    with tf.Session() as sess:
        result = multi_head_attention_test()
        init = tf.global_variables_initializer()
        sess.run(init)
        result_ = sess.run(result)
        print("result:", result_)


test()
print("ended...")
"""


def test_a_class_built_by_a_function_the_self_test_calls_is_rewritten(tmp_path) -> None:
    """``result = multi_head_attention_test()`` first in ``test()``'s Session block: the function's body is read
    where it is called, before the block, and put back in the function, which returns the method's function."""
    text = _proved(Program("class_built_by_function", RETURNED_BY_A_FUNCTION, {"random": "seeded"}), tmp_path)
    assert "    result = attention.multi_head_attention_fn\n    return result\n" in text, text
    assert "def test():\n    result = multi_head_attention_test()\n" in text, text
    twice = RETURNED_BY_A_FUNCTION.replace("\ntest()\n", "\ntest()\nmulti_head_attention_test()\n")
    ours = _ours(twice)
    assert len(ours) == 1 and "which is not read where it is called" in ours[0].message, ours
    assert "is named other than by its `def` and its one call) (line 29)" in ours[0].message, ours
