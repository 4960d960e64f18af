# Source: carpedm20/DCGAN-tensorflow model.py + ops.py (MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: ops.py's linear(input_, output_size, scope=None, stddev) (get_variable "Matrix"/"bias" under
# tf.variable_scope(scope or "Linear")) and model.py's discriminator(image, reuse=False) (with tf.variable_scope as
# scope: if reuse: scope.reuse_variables()) kept; the convolutions, batch norm and image data left out: a dense
# generator and discriminator over 6-value samples drawn with numpy (seed 1); 25 epochs -> 12.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(1)


def linear(input_, output_size, scope=None, stddev=0.1):
    shape = input_.get_shape().as_list()
    with tf.variable_scope(scope or "Linear"):
        matrix = tf.get_variable("Matrix", [shape[1], output_size], tf.float32, tf.random_normal_initializer(stddev=stddev))
        bias = tf.get_variable("bias", [output_size], initializer=tf.constant_initializer(0.0))
        return tf.matmul(input_, matrix) + bias


def discriminator(image, reuse=False):
    with tf.variable_scope("discriminator") as scope:
        if reuse:
            scope.reuse_variables()
        h0 = tf.nn.relu(linear(image, 8, "d_h0_lin"))
        h1 = linear(h0, 1, "d_h1_lin")
        return tf.nn.sigmoid(h1), h1


def generator(z):
    with tf.variable_scope("generator"):
        h0 = tf.nn.relu(linear(z, 8, "g_h0_lin"))
        return tf.nn.tanh(linear(h0, 6, "g_h1_lin"))


z = tf.placeholder(tf.float32, [None, 4], name="z")
inputs = tf.placeholder(tf.float32, [None, 6], name="real_images")
G = generator(z)
D, D_logits = discriminator(inputs)
D_, D_logits_ = discriminator(G, reuse=True)
d_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logits, labels=tf.ones_like(D)))
d_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logits_, labels=tf.zeros_like(D_)))
g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logits_, labels=tf.ones_like(D_)))
d_loss = d_loss_real + d_loss_fake
t_vars = tf.trainable_variables()
d_vars = [var for var in t_vars if "d_" in var.name]
g_vars = [var for var in t_vars if "g_" in var.name]
d_optim = tf.train.AdamOptimizer(0.0002, beta1=0.5).minimize(d_loss, var_list=d_vars)
g_optim = tf.train.AdamOptimizer(0.0002, beta1=0.5).minimize(g_loss, var_list=g_vars)

with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for epoch in range(12):
        batch_z = np.random.uniform(-1, 1, [16, 4]).astype(np.float32)
        batch_images = np.tanh(np.random.normal(0.3, 0.5, [16, 6])).astype(np.float32)
        sess.run(d_optim, feed_dict={inputs: batch_images, z: batch_z})
        sess.run(g_optim, feed_dict={z: batch_z})
        errD = d_loss.eval({z: batch_z, inputs: batch_images})
        errG = g_loss.eval({z: batch_z})
        if epoch % 4 == 0:
            print("Epoch: [%2d] d_loss: %.8f, g_loss: %.8f" % (epoch, errD, errG))
