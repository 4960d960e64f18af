# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import os

import tensorflow as tf


def csvread(filelist):
    """Reads the CSV files of filelist in batches of nine (example, label) pairs."""
    # 1. a queue of the file names
    file_queue = tf.train.string_input_producer(filelist)
    # 2. a reader that reads one line at a time
    reader = tf.TextLineReader()
    key, value = reader.read(file_queue)
    # 3. each line decoded into its two string columns
    records = [["None"], ["None"]]
    example, label = tf.decode_csv(value, record_defaults=records)
    print(example, label)
    # 4. batches of nine lines
    example_batch, label_batch = tf.train.batch([example, label], batch_size=9, num_threads=1, capacity=9)
    print(example_batch.shape)
    return example_batch, label_batch


if __name__ == "__main__":
    file_name = os.listdir("./csv_data/")
    file_list = [os.path.join("./csv_data/", f) for f in file_name]
    example_batch, label_batch = csvread(file_list)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord=coord)
        for i in range(4):
            print(sess.run([example_batch, label_batch]))
        coord.request_stop()
        coord.join(threads)
