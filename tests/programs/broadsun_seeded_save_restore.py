# Source: broadsun/ml tf/5/ckpt_save.py @e4bcc8c (no licence file stored)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the file's save-then-restore program (kept there in comments above a meta-graph import) is the program;
# "save/model.ckpt" -> "model.ckpt" in the working directory; shapes [1] -> [2, 2] so more numbers are compared; the
# variables are printed after the save as well.
import tensorflow as tf

a = tf.Variable(tf.random_normal([2, 2], stddev=1, seed=1))
b = tf.Variable(tf.random_normal([2, 2], stddev=1, seed=1))
total = a + b
c = tf.Variable(tf.random_normal([2, 2], stddev=1, seed=1))
init_op = tf.global_variables_initializer()
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(init_op)
    saver.save(sess, "model.ckpt")
    print(sess.run(total))

with tf.Session() as sess:
    saver.restore(sess, "model.ckpt")
    print(sess.run(total))
    print(sess.run(c))
