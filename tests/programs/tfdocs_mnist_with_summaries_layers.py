# Source: tensorflow/tensorflow tensorflow/examples/tutorials/mnist/mnist_with_summaries.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
"""TensorBoard summaries in the shape of TensorFlow's mnist_with_summaries tutorial (Apache-2.0), on synthetic data:
variable_summaries(var) called per layer by nn_layer(), scalar and histogram summaries in name scopes, merge_all,
train and test FileWriters."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
rng = np.random.RandomState(0)
train_x = rng.rand(64, 6).astype(np.float32)
train_y = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 64)]


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


def variable_summaries(var):
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        tf.summary.scalar("mean", mean)
        with tf.name_scope("stddev"):
            stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
        tf.summary.scalar("stddev", stddev)
        tf.summary.scalar("max", tf.reduce_max(var))
        tf.summary.scalar("min", tf.reduce_min(var))
        tf.summary.histogram("histogram", var)


def nn_layer(input_tensor, input_dim, output_dim, layer_name, act=tf.nn.relu):
    with tf.name_scope(layer_name):
        with tf.name_scope("weights"):
            weights = weight_variable([input_dim, output_dim])
            variable_summaries(weights)
        with tf.name_scope("biases"):
            biases = bias_variable([output_dim])
            variable_summaries(biases)
        with tf.name_scope("Wx_plus_b"):
            preactivate = tf.matmul(input_tensor, weights) + biases
            tf.summary.histogram("pre_activations", preactivate)
        activations = act(preactivate, name="activation")
        tf.summary.histogram("activations", activations)
        return activations


with tf.name_scope("input"):
    x = tf.placeholder(tf.float32, [None, 6], name="x-input")
    y_ = tf.placeholder(tf.float32, [None, 3], name="y-input")

hidden1 = nn_layer(x, 6, 8, "layer1")
y = nn_layer(hidden1, 8, 3, "layer2", act=tf.identity)

with tf.name_scope("cross_entropy"):
    diff = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y)
    with tf.name_scope("total"):
        cross_entropy = tf.reduce_mean(diff)
tf.summary.scalar("cross_entropy", cross_entropy)

with tf.name_scope("train"):
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

with tf.name_scope("accuracy"):
    with tf.name_scope("correct_prediction"):
        correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    with tf.name_scope("accuracy"):
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
tf.summary.scalar("accuracy", accuracy)

merged = tf.summary.merge_all()

with tf.Session() as sess:
    train_writer = tf.summary.FileWriter("logs/train", sess.graph)
    test_writer = tf.summary.FileWriter("logs/test")
    tf.global_variables_initializer().run()
    for i in range(20):
        if i % 5 == 0:
            summary, acc = sess.run([merged, accuracy], feed_dict={x: train_x, y_: train_y})
            test_writer.add_summary(summary, i)
            print("Accuracy at step %s: %s" % (i, acc))
        else:
            summary = sess.run(merged, feed_dict={x: train_x[:32], y_: train_y[:32]})
            train_writer.add_summary(summary, i)
            sess.run(train_step, feed_dict={x: train_x[:32], y_: train_y[:32]})
    train_writer.close()
    test_writer.close()
