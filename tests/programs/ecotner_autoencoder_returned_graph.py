# Source: ecotner/machine-learning-algos Unsupervised/Autoencoders/SimpleAutoencoder/SimpleAutoencoder.py (commit 646284b; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: numpy seeded (seed 0: the weights are numpy draws); 10**4 examples -> 64, 10**3 epochs -> 3, batch 32 -> 16,
# saved every epoch; the commented-out training call made before the restoring run, as in the repository's history;
# matplotlib left out (the plotted lists still built); checkpoints under ./checkpoints; the input() prompt -> the first
# 3 rows printed.
import numpy as np
import tensorflow as tf


def make_minibatches(X, batch_size, batch_axis=0):
    batches = []
    m = X.shape[batch_axis]
    perm_idx = np.random.permutation(m)
    X_perm = X[perm_idx, :]
    for b in range(m // batch_size):
        batches.append(X_perm[b * batch_size:(b + 1) * batch_size, :])
    if m % batch_size != 0:
        batches.append(X_perm[(b + 1) * batch_size:, :])
    return batches


def initialize_graph(input_size, hidden_width):
    tf.reset_default_graph()
    G = tf.Graph()
    with G.as_default():
        X = tf.placeholder(tf.float32, [None, input_size], name="X")
        W1 = tf.Variable(np.random.randn(input_size, hidden_width) * np.sqrt(2 / (input_size + hidden_width)), dtype=tf.float32, name="W1")
        b1 = tf.Variable(np.zeros((hidden_width,)), dtype=tf.float32, name="b1")
        A1 = tf.nn.relu(tf.matmul(X, W1) + b1, name="A1")
        W2 = tf.Variable(np.random.randn(hidden_width, input_size) * np.sqrt(2 / (hidden_width + input_size)), dtype=tf.float32, name="W2")
        b2 = tf.Variable(np.zeros((input_size,)), dtype=tf.float32, name="b2")
        Y = tf.sigmoid(tf.matmul(A1, W2) + b2, name="Y")
        loss = tf.reduce_mean(-X * tf.log(Y + 1e-20) - (1 - X) * tf.log(1 - Y + 1e-20), name="loss")
    return G


def train(X_train, hidden_width, lr, max_epochs, batch_size=32, X_val=None, restore_from_checkpoint=False, plot_every_n_steps=100, save_every_n_epochs=1):
    """Trains the autoencoder on X_train of shape (n_examples, n_features)."""
    n_examples, n_features = X_train.shape
    save_path = "./checkpoints/SimpleAutoencoder_1"
    X_train_batches = make_minibatches(X_train, batch_size)
    G = initialize_graph(n_features, hidden_width)
    with G.as_default():
        X_input = G.get_tensor_by_name("X:0")
        loss = G.get_tensor_by_name("loss:0")
        Y = G.get_tensor_by_name("Y:0")
        optimizer = tf.train.AdamOptimizer(lr)
        train_op = optimizer.minimize(loss)
        saver = tf.train.Saver(var_list=None)
        with tf.Session() as sess:
            if restore_from_checkpoint == True:
                saver.restore(sess, save_path)
            else:
                sess.run(tf.global_variables_initializer())
            global_step = 0
            batch_loss_list = []
            step_list = []
            val_loss_list = []
            for ep in range(max_epochs):
                for b, batch in enumerate(X_train_batches):
                    global_step += 1
                    _, batch_loss = sess.run([train_op, loss], feed_dict={X_input: batch})
                    print("Epoch {}/{}, batch {}/{}, loss: {}".format(ep + 1, max_epochs, b + 1, len(X_train_batches), batch_loss))
                    if global_step % plot_every_n_steps == 1:
                        batch_loss_list.append(batch_loss)
                        step_list.append(global_step / len(X_train_batches))
                        if X_val is not None:
                            val_loss = sess.run(loss, feed_dict={X_input: X_val})
                            val_loss_list.append(val_loss)
                            print("validation loss: {}".format(val_loss))
                if ep % save_every_n_epochs == 0:
                    print("Saving...")
                    saver.save(sess, save_path)
            print("Saving...")
            saver.save(sess, save_path)
            print("Training complete!")


def model_run(n_examples, n_features, n_ups, hidden_width):
    X = generate_data(n_examples, n_features, n_ups)
    save_path = "./checkpoints/SimpleAutoencoder_1"
    G = initialize_graph(n_features, hidden_width)
    with G.as_default():
        X_input = G.get_tensor_by_name("X:0")
        loss = G.get_tensor_by_name("loss:0")
        Y_output = G.get_tensor_by_name("Y:0")
        saver = tf.train.Saver(var_list=None)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.restore(sess, save_path)
            Y = sess.run(Y_output, feed_dict={X_input: X})
            for i in range(3):
                print("Original data: \t\t{}".format(X[i, :].astype(int)))
                print("Autoencoded data: \t{}".format((Y[i, :] > 0.5).astype(int)))


def generate_data(n_examples, n_features=10, n_ups=1):
    """n_ups randomly placed up bits in each row of zeros."""
    array = np.zeros((n_examples, n_features))
    for m in range(n_examples):
        perm_idx = np.random.permutation(n_features)[:n_ups]
        array[m, perm_idx] = 1
    return array


np.random.seed(0)
n_features = 10
n_ups = 5
hidden_width = 7
X = generate_data(64, n_features, n_ups)
X_val = generate_data(16, n_features, n_ups)
train(X, hidden_width, lr=1e-2, max_epochs=3, batch_size=16, X_val=X_val, restore_from_checkpoint=False, plot_every_n_steps=2, save_every_n_epochs=1)

model_run(8, n_features, n_ups, hidden_width)
