# Source: FrancescoSaverioZuppichini/Tensorflow-Dataset-Tutorial dataset_tutorial.ipynb @079992d (MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the notebook's placeholder, "switch between data" and reinitializable-iterator cells as one script with one Session per cell as there; numpy seed 0; the train elements drawn are summed and printed.
import numpy as np
import tensorflow as tf

np.random.seed(0)

# an initializable iterator over a placeholder, fed a numpy array once
x = tf.placeholder(tf.float32, shape=[None, 2])
dataset = tf.data.Dataset.from_tensor_slices(x)
data = np.random.sample((100, 2))
iter = dataset.make_initializable_iterator()
el = iter.get_next()
with tf.Session() as sess:
    sess.run(iter.initializer, feed_dict={x: data})
    print(sess.run(el))

# the same iterator fed the train arrays, then the test arrays
EPOCHS = 10
features_in, labels_in = tf.placeholder(tf.float32, shape=[None, 2]), tf.placeholder(tf.float32, shape=[None, 1])
pairs = tf.data.Dataset.from_tensor_slices((features_in, labels_in))
train_data = (np.random.sample((100, 2)), np.random.sample((100, 1)))
test_data = (np.array([[1, 2]]), np.array([[0]]))
switch = pairs.make_initializable_iterator()
features, labels = switch.get_next()
with tf.Session() as sess:
    sess.run(switch.initializer, feed_dict={features_in: train_data[0], labels_in: train_data[1]})
    total = 0.0
    for _ in range(EPOCHS):
        train_features, train_labels = sess.run([features, labels])
        total += train_features.sum() + train_labels.sum()
    print("train sum", total)
    sess.run(switch.initializer, feed_dict={features_in: test_data[0], labels_in: test_data[1]})
    print(sess.run([features, labels]))

# a reinitializable iterator switching between a train and a test dataset
train_data = (np.random.sample((100, 2)), np.random.sample((100, 1)))
test_data = (np.random.sample((10, 2)), np.random.sample((10, 1)))
train_dataset = tf.data.Dataset.from_tensor_slices(train_data)
test_dataset = tf.data.Dataset.from_tensor_slices(test_data)
reinit = tf.data.Iterator.from_structure(train_dataset.output_types, train_dataset.output_shapes)
features, labels = reinit.get_next()
train_init_op = reinit.make_initializer(train_dataset)
test_init_op = reinit.make_initializer(test_dataset)
with tf.Session() as sess:
    sess.run(train_init_op)
    for _ in range(EPOCHS):
        sess.run([features, labels])
    sess.run(test_init_op)
    print(sess.run([features, labels]))
