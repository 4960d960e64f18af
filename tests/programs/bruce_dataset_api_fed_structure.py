# Source: bruce1408/Tensorflow_learning week02/src/2_0_tensorflow_dataset_api_3.py @1e10f9f (licence not stated)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the Saver and its save in the OutOfRangeError handler left out; the loop's `break` moved into the handler, so every row is read and "end" printed.
import os
import numpy as np
import tensorflow as tf

np.random.seed(42)
data = np.random.random([4, 4])
X = tf.placeholder(dtype=tf.float32, shape=[4, 4], name="X")
dataset = tf.data.Dataset.from_tensor_slices(X)
iterator = tf.data.Iterator.from_structure(dataset.output_types, dataset.output_shapes)
dataset_next_op = iterator.get_next()

# the initializer's op named
dataset_init_op = iterator.make_initializer(dataset, name="dataset_init")

w = np.random.random([1, 4])
W = tf.Variable(w, name="W", dtype=tf.float32)
output = tf.multiply(W, dataset_next_op, name="output")
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(dataset_init_op, feed_dict={X: data})
while True:
    try:
        print(sess.run(output))
    except tf.errors.OutOfRangeError:
        print("end")
        break
