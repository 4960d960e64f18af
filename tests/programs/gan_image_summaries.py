# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
images = rng.uniform(0.0, 1.0, (64, 8, 8, 1)).astype(np.float32)

X = tf.placeholder(tf.float32, [None, 8, 8, 1])
z = tf.placeholder(tf.float32, [None, 4])
tf.summary.image("raw image", X, 3)
tf.summary.histogram("Noise", z)

with tf.name_scope("generator"):
    G_W = tf.Variable(tf.truncated_normal([4, 64], stddev=0.5, seed=1))
    G_b = tf.Variable(tf.constant(0.1, tf.float32, [64]))
    G = tf.nn.tanh(tf.reshape(tf.matmul(z, G_W) + G_b, [-1, 8, 8, 1]))
tf.summary.image("generated image", G, max_outputs=2)
tf.summary.image("bytes", tf.cast(X * 255.0, tf.uint8), 1)

with tf.name_scope("discriminator"):
    D_W = tf.Variable(tf.truncated_normal([64, 1], stddev=0.5, seed=2))
    D_real = tf.matmul(tf.reshape(X, [-1, 64]), D_W)
    D_fake = tf.matmul(tf.reshape(G, [-1, 64]), D_W)

with tf.name_scope("D_loss"):
    d_loss = tf.reduce_mean(tf.nn.softplus(-D_real)) + tf.reduce_mean(tf.nn.softplus(D_fake))
    tf.summary.scalar("d_loss", d_loss)
with tf.name_scope("G_loss"):
    g_loss = tf.reduce_mean(tf.nn.softplus(-D_fake))
    tf.summary.scalar("g_loss", g_loss)

d_train = tf.train.AdamOptimizer(0.01).minimize(d_loss, var_list=[D_W])
g_train = tf.train.AdamOptimizer(0.01).minimize(g_loss, var_list=[G_W, G_b])
noise_image = tf.summary.image("noise image", tf.reshape(z, [-1, 2, 2, 1]), 2)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
merged = tf.summary.merge_all()
writer = tf.summary.FileWriter("logs/gan")
writer.add_graph(sess.graph)
for i in range(30):
    batch = images[(i * 8) % 64 : (i * 8) % 64 + 8]
    noise = rng.uniform(-1.0, 1.0, (8, 4)).astype(np.float32)
    g_loss_print, _ = sess.run([g_loss, g_train], feed_dict={X: batch, z: noise})
    d_loss_print, _ = sess.run([d_loss, d_train], feed_dict={X: batch, z: noise})
    if i % 10 == 0:
        s = sess.run(merged, feed_dict={X: batch, z: noise})
        writer.add_summary(s, i)
        print("step %d g_loss %f d_loss %f" % (i, g_loss_print, d_loss_print))
writer.add_summary(sess.run(noise_image, feed_dict={z: noise}), 30)
writer.close()
