# Source: yusugomori/deeplearning-tensorflow-keras 5/tensorflow/05_adding_problem_gru_tensorflow.py (commit 34eb2eb;
# no licence file in the stored copy), with the Saver of the book's appendix/1/tensorflow/02_save_model_tensorflow.py
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: sklearn's train_test_split and shuffle -> numpy permutations; 10000 sequences of 200 -> 120 of 20,
# hidden 100 -> 8, 300 epochs -> 2; a tf.train.Saver saves the model after training, and a run that finds the
# checkpoint restores it first (so a second run resumes); the plot left out (the history printed instead).
import os

import numpy as np
import tensorflow as tf

np.random.seed(0)
tf.set_random_seed(1234)


def inference(x, n_batch, maxlen=None, n_hidden=None, n_out=None):
    def weight_variable(shape):
        initial = tf.truncated_normal(shape, stddev=0.01)
        return tf.Variable(initial)

    def bias_variable(shape):
        initial = tf.zeros(shape, dtype=tf.float32)
        return tf.Variable(initial)

    cell = tf.nn.rnn_cell.GRUCell(n_hidden)
    initial_state = cell.zero_state(n_batch, tf.float32)

    state = initial_state
    outputs = []
    with tf.variable_scope("GRU"):
        for t in range(maxlen):
            if t > 0:
                tf.get_variable_scope().reuse_variables()
            (cell_output, state) = cell(x[:, t, :], state)
            outputs.append(cell_output)

    output = outputs[-1]

    V = weight_variable([n_hidden, n_out])
    c = bias_variable([n_out])
    y = tf.matmul(output, V) + c

    return y


def loss(y, t):
    mse = tf.reduce_mean(tf.square(y - t))
    return mse


def training(loss):
    optimizer = tf.train.AdamOptimizer(learning_rate=0.001, beta1=0.9, beta2=0.999)

    train_step = optimizer.minimize(loss)
    return train_step


if __name__ == "__main__":

    def mask(T=200):
        mask = np.zeros(T)
        indices = np.random.permutation(np.arange(T))[:2]
        mask[indices] = 1
        return mask

    def toy_problem(N=10, T=200):
        signals = np.random.uniform(low=0.0, high=1.0, size=(N, T))
        masks = np.zeros((N, T))
        for i in range(N):
            masks[i] = mask(T)

        data = np.zeros((N, T, 2))
        data[:, :, 0] = signals[:]
        data[:, :, 1] = masks[:]
        target = (signals * masks).sum(axis=1).reshape(N, 1)
        return (data, target)

    N = 120
    T = 20
    maxlen = T

    X, Y = toy_problem(N=N, T=T)

    N_train = int(N * 0.9)
    N_validation = N - N_train
    order = np.random.permutation(N)
    X_train, Y_train = X[order[:N_train]], Y[order[:N_train]]
    X_validation, Y_validation = X[order[N_train:]], Y[order[N_train:]]

    n_in = len(X[0][0])
    n_hidden = 8
    n_out = len(Y[0])

    x = tf.placeholder(tf.float32, shape=[None, maxlen, n_in])
    t = tf.placeholder(tf.float32, shape=[None, n_out])
    n_batch = tf.placeholder(tf.int32, shape=[])

    y = inference(x, n_batch, maxlen=maxlen, n_hidden=n_hidden, n_out=n_out)
    loss = loss(y, t)
    train_step = training(loss)

    history = {"val_loss": []}

    epochs = 2
    batch_size = 12

    init = tf.global_variables_initializer()
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(init)
    if os.path.exists("gru_model/checkpoint"):
        saver.restore(sess, "gru_model/model.ckpt")
        print("restored:", loss.eval(session=sess, feed_dict={x: X_validation, t: Y_validation, n_batch: N_validation}))

    n_batches = N_train // batch_size

    for epoch in range(epochs):
        shuffled = np.random.permutation(N_train)
        X_, Y_ = X_train[shuffled], Y_train[shuffled]

        for i in range(n_batches):
            start = i * batch_size
            end = start + batch_size
            sess.run(train_step, feed_dict={x: X_[start:end], t: Y_[start:end], n_batch: batch_size})

        val_loss = loss.eval(session=sess, feed_dict={x: X_validation, t: Y_validation, n_batch: N_validation})

        history["val_loss"].append(val_loss)
        print("epoch:", epoch, " validation loss:", val_loss)

    saver.save(sess, "gru_model/model.ckpt")
    loss = history["val_loss"]
    print("history:", loss)
