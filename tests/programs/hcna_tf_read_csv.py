# Source: HCNA-AI/HCNA-AI 6tf_read.py (stored copy; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: tf_read.csv written by the harness (25 rows of four numbers); the label printed beside each example (the original's print of it is commented out).
import tensorflow as tf

filename_queue = tf.train.string_input_producer(["tf_read.csv"])
reader = tf.TextLineReader()
key, value = reader.read(filename_queue)

record_defaults = [[1.0], [1.0], [1.0], [1.0]]
col1, col2, col3, col4 = tf.decode_csv(value, record_defaults=record_defaults)

features = tf.stack([col1, col2, col3])

init_op = tf.global_variables_initializer()
local_init_op = tf.local_variables_initializer()

with tf.Session() as sess:
    sess.run(init_op)
    sess.run(local_init_op)

    # Start populating the filename queue.
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(coord=coord)

    try:
        for i in range(30):
            example, label = sess.run([features, col4])
            print(example, label)
    except tf.errors.OutOfRangeError:
        print("Done !!!")

    finally:
        coord.request_stop()
        coord.join(threads)
