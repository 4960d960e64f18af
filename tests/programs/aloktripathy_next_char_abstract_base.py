# Source: aloktripathy/deep-learning-nlp rnn/next_char.py + examples/next_char_usage.py@47d6a67, licence: none stated in the stored copy
# Adapted: rnn/next_char.py (RNNLearn, NextChar) inlined above the usage script; tensorflow.contrib.rnn -> tf.nn.rnn_cell, contrib layers.linear -> tf.layers.dense; tflearn's string_to_semi_redundant_sequences/chars_to_dictionary -> small numpy stand-ins; romeo_and_juliet.txt -> a seeded 600-character text over 12 letters; rnn_size 256 -> 16, batch 64 -> 8, layers 3 -> 2, epochs 50 -> 4, generated length 1000 -> 20 every 2 epochs; the elapsed time and the summary writer left out; checkpoint paths relative, their directory made before training.
import os
import re

import numpy as np
import tensorflow as tf

from abc import ABCMeta
from abc import abstractmethod

rng = np.random.RandomState(0)
txt = "\n".join("".join(rng.choice(list("abcdefgh ijk"), 40)) for _ in range(15))


def chars_to_dictionary(string):
    chars = sorted(set(string))
    return {c: i for i, c in enumerate(chars)}


def string_to_semi_redundant_sequences(string, seq_maxlen, char_idx, redun_step=3):
    sequences = [string[i : i + seq_maxlen] for i in range(0, len(string) - seq_maxlen, redun_step)]
    next_chars = [string[i + seq_maxlen] for i in range(0, len(string) - seq_maxlen, redun_step)]
    X = np.zeros((len(sequences), seq_maxlen, len(char_idx)), dtype=bool)
    Y = np.zeros((len(sequences), len(char_idx)), dtype=bool)
    for i, seq in enumerate(sequences):
        for t, char in enumerate(seq):
            X[i, t, char_idx[char]] = 1
        Y[i, char_idx[next_chars[i]]] = 1
    return X, Y, char_idx


class RNNLearn(metaclass=ABCMeta):
    """This is a base class implementation of RNN cells."""
    def __init__(self, rnn_size, layer_size, batch_size):
        self._RNN_SIZE = rnn_size
        self._LAYER_SIZE = layer_size
        self._BATCH_SIZE = batch_size

        # Create placeholders for input and output.
        self._x, self._y, self._batch_size = self._get_inputs()

        # Apply internal transformations that you needs to be applied before ingested to the net.
        self._x_runnable, self._y_runnable = self._prepare_inputs()

        # Build the rnn.
        self._rnn_output, self._init_state, self._final_state, self._rnn_cell = self._get_rnn()
        self._y_pred = self._build_nn()

        # Attributes for training setup.
        self._is_set_for_training = False
        self._learning_rate = None
        self._optimization_function = None
        self._train_step = None
        self._loss = None
        self._accuracy = None

    def train(self, session, x_batch, y_batch, state):
        assert self._is_set_for_training, 'Model not set for training. Please call ' \
                                          'set_learning_rate() method to do training setup.'
        feed_dict = self._get_feed_dict(session, state, x_batch, y_batch)
        feed_dict[self._batch_size] = self._BATCH_SIZE

        _, loss, final_state = session.run(
            [self._train_step, self._loss, self._final_state],
            feed_dict=feed_dict
        )
        return final_state, loss

    def track_progress(self):
        pass

    def predict(self, session, state, x):
        feed_dict = self._get_feed_dict(session, state, x)
        y_pred, out_state = session.run([self._y_pred, self._final_state], feed_dict=feed_dict)
        return y_pred, out_state

    def get_accuracy(self, session, state, x, y):
        feed_dict = self._get_feed_dict(session, state, x, y)
        return session.run(self._accuracy, feed_dict)

    @abstractmethod
    def setup_training(self, learning_rate=0.002):
        self._learning_rate = learning_rate
        self._optimization_function = tf.train.AdamOptimizer(self._learning_rate)
        self._is_set_for_training = True

    def _get_feed_dict(self, session, state, x, y=None):
        feed_dict = {self._x: x}
        if y is not None:
            feed_dict[self._y] = y
        if state is None:
            state = session.run(self._init_state)

        # Feed the input states.
        for idx, state_op in enumerate(self._init_state):
            feed_dict[state_op] = state[idx]
        return feed_dict

    @abstractmethod
    def _build_nn(self):
        raise NotImplementedError()

    @abstractmethod
    def _prepare_inputs(self):
        raise NotImplementedError()

    def _get_rnn(self):
        """Build the RNN network."""
        if self._LAYER_SIZE != 1:
            cell = tf.nn.rnn_cell.MultiRNNCell([self._create_cell() for _ in range(self._LAYER_SIZE)])
        else:
            cell = self._create_cell()

        init_state = cell.zero_state(self._BATCH_SIZE, tf.float32)

        # output      : [batch_size, seq_length, rnn_size]
        # final_state : [batch_size, layer_size * rnn_size]
        output, final_state = tf.nn.dynamic_rnn(cell, self._x_runnable, initial_state=init_state)

        # Give the variables names so that we can fetch them from checkpoints.
        final_state = tf.identity(final_state, 'final-state')
        return output, init_state, final_state, cell

    def _create_cell(self):
        """Return an RNN cell with rnn_size number of units."""
        return tf.nn.rnn_cell.GRUCell(self._RNN_SIZE)

    def _get_inputs(self):
        """Get the tf placeholders for input variables."""
        x = tf.placeholder(tf.uint8, [None, None], name='x')

        # Hold a batch of targets with same sequence length as x.
        y = tf.placeholder(tf.uint8, [None, None], name='y')

        #
        batch_size = tf.placeholder(tf.int32, name='batch-size')
        return x, y, batch_size

    def _restore_model(self, session, path, graph_file_name):
        """Restore a trained model."""
        graph_file = os.path.join(path, graph_file_name)
        if not (os.path.exists(path) and os.path.isfile(graph_file)):
            print('Could not restore model.')
            return
        tf.reset_default_graph()
        saver = tf.train.import_meta_graph(graph_file)
        saver.restore(session, tf.train.latest_checkpoint(path))
        return saver


