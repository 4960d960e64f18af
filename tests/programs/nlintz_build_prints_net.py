# Source: nlintz/TensorFlow-Tutorials 03_net.py (MIT; see manifest.toml: shape)
# Adapted: see manifest.toml (adapted)
#
# nlintz's two-layer net with the prints learners add: the weight factory prints each shape it is given, the model
# helper prints its hidden tensor and the output's static shape when the module builds the graph.
import numpy as np
import tensorflow as tf


def init_weights(shape):
    print("init_weights", shape)
    return tf.Variable(tf.random_normal(shape, stddev=0.01))


def model(X, w_h, w_o):
    h = tf.nn.sigmoid(tf.matmul(X, w_h))
    print("hidden:", h)
    out = tf.matmul(h, w_o)
    print("output shape:", out.get_shape())
    return out


np.random.seed(0)
trX = np.random.rand(64, 16).astype(np.float32)
trY = np.eye(4, dtype=np.float32)[np.random.randint(0, 4, 64)]

X = tf.placeholder("float", [None, 16])
Y = tf.placeholder("float", [None, 4])
w_h = init_weights([16, 32])
w_o = init_weights([32, 4])
py_x = model(X, w_h, w_o)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
train_op = tf.train.GradientDescentOptimizer(0.05).minimize(cost)
predict_op = tf.argmax(py_x, 1)

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(20):
        for start, end in zip(range(0, len(trX), 16), range(16, len(trX) + 1, 16)):
            sess.run(train_op, feed_dict={X: trX[start:end], Y: trY[start:end]})
        print(i, "cost", sess.run(cost, feed_dict={X: trX, Y: trY}))
