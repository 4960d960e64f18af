# Source: AYLIEN/gan-intro gan.py (commit 441295e; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: linear(input, output_dim, scope=None, stddev) (tf.get_variable 'w' of shape [input.get_shape()[1], n]
# and 'b' under tf.variable_scope(scope or 'linear')), generator()/discriminator() calling it with literal scopes,
# 'G' and 'D' scopes, the second discriminator under `scope.reuse_variables()`, d/g parameter lists filtered by
# v.name.startswith('D/') / ('G/') kept; the GAN class flattened into main(); no minibatch layer, plots or argparse;
# Adam -> GradientDescent 0.01 (no global step), 5000 steps -> 20; a Saver restoring the latest checkpoint so that
# a second run resumes; numpy seed 42 and tf.set_random_seed(42) so that the numbers can be compared.
import os

import numpy as np
import tensorflow as tf

np.random.seed(42)
tf.set_random_seed(42)
batch_size = 8
hidden_size = 4
checkpoint_dir = "gan_logs"
os.makedirs(checkpoint_dir, exist_ok=True)


def linear(input, output_dim, scope=None, stddev=1.0):
    with tf.variable_scope(scope or "linear"):
        w = tf.get_variable("w", [input.get_shape()[1], output_dim], initializer=tf.random_normal_initializer(stddev=stddev))
        b = tf.get_variable("b", [output_dim], initializer=tf.constant_initializer(0.0))
        return tf.matmul(input, w) + b


def generator(input, h_dim):
    h0 = tf.nn.softplus(linear(input, h_dim, "g0"))
    h1 = linear(h0, 1, "g1")
    return h1


def discriminator(input, h_dim):
    h0 = tf.nn.relu(linear(input, h_dim * 2, "d0"))
    h1 = tf.nn.relu(linear(h0, h_dim * 2, "d1"))
    h2 = tf.sigmoid(linear(h1, 1, scope="d2"))
    return h2


def log(x):
    return tf.log(tf.maximum(x, 1e-5))


def main():
    with tf.variable_scope("G"):
        z = tf.placeholder(tf.float32, shape=(batch_size, 1))
        G = generator(z, hidden_size)
    x = tf.placeholder(tf.float32, shape=(batch_size, 1))
    with tf.variable_scope("D") as scope:
        D1 = discriminator(x, hidden_size)
        scope.reuse_variables()
        D2 = discriminator(G, hidden_size)
    loss_d = tf.reduce_mean(-log(D1) - log(1 - D2))
    loss_g = tf.reduce_mean(-log(D2))
    vars = tf.trainable_variables()
    d_params = [v for v in vars if v.name.startswith("D/")]
    g_params = [v for v in vars if v.name.startswith("G/")]
    opt_d = tf.train.GradientDescentOptimizer(0.01).minimize(loss_d, var_list=d_params)
    opt_g = tf.train.GradientDescentOptimizer(0.01).minimize(loss_g, var_list=g_params)
    saver = tf.train.Saver()

    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        latest = tf.train.latest_checkpoint(checkpoint_dir)
        if latest is not None:
            print("restoring", os.path.basename(latest))
            saver.restore(session, latest)
        for step in range(20):
            xs = np.sort(np.random.normal(4, 0.5, batch_size))
            zs = np.linspace(-8, 8, batch_size) + np.random.random(batch_size) * 0.01
            loss_d_value, _ = session.run(
                [loss_d, opt_d], {x: np.reshape(xs, (batch_size, 1)), z: np.reshape(zs, (batch_size, 1))}
            )
            zs = np.linspace(-8, 8, batch_size) + np.random.random(batch_size) * 0.01
            loss_g_value, _ = session.run([loss_g, opt_g], {z: np.reshape(zs, (batch_size, 1))})
            if step % 5 == 0:
                print("{}: {:.4f}\t{:.4f}".format(step, loss_d_value, loss_g_value))
        print(session.run(G, {z: np.reshape(np.linspace(-8, 8, batch_size), (batch_size, 1))}).ravel())
        saver.save(session, os.path.join(checkpoint_dir, "gan"))


if __name__ == "__main__":
    main()
