# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

NUM_LABELS = 2
BATCH = 20

tf.app.flags.DEFINE_integer("epochs", 3, "passes over the training rows")
tf.app.flags.DEFINE_boolean("show_boundary", False, "print the decision boundary over a grid")
FLAGS = tf.app.flags.FLAGS


def make_data(n, seed):
    rng = np.random.RandomState(seed)
    points = rng.uniform(-1.0, 1.0, size=(n, 2)).astype(np.float32)
    labels = (points[:, 0] + 0.5 * points[:, 1] > 0.1).astype(np.int64)
    return points, (np.arange(NUM_LABELS) == labels[:, None]).astype(np.float32)


def boundary_summary(points, classify):
    xs, ys = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    grid = np.c_[xs.ravel(), ys.ravel()].astype(np.float32)
    classes = classify(grid)
    print("grid classes", classes.reshape(5, 5))
    print("points in class 1", int(np.sum(classify(points))))


def main(argv=None):
    train_x, train_y = make_data(100, 0)
    test_x, test_y = make_data(40, 1)
    size, features = train_x.shape
    x = tf.placeholder("float", shape=[None, features])
    y_ = tf.placeholder("float", shape=[None, NUM_LABELS])
    W = tf.Variable(tf.zeros([features, NUM_LABELS]))
    b = tf.Variable(tf.zeros([NUM_LABELS]))
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
    train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)
    predicted_class = tf.argmax(y, 1)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, "float"))
    with tf.Session() as s:
        tf.global_variables_initializer().run()
        for step in range(FLAGS.epochs * size // BATCH):
            offset = (step * BATCH) % size
            train_step.run(feed_dict={x: train_x[offset:offset + BATCH], y_: train_y[offset:offset + BATCH]})
        print("Accuracy:", accuracy.eval(feed_dict={x: test_x, y_: test_y}))
        if FLAGS.show_boundary:
            classify = lambda X: predicted_class.eval(feed_dict={x: X})
            boundary_summary(test_x, classify)


if __name__ == "__main__":
    tf.app.run()
