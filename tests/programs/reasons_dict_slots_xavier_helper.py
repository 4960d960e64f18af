# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

image_size, n_hidden_recog_1, n_hidden_gener_1 = 16, 12, 12


def xavier_init(fan_in, fan_out, constant=1):
    low = -constant * np.sqrt(6.0 / (fan_in + fan_out))
    high = constant * np.sqrt(6.0 / (fan_in + fan_out))
    return tf.random_uniform((fan_in, fan_out), minval=low, maxval=high, dtype=tf.float32)


w, n_input, n_z = {}, image_size, 4
w['w_recog'] = {
    'h1': tf.Variable(xavier_init(n_input, n_hidden_recog_1)),
    'out_mean': tf.Variable(xavier_init(n_hidden_recog_1, n_z)),
}
w['b_recog'] = {
    'b1': tf.Variable(tf.zeros([n_hidden_recog_1], dtype=tf.float32)),
    'out_mean': tf.Variable(tf.zeros([n_z], dtype=tf.float32)),
}
w['w_gener'] = {
    'h1': tf.Variable(xavier_init(n_z, n_hidden_gener_1)),
    'out': tf.Variable(xavier_init(n_hidden_gener_1, n_input)),
}
w['b_gener'] = {
    'b1': tf.Variable(tf.zeros([n_hidden_gener_1], dtype=tf.float32)),
    'out': tf.Variable(tf.zeros([n_input], dtype=tf.float32)),
}

x = tf.placeholder(tf.float32, [None, n_input])
h = tf.nn.softplus(tf.matmul(x, w["w_recog"]['h1']) + w["b_recog"]['b1'])
z = tf.matmul(h, w["w_recog"]['out_mean']) + w["b_recog"]['out_mean']
g = tf.nn.softplus(tf.matmul(z, w["w_gener"]['h1']) + w["b_gener"]['b1'])
x_hat = tf.nn.sigmoid(tf.matmul(g, w["w_gener"]['out']) + w["b_gener"]['out'])
cost = tf.reduce_mean(tf.reduce_sum(tf.square(x - x_hat), 1))
optimizer = tf.train.AdamOptimizer(learning_rate=0.01).minimize(cost)

data = np.random.RandomState(2).rand(32, n_input).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        _, c = sess.run((optimizer, cost), feed_dict={x: data})
        if epoch % 10 == 0:
            print("epoch", epoch, "cost", c)
    print(sess.run(z, feed_dict={x: data[:2]}))
