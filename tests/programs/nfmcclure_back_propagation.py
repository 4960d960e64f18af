# Source: nfmcclure/tensorflow_cookbook 02_TensorFlow_Way/05_Implementing_Back_Propagation/05_back_propagation.py (commit 1cd9096; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: numpy seeded; matplotlib left out; the sigmoid cross-entropy called with keywords; the classification part 1400 steps -> 400, reported every 100.
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops

ops.reset_default_graph()
np.random.seed(0)

sess = tf.Session()

# regression: x ~ N(1, 0.1), target 10, model x * A
xs = np.random.normal(1, 0.1, 100)
ys = np.repeat(10.0, 100)
x_in = tf.placeholder(shape=[1], dtype=tf.float32)
y_in = tf.placeholder(shape=[1], dtype=tf.float32)
A = tf.Variable(tf.random_normal(shape=[1]))
output = tf.multiply(x_in, A)
loss = tf.square(output - y_in)

sess.run(tf.global_variables_initializer())
train = tf.train.GradientDescentOptimizer(0.02).minimize(loss)

for step in range(100):
    k = np.random.choice(100)
    feed = {x_in: [xs[k]], y_in: [ys[k]]}
    sess.run(train, feed_dict=feed)
    if (step + 1) % 25 == 0:
        print("step", step + 1, "A", sess.run(A))
        print("loss", sess.run(loss, feed_dict=feed))

# classification: a new graph and a new session
ops.reset_default_graph()
sess = tf.Session()

xs = np.concatenate((np.random.normal(-1, 1, 50), np.random.normal(3, 1, 50)))
ys = np.concatenate((np.repeat(0.0, 50), np.repeat(1.0, 50)))
x_in = tf.placeholder(shape=[1], dtype=tf.float32)
y_in = tf.placeholder(shape=[1], dtype=tf.float32)
A = tf.Variable(tf.random_normal(mean=10, shape=[1]))
output = tf.add(x_in, A)
logits = tf.expand_dims(output, 0)
labels = tf.expand_dims(y_in, 0)

sess.run(tf.global_variables_initializer())
xentropy = tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=labels)
train = tf.train.GradientDescentOptimizer(0.05).minimize(xentropy)

for step in range(400):
    k = np.random.choice(100)
    feed = {x_in: [xs[k]], y_in: [ys[k]]}
    sess.run(train, feed_dict=feed)
    if (step + 1) % 100 == 0:
        print("step", step + 1, "A", sess.run(A))
        print("loss", sess.run(xentropy, feed_dict=feed))

predicted = []
for value in xs:
    predicted.append(sess.run(tf.round(tf.sigmoid(output)), feed_dict={x_in: [value]})[0])
accuracy = sum(p == t for p, t in zip(predicted, ys)) / 100.0
print("accuracy", np.round(accuracy, 2))
