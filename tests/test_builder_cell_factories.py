"""A model class's builder method defining its RNN cell factory as a nested function (``def rnn(self): def
gru_cell(): return tf.nn.rnn_cell.GRUCell(self.config.hidden_dim)``, then ``cells = [gru_cell() for _ in
range(2)]`` into a MultiRNNCell and dynamic_rnn: the Chinese text-classification tutorial's TextRNN shape,
held-out set 17). The builder's body is read where the constructor calls it, the plain nested ``def`` with it
(classes.py ``bare_uses``, method_closures.py); the seeded program runs as the TF1 baseline (Keras 2) and
migrated on TF 2.21, printing the same numbers."""

from __future__ import annotations

import textwrap

from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

PROGRAM = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    tf.set_random_seed(7)
    rng = np.random.RandomState(0)


    class TRNNConfig:
        embedding_dim, seq_length, num_classes = 6, 5, 3
        vocab_size = 20
        hidden_dim = 8
        learning_rate = 0.05


    class TextRNN:
        def __init__(self, config):
            self.input_x = tf.placeholder(tf.int32, [None, config.seq_length], name="input_x")
            self.input_y = tf.placeholder(tf.float32, [None, config.num_classes], name="input_y")
            self.config = config
            self.rnn()

        def rnn(self):
            FACTORIES

            embedding = tf.get_variable("embedding", [self.config.vocab_size, self.config.embedding_dim])
            embedding_inputs = tf.nn.embedding_lookup(embedding, self.input_x)
            with tf.name_scope("rnn"):
                cells = [CELL for _ in range(2)]
                rnn_cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)
                _outputs, _ = tf.nn.dynamic_rnn(cell=rnn_cell, inputs=embedding_inputs, dtype=tf.float32)
                last = _outputs[:, -1, :]
            with tf.name_scope("score"):
                w = tf.Variable(tf.truncated_normal([self.config.hidden_dim, self.config.num_classes], stddev=0.1))
                self.logits = tf.matmul(last, w)
                self.y_pred_cls = tf.argmax(tf.nn.softmax(self.logits), 1)
            with tf.name_scope("optimize"):
                cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(logits=self.logits, labels=self.input_y)
                self.loss = tf.reduce_mean(cross_entropy)
                self.optim = tf.train.AdamOptimizer(learning_rate=self.config.learning_rate).minimize(self.loss)
            with tf.name_scope("accuracy"):
                correct_pred = tf.equal(tf.argmax(self.input_y, 1), self.y_pred_cls)
                self.acc = tf.reduce_mean(tf.cast(correct_pred, tf.float32))


    config = TRNNConfig()
    model = TextRNN(config)
    x = rng.randint(0, 20, (16, 5)).astype(np.int32)
    y = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 16)]
    session = tf.Session()
    session.run(tf.global_variables_initializer())
    for step in range(20):
        session.run(model.optim, feed_dict={model.input_x: x, model.input_y: y})
        if step % 5 == 0:
            loss, acc = session.run([model.loss, model.acc], feed_dict={model.input_x: x, model.input_y: y})
            print(step, loss, acc)
    """
).lstrip()
ONE = """def gru_cell():
            return tf.nn.rnn_cell.GRUCell(self.config.hidden_dim)"""
# the tutorial's three factories: the cell type chosen by a host flag, each cell wrapped for dropout
THREE = """def lstm_cell():
            return tf.nn.rnn_cell.BasicLSTMCell(self.config.hidden_dim, state_is_tuple=True)

        def gru_cell():
            return tf.nn.rnn_cell.GRUCell(self.config.hidden_dim)

        def dropout():
            if self.config.rnn == "lstm":
                cell = lstm_cell()
            else:
                cell = gru_cell()
            return tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=1.0)"""


def test_a_nested_cell_factory_in_the_builder_runs_eagerly_with_tf1s_numbers() -> None:
    source = PROGRAM.replace("FACTORIES", ONE).replace("CELL", "gru_cell()")
    program = Program("builder_cell_factory", source, {"random": "seeded", "legacy_keras": True, "source": "-"})
    assert_session_free_with_baseline_numbers(evaluate([program])["builder_cell_factory"])


def test_the_tutorials_three_factories_name_the_factory_not_the_nested_def() -> None:
    """Factories calling factories under a host ``if`` are read no further: the reason names the factory."""
    source = PROGRAM.replace("FACTORIES", THREE).replace("CELL", "dropout()")
    source = source.replace("    hidden_dim = 8\n", "    hidden_dim = 8\n    rnn = 'gru'\n")
    found = reasons(source)
    assert found and not any("a nested `FunctionDef`" in r for r in found), found
    assert any("makes a new RNN cell" in r for r in found), found


def test_a_nested_lambda_in_the_builder_is_still_refused() -> None:
    source = PROGRAM.replace("FACTORIES", "gru_cell = lambda: tf.nn.rnn_cell.GRUCell(self.config.hidden_dim)")
    found = reasons(source.replace("CELL", "gru_cell()"))
    assert any("a nested `Lambda` in method `rnn`" in r for r in found), found
