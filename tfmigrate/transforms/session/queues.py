"""Queue input pipelines as the tf.data pipelines datasets.py models (TFM201).

TF1's reading-data guide builds a CSV input at module level as a chain of queues::

    filename_queue = tf.train.string_input_producer(["data.csv"], shuffle=False)
    reader = tf.TextLineReader(skip_header_lines=1)
    _, value = reader.read(filename_queue)
    col1, col2, label = tf.decode_csv(value, record_defaults=[[0.], [0.], [0]])
    features = tf.stack([col1, col2])
    x_batch, y_batch = tf.train.batch([features, label], batch_size=10)

and starts threads that fill the queues (``tf.train.start_queue_runners``, a ``tf.train.Coordinator``). Each
``sess.run`` whose fetches depend on the batch dequeues one batch, and with ``num_epochs`` the run after the last
full batch raises ``OutOfRangeError``. That is a dataset read through a one-shot iterator, so before datasets.py sees
the module the chain is written as one::

    def parse_line(value):
        col1, col2, label = tf.decode_csv(value, record_defaults=[[0.], [0.], [0]])
        features = tf.stack([col1, col2])
        return features, label
    dataset = tf.data.TextLineDataset(["data.csv"]).skip(1).map(parse_line).repeat().batch(10, drop_remainder=True)
    iterator = dataset.make_one_shot_iterator()
    x_batch, y_batch = iterator.get_next()

The record statements (those reading the reader's value) move into the map function unchanged; ``.skip`` before
``.repeat`` skips the header in every epoch as the reader does for every file it opens; ``drop_remainder`` keeps
TF1's end (a short last batch is never dequeued unless ``allow_smaller_final_batch``); a batch component that is not
a tensor name is converted as ``tf.train.batch`` converts it (``xy[0:-1]``, a list of columns, packs into one
tensor). ``tf.train.batch`` with one thread keeps the file's order, so the numbers are the same; ``shuffle_batch``
samples from its queue in an order no dataset reproduces, which only an unseeded program may take as another order
(``.shuffle(capacity)``); a seeded one keeps the graph tier. Threads and their coordinator have nothing to do
eagerly: ``start_queue_runners``, ``request_stop()`` and ``join()`` go, ``should_stop()`` is False until the data
ends. A ``start_queue_runners`` with no queue in the module is dropped the same way.

Anything else (another reader or producer, a pipeline built in a function or loop, several files with a header or
shuffled, a record tensor read outside the chain) is left to the proof, which refuses it with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, eager_safe
from tfmigrate.transforms.session.analysis import (
    MORE_OPS,
    SEEDS,
    Blocked,
    LineOf,
    Resolve,
    descendants,
    is_random,
    loaded_names,
)
from tfmigrate.transforms.session.datasets import PARSERS
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.run_calls import run_receiver
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

PRODUCER = "train.string_input_producer"
READER = "TextLineReader"
BATCH = "train.batch"
SHUFFLE_BATCH = "train.shuffle_batch"
RUNNERS = frozenset({"train.start_queue_runners", "train.queue_runner.start_queue_runners"})
COORDINATOR = "train.Coordinator"
LOCAL_INITIALIZERS = frozenset({"local_variables_initializer", "initialize_local_variables"})
GLOBAL_INITIALIZERS = frozenset({"global_variables_initializer", "initialize_all_variables"})
# Calls that make local variables besides the epoch counter of num_epochs.
LOCAL_MAKERS = ("metrics.", "get_local_variable", "contrib.")
# Other queue machinery: with any of it, start_queue_runners starts threads this module does not model.
OTHER_QUEUES = (
    "train.input_producer",
    "train.range_input_producer",
    "train.slice_input_producer",
    "train.batch_join",
    "train.shuffle_batch_join",
    "train.maybe_batch",
    "train.maybe_shuffle_batch",
    "train.QueueRunner",
    "train.add_queue_runner",
    "train.queue_runner.",
    "FIFOQueue",
    "RandomShuffleQueue",
    "PaddingFIFOQueue",
    "PriorityQueue",
    "queue.",
    "WholeFileReader",
    "TFRecordReader",
    "FixedLengthRecordReader",
    "IdentityReader",
    "train.match_filenames_once",
)


@dataclass
class Pipeline:
    """One producer -> reader -> records -> batch chain, by its module-level statements."""

    producer: cst.SimpleStatementLine
    files: cst.BaseExpression
    reader: cst.SimpleStatementLine | None = None
    read: cst.SimpleStatementLine | None = None
    value: str = ""
    records: list[cst.SimpleStatementLine] = field(default_factory=list)
    record_names: set[str] = field(default_factory=set)
    batch: cst.SimpleStatementLine | None = None
    takes_seed: bool = True  # string_input_producer(shuffle=True) draws an op seed in TF1, as a one-shot iterator
    shuffle: str = ""  # several files shuffled: the shuffle's buffer, the number of files (code)
    fetched: list[str] = field(default_factory=list)  # without a batch: the record tensors the runs read


class Queues(TracedRewrite):
    """Finds the pipeline and writes it as a dataset; ``notes`` are the report's lines."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        super().__init__(module, resolve, line_of)
        self.pipeline: Pipeline | None = None
        self.dropped: set[cst.SimpleStatementLine] = set()
        self.replaced: dict[cst.SimpleStatementLine, list[cst.BaseStatement]] = {}
        self.coordinators: set[str] = set()
        self.threads: set[str] = set()
        self.stops: set[cst.Call] = set()  # coord.should_stop() calls, False eagerly
        self.printed: dict[cst.Call, list[str]] = {}  # print(t) of pipeline tensors -> the texts TF1 printed
        # tf.group(global_init, local_init) / [global_init, local_init] run together -> global_init
        self.groups: dict[cst.CSTNode, cst.BaseExpression] = {}
        self.graph_names: set[str] = set()  # module-level names bound to TensorFlow values outside the chain
        self.notes: list[tuple[int, str]] = []
        self.iterator = ""
        attributes = {id(n.attr) for n in descendants(module) if isinstance(n, cst.Attribute)}
        self.taken = {n.value for n in descendants(module) if isinstance(n, cst.Name) and id(n) not in attributes}

    def path(self, node: cst.CSTNode) -> str:
        return (self.resolver(node) or "").removeprefix("compat.v1.")

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return Blocked(construct, self.line_of(node))

    def calls(self, node: cst.CSTNode) -> list[tuple[cst.Call, str]]:
        return [(n, self.path(n.func)) for n in descendants(node) if isinstance(n, cst.Call)]

    # --------------------------------------------------------------------------------------- analysis
    def collect(self) -> bool:
        paths = [p for _, p in self.calls(self.module)]
        if not any(p == PRODUCER or p in RUNNERS for p in paths):
            return False
        if any(p.startswith(OTHER_QUEUES) for p in paths):
            return False  # queues this module does not model: the proof names them
        producers = [p for p in paths if p == PRODUCER]
        if len(producers) > 1:
            return False
        for statement in self.straight():
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
                self.step(statement, statement.body[0])
        if producers and (self.pipeline is None or self.pipeline.read is None):
            return False  # built in a function or another form: the proof's line stands
        if self.pipeline is not None and self.pipeline.batch is None:  # a record per run, without a batch
            self.pipeline.fetched = self.fetched(self.pipeline)
            if not self.pipeline.fetched:
                return False
        self.threading()
        if self.pipeline is not None:
            if self.pipeline.batch is not None:
                self.printed_facts(self.pipeline)
            self.confined(self.pipeline)
            self.epoch_counter()
        return True

    def epoch_counter(self) -> None:
        """``num_epochs`` makes string_input_producer count epochs in a local variable, which the program
        initialises (``sess.run(tf.local_variables_initializer())``, ``tf.group(global_init, local_init)``). The
        dataset counts its own epochs: when that counter is the module's only local variable, its initialisation
        goes and a group of initializers is the global one."""
        paths = [p for _, p in self.calls(self.module)]
        if any(p.startswith(LOCAL_MAKERS) for p in paths) or any(
            isinstance(n, cst.Arg) and n.keyword is not None and n.keyword.value == "collections"
            for n in descendants(self.module)
        ):
            return
        local_names: set[str] = set()
        for statement in self.straight():
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
                small = statement.body[0]
                if isinstance(small, cst.Assign) and len(small.targets) == 1:
                    target, value = small.targets[0].target, small.value
                    if isinstance(target, cst.Name) and isinstance(value, cst.Call):
                        if self.path(value.func) in LOCAL_INITIALIZERS and not value.args:
                            local_names.add(target.value)
                            self.dropped.add(statement)
        for node in descendants(self.module):
            if isinstance(node, cst.Call) and self.path(node.func) == "group" and len(node.args) == 2:
                kinds = [self.initializer_kind(a.value, local_names) for a in node.args]
                if sorted(kinds) == ["global", "local"] and all(a.keyword is None for a in node.args):
                    self.groups[node] = node.args[kinds.index("global")].value
            if isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 and isinstance(node.body[0], cst.Expr):
                call = node.body[0].value
                receiver = run_receiver(call)
                if isinstance(call, cst.Call) and receiver is not None:
                    ran = call.args[0].value if len(call.args) == 1 and call.args[0].keyword is None else None
                    ran = receiver if not call.args else ran
                    if ran is not None and self.initializer_kind(ran, local_names) == "local":
                        self.dropped.add(node)
                    elif isinstance(ran, (cst.List, cst.Tuple)) and len(ran.elements) == 2:
                        kinds = [self.initializer_kind(e.value, local_names) for e in ran.elements]
                        if sorted(kinds) == ["global", "local"]:  # sess.run([global_init, local_init])
                            self.groups[ran] = ran.elements[kinds.index("global")].value
        kept = {id(n) for s in self.dropped for n in descendants(s)}
        for node in descendants(self.module):
            if isinstance(node, cst.Name) and node.value in local_names and id(node) not in kept:
                raise self.deny(f"the local variables initializer `{node.value}` used otherwise", node)

    def initializer_kind(self, node: cst.BaseExpression, local_names: set[str]) -> str:
        if isinstance(node, cst.Name):
            return "local" if node.value in local_names else ""
        if isinstance(node, cst.Call) and not node.args:
            path = self.path(node.func)
            return "local" if path in LOCAL_INITIALIZERS else "global" if path in GLOBAL_INITIALIZERS else ""
        return ""

    def step(self, statement: cst.SimpleStatementLine, small: cst.BaseSmallStatement) -> None:
        """Follows the chain one module-level statement at a time."""
        value = small.value if isinstance(small, (cst.Assign, cst.Expr)) else None
        targets = small.targets if isinstance(small, cst.Assign) else []
        path = self.path(value.func) if isinstance(value, cst.Call) else ""
        pipeline = self.pipeline
        record = pipeline is not None and bool({n.value for n in loaded_names(small)} & pipeline.record_names)
        if value is not None and not record and any(p for _, p in self.calls(value)):
            self.graph_names.update(n.value for t in targets for n in loaded_names(t.target))
        if path == PRODUCER and isinstance(value, cst.Call):
            if len(targets) != 1 or not isinstance(targets[0].target, cst.Name):
                return
            files = argument(value, 0, "string_tensor")
            if files is None:
                return
            self.pipeline = Pipeline(statement, files.value)
            return
        if pipeline is None or pipeline.batch is not None:
            return
        names = {n.value for n in loaded_names(small)}
        if path == READER and pipeline.reader is None and len(targets) == 1:
            pipeline.reader = statement
        elif (
            pipeline.reader is not None
            and pipeline.read is None
            and isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "read"
        ):
            target = targets[0].target if len(targets) == 1 else None
            if isinstance(target, cst.Tuple) and len(target.elements) == 2:
                read = target.elements[1].value
                if isinstance(read, cst.Name):
                    pipeline.read, pipeline.value = statement, read.value
                    pipeline.record_names.add(read.value)
        elif path in (BATCH, SHUFFLE_BATCH) and pipeline.read is not None:
            pipeline.batch = statement
        elif pipeline.read is not None and record and not names & self.graph_names and isinstance(small, cst.Assign):
            pipeline.records.append(statement)  # a statement that also reads the model is not the record's
            for bound in small.targets:
                if not isinstance(bound.target, (cst.Name, cst.Tuple, cst.List)):
                    raise self.deny("a record tensor stored into a subscript or attribute", statement)
                pipeline.record_names.update(n.value for n in loaded_names(bound.target))

    def threading(self) -> None:
        """The coordinator and runner statements, each alone on its line, to drop."""
        for node in descendants(self.module):
            if not isinstance(node, cst.SimpleStatementLine) or len(node.body) != 1:
                continue
            small = node.body[0]
            value = small.value if isinstance(small, (cst.Assign, cst.Expr)) else None
            if not isinstance(value, cst.Call):
                continue
            path = self.path(value.func)
            target = small.targets[0].target if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
            if path in RUNNERS:
                if isinstance(small, cst.Assign) and not isinstance(target, cst.Name):
                    raise self.deny("start_queue_runners bound to something other than a name", node)
                if isinstance(target, cst.Name):
                    self.threads.add(target.value)
                self.dropped.add(node)
                self.note(node, "start_queue_runners dropped (no queue threads eagerly)")
            elif path == COORDINATOR and isinstance(target, cst.Name) and not value.args:
                self.coordinators.add(target.value)
                self.dropped.add(node)
        for node in descendants(self.module):
            if not isinstance(node, cst.SimpleStatementLine) or len(node.body) != 1:
                continue
            small = node.body[0]
            call = small.value if isinstance(small, cst.Expr) else None
            method = self.coordinator_call(call) if isinstance(call, cst.Call) else ""
            if isinstance(call, cst.Call) and method in ("request_stop", "join"):
                joined = loaded_names(cst.Tuple([cst.Element(a.value) for a in call.args]))
                if method == "request_stop" or all(n.value in self.threads for n in joined):  # request_stop(e) too
                    self.dropped.add(node)
        for node in descendants(self.module):
            if isinstance(node, cst.Call) and self.coordinator_call(node) == "should_stop" and not node.args:
                self.stops.add(node)
        kept = {id(n) for s in self.dropped for n in descendants(s)} | {
            id(n) for c in self.stops for n in descendants(c)
        }
        for node in descendants(self.module):
            if isinstance(node, cst.Name) and id(node) not in kept and node.value in self.coordinators | self.threads:
                raise self.deny(f"the queue coordinator or its threads (`{node.value}`) used otherwise", node)

    def coordinator_call(self, call: cst.Call) -> str:
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            if func.value.value in self.coordinators:
                return func.attr.value
        return ""

    def confined(self, pipeline: Pipeline) -> None:
        """The chain's tensors are read only along it, its ops are deterministic per record, and what the map
        function reads from the module is bound once."""
        assert pipeline.reader is not None and pipeline.read is not None
        chain = [pipeline.producer, pipeline.reader, pipeline.read, *pipeline.records]
        chain += [pipeline.batch] if pipeline.batch is not None else []
        inside = {id(n) for s in chain for n in descendants(s)}
        inside |= {id(n) for call in self.printed for n in descendants(call)}  # told as TF1 printed them
        queue = self.bound(pipeline.producer)
        reader = self.bound(pipeline.reader)
        read_targets = pipeline.read.body[0].targets[0].target  # type: ignore[attr-defined]
        key = read_targets.elements[0].value
        watched = pipeline.record_names | queue | reader
        if isinstance(key, cst.Name) and key.value != "_":
            watched.add(key.value)
        # A fetched tensor is read by its runs (``sess.run([v1, v2])``, ``v1.eval()``), and nowhere else: the map
        # function takes it out of the module, so ``print(v1.dtype)`` beside the pipeline would read a name gone.
        fetched = set(pipeline.fetched)
        runs = {
            id(n)
            for call in descendants(self.module)
            if isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value in ("run", "eval")
            for n in descendants(call)
        }
        inside |= _comprehension_locals(self.module)  # ``[[0.0] for _ in range(n)]``'s own ``_``
        for node in descendants(self.module):
            if isinstance(node, cst.Name) and node.value in watched and id(node) not in inside:
                if node.value in fetched and id(node) in runs:
                    continue
                raise self.deny(f"`{node.value}`, a tensor of the queue pipeline, read outside it", node)
        bindings = self.bindings()
        for statement in pipeline.records:
            for call, path in self.calls(statement):
                if not path or not (eager_safe(path) or path in MORE_OPS or path in PARSERS) or is_random(path):
                    raise self.deny(
                        f"the queue pipeline's record calls `{self.module.code_for_node(call.func)}` (not proven a "
                        "deterministic op per record)",
                        call,
                    )
            for name in loaded_names(statement.body[0].value):  # type: ignore[attr-defined]
                if name.value not in pipeline.record_names and name.value != "tf" and bindings.get(name.value, 0) > 1:
                    raise self.deny(f"the record statements read `{name.value}`, which the module binds again", name)
        self.options(pipeline)

    def bound(self, statement: cst.SimpleStatementLine) -> set[str]:
        small = statement.body[0]
        assert isinstance(small, cst.Assign)
        return {n.value for t in small.targets for n in loaded_names(t.target)}

    def bindings(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for node in descendants(self.module):
            targets: list[cst.BaseExpression] = []
            if isinstance(node, cst.AssignTarget):
                targets = [node.target]
            elif isinstance(node, (cst.For, cst.AugAssign, cst.AnnAssign)):
                targets = [node.target]
            for name in (n.value for t in targets for n in loaded_names(t)):
                counts[name] = counts.get(name, 0) + 1
        return counts

    def options(self, pipeline: Pipeline) -> None:
        """The producer's and batch's arguments this rewrite can keep; refuses the rest with its reason."""
        producer = pipeline.producer.body[0].value  # type: ignore[attr-defined]
        shuffled = argument(producer, 2, "shuffle")
        files = self.file_count(pipeline.files)
        shuffles_files = shuffled is None or not (
            isinstance(shuffled.value, cst.Name) and shuffled.value.value == "False"
        )
        pipeline.takes_seed = shuffles_files
        if shuffles_files and files != 1:
            self.shuffled_files(pipeline, producer, files)
        header = self.header()
        if header is not None and files != 1:
            raise self.deny("skip_header_lines over more than one file (TF1 skips it in each file)", producer)
        if pipeline.batch is None:
            return
        batch = pipeline.batch.body[0].value  # type: ignore[attr-defined]
        for name in ("enqueue_many", "shapes", "dynamic_pad", "shared_name"):
            if argument(batch, None, name) is not None:
                raise self.deny(f"tf.train.batch's `{name}=`", batch)
        if argument(batch, 1, "batch_size") is None:
            raise self.deny("tf.train.batch without its batch_size", batch)
        if self.path(batch.func) == SHUFFLE_BATCH:
            seeded = any(p in SEEDS for _, p in self.calls(self.module))
            if argument(batch, 6, "seed") is not None or seeded:
                raise self.deny(
                    "tf.train.shuffle_batch in a seeded program: no tf.data pipeline draws its order (a seeded "
                    "program keeps its numbers only in the graph tier)",
                    batch,
                )
            if argument(batch, 2, "capacity") is None:
                raise self.deny("tf.train.shuffle_batch without its capacity", batch)
        else:
            threads = argument(batch, 2, "num_threads")
            if threads is not None and not (isinstance(threads.value, cst.Integer) and threads.value.value == "1"):
                raise self.deny(
                    "tf.train.batch with several threads (the order of the batch is the threads' race)", batch
                )

    def value_of(self, name: str) -> cst.BaseExpression | None:
        """The value of ``name = value``, its one binding and a statement of the straight-line program (what a
        list of files or of record defaults named before the pipeline holds); None otherwise."""
        values = [
            s.body[0].value
            for s in self.straight()
            if isinstance(s, cst.SimpleStatementLine)
            and len(s.body) == 1
            and isinstance(s.body[0], cst.Assign)
            and any(isinstance(t.target, cst.Name) and t.target.value == name for t in s.body[0].targets)
        ]
        if len(values) != 1 or self.bindings().get(name, 0) != 1:
            return None
        return values[0]

    def file_count(self, files: cst.BaseExpression) -> int | None:
        if isinstance(files, cst.Name):
            found = self.value_of(files.value)
            if found is None:
                return None
            files = found
        if isinstance(files, (cst.List, cst.Tuple)) and not any(
            isinstance(e, cst.StarredElement) for e in files.elements
        ):
            return len(files.elements)
        return None

    def shuffled_files(self, pipeline: Pipeline, producer: cst.Call, files: int | None) -> None:
        """string_input_producer(shuffle=True) enqueues the file names in a new random order each epoch, and the
        reader reads each file whole, in that order: ``from_tensor_slices(files).shuffle(n)`` before ``.repeat``
        reshuffles each epoch the same way. Without a seed TF1's order is itself a new draw at each run, so
        another draw is as faithful; with one, no tf.data shuffle draws TF1's order, and the graph tier stays."""
        seeded = argument(producer, 3, "seed") is not None or any(p in SEEDS for _, p in self.calls(self.module))
        if seeded:
            raise self.deny(
                "string_input_producer shuffles the file names (shuffle=True) of more than one file in a seeded "
                "program (no tf.data shuffle draws TF1's order)",
                producer,
            )
        code = self.module.code_for_node
        if files is not None:
            pipeline.shuffle = str(files)
        elif isinstance(pipeline.files, cst.Name):
            pipeline.shuffle = f"len({code(pipeline.files)})"
        else:
            raise self.deny(
                "string_input_producer shuffles the file names (shuffle=True) of an expression whose length "
                "tfmigrate cannot read",
                producer,
            )

    def header(self) -> cst.BaseExpression | None:
        assert self.pipeline is not None and self.pipeline.reader is not None
        reader = self.pipeline.reader.body[0].value  # type: ignore[attr-defined]
        skip = argument(reader, 0, "skip_header_lines")
        if skip is None or (isinstance(skip.value, cst.Integer) and skip.value.value == "0"):
            return None
        if isinstance(skip.value, cst.Name) and skip.value.value == "None":
            return None
        return skip.value

    # --------------------------------------------------------------------------------------- rewrite
    def plan(self) -> None:
        pipeline = self.pipeline
        if pipeline is None:
            return
        assert pipeline.reader is not None and pipeline.read is not None
        self.dropped.update({pipeline.producer, pipeline.reader, pipeline.read, *pipeline.records})
        batch_statement = pipeline.batch or (pipeline.records or [pipeline.read])[-1]
        small = batch_statement.body[0]
        assert isinstance(small, cst.Assign)
        batch = small.value
        assert isinstance(batch, cst.Call) or pipeline.batch is None
        producer = pipeline.producer.body[0].value  # type: ignore[attr-defined]
        code = self.module.code_for_node
        parse, dataset, iterator = self.fresh("parse_line"), self.fresh("dataset"), self.fresh("iterator")
        self.iterator = iterator
        if pipeline.batch is not None:
            assert isinstance(batch, cst.Call)
            tensors = argument(batch, 0, "tensors")
            assert tensors is not None
            returned = self.components(tensors.value, pipeline, batch)
        else:
            returned = ", ".join(pipeline.fetched)
        header = self.header()
        epochs = argument(producer, 1, "num_epochs")
        if epochs is not None and not (isinstance(epochs.value, cst.Name) and epochs.value.value == "None"):
            repeat = f".repeat({code(epochs.value)})"
        else:
            repeat = ".repeat()"
        if pipeline.shuffle:  # the file names reshuffled each epoch, each file read whole
            chain = f"tf.data.Dataset.from_tensor_slices({code(pipeline.files)}).shuffle({pipeline.shuffle})"
            chain += f"{repeat}.flat_map(tf.data.TextLineDataset).map({parse})"
        else:
            chain = f"tf.data.TextLineDataset({code(pipeline.files)})"
            if header is not None:
                chain += f".skip({code(header)})"
            chain += f".map({parse}){repeat}"
        if isinstance(batch, cst.Call) and pipeline.batch is not None:
            chain += self.batching(batch)
        definition = cst.parse_statement(f"def {parse}({pipeline.value}):\n    return {returned}\n")
        assert isinstance(definition, cst.FunctionDef) and isinstance(definition.body, cst.IndentedBlock)
        body = [
            s.with_changes(leading_lines=[] if i == 0 else [line for line in s.leading_lines if line.comment])
            for i, s in enumerate(pipeline.records)
        ]
        leading = list(pipeline.records[0].leading_lines if pipeline.records else batch_statement.leading_lines)
        definition = definition.with_changes(
            body=definition.body.with_changes(body=[*body, *definition.body.body]),
            leading_lines=leading if leading and not leading[0].comment else [cst.EmptyLine(), *leading],
        )
        created = cst.parse_statement(f"{dataset} = {chain}\n")
        assert isinstance(created, cst.SimpleStatementLine)
        created = created.with_changes(leading_lines=[cst.EmptyLine()])
        for converter in descendants(definition):
            if isinstance(converter, cst.Attribute) and id(converter) not in self.module_ids:
                if converter.attr.value == "convert_to_tensor":
                    self.forced[id(converter)] = "convert_to_tensor"
        for constructor in descendants(created):
            if isinstance(constructor, cst.Attribute) and constructor.attr.value == "TextLineDataset":
                self.forced[id(constructor)] = "data.TextLineDataset"
            if isinstance(constructor, cst.Attribute) and constructor.attr.value == "from_tensor_slices":
                self.forced[id(constructor)] = "data.Dataset.from_tensor_slices"
        made = cst.parse_statement(f"{iterator} = {dataset}.make_one_shot_iterator()\n")
        element: cst.BaseStatement = batch_statement.with_changes(
            body=[small.with_changes(value=cst.parse_expression(f"{iterator}.get_next()"))], leading_lines=[]
        )
        if pipeline.batch is None:
            element = cst.parse_statement(f"{', '.join(pipeline.fetched)} = {iterator}.get_next()\n")
        for node in (definition, created, made, element):
            self.adopt(node, batch_statement)
        self.replaced[batch_statement] = [definition, created, made, element]
        self.dropped.discard(batch_statement)
        self.notes.append(
            (self.line_of(batch_statement), f"queue pipeline -> `{dataset} = {chain}`, read by a one-shot iterator")
        )

    def printed_facts(self, pipeline: Pipeline) -> None:
        """Prints of the pipeline's graph objects where it is built (the csvread lessons print them in their helper):
        ``print(example, label)`` of decode_csv's columns, ``print(example_batch)``, ``print(example_batch.shape)``.
        TF1 printed ``Tensor("DecodeCSV:0", shape=(), dtype=string)``, ``Tensor("batch:0", shape=(9,),
        dtype=string)``, ``(9,)``; eagerly the records and batches are the dataset's, read later, so the text TF1
        printed is written in. Told only where it is certain: one decode_csv and one batch in a module that names
        no op, literal record defaults, a literal batch_size and no smaller final batch. Any other print of a
        pipeline tensor is left to the checks below and the proof, which refuse it."""
        assert pipeline.batch is not None
        paths = [p for _, p in self.calls(self.module)]
        named = any(
            isinstance(n, cst.Arg) and n.keyword is not None and n.keyword.value == "name"
            for n in descendants(self.module)
        )
        if named or paths.count(BATCH) + paths.count(SHUFFLE_BATCH) != 1 or "print" in self.bindings():
            return
        if sum(p in ("decode_csv", "io.decode_csv") for p in paths) != 1:
            return
        texts: dict[str, str] = {}  # a printed name -> TF1's text of it
        shapes: dict[str, str] = {}  # a batch printed as ``.shape`` -> TF1's text
        columns = self.csv_columns(pipeline)
        for column, (index, dtype) in columns.items():
            texts[column] = f'Tensor("DecodeCSV:{index}", shape=(), dtype={dtype})'
        small = pipeline.batch.body[0]
        assert isinstance(small, cst.Assign)
        batch = small.value
        assert isinstance(batch, cst.Call)
        tensors, size = argument(batch, 0, "tensors"), argument(batch, 1, "batch_size")
        targets = small.targets[0].target if len(small.targets) == 1 else None
        if (
            self.path(batch.func) == BATCH
            and tensors is not None
            and isinstance(tensors.value, (cst.List, cst.Tuple))
            and size is not None
            and isinstance(size.value, cst.Integer)
            and argument(batch, None, "allow_smaller_final_batch") is None
            and isinstance(targets, (cst.Tuple, cst.List))
            and len(targets.elements) == len(tensors.value.elements)
        ):
            bindings = self.bindings()
            for index, (target, component) in enumerate(zip(targets.elements, tensors.value.elements)):
                name, value = target.value, component.value
                if isinstance(name, cst.Name) and bindings.get(name.value, 0) == 1:
                    if isinstance(value, cst.Name) and value.value in columns:
                        dtype = columns[value.value][1]
                        shapes[name.value] = f"({size.value.value},)"
                        texts[name.value] = f'Tensor("batch:{index}", shape=({size.value.value},), dtype={dtype})'
        for statement in self.straight():
            if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
                continue
            call = statement.body[0].value if isinstance(statement.body[0], cst.Expr) else None
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "print"):
                continue
            told = []
            for arg in call.args:
                read = arg.value
                if arg.keyword is not None or arg.star:
                    break
                if isinstance(read, cst.Name) and read.value in texts:
                    told.append(texts[read.value])
                elif (
                    isinstance(read, cst.Attribute) and isinstance(read.value, cst.Name) and read.attr.value == "shape"
                ):
                    if read.value.value not in shapes:
                        break
                    told.append(shapes[read.value.value])
                else:
                    break
            else:
                if told:
                    self.printed[call] = told

    def csv_columns(self, pipeline: Pipeline) -> dict[str, tuple[int, str]]:
        """Record names bound once to one column of decode_csv (a scalar per record) -> (its output index, its
        dtype), for literal record defaults of one string, float or int each."""
        bindings = self.bindings()
        columns: dict[str, tuple[int, str]] = {}
        for statement in pipeline.records:
            small = statement.body[0]
            assert isinstance(small, cst.Assign)
            value = small.value
            if not (isinstance(value, cst.Call) and self.path(value.func) in ("decode_csv", "io.decode_csv")):
                continue
            defaults = argument(value, 1, "record_defaults")
            dtypes = self.default_dtypes(defaults.value) if defaults is not None else None
            for target in small.targets:
                if not isinstance(target.target, (cst.Tuple, cst.List)) or dtypes is None:
                    continue
                if len(target.target.elements) != len(dtypes):
                    continue
                for index, element in enumerate(target.target.elements):
                    if isinstance(element.value, cst.Name) and bindings.get(element.value.value, 0) == 1:
                        if dtypes[index]:
                            columns[element.value.value] = (index, dtypes[index])
        return columns

    def default_dtypes(self, defaults: cst.BaseExpression) -> list[str] | None:
        """The dtypes of decode_csv's columns from literal record defaults (``[["None"], [1.0], [0]]``), "" where
        one cannot be told; None when the defaults are not such a list."""
        if isinstance(defaults, cst.Name):
            found = self.value_of(defaults.value)
            if found is None:
                return None
            defaults = found
        if not isinstance(defaults, (cst.List, cst.Tuple)):
            return None
        dtypes = []
        for element in defaults.elements:
            inner = element.value
            literal = inner.elements[0].value if isinstance(inner, cst.List) and len(inner.elements) == 1 else None
            kinds = {cst.SimpleString: "string", cst.Float: "float32", cst.Integer: "int32"}
            dtypes.append(next((d for t, d in kinds.items() if isinstance(literal, t)), ""))
        return dtypes

    def batching(self, batch: cst.Call) -> str:
        """``.shuffle(capacity)`` for shuffle_batch, then ``.batch(n)``, dropping a short last batch unless
        ``allow_smaller_final_batch``."""
        code = self.module.code_for_node
        chain = ""
        if self.path(batch.func) == SHUFFLE_BATCH:
            capacity = argument(batch, 2, "capacity")
            assert capacity is not None
            chain += f".shuffle({code(capacity.value)})"
        size = argument(batch, 1, "batch_size")
        assert size is not None
        smaller = argument(batch, None, "allow_smaller_final_batch")
        if smaller is not None and not (isinstance(smaller.value, cst.Name) and smaller.value.value == "False"):
            if not (isinstance(smaller.value, cst.Name) and smaller.value.value == "True"):
                raise self.deny("allow_smaller_final_batch given other than as True or False", batch)
            return chain + f".batch({code(size.value)})"
        return chain + f".batch({code(size.value)}, drop_remainder=True)"

    def fetched(self, pipeline: Pipeline) -> list[str]:
        """Without a batch every run that reads a record tensor reads the next line: the record tensors read
        outside the chain, in the order the chain binds them, are the dataset's element. Each must be one tensor
        (a list of columns would come back packed)."""
        assert pipeline.reader is not None and pipeline.read is not None
        chain = [pipeline.producer, pipeline.reader, pipeline.read, *pipeline.records]
        inside = {id(n) for s in chain for n in descendants(s)}
        outside = {
            n.value for n in descendants(self.module) if isinstance(n, cst.Name) and id(n) not in inside
        } & pipeline.record_names
        ordered = [pipeline.value] + [
            n.value
            for s in pipeline.records
            for t in s.body[0].targets  # type: ignore[attr-defined]
            for n in loaded_names(t.target)
        ]
        fetched = list(dict.fromkeys(n for n in ordered if n in outside))
        singles = self.single_tensors(pipeline) | {pipeline.value}
        for name in fetched:
            if name not in singles:
                raise self.deny(f"`{name}`, a list of record tensors, read one record at a time", pipeline.read)
        return fetched

    def components(self, tensors: cst.BaseExpression, pipeline: Pipeline, batch: cst.Call) -> str:
        """What the map function returns: the batch's components as tf.train.batch converts them."""
        code = self.module.code_for_node
        singles = self.single_tensors(pipeline)
        if isinstance(tensors, (cst.List, cst.Tuple)):
            parts = []
            for element in tensors.elements:
                if isinstance(element, cst.StarredElement):
                    raise self.deny("a starred batch component", batch)
                value = element.value
                parts.append(
                    code(value)
                    if isinstance(value, cst.Name) and value.value in singles
                    else f"tf.convert_to_tensor({code(value)})"
                )
            if not parts:
                raise self.deny("tf.train.batch of no tensors", batch)
            return parts[0] if len(parts) == 1 else ", ".join(parts)
        if isinstance(tensors, cst.Name) and tensors.value in singles:
            return tensors.value
        columns = self.columns(tensors, pipeline)
        if isinstance(tensors, cst.Name) and columns is not None and columns > 1:
            return f"tuple({tensors.value})"
        raise self.deny(
            "tf.train.batch of a value whose number of tensors tfmigrate cannot see (one tensor comes back bare)",
            batch,
        )

    def single_tensors(self, pipeline: Pipeline) -> set[str]:
        """Record names bound to one tensor: a lone name assigned an op's result other than decode_csv's list."""
        singles: set[str] = set()
        for statement in pipeline.records:
            small = statement.body[0]
            assert isinstance(small, cst.Assign)
            value = small.value
            is_list = isinstance(value, (cst.List, cst.Tuple)) or (
                isinstance(value, cst.Call) and self.path(value.func) in ("decode_csv", "io.decode_csv")
            )
            unpacked = any(isinstance(t.target, (cst.Tuple, cst.List)) for t in small.targets)
            if unpacked:
                singles.update(n.value for t in small.targets for n in loaded_names(t.target))
            elif not is_list and isinstance(value, cst.Call) and self.path(value.func):
                singles.update(n.value for t in small.targets for n in loaded_names(t.target))
        return singles

    def columns(self, tensors: cst.BaseExpression, pipeline: Pipeline) -> int | None:
        """The number of columns a name bound to decode_csv's whole result holds, from its record_defaults."""
        if not isinstance(tensors, cst.Name):
            return None
        for statement in pipeline.records:
            small = statement.body[0]
            assert isinstance(small, cst.Assign)
            if any(isinstance(t.target, cst.Name) and t.target.value == tensors.value for t in small.targets):
                value = small.value
                if isinstance(value, cst.Call) and self.path(value.func) in ("decode_csv", "io.decode_csv"):
                    defaults = argument(value, 1, "record_defaults")
                    return self.file_count(defaults.value) if defaults is not None else None
        return None

    def fresh(self, base: str) -> str:
        return numbered(self.taken, base)

    def note(self, node: cst.CSTNode, change: str) -> None:
        self.notes.append((self.line_of(node), change))

    def adopt(self, node: cst.CSTNode, original: cst.CSTNode) -> None:
        """Nodes made here read as the original they stand for (its line; no TensorFlow meaning)."""
        for inner in descendants(node):
            if id(inner) not in self.module_ids:
                self.origins.setdefault(id(inner), (inner, original))

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if original_node in self.replaced:
            return cst.FlattenSentinel(self.replaced[original_node])
        if original_node in self.dropped:
            return cst.RemoveFromParent()
        return updated_node

    def leave_List(self, original_node, updated_node):
        return self.leave_Tuple(original_node, updated_node)

    def leave_Tuple(self, original_node, updated_node):
        if original_node in self.groups:
            self.note(
                original_node, "the local variables initializer of num_epochs dropped (the dataset counts epochs)"
            )
            return self.groups[original_node]
        return updated_node

    def leave_Call(self, original_node, updated_node):
        if original_node in self.printed:
            texts = [cst.SimpleString(repr(text)) for text in self.printed[original_node]]
            for text in texts:
                self.adopt(text, original_node)
            self.note(original_node, "print of the queue pipeline's graph objects -> the text TF1 printed")
            return updated_node.with_changes(
                args=[a.with_changes(value=t) for a, t in zip(updated_node.args, texts, strict=True)]
            )
        if original_node in self.groups:
            self.note(
                original_node, "the local variables initializer of num_epochs dropped (the dataset counts epochs)"
            )
            return self.groups[original_node]
        if original_node in self.stops:
            false = cst.Name("False")
            self.origins[id(false)] = (false, original_node)
            self.note(original_node, "coord.should_stop() -> False (the data's end stops the loop)")
            return false
        return updated_node

    def leave_While(self, original_node, updated_node):
        test = original_node.test
        if (
            isinstance(test, cst.UnaryOperation)
            and isinstance(test.operator, cst.Not)
            and test.expression in self.stops
        ):
            true = cst.Name("True")
            self.origins[id(true)] = (true, test)
            return updated_node.with_changes(test=true)
        return updated_node

    def leave_Try(self, original_node, updated_node):
        final = updated_node.finalbody
        if final is not None and updated_node.handlers and _empty(final.body):
            return updated_node.with_changes(finalbody=None)
        return updated_node

    def unseeded(self) -> frozenset[str]:
        """The one-shot iterator standing for a pipeline whose TF1 producer drew no op seed (shuffle=False)."""
        pipeline = self.pipeline
        return frozenset({self.iterator}) if pipeline is not None and not pipeline.takes_seed else frozenset()


def _empty(block: cst.BaseSuite) -> bool:
    return isinstance(block, cst.IndentedBlock) and not block.body


def _comprehension_locals(module: cst.Module) -> set[int]:
    """The names a comprehension binds and reads as its own (``_`` in ``[[0.0] for _ in range(n)]``): not the
    module's names of that spelling (a helper read at its call site may bind ``_`` to the reader's key)."""
    found: set[int] = set()
    for node in descendants(module):
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
            fors = [f for f in descendants(node.for_in) if isinstance(f, cst.CompFor)]
            bound = {n.value for f in fors for n in loaded_names(f.target)}
            outermost = {id(n) for n in descendants(node.for_in.iter)}  # read in the enclosing scope
            found |= {id(n) for n in descendants(node) if isinstance(n, cst.Name) and n.value in bound}
            found -= outermost
    return found


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with its queue pipeline written as a tf.data one and its queue threads dropped, or None when
    it has none this module models; raises Blocked for pipeline shapes it refuses."""
    queues = Queues(module, resolve, line_of)
    if not queues.collect():
        return None
    queues.plan()
    new = module.visit(queues)
    resolve_new, line_of_new = queues.remapped()
    return new, resolve_new, line_of_new, queues
