# Source: hunkim/DeepLearningZeroToAll lab-03-1-minimizing_cost_show_graph.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: matplotlib plot replaced by printing every 10th (W, cost) pair.
import tensorflow as tf

X = [1, 2, 3]
Y = [1, 2, 3]
W = tf.placeholder(tf.float32)
hypothesis = X * W
cost = tf.reduce_mean(tf.square(hypothesis - Y))

sess = tf.Session()
sess.run(tf.global_variables_initializer())

W_val = []
cost_val = []
for i in range(-30, 50):
    feed_W = i * 0.1
    curr_cost, curr_W = sess.run([cost, W], feed_dict={W: feed_W})
    W_val.append(curr_W)
    cost_val.append(curr_cost)

for w, c in list(zip(W_val, cost_val))[::10]:
    print("%.2f %.4f" % (w, c))
