# Source: hankcs/CS224n assignment2/q1_classifier.py + assignment2/model.py + assignment2/q1_softmax.py@d0a4c87, licence: none stated in the stored copy
# Adapted: the course's Model base class (model.py), softmax/cross_entropy_loss (q1_softmax.py) and get_minibatches (utils/general_utils.py) inlined above the classifier; Python 2 prints -> print(); keep_dims -> keepdims; n_samples 1024 -> 256, n_epochs 50 -> 6, lr 1e-4 -> 5e-3; the elapsed time left out of the epoch print; docstrings shortened.
import numpy as np
import tensorflow as tf


def get_minibatches(data, minibatch_size, shuffle=True):
    list_data = type(data) is list and (type(data[0]) is list or type(data[0]) is np.ndarray)
    data_size = len(data[0]) if list_data else len(data)
    indices = np.arange(data_size)
    if shuffle:
        np.random.shuffle(indices)
    for minibatch_start in np.arange(0, data_size, minibatch_size):
        minibatch_indices = indices[minibatch_start:minibatch_start + minibatch_size]
        yield [minibatch(d, minibatch_indices) for d in data] if list_data \
            else minibatch(data, minibatch_indices)


def minibatch(data, minibatch_idx):
    return data[minibatch_idx] if type(data) is np.ndarray else [data[i] for i in minibatch_idx]


def softmax(x):
    """Compute the softmax function in tensorflow."""
    x_max = tf.reduce_max(x, 1, keepdims=True)          # find row-wise maximums
    x_sub = tf.subtract(x, x_max)                       # subtract maximums
    x_exp = tf.exp(x_sub)                               # exponentiation
    sum_exp = tf.reduce_sum(x_exp, 1, keepdims=True)    # row-wise sums
    out = tf.div(x_exp, sum_exp)                        # divide
    return out


def cross_entropy_loss(y, yhat):
    """Compute the cross entropy loss in tensorflow, summed over the minibatch."""
    l_yhat = tf.log(yhat)                           # log yhat
    product = tf.multiply(tf.to_float(y), l_yhat)   # multiply element-wise
    out = tf.negative(tf.reduce_sum(product))       # negative summation to scalar
    return out


class Model(object):
    """Abstracts a Tensorflow graph for a learning task.

    We use various Model classes as usual abstractions to encapsulate tensorflow
    computational graphs. Each algorithm you will construct in this homework will
    inherit from a Model object.
    """

    def add_placeholders(self):
        """Adds placeholder variables to tensorflow computational graph."""
        raise NotImplementedError("Each Model must re-implement this method.")

    def create_feed_dict(self, inputs_batch, labels_batch=None):
        """Creates the feed_dict for one step of training."""
        raise NotImplementedError("Each Model must re-implement this method.")

    def add_prediction_op(self):
        """Implements the core of the model that transforms a batch of input data into predictions."""
        raise NotImplementedError("Each Model must re-implement this method.")

    def add_loss_op(self, pred):
        """Adds Ops for the loss function to the computational graph."""
        raise NotImplementedError("Each Model must re-implement this method.")

    def add_training_op(self, loss):
        """Sets up the training Ops."""

        raise NotImplementedError("Each Model must re-implement this method.")

    def train_on_batch(self, sess, inputs_batch, labels_batch):
        """Perform one step of gradient descent on the provided batch of data."""
        feed = self.create_feed_dict(inputs_batch, labels_batch=labels_batch)
        _, loss = sess.run([self.train_op, self.loss], feed_dict=feed)
        return loss

    def predict_on_batch(self, sess, inputs_batch):
        """Make predictions for the provided batch of data"""
        feed = self.create_feed_dict(inputs_batch)
        predictions = sess.run(self.pred, feed_dict=feed)
        return predictions

    def build(self):
        self.add_placeholders()
        self.pred = self.add_prediction_op()
        self.loss = self.add_loss_op(self.pred)
        self.train_op = self.add_training_op(self.loss)


class Config(object):
    """Holds model hyperparams and data information."""
    n_samples = 256
    n_features = 100
    n_classes = 5
    batch_size = 64
    n_epochs = 6
    lr = 5e-3


class SoftmaxModel(Model):
    """Implements a Softmax classifier with cross-entropy loss."""

    def add_placeholders(self):
        """Generates placeholder variables to represent the input tensors."""
        ### YOUR CODE HERE
        self.input_placeholder = tf.placeholder(tf.float32, [self.config.batch_size, self.config.n_features])
        self.labels_placeholder = tf.placeholder(tf.int32, [self.config.batch_size, self.config.n_classes])
        ### END YOUR CODE

    def create_feed_dict(self, inputs_batch, labels_batch=None):
        """Creates the feed_dict for training the given step."""
        ### YOUR CODE HERE
        feed_dict = {self.input_placeholder: inputs_batch, self.labels_placeholder: labels_batch}
        ### END YOUR CODE
        return feed_dict

    def add_prediction_op(self):
        """Adds the core transformation for this model: y = softmax(Wx + b)."""
        ### YOUR CODE HERE
        with tf.variable_scope("transformation"):
            bias = tf.Variable(tf.random_uniform([self.config.n_classes]))
            W = tf.Variable(tf.random_uniform([self.config.n_features, self.config.n_classes]))
            z = tf.matmul(self.input_placeholder, W) + bias
        pred = softmax(z)
        ### END YOUR CODE
        return pred

    def add_loss_op(self, pred):
        """Adds cross_entropy_loss ops to the computational graph."""
        ### YOUR CODE HERE
        loss = cross_entropy_loss(self.labels_placeholder, pred)
        ### END YOUR CODE
        return loss

    def add_training_op(self, loss):
        """Sets up the training Ops."""
        ### YOUR CODE HERE
        train_op = tf.train.GradientDescentOptimizer(self.config.lr).minimize(loss)
        ### END YOUR CODE
        return train_op

    def run_epoch(self, sess, inputs, labels):
        """Runs an epoch of training."""
        n_minibatches, total_loss = 0, 0
        for input_batch, labels_batch in get_minibatches([inputs, labels], self.config.batch_size):
            n_minibatches += 1
            total_loss += self.train_on_batch(sess, input_batch, labels_batch)
        return total_loss / n_minibatches

    def fit(self, sess, inputs, labels):
        """Fit model on provided data."""
        losses = []
        for epoch in range(self.config.n_epochs):
            average_loss = self.run_epoch(sess, inputs, labels)
            print('Epoch {:}: loss = {:.2f}'.format(epoch, average_loss))
            losses.append(average_loss)
        return losses

    def __init__(self, config):
        """Initializes the model."""
        self.config = config
        self.build()


def test_softmax_model():
    """Train softmax model for a number of steps."""
    config = Config()

    # Generate random data to train the model on
    np.random.seed(1234)
    inputs = np.random.rand(config.n_samples, config.n_features)
    labels = np.zeros((config.n_samples, config.n_classes), dtype=np.int32)
    labels[:, 0] = 1

    # Tell TensorFlow that the model will be built into the default Graph.
    # (not required but good practice)
    with tf.Graph().as_default():
        # Build the model and add the variable initializer Op
        model = SoftmaxModel(config)
        init = tf.global_variables_initializer()

        # Create a session for running Ops in the Graph
        with tf.Session() as sess:
            # Run the Op to initialize the variables.
            sess.run(init)
            # Fit the model
            losses = model.fit(sess, inputs, labels)

    # If Ops are implemented correctly, the average loss should fall close to zero
    # rapidly.
    assert losses[-1] < .5
    print("Basic (non-exhaustive) classifier tests pass")


if __name__ == "__main__":
    test_softmax_model()
