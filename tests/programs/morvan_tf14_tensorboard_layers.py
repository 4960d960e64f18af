# Source: MorvanZhou/tutorials tensorflowTUT/tf14_tensorboard/full_code.py (commit 339e8d4; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.set_random_seed(1) and a numpy seed added; the training loop of tf12_plot_result (same repository)
# added, 100 steps reporting the loss every 25; tf.train.SummaryWriter("logs/") -> tf.summary.FileWriter("logs/").
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


def add_layer(inputs, in_size, out_size, activation_function=None):
    # one fully connected layer, each part under a name scope for TensorBoard
    with tf.name_scope("layer"):
        with tf.name_scope("weights"):
            Weights = tf.Variable(tf.random_normal([in_size, out_size]), name="W")
        with tf.name_scope("biases"):
            biases = tf.Variable(tf.zeros([1, out_size]) + 0.1, name="b")
        with tf.name_scope("Wx_plus_b"):
            Wx_plus_b = tf.add(tf.matmul(inputs, Weights), biases)
        if activation_function is None:
            outputs = Wx_plus_b
        else:
            outputs = activation_function(Wx_plus_b, )
        return outputs


rng = np.random.RandomState(0)
x_data = np.linspace(-1, 1, 300)[:, np.newaxis]
y_data = np.square(x_data) - 0.5 + rng.normal(0, 0.05, x_data.shape)

with tf.name_scope("inputs"):
    xs = tf.placeholder(tf.float32, [None, 1], name="x_input")
    ys = tf.placeholder(tf.float32, [None, 1], name="y_input")

l1 = add_layer(xs, 1, 10, activation_function=tf.nn.relu)
prediction = add_layer(l1, 10, 1, activation_function=None)

with tf.name_scope("loss"):
    loss = tf.reduce_mean(tf.reduce_sum(tf.square(ys - prediction), reduction_indices=[1]))

with tf.name_scope("train"):
    train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

sess = tf.Session()
writer = tf.summary.FileWriter("logs/", sess.graph)
sess.run(tf.global_variables_initializer())

for i in range(100):
    sess.run(train_step, feed_dict={xs: x_data, ys: y_data})
    if i % 25 == 0:
        print(i, sess.run(loss, feed_dict={xs: x_data, ys: y_data}))
