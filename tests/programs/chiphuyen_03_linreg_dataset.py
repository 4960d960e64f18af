# Source: chiphuyen/stanford-tensorflow-tutorials examples/03_linreg_dataset.py (commit e99c50e; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the birth-life data file (the course's utils) -> 190 synthetic float32 rows of the same shape, numpy seed 0; 100 epochs -> 20; the elapsed time not printed and the matplotlib plot left out.
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

import numpy as np
import tensorflow as tf

# Step 1: the data (birth rate, life expectancy)
rng = np.random.RandomState(0)
births = rng.uniform(1.0, 7.0, size=190)
data = np.stack([births, 85.0 - 6.0 * births + rng.normal(0.0, 3.0, size=190)], axis=1).astype(np.float32)
n_samples = len(data)

# Step 2: a Dataset and its iterator
dataset = tf.data.Dataset.from_tensor_slices((data[:, 0], data[:, 1]))
iterator = dataset.make_initializable_iterator()
X, Y = iterator.get_next()

# Step 3: weight and bias, both 0
w = tf.get_variable("weights", initializer=tf.constant(0.0))
b = tf.get_variable("bias", initializer=tf.constant(0.0))

# Step 4-6: the model, the squared error, gradient descent
Y_predicted = X * w + b
loss = tf.square(Y - Y_predicted, name="loss")
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.001).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter("./graphs/linear_reg", sess.graph)
    for i in range(20):
        sess.run(iterator.initializer)
        total_loss = 0
        try:
            while True:
                _, l = sess.run([optimizer, loss])
                total_loss += l
        except tf.errors.OutOfRangeError:
            pass
        print("Epoch {0}: {1}".format(i, total_loss / n_samples))
    writer.close()
    w_out, b_out = sess.run([w, b])
    print("w: %f, b: %f" % (w_out, b_out))
