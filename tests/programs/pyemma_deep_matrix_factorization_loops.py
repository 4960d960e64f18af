# Source: pyemma/tensorflow DMF_play.py with deep_matrix_factorization.py and matrix_factorization.py (commit cf3f5f3;
# no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the two model classes written in the file above the script (its plain half alone, which comes out
# session-free, in pyemma_matrix_factorization_loop.py); the MovieLens ratings CSV -> 400 synthetic (user, movie,
# rating) rows (numpy seed 0), movie ids re-indexed as the script does; 700 users / 10000 movies -> 20 / 40, embedding
# and latent size 32 -> 4, hidden layers [128, 64] -> [8, 4]; 10 trials -> 2 per model, 2000 steps of 500 -> 150 of
# 40, the batch loss printed every 50 steps (verbose) and each trial's test loss printed; tf.set_random_seed(0) after
# each reset so that the runs compare number for number.
import math

import numpy as np
import tensorflow as tf


class DeepMatrixFactorization(object):
    """User and item embeddings, concatenated, through a stack of ReLU layers to one rating, fitted with RMSProp."""

    def __init__(self, num_user, num_item, embedding_dim, hidden_dims, verbose=False):
        self.num_user = num_user
        self.num_item = num_item
        self.embedding_dim = embedding_dim
        self.hidden_dims = hidden_dims
        self.verbose = verbose
        self._init_network()
        self.session = tf.InteractiveSession()
        self.session.run(tf.global_variables_initializer())

    def _init_network(self):
        tf.reset_default_graph()
        tf.set_random_seed(0)
        self.user = tf.placeholder(tf.int32, shape=[None], name='user_id')
        self.item = tf.placeholder(tf.int32, shape=[None], name='item_id')
        self.label = tf.placeholder(tf.float32, shape=[None], name='label')
        with tf.variable_scope('embeddings'):
            self.user_embeddings = tf.get_variable('user_embeddings', [self.num_user, self.embedding_dim],
                                                   initializer=tf.truncated_normal_initializer)
            self.item_embeddings = tf.get_variable('item_embeddings', [self.num_item, self.embedding_dim],
                                                   initializer=tf.truncated_normal_initializer)
        joined = tf.concat([tf.gather(self.user_embeddings, self.user), tf.gather(self.item_embeddings, self.item)], 1)
        width = self.embedding_dim * 2
        layer = joined
        for idx, hidden_dim in enumerate(self.hidden_dims):
            with tf.variable_scope('layer%d' % (idx + 1)):
                W = tf.get_variable('W%d' % (idx + 1), [width, hidden_dim], initializer=tf.truncated_normal_initializer)
                b = tf.get_variable('b%d' % (idx + 1), [hidden_dim], initializer=tf.constant_initializer(0.1))
                layer = tf.nn.relu(tf.matmul(layer, W) + b)
                width = hidden_dim
        with tf.variable_scope('out_layer'):
            W = tf.get_variable('W_out', [width, 1], initializer=tf.truncated_normal_initializer)
            b = tf.get_variable('b_out', [1], initializer=tf.constant_initializer(0.1))
            self.out = tf.matmul(layer, W) + b
        self.loss = tf.reduce_mean(tf.squared_difference(self.label, self.out))
        self.train = tf.train.RMSPropOptimizer(1e-2).minimize(self.loss)

    def learn(self, user_ids, item_ids, values, num_training_step, batch_size):
        count = user_ids.shape[0]
        for step in range(num_training_step):
            rows = np.random.choice(count, batch_size)
            feed = {self.user: user_ids[rows].astype(int), self.item: item_ids[rows].astype(int),
                    self.label: values[rows]}
            self.session.run(self.train, feed_dict=feed)
            if self.verbose and step % 50 == 0:
                print(self.session.run(self.loss, feed_dict=feed))

    def test(self, user_ids, item_ids, values):
        return self.session.run(self.loss, feed_dict={self.user: user_ids, self.item: item_ids, self.label: values})


