# Source: FrancescoSaverioZuppichini/Tensorflow-Dataset-Tutorial dataset_tutorial.ipynb @079992d (MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the notebook's "wrapping all together" cell as one script; numpy seed 0; 10 epochs -> 5.
import numpy as np
import tensorflow as tf

np.random.seed(0)

EPOCHS = 5
BATCH_SIZE = 16
# two float32 placeholders sliced by the dataset, fed the train arrays, then the test arrays
x, y = tf.placeholder(tf.float32, shape=[None, 2]), tf.placeholder(tf.float32, shape=[None, 1])
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(BATCH_SIZE).repeat()
train_data = (np.random.sample((100, 2)), np.random.sample((100, 1)))
test_data = (np.random.sample((20, 2)), np.random.sample((20, 1)))
n_batches = len(train_data[0]) // BATCH_SIZE

iter = dataset.make_initializable_iterator()
features, labels = iter.get_next()
# a small model on the element's first value, the loss on its second
net = tf.layers.dense(features, 8, activation=tf.tanh)
net = tf.layers.dense(net, 8, activation=tf.tanh)
prediction = tf.layers.dense(net, 1, activation=tf.tanh)
loss = tf.losses.mean_squared_error(prediction, labels)
train_op = tf.train.AdamOptimizer().minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(iter.initializer, feed_dict={x: train_data[0], y: train_data[1]})
    print("Training...")
    for i in range(EPOCHS):
        tot_loss = 0
        for _ in range(n_batches):
            _, loss_value = sess.run([train_op, loss])
            tot_loss += loss_value
        print("Iter: {}, Loss: {:.4f}".format(i, tot_loss / n_batches))
    sess.run(iter.initializer, feed_dict={x: test_data[0], y: test_data[1]})
    print("Test Loss: {:4f}".format(sess.run(loss)))
