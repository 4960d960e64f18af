# Source: tfmigrate (issue 16) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# Written for tfmigrate's test set in the shape of the research VAE trainers of one module (y0ast/VAE-TensorFlow's
# main.py among them): weight/bias helper functions, an l2 penalty summed with `+=` layer by layer, the latent code
# sampled as mu + std * epsilon with epsilon drawn from the shape of the encoder's output, a scalar summary of the
# loss merged and fetched with the train op and the loss in one run, and a Saver resumed from its last checkpoint.
# Own code, no source text copied; a graph seed so the numbers compare exactly.
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(0)
data = (rng.rand(64, 12) > 0.5).astype(np.float32)

input_dim = 12
hidden_dim = 8
latent_dim = 2
lam = 0.01


def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))


def bias_variable(shape):
    return tf.Variable(tf.constant(0.0, shape=shape))


x = tf.placeholder("float", shape=[None, input_dim])
l2_loss = tf.constant(0.0)

W_enc = weight_variable([input_dim, hidden_dim])
b_enc = bias_variable([hidden_dim])
l2_loss += tf.nn.l2_loss(W_enc)
hidden_encoder = tf.nn.relu(tf.matmul(x, W_enc) + b_enc)

W_mu = weight_variable([hidden_dim, latent_dim])
b_mu = bias_variable([latent_dim])
l2_loss += tf.nn.l2_loss(W_mu)
mu = tf.matmul(hidden_encoder, W_mu) + b_mu

W_logvar = weight_variable([hidden_dim, latent_dim])
b_logvar = bias_variable([latent_dim])
l2_loss += tf.nn.l2_loss(W_logvar)
logvar = tf.matmul(hidden_encoder, W_logvar) + b_logvar

epsilon = tf.random_normal(tf.shape(logvar), name="epsilon")
z = mu + tf.multiply(tf.exp(0.5 * logvar), epsilon)

W_dec = weight_variable([latent_dim, input_dim])
b_dec = bias_variable([input_dim])
l2_loss += tf.nn.l2_loss(W_dec)
x_hat = tf.matmul(z, W_dec) + b_dec

KLD = -0.5 * tf.reduce_sum(1 + logvar - tf.pow(mu, 2) - tf.exp(logvar), reduction_indices=1)
BCE = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(logits=x_hat, labels=x), reduction_indices=1)
loss = tf.reduce_mean(BCE + KLD)
regularized_loss = loss + lam * l2_loss

loss_summ = tf.summary.scalar("lowerbound", loss)
train_step = tf.train.AdamOptimizer(0.05).minimize(regularized_loss)
summary_op = tf.summary.merge_all()
saver = tf.train.Saver()

with tf.Session() as sess:
    summary_writer = tf.summary.FileWriter("experiment", graph=sess.graph)
    ckpt = tf.train.get_checkpoint_state("save")
    if ckpt and ckpt.model_checkpoint_path:
        print("Restoring saved parameters")
        saver.restore(sess, ckpt.model_checkpoint_path)
    else:
        print("Initializing parameters")
        sess.run(tf.global_variables_initializer())
    for step in range(1, 31):
        batch = data[(step % 4) * 16 : (step % 4 + 1) * 16]
        feed_dict = {x: batch}
        _, cur_loss, summary_str = sess.run([train_step, loss, summary_op], feed_dict=feed_dict)
        summary_writer.add_summary(summary_str, step)
        if step % 10 == 0:
            saver.save(sess, "save/model.ckpt")
            print("Step {0} | Loss: {1}".format(step, cur_loss))
