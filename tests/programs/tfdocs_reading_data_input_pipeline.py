# Source: tensorflow/docs site/en/r1/guide/datasets.md's predecessor, the TF1 "Reading data" how-to (Apache-2.0)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: the guide's read_my_file_format(filename_queue) and input_pipeline(filenames, batch_size) helpers (a
# TextLineReader and decode_csv, tf.train.batch in place of shuffle_batch so that the order is fixed) feeding a linear
# regression over data-01-test-score.csv written by the harness (25 rows); 101 steps, printed every 25.
import tensorflow as tf

tf.set_random_seed(777)


def read_my_file_format(filename_queue):
    reader = tf.TextLineReader()
    key, record_string = reader.read(filename_queue)
    record_defaults = [[0.0], [0.0], [0.0], [0.0]]
    xy = tf.decode_csv(record_string, record_defaults=record_defaults)
    return xy[0:-1], xy[-1:]


def input_pipeline(filenames, batch_size):
    filename_queue = tf.train.string_input_producer(filenames, shuffle=False)
    example, label = read_my_file_format(filename_queue)
    example_batch, label_batch = tf.train.batch([example, label], batch_size=batch_size)
    return example_batch, label_batch


train_x_batch, train_y_batch = input_pipeline(["data-01-test-score.csv"], 10)

X = tf.placeholder(tf.float32, shape=[None, 3])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([3, 1]), name="weight")
b = tf.Variable(tf.random_normal([1]), name="bias")
hypothesis = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train = tf.train.GradientDescentOptimizer(learning_rate=1e-5).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
coord = tf.train.Coordinator()
threads = tf.train.start_queue_runners(sess=sess, coord=coord)
for step in range(101):
    x_batch, y_batch = sess.run([train_x_batch, train_y_batch])
    cost_val, _ = sess.run([cost, train], feed_dict={X: x_batch, Y: y_batch})
    if step % 25 == 0:
        print(step, "Cost: ", cost_val)
coord.request_stop()
coord.join(threads)
print("Your score will be ", sess.run(hypothesis, feed_dict={X: [[100, 70, 101]]}))
