# Source: giangphamgo/GANs_DeepLearning_hcmute GAN.py + Generator.py + Discriminator.py (commit 7ba7aab; none stated)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the three modules in one file; generator(Z, hsize, reuse) and discriminator(X, hsize, reuse) of
# tf.layers.dense under tf.variable_scope("GAN/Generator" / "GAN/Discriminator", reuse=reuse), the discriminator
# built on real samples and again with reuse=True on the generator's; the variable lists
# tf.get_collection(GLOBAL_VARIABLES, scope=...) kept; the quadratic data sampled from a seeded numpy generator;
# 10001 iterations -> 6, 10 inner steps -> 2; plots dropped (their feature fetches printed instead);
# tf.set_random_seed(7) so that the numbers can be compared.
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
rng = np.random.RandomState(0)


def sample_data(n=64, scale=4):
    x = scale * (rng.random_sample((n,)) - 0.5)
    return np.stack([x, 10 + x * x], axis=1).astype(np.float32)


def sample_Z(m, n):
    return rng.uniform(-1., 1., size=[m, n]).astype(np.float32)


def generator(Z, hsize=[16, 16], reuse=False):
    with tf.variable_scope("GAN/Generator", reuse=reuse):
        h1 = tf.layers.dense(Z, hsize[0], activation=tf.nn.leaky_relu)
        h2 = tf.layers.dense(h1, hsize[1], activation=tf.nn.leaky_relu)
        out = tf.layers.dense(h2, 2)
    return out


def discriminator(X, hsize=[16, 16], reuse=False):
    with tf.variable_scope("GAN/Discriminator", reuse=reuse):
        h1 = tf.layers.dense(X, hsize[0], activation=tf.nn.leaky_relu)
        h2 = tf.layers.dense(h1, hsize[1], activation=tf.nn.leaky_relu)
        h3 = tf.layers.dense(h2, 2)
        out = tf.layers.dense(h3, 1)
    return out, h3


X = tf.placeholder(tf.float32, [None, 2])
Z = tf.placeholder(tf.float32, [None, 2])

G_sample = generator(Z)
r_logits, r_rep = discriminator(X)
f_logits, g_rep = discriminator(G_sample, reuse=True)

disc_loss = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=r_logits, labels=tf.ones_like(r_logits))
    + tf.nn.sigmoid_cross_entropy_with_logits(logits=f_logits, labels=tf.zeros_like(f_logits)))
gen_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=f_logits, labels=tf.ones_like(f_logits)))

gen_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="GAN/Generator")
disc_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="GAN/Discriminator")

gen_step = tf.train.RMSPropOptimizer(learning_rate=0.001).minimize(gen_loss, var_list=gen_vars)
disc_step = tf.train.RMSPropOptimizer(learning_rate=0.001).minimize(disc_loss, var_list=disc_vars)

sess = tf.Session()
tf.global_variables_initializer().run(session=sess)

batch_size = 32
nd_steps = 2
ng_steps = 2

for i in range(6):
    X_batch = sample_data(n=batch_size)
    Z_batch = sample_Z(batch_size, 2)
    for _ in range(nd_steps):
        _, dloss = sess.run([disc_step, disc_loss], feed_dict={X: X_batch, Z: Z_batch})
    rrep_dstep, grep_dstep = sess.run([r_rep, g_rep], feed_dict={X: X_batch, Z: Z_batch})
    for _ in range(ng_steps):
        _, gloss = sess.run([gen_step, gen_loss], feed_dict={Z: Z_batch})
    print("Iterations: {} Discriminator loss: {:.6f} Generator loss: {:.6f}".format(i, dloss, gloss))
    print(rrep_dstep[:2], grep_dstep[:2])
print(sess.run(G_sample, feed_dict={Z: sample_Z(3, 2)}))
