# Source: golbin/TensorFlow-Tutorials "05 - TensorBoard, Saver/03 - TensorBoard2.py" (commit 59c298a; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: data.csv -> the same six-animal table inline; 100 steps -> 20.
import numpy as np
import tensorflow as tf

data = np.array(
    [[0, 0, 1, 0, 0], [1, 0, 0, 1, 0], [1, 1, 0, 0, 1], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0], [0, 1, 0, 0, 1]],
    dtype="float32",
).T
x_data = np.transpose(data[0:2])
y_data = np.transpose(data[2:])

global_step = tf.Variable(0, trainable=False, name="global_step")
X = tf.placeholder(tf.float32)
Y = tf.placeholder(tf.float32)

with tf.name_scope("layer1"):
    W1 = tf.Variable(tf.random_uniform([2, 10], -1.0, 1.0), name="W1")
    L1 = tf.nn.relu(tf.matmul(X, W1))
    tf.summary.histogram("X", X)
    tf.summary.histogram("Weights", W1)

with tf.name_scope("layer2"):
    W2 = tf.Variable(tf.random_uniform([10, 20], -1.0, 1.0), name="W2")
    L2 = tf.nn.relu(tf.matmul(L1, W2))
    tf.summary.histogram("Weights", W2)

with tf.name_scope("output"):
    W3 = tf.Variable(tf.random_uniform([20, 3], -1.0, 1.0), name="W3")
    model = tf.matmul(L2, W3)
    tf.summary.histogram("Weights", W3)
    tf.summary.histogram("Model", model)

with tf.name_scope("optimizer"):
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=model))
    optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
    train_op = optimizer.minimize(cost, global_step=global_step)
    tf.summary.scalar("cost", cost)

sess = tf.Session()
saver = tf.train.Saver(tf.global_variables())

ckpt = tf.train.get_checkpoint_state("./model")
if ckpt and tf.train.checkpoint_exists(ckpt.model_checkpoint_path):
    saver.restore(sess, ckpt.model_checkpoint_path)
else:
    sess.run(tf.global_variables_initializer())

merged = tf.summary.merge_all()
writer = tf.summary.FileWriter("./logs", sess.graph)

for step in range(20):
    sess.run(train_op, feed_dict={X: x_data, Y: y_data})
    if step % 5 == 0:
        print("Step: %d, " % sess.run(global_step), "Cost: %.3f" % sess.run(cost, feed_dict={X: x_data, Y: y_data}))
    summary = sess.run(merged, feed_dict={X: x_data, Y: y_data})
    writer.add_summary(summary, global_step=sess.run(global_step))

saver.save(sess, "./model/dnn.ckpt", global_step=global_step)

prediction = tf.argmax(model, 1)
target = tf.argmax(Y, 1)
print("prediction:", sess.run(prediction, feed_dict={X: x_data}))
print("target:", sess.run(target, feed_dict={Y: y_data}))