class MatrixFactorization(object):
    """Ratings as the dot product of a user's and an item's latent vector, fitted with RMSProp."""

    def __init__(self, num_user, num_item, latent_vector_dim, verbose=False):
        self.num_user = num_user
        self.num_item = num_item
        self.latent_vector_dim = latent_vector_dim
        self.verbose = verbose
        self._init_graph()
        self.session = tf.InteractiveSession()
        self.session.run(tf.global_variables_initializer())

    def _init_graph(self):
        tf.reset_default_graph()
        tf.set_random_seed(0)
        self.user = tf.placeholder(tf.int32, shape=[None], name='user_id')
        self.item = tf.placeholder(tf.int32, shape=[None], name='item_id')
        self.label = tf.placeholder(tf.float32, shape=[None], name='label')
        with tf.variable_scope('latent_vectors'):
            users = tf.get_variable('user_latent_vector', [self.num_user, self.latent_vector_dim],
                                    initializer=tf.truncated_normal_initializer)
            items = tf.get_variable('item_latent_vector', [self.num_item, self.latent_vector_dim],
                                    initializer=tf.truncated_normal_initializer)
        picked_users = tf.gather(users, self.user)
        picked_items = tf.gather(items, self.item)
        self.out = tf.reduce_sum(tf.multiply(picked_users, picked_items), 1)
        self.loss = tf.reduce_mean(tf.squared_difference(self.out, self.label))
        self.train = tf.train.RMSPropOptimizer(1e-2).minimize(self.loss)

    def learn(self, user_ids, item_ids, values, num_training_step, batch_size):
        count = user_ids.shape[0]
        for step in range(num_training_step):
            rows = np.random.choice(count, batch_size)
            feed = {self.user: user_ids[rows].astype(int), self.item: item_ids[rows].astype(int),
                    self.label: values[rows]}
            self.session.run(self.train, feed_dict=feed)
            if self.verbose and step % 50 == 0:
                print(self.session.run(self.loss, feed_dict=feed))

    def test(self, user_ids, item_ids, values):
        return self.session.run(self.loss, feed_dict={self.user: user_ids, self.item: item_ids, self.label: values})


def preprocess():
    rng = np.random.RandomState(0)
    user_ids = rng.randint(0, 20, 400)
    movie_ids = rng.choice(np.arange(1000, 1400, 10), 400)
    ratings = rng.randint(1, 11, 400) / 2.0
    reindex = {}
    for movie_id in movie_ids:
        if movie_id not in reindex:
            reindex[movie_id] = len(reindex)
    rows = [np.array([u, reindex[m], r]) for u, m, r in zip(user_ids, movie_ids, ratings)]
    return np.array(rows)


NUM_MOVIE = 40
NUM_USER = 20
NUM_TEST = 2
EMBEDDING_DIM = 4
HIDDEN_DIM = [8, 4]

np.random.seed(0)
data = preprocess()
num_data = data.shape[0]
num_training = math.ceil(num_data * 0.8)
order = np.arange(num_data)
np.random.shuffle(order)
training = data[order[:num_training], :]
testing = data[order[num_training:], :]

best_score = math.inf
for _ in range(NUM_TEST):
    dmf = DeepMatrixFactorization(NUM_USER, NUM_MOVIE, EMBEDDING_DIM, HIDDEN_DIM, verbose=True)
    dmf.learn(training[:, 0], training[:, 1], training[:, 2], 150, 40)
    score = dmf.test(testing[:, 0], testing[:, 1], testing[:, 2])
    print("test loss %f" % score)
    if best_score > score:
        best_score = score
print("Best score for deep matrix factorization is %f" % best_score)

best_score = math.inf
for _ in range(NUM_TEST):
    mf = MatrixFactorization(NUM_USER, NUM_MOVIE, EMBEDDING_DIM, verbose=True)
    mf.learn(training[:, 0], training[:, 1], training[:, 2], 150, 40)
    score = mf.test(testing[:, 0], testing[:, 1], testing[:, 2])
    print("test loss %f" % score)
    if best_score > score:
        best_score = score
print("Best score for matrix factorization is %f" % best_score)
