# Source: hexists/DDP CNN/CNN_hexists/train.py@629ce48 (a fork of dennybritz/cnn-text-classification-tf's train.py), licence: none stated in the stored copy
# Adapted: rt-polarity + VocabularyProcessor -> 96 synthetic token sequences of length 12 over a 40-word vocabulary and 2 classes (numpy seed 10); flags -> constants; TextCNN's constructor (text_cnn.py) inlined at module level with op seeds and one filter size (its loop over the sizes written out once under the literal scope "conv-maxpool-3": name_scope blocks in a loop or of a computed name keep graph mode), its `l2_loss += ...` sum written as one expression; train(...) body at module level; the gradient histograms and the dev summaries left out (the loss and accuracy summaries of train_step kept); run directory runs/ (no timestamp) and a restore from its latest checkpoint before training, so a second run resumes; the dropout layer left out (its placeholder still fed: one run fetching the loss and accuracy of a random tensor keeps graph mode) and dropout_keep_prob 1.0 while training; 200 epochs -> 3; time stamps left out of the prints.
import os

import numpy as np
import tensorflow as tf

sequence_length, num_classes, vocab_size = 12, 2, 40
embedding_dim, filter_sizes, num_filters, l2_reg_lambda = 8, [3], 4, 0.1
batch_size, num_epochs, evaluate_every, checkpoint_every, num_checkpoints = 16, 3, 5, 4, 2

