# Source: hunkim/DeepLearningZeroToAll lab-02-1-linear_regression.py (commit 9021232; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: 2001 steps -> 201, printed every 40 steps.
import tensorflow as tf

tf.set_random_seed(777)

x_train = [1, 2, 3]
y_train = [1, 2, 3]

W = tf.Variable(tf.random_normal([1]), name="weight")
b = tf.Variable(tf.random_normal([1]), name="bias")
hypothesis = x_train * W + b
cost = tf.reduce_mean(tf.square(hypothesis - y_train))

optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
train = optimizer.minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(201):
    sess.run(train)
    if step % 40 == 0:
        print(step, sess.run(cost), sess.run(W), sess.run(b))
