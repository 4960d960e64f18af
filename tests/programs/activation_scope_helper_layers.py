# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf


def lrelu(x, alpha=0.2):
    with tf.variable_scope("leakyReLU"):
        return tf.maximum(x, alpha * x)


def train():
    rng = np.random.RandomState(0)
    data = rng.randn(64, 4).astype(np.float32)
    target = (data.sum(axis=1, keepdims=True) > 0).astype(np.float32)

    X = tf.placeholder(tf.float32, [None, 4])
    Y = tf.placeholder(tf.float32, [None, 1])
    with tf.variable_scope("model"):
        W1 = tf.Variable(tf.truncated_normal([4, 8], stddev=0.5, seed=1))
        b1 = tf.Variable(tf.constant(0.1, tf.float32, [8]))
        W2 = tf.Variable(tf.truncated_normal([8, 8], stddev=0.5, seed=2))
        W3 = tf.Variable(tf.truncated_normal([8, 1], stddev=0.5, seed=3))
        h1 = lrelu(tf.matmul(X, W1) + b1)
        h2 = lrelu(tf.matmul(h1, W2), alpha=0.1)
        logits = tf.matmul(h2, W3)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
    train_step = tf.train.AdamOptimizer(0.01).minimize(loss)

    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(40):
        batch = slice((i * 16) % 64, (i * 16) % 64 + 16)
        loss_print, _ = sess.run([loss, train_step], feed_dict={X: data[batch], Y: target[batch]})
        if i % 10 == 0:
            print("step %d loss %f" % (i, loss_print))
    print(sess.run(h2, feed_dict={X: data[:2]}))


if __name__ == "__main__":
    train()
