# Source: hunkim/DeepLearningZeroToAll lab-08-tensor_manipulation.ipynb (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: notebook cells -> one script; pprint -> print.
import numpy as np
import tensorflow as tf

sess = tf.InteractiveSession()

t = tf.constant([1, 2, 3, 4])
print(tf.shape(t).eval())
t = tf.constant([[1, 2], [3, 4]])
print(tf.shape(t).eval())

matrix1 = tf.constant([[1.0, 2.0], [3.0, 4.0]])
matrix2 = tf.constant([[1.0], [2.0]])
print("Matrix 1 shape", matrix1.shape)
print("Matrix 2 shape", matrix2.shape)
print(tf.matmul(matrix1, matrix2).eval())
print((matrix1 * matrix2).eval())

print(tf.reduce_mean([1, 2], axis=0).eval())
x = [[1.0, 2.0], [3.0, 4.0]]
print(tf.reduce_mean(x).eval())
print(tf.reduce_mean(x, axis=0).eval())
print(tf.reduce_mean(x, axis=-1).eval())
print(tf.reduce_sum(x, axis=-1).eval())
print(tf.reduce_mean(tf.reduce_sum(x, axis=-1)).eval())

x = [[0, 1, 2], [2, 1, 0]]
print(tf.argmax(x, axis=0).eval())
print(tf.argmax(x, axis=1).eval())

t = np.array([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]])
print(t.shape)
print(tf.reshape(t, shape=[-1, 3]).eval())
print(tf.reshape(t, shape=[-1, 1, 3]).eval())
print(tf.squeeze([[0], [1], [2]]).eval())
print(tf.expand_dims([0, 1, 2], 1).eval())

t = tf.one_hot([[0], [1], [2], [0]], depth=3).eval()
print(t)
print(tf.reshape(t, shape=[-1, 3]).eval())
print(tf.cast([1.8, 2.2, 3.3, 4.9], tf.int32).eval())
print(tf.cast([True, False, 1 == 1, 0 == 1], tf.int32).eval())

x = [1, 4]
y = [2, 5]
z = [3, 6]
print(tf.stack([x, y, z]).eval())
print(tf.stack([x, y, z], axis=1).eval())

x = [[0, 1, 2], [2, 1, 0]]
print(tf.ones_like(x).eval())
print(tf.zeros_like(x).eval())
for a, b in zip([1, 2, 3], [4, 5, 6]):
    print(a, b)
