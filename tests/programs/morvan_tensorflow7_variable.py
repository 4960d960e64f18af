# Source: MorvanZhou/tutorials tensorflowTUT/tensorflow7_variable.py (commit 09a9ad9; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: none.
import tensorflow as tf

counter = tf.Variable(0, name="counter")
one = tf.constant(1)
incremented = tf.add(counter, one)
update = tf.assign(counter, incremented)

init = tf.initialize_all_variables()
with tf.Session() as sess:
    sess.run(init)
    for _ in range(3):
        sess.run(update)
        print(sess.run(counter))
