# Source: tfmigrate (own code), a reduced repro of a small project's trainer (held-out set 28's distributed-training
# baseline): a model base class whose constructor builds the whole graph on `self` (placeholders, variables, a cost,
# Adam, an accuracy), opens `self.sess = tf.Session()` and runs the initializer, its train() raising
# NotImplementedError; the one derived class calls `super().__init__()` and overrides train().
# Adapted: see manifest.toml (adapted)
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


class Model:
    def __init__(self):
        rng = np.random.RandomState(3)
        self.data_x = rng.rand(48, 6).astype(np.float32)
        self.data_y = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 48)]

        self.x = tf.placeholder(tf.float32, [None, 6])
        self.y_ = tf.placeholder(tf.float32, [None, 3])
        self.w1 = tf.Variable(tf.truncated_normal([6, 12], stddev=0.1))
        self.b1 = tf.Variable(tf.constant(0.1, shape=[12]))
        self.h1 = tf.nn.relu(tf.matmul(self.x, self.w1) + self.b1)
        self.w2 = tf.Variable(tf.truncated_normal([12, 3], stddev=0.1))
        self.b2 = tf.Variable(tf.constant(0.1, shape=[3]))
        self.y = tf.nn.softmax(tf.matmul(self.h1, self.w2) + self.b2)

        self.cost = tf.reduce_mean(-tf.reduce_sum(self.y_ * tf.log(self.y), reduction_indices=[1]))
        self.optimizer = tf.train.AdamOptimizer(1e-2)
        self.train_step = self.optimizer.minimize(self.cost)

        self.prediction = tf.equal(tf.argmax(self.y, 1), tf.argmax(self.y_, 1))
        self.accuracy = tf.reduce_mean(tf.cast(self.prediction, tf.float32))

        # Create session
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def train(self):
        raise NotImplementedError("Train method not implemented")


class Single(Model):
    def __init__(self, training_time, batch_size):
        super().__init__()
        self.training_time = training_time
        self.batch_size = batch_size

    def train(self):
        for step in range(self.training_time):
            start = step * self.batch_size % 48
            x_batch = self.data_x[start:start + self.batch_size]
            y_batch = self.data_y[start:start + self.batch_size]
            _, cost = self.sess.run([self.train_step, self.cost], feed_dict={self.x: x_batch, self.y_: y_batch})
            print("step", step, "cost", cost)
        print("accuracy", self.sess.run(self.accuracy, feed_dict={self.x: self.data_x, self.y_: self.data_y}))


if __name__ == "__main__":
    single = Single(12, 16)
    single.train()
