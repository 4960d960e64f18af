# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of the linear_regression() many learners' TF1 course notes share:
# the data tensor is itself a random op (`x = tf.random_normal(...)`) that both the labels and the prediction read,
# each part in its own variable_scope, and the loop runs the optimizer, then evaluates the error apart. Own code, no
# source text copied; a graph seed so the numbers compare exactly.
import tensorflow as tf

tf.set_random_seed(0)


def linear_regression():
    with tf.variable_scope("original_data"):
        x = tf.random_normal(shape=(100, 1), mean=0, stddev=1)
        y_true = tf.matmul(x, [[0.8]]) + 0.7
    with tf.variable_scope("linear_model"):
        weights = tf.Variable(initial_value=tf.random_normal(shape=(1, 1)))
        bias = tf.Variable(initial_value=tf.random_normal(shape=(1, 1)))
        y_predict = tf.matmul(x, weights) + bias
    with tf.variable_scope("loss"):
        error = tf.reduce_mean(tf.square(y_predict - y_true))
    with tf.variable_scope("gd_optimizer"):
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05).minimize(error)
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        sess.run(init)
        print("before training: weights %f, bias %f" % (weights.eval()[0, 0], bias.eval()[0, 0]))
        for i in range(40):
            sess.run(optimizer)
            print("step %d: error %f, weights %f, bias %f" % (i, error.eval(), weights.eval()[0, 0], bias.eval()[0, 0]))


if __name__ == "__main__":
    linear_regression()
