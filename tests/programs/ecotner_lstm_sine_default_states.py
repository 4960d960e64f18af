# Source: ecotner/machine-learning-algos Supervised/RNN_practice2.py (commit 3733dab; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: seeded (tf.set_random_seed(4), numpy seed 0) so TF1's numbers can be compared; backprop_len 10 -> 5, LSTM
# width 25 -> 6, dense width 20 -> 5, batch 20 -> 4, sequence 100 windows -> 4, 50 epochs -> 3, the prediction run on
# 2 windows; matplotlib left out (the plotted lists still built), log10(loss) printed as in the original.
import numpy as np
import tensorflow as tf

backprop_len = 5
LSTM_width = 6
dense_width = 5
batch_size = 4
seq_len = 4 * backprop_len

LEARNING_RATE = 1e-2
MAX_EPOCHS = 3


def generateData(batch_size, seq_len, period=10):
    """Sine waves of random phase and the same waves one step ahead."""
    random_phase = 2 * np.pi * np.random.rand(batch_size, 1)
    x = np.sin((2 * np.pi / period) * np.tile(np.arange(seq_len + 1), (batch_size, 1)) + random_phase)
    y = np.roll(x, -1, axis=-1)
    y = y[:, :-1]
    x = x[:, :-1]
    return x, y


np.random.seed(0)
tf.reset_default_graph()
tf.set_random_seed(4)

X = tf.placeholder(dtype=tf.float32, shape=[None, backprop_len])
labels = tf.placeholder(dtype=tf.float32, shape=[None, backprop_len])
s0 = tf.placeholder_with_default(tf.zeros([tf.shape(X)[0], LSTM_width]), [X.shape[0], LSTM_width], name="init_state")
h0 = tf.placeholder_with_default(tf.zeros([tf.shape(X)[0], LSTM_width]), [X.shape[0], LSTM_width], name="init_state")

Ui = tf.Variable(tf.random_normal([1, LSTM_width]))
Wi = tf.Variable(tf.random_normal([LSTM_width, LSTM_width]))
bi = tf.Variable(tf.ones([LSTM_width]))

Uf = tf.Variable(tf.random_normal([1, LSTM_width]))
Wf = tf.Variable(tf.random_normal([LSTM_width, LSTM_width]))
bf = tf.Variable(tf.ones([LSTM_width]))

Uo = tf.Variable(tf.random_normal([1, LSTM_width]))
Wo = tf.Variable(tf.random_normal([LSTM_width, LSTM_width]))
bo = tf.Variable(tf.ones([LSTM_width]))

Us = tf.Variable(tf.random_normal([1, LSTM_width]))
Ws = tf.Variable(tf.random_normal([LSTM_width, LSTM_width]))
bs = tf.Variable(tf.ones([LSTM_width]))

s, h = s0, h0
LSTM_output_list = []
for t in range(backprop_len):
    i = tf.sigmoid(tf.matmul(tf.slice(X, [0, t], [-1, 1]), Ui) + tf.matmul(h, Wi) + bi)
    f = tf.sigmoid(tf.matmul(tf.slice(X, [0, t], [-1, 1]), Uf) + tf.matmul(h, Wf) + bf)
    o = tf.sigmoid(tf.matmul(tf.slice(X, [0, t], [-1, 1]), Uo) + tf.matmul(h, Wo) + bo)
    s = f * s + i * tf.sigmoid(tf.matmul(tf.slice(X, [0, t], [-1, 1]), Us) + tf.matmul(h, Ws) + bs)
    h = o * tf.tanh(s)
    LSTM_output_list.append(h)

W2 = tf.Variable(tf.random_normal([LSTM_width, dense_width]))
b2 = tf.Variable(tf.zeros([dense_width]))
A2_list = [tf.nn.relu(tf.add(tf.matmul(h, W2), b2)) for h in LSTM_output_list]

W3 = tf.Variable(tf.random_normal([dense_width, 1]))
b3 = tf.Variable(tf.zeros([1]))
Y_list = [tf.add(tf.matmul(A2, W3), b3) for A2 in A2_list]

Y = tf.concat(Y_list, axis=-1)
losses = tf.square(Y - labels)
loss = tf.reduce_mean(losses)

lr = tf.placeholder(dtype=tf.float32, shape=[])
optimizer = tf.train.AdamOptimizer(lr)
train_op = optimizer.minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    global_step_list = []
    loss_list = []

    global_step = 0
    for epoch in range(MAX_EPOCHS):
        x, y = generateData(batch_size, seq_len)
        s_, h_ = np.zeros([batch_size, LSTM_width]), np.zeros([batch_size, LSTM_width])

        for b in range(seq_len // backprop_len):
            start_idx = b * backprop_len
            end_idx = start_idx + backprop_len
            feed_dict = {X: x[:, start_idx:end_idx], labels: y[:, start_idx:end_idx], s0: s_, h0: h_, lr: LEARNING_RATE}
            loss_, s_, h_, _ = sess.run([loss, s, h, train_op], feed_dict=feed_dict)

            print("Epoch: {}, batch: {}/{}, log10(loss): {}".format(epoch + 1, b + 1, seq_len // backprop_len, np.log10(loss_)))

            if global_step % 10 == 0:
                global_step_list.append(global_step)
                loss_list.append(loss_)

            global_step += 1

    seq_len = 2 * backprop_len
    x, y = generateData(1, seq_len)
    s_, h_ = np.zeros([1, LSTM_width]), np.zeros([1, LSTM_width])
    predictions_list = []

    for b in range(seq_len // backprop_len):
        start_idx = b * backprop_len
        end_idx = start_idx + backprop_len
        feed_dict = {X: x[:, start_idx:end_idx], s0: s_, h0: h_}
        predictions, s_, h_ = sess.run([Y_list, s, h], feed_dict=feed_dict)
        for p in predictions:
            predictions_list.append(float(p.squeeze()))

    print("predictions:", np.round(predictions_list, 4))
