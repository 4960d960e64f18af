# Source: ikhlestov/deployml models/tensorflow_model.py @14d01a8 (no licence file in the stored copy), a reduced shape
# of its Model class: a name counter method `get_kernel_name` (`self.kernel_count += 1`) called by the name-mangled
# get_variable helper `__kernel` that the constructor's builder calls once per convolution, in name_scope blocks; a
# method nothing calls (`large_block`) calling the helper too; the Session opened by a method the constructor calls.
# Adapted: see manifest.toml (adapted)
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
checkpoint_dir = "./kernel_ckpt"


class Model:
    def __init__(self):
        self.input = tf.placeholder(tf.float32, shape=(None, 6, 6, 3), name="input")
        self.labels = tf.placeholder(tf.float32, shape=(None, 4), name="labels")
        self.kernel_count = 0
        self._build_net()
        self._initialize_session()

    def _initialize_session(self):
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
        self.saver = tf.train.Saver()

    def get_kernel_name(self):
        self.kernel_count += 1
        return "kernel_{}".format(self.kernel_count)

    def __kernel(self, in_features, out_features):
        return tf.get_variable(name=self.get_kernel_name(), shape=(3, 3, in_features, out_features))

    def _build_net(self):
        strides = (1, 1, 1, 1)
        x = self.input
        with tf.name_scope("first_block"):
            x = tf.nn.conv2d(x, filter=self.__kernel(3, 5), strides=strides, padding="VALID")
            x = tf.nn.relu(x)
        with tf.name_scope("second_block"):
            x = tf.nn.conv2d(x, filter=self.__kernel(5, 4), strides=strides, padding="VALID")
            x = tf.nn.sigmoid(tf.reduce_mean(x, axis=[1, 2]), name="output")
            self.output = x
        with tf.name_scope("training"):
            self.loss = tf.reduce_mean(tf.square(self.output - self.labels))
            self.train_step = tf.train.GradientDescentOptimizer(0.5).minimize(self.loss)

    def train(self, inputs, labels):
        _, loss = self.sess.run([self.train_step, self.loss], feed_dict={self.input: inputs, self.labels: labels})
        return loss

    def predict(self, inputs):
        return self.sess.run(self.output, feed_dict={self.input: inputs})

    def large_block(self, x, strides):
        x = tf.nn.conv2d(x, filter=self.__kernel(4, 8), strides=strides, padding="SAME")
        return tf.nn.conv2d(x, filter=self.__kernel(8, 4), strides=strides, padding="SAME")


if __name__ == "__main__":
    rng = np.random.RandomState(0)
    images = rng.rand(4, 6, 6, 3).astype(np.float32)
    targets = rng.rand(4, 4).astype(np.float32)
    model = Model()
    ckpt = tf.train.get_checkpoint_state(checkpoint_dir)
    if ckpt and ckpt.model_checkpoint_path:
        print("restoring")
        model.saver.restore(model.sess, ckpt.model_checkpoint_path)
    for step in range(3):
        print("step", step, "loss", model.train(images, targets))
    preds = model.predict(images)
    print(preds.shape, preds[0])
    if not os.path.exists(checkpoint_dir):
        os.makedirs(checkpoint_dir)
    model.saver.save(model.sess, os.path.join(checkpoint_dir, "model"))
