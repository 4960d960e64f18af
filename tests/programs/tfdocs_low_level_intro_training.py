# Source: tensorflow/docs site/en/r1/guide/low_level_intro.md, "Training" (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: 100 steps printed every 20.
import tensorflow as tf

x = tf.constant([[1], [2], [3], [4]], dtype=tf.float32)
y_true = tf.constant([[0], [-1], [-2], [-3]], dtype=tf.float32)

linear_model = tf.layers.Dense(units=1)
y_pred = linear_model(x)
loss = tf.losses.mean_squared_error(labels=y_true, predictions=y_pred)

optimizer = tf.train.GradientDescentOptimizer(0.01)
train = optimizer.minimize(loss)

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
for i in range(100):
    _, loss_value = sess.run((train, loss))
    if i % 20 == 0:
        print(loss_value)
print(sess.run(y_pred).shape)
