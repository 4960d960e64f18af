# Source: a DnCNN training class, a fork of momogary's DnCNN-tensorflow model.py (its header: "author: momogary",
# "@author: lyj"), found in the public index by its text (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
import numpy as np
import tensorflow as tf

BATCH = 16


class DnCNN(object):
    def __init__(self, sess, image_size=8, batch_size=BATCH, epoch=6):
        self.sess = sess
        self.image_size = image_size
        self.batch_size = batch_size
        self.epoch = epoch
        tf.set_random_seed(4)
        self.build_model()

    def build_model(self):
        self.X = tf.placeholder(tf.float32, [None, self.image_size * self.image_size], name='noisy_image')
        self.X_ = tf.placeholder(tf.float32, [None, self.image_size * self.image_size], name='clean_image')
        self.learning_rate = tf.placeholder(tf.float32, shape=[])
        with tf.variable_scope('conv1'):
            layer_1_output = self.layer(self.X, [self.image_size * self.image_size, 32])
        with tf.variable_scope('conv2'):
            layer_2_output = self.layer(layer_1_output, [32, 32])
        with tf.variable_scope('conv3'):
            self.Y = self.conv_layer(layer_2_output, [32, self.image_size * self.image_size])
        self.Y_ = self.X - self.X_
        self.loss = (1.0 / self.batch_size) * tf.nn.l2_loss(self.Y - self.Y_)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            optimizer = tf.train.AdamOptimizer(learning_rate=self.learning_rate, name='AdamOptimizer')
            self.train_step = optimizer.minimize(self.loss)
        self.init = tf.global_variables_initializer()

    def conv_layer(self, inputdata, weightshape):
        W = tf.get_variable('weights', weightshape, initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable('biases', [1, weightshape[-1]], initializer=tf.constant_initializer(0.0))
        return tf.matmul(inputdata, W) + b

    def layer(self, inputdata, weightshape):
        return tf.nn.relu(self.conv_layer(inputdata, weightshape))

    def train(self, data, noise):
        self.sess.run(self.init)
        numBatch = int(data.shape[0] / self.batch_size)
        for epoch in range(self.epoch):
            costs = []
            for batch_id in range(numBatch):
                batch_images = data[batch_id * self.batch_size:(batch_id + 1) * self.batch_size]
                train_images = batch_images + noise[batch_id * self.batch_size:(batch_id + 1) * self.batch_size]
                if epoch < 2:
                    _, loss = self.sess.run([self.train_step, self.loss],
                                            feed_dict={self.X: train_images, self.X_: batch_images, self.learning_rate: 0.01})
                elif epoch >= 2 and epoch < 4:
                    _, loss = self.sess.run([self.train_step, self.loss],
                                            feed_dict={self.X: train_images, self.X_: batch_images, self.learning_rate: 0.001})
                else:
                    _, loss = self.sess.run([self.train_step, self.loss],
                                            feed_dict={self.X: train_images, self.X_: batch_images, self.learning_rate: 0.0001})
                costs.append(loss)
            print("Epoch: [%2d] loss: %.6f" % (epoch + 1, sum(costs) / len(costs)))

    def denoise(self, noisy):
        return self.sess.run(self.Y, feed_dict={self.X: noisy})


rng = np.random.RandomState(0)
clean = rng.rand(64, 64).astype(np.float32)
noise = (0.1 * rng.randn(64, 64)).astype(np.float32)
with tf.Session() as sess:
    model = DnCNN(sess)
    model.train(clean, noise)
    print("predicted noise", np.round(model.denoise(clean[:2] + noise[:2])[:, :4], 5))
