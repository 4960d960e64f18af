# Source: tensorflow/tensorflow tensorflow/docs_src/programmers_guide/datasets.md, TF 1.x (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's placeholder-parameterised initializable iterator and "consuming NumPy arrays" snippets joined into one script with one Session; `assert i == value` -> the values summed and printed; the .npy file -> synthetic arrays (numpy seed 0), read for two epochs in batches of 8.
import numpy as np
import tensorflow as tf

max_value = tf.placeholder(tf.int64, shape=[])
dataset = tf.data.Dataset.range(max_value)
iterator = dataset.make_initializable_iterator()
next_element = iterator.get_next()

np.random.seed(0)
features = np.random.rand(20, 3)
labels = np.random.randint(0, 2, size=20)
# Assume that each row of `features` corresponds to the same row as `labels`.
assert features.shape[0] == labels.shape[0]
features_placeholder = tf.placeholder(features.dtype, features.shape)
labels_placeholder = tf.placeholder(labels.dtype, labels.shape)
arrays = tf.data.Dataset.from_tensor_slices((features_placeholder, labels_placeholder))
arrays = arrays.batch(8)
batches = arrays.make_initializable_iterator()
batch_features, batch_labels = batches.get_next()
weighted = tf.reduce_sum(batch_features, axis=1) * tf.cast(batch_labels, tf.float64)

sess = tf.Session()
# Initialize an iterator over a dataset with 10 elements.
sess.run(iterator.initializer, feed_dict={max_value: 10})
total = 0
for i in range(10):
    value = sess.run(next_element)
    total += value
print("10 elements, total", total)

# Initialize the same iterator over a dataset with 100 elements.
sess.run(iterator.initializer, feed_dict={max_value: 100})
total = 0
for i in range(100):
    value = sess.run(next_element)
    total += value
print("100 elements, total", total)

for epoch in range(2):
    sess.run(batches.initializer, feed_dict={features_placeholder: features, labels_placeholder: labels})
    while True:
        try:
            print("epoch", epoch, sess.run(weighted))
        except tf.errors.OutOfRangeError:
            break
