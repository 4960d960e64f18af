# Source: hunkim/DeepLearningZeroToAll lab-02-3-linear_regression_tensorflow.org.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Lesson-1 shape: a linear model over placeholders, each graph tensor printed before it is run.
import tensorflow as tf

W = tf.Variable([0.5], dtype=tf.float32)
b = tf.Variable([-0.5], dtype=tf.float32)
x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)
model = W * x + b
print("model:", model)
error = tf.square(model - y)
cost = tf.reduce_sum(error)
print(error)
print("cost:", cost)
print(W, b)
init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
print(sess.run(model, {x: [1, 2, 3, 4]}))
print(sess.run(cost, {x: [1, 2, 3, 4], y: [0, -1, -2, -3]}))
