# Source: ywpkwon/siamese_tf_mnist inference.py (commit f7512a5) + run.py (commit 1afee3a); no licence file in the stored copy
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: inference.py's class above run.py (`import inference` dropped; the instance `siamese = inference.siamese()` named `net`, the class keeping its name); MNIST -> 256 seeded rows of 12 features in 3 classes, batches of 32 drawn from a seeded numpy RandomState; 784-1024-1024-2 -> 12-16-16-2; tf.set_random_seed(1) added; 100000 steps -> 40, printed every 10; the raw_input prompt -> restore when a checkpoint is there; the embedding printed instead of written and plotted (visualize.py left out).
import numpy as np
import tensorflow as tf


class siamese:

    # Create model
    def __init__(self):
        self.x1 = tf.placeholder(tf.float32, [None, 12])
        self.x2 = tf.placeholder(tf.float32, [None, 12])

        with tf.variable_scope("siamese") as scope:
            self.o1 = self.network(self.x1)
            scope.reuse_variables()
            self.o2 = self.network(self.x2)

        # Create loss
        self.y_ = tf.placeholder(tf.float32, [None])
        self.loss = self.loss_with_spring()

    def network(self, x):
        fc1 = self.fc_layer(x, 16, "fc1")
        ac1 = tf.nn.relu(fc1)
        fc2 = self.fc_layer(ac1, 16, "fc2")
        ac2 = tf.nn.relu(fc2)
        fc3 = self.fc_layer(ac2, 2, "fc3")
        return fc3

    def fc_layer(self, bottom, n_weight, name):
        assert len(bottom.get_shape()) == 2
        n_prev_weight = bottom.get_shape()[1]
        initer = tf.truncated_normal_initializer(stddev=0.01)
        W = tf.get_variable(name + 'W', dtype=tf.float32, shape=[n_prev_weight, n_weight], initializer=initer)
        b = tf.get_variable(name + 'b', dtype=tf.float32, initializer=tf.constant(0.01, shape=[n_weight], dtype=tf.float32))
        fc = tf.nn.bias_add(tf.matmul(bottom, W), b)
        return fc

    def loss_with_spring(self):
        margin = 5.0
        labels_t = self.y_
        labels_f = tf.subtract(1.0, self.y_, name="1-yi")  # labels_ = !labels
        eucd2 = tf.pow(tf.subtract(self.o1, self.o2), 2)
        eucd2 = tf.reduce_sum(eucd2, 1)
        eucd = tf.sqrt(eucd2 + 1e-6, name="eucd")
        C = tf.constant(margin, name="C")
        pos = tf.multiply(labels_t, eucd2, name="yi_x_eucd2")
        neg = tf.multiply(labels_f, tf.pow(tf.maximum(tf.subtract(C, eucd), 0), 2), name="Nyi_x_C-eucd_xx_2")
        losses = tf.add(pos, neg, name="losses")
        loss = tf.reduce_mean(losses, name="loss")
        return loss


tf.set_random_seed(1)
rng = np.random.RandomState(0)
images = rng.rand(256, 12).astype(np.float32)
digits = rng.randint(0, 3, 256)

sess = tf.InteractiveSession()

# setup siamese network
net = siamese()
train_step = tf.train.GradientDescentOptimizer(0.01).minimize(net.loss)
saver = tf.train.Saver()
tf.initialize_all_variables().run()

new = True
model_ckpt = tf.train.latest_checkpoint('.')
if model_ckpt:
    new = False

if new:
    for step in range(40):
        i1 = rng.randint(0, 256, 32)
        i2 = rng.randint(0, 256, 32)
        batch_y = (digits[i1] == digits[i2]).astype('float')

        _, loss_v = sess.run([train_step, net.loss], feed_dict={
                            net.x1: images[i1],
                            net.x2: images[i2],
                            net.y_: batch_y})

        if np.isnan(loss_v):
            print('Model diverged with loss = NaN')
            quit()

        if step % 10 == 0:
            print('step %d: loss %.5f' % (step, loss_v))
    saver.save(sess, './model.ckpt')
else:
    saver.restore(sess, model_ckpt)
    print('restored', model_ckpt)

embed = net.o1.eval({net.x1: images[:4]})
print(embed.round(5))
