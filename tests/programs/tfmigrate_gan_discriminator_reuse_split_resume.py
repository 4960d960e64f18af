# Source: tfmigrate (own code), in the shape of mystic123/tensorflow-gan GAN-MNIST/models.py + gan_mnist.py (a
# project's GAN; no source text copied): the discriminator helper flips the enclosing variable scope's reuse flag
# (`if reuse: tf.get_variable_scope().reuse_variables()`) and is called twice inside one
# `with tf.variable_scope(DISCRIMINATOR_SCOPE):`, on real and on generated input, its tf.layers named.
# Adapted: dense layers on 6-wide synthetic vectors (numpy seed 0) instead of MNIST convolutions; scope-filtered
# trainable lists for two Adams; a Saver that resumes from latest_checkpoint and saves with the global step;
# tf.set_random_seed(5).
import os

import numpy as np
import tensorflow as tf

DISCRIMINATOR_SCOPE = "discriminator"
GENERATOR_SCOPE = "generator"
checkpoint_dir = "checkpoint"


def get_generator(noise):
    net = tf.layers.dense(noise, 8, activation=tf.nn.relu, name="g_dense_1")
    return tf.layers.dense(net, 6, name="g_dense_2")


def get_discriminator(input, reuse=False):
    if reuse:
        tf.get_variable_scope().reuse_variables()
    net = tf.layers.dense(input, 8, activation=tf.nn.relu, name="d_dense_1")
    net = tf.layers.dense(net, 1, name="d_dense_2")
    return net, tf.nn.sigmoid(net)


tf.set_random_seed(5)
rng = np.random.RandomState(0)
real_data = rng.rand(16, 6).astype(np.float32)
noise_data = rng.uniform(-1.0, 1.0, (16, 4)).astype(np.float32)

global_step = tf.Variable(0, trainable=False, name="global_step")
real_batch = tf.placeholder(tf.float32, [None, 6])
noise = tf.placeholder(tf.float32, [None, 4])

with tf.variable_scope(GENERATOR_SCOPE):
    generated = get_generator(noise)

with tf.variable_scope(DISCRIMINATOR_SCOPE):
    real_logits, real_cls = get_discriminator(real_batch)
    fake_logits, fake_cls = get_discriminator(generated, True)

real_labels = tf.ones_like(real_logits)
fake_labels = tf.zeros_like(fake_logits)
d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=real_logits, labels=real_labels)) + tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=fake_logits, labels=fake_labels)
)
g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=fake_logits, labels=real_labels))

d_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "discriminator")
g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "generator")
d_optim = tf.train.AdamOptimizer(0.01).minimize(d_loss, var_list=d_vars)
g_optim = tf.train.AdamOptimizer(0.01).minimize(g_loss, global_step=global_step, var_list=g_vars)
saver = tf.train.Saver(var_list=tf.trainable_variables())

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    latest = tf.train.latest_checkpoint(checkpoint_dir)
    if latest is not None:
        print("restoring", os.path.basename(latest))
        saver.restore(sess, latest)
    for step in range(6):
        feed_dict = {real_batch: real_data, noise: noise_data}
        if step % 2 == 0:
            _, d_loss_val = sess.run([d_optim, d_loss], feed_dict=feed_dict)
        _, g_loss_val = sess.run([g_optim, g_loss], feed_dict=feed_dict)
        print("step", step, "d_loss", d_loss_val, "g_loss", g_loss_val)
    print("real", sess.run(real_cls, feed_dict={real_batch: real_data[:3]}).ravel())
    os.makedirs(checkpoint_dir, exist_ok=True)
    saver.save(sess, os.path.join(checkpoint_dir, "model.ckpt"), global_step=global_step)
