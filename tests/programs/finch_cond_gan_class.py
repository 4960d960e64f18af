# Source: ewanlee/finch (a fork of zhedongzheng/finch) tensorflow-models/gan/mlp_cond_gan.py (commit cde2254) + zwjyyc/finch tensorflow-models/gan/mlp_cond_gan_test.py (commit 156bc9a); no licence file in either stored copy
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the model module above the test script (`from mlp_cond_gan import MLP_GAN` dropped; numpy and tensorflow imported again below it); tf.set_random_seed(1) and np.random.seed(0) added; 3000 steps -> 40, printed every 10; hidden 128 -> 16, batch 64 -> 16, G_size 5 -> 3, X_size 15 -> 6; lr 1e-4 -> 1e-3; matplotlib left out (the generated sample for the upper class printed); a Saver of the trainable variables restoring the last checkpoint when there is one, saving after training (the checkpoint tests of issue 16).
import tensorflow as tf


class MLP_GAN:
    def __init__(self, G_size, X_size, lr_G=1e-3, lr_D=1e-3):
        self.G_size = G_size
        self.X_size = X_size
        self.lr_G = lr_G
        self.lr_D = lr_D
        self.build_graph()

    def build_graph(self):
        self.add_input_layer()
        with tf.variable_scope('G'):
            self.add_Generator()
        with tf.variable_scope('D'):
            self.add_Discriminator()
        self.add_backward_path()

    def add_input_layer(self):
        self.G_in = tf.placeholder(tf.float32, [None, self.G_size])  # noise
        self.X_in = tf.placeholder(tf.float32, [None, self.X_size])  # real paintings
        self.labels = tf.placeholder(tf.float32, [None, 1])

    def add_Generator(self):
        G_in = tf.concat([self.G_in, self.labels], 1)
        G_hidden = tf.layers.dense(G_in, 16, tf.nn.relu)
        self.G_out = tf.layers.dense(G_hidden, self.X_size)

    def add_Discriminator(self):
        X_in = tf.concat([self.X_in, self.labels], 1)
        D_hidden = tf.layers.dense(X_in, 16, tf.nn.relu, name='hidden')
        self.X_true_prob = tf.layers.dense(D_hidden, 1, tf.nn.sigmoid, name='out')

        G_out = tf.concat([self.G_out, self.labels], 1)
        D_hidden = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden', reuse=True)
        self.G_true_prob = tf.layers.dense(D_hidden, 1, tf.nn.sigmoid, name='out', reuse=True)

    def add_backward_path(self):
        self.G_loss = -tf.reduce_mean(tf.log(self.G_true_prob))
        self.D_loss = -tf.reduce_mean(tf.log(self.X_true_prob) + tf.log(1 - self.G_true_prob))
        self.G_train = tf.train.AdamOptimizer(self.lr_G).minimize(
            self.G_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='G'))
        self.D_train = tf.train.AdamOptimizer(self.lr_D).minimize(
            self.D_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='D'))
        self.l2_loss = tf.nn.l2_loss(self.G_out - self.X_in)


import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
np.random.seed(0)
batch_size, X_size, G_size = 16, 6, 3  # paintings of X_size points, G_size noise inputs
x_range = np.vstack([np.linspace(-1, 1, X_size) for _ in range(batch_size)])


def load_data():
    a = np.random.uniform(1, 2, size=batch_size)[:, np.newaxis]
    paintings = a * np.power(x_range, 2) + (a - 1)
    labels = ((a - 1) > 0.5).astype(np.float32)  # upper paintings (1), lower paintings (0)
    return paintings, labels


if __name__ == '__main__':
    model = MLP_GAN(G_size, X_size)
    saver = tf.train.Saver(tf.trainable_variables())
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    last = tf.train.latest_checkpoint('.')
    if last:  # the networks restored; the optimizers start afresh
        saver.restore(sess, last)
        print('restored', last)

    for step in range(40):
        noise = np.random.randn(batch_size, G_size)
        real, labels = load_data()
        _, G_out = sess.run([model.G_train, model.G_out], {model.G_in: noise, model.labels: labels})
        _ = sess.run(model.D_train, {model.G_in: noise, model.X_in: real, model.labels: labels})
        G_loss, D_loss, D_prob, G_prob, l2 = sess.run(
            [model.G_loss, model.D_loss, model.X_true_prob, model.G_true_prob, model.l2_loss],
            {model.G_in: noise, model.X_in: real, model.labels: labels})
        if step % 10 == 0:
            print("Step %d | G loss: %.5f | D loss: %.5f | D prob: %.5f | G prob: %.5f | l2 loss: %.4f" %
                  (step, G_loss, D_loss, D_prob.mean(), G_prob.mean(), l2))
    saver.save(sess, './cond_gan.ckpt')

    painting = sess.run(model.G_out, {model.G_in: np.random.randn(1, G_size), model.labels: np.array([[1.0]])})
    print('upper class painting', painting.round(4))
