# Source: aymericdamien/TensorFlow-Examples examples/3_NeuralNetworks/gan.py (MIT), own code in its shape
# Adapted: synthetic 8-dimensional data, resource variables, the accuracy and mean fetched after both ops; no source text copied
#
# A GAN whose generator and discriminator steps run in one sess.run, written for tfmigrate in the shape of
# aymericdamien/TensorFlow-Examples' gan.py (var_lists of the generator's and the discriminator's weights, both train ops fetched with
# both losses) over resource variables (use_resource=True), also fetching the discriminator's
# accuracy on real samples and the mean generated value after the two ops. Synthetic data, no source text copied.
import numpy as np
import tensorflow as tf

tf.set_random_seed(8)
rng = np.random.RandomState(2)
data_dim, noise_dim, hidden = 8, 4, 16


def glorot_init(shape):
    return tf.random_normal(shape=shape, stddev=1.0 / tf.sqrt(shape[0] / 2.0))


G_W1 = tf.Variable(glorot_init([noise_dim, hidden]), use_resource=True)
G_b1 = tf.Variable(tf.zeros([hidden]), use_resource=True)
G_W2 = tf.Variable(glorot_init([hidden, data_dim]), use_resource=True)
G_b2 = tf.Variable(tf.zeros([data_dim]), use_resource=True)
D_W1 = tf.Variable(glorot_init([data_dim, hidden]), use_resource=True)
D_b1 = tf.Variable(tf.zeros([hidden]), use_resource=True)
D_W2 = tf.Variable(glorot_init([hidden, 1]), use_resource=True)
D_b2 = tf.Variable(tf.zeros([1]), use_resource=True)

gen_input = tf.placeholder(tf.float32, shape=[None, noise_dim], name="input_noise")
disc_input = tf.placeholder(tf.float32, shape=[None, data_dim], name="disc_input")
gen_hidden = tf.nn.relu(tf.matmul(gen_input, G_W1) + G_b1)
gen_sample = tf.nn.sigmoid(tf.matmul(gen_hidden, G_W2) + G_b2)
real_hidden = tf.nn.relu(tf.matmul(disc_input, D_W1) + D_b1)
disc_real = tf.nn.sigmoid(tf.matmul(real_hidden, D_W2) + D_b2)
fake_hidden = tf.nn.relu(tf.matmul(gen_sample, D_W1) + D_b1)
disc_fake = tf.nn.sigmoid(tf.matmul(fake_hidden, D_W2) + D_b2)

gen_loss = -tf.reduce_mean(tf.log(disc_fake))
disc_loss = -tf.reduce_mean(tf.log(disc_real) + tf.log(1.0 - disc_fake))
real_accuracy = tf.reduce_mean(tf.cast(disc_real > 0.5, tf.float32))
sample_mean = tf.reduce_mean(gen_sample)

optimizer_gen = tf.train.AdamOptimizer(learning_rate=0.01)
optimizer_disc = tf.train.AdamOptimizer(learning_rate=0.01)
gen_vars = [G_W1, G_b1, G_W2, G_b2]
disc_vars = [D_W1, D_b1, D_W2, D_b2]
train_gen = optimizer_gen.minimize(gen_loss, var_list=gen_vars)
train_disc = optimizer_disc.minimize(disc_loss, var_list=disc_vars)

real = (rng.rand(512, data_dim) * 0.3 + 0.6).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(1, 61):
        batch_x = real[rng.randint(0, 512, 32)]
        z = rng.uniform(-1.0, 1.0, size=[32, noise_dim])
        feed_dict = {disc_input: batch_x, gen_input: z}
        _, _, gl, dl, acc, mean = sess.run(
            [train_gen, train_disc, gen_loss, disc_loss, real_accuracy, sample_mean], feed_dict=feed_dict
        )
        if i % 15 == 0 or i == 1:
            print(
                "Step %i: Generator Loss: %f, Discriminator Loss: %f, real accuracy %f, sample mean %f"
                % (i, gl, dl, acc, mean)
            )
    print("final sample", sess.run(gen_sample, feed_dict={gen_input: np.zeros([1, noise_dim])}).round(4))
