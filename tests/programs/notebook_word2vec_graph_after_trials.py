# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import collections
import math

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
words = ["w%d" % i for i in rng.randint(0, 40, 2000)]
count = [["UNK", -1]] + collections.Counter(words).most_common(29)
dictionary = {word: i for i, (word, _) in enumerate(count)}
data = [dictionary.get(word, 0) for word in words]
reverse_dictionary = {i: word for word, i in dictionary.items()}
data_index = 0


def generate_batch(batch_size, skip_window):
    global data_index
    batch = np.ndarray(shape=(batch_size,), dtype=np.int32)
    labels = np.ndarray(shape=(batch_size, 1), dtype=np.int32)
    for i in range(batch_size // 2):
        centre = data_index + skip_window
        batch[2 * i] = batch[2 * i + 1] = data[centre]
        labels[2 * i, 0] = data[centre - 1]
        labels[2 * i + 1, 0] = data[centre + 1]
        data_index = (data_index + 1) % (len(data) - 2 * skip_window)
    return batch, labels


# In[ ]: trying the lookup on constants first

table = rng.rand(4, 10)
train_inputs = tf.constant([[1, 2], [0, 1], [1, 3]])
embeddings = tf.constant(table)
embed = tf.nn.embedding_lookup(embeddings, train_inputs)
with tf.Session() as sess:
    embed_val = sess.run([embed])[0]
    print(embed_val.shape, embed_val.sum())

m = tf.constant([[3, 1, 2], [0, 1, 0], [1, 1, 3]])
best = tf.nn.top_k(m, 2)[1]
with tf.Session() as sess:
    print(sess.run(best))

# In[ ]: the model, in a graph of its own

batch_size = 16
embedding_size = 8
vocabulary_size = 30
valid_examples = np.array([1, 2, 3, 4])

graph = tf.Graph()
with graph.as_default():
    train_inputs = tf.placeholder(tf.int32, shape=[batch_size])
    train_labels = tf.placeholder(tf.int32, shape=[batch_size, 1])
    embeddings = tf.Variable(tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0, seed=1))
    embed = tf.nn.embedding_lookup(embeddings, train_inputs)
    softmax_weights = tf.Variable(
        tf.truncated_normal([embedding_size, vocabulary_size], stddev=1.0 / math.sqrt(embedding_size), seed=2)
    )
    softmax_biases = tf.Variable(tf.zeros([vocabulary_size]))
    logits = tf.matmul(embed, softmax_weights) + softmax_biases
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(train_labels, [-1]), logits=logits)
    )
    optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keep_dims=True))
    normalized_embeddings = embeddings / norm
    valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_examples)
    similarity = tf.matmul(valid_embeddings, normalized_embeddings, transpose_b=True)
    top_k = tf.nn.top_k(similarity, 3)[1]
    init = tf.global_variables_initializer()

with tf.Session(graph=graph) as session:
    session.run(init)
    average_loss = 0
    for step in range(60):
        batch_inputs, batch_labels = generate_batch(batch_size, 1)
        _, loss_val = session.run([optimizer, loss], feed_dict={train_inputs: batch_inputs, train_labels: batch_labels})
        average_loss += loss_val
        if (step + 1) % 20 == 0:
            print("average loss at step", step + 1, average_loss / 20)
            average_loss = 0
    for i, nearest in zip(valid_examples, top_k.eval()):
        print(reverse_dictionary[i], [reverse_dictionary[j] for j in nearest])
    final_embeddings = normalized_embeddings.eval()
    print(final_embeddings.shape, final_embeddings[0])
