# Source: chiphuyen/stanford-tensorflow-tutorials examples/04_word2vec.py (commit 33d9678; MIT)
# Written for tfmigrate's test set in that program's shape (constructs, order, output); no source text copied.
# Adapted: text8 (download + word2vec_utils) -> a seeded generator of synthetic skip-gram batches; vocabulary 50000 -> 500, embedding 128 -> 32, 64 -> 16 negative samples, 100000 steps -> 400 reported every 100; the contrib projector import and the checkpoints folder left out.
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

import numpy as np
import tensorflow as tf

VOCAB_SIZE = 500
BATCH_SIZE = 128
EMBED_SIZE = 32
SKIP_WINDOW = 1
NUM_SAMPLED = 16
LEARNING_RATE = 1.0
NUM_TRAIN_STEPS = 400
SKIP_STEP = 100


def word2vec(dataset):
    with tf.name_scope("data"):
        iterator = dataset.make_initializable_iterator()
        center_words, target_words = iterator.get_next()

    with tf.name_scope("embed"):
        embed_matrix = tf.get_variable(
            "embed_matrix", shape=[VOCAB_SIZE, EMBED_SIZE], initializer=tf.random_uniform_initializer()
        )
        embed = tf.nn.embedding_lookup(embed_matrix, center_words, name="embedding")

    with tf.name_scope("loss"):
        nce_weight = tf.get_variable(
            "nce_weight",
            shape=[VOCAB_SIZE, EMBED_SIZE],
            initializer=tf.truncated_normal_initializer(stddev=1.0 / (EMBED_SIZE**0.5)),
        )
        nce_bias = tf.get_variable("nce_bias", initializer=tf.zeros([VOCAB_SIZE]))
        loss = tf.reduce_mean(
            tf.nn.nce_loss(
                weights=nce_weight,
                biases=nce_bias,
                labels=target_words,
                inputs=embed,
                num_sampled=NUM_SAMPLED,
                num_classes=VOCAB_SIZE,
            ),
            name="loss",
        )

    with tf.name_scope("optimizer"):
        optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss)

    with tf.Session() as sess:
        sess.run(iterator.initializer)
        sess.run(tf.global_variables_initializer())
        total = 0.0
        writer = tf.summary.FileWriter("graphs/word2vec_simple", sess.graph)
        for index in range(NUM_TRAIN_STEPS):
            try:
                batch_loss, _ = sess.run([loss, optimizer])
                total += batch_loss
                if (index + 1) % SKIP_STEP == 0:
                    print("Average loss at step {}: {:5.1f}".format(index, total / SKIP_STEP))
                    total = 0.0
            except tf.errors.OutOfRangeError:
                sess.run(iterator.initializer)
        writer.close()


def batches():
    rng = np.random.RandomState(0)
    for _ in range(NUM_TRAIN_STEPS + 10):
        center = rng.randint(0, VOCAB_SIZE, BATCH_SIZE).astype(np.int32)
        context = (center + rng.randint(-SKIP_WINDOW, SKIP_WINDOW + 1, BATCH_SIZE)) % VOCAB_SIZE
        yield center, context.astype(np.int32)[:, None]


def main():
    dataset = tf.data.Dataset.from_generator(
        batches, (tf.int32, tf.int32), (tf.TensorShape([BATCH_SIZE]), tf.TensorShape([BATCH_SIZE, 1]))
    )
    word2vec(dataset)


if __name__ == "__main__":
    main()
