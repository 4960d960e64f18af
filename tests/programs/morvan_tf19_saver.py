# Source: MorvanZhou/tutorials tensorflowTUT/tf19_saver.py (commit 339e8d4; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the commented-out save half runs first, then tf.reset_default_graph() and the restore half (the original is edited between two runs).
import numpy as np
import tensorflow as tf

# save
W = tf.Variable([[1, 2, 3], [3, 4, 5]], dtype=tf.float32, name="weights")
b = tf.Variable([[1, 2, 3]], dtype=tf.float32, name="biases")
init = tf.global_variables_initializer()
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(init)
    path = saver.save(sess, "my_net/save_net.ckpt")
    print("saved to:", path)

tf.reset_default_graph()

# restore into variables of the same shape and dtype (no initializer run)
W = tf.Variable(np.arange(6).reshape((2, 3)), dtype=tf.float32, name="weights")
b = tf.Variable(np.arange(3).reshape((1, 3)), dtype=tf.float32, name="biases")
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "my_net/save_net.ckpt")
    print("weights:", sess.run(W))
    print("biases:", sess.run(b))
