# Source: golbin/TensorFlow-Tutorials "10 - RNN/02 - Autocomplete.py" (commit bc9bd60; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: hidden 128 -> 32; the comments translated and shortened; the Korean result labels in English.
import tensorflow as tf
import numpy as np

letters = [chr(ord("a") + k) for k in range(26)]
index_of = {c: k for k, c in enumerate(letters)}
n_letters = len(index_of)
words = ["word", "wood", "deep", "dive", "cold", "cool", "load", "love", "kiss", "kind"]


def make_batch(words):
    # three one-hot letters in, the index of the fourth out
    inputs, targets = [], []
    for word in words:
        inputs.append(np.eye(n_letters)[[index_of[c] for c in word[:-1]]])
        targets.append(index_of[word[-1]])
    return inputs, targets


learning_rate = 0.01
n_hidden = 32
total_epoch = 30
n_step = 3
n_input = n_class = n_letters

X = tf.placeholder(tf.float32, [None, n_step, n_input])
Y = tf.placeholder(tf.int32, [None])
keep_prob = tf.placeholder(tf.float32, [])  # dropout of the first cell, fed

W = tf.Variable(tf.random_normal([n_hidden, n_class]))
b = tf.Variable(tf.random_normal([n_class]))

# two stacked LSTM cells, the first one's output dropped with the fed keep probability
cell1 = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
cell1 = tf.nn.rnn_cell.DropoutWrapper(cell1, output_keep_prob=keep_prob)
cell2 = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
multi_cell = tf.nn.rnn_cell.MultiRNNCell([cell1, cell2])
outputs, states = tf.nn.dynamic_rnn(multi_cell, X, dtype=tf.float32)

# the last time step into the output layer
outputs = tf.transpose(outputs, [1, 0, 2])
outputs = outputs[-1]
model = tf.matmul(outputs, W) + b
cost = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
input_batch, target_batch = make_batch(words)
for epoch in range(total_epoch):
    _, loss = sess.run([optimizer, cost], feed_dict={X: input_batch, Y: target_batch, keep_prob: 0.5})
    print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.6f}".format(loss))
print("Optimization done")

# evaluation: every cell kept (keep_prob 1)
prediction = tf.cast(tf.argmax(model, 1), tf.int32)
prediction_check = tf.equal(prediction, Y)
accuracy = tf.reduce_mean(tf.cast(prediction_check, tf.float32))
input_batch, target_batch = make_batch(words)
predict, accuracy_val = sess.run([prediction, accuracy], feed_dict={X: input_batch, Y: target_batch, keep_prob: 1})
predicted = [word[:3] + letters[predict[k]] for k, word in enumerate(words)]
print("\n=== prediction ===")
print("input:", [w[:3] + " " for w in words])
print("predicted:", predicted)
print("accuracy:", accuracy_val)
