# Source: the TensorFlow 1.x guide "Getting Started With TensorFlow" (tensorflow/tensorflow docs_src, Apache-2.0)
# Written for tfmigrate's test set in that guide's shape (constructs, order, output); no source text copied.
# Adapted: own names and numbers.
import tensorflow as tf

# The computational graph: constants print as graph tensors, not as values.
first = tf.constant(2.5, dtype=tf.float32)
second = tf.constant(1.5)  # tf.float32 as well
print(first, second)

session = tf.Session()
print(session.run([first, second]))

total = tf.add(first, second)
print("total:", total)
print("session.run(total):", session.run(total))

# A linear model with trainable parameters.
slope = tf.Variable([0.5], dtype=tf.float32)
offset = tf.Variable([-0.5], dtype=tf.float32)
print(slope)
inputs = tf.placeholder(tf.float32)
model = slope * inputs + offset

init = tf.global_variables_initializer()
session.run(init)
print(session.run(model, {inputs: [1, 2, 3, 4]}))

targets = tf.placeholder(tf.float32)
squared = tf.square(model - targets)
loss = tf.reduce_sum(squared)
print(session.run(loss, {inputs: [1, 2, 3, 4], targets: [0, -1, -2, -3]}))

optimizer = tf.train.GradientDescentOptimizer(0.01)
train = optimizer.minimize(loss)
for step in range(500):
    session.run(train, {inputs: [1, 2, 3, 4], targets: [0, -1, -2, -3]})
print(session.run([slope, offset]))
