# Source: golbin/TensorFlow-Tutorials "01 - TensorFlow Basic/01 - Basic.py" (commit de5efab; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the prints of the symbolic tensors (a graph-only repr) left out.
import tensorflow as tf

hello = tf.constant("Hello, TensorFlow!")
a = tf.constant(10)
b = tf.constant(32)
c = tf.add(a, b)

sess = tf.Session()
print(sess.run(hello))
print(sess.run([a, b, c]))
sess.close()
