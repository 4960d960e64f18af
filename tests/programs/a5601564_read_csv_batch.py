# Source: a5601564/PythonTest testmodel/gamebale/readCsv.py (stored copy; no licence file in the stored copy)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: a.csv written by the harness (12 rows of two string columns); the Chinese comments left out.
import tensorflow as tf

filenames = ["a.csv"]
filename_queue = tf.train.string_input_producer(filenames, shuffle=False)
reader = tf.TextLineReader()
key, value = reader.read(filename_queue)
example, label = tf.decode_csv(value, record_defaults=[["null"], ["null"]])
example_batch, label_batch = tf.train.batch([example, label], batch_size=5)
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(coord=coord)
    for i in range(10):
        print(example_batch.eval())
    coord.request_stop()
    coord.join(threads)
