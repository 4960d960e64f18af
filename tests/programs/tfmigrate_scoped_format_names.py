# Source: tfmigrate (own code), in the shape of the stacked-autoencoder projects' scoped layer helpers (a
# tf.variable_scope per call, variable and op names built by str.format from a parameter, a tied transposed weight;
# a loss helper entering the second encoder's scope again, as the layer-wise pretraining loss is named after it).
# Adapted: see manifest.toml (adapted)
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
checkpoint_dir = "./format_ckpt"


def encoder(x, d, variable_name, name):
    with tf.variable_scope(name):
        n_in = x.get_shape().as_list()[-1]
        w = tf.get_variable(name="{}_W".format(variable_name), shape=[n_in, d])
        b = tf.get_variable(name="{}_b".format(variable_name), shape=[d], initializer=tf.zeros_initializer())
        b_t = tf.get_variable(name=f"{variable_name}_b_t", shape=[n_in], initializer=tf.zeros_initializer())
        h = tf.sigmoid(tf.nn.bias_add(tf.matmul(x, w), b), name="{}_h".format(variable_name))
        o = tf.nn.bias_add(tf.matmul(h, tf.transpose(w)), b_t, name=f"{variable_name}_o")
    return h, o


def decoder(x, d, variable_name, name):
    with tf.variable_scope(name):
        w = tf.get_variable(name="{}_W".format(variable_name), shape=[x.get_shape().as_list()[-1], d])
        b = tf.get_variable(name="%s_b" % variable_name, shape=[d], initializer=tf.zeros_initializer())
        h = tf.sigmoid(tf.nn.bias_add(tf.matmul(x, w), b), name="{name}_h".format(name=variable_name))
    return h


def loss(x, y, name):
    with tf.variable_scope(name):
        l = tf.reduce_mean(tf.square(x - y), name="loss")
    return l


x = tf.placeholder(tf.float32, [None, 6], name="x")
en1, en1_o = encoder(x, 4, "en1", "encoder1")
en2, en2_o = encoder(en1, 3, "en2", "encoder2")
h = en2
for i, d in enumerate([4, 6]):
    h = decoder(h, d, "de{}".format(i + 1), f"decoder{i + 1}")
en1_loss = loss(x, en1_o, "en1_loss")
en2_loss = loss(en1, en2_o, "encoder2")
total = en1_loss + en2_loss + loss(x, h, "total_loss")
global_step = tf.Variable(0, name="global_step", trainable=False)
train = tf.train.AdamOptimizer(0.05).minimize(total, global_step=global_step)
saver = tf.train.Saver()

data = np.random.RandomState(0).rand(8, 6).astype(np.float32)
with tf.Session() as sess:
    latest = tf.train.latest_checkpoint(checkpoint_dir)
    if latest is None:
        sess.run(tf.global_variables_initializer())
    else:
        print("restoring")
        saver.restore(sess, latest)
    for epoch in range(4):
        total_value, _ = sess.run([total, train], {x: data})
        print("epoch", epoch, "total loss", total_value, "step", sess.run(global_step))
    os.makedirs(checkpoint_dir, exist_ok=True)
    saver.save(sess, checkpoint_dir + "/ae", global_step=global_step)
