# Source: xfflzl/tf-VAE VAE.py @5b281a8 (no licence file in the stored copy); a project's MNIST VAE whose dense layers
# carry contrib's l2_regularizer, whose losses the program never adds to its loss.
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the encoding/decoding helpers inlined at module level (tf.layers inside a helper is not modelled);
# contrib's l2_regularizer(reg_coef) -> its core spelling `lambda w: reg_coef * tf.nn.l2_loss(w)`,
# variance_scaling_initializer -> tf.variance_scaling_initializer(scale=2.0); flags -> module constants; MNIST ->
# 64 synthetic 8x8 images (numpy seed 0); hidden 500 -> 16, latent 20 -> 2; 150 epochs -> 3 of 4 batches; the noise
# drawn in [batch_size, latent_dim] (the original's mean_vector.shape) and bound to a name.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
images = (rng.rand(64, 64) > 0.7).astype(np.float32)

hidden_layer_neurons = 16
latent_dim = 2
reg_coef = 0.01
learning_rate = 0.001
batch_size = 16

X = tf.placeholder(tf.float32, [None, 64])
dense1 = tf.layers.dense(X, hidden_layer_neurons, activation=tf.nn.relu,
                         kernel_initializer=tf.variance_scaling_initializer(scale=2.0),
                         kernel_regularizer=lambda w: reg_coef * tf.nn.l2_loss(w))
gaussian_parameters = tf.layers.dense(dense1, 2 * latent_dim,
                                      kernel_initializer=tf.variance_scaling_initializer(scale=2.0))
mean_vector = gaussian_parameters[:, :latent_dim]
std_vector = tf.nn.softplus(gaussian_parameters[:, latent_dim:])
kl_divergence = 0.5 * tf.reduce_sum(1 + tf.log(tf.square(std_vector)) - tf.square(std_vector) - tf.square(mean_vector))
noise = tf.random_normal([batch_size, latent_dim])
sampled_z = tf.multiply(std_vector, noise) + mean_vector

dense2 = tf.layers.dense(sampled_z, hidden_layer_neurons, activation=tf.nn.relu,
                         kernel_initializer=tf.variance_scaling_initializer(scale=2.0),
                         kernel_regularizer=lambda w: reg_coef * tf.nn.l2_loss(w))
generated_x = tf.layers.dense(dense2, 64, activation=tf.nn.sigmoid,
                              kernel_initializer=tf.variance_scaling_initializer(scale=2.0))
clipped = tf.clip_by_value(generated_x, 1e-8, 1 - 1e-8)
marginal_likelihood = tf.reduce_sum(X * tf.log(clipped) + (1 - X) * tf.log(1 - clipped))
lower_bound = kl_divergence + marginal_likelihood
loss = -lower_bound
train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        totals = np.zeros(3)
        for start in range(0, 64, batch_size):
            batch = images[start:start + batch_size]
            _, kl, likelihood, bound = sess.run([train_op, kl_divergence, marginal_likelihood, lower_bound],
                                                feed_dict={X: batch})
            totals += [kl, likelihood, bound]
        print("epoch %d KL %.4f likelihood %.4f bound %.4f" % (epoch, totals[0] / 4, totals[1] / 4, totals[2] / 4))
