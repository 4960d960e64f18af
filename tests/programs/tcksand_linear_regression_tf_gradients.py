# Source: tcksand/sandbox-tf3 tf-getting-started/02-linear-regression-using-tf-gradients.py @ c49c058 (no licence file in the stored copy). The getting-started linear model trained by hand: dW, db = tf.gradients(loss, [W, b]), two tf.assign updates kept in a Python list and run with the loss.
# Adapted: the stored copy's missing `sess = tf.Session()` added before its first run (another stored version of the file has it); the initializer run moved after the graph is built; 2000 steps -> 200, printed every 20; the commented-out print left out.
import tensorflow as tf

### linear regression using tf.gradients
W = tf.Variable([.3], tf.float32)
b = tf.Variable([-.3], tf.float32)
x = tf.placeholder(tf.float32)
linear_model = W * x + b

y = tf.placeholder(tf.float32)
squared_deltas = tf.square(linear_model - y)
loss = tf.reduce_sum(squared_deltas)
dW, db = tf.gradients(loss, [W, b])
learning_rate = 0.02
fixW = tf.assign(W, W - learning_rate * dW)
fixb = tf.assign(b, b - learning_rate * db)
train = [fixW, fixb]

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)

for step in range(200):

    cur_train, cur_loss = sess.run([train, loss], feed_dict={x: [1, 2, 3, 4], y: [0, -1, -2, -3]})

    if step % 20 == 0:
        print(step, cur_loss, sess.run(W), sess.run(b))
