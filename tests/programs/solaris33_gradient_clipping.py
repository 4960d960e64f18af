# Source: solaris33/deep-learning-tensorflow-book-code Ch08-RNN/8.5-linear_regression_with_gradient_clipping.py (commit e59425a; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.set_random_seed(1) added (the initial weights are drawn); 1000 steps -> 200; the trained model also printed.
import tensorflow as tf

tf.set_random_seed(1)

# a linear model W * x + b
W = tf.Variable(tf.random_normal(shape=[1]), name="W")
b = tf.Variable(tf.random_normal(shape=[1]), name="b")
x = tf.placeholder(tf.float32, name="x")
linear_model = W * x + b

y = tf.placeholder(tf.float32, name="y")
loss = tf.reduce_mean(tf.square(linear_model - y))

# the gradients of every trainable variable, clipped by their global norm, then applied
grad_clip = 5
tvars = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), grad_clip)
optimizer = tf.train.GradientDescentOptimizer(0.01)
train_step = optimizer.apply_gradients(zip(grads, tvars))

x_train = [1, 2, 3, 4]
y_train = [2, 4, 6, 8]

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(200):
    sess.run(train_step, feed_dict={x: x_train, y: y_train})
    if i % 50 == 0:
        print(i, sess.run(loss, feed_dict={x: x_train, y: y_train}))

x_test = [3.5, 5, 5.5, 6]
print(sess.run(linear_model, feed_dict={x: x_test}))
print(sess.run([W, b]))
sess.close()
