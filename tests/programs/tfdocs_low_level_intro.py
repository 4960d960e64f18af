# Source: tensorflow/docs site/en/r1/guide/low_level_intro.md (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's snippets joined into one script; the random_uniform sample and the prints of symbolic
# tensors (graph-only reprs) left out; FileWriter writes to the working directory.
import tensorflow as tf

a = tf.constant(3.0, dtype=tf.float32)
b = tf.constant(4.0)
total = a + b

writer = tf.summary.FileWriter(".")
writer.add_graph(tf.get_default_graph())
writer.flush()

sess = tf.Session()
print(sess.run(total))
print(sess.run({"ab": (a, b), "total": total}))

x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)
z = x + y
print(sess.run(z, feed_dict={x: 3, y: 4.5}))
print(sess.run(z, feed_dict={x: [1, 3], y: [2, 4]}))

my_data = [[0, 1], [2, 3], [4, 5], [6, 7]]
slices = tf.data.Dataset.from_tensor_slices(my_data)
next_item = tf.data.make_one_shot_iterator(slices).get_next()
while True:
    try:
        print(sess.run(next_item))
    except tf.errors.OutOfRangeError:
        break

x = tf.placeholder(tf.float32, shape=[None, 3])
w = tf.Variable([[1.0], [2.0], [3.0]])
y = tf.matmul(x, w)
init = tf.global_variables_initializer()
sess.run(init)
print(sess.run(y, {x: [[1, 2, 3], [4, 5, 6]]}))
