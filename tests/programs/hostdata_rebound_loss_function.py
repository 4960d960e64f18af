# Source: tfmigrate (own code) in the shape of public TF1 scripts (see manifest.toml: shape)
# Adapted: written for tfmigrate, no source text copied (see manifest.toml: adapted)
#
# Logistic regression whose model, loss and training step are helper functions; the loss function's name is
# rebound to the loss it returns, which the training loop fetches.
import numpy as np
import tensorflow as tf

np.random.seed(1)
x_data = np.random.rand(64, 3).astype(np.float32)
y_data = (x_data.sum(axis=1, keepdims=True) > 1.5).astype(np.float32)

_x = tf.placeholder(tf.float32, [None, 3])
_y = tf.placeholder(tf.float32, [None, 1])


def FunctionModel():
    W = tf.Variable(tf.ones([3, 1]) * 0.1, name="weight")
    b = tf.Variable(tf.zeros([1]), name="bias")
    return tf.sigmoid(tf.matmul(_x, W) + b)


def loss(y, out):
    return tf.reduce_mean(-y * tf.log(out + 1e-7) - (1 - y) * tf.log(1 - out + 1e-7))


def training(loss):
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.5)
    return optimizer.minimize(loss)


output = FunctionModel()
loss = loss(_y, output)
train_op = training(loss)
predicted = tf.cast(output > 0.5, tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, _y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(101):
        _, cost = sess.run([train_op, loss], feed_dict={_x: x_data, _y: y_data})
        if epoch % 20 == 0:
            print("epoch", epoch, "loss", cost)
    print("accuracy", sess.run(accuracy, feed_dict={_x: x_data, _y: y_data}))
