# Source: xalstnx/tensorflow_study 3.4-linear_regression_with_tensorboard.py (commit eeb0502; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf.set_random_seed(0) added (the initial W and b were unseeded); 1000 steps -> 200; the stray character
# after the x_test list (a syntax error in the stored copy) left out; the log directory is relative to the working
# directory as in the original.
import tensorflow as tf

tf.set_random_seed(0)

W = tf.Variable(tf.random_normal(shape=[1]), name="W")
b = tf.Variable(tf.random_normal(shape=[1]), name="b")
x = tf.placeholder(tf.float32, name="x")
linear_model = W * x + b

y = tf.placeholder(tf.float32, name="y")

loss = tf.reduce_mean(tf.square(linear_model - y))
tf.summary.scalar("loss", loss)

optimizer = tf.train.GradientDescentOptimizer(0.001)
train_step = optimizer.minimize(loss)

x_train = [1, 2, 3, 4]
y_train = [2, 4, 6, 8]

sess = tf.Session()
sess.run(tf.global_variables_initializer())

merged = tf.summary.merge_all()
tensorboard_writer = tf.summary.FileWriter("./tensorboard_log", sess.graph)

for i in range(200):
    sess.run(train_step, feed_dict={x: x_train, y: y_train})

    summary = sess.run(merged, feed_dict={x: x_train, y: y_train})
    tensorboard_writer.add_summary(summary, i)

x_test = [3.5, 5, 5.5, 6]
print(sess.run(linear_model, feed_dict={x: x_test}))

sess.close()
