# Source: tfmigrate (own code), in the shape of mingukkang/VAE-tensorflow VAE_model.py + main.py (a project's MNIST
# VAE; no source text copied): gaussian_encoder/bernoulli_decoder helpers making tf.get_variable weights under
# `tf.variable_scope(name, reuse=tf.AUTO_REUSE)` (the flag set so the model could be built again), a
# variational_autoencoder helper returning z, the output and the losses, train() holding the Session under the main
# guard with a decayed Adam rate and a Saver.
# Adapted: 16-wide synthetic binary inputs (numpy seed 0), hidden 500 -> 8, no dropout (keep_prob 1); the model built
# once (test(), which built it again, left out); a Saver that resumes from latest_checkpoint; 3 epochs of 2
# batches, the bound fetched with the train step (the original fetches the errors beside it too: each draws z again
# eagerly, a refusal of its own); tf.set_random_seed(7).
import os

import numpy as np
import tensorflow as tf

checkpoint_dir = "checkpoint"
rng = np.random.RandomState(0)
train_data = (rng.rand(32, 16) > 0.5).astype(np.float32)


def gaussian_encoder(X, n_hidden, n_z):
    w_init = tf.glorot_uniform_initializer()
    input_shape = X.get_shape()
    with tf.variable_scope("encoder_hidden_1", reuse=tf.AUTO_REUSE):
        w1 = tf.get_variable("w1", shape=[input_shape[1], n_hidden], initializer=w_init)
        b1 = tf.get_variable("b1", shape=[n_hidden], initializer=tf.constant_initializer(0.0))
        h1 = tf.nn.elu(tf.matmul(X, w1) + b1)
    with tf.variable_scope("encoder_z", reuse=tf.AUTO_REUSE):
        w2 = tf.get_variable("w2", shape=[n_hidden, n_z * 2], initializer=w_init)
        b2 = tf.get_variable("b2", shape=[n_z * 2], initializer=tf.constant_initializer(0.0))
        h2 = tf.matmul(h1, w2) + b2
        mean = h2[:, :n_z]
        std = tf.nn.softplus(h2[:, n_z:]) + 1e-6
    return mean, std


def bernoulli_decoder(z, n_hidden, n_out):
    w_init = tf.glorot_uniform_initializer()
    z_shape = z.get_shape()
    with tf.variable_scope("decoder_hidden_1", reuse=tf.AUTO_REUSE):
        w3 = tf.get_variable("w3", shape=[z_shape[1], n_hidden], initializer=w_init)
        b3 = tf.get_variable("b3", shape=[n_hidden], initializer=tf.zeros_initializer())
    h3 = tf.nn.elu(tf.matmul(z, w3) + b3)
    with tf.variable_scope("decoder_output", reuse=tf.AUTO_REUSE):
        w4 = tf.get_variable("w4", shape=[n_hidden, n_out], initializer=w_init)
        b4 = tf.get_variable("b4", shape=[n_out], initializer=tf.zeros_initializer())
    return tf.nn.sigmoid(tf.matmul(h3, w4) + b4)


def variational_autoencoder(X, n_hidden_encoder, n_z, n_hidden_decoder):
    n_output = X.get_shape()[1]
    mean, std = gaussian_encoder(X, n_hidden_encoder, n_z)
    z = mean + std * tf.random_normal(tf.shape(mean, out_type=tf.int32), 0, 1, dtype=tf.float32)
    X_out = bernoulli_decoder(z, n_hidden_decoder, n_output)
    X_out = tf.clip_by_value(X_out, 1e-8, 1 - 1e-8)
    likelihood = tf.reduce_mean(tf.reduce_sum(X * tf.log(X_out) + (1 - X) * tf.log(1 - X_out), 1))
    KL_divergence = tf.reduce_mean(
        0.5 * tf.reduce_sum(1 - tf.log(tf.square(std) + 1e-8) + tf.square(mean) + tf.square(std), 1)
    )
    recon_error = -1 * likelihood
    regularization_error = KL_divergence
    ELBO = recon_error + regularization_error
    return z, X_out, recon_error, regularization_error, ELBO


def train():
    tf.set_random_seed(7)
    X = tf.placeholder(tf.float32, shape=[None, 16], name="input_data")
    global_step = tf.Variable(0, trainable=False)
    z, X_out, recon_error, regularization_error, ELBO = variational_autoencoder(X, 8, 2, 8)
    learning_rate_decayed = 0.01 * 0.96 ** (global_step / 4)
    optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate_decayed).minimize(ELBO, global_step=global_step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    latest = tf.train.latest_checkpoint(checkpoint_dir)
    if latest:
        print("restoring")
        saver.restore(sess, latest)
    batch_size = 16
    for i in range(3):
        ELBO_value = 0
        total_batch = int(len(train_data) / batch_size)
        for j in range(total_batch):
            batch_xs = train_data[j * batch_size : j * batch_size + batch_size]
            _, e_3 = sess.run([optimizer, ELBO], feed_dict={X: batch_xs})
            ELBO_value += e_3 / total_batch
        print("Epoch:", i, "ELBO:", ELBO_value)
    if not os.path.exists(checkpoint_dir):
        os.makedirs(checkpoint_dir)
    saver.save(sess, os.path.join(checkpoint_dir, "vae"), global_step=global_step)
    sess.close()


if __name__ == "__main__":
    train()
