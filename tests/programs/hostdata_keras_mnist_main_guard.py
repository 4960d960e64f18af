# Source: tfmigrate (own code) in the shape of public TF1 scripts (see manifest.toml: shape)
# Adapted: written for tfmigrate, no source text copied (see manifest.toml: adapted)
#
# A two-layer MNIST classifier, the whole program under the main guard, on Keras' dataset arrays.
import numpy as np
import tensorflow as tf
from tensorflow.keras.datasets import mnist

learning_rate = 0.01
hidden = 32
epochs = 4
batch_size = 50

if __name__ == "__main__":
    (train_images, train_labels), (test_images, test_labels) = mnist.load_data()
    train_images = train_images[:600].reshape(-1, 28 * 28).astype("float32") / 255.0
    train_labels = train_labels[:600].astype("int64")
    test_images = test_images.reshape(-1, 28 * 28).astype("float32") / 255.0
    test_labels = test_labels.astype("int64")

    tf.set_random_seed(1)
    images = tf.placeholder(tf.float32, [None, 784], name="images")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    w1 = tf.Variable(tf.random_normal([784, hidden], stddev=0.1))
    b1 = tf.Variable(tf.zeros([hidden]))
    w2 = tf.Variable(tf.random_normal([hidden, 10], stddev=0.1))
    b2 = tf.Variable(tf.zeros([10]))
    layer = tf.nn.relu(tf.matmul(images, w1) + b1)
    logits = tf.matmul(layer, w2) + b2
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    optimizer = tf.train.AdamOptimizer(learning_rate).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(epochs):
            for start in range(0, len(train_images), batch_size):
                feed = {images: train_images[start:start + batch_size], labels: train_labels[start:start + batch_size]}
                _, batch_loss = sess.run([optimizer, loss], feed_dict=feed)
            train_acc = sess.run(accuracy, feed_dict={images: train_images, labels: train_labels})
            print("epoch %d loss %.5f train accuracy %.4f" % (epoch, batch_loss, train_acc))
        print("test accuracy %.4f" % sess.run(accuracy, feed_dict={images: test_images, labels: test_labels}))
