# Source: solaris33/deep-learning-tensorflow-book-code Ch08-RNN/8.4-embedding_example.py (commit e59425a; no licence
# file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.set_random_seed(1) added; the Korean comments and headings -> English.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)

vocab_size = 100
embedding_size = 25

inputs = tf.placeholder(tf.int32, shape=[None])
embedding = tf.Variable(tf.random_normal([vocab_size, embedding_size]), dtype=tf.float32)
embedded_inputs = tf.nn.embedding_lookup(embedding, inputs)

sess = tf.Session()
sess.run(tf.global_variables_initializer())

input_data = np.array([7])
print("one-hot input:")
print(sess.run(tf.one_hot(input_data, vocab_size)))
print(tf.one_hot(input_data, vocab_size).shape)
print("embedded:")
print(sess.run([embedded_inputs], feed_dict={inputs: input_data}))
print(sess.run([embedded_inputs], feed_dict={inputs: input_data})[0].shape)

input_data = np.array([7, 11, 67, 42, 21])
print("one-hot input:")
print(sess.run(tf.one_hot(input_data, vocab_size)))
print(tf.one_hot(input_data, vocab_size).shape)
print("embedded:")
print(sess.run([embedded_inputs], feed_dict={inputs: input_data}))
print(sess.run([embedded_inputs], feed_dict={inputs: input_data})[0].shape)
