# Source: TengdaHan/GAN-TensorFlow src/model_fc.py @bff0078 + src/train.py @27e0a2d (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
# tf rd test - mnist GAN
import tensorflow as tf
import numpy as np


def xavier_init(size):
    in_dim = size[0]
    xavier_stddev = 1. / np.sqrt(in_dim / 2.)
    return xavier_stddev


def discriminator(X, reuse=False):
    with tf.variable_scope('discriminator'):
        if reuse:
            tf.get_variable_scope().reuse_variables()

        J = 64
        K = 16
        L = 1

        W1 = tf.get_variable('D_W1', [J, K],
                             initializer=tf.random_normal_initializer(stddev=xavier_init([J, K])))
        B1 = tf.get_variable('D_B1', [K], initializer=tf.constant_initializer())
        W2 = tf.get_variable('D_W2', [K, L],
                             initializer=tf.random_normal_initializer(stddev=xavier_init([K, L])))
        B2 = tf.get_variable('D_B2', [L], initializer=tf.constant_initializer())

        fc1 = tf.nn.relu((tf.matmul(X, W1) + B1))
        logits = tf.matmul(fc1, W2) + B2
        prob = tf.nn.sigmoid(logits)
        return prob, logits


def generator(X, batch_size=64):
    with tf.variable_scope('generator'):
        K = 16
        L = 64

        W1 = tf.get_variable('G_W1', [10, K],
                             initializer=tf.random_normal_initializer(stddev=xavier_init([10, K])))
        B1 = tf.get_variable('G_B1', [K], initializer=tf.constant_initializer())
        W2 = tf.get_variable('G_W2', [K, L],
                             initializer=tf.random_normal_initializer(stddev=xavier_init([K, L])))
        B2 = tf.get_variable('G_B2', [L], initializer=tf.constant_initializer())

        fc1 = tf.nn.relu((tf.matmul(X, W1) + B1))
        fc2 = tf.matmul(fc1, W2) + B2
        prob = tf.nn.sigmoid(fc2)

        return prob


def train(batch_size=16):
    images = np.random.RandomState(3).rand(64, 64).astype(np.float32)

    with tf.variable_scope('placeholder'):
        # Raw image
        X = tf.placeholder(tf.float32, [None, 64])
        # Noise
        z = tf.placeholder(tf.float32, [None, 10])  # noise

    with tf.variable_scope('GAN'):
        G = generator(z)

        D_real, D_real_logits = discriminator(X, reuse=False)
        D_fake, D_fake_logits = discriminator(G, reuse=True)

    with tf.variable_scope('D_loss'):
        d_loss_real = tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(
                logits=D_real_logits, labels=tf.ones_like(D_real_logits)))
        d_loss_fake = tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(
                logits=D_fake_logits, labels=tf.zeros_like(D_fake_logits)))
        d_loss = d_loss_real + d_loss_fake

    with tf.name_scope('G_loss'):
        g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits
                                (logits=D_fake_logits, labels=tf.ones_like(D_fake_logits)))

    tvar = tf.trainable_variables()
    dvar = [var for var in tvar if 'discriminator' in var.name]
    gvar = [var for var in tvar if 'generator' in var.name]

    with tf.name_scope('train'):
        d_train_step = tf.train.AdamOptimizer().minimize(d_loss, var_list=dvar)
        g_train_step = tf.train.AdamOptimizer().minimize(g_loss, var_list=gvar)

    sess = tf.Session()
    init = tf.global_variables_initializer()
    sess.run(init)

    for i in range(30):
        batch_X = images[(i % 4) * batch_size:(i % 4 + 1) * batch_size]
        batch_noise = np.random.uniform(-1., 1., [batch_size, 10])

        if i % 10 == 0:
            samples = sess.run(G, feed_dict={z: np.random.uniform(-1., 1., [4, 10])})
            print('samples', samples[0, :4])

        sess.run(d_train_step, feed_dict={X: batch_X, z: batch_noise})
        d_loss_print = sess.run(d_loss, feed_dict={X: batch_X, z: batch_noise})

        sess.run(g_train_step, feed_dict={z: batch_noise})
        g_loss_print = sess.run(g_loss, feed_dict={z: batch_noise})

        if i % 5 == 0:
            print('epoch:%d g_loss:%f d_loss:%f' % (i, g_loss_print, d_loss_print))


if __name__ == '__main__':
    tf.set_random_seed(11)
    np.random.seed(11)
    train(batch_size=16)
