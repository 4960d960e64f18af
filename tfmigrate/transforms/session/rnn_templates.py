"""The eager code rnn.py emits for TF1's RNN cells and runs: one piece per kind, written once before the first cell.

A DropoutWrapper's keep probabilities are literals in most programs, a fed placeholder's value in some
(``output_keep_prob=keep_prob``): the wrapper and the MultiRNNCell around it take the values fed (``feed``) only in
the second case, so one template of each serves both, and a program without fed keep probabilities keeps the plain
code. The runs read TF1's ``sequence_length`` only where a program gives one.
"""

from __future__ import annotations

from string import Template

MULTI = "MultiRNNCell"
WRAPPER = "DropoutWrapper"
STATE = "LSTMStateTuple"  # the emitted namedtuple an LSTM's state is


def templates(lengths: bool, fed: bool) -> dict[str, str]:
    """Each kind's code, to ``format`` with the program's names: the runs with ``sequence_length`` when ``lengths``,
    the dropout cells taking fed keep probabilities when ``fed``."""
    dropout = _FED if fed else _PLAIN
    return {
        **_CELLS,
        **(_LENGTH_RUNS if lengths else _RUNS),
        WRAPPER: _WRAPPER.substitute(dropout),
        MULTI: _MULTI.substitute(feed=dropout["feed_cells"]),
    }


