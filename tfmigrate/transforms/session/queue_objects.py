"""TF1 queues driven by hand, without threads: the learners' "synchronous queueing" lesson::

    Q = tf.FIFOQueue(3, tf.float32)
    enq_many = Q.enqueue_many([[0.1, 0.2, 0.3], ])
    data = Q.dequeue() + 1
    en_q = Q.enqueue(data)
    with tf.Session() as sess:
        sess.run(enq_many)
        for i in range(100):
            sess.run(en_q)
        for i in range(Q.size().eval()):
            print(sess.run(Q.dequeue()))

``tf.queue.FIFOQueue`` (and PaddingFIFOQueue, RandomShuffleQueue) work eagerly in TF 2.21: the queue is built once at
module level, as TF1 built its resource, and each queue op runs where it is called. A run of ``en_q`` runs the one
dequeue it reads and its enqueue, as the eager function ``en_q()`` does. So the queue stays a module-level object
(like a variable), and every value that reads it takes a new value at each evaluation, as a random tensor does
(draws.py): read along two paths in one evaluation, or fetched twice in one run, it keeps the graph tier, since TF1
dequeues once per run and the eager functions once per call.

What TF1 orders by threads (a ``tf.train.QueueRunner``, ``start_queue_runners`` filling the queue while the main
thread dequeues) is not this: queues.py's pipelines aside, any queue runner keeps the graph tier. So does a queue in
a seeded program (its ops move the op seeds TF1 gives the random ops built after it).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import SEEDS, Node, Program, descendants, loaded_names

KIND = "queue"
CONSTRUCTORS = frozenset(
    {
        "FIFOQueue",
        "queue.FIFOQueue",
        "PaddingFIFOQueue",
        "queue.PaddingFIFOQueue",
        "RandomShuffleQueue",
        "queue.RandomShuffleQueue",
    }
)
METHODS = frozenset(
    {"enqueue", "enqueue_many", "dequeue", "dequeue_many", "dequeue_up_to", "size", "close", "is_closed"}
)
# Queue ops whose run gives None in TF1 (an Operation): their eager call returns None too.
OPERATIONS = frozenset({"enqueue", "enqueue_many", "close"})
# Queue machinery that runs threads or shares the queue beyond this program.
THREADED = ("train.QueueRunner", "train.add_queue_runner", "train.queue_runner.", "train.start_queue_runners")


def constructs(program: Program, value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Call) and program.tf1_path(value.func) in CONSTRUCTORS


def define(program: Program, node: Node, call: cst.Call) -> None:
    """A queue built at module level from Python values, in a program that runs no queue threads."""
    for name in loaded_names(call):
        if name.value in program.nodes:
            raise program.deny("a queue's arguments read graph values", call)
    if argument(call, None, "shared_name") is not None:
        raise program.deny("a queue shared by name (shared_name=)", call)
    for inner in descendants(program.module):
        if isinstance(inner, cst.Call):
            path = program.tf1_path(inner.func)
            if path in SEEDS or (path in CONSTRUCTORS and argument(inner, None, "seed") is not None):
                raise program.deny(
                    "a queue in a seeded program (its ops move the op seeds TF1 gives later random ops)", call
                )
            if path.startswith(THREADED):
                raise program.deny(
                    f"tf.{path}: queue threads (the order of what they enqueue is their race with the main thread)",
                    inner,
                )
    node.kind = KIND


def method(program: Program, call: cst.Call) -> str:
    """``Q.dequeue()`` of a queue node ``Q``: the method's name; "" for any other call."""
    func = call.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.attr.value in METHODS:
        node = program.nodes.get(func.value.value)
        if node is not None and node.kind == KIND:
            return func.attr.value
    return ""


def reads(program: Program, value: cst.CSTNode) -> bool:
    """Whether ``value`` reads a queue; raises Blocked where a queue is read other than by calling its methods."""
    called = {
        id(c.func.value)  # type: ignore[attr-defined]
        for c in descendants(value)
        if isinstance(c, cst.Call) and method(program, c)
    }
    found = False
    for name in loaded_names(value):
        node = program.nodes.get(name.value)
        if node is not None and node.kind == KIND:
            if id(name) not in called:
                raise program.deny(f"the queue `{name.value}` used other than by calling its methods", name)
            found = True
    return found


def operation(program: Program, value: cst.BaseExpression) -> bool:
    """``Q.enqueue(x)``, ``Q.enqueue_many(x)``, ``Q.close()``: an op whose run gives None."""
    return isinstance(value, cst.Call) and method(program, value) in OPERATIONS


def read_by(program: Program, item: cst.BaseExpression, node: Node | None) -> bool:
    """Whether a fetched value reads a queue, directly or through the graph values it is computed from."""
    if not any(n.kind == KIND for n in program.nodes.values()):
        return False
    values = [item if node is None else node.value]
    values += [n.value for n in (node.upstream.values() if node is not None else [])]
    values += [program.nodes[n.value].value for n in loaded_names(item) if n.value in program.nodes]
    return any(isinstance(v, cst.BaseExpression) and reads(program, v) for v in values)