class NextChar(RNNLearn):
    def __init__(self, alphabet_size, rnn_size, layer_size, batch_size):
        self.alphabet_size = alphabet_size
        self._y_logits = None
        super().__init__(rnn_size, layer_size, batch_size)

    def _prepare_inputs(self):
        # x_1_hot, y_1_hot: [batch_size, seq_length, alphabet_size]
        x_1_hot = tf.one_hot(self._x, self.alphabet_size, 1., 0., dtype=tf.float32, name='x-one-hot')
        y_1_hot = tf.one_hot(self._y, self.alphabet_size, 1., 0., dtype=tf.float32, name='y-one-hot')
        return x_1_hot, y_1_hot

    def _build_nn(self):
        with tf.name_scope('output'):
            output = tf.reshape(self._rnn_output, [-1, self._RNN_SIZE])

        with tf.name_scope('fully-connected'):
            y_logits = tf.layers.dense(output, self.alphabet_size)

        with tf.name_scope('prediction'):
            y_1_hot_pred = tf.nn.softmax(y_logits)  # [batch_size * seq_length, alphabet_size]
            y_pred = tf.argmax(y_1_hot_pred, 1)  # [batch_size * seq_length, alphabet_size]
            y_pred = tf.reshape(y_pred, [self._batch_size, -1], name='y_pred')  # [batch_size, seq_length]

        self._y_logits = y_logits
        return y_pred

    def setup_training(self, learning_rate=0.002):
        super().setup_training(learning_rate)
        with tf.name_scope('train-step'):
            y_1_hot_flat = tf.reshape(self._y_runnable, [-1, self.alphabet_size])
            loss = tf.nn.softmax_cross_entropy_with_logits(
                logits=self._y_logits, labels=y_1_hot_flat
            )
            loss = tf.reshape(loss, [self._batch_size, -1])
            train_step = self._optimization_function.minimize(loss, name='train-step')
            tf.add_to_collection("optimizer", train_step)

        # Stats for display.
        with tf.name_scope('accuracy-and-loss'):
            seq_loss = tf.reduce_mean(loss, 1)  # [batch_size]
            batch_loss = tf.reduce_mean(seq_loss, name='batch-loss')
            accuracy = tf.reduce_mean(
                tf.cast(tf.equal(self._y, tf.cast(self._y_pred, tf.uint8)), tf.float32),
                name='accuracy'
            )

        self._train_step, self._loss, self._accuracy = train_step, batch_loss, accuracy

    def generate_sequence(self, session, seed, length, seq_length):
        """Given a seed sequence, complete the sequence for n characters."""
        sequence = list(seed)
        if self._is_set_for_training:
            batch_size = self._BATCH_SIZE
        else:
            batch_size = 1
        state = tuple(
            np.zeros([batch_size, self._RNN_SIZE], dtype=np.float32) for _ in range(self._LAYER_SIZE)
        )
        for i in range(length):
            x_seq = np.reshape(sequence[-seq_length:], [1, -1])
            x = np.zeros([batch_size, seq_length])
            x[0, :x_seq.shape[1]] = x_seq
            feed_dict = {self._x: x, self._batch_size: batch_size}
            for idx, op in enumerate(self._init_state):
                feed_dict[op] = state[idx]

            pred = session.run(self._y_pred, feed_dict)
            sequence.append(pred[0][-1])
        return sequence

    def restore_model(self, session, path, graph_file_name):
        saver = self._restore_model(session, path, graph_file_name)

        if not saver:
            return

        # Load all tensors here.
        self._x = session.graph.get_tensor_by_name('x:0')
        self._y = session.graph.get_tensor_by_name('y:0')
        self._batch_size = session.graph.get_tensor_by_name('batch-size:0')

        self._x_runnable = session.graph.get_tensor_by_name('x-one-hot:0')
        self._y_runnable = session.graph.get_tensor_by_name('y-one-hot:0')

        self._final_state = session.graph.get_tensor_by_name('final-state:0')
        self._y_pred = session.graph.get_tensor_by_name('prediction/y_pred:0')

        self._train_step = session.graph.get_collection('optimizer', 'train-step')[0]
        self._loss = session.graph.get_tensor_by_name('accuracy-and-loss/batch-loss:0')
        self._accuracy = session.graph.get_tensor_by_name('accuracy-and-loss/accuracy:0')

        return saver


