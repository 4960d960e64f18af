# Source: darksigma/Fundamentals-of-Deep-Learning-Book fdl_examples/chapter3/multilayer_perceptron_updated.py
# (commit a5a4cdf; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: MNIST -> 256 synthetic training and 64 test samples of the same shape (numpy seed 0); hidden 256 -> 32;
# 1000 epochs -> 3, batch 100 -> 64; tf.set_random_seed(1) in the graph so that the numbers can be compared;
# FileWriter(graph_def=sess.graph_def) -> FileWriter(graph=sess.graph).
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
train_x = rng.rand(256, 784).astype(np.float32)
train_y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 256)]
test_x = rng.rand(64, 784).astype(np.float32)
test_y = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 64)]

learning_rate = 0.01
training_epochs = 3
batch_size = 64
display_step = 1
n_hidden_1 = 32
n_hidden_2 = 32


def layer(input, weight_shape, bias_shape):
    weight_std = (2.0 / weight_shape[0]) ** 0.5
    w_init = tf.random_normal_initializer(stddev=weight_std)
    bias_init = tf.constant_initializer(value=0)
    W = tf.get_variable("W", weight_shape, initializer=w_init)
    b = tf.get_variable("b", bias_shape, initializer=bias_init)
    return tf.nn.relu(tf.matmul(input, W) + b)


def inference(x):
    with tf.variable_scope("hidden_1"):
        hidden_1 = layer(x, [784, n_hidden_1], [n_hidden_1])
    with tf.variable_scope("hidden_2"):
        hidden_2 = layer(hidden_1, [n_hidden_1, n_hidden_2], [n_hidden_2])
    with tf.variable_scope("output"):
        output = layer(hidden_2, [n_hidden_2, 10], [10])
    return output


def loss(output, y):
    xentropy = tf.nn.softmax_cross_entropy_with_logits(logits=output, labels=y)
    loss = tf.reduce_mean(xentropy)
    return loss


def training(cost, global_step):
    tf.summary.scalar("cost", cost)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    train_op = optimizer.minimize(cost, global_step=global_step)
    return train_op


def evaluate(output, y):
    correct_prediction = tf.equal(tf.argmax(output, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    tf.summary.scalar("validation", accuracy)
    return accuracy


with tf.Graph().as_default():
    tf.set_random_seed(1)
    with tf.variable_scope("mlp_model"):
        x = tf.placeholder("float", [None, 784])
        y = tf.placeholder("float", [None, 10])
        output = inference(x)
        cost = loss(output, y)
        global_step = tf.Variable(0, name="global_step", trainable=False)
        train_op = training(cost, global_step)
        eval_op = evaluate(output, y)
        summary_op = tf.summary.merge_all()
        saver = tf.train.Saver()
        sess = tf.Session()
        summary_writer = tf.summary.FileWriter("logistic_logs/", graph=sess.graph)
        init_op = tf.global_variables_initializer()
        sess.run(init_op)
        for epoch in range(training_epochs):
            avg_cost = 0.0
            total_batch = int(len(train_x) / batch_size)
            for i in range(total_batch):
                minibatch_x = train_x[i * batch_size:(i + 1) * batch_size]
                minibatch_y = train_y[i * batch_size:(i + 1) * batch_size]
                sess.run(train_op, feed_dict={x: minibatch_x, y: minibatch_y})
                avg_cost += sess.run(cost, feed_dict={x: minibatch_x, y: minibatch_y}) / total_batch
            if epoch % display_step == 0:
                print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.9f}".format(avg_cost))
                accuracy = sess.run(eval_op, feed_dict={x: test_x, y: test_y})
                print("Validation Error:", (1 - accuracy))
                summary_str = sess.run(summary_op, feed_dict={x: minibatch_x, y: minibatch_y})
                summary_writer.add_summary(summary_str, sess.run(global_step))
                saver.save(sess, "mlp_logs/model-checkpoint", global_step=global_step)
        print("Optimization Finished!")
        accuracy = sess.run(eval_op, feed_dict={x: test_x, y: test_y})
        print("Test Accuracy:", accuracy)
