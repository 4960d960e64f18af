# Source: MorvanZhou/tutorials tensorflowTUT/tf17_dropout/full_code.py (commit 2abce13; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: sklearn digits -> 300 synthetic 8x8 images with one-hot labels, numpy seed 0, split 210/90; histogram_summary / scalar_summary / merge_all_summaries / train.SummaryWriter / initialize_all_variables -> their TF 1.0 names; 500 steps -> 200; the recorded loss also printed.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
images = rng.uniform(0, 16, (300, 64)).astype(np.float32)
onehot = np.eye(10)[images[:, :10].argmax(axis=1)].astype(np.float32)
X_train, X_test, y_train, y_test = images[:210], images[210:], onehot[:210], onehot[210:]


def add_layer(inputs, in_size, out_size, layer_name, activation_function=None):
    Weights = tf.Variable(tf.random_normal([in_size, out_size]))
    biases = tf.Variable(tf.zeros([1, out_size]) + 0.1)
    Wx_plus_b = tf.matmul(inputs, Weights) + biases
    Wx_plus_b = tf.nn.dropout(Wx_plus_b, keep_prob)
    if activation_function is None:
        outputs = Wx_plus_b
    else:
        outputs = activation_function(Wx_plus_b)
    tf.summary.histogram(layer_name + "/outputs", outputs)
    return outputs


keep_prob = tf.placeholder(tf.float32)
xs = tf.placeholder(tf.float32, [None, 64])
ys = tf.placeholder(tf.float32, [None, 10])

l1 = add_layer(xs, 64, 50, "l1", activation_function=tf.nn.tanh)
prediction = add_layer(l1, 50, 10, "l2", activation_function=tf.nn.softmax)

cross_entropy = tf.reduce_mean(-tf.reduce_sum(ys * tf.log(prediction), reduction_indices=[1]))
tf.summary.scalar("loss", cross_entropy)
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

sess = tf.Session()
merged = tf.summary.merge_all()
train_writer = tf.summary.FileWriter("logs/train", sess.graph)
test_writer = tf.summary.FileWriter("logs/test", sess.graph)
sess.run(tf.global_variables_initializer())

for i in range(200):
    sess.run(train_step, feed_dict={xs: X_train, ys: y_train, keep_prob: 0.5})
    if i % 50 == 0:
        train_writer.add_summary(sess.run(merged, feed_dict={xs: X_train, ys: y_train, keep_prob: 1}), i)
        test_writer.add_summary(sess.run(merged, feed_dict={xs: X_test, ys: y_test, keep_prob: 1}), i)
        print(i, sess.run(cross_entropy, feed_dict={xs: X_train, ys: y_train, keep_prob: 1}))
