# Source: aymericdamien/TensorFlow-Examples examples/3_NeuralNetworks/neural_network_raw.py (commit 01c42ea; MIT licence)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 300 synthetic samples of the same shape, each a class template plus noise (numpy seed 0), and
# 100 test samples, next_batch -> slices; 15 epochs -> 4; hidden layers 256 -> 32.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
templates = rng.rand(10, 784).astype(np.float32)
train_ids = rng.randint(0, 10, 300)
test_ids = rng.randint(0, 10, 100)
train_images = (0.5 * rng.rand(300, 784) + templates[train_ids]).astype(np.float32)
train_labels = np.eye(10, dtype=np.float32)[train_ids]
test_images = (0.5 * rng.rand(100, 784) + templates[test_ids]).astype(np.float32)
test_labels = np.eye(10, dtype=np.float32)[test_ids]

learning_rate = 0.001
training_epochs = 4
batch_size = 100
display_step = 1

n_hidden_1 = 32
n_hidden_2 = 32
n_input = 784
n_classes = 10

X = tf.placeholder("float", [None, n_input])
Y = tf.placeholder("float", [None, n_classes])

weights = {
    "h1": tf.Variable(tf.random_normal([n_input, n_hidden_1])),
    "h2": tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2])),
    "out": tf.Variable(tf.random_normal([n_hidden_2, n_classes])),
}
biases = {
    "b1": tf.Variable(tf.random_normal([n_hidden_1])),
    "b2": tf.Variable(tf.random_normal([n_hidden_2])),
    "out": tf.Variable(tf.random_normal([n_classes])),
}


def neural_net(x):
    layer_1 = tf.add(tf.matmul(x, weights["h1"]), biases["b1"])
    layer_2 = tf.add(tf.matmul(layer_1, weights["h2"]), biases["b2"])
    out_layer = tf.matmul(layer_2, weights["out"]) + biases["out"]
    return out_layer


logits = neural_net(X)

loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    for epoch in range(training_epochs):
        avg_cost = 0.0
        total_batch = int(len(train_images) / batch_size)
        for i in range(total_batch):
            batch_x = train_images[i * batch_size:(i + 1) * batch_size]
            batch_y = train_labels[i * batch_size:(i + 1) * batch_size]
            _, c = sess.run([train_op, loss_op], feed_dict={X: batch_x, Y: batch_y})
            avg_cost += c / total_batch
        if epoch % display_step == 0:
            print("Epoch:", "%04d" % (epoch + 1), "cost={:.9f}".format(avg_cost))
    print("Optimization Finished!")

    pred = tf.nn.softmax(logits)
    correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
    print("Accuracy:", accuracy.eval({X: test_images, Y: test_labels}))
