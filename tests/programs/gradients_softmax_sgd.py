# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
trX = rng.rand(200, 20).astype(np.float32)
trY = np.eye(4, dtype=np.float32)[rng.randint(0, 4, 200)]
n = trX.shape[0]

learning_rate = 0.05
gamma = 1e-4

### tf Graph Input
x = tf.placeholder(tf.float32, [None, 20])
y = tf.placeholder(tf.float32, [None, 4])

### Set model weights
W = tf.Variable(tf.zeros([20, 4]))
b = tf.Variable(tf.zeros([4]))

### Construct model
pred = tf.nn.softmax(tf.matmul(x, W) + b)

### Define loss function
cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(pred), reduction_indices=1)) + gamma * tf.reduce_sum(tf.square(W))
[dW, db] = tf.gradients(cost, [W, b])

### Formulate and apply SGD update
update_W = learning_rate * dW
update_b = learning_rate * db
adj_W = W.assign(W - update_W)
adj_b = b.assign(b - update_b)

init = tf.global_variables_initializer()
costs = []
with tf.Session() as sess:
    sess.run(init)
    for i in range(200):
        idx = (i * 10) % n
        sess.run([adj_b, adj_W], feed_dict={x: trX[idx:idx + 10, :], y: trY[idx:idx + 10, :]})
        if i % 20 == 0:
            curr_cost, gt_update = sess.run([cost, update_W], feed_dict={x: trX, y: trY})
            costs.append(curr_cost)
            print("Iteration: {0}\tCost: {1}\tUpdate: {2}".format(i, curr_cost, np.sum(np.square(gt_update))))
