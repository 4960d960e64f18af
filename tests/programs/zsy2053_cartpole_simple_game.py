# Source: zsy2053/TensorFlow-for-Deep-Learning-with-Python simple_game.py @312d967 (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: gym's CartPole-v0 -> tests/data/host_libraries/gym (a seeded numpy stand-in, imported as `gym`);
# tf.contrib.layers.variance_scaling_initializer -> tf.variance_scaling_initializer; 50 episodes -> 10.
import tensorflow as tf
import gym
import numpy as np

n_inputs = 4
n_hidden = 4
n_outputs = 1

initializer = tf.variance_scaling_initializer()

X = tf.placeholder(tf.float32, shape=[None, n_inputs])

hidden_one = tf.layers.dense(X, n_hidden, activation=tf.nn.relu, kernel_initializer=initializer)
hidden_two = tf.layers.dense(hidden_one, n_hidden, activation=tf.nn.relu, kernel_initializer=initializer)
output = tf.layers.dense(hidden_two, n_outputs, activation=tf.nn.sigmoid, kernel_initializer=initializer)

probabilities = tf.concat(axis=1, values=[output, 1 - output])
action = tf.multinomial(probabilities, num_samples=1)

init = tf.global_variables_initializer()

episodes = 10
step_limit = 500
env = gym.make('CartPole-v0')
steps = []

with tf.Session() as sess:
    init.run()
    for episode in range(episodes):
        obs = env.reset()
        for step in range(step_limit):
            action_val = action.eval(feed_dict={X: obs.reshape(1, n_inputs)})
            obs, reward, done, info = env.step(action_val[0][0])
            if done:
                steps.append(step)
                print("Done after {} steps".format(step))
                break

print("After {} episodes, average steps per game was {}".format(episodes, np.mean(steps)))
env.close()
