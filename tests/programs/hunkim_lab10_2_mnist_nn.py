# Source: hunkim/DeepLearningZeroToAll lab-10-2-mnist_nn.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic samples of the same shape (numpy seed 0) and 64 test samples; 15 epochs -> 3;
# random.randint -> a fixed test index; matplotlib left out.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)

rng = np.random.RandomState(0)
train_images = rng.rand(256, 784).astype(np.float32)
train_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 256)]
test_images = rng.rand(64, 784).astype(np.float32)
test_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]

learning_rate = 0.001
training_epochs = 3
batch_size = 64

X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])

W1 = tf.Variable(tf.random_normal([784, 256]))
b1 = tf.Variable(tf.random_normal([256]))
L1 = tf.nn.relu(tf.matmul(X, W1) + b1)

W2 = tf.Variable(tf.random_normal([256, 256]))
b2 = tf.Variable(tf.random_normal([256]))
L2 = tf.nn.relu(tf.matmul(L1, W2) + b2)

W3 = tf.Variable(tf.random_normal([256, 10]))
b3 = tf.Variable(tf.random_normal([10]))
hypothesis = tf.matmul(L2, W3) + b3

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=hypothesis, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())

for epoch in range(training_epochs):
    avg_cost = 0
    total_batch = int(len(train_images) / batch_size)
    for i in range(total_batch):
        batch_xs = train_images[i * batch_size:(i + 1) * batch_size]
        batch_ys = train_labels[i * batch_size:(i + 1) * batch_size]
        sess.run(optimizer, feed_dict={X: batch_xs, Y: batch_ys})
        avg_cost += sess.run(cost, feed_dict={X: batch_xs, Y: batch_ys}) / total_batch
    print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.9f}".format(avg_cost))
print("Learning Finished!")

correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print("Accuracy:", sess.run(accuracy, feed_dict={X: test_images, Y: test_labels}))

r = 11
print("Label: ", sess.run(tf.argmax(test_labels[r:r + 1], 1)))
print("Prediction: ", sess.run(tf.argmax(hypothesis, 1), {X: test_images[r:r + 1]}))
