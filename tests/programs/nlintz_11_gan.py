# Source: nlintz/TensorFlow-Tutorials 11_gan.py (commit 18e42c1; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 512 synthetic images of the same shape (numpy seed 0); hidden 400
# -> 64, z 100 -> 16; 200 steps -> 5; the PIL display of the last image left out (its shape printed instead).
import numpy as np
import tensorflow as tf

np.random.seed(0)
images = np.random.rand(512, 28 * 28).astype(np.float32)


def xavier_initializer(shape):
    return tf.random_normal(shape=shape, stddev=1.0 / shape[0])


z_size = 16
g_w1_size = 64
g_out_size = 28 * 28

x_size = 28 * 28
d_w1_size = 64
d_out_size = 1

z = tf.placeholder("float", shape=(None, z_size))
X = tf.placeholder("float", shape=(None, x_size))

g_weights = {
    "w1": tf.Variable(xavier_initializer(shape=(z_size, g_w1_size))),
    "b1": tf.Variable(tf.zeros(shape=[g_w1_size])),
    "out": tf.Variable(xavier_initializer(shape=(g_w1_size, g_out_size))),
    "b2": tf.Variable(tf.zeros(shape=[g_out_size])),
}

d_weights = {
    "w1": tf.Variable(xavier_initializer(shape=(x_size, d_w1_size))),
    "b1": tf.Variable(tf.zeros(shape=[d_w1_size])),
    "out": tf.Variable(xavier_initializer(shape=(d_w1_size, d_out_size))),
    "b2": tf.Variable(tf.zeros(shape=[d_out_size])),
}


def G(z, w=g_weights):
    h1 = tf.tanh(tf.matmul(z, w["w1"]) + w["b1"])
    return tf.sigmoid(tf.matmul(h1, w["out"]) + w["b2"]) * 255


def D(x, w=d_weights):
    h1 = tf.tanh(tf.matmul(x, w["w1"]) + w["b1"])
    h2 = tf.matmul(h1, w["out"]) + w["b2"]
    return h2


def generate_z(n=1):
    return np.random.normal(size=(n, z_size))


sample = G(z)


def sigmoid_cross_entropy_with_logits(x, y):
    return tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=y)


dout_real = D(X)
dout_fake = D(G(z))

G_obj = tf.reduce_mean(sigmoid_cross_entropy_with_logits(dout_fake, tf.ones_like(dout_fake)))
D_obj_real = tf.reduce_mean(sigmoid_cross_entropy_with_logits(dout_real, tf.ones_like(dout_real) - 0.1))
D_obj_fake = tf.reduce_mean(sigmoid_cross_entropy_with_logits(dout_fake, tf.zeros_like(dout_fake)))
D_obj = D_obj_real + D_obj_fake

G_opt = tf.train.AdamOptimizer().minimize(G_obj, var_list=g_weights.values())
D_opt = tf.train.AdamOptimizer().minimize(D_obj, var_list=d_weights.values())

batch_size = 32

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())

    for i in range(5):
        sess.run(
            D_opt,
            feed_dict={
                X: images[np.random.choice(range(len(images)), batch_size)].reshape(batch_size, x_size),
                z: generate_z(batch_size),
            },
        )
        sess.run(G_opt, feed_dict={z: generate_z(batch_size)})
        sess.run(G_opt, feed_dict={z: generate_z(batch_size)})

        g_cost = sess.run(G_obj, feed_dict={z: generate_z(batch_size)})
        d_cost = sess.run(
            D_obj,
            feed_dict={
                X: images[np.random.choice(range(len(images)), batch_size)].reshape(batch_size, x_size),
                z: generate_z(batch_size),
            },
        )
        image = sess.run(G(z), feed_dict={z: generate_z()})
        df = sess.run(tf.sigmoid(dout_fake), feed_dict={z: generate_z()})
        print(i, g_cost, d_cost, image.max(), df[0][0])

    image = sess.run(G(z), feed_dict={z: generate_z()})
    image1 = image[0].reshape([28, 28])
    print(image1.shape, image1[14, :3])
