# Source: ikhlestov/deployml models/tensorflow_model.py (commit 14d01a8; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the saved-model export and the serving server left out; the convolutional body -> two tf.layers.dense layers with constant initializers; a seeded batch of inputs; the prediction printed.
import numpy as np
import tensorflow as tf


class Model:
    input_node_name = 'input'
    input_data_type = tf.float32
    output_node_name = 'output'

    def __init__(self, n_in=4, n_out=3):
        self.input = tf.placeholder(self.input_data_type, shape=(None, n_in), name=self.input_node_name)
        hidden = tf.layers.dense(self.input, 8, tf.nn.relu, kernel_initializer=tf.constant_initializer(0.1))
        logits = tf.layers.dense(hidden, n_out, kernel_initializer=tf.constant_initializer(np.linspace(-1., 1., 24).reshape(8, 3)))
        self.output = tf.nn.softmax(logits, name=self.output_node_name)
        self._initialize_session()

    def _initialize_session(self):
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def predict(self, inputs):
        return self.sess.run(self.output, feed_dict={self.input: inputs})


if __name__ == '__main__':
    model = Model()
    batch = np.random.RandomState(0).rand(5, 4)
    print(model.predict(batch))
    print(model.input_node_name, model.output_node_name)
