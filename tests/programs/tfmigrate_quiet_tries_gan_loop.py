# Source: tfmigrate (own code), a reduced shape of a fully-connected GAN trainer (held-out set 25's th_gan_mnist_fc;
# no source text copied): generator and discriminator weights as tf.Variables, sigmoid cross-entropy losses, one
# Adam step for each net (var lists by name) sharing a global step; in the Session loop, every few steps, the losses
# printed inside `try: ... except: pass` and a sample of the generator run inside `try: ... except: pass` (its result
# never read).
# Adapted: see manifest.toml (adapted)
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
np.random.seed(5)
real_data = np.random.normal(2.0, 0.5, size=(64, 4)).astype(np.float32)

X = tf.placeholder(tf.float32, [None, 4])
z = tf.placeholder(tf.float32, [None, 3])

with tf.variable_scope('generator'):
    G_W = tf.Variable(tf.truncated_normal([3, 4], stddev=0.1))
    G_b = tf.Variable(tf.constant(0.1, tf.float32, [4]))
with tf.variable_scope('discriminator'):
    D_W = tf.Variable(tf.truncated_normal([4, 1], stddev=0.1))
    D_b = tf.Variable(tf.constant(0.1, tf.float32, [1]))

G = tf.matmul(z, G_W) + G_b
D_real_logits = tf.matmul(X, D_W) + D_b
D_fake_logits = tf.matmul(G, D_W) + D_b

d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_real_logits, labels=tf.ones_like(D_real_logits))) \
    + tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.zeros_like(D_fake_logits)))
g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_fake_logits, labels=tf.ones_like(D_fake_logits)))

tvar = tf.trainable_variables()
dvar = [var for var in tvar if 'discriminator' in var.name]
gvar = [var for var in tvar if 'generator' in var.name]

global_step = tf.Variable(0, trainable=False)
d_train_step = tf.train.AdamOptimizer(0.01).minimize(d_loss, global_step=global_step, var_list=dvar)
g_train_step = tf.train.AdamOptimizer(0.01).minimize(g_loss, global_step=global_step, var_list=gvar)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(40):
    batch_X = real_data[(i % 4) * 16:(i % 4 + 1) * 16]
    batch_noise = np.random.uniform(-1., 1., [16, 3])

    g_loss_print, _ = sess.run([g_loss, g_train_step], feed_dict={X: batch_X, z: batch_noise})
    d_loss_print, _ = sess.run([d_loss, d_train_step], feed_dict={X: batch_X, z: batch_noise})

    if i % 10 == 0:
        try:
            print('epoch:%d g_loss:%f d_loss:%f' % (i, g_loss_print, d_loss_print))
        except:
            pass

    if i % 20 == 0:
        try:
            batch_G = sess.run(G, feed_dict={X: batch_X, z: batch_noise})
        except:
            pass
print('step', sess.run(global_step))
