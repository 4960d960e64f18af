# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of the learners' TF1 course linear regression with command-line
# flags, summaries, a FileWriter and a Saver that restores the model when a checkpoint exists: a random data tensor
# read by the labels and by the prediction, the merged summaries run apart from the train step. Own code, no source
# text copied; op seeds so the numbers compare exactly.
import os

import tensorflow as tf

tf.app.flags.DEFINE_integer("max_step", 30, "how many training steps")
tf.app.flags.DEFINE_string("model_dir", "./tmp/model/", "where the checkpoint is kept")
FLAGS = tf.app.flags.FLAGS


def linear_regression():
    with tf.variable_scope("prepare_data"):
        x = tf.random_normal(shape=(100, 1), mean=1.0, stddev=0.5, seed=3, name="feature")
        y_true = tf.matmul(x, [[0.8]]) + 0.7
    with tf.variable_scope("create_model"):
        weights = tf.Variable(initial_value=tf.random_normal(shape=(1, 1), seed=4), name="w")
        bias = tf.Variable(initial_value=tf.random_normal(shape=(1, 1), seed=5), name="b")
        y_predict = tf.matmul(x, weights) + bias
    with tf.variable_scope("loss_function"):
        error = tf.reduce_mean(tf.square(y_predict - y_true))
    with tf.variable_scope("optimizer"):
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05).minimize(error)
    tf.summary.scalar("error", error)
    tf.summary.histogram("weights", weights)
    tf.summary.histogram("bias", bias)
    merged = tf.summary.merge_all()
    init = tf.global_variables_initializer()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(init)
        print("initial: weights %f, bias %f" % (weights.eval()[0, 0], bias.eval()[0, 0]))
        file_writer = tf.summary.FileWriter("./tmp/linear", graph=sess.graph)
        if os.path.exists(FLAGS.model_dir + "checkpoint"):
            saver.restore(sess, FLAGS.model_dir + "linear_regression.ckpt")
            print("restored: weights %f, bias %f" % (weights.eval()[0, 0], bias.eval()[0, 0]))
        for i in range(FLAGS.max_step):
            sess.run(optimizer)
            summary = sess.run(merged)
            file_writer.add_summary(summary, i)
            print("step %d: error %f, weights %f, bias %f" % (i, error.eval(), weights.eval()[0, 0], bias.eval()[0, 0]))
        saver.save(sess, FLAGS.model_dir + "linear_regression.ckpt")


if __name__ == "__main__":
    linear_regression()
