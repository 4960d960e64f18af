# Source: MorvanZhou/tutorials tensorflowTUT/tensorflow6_session.py (commit 9299604; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: none.
import tensorflow as tf

matrix1 = tf.constant([[3, 3]])
matrix2 = tf.constant([[2], [2]])
product = tf.matmul(matrix1, matrix2)

# method 1: closed by hand
sess = tf.Session()
result = sess.run(product)
print(result)
sess.close()

# method 2: the same name in a with block
with tf.Session() as sess:
    result2 = sess.run(product)
    print(result2)
