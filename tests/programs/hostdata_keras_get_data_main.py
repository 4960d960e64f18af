# Source: tfmigrate (own code) in the shape of public TF1 scripts (see manifest.toml: shape)
# Adapted: written for tfmigrate, no source text copied (see manifest.toml: adapted)
#
# MNIST softmax regression: a host function reads the Keras arrays, main() builds and trains the graph in a Session.
import numpy as np
import tensorflow as tf

def get_data():
    mnist = tf.keras.datasets.mnist
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    img_size = x_train.shape[1]
    x_train = np.reshape(x_train[:1000], [-1, img_size * img_size]).astype(np.float32) / 255.0
    x_test = np.reshape(x_test, [-1, img_size * img_size]).astype(np.float32) / 255.0
    return (x_train, np.eye(10)[y_train[:1000]].astype(np.float32)), (x_test, np.eye(10)[y_test].astype(np.float32))


def main():
    (x_train, y_train), (x_test, y_test) = get_data()
    print(x_train.shape, y_train.shape, x_test.shape)

    x = tf.placeholder(tf.float32, [None, 784])
    y = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    logits = tf.matmul(x, W) + b
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    batch_size = 100
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(5):
            total = 0.0
            for i in range(0, len(x_train), batch_size):
                _, c = sess.run([train_step, cost], feed_dict={x: x_train[i:i + batch_size], y: y_train[i:i + batch_size]})
                total += c
            print("epoch", epoch + 1, "cost", total / (len(x_train) // batch_size))
        print("test accuracy", sess.run(accuracy, feed_dict={x: x_test, y: y_test}))



if __name__ == "__main__":
    main()
