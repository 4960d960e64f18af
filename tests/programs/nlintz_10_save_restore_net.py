# Source: nlintz/TensorFlow-Tutorials 10_save_restore_net.py (commit 27b88ca; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic training and 64 test samples of the same shape (numpy seed 0); hidden 625 -> 64;
# 100 epochs -> 3 (a second run resumes from the checkpoint and trains one more); dropout keep 1.0 while training
# so a resumed run is a function of the checkpoint alone.
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
trX = rng.rand(256, 784).astype(np.float32)
trY = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 256)]
teX = rng.rand(64, 784).astype(np.float32)
teY = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]


def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))


def model(X, w_h, w_h2, w_o, p_keep_input, p_keep_hidden):
    X = tf.nn.dropout(X, p_keep_input)
    h = tf.nn.relu(tf.matmul(X, w_h))
    h = tf.nn.dropout(h, p_keep_hidden)
    h2 = tf.nn.relu(tf.matmul(h, w_h2))
    h2 = tf.nn.dropout(h2, p_keep_hidden)
    return tf.matmul(h2, w_o)


X = tf.placeholder("float", [None, 784])
Y = tf.placeholder("float", [None, 10])
w_h = init_weights([784, 64])
w_h2 = init_weights([64, 64])
w_o = init_weights([64, 10])
p_keep_input = tf.placeholder("float")
p_keep_hidden = tf.placeholder("float")
py_x = model(X, w_h, w_h2, w_o, p_keep_input, p_keep_hidden)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
predict_op = tf.argmax(py_x, 1)

ckpt_dir = "./ckpt_dir"
if not os.path.exists(ckpt_dir):
    os.makedirs(ckpt_dir)

global_step = tf.Variable(0, name="global_step", trainable=False)
saver = tf.train.Saver()
non_storable_variable = tf.Variable(777)

with tf.Session() as sess:
    tf.global_variables_initializer().run()

    ckpt = tf.train.get_checkpoint_state(ckpt_dir)
    if ckpt and ckpt.model_checkpoint_path:
        print("restoring")
        saver.restore(sess, ckpt.model_checkpoint_path)

    start = global_step.eval()
    print("Start from:", start)

    for i in range(start, start + 3 if start == 0 else start + 1):
        for begin, end in zip(range(0, len(trX), 64), range(64, len(trX) + 1, 64)):
            sess.run(train_op, feed_dict={X: trX[begin:end], Y: trY[begin:end], p_keep_input: 1.0, p_keep_hidden: 1.0})
        global_step.assign(i + 1).eval()
        saver.save(sess, ckpt_dir + "/model.ckpt", global_step=global_step)
        print(i, np.mean(np.argmax(teY, axis=1) == sess.run(predict_op, feed_dict={X: teX, p_keep_input: 1.0, p_keep_hidden: 1.0})))
    print("loss", sess.run(cost, feed_dict={X: trX, Y: trY, p_keep_input: 1.0, p_keep_hidden: 1.0}))
    print("non-storable", sess.run(non_storable_variable))
