# Source: tensorflow/docs site/en/r1/guide/graphs.md (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's snippets joined into one script with printed results.
import tensorflow as tf

g_1 = tf.Graph()
with g_1.as_default():
    c = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    d = tf.constant([[1.0, 1.0], [0.0, 1.0]])
    e = tf.matmul(c, d)
    sess_1 = tf.Session()
    print(sess_1.run(e))

g_2 = tf.Graph()
with g_2.as_default():
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    inc = tf.assign_add(v, [1.0, 1.0, 1.0])
    init = tf.global_variables_initializer()

with tf.Session(graph=g_2) as sess_2:
    sess_2.run(init)
    for _ in range(3):
        sess_2.run(inc)
    print(sess_2.run(v))

with tf.Graph().as_default() as g_3:
    x = tf.placeholder(tf.float32, shape=[3])
    y = tf.square(x)
    with tf.Session() as sess:
        print(sess.run(y, {x: [1.0, 2.0, 3.0]}))
        print(sess.run({"x": x, "y": y}, feed_dict={x: [4.0, 5.0, 6.0]}))
        print(y.eval(feed_dict={x: [0.5, 1.5, 2.5]}))

sess_1.close()
