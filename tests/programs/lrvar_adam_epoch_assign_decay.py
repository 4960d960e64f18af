# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of public TF1 training scripts that hold the learning rate in
# `lr = tf.Variable(0.001, dtype=tf.float32)`, give it to AdamOptimizer and decay it at the start of each epoch with
# `sess.run(tf.assign(lr, 0.001 * (0.95 ** epoch)))`, training on minibatches fed by feed_dict. Own code, no source
# text copied.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(7)
data_x = rng.rand(120, 6).astype(np.float32)
labels = (data_x.sum(axis=1) > 3.0).astype(np.int64)
data_y = np.eye(2, dtype=np.float32)[labels]

inputs = tf.placeholder(tf.float32, [None, 6])
outputs = tf.placeholder(tf.float32, [None, 2])
lr = tf.Variable(0.001, dtype=tf.float32)
W1 = tf.Variable(tf.constant(rng.randn(6, 8).astype(np.float32) * 0.3))
b1 = tf.Variable(tf.zeros([8]))
W2 = tf.Variable(tf.constant(rng.randn(8, 2).astype(np.float32) * 0.3))
b2 = tf.Variable(tf.zeros([2]))
hidden = tf.nn.relu(tf.matmul(inputs, W1) + b1)
logits = tf.matmul(hidden, W2) + b2
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=outputs, logits=logits))
train_step = tf.train.AdamOptimizer(lr).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(outputs, 1)), tf.float32))

batch_size = 20
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(6):
        sess.run(tf.assign(lr, 0.05 * (0.95 ** epoch)))
        for start in range(0, len(data_x), batch_size):
            sess.run(train_step, feed_dict={inputs: data_x[start:start + batch_size],
                                            outputs: data_y[start:start + batch_size]})
        c, acc = sess.run([cost, accuracy], feed_dict={inputs: data_x, outputs: data_y})
        print("epoch", epoch, "lr", sess.run(lr), "cost", c, "accuracy", acc)
