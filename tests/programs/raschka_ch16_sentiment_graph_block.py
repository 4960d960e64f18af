# Source: rasbt/python-machine-learning-book-2nd-edition code/ch16/ch16.py @ a5fe037 (MIT). Raschka's SentimentRNN (Python Machine Learning, 2nd ed., chapter 16): the graph built in `with g.as_default():`, a MultiRNNCell of DropoutWrapper(BasicLSTMCell) cells whose output keep probability is the fed placeholder tf_keepprob, the zero state given as dynamic_rnn's initial state, a dense logit, Adam, a Saver; train() saves, predict() restores and evaluates at keep 1.0.
# Adapted: the class's build/train/predict read as module-level code on one graph (train when no checkpoint is there, else restore and predict); the embedding lookup of word ids -> float sequences fed directly (x, [batch, steps, 3]); feeds by tensor name ('tf_x:0') -> the placeholders, the feed dicts written in the runs, the final state not fed back as the initial state; the tf.layers.dense logit -> W, b Variables (tf.layers beside RNN cells under a Saver keeps the graph tier, layer_checkpoints.py); IMDb reviews -> seeded random sequences labelled by their sum; lstm 128 -> 8, 2 layers, batch 4, 6 epochs, learning rate 0.01.
import os

import numpy as np
import tensorflow as tf

seq_len, n_features, lstm_size, batch_size = 5, 3, 8, 4
num_layers = 2
g = tf.Graph()
with g.as_default():
    tf_x = tf.placeholder(tf.float32, shape=(batch_size, seq_len, n_features), name='tf_x')
    tf_y = tf.placeholder(tf.float32, shape=(batch_size), name='tf_y')
    tf_keepprob = tf.placeholder(tf.float32, name='tf_keepprob')
    cells = tf.nn.rnn_cell.MultiRNNCell(
        [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(lstm_size), output_keep_prob=tf_keepprob)
         for i in range(num_layers)])
    initial_state = cells.zero_state(batch_size, tf.float32)
    lstm_outputs, final_state = tf.nn.dynamic_rnn(cells, tf_x, initial_state=initial_state)
    W = tf.Variable(tf.truncated_normal([lstm_size, 1], stddev=0.1), name='W')
    b = tf.Variable(tf.zeros([1]), name='b')
    squeezed = tf.squeeze(tf.matmul(lstm_outputs[:, -1], W) + b, name='logits_squeezed')
    y_proba = tf.nn.sigmoid(squeezed, name='probabilities')
    cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf_y, logits=squeezed), name='cost')
    optimizer = tf.train.AdamOptimizer(0.01)
    train_op = optimizer.minimize(cost, name='train_op')
    saver = tf.train.Saver()

rng = np.random.RandomState(0)
X = rng.rand(16, seq_len, n_features).astype(np.float32)
y = (X.sum(axis=(1, 2)) > np.median(X.sum(axis=(1, 2)))).astype(np.float32)

with tf.Session(graph=g) as sess:
    if os.path.exists('sentiment.ckpt.index'):
        saver.restore(sess, './sentiment.ckpt')
        for ii in range(0, len(X), batch_size):
            pred = sess.run(y_proba, feed_dict={tf_x: X[ii:ii + batch_size], tf_keepprob: 1.0})
            print('predicted', pred)
    else:
        sess.run(tf.global_variables_initializer())
        for epoch in range(6):
            total = 0.0
            for ii in range(0, len(X), batch_size):
                loss, _ = sess.run(
                    [cost, train_op],
                    feed_dict={tf_x: X[ii:ii + batch_size], tf_y: y[ii:ii + batch_size], tf_keepprob: 0.8})
                total += loss
            print('Epoch: %d Train loss: %.5f' % (epoch + 1, total / 4))
        saver.save(sess, './sentiment.ckpt')