_CELLS = {
    STATE: """
{name} = {collections}.namedtuple("LSTMStateTuple", ("c", "h"))  # TF1's: an LSTM's state, read as .c / .h
""",
    "BasicLSTMCell": '''
class {name}({tf}.keras.layers.Layer):
    """TF1's BasicLSTMCell/LSTMCell as a Keras 3 layer: one kernel over [inputs, h], gates i, j, f, o."""

    kernels = 1

    def __init__(self, num_units, forget_bias=1.0, activation=None, seed=None, name="basic_lstm_cell"):
        super().__init__(name=name)
        self.num_units, self.forget_bias, self.seed = num_units, forget_bias, seed
        self.activation = activation or {tf}.tanh
        self.state_size = (num_units, num_units)

    def build(self, input_shape):
        initializer = {tf}.compat.v1.glorot_uniform_initializer(seed=self.seed)
        shape = (input_shape[-1] + self.num_units, 4 * self.num_units)
        self.kernel = self.add_weight(shape=shape, initializer=initializer, name="kernel")
        self.bias = self.add_weight(shape=(4 * self.num_units,), initializer="zeros", name="bias")

    def zero_state(self, batch_size, dtype):
        zeros = {tf}.zeros([batch_size, self.num_units], dtype)
        return {state}(zeros, zeros)

    def call(self, inputs, state):
        c, h = state
        gates = {tf}.matmul({tf}.concat([inputs, h], 1), self.kernel) + self.bias
        i, j, f, o = {tf}.split(gates, 4, axis=1)
        c = c * {tf}.sigmoid(f + self.forget_bias) + {tf}.sigmoid(i) * self.activation(j)
        h = self.activation(c) * {tf}.sigmoid(o)
        return h, {state}(c, h)
''',
    "GRUCell": '''
class {name}({tf}.keras.layers.Layer):
    """TF1's GRUCell as a Keras 3 layer: gate and candidate kernels over [inputs, h], gate bias ones."""

    kernels = 2

    def __init__(self, num_units, activation=None, seed=None, name="gru_cell"):
        super().__init__(name=name)
        self.num_units, self.seed, self.state_size = num_units, seed, num_units
        self.activation = activation or {tf}.tanh

    def build(self, input_shape):
        seeds = (None, None) if self.seed is None else (self.seed, self.seed + 1)
        depth, units = input_shape[-1] + self.num_units, self.num_units
        gates = {tf}.compat.v1.glorot_uniform_initializer(seed=seeds[0])
        self.gates_kernel = self.add_weight(shape=(depth, 2 * units), initializer=gates, name="gates_kernel")
        self.gates_bias = self.add_weight(shape=(2 * units,), initializer="ones", name="gates_bias")
        candidate = {tf}.compat.v1.glorot_uniform_initializer(seed=seeds[1])
        self.candidate_kernel = self.add_weight(shape=(depth, units), initializer=candidate, name="candidate_kernel")
        self.candidate_bias = self.add_weight(shape=(units,), initializer="zeros", name="candidate_bias")

    def zero_state(self, batch_size, dtype):
        return {tf}.zeros([batch_size, self.num_units], dtype)

    def call(self, inputs, state):
        gates = {tf}.matmul({tf}.concat([inputs, state], 1), self.gates_kernel) + self.gates_bias
        r, u = {tf}.split({tf}.sigmoid(gates), 2, axis=1)
        candidate = {tf}.matmul({tf}.concat([inputs, r * state], 1), self.candidate_kernel) + self.candidate_bias
        h = u * state + (1 - u) * self.activation(candidate)
        return h, h
''',
    "BasicRNNCell": '''
class {name}({tf}.keras.layers.Layer):
    """TF1's BasicRNNCell as a Keras 3 layer: the activation (tanh by default) of one kernel over [inputs, h]."""

    kernels = 1

    def __init__(self, num_units, activation=None, seed=None, name="basic_rnn_cell"):
        super().__init__(name=name)
        self.num_units, self.seed, self.state_size = num_units, seed, num_units
        self.activation = activation or {tf}.tanh

    def build(self, input_shape):
        initializer = {tf}.compat.v1.glorot_uniform_initializer(seed=self.seed)
        shape = (input_shape[-1] + self.num_units, self.num_units)
        self.kernel = self.add_weight(shape=shape, initializer=initializer, name="kernel")
        self.bias = self.add_weight(shape=(self.num_units,), initializer="zeros", name="bias")

    def zero_state(self, batch_size, dtype):
        return {tf}.zeros([batch_size, self.num_units], dtype)

    def call(self, inputs, state):
        h = self.activation({tf}.matmul({tf}.concat([inputs, state], 1), self.kernel) + self.bias)
        return h, h
''',
}
_RUNS = {
    "static": '''
def {name}(cell, inputs, initial_state=None):
    """TF1's tf.nn.static_rnn: the cell run over a list of steps from its zero state; every output, the last state."""
    state = cell.zero_state({tf}.shape(inputs[0])[0], inputs[0].dtype) if initial_state is None else initial_state
    outputs = []
    for step in inputs:
        output, state = cell(step, state=state)
        outputs.append(output)
    return outputs, state
''',
    "dynamic": '''
def {name}(cell, inputs, initial_state=None):
    """TF1's tf.nn.dynamic_rnn (batch major, every sequence full length): outputs [batch, time, units], last state."""
    outputs, state = {static}(cell, {tf}.unstack(inputs, axis=1), initial_state)
    return {tf}.stack(outputs, axis=1), state
''',
    "bidirectional_dynamic": '''
def {name}(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None):
    """TF1's tf.nn.bidirectional_dynamic_rnn (batch major): the forward cell over the steps, the backward cell over
    them reversed, its outputs reversed back to time order; ((outputs_fw, outputs_bw), (state_fw, state_bw))."""
    outputs_fw, state_fw = {dynamic}(cell_fw, inputs, initial_state_fw)
    outputs_bw, state_bw = {dynamic}(cell_bw, {tf}.reverse(inputs, [1]), initial_state_bw)
    return (outputs_fw, {tf}.reverse(outputs_bw, [1])), (state_fw, state_bw)
''',
    "static_bidirectional": '''
def {name}(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None):
    """TF1's tf.nn.static_bidirectional_rnn: the forward cell over the list of steps, the backward cell over it
    reversed; each step's outputs concatenated [fw, bw] (in time order), the forward and the backward last state."""
    outputs_fw, state_fw = {static}(cell_fw, inputs, initial_state_fw)
    outputs_bw, state_bw = {static}(cell_bw, inputs[::-1], initial_state_bw)
    outputs = [{tf}.concat([fw, bw], 1) for fw, bw in zip(outputs_fw, outputs_bw[::-1])]
    return outputs, state_fw, state_bw
''',
}
# The runs when a program gives ``sequence_length``: TF1's _rnn_step, which past each sequence's length emits zeros
# and copies the state through (``tf.where(time >= sequence_length, zero_output / old_state, new)``).
_LENGTH_RUNS = {
    "static": '''
def {name}(cell, inputs, initial_state=None, sequence_length=None):
    """TF1's tf.nn.static_rnn: the cell run over a list of steps from its zero state (or the state given); past a
    sequence's length its output is zeros and its state stays the last one (TF1's sequence_length)."""
    state = cell.zero_state({tf}.shape(inputs[0])[0], inputs[0].dtype) if initial_state is None else initial_state
    lengths = None if sequence_length is None else {tf}.cast(sequence_length, {tf}.int32)
    outputs = []
    for time, step in enumerate(inputs):
        output, new_state = cell(step, state=state)
        if lengths is not None:
            alive = {tf}.expand_dims(time < lengths, 1)
            output = {tf}.where(alive, output, {tf}.zeros_like(output))
            new_state = {tf}.nest.map_structure(lambda new, old: {tf}.where(alive, new, old), new_state, state)
        outputs.append(output)
        state = new_state
    return outputs, state
''',
    "dynamic": '''
def {name}(cell, inputs, initial_state=None, sequence_length=None):
    """TF1's tf.nn.dynamic_rnn (batch major): outputs [batch, time, units] (zeros past each sequence_length), last
    state (the state at each sequence's last step)."""
    outputs, state = {static}(cell, {tf}.unstack(inputs, axis=1), initial_state, sequence_length)
    return {tf}.stack(outputs, axis=1), state
''',
    "bidirectional_dynamic": '''
def {name}(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, sequence_length=None):
    """TF1's tf.nn.bidirectional_dynamic_rnn (batch major): the forward cell over the steps, the backward cell over
    them reversed (each sequence's first sequence_length steps only, tf.reverse_sequence), its outputs reversed back
    to time order; ((outputs_fw, outputs_bw), (state_fw, state_bw))."""

    def reverse(values):
        if sequence_length is None:
            return {tf}.reverse(values, [1])
        lengths = {tf}.cast(sequence_length, {tf}.int64)
        return {tf}.reverse_sequence(values, lengths, seq_axis=1, batch_axis=0)

    outputs_fw, state_fw = {dynamic}(cell_fw, inputs, initial_state_fw, sequence_length)
    outputs_bw, state_bw = {dynamic}(cell_bw, reverse(inputs), initial_state_bw, sequence_length)
    return (outputs_fw, reverse(outputs_bw)), (state_fw, state_bw)
''',
    "static_bidirectional": '''
def {name}(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, sequence_length=None):
    """TF1's tf.nn.static_bidirectional_rnn: the forward cell over the list of steps, the backward cell over it
    reversed (each sequence's first sequence_length steps only); each step's outputs concatenated [fw, bw] in time
    order, the forward and the backward last state."""

    def reverse(steps):
        if sequence_length is None:
            return steps[::-1]
        flipped = {tf}.reverse_sequence({tf}.stack(steps), {tf}.cast(sequence_length, {tf}.int64), seq_axis=0, batch_axis=1)
        return {tf}.unstack(flipped)

    outputs_fw, state_fw = {static}(cell_fw, inputs, initial_state_fw, sequence_length)
    outputs_bw, state_bw = {static}(cell_bw, reverse(inputs), initial_state_bw, sequence_length)
    outputs = [{tf}.concat([fw, bw], 1) for fw, bw in zip(outputs_fw, reverse(outputs_bw))]
    return outputs, state_fw, state_bw
''',
}

