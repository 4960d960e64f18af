# Source: aymericdamien/TensorFlow-Examples examples/4_Utils/save_restore_model.py (commit 3c319dd; MIT licence)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 200 synthetic samples of the same shape (numpy seed 0), next_batch -> slices; hidden layers
# 256 -> 64; 3 + 7 epochs -> 2 + 2; model_path "/tmp/model.ckpt" -> "model.ckpt" in the working directory.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_images = rng.rand(200, 784).astype(np.float32)
train_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 200)]

learning_rate = 0.001
batch_size = 100
display_step = 1
model_path = "model.ckpt"

n_hidden_1 = 64
n_hidden_2 = 64
n_input = 784
n_classes = 10

x = tf.placeholder("float", [None, n_input])
y = tf.placeholder("float", [None, n_classes])


def multilayer_perceptron(x, weights, biases):
    layer_1 = tf.add(tf.matmul(x, weights["h1"]), biases["b1"])
    layer_1 = tf.nn.relu(layer_1)
    layer_2 = tf.add(tf.matmul(layer_1, weights["h2"]), biases["b2"])
    layer_2 = tf.nn.relu(layer_2)
    out_layer = tf.matmul(layer_2, weights["out"]) + biases["out"]
    return out_layer


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

pred = multilayer_perceptron(x, weights, biases)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)
init = tf.global_variables_initializer()
saver = tf.train.Saver()


def run_epochs(sess, epochs):
    for epoch in range(epochs):
        avg_cost = 0.0
        total_batch = int(len(train_images) / batch_size)
        for i in range(total_batch):
            batch_x = train_images[i * batch_size:(i + 1) * batch_size]
            batch_y = train_labels[i * batch_size:(i + 1) * batch_size]
            _, c = sess.run([optimizer, cost], feed_dict={x: batch_x, y: batch_y})
            avg_cost += c / total_batch
        if epoch % display_step == 0:
            print("Epoch:", "%04d" % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))


print("Starting 1st session...")
with tf.Session() as sess:
    sess.run(init)
    run_epochs(sess, 2)
    print("First Optimization Finished!")
    correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
    first_accuracy = accuracy.eval({x: train_images, y: train_labels})
    print("Accuracy:", first_accuracy)
    save_path = saver.save(sess, model_path)
    print("Model saved in file: %s" % save_path)

print("Starting 2nd session...")
with tf.Session() as sess:
    sess.run(init)
    saver.restore(sess, model_path)
    print("Model restored from file: %s" % save_path)
    print("Restored accuracy equals saved:", accuracy.eval({x: train_images, y: train_labels}) == first_accuracy)
    run_epochs(sess, 2)
    print("Second Optimization Finished!")
    print("Accuracy:", accuracy.eval({x: train_images, y: train_labels}))
