# Source: zwjyyc/finch (a fork of zhedongzheng/finch) tensorflow-models/gan/mlp_gan.py + mlp_gan_test.py (commit 71a313a; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the model module's graph (built by MLP_GAN's methods) at module level above the test script, which imports numpy and tensorflow again; tf.set_random_seed(1) and np.random.seed(0) added; 3000 steps -> 60, printed every 10; hidden 128 -> 16, batch 64 -> 16; lr_G 1e-4 -> 1e-3, lr_D 1e-4 -> 5e-2 (the discriminator's loss falls); matplotlib left out.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
n_G_in, n_X_in = 3, 6
lr_G, lr_D = 1e-3, 5e-2

G_in = tf.placeholder(tf.float32, [None, n_G_in])  # random data
X_in = tf.placeholder(tf.float32, [None, n_X_in])  # real data
with tf.variable_scope('G'):
    G_hidden = tf.layers.dense(G_in, 16, tf.nn.relu)
    G_out = tf.layers.dense(G_hidden, n_X_in)
with tf.variable_scope('D'):
    D_hidden = tf.layers.dense(X_in, 16, tf.nn.relu, name='hidden')
    X_true_prob = tf.layers.dense(D_hidden, 1, tf.nn.sigmoid, name='out')
    D_hidden_G = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden', reuse=True)
    G_true_prob = tf.layers.dense(D_hidden_G, 1, tf.nn.sigmoid, name='out', reuse=True)
G_loss = tf.reduce_mean(-tf.log(G_true_prob))
D_loss = tf.reduce_mean(-tf.log(X_true_prob) - tf.log(1 - G_true_prob))
G_train = tf.train.AdamOptimizer(lr_G).minimize(
    G_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='G'))
D_train = tf.train.AdamOptimizer(lr_D).minimize(
    D_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='D'))


import numpy as np
import tensorflow as tf

np.random.seed(0)
batch_size = 16
x_range = np.vstack([np.linspace(-1, 1, n_X_in) for _ in range(batch_size)])


def load_data():
    a = np.random.uniform(1, 2, size=batch_size)[:, np.newaxis]
    return a * np.power(x_range, 2) + (a - 1)


if __name__ == '__main__':
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for step in range(60):
        G_sample, D_prob, D_loss_value, _, _ = sess.run([G_out, X_true_prob, D_loss, D_train, G_train],
                                                        {G_in: np.random.randn(batch_size, n_G_in),
                                                         X_in: load_data()})
        if step % 10 == 0:
            print(step, 'D accuracy=%.4f' % D_prob.mean(), 'D loss=%.5f' % D_loss_value, G_sample.shape)
