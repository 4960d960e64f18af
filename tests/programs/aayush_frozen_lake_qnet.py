# Source: Aayush1129/Reinforcement-Learning frozen_lake.py @4872310 (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: gym's FrozenLake-v0 -> tests/data/host_libraries/gym (a seeded numpy stand-in, imported as `gym`);
# tf.set_random_seed(0) and np.random.seed(0) added; 2000 episodes -> 40; the last weights' sum also printed.
import gym
import numpy as np
import random
import tensorflow as tf

env = gym.make('FrozenLake-v0')
tf.reset_default_graph()
tf.set_random_seed(0)
np.random.seed(0)

# the feed-forward part: a one-hot state in, one Q value per action out
state_in = tf.placeholder(shape=[1, 16], dtype=tf.float32)
weights = tf.Variable(tf.random_uniform([16, 4], 0, 0.01))
q_out = tf.matmul(state_in, weights)
greedy = tf.argmax(q_out, 1)

# sum of squares between the target Q values and the predicted ones
q_target = tf.placeholder(shape=[1, 4], dtype=tf.float32)
loss = tf.reduce_sum(tf.square(q_target - q_out))
trainer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
update = trainer.minimize(loss)

init = tf.initialize_all_variables()

gamma = .99
explore = 0.1
episodes = 40
steps_list = []
rewards_list = []
with tf.Session() as sess:
    sess.run(init)
    for i in range(episodes):
        s = env.reset()
        total = 0
        done = False
        j = 0
        while j < 99:
            j += 1
            a, all_q = sess.run([greedy, q_out], feed_dict={state_in: np.identity(16)[s:s + 1]})
            if np.random.rand(1) < explore:
                a[0] = env.action_space.sample()
            s1, r, done, _ = env.step(a[0])
            q1 = sess.run(q_out, feed_dict={state_in: np.identity(16)[s1:s1 + 1]})
            best = np.max(q1)
            target = all_q
            target[0, a[0]] = r + gamma * best
            _, w1 = sess.run([update, weights], feed_dict={state_in: np.identity(16)[s:s + 1], q_target: target})
            total += r
            s = s1
            if done == True:
                explore = 1. / ((i / 50) + 10)
                break
        steps_list.append(j)
        rewards_list.append(total)
print("Percent of succesful episodes: " + str(sum(rewards_list) / episodes) + "%")
print("steps:", sum(steps_list), "weights sum:", round(float(np.sum(w1)), 6))
