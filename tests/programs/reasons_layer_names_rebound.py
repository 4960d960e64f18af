# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
rng = np.random.RandomState(3)
x_data = rng.rand(60, 4).astype(np.float32)
y_data = (x_data.sum(axis=1, keepdims=True) > 2.0).astype(np.float32)

X = tf.placeholder(tf.float32, [None, 4], name="X")
Y = tf.placeholder(tf.float32, [None, 1], name="Y")

with tf.name_scope("layer-1"):
    W = tf.Variable(tf.random_normal([4, 8], stddev=0.5))
    b = tf.Variable(tf.zeros([8]))
    hidden = tf.nn.relu(tf.matmul(X, W) + b)

with tf.name_scope("output"):
    W = tf.Variable(tf.random_normal([8, 1], stddev=0.5))
    b = tf.Variable(tf.zeros([1]))
    logits = tf.matmul(hidden, W) + b

cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.3).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(logits > 0.0, tf.float32), Y), tf.float32))
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(80):
        _, c = sess.run([train, cost], feed_dict={X: x_data, Y: y_data})
        if step % 20 == 0:
            print(step, c)
    print("accuracy:", sess.run(accuracy, feed_dict={X: x_data, Y: y_data}))
    print("output W:", sess.run(W).ravel())
    saver.save(sess, "./layers.ckpt")
