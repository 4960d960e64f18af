# Source: the "Deep Learning for Industry" course's "Dataset Iteration" chapter (devpath.com, TF1 tf.data tutorial:
# a dataset batched, `it = dataset.make_one_shot_iterator()`, `next_elem = it.get_next()`, sess.run of it), and the
# common TF1 evaluation loop that fetches the iterator's element and feeds it to placeholders
# Written for tfmigrate's test set in that shape (constructs, order, output); no source text copied.
# Adapted: the dataset built inline, `next_el = Dataset...batch(5).make_one_shot_iterator().get_next()`, its element
# fetched by sess.run and fed through feed_dict to a softmax classifier (trained by SGD, then its accuracy on the
# same batch); synthetic numpy data (seed 0).
import numpy as np
import tensorflow as tf

np.random.seed(0)
features = np.random.rand(20, 3).astype(np.float32)
labels = (features.sum(axis=1) > 1.5).astype(np.int64)

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.int64, [None])
W = tf.Variable(tf.zeros([3, 2]))
b = tf.Variable(tf.zeros([2]))
logits = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

next_el = tf.data.Dataset.from_tensor_slices((features, labels)).batch(5).make_one_shot_iterator().get_next()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        x_val, y_val = sess.run(next_el)
        _, l = sess.run([train, loss], feed_dict={x: x_val, y: y_val})
        print(i, x_val.shape, y_val, l, sess.run(acc, feed_dict={x: x_val, y: y_val}))
    print(sess.run(W))
