# Source: FrancescoSaverioZuppichini/Tensorflow-Dataset-Tutorial dataset_tutorial.ipynb @079992d (MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the notebook's "consuming data" cells as one script; numpy seed 0; 10 iterations -> 30.
import numpy as np
import tensorflow as tf

np.random.seed(0)

EPOCHS = 30
BATCH_SIZE = 16
# two numpy arrays wrapped once more: one batch dimension
features, labels = (np.array([np.random.sample((100, 2))]), np.array([np.random.sample((100, 1))]))
dataset = tf.data.Dataset.from_tensor_slices((features, labels)).repeat().batch(BATCH_SIZE)
iter = dataset.make_one_shot_iterator()
x, y = iter.get_next()
# a small model on the iterator's first value, the loss on its second
net = tf.layers.dense(x, 8, activation=tf.tanh)
net = tf.layers.dense(net, 8, activation=tf.tanh)
prediction = tf.layers.dense(net, 1, activation=tf.tanh)
loss = tf.losses.mean_squared_error(prediction, y)
train_op = tf.train.AdamOptimizer().minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(EPOCHS):
        _, loss_value = sess.run([train_op, loss])
        print("Iter: {}, Loss: {:.4f}".format(i, loss_value))
