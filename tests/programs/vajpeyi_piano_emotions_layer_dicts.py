# Source: avivajpeyi/PianoEmotions trainMusicNN.py @0a3cd25 (sentdex's tutorial network; no licence file in the stored
# copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the pickled note counts (notesData.pickle) -> 240 rows of 128 note counts drawn by a seeded numpy generator,
# labelled by which half of the keyboard sounds more; tf.set_random_seed(0) added; hidden layers 1500 -> 16, epochs
# 10 -> 4; the per-epoch saver.save the stored copy comments out is kept (each later epoch restores it) and the
# checkpoint is written beside the program, not at /; the tf.log epoch file is read, appended and removed as there;
# the unused test function and debug prints left out.
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
notes = rng.poisson(2.0, size=(240, 128)).astype(float)
labels = [[1, 0] if row[:64].sum() > row[64:].sum() else [0, 1] for row in notes]
train_x, train_y = list(notes[:200]), labels[:200]
test_x, test_y = list(notes[200:]), labels[200:]
tf.set_random_seed(0)

saveFile = "musicModel.ckpt"

n_nodes_hl1 = 16
n_nodes_hl2 = 16
n_nodes_hl3 = 16

n_classes = 2
batch_size = 50
hm_epochs = 4

input_data_size = len(train_x[0])
print("input data size:", input_data_size)

x = tf.placeholder('float')
y = tf.placeholder('float')

hidden_1_layer = {'f_fum': n_nodes_hl1,
                  'weight': tf.Variable(tf.random_normal([128, n_nodes_hl1])),
                  'bias': tf.Variable(tf.random_normal([n_nodes_hl1]))}
hidden_2_layer = {'f_fum': n_nodes_hl2,
                  'weight': tf.Variable(tf.random_normal([n_nodes_hl1, n_nodes_hl2])),
                  'bias': tf.Variable(tf.random_normal([n_nodes_hl2]))}
hidden_3_layer = {'f_fum': n_nodes_hl3,
                  'weight': tf.Variable(tf.random_normal([n_nodes_hl2, n_nodes_hl3])),
                  'bias': tf.Variable(tf.random_normal([n_nodes_hl3]))}
output_layer = {'f_fum': None,
                'weight': tf.Variable(tf.random_normal([n_nodes_hl3, n_classes])),
                'bias': tf.Variable(tf.random_normal([n_classes])), }


def neural_network_model(data):
    l1 = tf.nn.relu(tf.add(tf.matmul(data, hidden_1_layer['weight']), hidden_1_layer['bias']))
    l2 = tf.nn.relu(tf.add(tf.matmul(l1, hidden_2_layer['weight']), hidden_2_layer['bias']))
    l3 = tf.nn.relu(tf.add(tf.matmul(l2, hidden_3_layer['weight']), hidden_3_layer['bias']))
    return tf.matmul(l3, output_layer['weight']) + output_layer['bias']


saver = tf.train.Saver()
tf_log = 'tf.log'


def train_neural_network(x):
    prediction = neural_network_model(x)
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=prediction, labels=y))
    optimizer = tf.train.AdamOptimizer().minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        try:
            epoch = int(open(tf_log, 'r').read().split('\n')[-2]) + 1
            print('starting epoch:', epoch)
        except:
            epoch = 1
        batches_run = 0
        while epoch <= hm_epochs:
            if epoch != 1:
                saver.restore(sess, saveFile)
            epoch_loss = 1
            i = 0
            while i < len(train_x):
                batch_x = np.array(train_x[i:i + batch_size])
                batch_y = np.array(train_y[i:i + batch_size])
                _, c = sess.run([optimizer, cost], feed_dict={x: batch_x, y: batch_y})
                epoch_loss += c
                i += batch_size
                batches_run += 1
            saver.save(sess, saveFile)
            print('Epoch', epoch, 'completed out of', hm_epochs, 'loss:', epoch_loss)
            with open(tf_log, 'a') as f:
                f.write(str(epoch) + '\n')
            epoch += 1
        correct = tf.equal(tf.argmax(prediction, 1), tf.argmax(y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, 'float'))
        print('Trained', len(train_x), 'tested', len(test_x))
        print('Accuracy:', accuracy.eval({x: test_x, y: test_y}) * 100)


train_neural_network(x)
os.remove(tf_log)
print("removed", tf_log)
