# Source: pkmital/tensorflow_tutorials python/01_basics.py (commit 45043e8; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the matplotlib plots -> prints of each array's sum; skimage's astronaut -> a seeded 16x16x3 numpy image; tf.pack / tf.mul / tf.neg / tf.concat(axis, values) -> their TF 1.0 forms; the graph's op names printed as their count.
import numpy as np
import tensorflow as tf

n_values = 32
x = tf.linspace(-3.0, 3.0, n_values)

sess = tf.Session()
result = sess.run(x)
x.eval(session=sess)
sess.close()

sess = tf.InteractiveSession()
x.eval()

sigma = 1.0
mean = 0.0
z = tf.exp(tf.negative(tf.pow(x - mean, 2.0) / (2.0 * tf.pow(sigma, 2.0)))) * (1.0 / (sigma * tf.sqrt(2.0 * 3.1415)))
assert z.graph is tf.get_default_graph()
print(z.eval().sum())
print(z.get_shape())
print(z.get_shape().as_list())
print(tf.shape(z).eval())
print(tf.stack([tf.shape(z), tf.shape(z), [3], [4]]).eval())

z_2d = tf.matmul(tf.reshape(z, [n_values, 1]), tf.reshape(z, [1, n_values]))
print(z_2d.eval().sum())

x = tf.reshape(tf.sin(tf.linspace(-3.0, 3.0, n_values)), [n_values, 1])
y = tf.reshape(tf.ones_like(x), [1, n_values])
z = tf.multiply(tf.matmul(x, y), z_2d)
print(z.eval().sum())

ops = tf.get_default_graph().get_operations()
print(len([op.name for op in ops]))


def gabor(n_values=32, sigma=1.0, mean=0.0):
    x = tf.linspace(-3.0, 3.0, n_values)
    z = tf.exp(tf.negative(tf.pow(x - mean, 2.0) / (2.0 * tf.pow(sigma, 2.0)))) * (1.0 / (sigma * tf.sqrt(2.0 * 3.1415)))
    gauss = tf.matmul(tf.reshape(z, [n_values, 1]), tf.reshape(z, [1, n_values]))
    x = tf.reshape(tf.sin(tf.linspace(-3.0, 3.0, n_values)), [n_values, 1])
    y = tf.reshape(tf.ones_like(x), [1, n_values])
    return tf.multiply(tf.matmul(x, y), gauss)


print(gabor().eval().sum())


def convolve(img, W):
    if len(W.get_shape()) == 2:
        W = tf.reshape(W, W.get_shape().as_list() + [1, 1])
    if len(img.get_shape()) == 2:
        img = tf.reshape(img, [1] + img.get_shape().as_list() + [1])
    elif len(img.get_shape()) == 3:
        img = tf.reshape(img, [1] + img.get_shape().as_list())
        W = tf.concat([W, W, W], 2)
    return tf.nn.conv2d(img, W, strides=[1, 1, 1, 1], padding="SAME")


img = np.random.RandomState(0).uniform(0, 255, (16, 16, 3)).astype(np.float32)
print(img.shape)
x = tf.placeholder(tf.float32, shape=img.shape)
out = convolve(x, gabor())
result = tf.squeeze(out).eval(feed_dict={x: img})
print(result.shape, result.sum())
