# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of public TF1 summary tutorials whose learning rate is
# `alpha = tf.get_variable("alpha", initializer=0.01)` (never assigned) given to GradientDescentOptimizer, with
# scalar and histogram summaries merged and written by a FileWriter each step, and a Saver saving every step.
# Own code, no source text copied.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(5)
features = rng.rand(80, 4).astype(np.float32)
targets = (features.dot(np.array([[1.5], [-2.0], [0.5], [3.0]], dtype=np.float32)) + 1.0).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
w = tf.get_variable("w", [4, 1], initializer=tf.zeros_initializer())
c = tf.get_variable("c", [1], initializer=tf.zeros_initializer())
alpha = tf.get_variable("alpha", initializer=0.05)

prediction = tf.matmul(x, w) + c
loss = tf.reduce_mean(tf.square(prediction - y))
tf.summary.scalar("loss", loss)
tf.summary.scalar("alpha", alpha)
tf.summary.histogram("prediction", prediction)
merged = tf.summary.merge_all()
train_op = tf.train.GradientDescentOptimizer(alpha).minimize(loss)
saver = tf.train.Saver()

with tf.Session() as sess:
    writer = tf.summary.FileWriter("summary_logs", sess.graph)
    sess.run(tf.global_variables_initializer())
    for i in range(60):
        summary, _ = sess.run([merged, train_op], feed_dict={x: features, y: targets})
        writer.add_summary(summary, i)
        saver.save(sess, "summary_logs/model.ckpt")
        if i % 10 == 0:
            print(i, sess.run(loss, feed_dict={x: features, y: targets}))
    print(sess.run(w).ravel(), sess.run(c), sess.run(alpha))
    writer.close()
