# Source: Jan Hendrik Metzen, "Variational Autoencoder in TensorFlow" (2015 blog notebook; its VariationalAutoencoder
# class and generate(), which feeds the latent z, copied into many public repositories)
# Written for tfmigrate's test set in that notebook's shape (constructs, order, output); no source text copied.
# Adapted: the class's graph written at module level, MNIST -> seeded random binary data, 784-500-500-20 -> 6-5-2
# (one hidden layer each side), squared reconstruction error, 5 Adam steps; reconstruct() and generate() as runs.
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
n_input = 6
n_hidden = 5
n_z = 2
x = tf.placeholder(tf.float32, [None, n_input])
W_enc = tf.Variable(tf.random_normal([n_input, n_hidden], stddev=0.3))
h = tf.nn.relu(tf.matmul(x, W_enc))
W_mu = tf.Variable(tf.random_normal([n_hidden, n_z], stddev=0.3))
W_sigma = tf.Variable(tf.random_normal([n_hidden, n_z], stddev=0.3))
z_mu = tf.matmul(h, W_mu)
z_log_sigma_sq = tf.matmul(h, W_sigma)
eps = tf.random_normal(tf.shape(z_mu), 0, 1, dtype=tf.float32)
z = z_mu + tf.sqrt(tf.exp(z_log_sigma_sq)) * eps
W_dec = tf.Variable(tf.random_normal([n_z, n_input], stddev=0.3))
b_dec = tf.Variable(tf.zeros([n_input]))
x_reconstr_mean = tf.nn.sigmoid(tf.matmul(z, W_dec) + b_dec)
reconstr_loss = tf.reduce_sum(tf.square(x - x_reconstr_mean), 1)
latent_loss = -0.5 * tf.reduce_sum(1 + z_log_sigma_sq - tf.square(z_mu) - tf.exp(z_log_sigma_sq), 1)
cost = tf.reduce_mean(reconstr_loss + latent_loss)
optimizer = tf.train.AdamOptimizer(learning_rate=0.01).minimize(cost)
data = (np.random.RandomState(0).rand(10, n_input) > 0.5).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(5):
        _, c = sess.run((optimizer, cost), feed_dict={x: data})
        print("epoch", epoch, "cost", c)
    print("transform:", sess.run(z_mu, feed_dict={x: data[:2]}))
    z_sample = np.array([[0.5, -0.5], [1.0, 1.0]])
    print("generate:", sess.run(x_reconstr_mean, feed_dict={z: z_sample}))
