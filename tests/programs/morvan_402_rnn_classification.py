# Source: MorvanZhou/Tensorflow-Tutorial tutorial-contents/402_RNN_classification.py (commit 9f4b057; no licence
# file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 128 synthetic training and 32 test images of the same shape (numpy seed 1), next_batch -> slices;
# tf.contrib.rnn.BasicLSTMCell -> tf.nn.rnn_cell.BasicLSTMCell (tf.contrib is not part of tf.compat.v1); 1200 steps
# -> 12, reported every 4; 2000 test images -> 32; tf.metrics.accuracy (a running mean kept in local variables) -> the
# batch accuracy; matplotlib left out (the shapes printed instead).
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(1)

BATCH_SIZE = 32
TIME_STEP = 28
INPUT_SIZE = 28
LR = 0.01

train_x = (np.random.rand(128, TIME_STEP * INPUT_SIZE) * 255.0).astype(np.float32)
train_y = np.eye(10, dtype=np.float32)[np.random.randint(0, 10, 128)]
test_x = (np.random.rand(32, TIME_STEP * INPUT_SIZE) * 255.0).astype(np.float32)
test_y = np.eye(10, dtype=np.float32)[np.random.randint(0, 10, 32)]
print(train_x.shape)
print(train_y.shape)

tf_x = tf.placeholder(tf.float32, [None, TIME_STEP * INPUT_SIZE]) / 255.0
image = tf.reshape(tf_x, [-1, TIME_STEP, INPUT_SIZE])
tf_y = tf.placeholder(tf.int32, [None, 10])

rnn_cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=64)
outputs, (h_c, h_n) = tf.nn.dynamic_rnn(
    rnn_cell,  # the cell
    image,  # the input
    initial_state=None,  # start from zeros
    dtype=tf.float32,  # needed when initial_state is None
    time_major=False,  # (batch, time step, input)
)
output = tf.layers.dense(outputs[:, -1, :], 10)

loss = tf.losses.softmax_cross_entropy(onehot_labels=tf_y, logits=output)
train_op = tf.train.AdamOptimizer(LR).minimize(loss)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(tf_y, axis=1), tf.argmax(output, axis=1)), tf.float32))

sess = tf.Session()
init_op = tf.global_variables_initializer()
sess.run(init_op)

for step in range(12):
    start = (step * BATCH_SIZE) % len(train_x)
    b_x, b_y = train_x[start : start + BATCH_SIZE], train_y[start : start + BATCH_SIZE]
    _, loss_ = sess.run([train_op, loss], {tf_x: b_x, tf_y: b_y})
    if step % 4 == 0:
        accuracy_ = sess.run(accuracy, {tf_x: test_x, tf_y: test_y})
        print("train loss: %.4f" % loss_, "| test accuracy: %.2f" % accuracy_)

test_output = sess.run(output, {tf_x: test_x[:10]})
pred_y = np.argmax(test_output, 1)
print(pred_y, "prediction number")
print(np.argmax(test_y[:10], 1), "real number")
