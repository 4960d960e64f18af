# Source: eshouppe/reinforcement_learning frozen_lake.py @60f9a0b (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: gym's FrozenLake-v0 -> tests/data/host_libraries/gym (a seeded numpy stand-in, imported as `gym`);
# tf.set_random_seed(0) and np.random.seed(0) added in the network function; 2000 episodes -> 30 (both functions);
# matplotlib's plot function and the commented-out table runs left out; the last weights' sum also printed.
"""Frozen Lake two ways: a Q table, and a Q network."""
import random
import gym
import numpy as np
import tensorflow as tf


def lake_q_table():
    """Q-learning with a table"""
    env = gym.make('FrozenLake-v0')
    table = np.zeros([env.observation_space.n, env.action_space.n])
    rate = 0.85
    discount = 0.99
    episodes = 30
    rewards = []
    for idx in range(episodes):
        state = env.reset()
        total = 0
        done = False
        j = 0
        while j < 99:
            j += 1
            action = np.argmax(table[state, :] + np.random.randn(1, env.action_space.n) * (1. / (idx + 1)))
            next_state, reward, done, _ = env.step(action)
            table[state, action] = table[state, action] + rate * (
                reward + discount * np.max(table[next_state, :]) - table[state, action])
            total += reward
            state = next_state
            if done:
                break
        rewards.append(total)
    return rewards, episodes


def lake_q_network():
    """Q-learning with a one-layer network"""
    env = gym.make('FrozenLake-v0')

    tf.reset_default_graph()
    tf.set_random_seed(0)
    np.random.seed(0)
    inputs = tf.placeholder(shape=[1, 16], dtype=tf.float32)
    W = tf.Variable(tf.random_uniform(shape=[16, 4], minval=0, maxval=0.01))
    q_values = tf.matmul(inputs, W)
    best_action = tf.argmax(q_values, 1)

    next_q = tf.placeholder(shape=[1, 4], dtype=tf.float32)
    squared = tf.reduce_sum(tf.square(next_q - q_values))
    trainer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
    step_op = trainer.minimize(squared)

    init = tf.initialize_all_variables()
    y = 0.99
    e = 0.1
    episodes = 30
    steps = []
    rewards = []

    with tf.Session() as sess:
        sess.run(init)
        for i in range(episodes):
            s = env.reset()
            total = 0
            d = False
            j = 0
            while j < 99:
                j += 1
                a, all_q = sess.run([best_action, q_values], feed_dict={inputs: np.identity(16)[s:s + 1]})
                if np.random.rand(1) < e:
                    a[0] = env.action_space.sample()
                s_next, r, d, _ = env.step(a[0])
                q_next = sess.run(q_values, feed_dict={inputs: np.identity(16)[s_next:s_next + 1]})
                target = all_q
                target[0, a[0]] = r + y * np.max(q_next)
                _, w_now = sess.run([step_op, W], feed_dict={inputs: np.identity(16)[s:s + 1], next_q: target})
                total += r
                s = s_next
                if d:
                    e = 1.0 / ((i / 50) + 10)
                    break
            steps.append(j)
            rewards.append(total)
    print("Percent of succesful episodes: " + str(sum(rewards) / episodes) + "%")
    print("steps:", sum(steps), "weights sum:", round(float(np.sum(w_now)), 6))


lake_q_network()
