"""TF1's MNIST input_data (tensorflow/contrib/learn/python/learn/datasets/mnist.py, TF 1.x) as the baseline
needs it, written from its documented behaviour: read_data_sets(train_dir, one_hot, dtype, reshape,
validation_size=5000, seed) -> Datasets(train, validation, test); DataSet reseeds numpy as TF1's did (from the
graph seed tf.set_random_seed gave, or from its own seed= argument, through TF 1.x's random_seed.get_seed), scales
float32 images to [0, 1], flattens them to 784 when reshape=True, and next_batch shuffles at the start of every
epoch and joins the rest of one epoch to the start of the next. Only the files are replaced: the images and
labels are mnist_synthetic's synthetic arrays instead of the downloaded ones."""

import collections

import mnist_synthetic
import numpy
import tensorflow

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def dense_to_one_hot(labels_dense, num_classes):
    num_labels = labels_dense.shape[0]
    index_offset = numpy.arange(num_labels) * num_classes
    labels_one_hot = numpy.zeros((num_labels, num_classes))
    labels_one_hot.flat[index_offset + labels_dense.ravel()] = 1
    return labels_one_hot


def get_seed(op_seed):
    """TF 1.x's random_seed.get_seed in graph mode (tensorflow/python/framework/random_seed.py): an op without a
    seed of its own gets the graph's last op id. That reads the graph and takes nothing from it, where TF 2.21's
    get_seed hands out the next op seed of a per-graph counter: calling TF 2.21's here would shift the op seeds of
    every random op the program creates after read_data_sets, which TF1 did not do."""
    graph = tensorflow.compat.v1.get_default_graph()
    if graph.seed is not None:
        if op_seed is None:
            op_seed = len(graph.get_operations())  # TF 1.x: graph._last_id, which TF 2.21 no longer keeps
        seeds = graph.seed % _MAXINT32, op_seed % _MAXINT32
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, op_seed % _MAXINT32
    else:
        seeds = None, None
    return (0, _MAXINT32) if seeds == (0, 0) else seeds


class DataSet:
    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype="float32", reshape=True, seed=None):
        seed1, seed2 = get_seed(seed)
        numpy.random.seed(seed1 if seed is None else seed2)  # TF1's DataSet, word for word
        self._num_examples = images.shape[0]
        if reshape:
            images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
        if getattr(dtype, "name", dtype) == "float32":
            images = images.astype(numpy.float32)
            images = numpy.multiply(images, 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            perm0 = numpy.arange(self._num_examples)
            numpy.random.shuffle(perm0)
            self._images = self.images[perm0]
            self._labels = self.labels[perm0]
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            rest_num_examples = self._num_examples - start
            images_rest_part = self._images[start : self._num_examples]
            labels_rest_part = self._labels[start : self._num_examples]
            if shuffle:
                perm = numpy.arange(self._num_examples)
                numpy.random.shuffle(perm)
                self._images = self.images[perm]
                self._labels = self.labels[perm]
            start = 0
            self._index_in_epoch = batch_size - rest_num_examples
            end = self._index_in_epoch
            images_new_part = self._images[start:end]
            labels_new_part = self._labels[start:end]
            return (
                numpy.concatenate((images_rest_part, images_new_part), axis=0),
                numpy.concatenate((labels_rest_part, labels_new_part), axis=0),
            )
        self._index_in_epoch += batch_size
        end = self._index_in_epoch
        return self._images[start:end], self._labels[start:end]


def read_data_sets(
    train_dir,
    fake_data=False,
    one_hot=False,
    dtype="float32",
    reshape=True,
    validation_size=5000,
    seed=None,
    source_url=None,
):
    (train_images, train_labels), (test_images, test_labels) = mnist_synthetic.load_data()
    train_images, test_images = train_images[..., None], test_images[..., None]  # TF1's files: (N, 28, 28, 1)
    if one_hot:
        train_labels, test_labels = dense_to_one_hot(train_labels, 10), dense_to_one_hot(test_labels, 10)
    validation_images, validation_labels = train_images[:validation_size], train_labels[:validation_size]
    train_images, train_labels = train_images[validation_size:], train_labels[validation_size:]
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    train = DataSet(train_images, train_labels, **options)
    validation = DataSet(validation_images, validation_labels, **options)
    test = DataSet(test_images, test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)
