# Source: MorvanZhou/Tensorflow-Tutorial tutorial-contents/302_simple_classification.py (commit 71d2124; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.metrics.accuracy (a running mean kept in local variables) -> the batch accuracy, so the
# local-variables initializer goes with it; 100 steps -> 20; the matplotlib plot of each report left out (the
# accuracy and the predicted classes of the first points printed).
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(1)

n_data = np.ones((100, 2))
x0 = np.random.normal(2 * n_data, 1)
y0 = np.zeros(100)
x1 = np.random.normal(-2 * n_data, 1)
y1 = np.ones(100)
x = np.vstack((x0, x1))
y = np.hstack((y0, y1))

tf_x = tf.placeholder(tf.float32, x.shape)
tf_y = tf.placeholder(tf.int32, y.shape)

l1 = tf.layers.dense(tf_x, 10, tf.nn.relu)
output = tf.layers.dense(l1, 2)

loss = tf.losses.sparse_softmax_cross_entropy(labels=tf_y, logits=output)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(tf.argmax(output, axis=1), tf.int32), tf_y), tf.float32))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05)
train_op = optimizer.minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())

for step in range(20):
    _, acc, pred = sess.run([train_op, accuracy, output], {tf_x: x, tf_y: y})
    if step % 4 == 0:
        print("step", step, "Accuracy=%.2f" % acc, pred.argmax(1)[95:105], pred[0])
