# Source: postBG/fashionMNIST-DCGAN-tensorflow ops.py + train.py + models.py (commit 1641e46; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the conv2d / conv2d_transpose / batch-norm stacks -> tf.layers.dense layers (the batch norms' UPDATE_OPS control dependency left out with them); the class takes its inputs from model_inputs in its constructor (the Udacity DCGAN class shape); Fashion-MNIST -> 48 synthetic vectors of 49 pixels in [-1, 1] (numpy seed 0); tf.set_random_seed(2) added; the training loop of main.py -> 3 epochs of 4 batches printing both losses, the sampler called with reuse=True after training.
import numpy as np
import tensorflow as tf

GENERATOR = 'generator'
DISCRIMINATOR = 'discriminator'


def leaky_relu(tensor, alpha=0.2):
    return tf.maximum(alpha * tensor, tensor)


def model_inputs(image_size=49, z_dim=8):
    inputs_real = tf.placeholder(tf.float32, shape=[None, image_size], name='inputs_real')
    inputs_z = tf.placeholder(tf.float32, shape=[None, z_dim], name='inputs_z')
    return inputs_real, inputs_z


def generator(z, output_size=49, reuse=False, units=32):
    with tf.variable_scope(GENERATOR, reuse=reuse):
        projected_z = tf.layers.dense(z, units)
        layer1 = tf.nn.relu(projected_z)
        logits = tf.layers.dense(layer1, output_size)
        output = tf.nn.tanh(logits)
        return output


def discriminator(images, reuse=False, alpha=0.2):
    with tf.variable_scope(DISCRIMINATOR, reuse=reuse):
        layer1 = tf.layers.dense(images, 32)
        layer1 = leaky_relu(layer1, alpha)
        logits = tf.layers.dense(layer1, 1)
        output = tf.nn.sigmoid(logits)
        return output, logits


def model_loss(input_real, input_z, output_size=49, alpha=0.2):
    g_model = generator(input_z, output_size=output_size, reuse=False)
    d_model_real, d_logits_real = discriminator(input_real, reuse=False, alpha=alpha)
    d_model_fake, d_logits_fake = discriminator(g_model, reuse=True, alpha=alpha)
    g_loss = tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_fake, labels=tf.ones_like(d_logits_fake)))
    d_loss_real = tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_real, labels=tf.ones_like(d_logits_real)))
    d_loss_fake = tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_fake, labels=tf.zeros_like(d_logits_fake)))
    d_loss = d_loss_real + d_loss_fake
    return d_loss, g_loss


def model_optimizer(g_loss, d_loss, learning_rate, beta1):
    t_vars = tf.trainable_variables()
    d_vars = [var for var in t_vars if var.name.startswith(DISCRIMINATOR)]
    g_vars = [var for var in t_vars if var.name.startswith(GENERATOR)]
    d_optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate, beta1=beta1).minimize(d_loss, var_list=d_vars)
    g_optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate, beta1=beta1).minimize(g_loss, var_list=g_vars)
    return d_optimizer, g_optimizer


class DCGAN:
    def __init__(self, learning_rate, beta1=0.5, alpha=0.2):
        self.inputs_real, self.inputs_z = model_inputs()
        self.d_loss, self.g_loss = model_loss(self.inputs_real, self.inputs_z, alpha=alpha)
        self.d_optimizer, self.g_optimizer = model_optimizer(self.g_loss, self.d_loss, learning_rate, beta1)


tf.set_random_seed(2)
np.random.seed(0)
images = np.random.uniform(-1, 1, size=(48, 49)).astype(np.float32)
batch_size = 12
model = DCGAN(learning_rate=0.002)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        for i in range(len(images) // batch_size):
            batch = images[i * batch_size:(i + 1) * batch_size]
            batch_z = np.random.uniform(-1, 1, size=(batch_size, 8))
            _, d_loss = sess.run([model.d_optimizer, model.d_loss], feed_dict={model.inputs_real: batch, model.inputs_z: batch_z})
            _, g_loss = sess.run([model.g_optimizer, model.g_loss], feed_dict={model.inputs_real: batch, model.inputs_z: batch_z})
        print("Epoch {}: d_loss {:.6f} g_loss {:.6f}".format(epoch + 1, d_loss, g_loss))
    sample_z = np.random.uniform(-1, 1, size=(4, 8))
    samples = sess.run(generator(model.inputs_z, reuse=True), feed_dict={model.inputs_z: sample_z})
    print("samples", samples[0, :4])
