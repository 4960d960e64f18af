# Source: tfmigrate (own code), a reduced repro of the variational autoencoder class of Jan Hendrik Metzen's blog post
# (jmetzen.github.io/2015-11-27/vae.html, copied into many projects; held-out set 29's VAE): the constructor builds the
# network through a weights helper that fills a dict by item assignments of dicts of tf.Variables
# (`all_weights['weights_recog'] = {...}`), returned and handed to the encoder and generator methods by key.
# Adapted: see manifest.toml (adapted)
import numpy as np
import tensorflow as tf


class VariationalAutoencoder(object):
    def __init__(self, sess, n_hidden, n_input, n_z, learning_rate=0.01, batch_size=8):
        self.n_hidden = n_hidden
        self.n_input = n_input
        self.n_z = n_z
        self.batch_size = batch_size
        self.x = tf.placeholder(tf.float32, [None, n_input])
        self._create_network()
        self._create_loss_optimizer(learning_rate)
        self.sess = sess
        self.sess.run(tf.global_variables_initializer())

    def _create_network(self):
        network_weights = self._initialize_weights(self.n_hidden, self.n_input, self.n_z)
        self.z_mean, self.z_log_sigma_sq = self._recognition_network(
            network_weights["weights_recog"], network_weights["biases_recog"]
        )
        eps = tf.random_normal((self.batch_size, self.n_z), 0, 1, dtype=tf.float32)
        self.z = tf.add(self.z_mean, tf.multiply(tf.sqrt(tf.exp(self.z_log_sigma_sq)), eps))
        self.x_reconstr_mean = self._generator_network(network_weights["weights_gener"], network_weights["biases_gener"])

    def _initialize_weights(self, n_hidden, n_input, n_z):
        all_weights = dict()
        all_weights['weights_recog'] = {
            'h1': tf.Variable(tf.random_normal([n_input, n_hidden], stddev=0.3)),
            'out_mean': tf.Variable(tf.random_normal([n_hidden, n_z], stddev=0.3)),
            'out_log_sigma': tf.Variable(tf.random_normal([n_hidden, n_z], stddev=0.3))}
        all_weights['biases_recog'] = {
            'b1': tf.Variable(tf.zeros([n_hidden], dtype=tf.float32)),
            'out_mean': tf.Variable(tf.zeros([n_z], dtype=tf.float32)),
            'out_log_sigma': tf.Variable(tf.zeros([n_z], dtype=tf.float32))}
        all_weights['weights_gener'] = {
            'h1': tf.Variable(tf.random_normal([n_z, n_hidden], stddev=0.3)),
            'out_mean': tf.Variable(tf.random_normal([n_hidden, n_input], stddev=0.3))}
        all_weights['biases_gener'] = {
            'b1': tf.Variable(tf.zeros([n_hidden], dtype=tf.float32)),
            'out_mean': tf.Variable(tf.zeros([n_input], dtype=tf.float32))}
        return all_weights

    def _recognition_network(self, weights, biases):
        layer_1 = tf.nn.softplus(tf.add(tf.matmul(self.x, weights['h1']), biases['b1']))
        z_mean = tf.add(tf.matmul(layer_1, weights['out_mean']), biases['out_mean'])
        z_log_sigma_sq = tf.add(tf.matmul(layer_1, weights['out_log_sigma']), biases['out_log_sigma'])
        return (z_mean, z_log_sigma_sq)

    def _generator_network(self, weights, biases):
        layer_1 = tf.nn.softplus(tf.add(tf.matmul(self.z, weights['h1']), biases['b1']))
        return tf.nn.sigmoid(tf.add(tf.matmul(layer_1, weights['out_mean']), biases['out_mean']))

    def _create_loss_optimizer(self, learning_rate):
        reconstr_loss = -tf.reduce_sum(
            self.x * tf.log(1e-10 + self.x_reconstr_mean) + (1 - self.x) * tf.log(1e-10 + 1 - self.x_reconstr_mean), 1
        )
        latent_loss = -0.5 * tf.reduce_sum(
            1 + self.z_log_sigma_sq - tf.square(self.z_mean) - tf.exp(self.z_log_sigma_sq), 1
        )
        self.cost = tf.reduce_mean(reconstr_loss + latent_loss)
        self.optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(self.cost)

    def partial_fit(self, X):
        opt, cost = self.sess.run((self.optimizer, self.cost), feed_dict={self.x: X})
        return cost

    def transform(self, X):
        return self.sess.run(self.z_mean, feed_dict={self.x: X})


def train(data, training_epochs=3, batch_size=8):
    with tf.Session() as sess:
        vae = VariationalAutoencoder(sess, n_hidden=6, n_input=10, n_z=2, batch_size=batch_size)
        for epoch in range(training_epochs):
            avg_cost = 0.0
            total_batch = len(data) // batch_size
            for i in range(total_batch):
                batch_xs = data[i * batch_size:(i + 1) * batch_size]
                cost = vae.partial_fit(batch_xs)
                avg_cost += cost / len(data) * batch_size
            print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))
        print(vae.transform(data[:2]))


if __name__ == '__main__':
    np.random.seed(0)
    tf.set_random_seed(0)
    data = (np.random.RandomState(1).rand(32, 10) > 0.5).astype(np.float32)
    train(data)
