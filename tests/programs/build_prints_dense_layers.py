# Source: tfmigrate (written for this project; see manifest.toml: shape)
# Adapted: see manifest.toml (adapted)
#
# A dense-layer helper that reports each layer it builds (a label, its sizes, the input's static shape two ways,
# the weight variable under its name scope, the output tensor) and a softmax head that prints its logits; one
# layer is built after the optimizer; the module then prints the layers' tensors and two expressions of them.
# Constant initial values: the output is the same in every run.
import numpy as np
import tensorflow as tf

n_in = 3


def dense(inputs, in_size, out_size, activation=None, label="layer"):
    print("building", label, in_size, out_size)
    print(inputs.shape, inputs.get_shape(), sep=" | ")
    with tf.name_scope("dense"):
        W = tf.Variable(tf.zeros([in_size, out_size]) + 0.01, name="W")
        b = tf.Variable(tf.zeros([out_size]), name="b")
        print(W)
        z = tf.matmul(inputs, W) + b
    if activation is None:
        h = z
    else:
        h = activation(z)
    print(z.shape, "->", h)
    return h


def head(features, W):
    logits = tf.matmul(features, W)
    print("logits", logits.shape, logits, end="!\n")
    return tf.nn.softmax(logits)


x = tf.placeholder(tf.float32, [None, n_in])
y = tf.placeholder(tf.float32, [None, 2])
h1 = dense(x, n_in, 4, activation=tf.nn.relu, label="hidden")
h2 = dense(h1, 4, 4, tf.sigmoid)
W_out = tf.Variable(tf.ones([4, 2]) * 0.1)
prob = head(h2, W_out)
loss = tf.reduce_mean(-tf.reduce_sum(y * tf.log(prob), axis=1))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
h3 = dense(h2, 4, 1, label="extra")
print(h2, prob, h3)
print(h3 * 2.0, tf.reduce_sum(h2, 1))

sess = tf.Session()
sess.run(tf.global_variables_initializer())
rows = np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(4, 3)
labels = np.array([[1, 0], [0, 1], [1, 0], [0, 1]], dtype=np.float32)
for step in range(5):
    _, value = sess.run([train, loss], feed_dict={x: rows, y: labels})
    print(step, value)
print(sess.run(h3, feed_dict={x: rows}))
