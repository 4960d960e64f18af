# Source: MorvanZhou/Tensorflow-Tutorial tutorial-contents/103_variable.py (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
# A counter variable updated by tf.assign (lesson-1 shape), the variable and the sum printed as graph objects
# before the Session block and inside it.
import tensorflow as tf

state = tf.Variable(0, name="counter")
one = tf.constant(1)
new_value = tf.add(state, one)
update = tf.assign(state, new_value)
print(state)
print(new_value)
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    print(new_value)
    for _ in range(3):
        sess.run(update)
        print(sess.run(state))
