# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

tf.set_random_seed(11)

rng = np.random.RandomState(3)
features = rng.rand(120, 6).astype(np.float32)
labels = np.eye(3, dtype=np.float32)[(features[:, 0] * 3).astype(np.int64) % 3]
start = np.linspace(-0.05, 0.05, 18).reshape(6, 3).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 6])
y = tf.placeholder(tf.float32, [None, 3])

W = tf.get_variable("W", initializer=tf.zeros([6, 3]))
b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
W2 = tf.get_variable("W2", initializer=start)
b2 = tf.get_variable("b2", [3], initializer=tf.constant_initializer(0.1))
mix = tf.get_variable("mix", [3, 3])
scale = tf.get_variable("scale", initializer=tf.fill([3], 0.5))

hidden = tf.matmul(x, W) + b + tf.matmul(x, W2) + b2
logits = tf.matmul(hidden, mix) * scale
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("mix at start:", sess.run(mix)[0])
    for epoch in range(6):
        for i in range(0, 120, 30):
            _, c = sess.run([train, cost], feed_dict={x: features[i : i + 30], y: labels[i : i + 30]})
        print("epoch", epoch, "cost", c)
    print("accuracy", sess.run(accuracy, feed_dict={x: features, y: labels}))
    print("scale", sess.run(scale), "b2", sess.run(b2))
