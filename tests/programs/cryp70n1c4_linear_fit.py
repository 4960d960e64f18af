# Source: CRYP70N1C4/einstein my_tensorflow/曲线拟合/一次函数拟合.py (commit not recorded; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: numpy seed 0 added for the noise; 50 epochs -> 6, printed every 2.
import numpy as np
import tensorflow as tf

np.random.seed(0)
train_X = np.linspace(-1, 1, 100)
train_Y = 2 * train_X + np.random.randn(*train_X.shape) * 0.33 + 10

X = tf.placeholder(tf.float32)
Y = tf.placeholder(tf.float32)
w = tf.Variable(0.0, name="weight")
b = tf.Variable(0.0, name="bias")
loss = tf.square(Y - w * X - b)
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    epoch = 1
    for i in range(6):
        for (x, y) in zip(train_X, train_Y):
            _, loss_value, w_value, b_value = session.run([train_op, loss, w, b], feed_dict={X: x, Y: y})
        epoch += 1
        if i % 2 == 0:
            print("Epoch: {}, loss:{} w: {}, b: {}".format(epoch, loss_value, w_value, b_value))
