# Source: tfmigrate (own code), a reduced shape of a learner's MNIST net (held-out set 29's dl_mnist_fnn_bn; no
# source text copied): fc_layer / loss_function / optimizer helpers, each opening `with tf.name_scope(name) as scope:`
# and never reading `scope`; get_variable weights named from the layer name, tf.layers.batch_normalization(training=
# True) whose update ops never run, a train and a "val" loss built from the same logits, the minimize built in the
# optimizer helper and returned; the program under the main guard.
# Adapted: see manifest.toml (adapted)
import numpy as np
import tensorflow as tf


def fc_layer(input, name, shape, use_norm=True):
    with tf.name_scope(name) as scope:
        W = tf.get_variable(name=name + '_W', shape=[shape[0], shape[1]],
                            initializer=tf.glorot_uniform_initializer(), trainable=True)
        b = tf.get_variable(name=name + '_b', shape=[shape[1]], initializer=tf.glorot_uniform_initializer(),
                            trainable=True)
        if use_norm:
            x_norm = tf.layers.batch_normalization(tf.matmul(input, W) + b, training=True, name=name + '_BN')
        else:
            x_norm = tf.matmul(input, W) + b
        return tf.nn.relu(x_norm)


def loss_function(logits, labels, name):
    with tf.name_scope(name) as scope:
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels, name=name + '_loss'))

    return loss


def optimizer(learning_rate, loss, name):
    with tf.name_scope(name) as scope:
        opt = tf.train.GradientDescentOptimizer(learning_rate=learning_rate).minimize(loss=loss)
    return opt


if __name__ == "__main__":
    tf.set_random_seed(3)
    rng = np.random.RandomState(0)
    images = rng.rand(192, 20).astype(np.float32)
    labels = np.eye(4, dtype=np.float32)[rng.randint(0, 4, 192)]
    learning_rate = 0.1
    batch_size = 32
    epochs = 3

    X = tf.placeholder(tf.float32, [batch_size, 20])
    Y = tf.placeholder(tf.float32, [batch_size, 4])

    layer1 = fc_layer(X, 'input', (20, 16))
    layer2 = fc_layer(layer1, 'hidden1', (16, 16))
    logits = fc_layer(layer2, 'output', (16, 4), use_norm=False)

    train_loss = loss_function(logits, Y, 'train')
    val_loss = loss_function(logits, Y, 'val')
    train = optimizer(learning_rate, train_loss, 'sgd')

    iter_per_epoch = 160 // batch_size
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(epochs):
            train_l = 0
            val_l = 0
            for j in range(iter_per_epoch):
                x_train = images[j * batch_size:(j + 1) * batch_size]
                y_train = labels[j * batch_size:(j + 1) * batch_size]
                _, loss_train = sess.run([train, train_loss], feed_dict={X: x_train, Y: y_train})
                loss_val = sess.run(val_loss, feed_dict={X: images[160:], Y: labels[160:]})
                train_l += loss_train
                val_l += loss_val
            print('Epoch {:d}--train loss:{:f}, val loss:{:f}'.format(i + 1, train_l / iter_per_epoch,
                                                                      val_l / iter_per_epoch))
