# Source: tensorflow/tensorflow tensorflow/examples/tutorials/mnist/mnist_softmax.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# MNIST softmax regression (TF1 beginners' tutorial shape): named placeholder and variables, the model's tensors
# printed to show their shapes, then a few training steps on synthetic data.
import numpy as np
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 784], name="images")
labels = tf.placeholder(tf.float32, [None, 10], name="labels")
W = tf.Variable(tf.zeros([784, 10]), name="W")
b = tf.Variable(tf.zeros([10]), name="b")
print(images)
print(W)
print(b)
logits = tf.matmul(images, W) + b
probabilities = tf.nn.softmax(logits)
loss = tf.reduce_mean(-tf.reduce_sum(labels * tf.log(probabilities + 1e-9), reduction_indices=[1]))
correct = tf.equal(tf.argmax(probabilities, 1), tf.argmax(labels, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
print(logits)
print(probabilities)
print(loss)
print(correct, accuracy)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

rng = np.random.RandomState(3)
data = rng.rand(64, 784).astype(np.float32)
targets = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(20):
        _, value = sess.run([train, loss], feed_dict={images: data, labels: targets})
        if step % 5 == 0:
            print(step, value)
    print("accuracy", sess.run(accuracy, feed_dict={images: data, labels: targets}))
