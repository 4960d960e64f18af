# Source: rasbt/python-machine-learning-book-2nd-edition code/ch14/ch14.py (commit 0cb762d; MIT licence)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: matplotlib left out; 200 -> 100 noisy points (numpy seed 0); 500 epochs -> 60, printed every 10; the
# restore reads the checkpoint back into the graph that wrote it (the original's import_meta_graph into a new graph:
# a graph loaded from a file keeps the graph tier, tests/test_tensor_names_module.py); the Saver made in the graph's
# block (the original enters `g` again for it, which keeps the graph tier today); the checkpoint under the working
# directory.
import numpy as np
import tensorflow as tf

g = tf.Graph()
with g.as_default():
    tf.set_random_seed(123)
    tf_x = tf.placeholder(shape=(None), dtype=tf.float32, name='tf_x')
    tf_y = tf.placeholder(shape=(None), dtype=tf.float32, name='tf_y')
    weight = tf.Variable(tf.random_normal(shape=(1, 1), stddev=0.25), name='weight')
    bias = tf.Variable(0.0, name='bias')
    y_hat = tf.add(weight * tf_x, bias, name='y_hat')
    cost = tf.reduce_mean(tf.square(tf_y - y_hat), name='cost')
    optim = tf.train.GradientDescentOptimizer(learning_rate=0.001)
    train_op = optim.minimize(cost, name='train_op')
    saver = tf.train.Saver()

np.random.seed(0)


def make_random_data():
    x = np.random.uniform(low=-2, high=4, size=100)
    y = []
    for t in x:
        y.append(np.random.normal(loc=0.0, scale=(0.5 + t * t / 3), size=None))
    return x, 1.726 * x - 0.84 + np.array(y)


x, y = make_random_data()
x_train, y_train = x[:50], y[:50]
x_test, y_test = x[50:], y[50:]

n_epochs = 60
training_costs = []
with tf.Session(graph=g) as sess:
    sess.run(tf.global_variables_initializer())
    for e in range(n_epochs):
        c, _ = sess.run(['cost:0', 'train_op'], feed_dict={'tf_x:0': x_train, 'tf_y:0': y_train})
        training_costs.append(c)
        if not e % 10:
            print('Epoch %4d: %.4f' % (e, c))
    saver.save(sess, './trained-model')

with tf.Session(graph=g) as sess:
    saver.restore(sess, './trained-model')
    y_pred = sess.run('y_hat:0', feed_dict={'tf_x:0': x_test})

print('SSE: %.4f' % (np.sum(np.square(y_pred - y_test))))