# The dropout cells. ``$`` slots choose the variant (plain or fed), ``{}`` fields the program's names. A keep
# probability fed (``output_keep_prob=keep_prob``, a placeholder fed 0.5 in training and 1.0 in evaluation): TF1
# applied ``tf.nn.dropout(output, rate=1 - keep)`` on every run whatever was fed (exactly the identity at 1.0), so each
# run first gives the cells the values fed (``feed``), in eager execution as in a trace.
_WRAPPER = Template('''
class {name}({tf}.keras.layers.Layer):
    """TF1's DropoutWrapper as a Keras 3 layer: dropout on the cell's inputs and outputs at every run, as TF1's graph
    applied it whenever it ran$doc"""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, seed=None, name="dropout_wrapper"):
        super().__init__(name=name)
$keep
        if seed is not None:
            cell.seed = seed

    @property
    def seed(self):
        return self.cell.seed

    @seed.setter
    def seed(self, seed):
        self.cell.seed = seed
$feed
    def zero_state(self, batch_size, dtype):
        return self.cell.zero_state(batch_size, dtype)

    def call(self, inputs, state):
$dropout
        return output, state
''')
_MULTI = Template('''
class {name}({tf}.keras.layers.Layer):
    """TF1's MultiRNNCell as a Keras 3 layer: each cell's output feeds the next; TF1 drew their kernels in order."""

    def __init__(self, cells, seed=None, name="multi_rnn_cell"):
        super().__init__(name=name)
        self.cells = list(cells)
        distinct = list({{id(cell): cell for cell in self.cells}}.values())  # [cell] * n: one cell, drawn once
        self.kernels = sum(cell.kernels for cell in distinct)
        self.state_size = tuple(cell.state_size for cell in self.cells)
        for cell in distinct if seed is not None else ():
            cell.seed, seed = seed, seed + cell.kernels
$feed
    def zero_state(self, batch_size, dtype):
        return tuple(cell.zero_state(batch_size, dtype) for cell in self.cells)

    def call(self, inputs, state):
        states = []
        for cell, cell_state in zip(self.cells, state):
            inputs, cell_state = cell(inputs, state=cell_state)
            states.append(cell_state)
        return inputs, tuple(states)
''')
_PLAIN = {
    "doc": " (a keep probability of 1.0 drops nothing).",
    "keep": """\
        self.cell, self.input_keep_prob, self.output_keep_prob = cell, input_keep_prob, output_keep_prob
        self.kernels, self.state_size = cell.kernels, cell.state_size""",
    "feed": "",
    "feed_cells": "",
    "dropout": """\
        if self.input_keep_prob < 1:
            inputs = {tf}.nn.dropout(inputs, rate=1 - self.input_keep_prob)
        output, state = self.cell(inputs, state=state)
        if self.output_keep_prob < 1:
            output = {tf}.nn.dropout(output, rate=1 - self.output_keep_prob)""",
}
_FED = {
    "doc": """. A keep probability given as a placeholder's name is the value fed to it, which the
    run passes to ``feed`` (TF1 dropped with rate 1 - keep whatever was fed; 1.0 keeps every value as it is).""",
    "keep": """\
        self.cell, self.given = cell, (input_keep_prob, output_keep_prob)
        self.kernels, self.state_size, self.keep = cell.kernels, cell.state_size, self.given""",
    "feed": """
    def feed(self, fed):
        self.keep = tuple(fed[keep] if isinstance(keep, str) else keep for keep in self.given)
        if hasattr(self.cell, "feed"):
            self.cell.feed(fed)
        return self
""",
    "feed_cells": """
    def feed(self, fed):
        for cell in self.cells:
            if hasattr(cell, "feed"):
                cell.feed(fed)
        return self
""",
    "dropout": """\
        input_keep, output_keep = self.keep
        if not isinstance(input_keep, (int, float)) or input_keep < 1:
            inputs = {tf}.nn.dropout(inputs, rate=1 - {tf}.cast(input_keep, inputs.dtype))
        output, state = self.cell(inputs, state=state)
        if not isinstance(output_keep, (int, float)) or output_keep < 1:
            output = {tf}.nn.dropout(output, rate=1 - {tf}.cast(output_keep, output.dtype))""",
}
