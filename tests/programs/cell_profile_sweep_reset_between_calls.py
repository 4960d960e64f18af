# Source: a public GitHub file found by tfmigrate's search tool (stored copy 37911620435; the index names no
# repository; a .mat of cell profiles under J:\CNN-Cell-profile-XRZhang), licence not stated: a hyper-parameter sweep,
# `train(cons_str, data_path, half_width, model_name, ..., lr, decay, max_iter)` building the placeholders, a network,
# the cross entropy, accuracy and Adam, a Saver, then `with tf.Session()` training and saving with global_step=epoch,
# called four times at module level with `tf.reset_default_graph()` before each later call. Written for tfmigrate's
# test set in that program's shape; no source text copied.
# Adapted: the .mat data set -> 96 seeded numpy rows of 12 features in 3 classes; the configurable GeneralNet built
# from a layer string -> two dense layers whose hidden width is the call's argument; the summaries, FileWriters and
# the decayed learning rate left out; three calls (hidden 8, 4, 6), 20 epochs each; tf.set_random_seed(1) first in the
# function; each model saved under models/<name>/ (made first), and restored from there when a checkpoint is found
# (added, so that each call's TF1-named checkpoint is read back).
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
FEATURES = rng.rand(96, 12).astype(np.float32)
CLASSES = (FEATURES[:, :3].argmax(axis=1)).astype(np.int32)


def train(hidden, model_name, lr=0.05, max_iter=20, batch_size=32):
    tf.set_random_seed(1)
    X = tf.placeholder(tf.float32, shape=[None, 12], name="X")
    y = tf.placeholder(tf.int32, shape=[None], name="y")
    w1 = tf.Variable(tf.truncated_normal([12, hidden], stddev=0.1), name="w1")
    b1 = tf.Variable(tf.zeros([hidden]), name="b1")
    w2 = tf.Variable(tf.truncated_normal([hidden, 3], stddev=0.1), name="w2")
    b2 = tf.Variable(tf.zeros([3]), name="b2")
    y_est = tf.matmul(tf.nn.relu(tf.matmul(X, w1) + b1), w2) + b2
    cross_entropy = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=y_est, labels=y))
    pred = tf.argmax(y_est, 1)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(y, tf.cast(pred, tf.int32)), tf.float32))
    train_op = tf.train.AdamOptimizer(lr).minimize(cross_entropy)
    saver = tf.train.Saver()
    os.makedirs("models/" + model_name, exist_ok=True)
    with tf.Session() as sess:
        state = tf.train.get_checkpoint_state("models/" + model_name)
        if state and state.model_checkpoint_path:
            print("restoring", state.model_checkpoint_path)
            saver.restore(sess, state.model_checkpoint_path)
        else:
            tf.global_variables_initializer().run()
        for epoch in range(max_iter):
            for i in range(96 // batch_size):
                xs = FEATURES[i * batch_size : (i + 1) * batch_size]
                ys = CLASSES[i * batch_size : (i + 1) * batch_size]
                sess.run(train_op, feed_dict={X: xs, y: ys})
            if epoch % 5 == 0:
                cost, accu = sess.run([cross_entropy, accuracy], feed_dict={X: FEATURES, y: CLASSES})
                print("%s after %d epochs: cost %.4f, accuracy %.3f" % (model_name, epoch, cost, accu))
            saver.save(sess, "models/" + model_name + "/model", global_step=epoch)


train(8, "net-1")
tf.reset_default_graph()
train(4, "net-2", lr=0.1)
tf.reset_default_graph()
train(6, "net-3", max_iter=10)
