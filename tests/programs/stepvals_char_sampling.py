# Source: tfmigrate (own code) in the shape of the TF1 char-rnn samplers (tf.multinomial per generated character)
# Adapted: a bigram embedding model stands in for the RNN, synthetic text; no source text copied
#
# Next-character sampling with tf.multinomial, written for tfmigrate in the shape of the TF1 char-rnn samplers
# (`sample = tf.multinomial(logits / temperature, 1)` run once per generated character, the drawn id fed back as
# the next input); a bigram softmax model stands in for the RNN. Synthetic text, no source text copied.
import numpy as np
import tensorflow as tf

tf.set_random_seed(21)
text = "the quick brown fox jumps over the lazy dog and the cat " * 6
chars = sorted(set(text))
vocab = len(chars)
ids = np.array([chars.index(c) for c in text], dtype=np.int32)

inputs = tf.placeholder(tf.int32, [None])
targets = tf.placeholder(tf.int32, [None])
temperature = tf.placeholder(tf.float32, [])
embedding = tf.Variable(tf.random_uniform([vocab, vocab], -0.1, 0.1))
logits = tf.nn.embedding_lookup(embedding, inputs)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits))
train_op = tf.train.GradientDescentOptimizer(5.0).minimize(loss)
sample = tf.multinomial(logits / temperature, 1)
greedy = tf.argmax(logits, 1)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(40):
        _, l = sess.run([train_op, loss], feed_dict={inputs: ids[:-1], targets: ids[1:]})
        if step % 10 == 0:
            print("step", step, "loss", l)
    current = chars.index("t")
    drawn = []
    for _ in range(30):
        next_id = sess.run(sample, feed_dict={inputs: [current], temperature: 0.8})
        current = int(next_id[0, 0])
        drawn.append(current)
    print("sampled ids", drawn)
    print("greedy after t", sess.run(greedy, feed_dict={inputs: [chars.index("t")]}))
