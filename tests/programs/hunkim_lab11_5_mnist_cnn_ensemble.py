# Source: hunkim/DeepLearningZeroToAll lab-11-5-mnist_cnn_ensemble_layers.py (no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 128 synthetic samples of the same shape (numpy seed 0) and 32 test samples, next_batch -> slices;
# 20 epochs -> 2; tf.layers conv/dense -> tf.Variable + tf.nn ops (two conv blocks of 4/8 filters, dense 32); 7 models -> 2.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)

rng = np.random.RandomState(0)
train_images = rng.rand(128, 784).astype(np.float32)
train_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 128)]
test_images = rng.rand(32, 784).astype(np.float32)
test_labels = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 32)]

learning_rate = 0.001
training_epochs = 2
batch_size = 64


class Model:

    def __init__(self, sess, name):
        self.sess = sess
        self.name = name
        self._build_net()

    def _build_net(self):
        with tf.variable_scope(self.name):
            self.training = tf.placeholder(tf.float32)
            self.X = tf.placeholder(tf.float32, [None, 784])
            X_img = tf.reshape(self.X, [-1, 28, 28, 1])
            self.Y = tf.placeholder(tf.float32, [None, 10])

            W1 = tf.Variable(tf.random_normal([3, 3, 1, 4], stddev=0.01))
            L1 = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(X_img, W1, strides=[1, 1, 1, 1], padding='SAME')),
                                ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
            W2 = tf.Variable(tf.random_normal([3, 3, 4, 8], stddev=0.01))
            L2 = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(L1, W2, strides=[1, 1, 1, 1], padding='SAME')),
                                ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
            flat = tf.reshape(L2, [-1, 8 * 7 * 7])
            W3 = tf.Variable(tf.random_normal([8 * 7 * 7, 32], stddev=0.1))
            L3 = tf.nn.relu(tf.matmul(flat, W3))
            W4 = tf.Variable(tf.random_normal([32, 10], stddev=0.1))
            self.logits = tf.matmul(L3, W4)

        self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=self.logits, labels=self.Y))
        self.optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(self.cost)

        correct_prediction = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

    def predict(self, x_test, training=False):
        return self.sess.run(self.logits, feed_dict={self.X: x_test, self.training: training})

    def get_accuracy(self, x_test, y_test, training=False):
        return self.sess.run(self.accuracy, feed_dict={self.X: x_test, self.Y: y_test, self.training: training})

    def train(self, x_data, y_data, training=True):
        return self.sess.run([self.cost, self.optimizer], feed_dict={
            self.X: x_data, self.Y: y_data, self.training: training})


sess = tf.Session()

models = []
num_models = 2
for m in range(num_models):
    models.append(Model(sess, "model" + str(m)))

sess.run(tf.global_variables_initializer())

print('Learning Started!')

for epoch in range(training_epochs):
    avg_cost_list = np.zeros(len(models))
    total_batch = int(len(train_images) / batch_size)
    for i in range(total_batch):
        batch_xs = train_images[i * batch_size:(i + 1) * batch_size]
        batch_ys = train_labels[i * batch_size:(i + 1) * batch_size]
        for m_idx, m in enumerate(models):
            c, _ = m.train(batch_xs, batch_ys)
            avg_cost_list[m_idx] += c / total_batch

    print('Epoch:', '%04d' % (epoch + 1), 'cost =', avg_cost_list)

print('Learning Finished!')

test_size = len(test_labels)
predictions = np.zeros([test_size, 10])
for m_idx, m in enumerate(models):
    print(m_idx, 'Accuracy:', m.get_accuracy(test_images, test_labels))
    p = m.predict(test_images)
    predictions += p

ensemble_correct_prediction = tf.equal(tf.argmax(predictions, 1), tf.argmax(test_labels, 1))
ensemble_accuracy = tf.reduce_mean(tf.cast(ensemble_correct_prediction, tf.float32))
print('Ensemble accuracy:', sess.run(ensemble_accuracy))
