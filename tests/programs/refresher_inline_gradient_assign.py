# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

tf.set_random_seed(12345)
np.random.seed(12321)

# A placeholder for the inputs, one variable, a linear model.
input_x = tf.placeholder(tf.float32, [None, 3], name='features')
w = tf.get_variable('weights', [3, 1], initializer=tf.glorot_uniform_initializer())
output = tf.matmul(input_x, w)
output = tf.reshape(output, [-1])

input_y = tf.placeholder(tf.float32, [None], name='target')
loss = tf.reduce_mean(tf.square(output - input_y))

# The update: one step of gradient descent, its gradient taken inline.
update_op = tf.assign(w, w - 0.01 * tf.gradients(loss, w)[0])

x = np.random.randn(48, 3)
unknown_w = np.array([0.3, -0.21, 0.8])
y = np.dot(x, unknown_w)

batch_size = 8
num_epochs = 6
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    for epoch in range(num_epochs):
        shuffle_idx = np.random.permutation(np.arange(len(x)))
        x = x[shuffle_idx]
        y = y[shuffle_idx]
        epoch_losses = []
        for i in range(0, len(x), batch_size):
            batch_loss, _ = session.run([loss, update_op], feed_dict={input_x: x[i: i + batch_size], input_y: y[i: i + batch_size]})
            epoch_losses += [batch_loss]
        print('Epoch %d; TrainLoss: %.4f' % (epoch + 1, np.mean(epoch_losses)))
    print('Found parameters: %s' % str(w.eval().reshape(-1)))
