# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of the TF1 PTB tutorial's learning-rate update, at module level:
# `lr = tf.Variable(0.0, trainable=False)`, `new_lr = tf.placeholder(tf.float32, shape=[])`,
# `lr_update = tf.assign(lr, new_lr)`, run before each epoch with `feed_dict={new_lr: 1.0 * decay ** epoch}`, and a
# GradientDescentOptimizer(lr) applying clipped gradients of tf.trainable_variables(). Own code, no source text copied.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(13)
inputs_data = rng.randn(90, 5).astype(np.float32)
targets_data = np.tanh(inputs_data.dot(rng.randn(5, 1).astype(np.float32)))

inputs = tf.placeholder(tf.float32, [None, 5])
targets = tf.placeholder(tf.float32, [None, 1])
weights = tf.Variable(tf.constant(rng.randn(5, 1).astype(np.float32) * 0.1))
bias = tf.Variable(tf.zeros([1]))
prediction = tf.tanh(tf.matmul(inputs, weights) + bias)
cost = tf.reduce_mean(tf.square(prediction - targets))

lr = tf.Variable(0.0, trainable=False)
tvars = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(cost, tvars), 5.0)
optimizer = tf.train.GradientDescentOptimizer(lr)
train_op = optimizer.apply_gradients(zip(grads, tvars))
new_lr = tf.placeholder(tf.float32, shape=[], name="new_learning_rate")
lr_update = tf.assign(lr, new_lr)

lr_decay = 0.5
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(5):
        sess.run(lr_update, feed_dict={new_lr: 1.0 * lr_decay ** max(epoch - 1, 0)})
        print("Epoch: %d Learning rate: %.3f" % (epoch + 1, sess.run(lr)))
        for start in range(0, 90, 30):
            _, c = sess.run([train_op, cost], feed_dict={inputs: inputs_data[start:start + 30],
                                                        targets: targets_data[start:start + 30]})
        print("Epoch: %d cost: %.5f" % (epoch + 1, c))
