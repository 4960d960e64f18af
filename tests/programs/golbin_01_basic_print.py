# Source: golbin/TensorFlow-Tutorials "03 - TensorFlow Basic/01 - Basic.py" (commit c66777e; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: extended with the "basic usage" matrix product that Chinese TF1 tutorials print the same way.
import tensorflow as tf

greeting = tf.constant("Hello, graph!")
print(greeting)

x = tf.constant(7)
y = tf.constant(35)
z = tf.add(x, y)
print(z)

row = tf.constant([[3.0, 3.0]])
column = tf.constant([[2.0], [2.0]])
product = tf.matmul(row, column)
print(row)
print(product)

sess = tf.Session()
print(sess.run(greeting))
print(sess.run([x, y, z]))
print(sess.run(product))
sess.close()
