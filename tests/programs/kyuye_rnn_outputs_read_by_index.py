# Source: Kyuye/Tensorflow-code sources/seq2seq/seq2seq_by_rnn.py (commit 4f58072; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: a reduced shape of the original's loop: each step's output appended to a list and read back by index in the same pass (`out[i]`) to make the step's prediction, half of it added to the next state; the constant input and label sequences as two placeholders of all steps (`x[i]`, `y[i]`) fed from seeded numpy data; the weights drawn directly (no lambdas); tf.set_random_seed(1) added; sizes 10/5/10 -> 3/4/2, 7 steps -> 4; 1000 steps -> 30, the loss printed every 10; the TensorBoard FileWriter left out.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
output_size = 2
input_size = 3
state_size = 4
time_step = 4

init_state = tf.zeros([1, state_size])
input_data = tf.placeholder(tf.float32, [time_step, 1, input_size])
label = tf.placeholder(tf.float32, [time_step, 1, output_size])

Wi = tf.Variable(tf.truncated_normal(shape=(input_size, state_size)))
Ws = tf.Variable(tf.truncated_normal(shape=(state_size, state_size), stddev=0.5))
bs = tf.Variable(tf.zeros(shape=(state_size,)))
Wo = [tf.Variable(tf.truncated_normal(shape=(state_size, output_size))) for _ in range(time_step)]

state = init_state
out = []
pred = []
for i in range(time_step):
    linear = tf.matmul(input_data[i], Wi) + tf.matmul(state, Ws) + bs
    state = tf.matmul(state, Ws) + 0.5 * tf.nn.tanh(linear)
    out.append(tf.nn.tanh(linear))
    pred.append(tf.matmul(out[i], Wo[i]))

loss = 0
for i in range(time_step):
    loss += tf.losses.mean_squared_error(label[i], pred[i])

train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)

rng = np.random.RandomState(0)
xs = rng.rand(time_step, 1, input_size).astype(np.float32)
ys = rng.rand(time_step, 1, output_size).astype(np.float32)
feed = {input_data: xs, label: ys}

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, _loss = sess.run([train, loss], feed_dict=feed)
        if step % 10 == 0:
            print("loss: ", _loss)
    print("predictions")
    for j in range(time_step):
        print(sess.run(pred[j], feed_dict=feed))
