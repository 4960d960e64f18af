"""The class proof's stages, in order. Each reads one shape real model classes have as the plainer class code the
proof models (``desugar``: a base class merged in, a host choice of the construction, class constants, constructor
branches, computed properties, a public builder, builders whose results are bound) and puts the proved rewrite back
in the shape the program was written in (``resugar``), in reverse order: each stage sees only the code the stages
before it made, so a new shape is one more module in ``STAGES`` and none needs to know the others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import libcst as cst

from tfmigrate.transforms.session import (
    attribute_arguments,
    bound_builders,
    class_aliases,
    class_choice,
    class_constants,
    class_helper_methods,
    class_hierarchy,
    class_initializers,
    class_properties,
    class_session_blocks,
    class_session_methods,
    constructor_branches,
    constructor_methods,
    context_owners,
    expression_builders,
    fit_constructors,
    handed_results,
    lazy_properties,
    literal_branches,
    optimizer_defaults,
    public_builders,
    session_defaults,
    session_method_pairs,
    static_methods,
    uncalled_methods,
    unconstructed_subclasses,
)
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve
from tfmigrate.transforms.session.dead_code import respelled

Desugared = tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Any]


class Stage(Protocol):
    def desugar(
        self, module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef, /
    ) -> Desugared | None: ...

    def resugar(self, module: cst.Module, name: str, state: Any, line: int, /) -> cst.Module: ...


STAGES: tuple[Stage, ...] = (
    class_aliases,  # ``LR = LinearRegression`` then ``regr = LR(2)``: the class called by its own name
    lazy_properties,  # ``@define_scope def prediction(self)`` touched by the constructor: a builder it calls
    session_defaults,  # ``def __init__(self, n_in, sess=tf.Session())``: one Session, the constructor's attribute
    context_owners,  # ``with Agent(...) as agent:`` whose ``__exit__`` only closes the Session
    constructor_methods,  # ``self.initialize_new_session()`` opening the Session, its one caller the constructor
    attribute_arguments,  # ``self.create_fc_model(self.input_size, self.layers)``: host attributes passed once
    uncalled_methods,  # ``def loss_nce(self)`` that nothing calls: no part of the program
    optimizer_defaults,  # ``optimizer=tf.train.AdamOptimizer()`` as a default no construction takes
    static_methods,  # ``@staticmethod def get_shape(array)``: host code, a function beside the class
    unconstructed_subclasses,  # ``class LSTM(BasicRNN)`` beside ``BasicRNN(...)``, the one class constructed
    class_hierarchy,  # ``class ExampleModel(BaseModel)``: the base read into the one class deriving from it
    constructor_methods,  # again: a base constructor opening it too, read by class_hierarchy as ``self.Model__init__()``
    literal_branches,  # ``species = "w_gan"`` ... ``if species == "w_gan": model = WassersteinGAN(sess, ...)``
    class_choice,  # ``if args.gan_type == "GAN": gan = GAN(...) else: raise``
    class_constants,  # ``model_name = "GAN"`` in the class body
    constructor_branches,  # ``if multi_label_flag: ... else: ...`` decided by the one construction
    class_properties,  # ``@property def model_dir(self)``: host data
    class_initializers,  # ``self.initializer = initializer`` read as ``get_variable(..., initializer=self.initializer)``
    fit_constructors,  # ``def fit(self, X, Y): self.W = tf.Variable(...) ...``: the course model, as its constructor
    class_helper_methods,  # ``self.xavier_init(size)``: a method that never reads ``self``, as a function
    class_session_blocks,  # ``with self.sess as sess:`` in the one method that enters the constructor's Session
    session_method_pairs,  # ``sess = gan.train(...)`` then ``sess = gan.restore_last_session()``: both at their calls
    class_session_methods,  # ``def train(self): with tf.Session() as sess:``, called once: its body at the call
    public_builders,  # ``gan.build_model()`` right after the construction
    handed_results,  # ``network_weights = self._initialize_weights()`` + ``self.weights = network_weights``
    bound_builders,  # ``self.logits = self.inference()``
    expression_builders,  # ``self.q = tf.reduce_max(self.create_fc_model(self.x * 2, n_out))``, the one call left
)

Proved = tuple[cst.Module, list[tuple[int, str]]]


def prove(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    definition: cst.ClassDef,
    run: Callable[[cst.Module, Resolve, LineOf, cst.ClassDef], Proved],
) -> Proved:
    """``run`` (the class proof) on the class as every stage reads it, its rewrite put back stage by stage; the
    notes a stage keeps (``state.notes``: code it leaves as written) join the changes, and a stage that renames what
    the program spells (``spelled``) spells the reasons and changes as the program does."""
    applied: list[tuple[Stage, Any, str]] = []  # each stage, its state and the name of the class it was given
    for stage in STAGES:
        given = definition.name.value  # a base class's stages after class_hierarchy read the derived class
        made = stage.desugar(module, resolve, line_of, definition)
        if made is not None:
            module, resolve, line_of, definition, state = made
            applied.append((stage, state, given))

    def spelled(message: str) -> str:
        for stage, state, name in reversed(applied):
            respell = getattr(stage, "spelled", None)
            message = respell(name, state, message) if respell is not None else message
        return message

    try:
        migrated, changes = run(module, resolve, line_of, definition)
    except Blocked as blocked:  # its reason names ``Model__init_std`` as the program does, ``self.init_std``
        if spelled(blocked.construct) == blocked.construct:
            raise
        raise Blocked(spelled(blocked.construct), blocked.line, blocked.renamed_away) from None
    line = line_of(definition)
    changes = [(at, respelled(said, spelled(said))) for at, said in changes]
    for stage, state, name in reversed(applied):
        migrated = stage.resugar(migrated, name, state, line)
        notes = getattr(state, "notes", None)
        if notes:
            changes = sorted([*changes, *notes])
    return migrated, changes
