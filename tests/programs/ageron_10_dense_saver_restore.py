# Source: ageron/handson-ml 10_introduction_to_artificial_neural_networks.ipynb (Using dense() instead of neuron_layer(); the restore cell of "Using plain TensorFlow") @ 7f30984 (Apache-2.0). tf.layers.dense under tf.name_scope blocks, GradientDescentOptimizer, tf.train.Saver: train, save, then a second Session that restores and predicts (Hands-On Machine Learning, chapter 10).
# Adapted: notebook cells -> one script; reset_graph() -> its tf.set_random_seed(42) and np.random.seed(42) at module level; MNIST -> 200 synthetic samples of 20 features and 3 classes (numpy seed 42), samples 0-40 also the validation set and 40-60 the test set; hidden 300/100 -> 16/8, 10 outputs -> 3 (20 epochs of batches of 50 kept: 4 an epoch); the restore cell of the plain-TensorFlow section appended after the save (restoring "./my_model_final.ckpt") with Z's first rows printed beside the predicted classes; save_graph and TensorBoard left out.
import numpy as np
import tensorflow as tf

tf.set_random_seed(42)
np.random.seed(42)
X_train = np.random.rand(200, 20).astype(np.float32)
y_train = (X_train[:, :3].argmax(axis=1)).astype(np.int32)
X_valid, y_valid = X_train[:40], y_train[:40]
X_test = X_train[40:60]
batch_size = 50


def shuffle_batch(X, y, batch_size):
    rnd_idx = np.random.permutation(len(X))
    n_batches = len(X) // batch_size
    for batch_idx in np.array_split(rnd_idx, n_batches):
        X_batch, y_batch = X[batch_idx], y[batch_idx]
        yield X_batch, y_batch


n_inputs = 20
n_hidden1 = 16
n_hidden2 = 8
n_outputs = 3

X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None), name="y")

with tf.name_scope("dnn"):
    hidden1 = tf.layers.dense(X, n_hidden1, name="hidden1",
                              activation=tf.nn.relu)
    hidden2 = tf.layers.dense(hidden1, n_hidden2, name="hidden2",
                              activation=tf.nn.relu)
    logits = tf.layers.dense(hidden2, n_outputs, name="outputs")
    y_proba = tf.nn.softmax(logits)

with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(xentropy, name="loss")

learning_rate = 0.01

with tf.name_scope("train"):
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    training_op = optimizer.minimize(loss)

with tf.name_scope("eval"):
    correct = tf.nn.in_top_k(logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

init = tf.global_variables_initializer()
saver = tf.train.Saver()

n_epochs = 20
n_batches = 50

with tf.Session() as sess:
    init.run()
    for epoch in range(n_epochs):
        for X_batch, y_batch in shuffle_batch(X_train, y_train, batch_size):
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        acc_batch = accuracy.eval(feed_dict={X: X_batch, y: y_batch})
        acc_valid = accuracy.eval(feed_dict={X: X_valid, y: y_valid})
        print(epoch, "Batch accuracy:", acc_batch, "Validation accuracy:", acc_valid)

    save_path = saver.save(sess, "./my_model_final.ckpt")

with tf.Session() as sess:
    saver.restore(sess, "./my_model_final.ckpt") # or better, use save_path
    X_new_scaled = X_test[:20]
    Z = logits.eval(feed_dict={X: X_new_scaled})
    y_pred = np.argmax(Z, axis=1)
print("Predicted classes:", y_pred)
print("Logits:", Z[:3])
