# Source: Stack Overflow question 46772685 "How to accumulate gradients in tensorflow?", the accepted answer (the
# recipe of question 42156957 walked through; CC BY-SA 3.0, as Stack Overflow licenses posts of 2017): at module
# level, `tvs = tf.trainable_variables()`, accumulators made by a list comprehension of
# `tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False)`, zero ops and assign_add ops of
# `opt.compute_gradients(rmse, tvs)` by comprehensions, `train_step = opt.apply_gradients([(accum_vars[i], gv[1])
# ...])`; the loop runs `sess.run(zero_ops)`, `sess.run(accum_ops, feed_dict=...)` per mini-batch, `sess.run(train_step)`.
# Written for tfmigrate's test set in that answer's shape (constructs, order, names); no source text copied beyond
# the recipe's statements the answer quotes.
# Adapted: the answer's recipe (the model left to the reader there) over a small two-layer regression of its own:
# synthetic data (numpy seed 0), tf.set_random_seed(3), Adam 0.05, 4 mini-batches of 16 accumulated per step, 5 steps,
# the rmse printed per step; a Saver resumed from ./accum_model (TF1 saves the accumulators and Adam's slots).
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
X = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.truncated_normal([4, 8], stddev=0.5))
b1 = tf.Variable(tf.zeros([8]))
W2 = tf.Variable(tf.truncated_normal([8, 1], stddev=0.5))
b2 = tf.Variable(tf.zeros([1]))
hidden = tf.nn.relu(tf.matmul(X, W1) + b1)
rmse = tf.sqrt(tf.reduce_mean(tf.square(tf.matmul(hidden, W2) + b2 - y)))

opt = tf.train.AdamOptimizer(0.05)
tvs = tf.trainable_variables()
accum_vars = [tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False) for tv in tvs]
zero_ops = [tv.assign(tf.zeros_like(tv)) for tv in accum_vars]
gvs = opt.compute_gradients(rmse, tvs)
accum_ops = [accum_vars[i].assign_add(gv[0]) for i, gv in enumerate(gvs)]
train_step = opt.apply_gradients([(accum_vars[i], gv[1]) for i, gv in enumerate(gvs)])
saver = tf.train.Saver()

rng = np.random.RandomState(0)
Xs = rng.rand(4, 16, 4).astype(np.float32)
ys = (Xs.sum(axis=2, keepdims=True) * 0.5 - 0.25).astype(np.float32)
with tf.Session() as sess:
    ckpt = tf.train.get_checkpoint_state("./accum_model")
    if ckpt and tf.train.checkpoint_exists(ckpt.model_checkpoint_path):
        saver.restore(sess, ckpt.model_checkpoint_path)
        print("restoring")
    else:
        sess.run(tf.global_variables_initializer())
    for step in range(5):
        sess.run(zero_ops)
        for i in range(4):
            sess.run(accum_ops, feed_dict={X: Xs[i], y: ys[i]})
        sess.run(train_step)
        print("step %d rmse %.6f" % (step, sess.run(rmse, feed_dict={X: Xs.reshape(-1, 4), y: ys.reshape(-1, 1)})))
    saver.save(sess, "./accum_model/model.ckpt")
