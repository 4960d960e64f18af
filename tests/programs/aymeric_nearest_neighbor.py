# Source: aymericdamien/TensorFlow-Examples examples/2_BasicModels/nearest_neighbor.py (commit 998ba46; MIT licence)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 500 synthetic training and 20 test samples of the same shape (numpy seed 0), each test
# sample a noisy copy of a training sample so the neighbour is known.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
Xtr = rng.rand(500, 784).astype(np.float32)
Ytr = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 500)]
picks = rng.randint(0, 500, 20)
Xte = Xtr[picks] + 0.05 * rng.rand(20, 784).astype(np.float32)
Yte = Ytr[picks]

xtr = tf.placeholder("float", [None, 784])
xte = tf.placeholder("float", [784])

distance = tf.reduce_sum(tf.abs(tf.add(xtr, tf.negative(xte))), reduction_indices=1)
pred = tf.arg_min(distance, 0)

accuracy = 0.0
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    for i in range(len(Xte)):
        nn_index = sess.run(pred, feed_dict={xtr: Xtr, xte: Xte[i, :]})
        print("Test", i, "Prediction:", np.argmax(Ytr[nn_index]), "True Class:", np.argmax(Yte[i]))
        if np.argmax(Ytr[nn_index]) == np.argmax(Yte[i]):
            accuracy += 1.0 / len(Xte)
    print("Done!")
    print("Accuracy:", accuracy)
