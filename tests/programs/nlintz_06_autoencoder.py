# Source: nlintz/TensorFlow-Tutorials 06_autoencoder.py (commit 318ee0e; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic training and 64 test samples of the same shape (numpy seed 0), tf.set_random_seed(1)
# added; 500 hidden units -> 64; 100 epochs -> 3; the matplotlib plots of the reconstructions left out.
import numpy as np
import tensorflow as tf

np.random.seed(0)
tf.set_random_seed(1)

mnist_width = 28
n_visible = mnist_width * mnist_width
n_hidden = 64
corruption_level = 0.3

X = tf.placeholder("float", [None, n_visible], name="X")
mask = tf.placeholder("float", [None, n_visible], name="mask")

W_init_max = 4 * np.sqrt(6.0 / (n_visible + n_hidden))
W_init = tf.random_uniform(shape=[n_visible, n_hidden], minval=-W_init_max, maxval=W_init_max)

W = tf.Variable(W_init, name="W")
b = tf.Variable(tf.zeros([n_hidden]), name="b")

W_prime = tf.transpose(W)
b_prime = tf.Variable(tf.zeros([n_visible]), name="b_prime")


def model(X, mask, W, b, W_prime, b_prime):
    tilde_X = mask * X
    Y = tf.nn.sigmoid(tf.matmul(tilde_X, W) + b)
    Z = tf.nn.sigmoid(tf.matmul(Y, W_prime) + b_prime)
    return Z


Z = model(X, mask, W, b, W_prime, b_prime)

cost = tf.reduce_sum(tf.pow(X - Z, 2))
train_op = tf.train.GradientDescentOptimizer(0.02).minimize(cost)
predict_op = Z

trX = (np.random.rand(256, n_visible) > 0.8).astype(np.float32)
teX = (np.random.rand(64, n_visible) > 0.8).astype(np.float32)

with tf.Session() as sess:
    tf.initialize_all_variables().run()

    for i in range(3):
        for start, end in zip(range(0, len(trX), 128), range(128, len(trX) + 1, 128)):
            input_ = trX[start:end]
            mask_np = np.random.binomial(1, 1 - corruption_level, input_.shape)
            sess.run(train_op, feed_dict={X: input_, mask: mask_np})

        mask_np = np.random.binomial(1, 1 - corruption_level, teX.shape)
        print(i, sess.run(cost, feed_dict={X: teX, mask: mask_np}))
    mask_np = np.random.binomial(1, 1 - corruption_level, teX[:10].shape)
    predicted_imgs = sess.run(predict_op, feed_dict={X: teX[:10], mask: mask_np})
    print(predicted_imgs.shape, predicted_imgs[0, :5])
    print("Done")
