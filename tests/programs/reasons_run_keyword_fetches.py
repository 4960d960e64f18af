# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(7)
train_x = rng.uniform(-1.0, 1.0, (40, 2)).astype(np.float32)
train_y = (train_x @ np.array([[2.0], [-1.0]], np.float32) + 0.5).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 2], name="x")
y_ = tf.placeholder(tf.float32, [None, 1], name="y_")
W = tf.Variable(tf.zeros([2, 1]), name="W")
b = tf.Variable(tf.zeros([1]), name="b")
y = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.square(y - y_))
train = tf.train.GradientDescentOptimizer(learning_rate=0.2).minimize(loss)
init = tf.global_variables_initializer()

sess = tf.Session()
sess.run(fetches=init)
for epoch in range(40):
    _, loss_value = sess.run(fetches=[train, loss], feed_dict={x: train_x, y_: train_y})
    if epoch % 10 == 0:
        print("epoch", epoch, "loss", loss_value)
print("W", sess.run(fetches=W).ravel(), "b", sess.run(fetches=b))
print("prediction", sess.run(fetches=y, feed_dict={x: train_x[:3]}).ravel())
print("loss", sess.run(feed_dict={x: train_x, y_: train_y}, fetches=loss))
print("eval", loss.eval(feed_dict={x: train_x, y_: train_y}, session=sess))
sess.close()
