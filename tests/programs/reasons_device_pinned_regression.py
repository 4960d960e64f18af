# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

print("TensorFlow 2 or later:", tf.__version__ >= "2")
print("Built with CUDA:", tf.test.is_built_with_cuda())
print("Same answer twice:", tf.test.is_gpu_available() == tf.test.is_gpu_available())
print("CPUs listed:", len(tf.config.list_physical_devices("CPU")))

rng = np.random.RandomState(5)
train_X = rng.uniform(-2.0, 2.0, 60).astype(np.float32)
train_Y = (1.7 * train_X - 0.4 + rng.normal(0.0, 0.2, 60)).astype(np.float32)

with tf.device('/cpu:0'):
    X = tf.placeholder(tf.float32)
    Y = tf.placeholder(tf.float32)
    W = tf.Variable(0.3, name="weight")
    b = tf.Variable(-0.1, name="bias")
    pred = tf.add(tf.multiply(X, W), b)
    cost = tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * 60)
    optimizer = tf.train.GradientDescentOptimizer(0.05).minimize(cost)

with tf.device('/gpu:0'):
    residual = tf.reduce_mean(tf.abs(pred - Y))

config = tf.ConfigProto(log_device_placement=False)
config.allow_soft_placement = True
config.gpu_options.allow_growth = True

with tf.Session(config=config) as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(40):
        for (px, py) in zip(train_X, train_Y):
            sess.run(optimizer, feed_dict={X: px, Y: py})
        if (epoch + 1) % 10 == 0:
            c = sess.run(cost, feed_dict={X: train_X, Y: train_Y})
            print("Epoch:", "%04d" % (epoch + 1), "cost=", "{:.9f}".format(c), "W=", sess.run(W), "b=", sess.run(b))
    print("mean residual", sess.run(residual, feed_dict={X: train_X, Y: train_Y}))
