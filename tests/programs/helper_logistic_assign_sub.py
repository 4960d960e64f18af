# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

np_data = np.random.RandomState(0).rand(30, 3).astype(np.float32)
np_data[:, 2] = (np_data[:, 0] + np_data[:, 1] > 1.0).astype(np.float32)
x_data = tf.constant(np_data[:, 0:2], name='x')
y_data = tf.expand_dims(tf.constant(np_data[:, -1]), axis=-1)
w = tf.get_variable(initializer=tf.random_normal_initializer(seed=2017), shape=(2, 1), name='weights')
b = tf.get_variable(initializer=tf.zeros_initializer(), shape=(1), name='bias')

def logistic_regression(x):
    return tf.sigmoid(tf.matmul(x, w) + b)

sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())

def binary_loss(y_pred, y):
    logit = tf.reduce_mean(y * tf.log(y_pred) + (1 - y) * tf.log(1 - y_pred))
    return -logit

y_pred = logistic_regression(x_data)
loss = binary_loss(y_pred, y_data)
print(loss.eval(session=sess))
w_grad, b_grad = tf.gradients(loss, [w, b])
lr = 0.1
w_update = w.assign_sub(lr * w_grad)
b_update = b.assign_sub(lr * b_grad)
for e in range(5):
    sess.run([w_update, b_update])
    print(loss.eval(session=sess))
