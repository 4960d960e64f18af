# Source: tfmigrate (written for this project) (see manifest.toml: licence, shape)
# Adapted: see manifest.toml (adapted)
#
import tensorflow as tf

HOUSING_FILE = "housing.csv"
ROWS_PER_BATCH = 8
COLUMNS = 14


def read_batches(file_names):
    """Batches of (three chosen features, price), drawn at random from a queue of the file's rows."""
    name_queue = tf.train.string_input_producer(file_names)
    line_reader = tf.TextLineReader(skip_header_lines=1)  # the first line names the columns
    _, line = line_reader.read(name_queue)

    # every column a float, 0.0 where a field is empty
    defaults = [[0.0] for _ in range(COLUMNS)]
    columns = tf.decode_csv(line, record_defaults=defaults)
    capped = tf.equal(columns[13], tf.constant(50.0))
    columns = tf.where(capped, tf.zeros(COLUMNS), columns[:])
    chosen = tf.stack(tf.gather_nd(columns, [[5], [10], [12]]))
    price = columns[-1]

    least = 4 * ROWS_PER_BATCH
    most = 8 * ROWS_PER_BATCH
    chosen_batch, price_batch = tf.train.shuffle_batch(
        [chosen, price], batch_size=ROWS_PER_BATCH, capacity=most, min_after_dequeue=least
    )
    return chosen_batch, price_batch


def show_batches(chosen_batch, price_batch):
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(coord=coord)
        for _ in range(4):
            chosen, prices = sess.run([chosen_batch, price_batch])
            print(chosen, "prices", prices)
        coord.request_stop()
        coord.join(threads)


if __name__ == "__main__":
    chosen_batch, price_batch = read_batches([HOUSING_FILE])
    show_batches(chosen_batch, price_batch)
