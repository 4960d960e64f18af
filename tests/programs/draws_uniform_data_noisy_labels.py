# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of TF1 learners' linear fits whose data is a tf.random_uniform
# tensor and whose labels are computed from it with noise from a second random op; runs fetch lists that read both
# random tensors ([train, loss], [loss, labels]) and an expression built in a fetch. Own code, no source text copied;
# a graph seed so the numbers compare exactly.
import tensorflow as tf

tf.set_random_seed(7)

x_data = tf.random_uniform([64, 1], minval=-1.0, maxval=1.0)
noise = tf.random_normal([64, 1], stddev=0.05)
y_data = 1.5 * x_data + 0.3 + noise

W = tf.Variable(tf.random_uniform([1, 1], -1.0, 1.0))
b = tf.Variable(tf.zeros([1]))
y = tf.matmul(x_data, W) + b
loss = tf.reduce_mean(tf.square(y - y_data))
train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(30):
    _, l = sess.run([train, loss])
    if step % 5 == 0:
        print(step, l, sess.run(W)[0, 0], sess.run(b)[0])
lv, yv = sess.run([loss, y_data])
print("loss %.5f, mean label %.5f" % (lv, yv.mean()))
print("mean input", sess.run(tf.reduce_mean(x_data)))
sess.close()
