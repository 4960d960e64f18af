# Source: golbin/TensorFlow-Tutorials "03 - TensorFlow Basic/02 - Variable.py" (commit c66777e; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the prints of the symbolic tensors (a graph-only repr) left out.
import tensorflow as tf

X = tf.placeholder(tf.float32, [None, 3])
x_data = [[1, 2, 3], [4, 5, 6]]

W = tf.Variable(tf.random_normal([3, 2]))
b = tf.Variable(tf.random_normal([2, 1]))
expr = tf.matmul(X, W) + b

sess = tf.Session()
sess.run(tf.global_variables_initializer())

print("=== x_data ===")
print(x_data)
print("=== W ===")
print(sess.run(W))
print("=== b ===")
print(sess.run(b))
print("=== expr ===")
print(sess.run(expr, feed_dict={X: x_data}))
sess.close()
