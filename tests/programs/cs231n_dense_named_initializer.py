# Source: zhangdavids/learn_cs231n src/tf_demo4.py @8964660 (no licence file stored)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.contrib.layers.xavier_initializer() -> tf.glorot_uniform_initializer() (tf.contrib is not part of
# tf.compat.v1; the same Glorot uniform draw); numpy seed 0; the loss printed every 10 steps; N, D, H 64/1000/100 ->
# 32/50/20 and learning rate 1e-5 -> 1e-2 so that the loss visibly falls in 50 steps.
import numpy as np
import tensorflow as tf

np.random.seed(0)
N, D, H = 32, 50, 20
x = tf.placeholder(tf.float32, shape=(N, D))
y = tf.placeholder(tf.float32, shape=(N, D))

init = tf.glorot_uniform_initializer()
h = tf.layers.dense(inputs=x, units=H, activation=tf.nn.relu, kernel_initializer=init)
y_pred = tf.layers.dense(inputs=h, units=D, kernel_initializer=init)
loss = tf.losses.mean_squared_error(y_pred, y)

optimizer = tf.train.GradientDescentOptimizer(1e-2)
updates = optimizer.minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = {x: np.random.randn(N, D), y: np.random.randn(N, D)}
    for t in range(50):
        loss_val, _ = sess.run([loss, updates], feed_dict=values)
        if t % 10 == 0:
            print("step", t, "loss", loss_val)