def get_data_stream(batch_size, char_dict, seq_len):
    x, y, char_idx = string_to_semi_redundant_sequences(txt, seq_maxlen=seq_len, char_idx=char_dict)
    batch_count = x.shape[0] // batch_size

    def iter():
        for i in range(batch_count):
            idx = i*batch_size
            x_batch = x[idx:idx+batch_size, :, :].argmax(2)
            targets = y[idx:idx+batch_size, :].argmax(1)

            y_batch = np.zeros(x_batch.shape, dtype=np.uint8)
            y_batch[:, :-1] = x_batch[:, 1:]
            y_batch[:, -1] = targets
            yield x_batch, y_batch
    return iter


def index_to_chars(int_sequence, idx_dict):
    inv_dict = dict(zip(idx_dict.values(), idx_dict.keys()))
    return ''.join([inv_dict[int_v] for int_v in int_sequence])


def char_to_index(char_sequence, idx_dict):
    return [idx_dict[char] for char in char_sequence]


def get_seed(seq_size):
    global start_indexes
    if not start_indexes:
        start_indexes = [match.start() for match in re.finditer(re.escape('\n'), txt)]
    start_index = np.random.choice(start_indexes) + 1
    return txt[start_index: start_index+seq_size]


start_indexes = None
rnn_size = 16
batch_size = 8
n_layers = 2
epochs = 4
sequence_length = 25
lr = 0.01

char_idx = chars_to_dictionary(txt)
alphabet_size = len(char_idx)

model = NextChar(alphabet_size, rnn_size, n_layers, batch_size)
model.setup_training()

session = tf.Session()
session.run(tf.global_variables_initializer())
saver = tf.train.Saver()

s = model.restore_model(
    session,
    'checkpoints/shakespeare/',
    '1-50.meta'
)
if s:
    saver = s

os.makedirs('checkpoints/shakespeare', exist_ok=True)
loss = None
data_stream = get_data_stream(batch_size, char_idx, seq_len=sequence_length)

for e in range(epochs):
    current_state = None
    for x, y in data_stream():
        current_state, loss = model.train(session, x, y, current_state)
    print('*' * 100)
    print('Epoch', e+1, 'Loss', loss)
    print('*' * 100)
    if (e+1) % 2 == 0:
        print('-' * 100)
        seed = char_to_index(get_seed(sequence_length), char_idx)
        seq = model.generate_sequence(session, seed, 20, sequence_length)
        print(index_to_chars(seq, char_idx))

        saver.save(session, 'checkpoints/shakespeare/1', global_step=e+1)

session.close()
