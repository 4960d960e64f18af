# Source: FrankWork/tfrc test_rnn_tf.py (commit 5203be1; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.contrib.rnn.GRUCell / DropoutWrapper / MultiRNNCell -> tf.nn.rnn_cell.* (tf.contrib is not part of
# tf.compat.v1); the commented expected output left out.
import tensorflow as tf

hidden_size = 1
num_layers = 1
dropout_rate = 0.2
batch_size = 2
max_time = 3
embedding_size = 1

inputs = tf.ones([batch_size, max_time, embedding_size])
seq_len = tf.ones(batch_size, dtype=tf.int32) * max_time


def gru_cell():
    cell = tf.nn.rnn_cell.GRUCell(hidden_size)
    cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=dropout_rate)
    return cell


cell_fw = tf.nn.rnn_cell.MultiRNNCell([gru_cell() for _ in range(num_layers)])
cell_bw = tf.nn.rnn_cell.MultiRNNCell([gru_cell() for _ in range(num_layers)])

o, s = tf.nn.bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=seq_len, dtype=tf.float32)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    o, s = session.run([o, s])
    print(o[0])
    print("*" * 40)
    print(o[1])
    print("*" * 40)
    print(s[0])
    print("*" * 40)
    print(s[1])
