# Source: Ghasak/PracticalMachineLeanring Projectfiles/P49_Training_Testing_OurData.py @4d44062 with its featureset
# module Projectfiles/create_sentiment_featuresets.py @26f7c40 (sentdex's tutorial; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the featureset module inlined above the training script (the stored copy stops before its return: ended as
# the tutorial does); nltk -> tests/data/host_libraries/nltk (a stand-in tokenizer and lemmatizer); pos.txt / neg.txt
# written by the harness (300 lines each) and read from the working directory; lexicon bounds 50 < n < 1000 kept;
# np.array of the ragged pairs given dtype=object (numpy 2); random.seed(0) and tf.set_random_seed(0) added; hidden
# layers 1500 -> 16.
import nltk
from nltk.tokenize import word_tokenize
import numpy as np
import random
from collections import Counter
from nltk.stem import WordNetLemmatizer
import tensorflow as tf

lemmatizer = WordNetLemmatizer()
hm_lines = 100000
random.seed(0)


def create_lexicon(pos, neg):
    lexicon = []
    for fi in [pos, neg]:
        with open(fi, 'r') as f:
            for line in f.readlines()[:hm_lines]:
                lexicon += list(word_tokenize(line.lower()))
    lexicon = [lemmatizer.lemmatize(i) for i in lexicon]
    counts = Counter(lexicon)
    kept = []
    for w in counts:
        if 1000 > counts[w] > 50:
            kept.append(w)
    return kept


def sample_handling(sample, lexicon, classification):
    featureset = []
    with open(sample, 'r') as f:
        for line in f.readlines()[:hm_lines]:
            words = [lemmatizer.lemmatize(i) for i in word_tokenize(line.lower())]
            features = np.zeros(len(lexicon))
            for word in words:
                if word.lower() in lexicon:
                    features[lexicon.index(word.lower())] += 1
            featureset.append([list(features), classification])
    return featureset


def create_feature_sets_and_labels(pos, neg, test_size=0.1):
    lexicon = create_lexicon(pos, neg)
    features = []
    features += sample_handling(pos, lexicon, [1, 0])
    features += sample_handling(neg, lexicon, [0, 1])
    random.shuffle(features)
    features = np.array(features, dtype=object)
    testing_size = int(test_size * len(features))
    train_x = list(features[:, 0][:-testing_size])
    train_y = list(features[:, 1][:-testing_size])
    test_x = list(features[:, 0][-testing_size:])
    test_y = list(features[:, 1][-testing_size:])
    return train_x, train_y, test_x, test_y


train_x, train_y, test_x, test_y = create_feature_sets_and_labels('pos.txt', 'neg.txt')
tf.set_random_seed(0)

n_nodes_hl1 = 16
n_nodes_hl2 = 16
n_nodes_hl3 = 16
n_classes = 2
batch_size = 100
hm_epochs = 10

x = tf.placeholder('float')
y = tf.placeholder('float')

hidden_1_layer = {'f_fum': n_nodes_hl1,
                  'weight': tf.Variable(tf.random_normal([len(train_x[0]), n_nodes_hl1])),
                  'bias': tf.Variable(tf.random_normal([n_nodes_hl1]))}
hidden_2_layer = {'f_fum': n_nodes_hl2,
                  'weight': tf.Variable(tf.random_normal([n_nodes_hl1, n_nodes_hl2])),
                  'bias': tf.Variable(tf.random_normal([n_nodes_hl2]))}
hidden_3_layer = {'f_fum': n_nodes_hl3,
                  'weight': tf.Variable(tf.random_normal([n_nodes_hl2, n_nodes_hl3])),
                  'bias': tf.Variable(tf.random_normal([n_nodes_hl3]))}
output_layer = {'f_fum': None,
                'weight': tf.Variable(tf.random_normal([n_nodes_hl3, n_classes])),
                'bias': tf.Variable(tf.random_normal([n_classes]))}


def neural_network_model(data):
    l1 = tf.nn.relu(tf.add(tf.matmul(data, hidden_1_layer['weight']), hidden_1_layer['bias']))
    l2 = tf.nn.relu(tf.add(tf.matmul(l1, hidden_2_layer['weight']), hidden_2_layer['bias']))
    l3 = tf.nn.relu(tf.add(tf.matmul(l2, hidden_3_layer['weight']), hidden_3_layer['bias']))
    return tf.matmul(l3, output_layer['weight']) + output_layer['bias']


def train_neural_network(x):
    prediction = neural_network_model(x)
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=prediction, labels=y))
    optimizer = tf.train.AdamOptimizer(learning_rate=0.001).minimize(cost)

    with tf.Session() as sess:
        sess.run(tf.initialize_all_variables())
        for epoch in range(hm_epochs):
            epoch_loss = 0
            i = 0
            while i < len(train_x):
                start = i
                end = i + batch_size
                batch_x = np.array(train_x[start:end])
                batch_y = np.array(train_y[start:end])
                _, c = sess.run([optimizer, cost], feed_dict={x: batch_x, y: batch_y})
                epoch_loss += c
                i += batch_size
            print('Epoch', epoch + 1, 'completed out of', hm_epochs, 'loss:', epoch_loss)
        correct = tf.equal(tf.argmax(prediction, 1), tf.argmax(y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, 'float'))
        print('Accuracy:', accuracy.eval({x: test_x, y: test_y}))


train_neural_network(x)