np.random.seed(10)
x = np.random.randint(0, vocab_size, size=(96, sequence_length))
y = np.eye(num_classes)[(x[:, 0] < vocab_size // 2).astype(int)]
shuffle_indices = np.random.permutation(np.arange(len(y)))
x_shuffled, y_shuffled = x[shuffle_indices], y[shuffle_indices]
dev_sample_index = -16
x_train, x_dev = x_shuffled[:dev_sample_index], x_shuffled[dev_sample_index:]
y_train, y_dev = y_shuffled[:dev_sample_index], y_shuffled[dev_sample_index:]
print("Train/Dev split: {:d}/{:d}".format(len(y_train), len(y_dev)))


def batch_iter(data, batch_size, num_epochs):
    data = np.array(data, dtype=object)
    num_batches_per_epoch = int((len(data) - 1) / batch_size) + 1
    for epoch in range(num_epochs):
        for batch_num in range(num_batches_per_epoch):
            start_index = batch_num * batch_size
            end_index = min((batch_num + 1) * batch_size, len(data))
            yield data[start_index:end_index]


with tf.Graph().as_default():
    session_conf = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    sess = tf.Session(config=session_conf)
    with sess.as_default():
        input_x = tf.placeholder(tf.int32, [None, sequence_length], name="input_x")
        input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
        dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
        with tf.name_scope("embedding"):
            W_embedding = tf.Variable(tf.random_uniform([vocab_size, embedding_dim], -1.0, 1.0, seed=1), name="W")
            embedded_chars = tf.nn.embedding_lookup(W_embedding, input_x)
            embedded_chars_expanded = tf.expand_dims(embedded_chars, -1)
        filter_size = filter_sizes[0]
        with tf.name_scope("conv-maxpool-3"):
            filter_shape = [filter_size, embedding_dim, 1, num_filters]
            W_conv = tf.Variable(tf.truncated_normal(filter_shape, stddev=0.1, seed=2), name="W")
            b_conv = tf.Variable(tf.constant(0.1, shape=[num_filters]), name="b")
            conv = tf.nn.conv2d(embedded_chars_expanded, W_conv, strides=[1, 1, 1, 1], padding="VALID", name="conv")
            h = tf.nn.relu(tf.nn.bias_add(conv, b_conv), name="relu")
            pooled = tf.nn.max_pool(
                h, ksize=[1, sequence_length - filter_size + 1, 1, 1], strides=[1, 1, 1, 1], padding="VALID", name="pool"
            )
        num_filters_total = num_filters * len(filter_sizes)
        h_pool = tf.concat([pooled], 3)
        h_pool_flat = tf.reshape(h_pool, [-1, num_filters_total])
        with tf.name_scope("output"):
            W_output = tf.Variable(tf.truncated_normal([num_filters_total, num_classes], stddev=0.1, seed=4), name="W")
            b_output = tf.Variable(tf.constant(0.1, shape=[num_classes]), name="b")
            l2_loss = tf.nn.l2_loss(W_output) + tf.nn.l2_loss(b_output)
            scores = tf.nn.xw_plus_b(h_pool_flat, W_output, b_output, name="scores")
            predictions = tf.argmax(scores, 1, name="predictions")
        with tf.name_scope("loss"):
            losses = tf.nn.softmax_cross_entropy_with_logits(logits=scores, labels=input_y)
            cnn_loss = tf.reduce_mean(losses) + l2_reg_lambda * l2_loss
        with tf.name_scope("accuracy"):
            correct_predictions = tf.equal(predictions, tf.argmax(input_y, 1))
            cnn_accuracy = tf.reduce_mean(tf.cast(correct_predictions, "float"), name="accuracy")

        global_step = tf.Variable(0, name="global_step", trainable=False)
        optimizer = tf.train.AdamOptimizer(1e-3)
        grads_and_vars = optimizer.compute_gradients(cnn_loss)
        train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)

        out_dir = os.path.abspath(os.path.join(os.path.curdir, "runs"))
        print("Writing to {}\n".format(out_dir))

        loss_summary = tf.summary.scalar("loss", cnn_loss)
        acc_summary = tf.summary.scalar("accuracy", cnn_accuracy)
        train_summary_op = tf.summary.merge([loss_summary, acc_summary])
        train_summary_dir = os.path.join(out_dir, "summaries", "train")
        train_summary_writer = tf.summary.FileWriter(train_summary_dir, sess.graph)

        checkpoint_dir = os.path.abspath(os.path.join(out_dir, "checkpoints"))
        checkpoint_prefix = os.path.join(checkpoint_dir, "model")
        if not os.path.exists(checkpoint_dir):
            os.makedirs(checkpoint_dir)
        saver = tf.train.Saver(tf.global_variables(), max_to_keep=num_checkpoints)

        latest = tf.train.latest_checkpoint(checkpoint_dir)
        if latest:
            saver.restore(sess, latest)
            print("Restored from {}".format(os.path.basename(latest)))
        else:
            sess.run(tf.global_variables_initializer())

        def train_step(x_batch, y_batch):
            """
            A single training step
            """
            feed_dict = {input_x: x_batch, input_y: y_batch, dropout_keep_prob: 1.0}
            _, step, summaries, loss, accuracy = sess.run(
                [train_op, global_step, train_summary_op, cnn_loss, cnn_accuracy], feed_dict
            )
            print("step {}, loss {:g}, acc {:g}".format(step, loss, accuracy))
            train_summary_writer.add_summary(summaries, step)

        def dev_step(x_batch, y_batch, writer=None):
            """
            Evaluates model on a dev set
            """
            feed_dict = {input_x: x_batch, input_y: y_batch, dropout_keep_prob: 1.0}
            step, loss, accuracy = sess.run([global_step, cnn_loss, cnn_accuracy], feed_dict)
            print("step {}, loss {:g}, acc {:g}".format(step, loss, accuracy))

        batches = batch_iter(list(zip(x_train, y_train)), batch_size, num_epochs)
        for batch in batches:
            x_batch, y_batch = zip(*batch)
            train_step(x_batch, y_batch)
            current_step = tf.train.global_step(sess, global_step)
            if current_step % evaluate_every == 0:
                print("\nEvaluation:")
                dev_step(x_dev, y_dev)
                print("")
            if current_step % checkpoint_every == 0:
                path = saver.save(sess, checkpoint_prefix, global_step=current_step)
                print("Saved model checkpoint to {}\n".format(os.path.basename(path)))
