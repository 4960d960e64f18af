# Source: tsaiflow/gan-attack-generate models.py + Intro_to_GANs_Solution.ipynb (commit 12e0375; MIT licence file)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: as tsaiflow_gan_intro_sampler_reuse.py (synthetic images, hidden 16, z 8, 3 epochs of 3 batches, the sampler's first values printed, the pickle dump and plots left out), with the notebook's Saver kept: `saver = tf.train.Saver(var_list=g_vars)` saving the generator each epoch, and its last cell, a new Saver of g_vars restoring the latest checkpoint in a second Session and sampling the generator (numpy reseeded before the sample is drawn, so that the cell run alone draws the same one; the sample printed).
import numpy as np
import tensorflow as tf


def model_inputs(real_dim, z_dim):
    inputs_real = tf.placeholder(tf.float32, (None, real_dim), name='input_real')
    inputs_z = tf.placeholder(tf.float32, (None, z_dim), name='input_z')
    return inputs_real, inputs_z


def generator(z, out_dim, n_units=16, reuse=False, alpha=0.01):
    with tf.variable_scope('generator', reuse=reuse):
        h1 = tf.layers.dense(z, n_units, activation=None)
        h1 = tf.maximum(alpha * h1, h1)
        logits = tf.layers.dense(h1, out_dim, activation=None)
        out = tf.tanh(logits)
        return out


def discriminator(x, n_units=16, reuse=False, alpha=0.01):
    with tf.variable_scope('discriminator', reuse=reuse):
        h1 = tf.layers.dense(x, n_units, activation=None)
        h1 = tf.maximum(alpha * h1, h1)
        logits = tf.layers.dense(h1, 1, activation=None)
        out = tf.sigmoid(logits)
        return out, logits


np.random.seed(0)
images = np.random.rand(60, 784).astype(np.float32)

input_size = 784
z_size = 8
g_hidden_size = 16
d_hidden_size = 16
alpha = 0.01
smooth = 0.1

tf.reset_default_graph()
tf.set_random_seed(1)
input_real, input_z = model_inputs(input_size, z_size)
g_model = generator(input_z, input_size, n_units=g_hidden_size, alpha=alpha)
d_model_real, d_logits_real = discriminator(input_real, n_units=d_hidden_size, alpha=alpha)
d_model_fake, d_logits_fake = discriminator(g_model, reuse=True, n_units=d_hidden_size, alpha=alpha)

d_loss_real = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_real, labels=tf.ones_like(d_logits_real) * (1 - smooth)))
d_loss_fake = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_fake, labels=tf.zeros_like(d_logits_real)))
d_loss = d_loss_real + d_loss_fake
g_loss = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_fake, labels=tf.ones_like(d_logits_fake)))

learning_rate = 0.002
t_vars = tf.trainable_variables()
g_vars = [var for var in t_vars if var.name.startswith('generator')]
d_vars = [var for var in t_vars if var.name.startswith('discriminator')]
d_train_opt = tf.train.AdamOptimizer(learning_rate).minimize(d_loss, var_list=d_vars)
g_train_opt = tf.train.AdamOptimizer(learning_rate).minimize(g_loss, var_list=g_vars)

batch_size = 20
epochs = 3
samples = []
losses = []
saver = tf.train.Saver(var_list=g_vars)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for e in range(epochs):
        for ii in range(len(images) // batch_size):
            batch_images = images[ii * batch_size:(ii + 1) * batch_size]
            batch_images = batch_images * 2 - 1
            batch_z = np.random.uniform(-1, 1, size=(batch_size, z_size))
            _ = sess.run(d_train_opt, feed_dict={input_real: batch_images, input_z: batch_z})
            _ = sess.run(g_train_opt, feed_dict={input_z: batch_z})
        train_loss_d = sess.run(d_loss, {input_z: batch_z, input_real: batch_images})
        train_loss_g = g_loss.eval({input_z: batch_z})
        print("Epoch {}/{}...".format(e + 1, epochs),
              "Discriminator Loss: {:.4f}...".format(train_loss_d),
              "Generator Loss: {:.4f}".format(train_loss_g))
        losses.append((train_loss_d, train_loss_g))
        sample_z = np.random.uniform(-1, 1, size=(16, z_size))
        gen_samples = sess.run(
            generator(input_z, input_size, reuse=True),
            feed_dict={input_z: sample_z})
        samples.append(gen_samples)
        print("samples", gen_samples[0, :4])
        saver.save(sess, './checkpoints/generator.ckpt')

saver = tf.train.Saver(var_list=g_vars)
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint('checkpoints'))
    np.random.seed(2)
    sample_z = np.random.uniform(-1, 1, size=(16, z_size))
    gen_samples = sess.run(
        generator(input_z, input_size, reuse=True),
        feed_dict={input_z: sample_z})
    print("restored samples", gen_samples[0, :4])
