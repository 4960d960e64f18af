# Source: TengdaHan/GAN-TensorFlow src/wgan_mnist.py @4462e80 (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
# tf rd test - mnist GAN
import tensorflow as tf
import numpy as np


def conv(x, w, b, stride, name):
    with tf.variable_scope('conv'):
        return tf.nn.conv2d(x,
                            filter=w,
                            strides=[1, stride, stride, 1],
                            padding='SAME',
                            name=name) + b


def lrelu(x, alpha=0.2):
    with tf.variable_scope('leakyReLU'):
        return tf.maximum(x, alpha*x)


def discriminator(X, reuse=False):
    with tf.variable_scope('discriminator') as scope:
        if reuse:
            scope.reuse_variables()

        K = 4
        M = 8
        N = 16
        W1 = tf.Variable(tf.truncated_normal([3, 3, 1, K], stddev=0.1))
        B1 = tf.Variable(tf.constant(0.1, tf.float32, [K]))
        W2 = tf.Variable(tf.truncated_normal([3, 3, K, M], stddev=0.1))
        B2 = tf.Variable(tf.constant(0.1, tf.float32, [M]))
        W3 = tf.Variable(tf.truncated_normal([2*2*M, N], stddev=0.1))
        B3 = tf.Variable(tf.constant(0.1, tf.float32, [N]))
        W4 = tf.Variable(tf.truncated_normal([N, 1], stddev=0.1))
        B4 = tf.Variable(tf.constant(0.1, tf.float32, [1]))

        conv1 = conv(X, W1, B1, stride=2, name='conv1')
        bn1 = tf.nn.batch_normalization(conv1, 0, 1,
                                        offset=None,
                                        scale=None,
                                        variance_epsilon=1e-5)
        conv2 = conv(bn1, W2, B2, stride=2, name='conv2')
        bn2 = tf.nn.batch_normalization(conv2, 0, 1,
                                        offset=None,
                                        scale=None,
                                        variance_epsilon=1e-5)
        flat = tf.reshape(lrelu(bn2), [-1, 2*2*M], name='flat')
        dense = lrelu(tf.matmul(flat, W3) + B3)
        logits = tf.matmul(dense, W4) + B4
        return logits, logits


def generator(X, batch_size):
    with tf.variable_scope('generator'):
        K = 8

        W1 = tf.Variable(tf.truncated_normal([10, 8*8*K], stddev=0.1))
        B1 = tf.Variable(tf.constant(0.1, tf.float32, [8*8*K]))
        W2 = tf.Variable(tf.truncated_normal([8*8*K, 64], stddev=0.1))
        B2 = tf.Variable(tf.constant(0.1, tf.float32, [64]))

        XX = lrelu(tf.matmul(X, W1) + B1)
        out = tf.matmul(XX, W2) + B2
        return tf.nn.tanh(tf.reshape(out, [batch_size, 8, 8, 1]))


def train(batch_size=16):
    images = np.random.RandomState(5).rand(64, 8, 8, 1).astype(np.float32)

    # Raw image
    X = tf.placeholder(tf.float32, [None, 8, 8, 1])

    # G
    z = tf.placeholder(tf.float32, [None, 10])  # noise
    with tf.variable_scope('GAN'):
        G = generator(z, batch_size)

        D_real, D_real_logits = discriminator(X, reuse=False)
        D_fake, D_fake_logits = discriminator(G, reuse=True)

    with tf.variable_scope('D_loss'):
        d_loss_real = tf.reduce_mean(-D_real_logits)
        d_loss_fake = tf.reduce_mean(D_fake_logits)
        d_loss = d_loss_real + d_loss_fake

    with tf.name_scope('G_loss'):
        g_loss_d = tf.reduce_mean(-D_fake_logits)
        g_loss = g_loss_d

    tvar = tf.trainable_variables()
    dvar = [var for var in tvar if 'discriminator' in var.name]
    gvar = [var for var in tvar if 'generator' in var.name]

    with tf.name_scope('train'):
        global_step = tf.Variable(0, trainable=False)

        d_train_step = tf.train.AdamOptimizer(1e-4).minimize(d_loss, global_step=global_step, var_list=dvar)
        g_train_step = tf.train.AdamOptimizer(1e-4).minimize(g_loss, global_step=global_step, var_list=gvar)

    sess = tf.Session()
    init = tf.global_variables_initializer()
    sess.run(init)

    for i in range(12):
        batch_X = images[(i % 4) * batch_size:(i % 4 + 1) * batch_size]
        batch_X = batch_X * 2 - 1  # normalize input image from -1 to 1
        batch_noise = np.random.normal(0, 1, [batch_size, 10])

        # train G
        g_loss_print = sess.run(g_loss, feed_dict={X: batch_X, z: batch_noise})
        sess.run(g_train_step, feed_dict={X: batch_X, z: batch_noise})

        # train D
        d_loss_print = sess.run(d_loss, feed_dict={X: batch_X, z: batch_noise})
        sess.run(d_train_step, feed_dict={X: batch_X, z: batch_noise})

        if i % 3 == 0:
            print('epoch:%d g_loss:%f d_loss:%f' % (i, g_loss_print, d_loss_print))
    print('step', sess.run(global_step))

if __name__ == '__main__':
    tf.set_random_seed(7)
    np.random.seed(7)
    train()
