# Source: IdanAzuri/tensorflow-generative-model-collections ops.py + WGAN.py@01691f9 (a fork of a GAN collection; no licence file of its own)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: ops.py's bn(x, is_training, scope) (contrib batch_norm(decay=0.9, updates_collections=None, epsilon=1e-5,
# scale=True)) -> tf.layers.batch_normalization(momentum=0.9, epsilon=1e-5, scale=True, training=is_training,
# name=scope), as TF 2.21's tf.compat.v1 has no contrib; linear(input_, output_size, scope) kept; the class's
# discriminator(x, is_training, reuse) / generator(z, is_training, reuse) under tf.variable_scope(name, reuse=reuse)
# and build_model() read as module-level code (the class, its Saver, summaries, data loader and image saving left
# out); convolutions -> linear layers over 6-value samples drawn with numpy (seed 7); the generator step feeds the
# real batch too (its UPDATE_OPS dependency holds the discriminator's batch norm on it); 20 epochs -> 3 of 4 batches.
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
np.random.seed(7)


def bn(x, is_training, scope):
    return tf.layers.batch_normalization(x, momentum=0.9, epsilon=1e-5, scale=True, training=is_training, name=scope)


def lrelu(x, leak=0.2):
    return tf.maximum(x, leak * x)


def linear(input_, output_size, scope=None, stddev=0.02, bias_start=0.0):
    shape = input_.get_shape().as_list()
    with tf.variable_scope(scope or "Linear"):
        matrix = tf.get_variable(
            "Matrix", [shape[1], output_size], tf.float32, tf.random_normal_initializer(stddev=stddev)
        )
        bias = tf.get_variable("bias", [output_size], initializer=tf.constant_initializer(bias_start))
        return tf.matmul(input_, matrix) + bias


def discriminator(x, is_training=True, reuse=False):
    with tf.variable_scope("discriminator", reuse=reuse):
        net = lrelu(linear(x, 8, scope="d_fc1"))
        net = lrelu(bn(linear(net, 8, scope="d_fc2"), is_training=is_training, scope="d_bn2"))
        out_logit = linear(net, 1, scope="d_fc3")
        out = tf.nn.sigmoid(out_logit)
        return out, out_logit, net


def generator(z, is_training=True, reuse=False):
    with tf.variable_scope("generator", reuse=reuse):
        net = tf.nn.relu(bn(linear(z, 8, scope="g_fc1"), is_training=is_training, scope="g_bn1"))
        out = tf.nn.sigmoid(linear(net, 6, scope="g_fc2"))
        return out


batch_size = 16
inputs = tf.placeholder(tf.float32, [batch_size, 6], name="real_images")
z = tf.placeholder(tf.float32, [batch_size, 4], name="z")
D_real, D_real_logits, _ = discriminator(inputs, is_training=True, reuse=False)
G = generator(z, is_training=True, reuse=False)
D_fake, D_fake_logits, _ = discriminator(G, is_training=True, reuse=True)
d_loss_real = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=D_real_logits, labels=tf.ones_like(D_real))
)
d_loss_fake = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.zeros_like(D_fake))
)
d_loss = d_loss_real + d_loss_fake
g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.ones_like(D_fake)))
t_vars = tf.trainable_variables()
d_vars = [var for var in t_vars if "d_" in var.name]
g_vars = [var for var in t_vars if "g_" in var.name]
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    d_optim = tf.train.AdamOptimizer(0.0002, beta1=0.5).minimize(d_loss, var_list=d_vars)
    g_optim = tf.train.AdamOptimizer(0.0002 * 5, beta1=0.5).minimize(g_loss, var_list=g_vars)
fake_images = generator(z, is_training=False, reuse=True)

data_X = np.tanh(np.random.normal(0.3, 0.5, [64, 6])).astype(np.float32)
num_batches = len(data_X) // batch_size
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for epoch in range(3):
        for idx in range(num_batches):
            batch_images = data_X[idx * batch_size : (idx + 1) * batch_size]
            batch_z = np.random.uniform(-1, 1, [batch_size, 4]).astype(np.float32)
            _, d_loss_value = sess.run([d_optim, d_loss], feed_dict={inputs: batch_images, z: batch_z})
            _, g_loss_value = sess.run([g_optim, g_loss], feed_dict={inputs: batch_images, z: batch_z})
            print(
                "Epoch: [%2d] [%4d/%4d] d_loss: %.8f, g_loss: %.8f"
                % (epoch, idx, num_batches, d_loss_value, g_loss_value)
            )
        samples = sess.run(fake_images, feed_dict={z: batch_z})
        print("samples", np.round(samples[:2], 5))
