# Source: CriticalStriker/learn-to-tensorflow 9.GoogleCloudML/train/3-output.py @5165e19 (no licence file stored)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: none (the checkpoint goes to the flag's default directory under the working directory).
import os.path

import tensorflow as tf

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.DEFINE_string("output_dir", "output", "Output Directory.")


def run_training():
    x = tf.placeholder("float")  # the value fed at each run
    w = tf.Variable(5.0, name="weights")
    y = tf.multiply(w, x)

    with tf.Session() as sess:
        tf.global_variables_initializer().run()

        print(sess.run(y, feed_dict={x: 1.0}))
        print(sess.run(y, feed_dict={x: 2.0}))

        # A Saver for the training checkpoints.
        saver = tf.train.Saver()
        checkpoint_file = os.path.join(FLAGS.output_dir, "checkpoint")
        saver.save(sess, checkpoint_file, global_step=0)


def main(_):
    run_training()


if __name__ == "__main__":
    tf.app.run()
