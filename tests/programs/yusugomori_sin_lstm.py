# Source: yusugomori/deeplearning-tensorflow-keras 5/tensorflow/01_01_sin_lstm_tensorflow.py (commit 34eb2eb; no
# licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: n_batch = tf.placeholder(tf.int32) -> shape=[] (TF 2.21's zero_state needs a scalar); sklearn's train_test_split
# and shuffle -> numpy permutations; sequences of 25 -> 20, hidden 20 -> 8, 500 epochs -> 3; the prediction loop
# runs 5 steps (batch 1) and prints them instead of plotting.
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

    cell = tf.nn.rnn_cell.LSTMCell(n_hidden, forget_bias=1.0)
    initial_state = cell.zero_state(n_batch, tf.float32)

    state = initial_state
    outputs = []  # every step's hidden output
    with tf.variable_scope("LSTM"):
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


class EarlyStopping:
    def __init__(self, patience=0, verbose=0):
        self._step = 0
        self._loss = float("inf")
        self.patience = patience
        self.verbose = verbose

    def validate(self, loss):
        if self._loss < loss:
            self._step += 1
            if self._step > self.patience:
                if self.verbose:
                    print("early stopping")
                return True
        else:
            self._step = 0
            self._loss = loss
        return False


if __name__ == "__main__":

    def sin(x, T=100):
        return np.sin(2.0 * np.pi * x / T)

    def toy_problem(T=100, ampl=0.05):
        x = np.arange(0, 2 * T + 1)
        noise = ampl * np.random.uniform(low=-1.0, high=1.0, size=len(x))
        return sin(x) + noise

    T = 50
    f = toy_problem(T)

    length_of_sequences = 2 * T
    maxlen = 20

    data = []
    target = []
    for i in range(0, length_of_sequences - maxlen + 1):
        data.append(f[i : i + maxlen])
        target.append(f[i + maxlen])

    X = np.array(data).reshape(len(data), maxlen, 1)
    Y = np.array(target).reshape(len(data), 1)

    N_train = int(len(data) * 0.9)
    N_validation = len(data) - N_train
    order = np.random.permutation(len(data))
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

    early_stopping = EarlyStopping(patience=10, verbose=1)
    history = {"val_loss": []}

    epochs = 3
    batch_size = 10

    init = tf.global_variables_initializer()
    sess = tf.Session()
    sess.run(init)

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

        if early_stopping.validate(val_loss):
            break

    Z = X[:1]
    predicted = []
    for i in range(5):
        z_ = Z[-1:]
        y_ = y.eval(session=sess, feed_dict={x: Z[-1:], n_batch: 1})
        sequence_ = np.concatenate((z_.reshape(maxlen, n_in)[1:], y_), axis=0).reshape(1, maxlen, n_in)
        Z = np.append(Z, sequence_, axis=0)
        predicted.append(y_.reshape(-1))
    print("predicted:", np.array(predicted).reshape(-1))
