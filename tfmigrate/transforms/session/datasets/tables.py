"""What tf.data constructs datasets/ models, by name: the tables its checks read."""

from __future__ import annotations

import libcst as cst

CONSTRUCTORS = frozenset(
    {"data.Dataset.from_tensor_slices", "data.Dataset.from_tensors", "data.Dataset.range", "data.TextLineDataset"}
)
METHODS = frozenset(
    {
        "batch",
        "repeat",
        "shuffle",
        "map",
        "filter",
        "prefetch",
        "take",
        "skip",
        "unbatch",
        "padded_batch",
        "cache",
        "flat_map",
    }
)
# What flat_map may make of each element: a file's lines (queues.py reads a shuffled list of files so).
FLAT_MAPS = frozenset({"data.TextLineDataset"})
# Datasets made of datasets: ``tf.data.Dataset.zip((a, b))`` pairs their elements, in TF1 as eagerly.
ZIP = "data.Dataset.zip"
PLACEHOLDER = "placeholder"
# Placeholder dtypes a fed Python literal of that kind converts to eagerly as TF1 converts the feed (no cast written).
LITERAL_DTYPES = {cst.Integer: "int32", cst.Float: "float32"}
# dtype names tf.as_dtype reads as a placeholder's dtype, and the dtype each is (tf.cast reads them the same).
DTYPE_NAMES = {
    "float": "float32",
    "float32": "float32",
    "double": "float64",
    "float64": "float64",
    "int32": "int32",
    "int64": "int64",
    "string": "string",
    "bool": "bool",
}
# Dataset methods whose elements keep the dtypes of their input's, and the constructors that slice given tensors.
SAME_DTYPES = frozenset({"batch", "repeat", "shuffle", "prefetch", "take", "skip", "cache", "filter", "unbatch"})
SLICES = frozenset({"data.Dataset.from_tensor_slices", "data.Dataset.from_tensors"})
ONE_SHOT = ("make_one_shot_iterator", "data.make_one_shot_iterator")
INITIALIZABLE = ("make_initializable_iterator", "data.make_initializable_iterator")
STRUCTURE = frozenset({"data.Iterator.from_structure"})
# Attributes of TF1 datasets and iterators that mean a construct this module does not model when left over.
TF1_ONLY = frozenset(
    {
        "make_one_shot_iterator",
        "make_initializable_iterator",
        "from_structure",
        "from_string_handle",
        "string_handle",
        "make_initializer",
        "get_next",
        "initializer",
        "output_types",
        "output_shapes",
        "output_classes",
    }
)
OUT_OF_RANGE = "errors.OutOfRangeError"
# Parsing ops a map function may call besides the eager-safe table: deterministic, per element.
PARSERS = frozenset({"decode_csv", "io.decode_csv", "string_to_number", "strings.to_number", "convert_to_tensor"})
# Builtins a map function may call at trace time on its elements' structure.
BUILTINS = frozenset({"tuple", "list", "len"})
