# Source: CriticalStriker/learn-to-tensorflow 9.GoogleCloudML/train/1-multiply.py @5165e19 (no licence file stored)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: none.
import tensorflow as tf


def run_training():
    x = tf.placeholder("float")  # the value fed at each run
    w = tf.Variable(5.0, name="weights")
    y = tf.multiply(w, x)

    with tf.Session() as sess:
        tf.global_variables_initializer().run()

        print(sess.run(y, feed_dict={x: 1.0}))
        print(sess.run(y, feed_dict={x: 2.0}))


def main(_):
    run_training()


if __name__ == "__main__":
    tf.app.run()
