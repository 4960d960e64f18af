# Source: solaris33/deep-learning-tensorflow-book-code Ch11-GAN/mnist_gan.py (commit e59425a; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 64 synthetic images of 784 pixels (numpy seed 0), next_batch -> slices; tf.set_random_seed(1) added; hidden 128 -> 32; 100000 iterations -> 40, printed every 10; the matplotlib grids and the output folder left out.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(0)

num_epoch = 40
batch_size = 16
num_input = 28 * 28
num_latent_variable = 100
num_hidden = 32
learning_rate = 0.001

X = tf.placeholder(tf.float32, shape=[None, num_input])
z = tf.placeholder(tf.float32, shape=[None, num_latent_variable])

# the generator's variables: 100 -> 32 -> 784
with tf.variable_scope('generator'):
    G_W1 = tf.Variable(tf.random_normal(shape=[num_latent_variable, num_hidden], stddev=5e-2))
    G_b1 = tf.Variable(tf.constant(0.1, shape=[num_hidden]))
    G_W2 = tf.Variable(tf.random_normal(shape=[num_hidden, num_input], stddev=5e-2))
    G_b2 = tf.Variable(tf.constant(0.1, shape=[num_input]))

# the discriminator's variables: 784 -> 32 -> 1
with tf.variable_scope('discriminator'):
    D_W1 = tf.Variable(tf.random_normal(shape=[num_input, num_hidden], stddev=5e-2))
    D_b1 = tf.Variable(tf.constant(0.1, shape=[num_hidden]))
    D_W2 = tf.Variable(tf.random_normal(shape=[num_hidden, 1], stddev=5e-2))
    D_b2 = tf.Variable(tf.constant(0.1, shape=[1]))


def build_generator(X):
    hidden_layer = tf.nn.relu((tf.matmul(X, G_W1) + G_b1))
    output_layer = tf.matmul(hidden_layer, G_W2) + G_b2
    generated_image = tf.nn.sigmoid(output_layer)
    return generated_image


def build_discriminator(X):
    hidden_layer = tf.nn.relu((tf.matmul(X, D_W1) + D_b1))
    logits = tf.matmul(hidden_layer, D_W2) + D_b2
    predicted_value = tf.nn.sigmoid(logits)
    return predicted_value, logits


G = build_generator(z)
D_real, D_real_logits = build_discriminator(X)
D_fake, D_fake_logits = build_discriminator(G)

d_loss_real = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=D_real_logits, labels=tf.ones_like(D_real_logits)))
d_loss_fake = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.zeros_like(D_fake_logits)))
d_loss = d_loss_real + d_loss_fake
g_loss = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.ones_like(D_fake_logits)))

# the trainable variables, split by the scope in their names
tvar = tf.trainable_variables()
dvar = [var for var in tvar if 'discriminator' in var.name]
gvar = [var for var in tvar if 'generator' in var.name]

d_train_step = tf.train.AdamOptimizer(learning_rate).minimize(d_loss, var_list=dvar)
g_train_step = tf.train.AdamOptimizer(learning_rate).minimize(g_loss, var_list=gvar)

images = (np.random.rand(64, num_input) > 0.8).astype(np.float32)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(num_epoch):
        start = (i * batch_size) % 64
        batch_X = images[start:start + batch_size]
        batch_noise = np.random.uniform(-1., 1., [batch_size, 100])
        _, d_loss_print = sess.run([d_train_step, d_loss], feed_dict={X: batch_X, z: batch_noise})
        _, g_loss_print = sess.run([g_train_step, g_loss], feed_dict={z: batch_noise})
        if i % 10 == 0:
            print('Epoch: %d, g_loss: %f, d_loss: %f' % (i, g_loss_print, d_loss_print))
