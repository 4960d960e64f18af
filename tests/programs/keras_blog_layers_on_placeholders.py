# Source: qqiang00/Reinforce reinforce/references/keras_playground.py@84efe97, none stated in the stored copy
# Adapted: standalone keras imports -> tf.keras (keras.objectives -> tf.keras.losses, set_session from
# tf.compat.v1.keras.backend); the loss printed every 10 steps and the mean test accuracy printed.
import tensorflow as tf
sess = tf.Session()

from tensorflow.compat.v1.keras import backend as K
K.set_session(sess)

img = tf.placeholder(tf.float32, shape=(None, 784))

from tensorflow.keras.layers import Dense

x = Dense(128, activation='relu')(img)
x = Dense(128, activation='relu')(x)
preds = Dense(10, activation='softmax')(x)

labels = tf.placeholder(tf.float32, shape=(None, 10))
from tensorflow.keras.losses import categorical_crossentropy

loss = tf.reduce_mean(categorical_crossentropy(labels, preds))

from tensorflow.examples.tutorials.mnist import input_data
mnist_data = input_data.read_data_sets('MNIST_data', one_hot=True)

train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

# Initialize all variables
init_op = tf.global_variables_initializer()
sess.run(init_op)

# Run training loop
with sess.as_default():
    for i in range(100):
        batch = mnist_data.train.next_batch(50)
        train_step.run(feed_dict={img: batch[0],
                                  labels: batch[1]})
        if i % 10 == 0:
            print("step", i, "loss", loss.eval(feed_dict={img: batch[0], labels: batch[1]}))

from tensorflow.keras.metrics import categorical_accuracy as accuracy

acc_value = accuracy(labels, preds)
with sess.as_default():
    print(acc_value.eval(feed_dict={img: mnist_data.test.images,
                                    labels: mnist_data.test.labels}).mean())
