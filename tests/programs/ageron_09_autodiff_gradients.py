# Source: ageron/handson-ml 09_up_and_running_with_tensorflow.ipynb (Using autodiff) @ 963b83f (Apache-2.0). Batch gradient descent on the California housing regression, the gradients taken by tf.gradients and applied by tf.assign.
# Adapted: notebook cells -> one script; reset_graph() -> its tf.set_random_seed(42) and np.random.seed(42) at module level; fetch_california_housing (a download) -> 200 seeded random samples of 8 features, standardised with numpy as StandardScaler does, the target made a column where it is made (`housing.target.reshape(-1, 1)` inside tf.constant keeps the graph tier: a numpy method call in a graph expression); 1000 epochs -> 100, the MSE printed every 10.
import numpy as np
import tensorflow as tf

tf.set_random_seed(42)
np.random.seed(42)

m, n = 200, 8
housing_data = np.random.rand(m, n) * [8.0, 50.0, 7.0, 1.0, 3000.0, 3.0, 40.0, 120.0]
housing_target = (housing_data @ np.linspace(-0.5, 0.5, n) / 100.0 + np.random.randn(m) * 0.1).reshape(-1, 1)
scaled_housing_data = (housing_data - housing_data.mean(axis=0)) / housing_data.std(axis=0)
scaled_housing_data_plus_bias = np.c_[np.ones((m, 1)), scaled_housing_data]

n_epochs = 100
learning_rate = 0.01

X = tf.constant(scaled_housing_data_plus_bias, dtype=tf.float32, name="X")
y = tf.constant(housing_target, dtype=tf.float32, name="y")
theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
y_pred = tf.matmul(X, theta, name="predictions")
error = y_pred - y
mse = tf.reduce_mean(tf.square(error), name="mse")

gradients = tf.gradients(mse, [theta])[0]

training_op = tf.assign(theta, theta - learning_rate * gradients)

init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)

    for epoch in range(n_epochs):
        if epoch % 10 == 0:
            print("Epoch", epoch, "MSE =", mse.eval())
        sess.run(training_op)

    best_theta = theta.eval()

print("Best theta:")
print(best_theta)
