# Source: ChuaCheowHuan/ChuaCheowHuan.github.io _posts/2019-06-11-tf_accumulate_grad.md @1cd20b3 (no licence stated
# in the stored copy); the post's accumu_grad(OPT, loss, scope), the gradient accumulation recipe TF1 trainers copy.
# Written for tfmigrate's test set in that program's shape (constructs, order); no source text copied.
# Adapted: the post's function (a method there) called on a small linear regression of its own: synthetic data
# (numpy seed 0), tf.set_random_seed(1), Adam, 4 mini-batches accumulated per step, 6 steps, the loss printed per
# step; a Saver added (TF1 saves the accumulators beside the weights and Adam's slots).
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


def accumu_grad(OPT, loss, scope):
    tvs = tf.trainable_variables(scope=scope)
    accumu = [tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False) for tv in tvs]
    zero_op = [tv.assign(tf.zeros_like(tv)) for tv in accumu]
    gvs = OPT.compute_gradients(loss, tvs)
    accumu_op = [accumu[i].assign_add(gv[0]) for i, gv in enumerate(gvs)]
    apply_op = OPT.apply_gradients([(accumu[i], gv[1]) for i, gv in enumerate(gvs)])
    return zero_op, accumu_op, apply_op, accumu


x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
with tf.variable_scope("model"):
    W = tf.get_variable("W", [3, 1], initializer=tf.random_normal_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, W) + b - y))
zero_op, accumu_op, apply_op, accumu = accumu_grad(tf.train.AdamOptimizer(0.1), loss, "model")
saver = tf.train.Saver()

rng = np.random.RandomState(0)
data_x = rng.rand(32, 3).astype(np.float32)
data_y = data_x.dot([[1.0], [2.0], [-1.0]]).astype(np.float32) + 0.5
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        sess.run(zero_op)
        for i in range(4):
            sess.run(accumu_op, feed_dict={x: data_x[i * 8 : (i + 1) * 8], y: data_y[i * 8 : (i + 1) * 8]})
        sess.run(apply_op)
        print("step %d loss %.6f" % (step, sess.run(loss, feed_dict={x: data_x, y: data_y})))
    saver.save(sess, "./accumulated")
