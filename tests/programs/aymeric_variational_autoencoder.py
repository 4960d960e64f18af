# Source: aymericdamien/TensorFlow-Examples examples/3_NeuralNetworks/variational_autoencoder.py (commit 91641ee; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic mostly dark images of the same shape, numpy seed 0, next_batch -> slices; 30000 steps -> 300, reported every 100; hidden 512 -> 64; the 20x20 manifold -> 4x4, printed as its shape; matplotlib and scipy left out.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
images = (rng.uniform(size=(256, 784)) < 0.15).astype(np.float32)

learning_rate = 0.001
num_steps = 300
batch_size = 64
image_dim, hidden_dim, latent_dim = 784, 64, 2


def glorot_init(shape):
    return tf.random_normal(shape=shape, stddev=1.0 / tf.sqrt(shape[0] / 2.0))


weights = {
    "encoder_h1": tf.Variable(glorot_init([image_dim, hidden_dim])),
    "z_mean": tf.Variable(glorot_init([hidden_dim, latent_dim])),
    "z_std": tf.Variable(glorot_init([hidden_dim, latent_dim])),
    "decoder_h1": tf.Variable(glorot_init([latent_dim, hidden_dim])),
    "decoder_out": tf.Variable(glorot_init([hidden_dim, image_dim])),
}
biases = {
    "encoder_b1": tf.Variable(glorot_init([hidden_dim])),
    "z_mean": tf.Variable(glorot_init([latent_dim])),
    "z_std": tf.Variable(glorot_init([latent_dim])),
    "decoder_b1": tf.Variable(glorot_init([hidden_dim])),
    "decoder_out": tf.Variable(glorot_init([image_dim])),
}

input_image = tf.placeholder(tf.float32, shape=[None, image_dim])
encoder = tf.nn.tanh(tf.matmul(input_image, weights["encoder_h1"]) + biases["encoder_b1"])
z_mean = tf.matmul(encoder, weights["z_mean"]) + biases["z_mean"]
z_std = tf.matmul(encoder, weights["z_std"]) + biases["z_std"]
eps = tf.random_normal(tf.shape(z_std), dtype=tf.float32, mean=0.0, stddev=1.0, name="epsilon")
z = z_mean + tf.exp(z_std / 2) * eps

decoder = tf.nn.tanh(tf.matmul(z, weights["decoder_h1"]) + biases["decoder_b1"])
decoder = tf.nn.sigmoid(tf.matmul(decoder, weights["decoder_out"]) + biases["decoder_out"])


def vae_loss(reconstructed, true):
    reconstruction = true * tf.log(1e-10 + reconstructed) + (1 - true) * tf.log(1e-10 + 1 - reconstructed)
    reconstruction = -tf.reduce_sum(reconstruction, 1)
    kl = 1 + z_std - tf.square(z_mean) - tf.exp(z_std)
    kl = -0.5 * tf.reduce_sum(kl, 1)
    return tf.reduce_mean(reconstruction + kl)


loss_op = vae_loss(decoder, input_image)
train_op = tf.train.RMSPropOptimizer(learning_rate=learning_rate).minimize(loss_op)
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    for i in range(1, num_steps + 1):
        start = ((i - 1) * batch_size) % len(images)
        _, l = sess.run([train_op, loss_op], feed_dict={input_image: images[start : start + batch_size]})
        if i % 100 == 0 or i == 1:
            print("Step %i, Loss: %f" % (i, l))

    noise_input = tf.placeholder(tf.float32, shape=[None, latent_dim])
    decoder = tf.nn.tanh(tf.matmul(noise_input, weights["decoder_h1"]) + biases["decoder_b1"])
    decoder = tf.nn.sigmoid(tf.matmul(decoder, weights["decoder_out"]) + biases["decoder_out"])

    n = 4
    x_axis = np.linspace(-3, 3, n)
    y_axis = np.linspace(-3, 3, n)
    canvas = np.empty((28 * n, 28 * n))
    for i, yi in enumerate(x_axis):
        for j, xi in enumerate(y_axis):
            x_mean = sess.run(decoder, feed_dict={noise_input: np.array([[xi, yi]] * batch_size)})
            canvas[(n - i - 1) * 28 : (n - i) * 28, j * 28 : (j + 1) * 28] = x_mean[0].reshape(28, 28)
    print(canvas.shape)
