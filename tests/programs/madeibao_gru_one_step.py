# Source: madeibao/PythonAlgorithm PartC/tf_BasicGRUShape.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the original prints the graph tensors' shapes only; a Session evaluating them added, and
# tf.set_random_seed(1); batch 10, depth 128, 100 units -> 4, 6, 5.
import tensorflow as tf

tf.set_random_seed(1)
batch_size = 4
depth = 6
output_dim = 5
inputs = tf.Variable(tf.random_normal([batch_size, depth]))
previous_state = tf.Variable(tf.random_normal([batch_size, output_dim]))  # the previous step's output
gru_cell = tf.nn.rnn_cell.GRUCell(output_dim)
output, state = gru_cell(inputs, previous_state)
print(output.shape)
print(state.shape)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    output_val, state_val = sess.run([output, state])
    print(output_val)
    print((output_val == state_val).all())
