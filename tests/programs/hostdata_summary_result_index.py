# Source: tfmigrate (own code) in the shape of public TF1 scripts (see manifest.toml: shape)
# Adapted: written for tfmigrate, no source text copied (see manifest.toml: adapted)
#
# Linear regression logged for TensorBoard: the writer given the Session's graph_def, the merged summary and the
# loss fetched together into one list and read back by index.
import numpy as np
import tensorflow as tf

np.random.seed(2)
x_data = np.random.rand(50, 1).astype(np.float32)
y_data = 3.0 * x_data + 1.0

X = tf.placeholder(tf.float32, [None, 1], name="X")
Y = tf.placeholder(tf.float32, [None, 1], name="Y")
W = tf.Variable(tf.zeros([1, 1]), name="weight")
b = tf.Variable(tf.zeros([1]), name="bias")
pred = tf.matmul(X, W) + b
loss = tf.reduce_mean(tf.square(pred - Y))
tf.summary.scalar("loss", loss)
tf.summary.histogram("weight", W)
merged = tf.summary.merge_all()
train = tf.train.GradientDescentOptimizer(0.2).minimize(loss)

sess = tf.Session()
writer = tf.summary.FileWriter("logs/", sess.graph_def)
sess.run(tf.global_variables_initializer())
for i in range(60):
    sess.run(train, feed_dict={X: x_data, Y: y_data})
    if i % 10 == 0:
        result = sess.run([merged, loss], feed_dict={X: x_data, Y: y_data})
        writer.add_summary(result[0], i)
        print(i, result[1])
print(sess.run(W), sess.run(b))
writer.close()
