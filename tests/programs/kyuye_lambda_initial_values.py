# Source: Kyuye/Tensorflow-code sources/seq2seq/seq2seq_by_rnn.py @4f58072 (no licence file in the stored copy; written in the program's shape, no source text copied): a hand-unrolled RNN over constant sequences whose weights take their initial values from lambdas, the output weights built in a list comprehension.
# Adapted: the output of each step computed in one statement (the original reads it back from the list it fills); sizes 6/4/6, 5 steps; 40 training steps (unseeded, as the original).
import tensorflow as tf

output_size = 6
input_size = 6
state_size = 4
time_step = 5

init_state = tf.constant([[0.0] * state_size], tf.float32)
input_data = [tf.constant([list(range(input_size))], tf.float32) for i in range(time_step)]
label = [tf.constant([list(range(1, output_size + 1))], tf.float32) for i in range(time_step)]

init_val = lambda x, y: tf.truncated_normal(shape=(x, y), stddev=0.3)
init_zeros = lambda x: tf.zeros(shape=(x,), dtype=tf.float32)
Wi = tf.Variable(init_val(input_size, state_size))
Ws = tf.Variable(init_val(state_size, state_size))
bs = tf.Variable(init_zeros(state_size))
Wo = [tf.Variable(init_val(state_size, output_size)) for _ in range(time_step)]

loss = 0
state = init_state
for i in range(time_step):
    state = tf.nn.tanh(tf.matmul(input_data[i], Wi) + tf.matmul(state, Ws) + bs)
    loss += tf.losses.mean_squared_error(label[i], tf.matmul(state, Wo[i]))

train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    for i in range(40):
        _, _loss = sess.run([train, loss])
        if i % 10 == 0:
            print("loss: ", _loss)
    print(sess.run(Wo[2]))
