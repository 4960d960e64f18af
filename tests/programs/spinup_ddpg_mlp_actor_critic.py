# Source: openai/spinningup spinup/algos/tf1/ddpg/core.py + ddpg.py @2092113 (MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output).
# Adapted: mlp(x, hidden_sizes, activation, output_activation) as in core.py, its defaults dropped (every call
# gives all four), its hidden layers built by a loop over hidden_sizes[:-1]; mlp_actor_critic's three builds (pi,
# q, q reused on pi) at module level with literal size lists (list(hidden_sizes)+[act_dim] -> [16, 16, 2]),
# tf.squeeze(mlp(...)) split into two lines; no gym environment or replay buffer: one seeded numpy batch;
# get_vars(scope) -> tf.get_collection(GLOBAL_VARIABLES, scope); act_limit 1; target networks dropped; 6 training
# steps; tf.set_random_seed(3) so that the numbers can be compared.
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(0)


def mlp(x, hidden_sizes, activation, output_activation):
    for h in hidden_sizes[:-1]:
        x = tf.layers.dense(x, units=h, activation=activation)
    return tf.layers.dense(x, units=hidden_sizes[-1], activation=output_activation)


x_ph = tf.placeholder(tf.float32, [None, 3])
a_ph = tf.placeholder(tf.float32, [None, 2])
r_ph = tf.placeholder(tf.float32, [None])

with tf.variable_scope('pi'):
    pi = mlp(x_ph, [16, 16, 2], tf.nn.relu, tf.tanh)
with tf.variable_scope('q'):
    q_out = mlp(tf.concat([x_ph, a_ph], axis=-1), [16, 16, 1], tf.nn.relu, None)
    q = tf.squeeze(q_out, axis=1)
with tf.variable_scope('q', reuse=True):
    q_pi_out = mlp(tf.concat([x_ph, pi], axis=-1), [16, 16, 1], tf.nn.relu, None)
    q_pi = tf.squeeze(q_pi_out, axis=1)

pi_loss = -tf.reduce_mean(q_pi)
q_loss = tf.reduce_mean((q - r_ph) ** 2)
pi_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='pi')
q_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='q')
train_pi_op = tf.train.AdamOptimizer(learning_rate=1e-3).minimize(pi_loss, var_list=pi_vars)
train_q_op = tf.train.AdamOptimizer(learning_rate=1e-3).minimize(q_loss, var_list=q_vars)

obs = rng.randn(8, 3).astype(np.float32)
act = rng.uniform(-1, 1, size=(8, 2)).astype(np.float32)
rew = rng.randn(8).astype(np.float32)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(6):
    feed = {x_ph: obs, a_ph: act, r_ph: rew}
    outs = sess.run([q_loss, q, train_q_op], feed)
    outs_pi = sess.run([pi_loss, train_pi_op], feed)
    print("step %d q_loss %.6f pi_loss %.6f" % (step, outs[0], outs_pi[0]))
print(sess.run(pi, {x_ph: obs[:2]}))
