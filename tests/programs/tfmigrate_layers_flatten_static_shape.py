# Source: tfmigrate tests/programs/tfmigrate_layers_flatten_static_shape.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

tf.set_random_seed(123)
rng = np.random.RandomState(0)
images = rng.rand(64, 144).astype(np.float32)
labels = (images[:, :72].mean(axis=1) > images[:, 72:].mean(axis=1)).astype(np.int32)

tf_x = tf.placeholder(tf.float32, shape=[None, 144], name='tf_x')
tf_y = tf.placeholder(tf.int32, shape=[None], name='tf_y')
tf_x_image = tf.reshape(tf_x, shape=[-1, 12, 12, 1])

h1 = tf.layers.conv2d(tf_x_image, kernel_size=(3, 3), filters=4, activation=tf.nn.relu)
h1_pool = tf.layers.max_pooling2d(h1, pool_size=(2, 2), strides=(2, 2))
h2 = tf.layers.conv2d(h1_pool, kernel_size=(3, 3), filters=8, activation=tf.nn.relu)
h2_pool = tf.layers.max_pooling2d(h2, pool_size=(2, 2), strides=(2, 2))

input_shape = h2_pool.get_shape().as_list()
n_input_units = np.prod(input_shape[1:])
print('flattened units:', n_input_units)
h2_pool_flat = tf.reshape(h2_pool, shape=[-1, n_input_units])

h3 = tf.layers.dense(h2_pool_flat, 16, activation=tf.nn.relu)
logits = tf.layers.dense(h3, 2)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf_y, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(tf.argmax(logits, axis=1), tf.int32), tf_y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(1, 21):
        batch_loss, _ = sess.run([loss, train_op], feed_dict={tf_x: images, tf_y: labels})
        if epoch % 5 == 0:
            print('Epoch %02d loss %.5f' % (epoch, batch_loss))
    print('accuracy %.4f' % sess.run(accuracy, feed_dict={tf_x: images, tf_y: labels}))
