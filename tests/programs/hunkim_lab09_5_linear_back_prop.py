# Source: hunkim/DeepLearningZeroToAll lab-09-5-linear_back_prop.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: 1000 steps -> 200, printed every 50; the print of the symbolic tensors (a graph-only repr) left out.
import tensorflow as tf

tf.set_random_seed(777)

x_data = [[1.0], [2.0], [3.0]]
y_data = [[1.0], [2.0], [3.0]]

X = tf.placeholder(tf.float32, shape=[None, 1])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.truncated_normal([1, 1]))
b = tf.Variable(5.0)

hypothesis = tf.matmul(X, W) + b
assert hypothesis.shape.as_list() == Y.shape.as_list()
diff = hypothesis - Y

d_l1 = diff
d_b = d_l1
d_w = tf.matmul(tf.transpose(X), d_l1)

learning_rate = 0.1
step = [tf.assign(W, W - learning_rate * d_w), tf.assign(b, b - learning_rate * tf.reduce_mean(d_b))]
RMSE = tf.reduce_mean(tf.square(Y - hypothesis))

sess = tf.InteractiveSession()
init = tf.global_variables_initializer()
sess.run(init)
for i in range(200):
    if i % 50 == 0:
        print(i, sess.run([step, RMSE], feed_dict={X: x_data, Y: y_data}))
    else:
        sess.run(step, feed_dict={X: x_data, Y: y_data})
print(sess.run(hypothesis, feed_dict={X: x_data}))
