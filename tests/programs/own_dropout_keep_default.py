# Source: tfmigrate (written for this project), in the shape of public TF1 programs whose dropout keep probability
# is tf.placeholder_with_default(1.0, shape=()), fed only by the training runs.
# Adapted: own code (no source text copied); seeded with tf.set_random_seed(3); synthetic data (96 rows of 8 features,
# 4 classes, numpy seed 2), two dropout layers sharing the keep probability, 90 minibatch steps of plain gradient
# descent, an evaluation (keep probability left at its default) every 30 steps and after training.
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(2)
features = rng.rand(96, 8).astype(np.float32)
classes = (features[:, :4].argmax(axis=1) + (features[:, 4] > 0.5)) % 4
targets = np.eye(4, dtype=np.float32)[classes]

X = tf.placeholder(tf.float32, [None, 8])
Y = tf.placeholder(tf.float32, [None, 4])
keep_prob = tf.placeholder_with_default(1.0, shape=())

W1 = tf.Variable(tf.random_normal([8, 24], stddev=0.3))
b1 = tf.Variable(tf.zeros([24]))
L1 = tf.nn.dropout(tf.nn.relu(tf.matmul(X, W1) + b1), keep_prob=keep_prob)
W2 = tf.Variable(tf.random_normal([24, 24], stddev=0.3))
b2 = tf.Variable(tf.zeros([24]))
L2 = tf.nn.dropout(tf.nn.relu(tf.matmul(L1, W2) + b2), keep_prob=keep_prob)
W3 = tf.Variable(tf.random_normal([24, 4], stddev=0.3))
b3 = tf.Variable(tf.zeros([4]))
logits = tf.matmul(L2, W3) + b3

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.3).minimize(cost)
is_correct = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(90):
        start = (step * 24) % 96
        _, cost_val = sess.run([optimizer, cost], feed_dict={X: features[start:start + 24], Y: targets[start:start + 24], keep_prob: 0.7})
        if step % 30 == 0:
            acc = sess.run(accuracy, feed_dict={X: features, Y: targets})
            print("step:", step, "cost =", "{:.6f}".format(cost_val), "accuracy:", acc)
    print("accuracy:", sess.run(accuracy, feed_dict={X: features, Y: targets}))
    print("cost:", sess.run(cost, feed_dict={X: features, Y: targets}))
