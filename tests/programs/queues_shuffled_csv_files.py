# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import os

import tensorflow as tf

file_list = [os.path.join("./csv_parts/", f) for f in sorted(os.listdir("./csv_parts/"))]
filename_queue = tf.train.string_input_producer(file_list)
reader = tf.TextLineReader()
key, value = reader.read(filename_queue)
record_defaults = [[0], [0.0], [0.0]]
row_id, x1, x2 = tf.decode_csv(value, record_defaults=record_defaults)
features = tf.stack([x1, x2])
id_batch, x_batch = tf.train.batch([row_id, features], batch_size=6)

with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    for step in range(6):
        ids, xs = sess.run([id_batch, x_batch])
        print("step", step, "rows", ids, "sums", xs.sum(axis=1))
    coord.request_stop()
    coord.join(threads)
