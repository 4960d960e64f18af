# Source: tensorflow/tensorflow tensorflow/g3doc/how_tos/variables/index.md, TF 0.x/1.x (commit 71842da; Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's snippets joined into one script; tf.set_random_seed(3) added; 784x200 -> 20x5; the values
# printed (sums) and the checkpoint written under the working directory.
import tensorflow as tf

tf.set_random_seed(3)

weights = tf.Variable(tf.random_normal([20, 5], stddev=0.35), name="weights")
biases = tf.Variable(tf.zeros([5]), name="biases")
w2 = tf.Variable(weights.initialized_value(), name="w2")
w_twice = tf.Variable(weights.initialized_value() * 0.2, name="w_twice")

init_op = tf.initialize_all_variables()
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(init_op)
    print("weights", sess.run(tf.reduce_sum(weights)))
    print("w2", sess.run(tf.reduce_sum(w2)))
    print("w_twice", sess.run(tf.reduce_sum(w_twice)))
    print("biases", sess.run(biases))
    save_path = saver.save(sess, "./model.ckpt")
    print("Model saved in file: ", save_path)
