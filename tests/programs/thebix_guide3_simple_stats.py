# Source: thebix/sruvch guide3.py (commit 3cd6ff7; none stated in the stored copy), itself the final program of
# the "Hello, TensorFlow!" article (one neuron, a summary per value) in TF 1.x names.
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: learning rate 13.27 -> 0.00005 (13.27 overflows to inf in two steps); 10000 steps -> 50; the output y
# printed every 10 steps (the original prints nothing; the harness compares printed numbers); the log directory is
# relative to the working directory as in the original.
import tensorflow as tf

x = tf.constant(107.13, name="input")
w = tf.Variable(0.75, name="weight")
y = tf.multiply(w, x, name="output")
y_ = tf.constant(17.23, name="correct_value")
loss = tf.pow(y - y_, 2, name="loss")
train_step = tf.train.GradientDescentOptimizer(0.00005).minimize(loss)

for value in [x, w, y, y_, loss]:
    tf.summary.scalar(value.op.name, value)

summaries = tf.summary.merge_all()

sess = tf.Session()
summary_writer = tf.summary.FileWriter("log_simple_stats", sess.graph)

sess.run(tf.global_variables_initializer())
for i in range(50):
    summary_writer.add_summary(sess.run(summaries), i)
    sess.run(train_step)
    if i % 10 == 0:
        print(i, sess.run(y))
