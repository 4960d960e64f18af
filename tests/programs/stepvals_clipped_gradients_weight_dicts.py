# Source: aymericdamien/TensorFlow-Examples examples/3_NeuralNetworks/multilayer_perceptron.py (MIT), own code in its shape
# Adapted: weights/biases dicts and the multilayer_perceptron(x) helper kept, the gradients clipped before applying
# (compute_gradients without a var_list), synthetic clustered data, 4 epochs of 6 batches; no source text copied
#
# A two-layer classifier trained with clipped gradients, written for tfmigrate in the shape of the TF1 programs that
# clip before applying (`gvs = optimizer.compute_gradients(cost)`, `capped_gvs = [(tf.clip_by_value(grad, -1., 1.),
# var) for grad, var in gvs]`, `train_op = optimizer.apply_gradients(capped_gvs, global_step=global_step)`) and
# fetch the cost and the accuracy with the train op. Synthetic data, no source text copied.
import numpy as np
import tensorflow as tf

tf.set_random_seed(11)
rng = np.random.RandomState(4)
n_input, n_hidden, n_classes = 6, 12, 3
centres = rng.randn(n_classes, n_input).astype(np.float32) * 2.0
labels = rng.randint(0, n_classes, size=240)
features = (centres[labels] + rng.randn(240, n_input)).astype(np.float32)
one_hot = np.eye(n_classes, dtype=np.float32)[labels]

x = tf.placeholder(tf.float32, [None, n_input])
y = tf.placeholder(tf.float32, [None, n_classes])
weights = {
    "h1": tf.Variable(tf.random_normal([n_input, n_hidden], stddev=0.5)),
    "out": tf.Variable(tf.random_normal([n_hidden, n_classes], stddev=0.5)),
}
biases = {
    "b1": tf.Variable(tf.zeros([n_hidden])),
    "out": tf.Variable(tf.zeros([n_classes])),
}


def multilayer_perceptron(x):
    layer_1 = tf.nn.relu(tf.add(tf.matmul(x, weights["h1"]), biases["b1"]))
    return tf.matmul(layer_1, weights["out"]) + biases["out"]


logits = multilayer_perceptron(x)
prediction = tf.nn.softmax(logits)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y))
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

global_step = tf.Variable(0, name="global_step", trainable=False)
optimizer = tf.train.AdamOptimizer(learning_rate=0.05)
gvs = optimizer.compute_gradients(cost)
capped_gvs = [(tf.clip_by_value(grad, -1.0, 1.0), var) for grad, var in gvs]
train_op = optimizer.apply_gradients(capped_gvs, global_step=global_step)

batch_size = 40
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(4):
        avg_cost = 0.0
        for i in range(0, 240, batch_size):
            batch_x, batch_y = features[i : i + batch_size], one_hot[i : i + batch_size]
            _, c, acc = sess.run([train_op, cost, accuracy], feed_dict={x: batch_x, y: batch_y})
            avg_cost += c / 6
        print("Epoch:", epoch + 1, "cost=", "{:.6f}".format(avg_cost), "last batch accuracy=", acc)
    print("step", sess.run(global_step))
    print("Accuracy:", sess.run(accuracy, feed_dict={x: features, y: one_hot}))
