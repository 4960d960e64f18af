# Source: openai/spinningup spinup/algos/tf1/vpg/core.py (mlp, mlp_categorical_policy, mlp_actor_critic), MIT.
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the actor-critic's `mlp(x, hidden_sizes, activation, output_activation)` (tf.layers.dense in a loop over
# `hidden_sizes[:-1]`, then the output layer) called under tf.variable_scope('pi') and tf.variable_scope('v') as
# mlp_actor_critic does; the policy's logits and the value fitted to synthetic targets (numpy seed 0) instead of an
# environment's returns; Adam, 4 steps; a Saver resumed from get_checkpoint_state so that pi/dense/kernel,
# pi/dense_1/kernel, ..., v/dense_2/kernel (TF1's numbering per scope) restore.
import os

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
obs = rng.rand(16, 5).astype(np.float32)
acts = rng.randint(0, 3, 16)
rets = rng.rand(16).astype(np.float32)


def mlp(x, hidden_sizes=(32,), activation=tf.tanh, output_activation=None):
    for h in hidden_sizes[:-1]:
        x = tf.layers.dense(x, units=h, activation=activation)
    return tf.layers.dense(x, units=hidden_sizes[-1], activation=output_activation)


tf.set_random_seed(4)
x_ph = tf.placeholder(tf.float32, shape=(None, 5))
a_ph = tf.placeholder(tf.int32, shape=(None,))
ret_ph = tf.placeholder(tf.float32, shape=(None,))
with tf.variable_scope("pi"):
    logits = mlp(x_ph, [16, 16, 3], tf.tanh, None)
    logp_all = tf.nn.log_softmax(logits)
    logp = tf.reduce_sum(tf.one_hot(a_ph, depth=3) * logp_all, axis=1)
with tf.variable_scope("v"):
    v = tf.squeeze(mlp(x_ph, [16, 16, 1], tf.tanh, None), axis=1)
pi_loss = -tf.reduce_mean(logp * ret_ph)
v_loss = tf.reduce_mean((ret_ph - v) ** 2)
train_pi = tf.train.AdamOptimizer(learning_rate=0.01).minimize(pi_loss)
train_v = tf.train.AdamOptimizer(learning_rate=0.01).minimize(v_loss)
saver = tf.train.Saver(tf.trainable_variables())

sess = tf.Session()
sess.run(tf.global_variables_initializer())
ckpt = tf.train.get_checkpoint_state("vpg")
if ckpt and ckpt.model_checkpoint_path:
    print("restoring")
    saver.restore(sess, ckpt.model_checkpoint_path)
inputs = {x_ph: obs, a_ph: acts, ret_ph: rets}
for epoch in range(4):
    sess.run(train_pi, feed_dict=inputs)
    sess.run(train_v, feed_dict=inputs)
    print("epoch", epoch, "LossPi", sess.run(pi_loss, feed_dict=inputs), "LossV", sess.run(v_loss, feed_dict=inputs))
if not os.path.exists("vpg"):
    os.makedirs("vpg")
saver.save(sess, os.path.join("vpg", "model"))
