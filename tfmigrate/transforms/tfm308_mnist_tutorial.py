"""TFM308: the TF1 MNIST tutorial module is gone: read its arrays from tf.keras.datasets.mnist, or define a
stand-in `input_data` in the file where batches are drawn (or, for several scripts of one directory, import it
from one module the run writes beside them: tfmigrate.runfacts)."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor
from libcst.helpers import get_full_name_for_node

from tfmigrate.transforms import _mnist_arrays
from tfmigrate.transforms.base import Transform

MODULE = "tensorflow.examples.tutorials.mnist"
INPUT_DATA = f"{MODULE}.input_data"

SHIM = """\
# tfmigrate: TensorFlow 2 has no tensorflow.examples.tutorials.mnist. This stand-in for its input_data
# module keeps TF1's read_data_sets()/DataSet behaviour: float32 images scaled to [0, 1] (flattened to
# 784 when reshape=True, else (N, 28, 28, 1)), one-hot float labels when one_hot=True, the first
# validation_size training images as the validation split, numpy reseeded as TF1 did (from the global
# seed tf.random.set_seed gave, or from seed=), and next_batch() that reshuffles every epoch.
# The data now comes from tf.keras.datasets.mnist.load_data(): downloaded on first use (needs
# network), then cached in ~/.keras/datasets/mnist.npz; train_dir is ignored.
class NAME:
    class DataSet:
        def __init__(self, images, labels, dtype="float32", reshape=True, seed=None):
            import numpy
            import tensorflow

            # TF1: seed1, seed2 = get_seed(seed); numpy.random.seed(seed1 if seed is None else seed2).
            # get_seed(0) reads the global seed (seed1) without using up an op seed as get_seed(None)
            # does; 87654321 is what it gives when no global seed is set (then seed1 is None).
            seed1, seed2 = tensorflow.compat.v1.random.get_seed(0 if seed is None else seed)
            if seed is None and seed1 == 87654321:
                seed1 = tensorflow.compat.v1.random.get_seed(None)[0]
            numpy.random.seed(seed1 if seed is None else seed2)
            dtype = getattr(dtype, "name", dtype)
            if dtype not in ("float32", "uint8"):
                raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
            images = images.reshape(images.shape[0], 28 * 28) if reshape else images.reshape(-1, 28, 28, 1)
            if dtype == "float32":
                images = images.astype(numpy.float32) * (1.0 / 255.0)
            self._images, self._labels = images, labels
            self._num_examples = images.shape[0]
            self._epochs_completed = 0
            self._index_in_epoch = 0

        images = property(lambda self: self._images)
        labels = property(lambda self: self._labels)
        num_examples = property(lambda self: self._num_examples)
        epochs_completed = property(lambda self: self._epochs_completed)

        def _shuffle(self):
            import numpy

            perm = numpy.arange(self._num_examples)
            numpy.random.shuffle(perm)
            self._images, self._labels = self._images[perm], self._labels[perm]

        def next_batch(self, batch_size, fake_data=False, shuffle=True):
            import numpy

            start = self._index_in_epoch
            if self._epochs_completed == 0 and start == 0 and shuffle:
                self._shuffle()
            if start + batch_size > self._num_examples:
                self._epochs_completed += 1
                images_rest, labels_rest = self._images[start:], self._labels[start:]
                if shuffle:
                    self._shuffle()
                self._index_in_epoch = batch_size - (self._num_examples - start)
                end = self._index_in_epoch
                return (numpy.concatenate((images_rest, self._images[:end]), axis=0),
                        numpy.concatenate((labels_rest, self._labels[:end]), axis=0))
            self._index_in_epoch += batch_size
            end = self._index_in_epoch
            return self._images[start:end], self._labels[start:end]

    @staticmethod
    def read_data_sets(train_dir=None, fake_data=False, one_hot=False, dtype="float32", reshape=True,
                       validation_size=5000, seed=None, source_url=None):
        import collections

        import numpy
        import tensorflow

        if fake_data:
            raise ValueError("read_data_sets(fake_data=True) is not supported by this stand-in")
        (train_images, train_labels), (test_images, test_labels) = tensorflow.keras.datasets.mnist.load_data()
        if one_hot:
            train_labels, test_labels = numpy.eye(10)[train_labels], numpy.eye(10)[test_labels]
        if not 0 <= validation_size <= len(train_images):
            raise ValueError(f"Validation size should be between 0 and {len(train_images)}. "
                             f"Received: {validation_size}.")
        options = dict(dtype=dtype, reshape=reshape, seed=seed)
        datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])
        return datasets(
            train=NAME.DataSet(train_images[validation_size:], train_labels[validation_size:], **options),
            validation=NAME.DataSet(train_images[:validation_size], train_labels[:validation_size], **options),
            test=NAME.DataSet(test_images, test_labels, **options),
        )
"""

SHARED = "mnist_input_data"  # the module several scripts of one directory share; another name if the user has it


def module_text() -> str:
    """The shared module: the inline stand-in's very text, so both behave alike, plus the input_data module's
    two public names, so that ``import <module> as input_data`` leaves every call site as it was."""
    return (
        '"""A stand-in for the TF1 MNIST tutorial\'s input_data module (tensorflow.examples.tutorials.mnist), which\n'
        'TensorFlow 2 removed; tfmigrate wrote it once for the scripts in this directory that imported it."""\n\n\n'
        + cst.Module(body=shim("input_data")).code
        + "\n\nread_data_sets = input_data.read_data_sets\nDataSet = input_data.DataSet\n"
    )


FOLLOW_UP = (
    "the MNIST data now comes from tf.keras.datasets.mnist.load_data() (the stand-in `{name}` defined here): it "
    "downloads mnist.npz on first use (needs network) and caches it in ~/.keras/datasets; the train_dir argument "
    "is ignored, so files already downloaded there are not used"
)


ARRAYS_FOLLOW_UP = (
    "the MNIST data now comes from tf.keras.datasets.mnist.load_data(): it downloads mnist.npz on first use (needs "
    "network) and caches it in ~/.keras/datasets; the train_dir argument is ignored, so files already downloaded "
    "there are not used"
)


def shim(name: str) -> list[cst.SimpleStatementLine | cst.BaseCompoundStatement]:
    # Parsed after a placeholder so the leading comment belongs to the class, not to a module header.
    return list(cst.parse_module("pass\n" + SHIM.replace("NAME", name)).body[1:])


def bound_name(stmt: cst.SimpleStatementLine) -> str | None:
    """The name a statement binds to the tutorial's input_data module, if that is all the statement does."""
    if len(stmt.body) != 1:
        return None
    node = stmt.body[0]
    if isinstance(node, cst.ImportFrom) and not node.relative and node.module is not None:
        if get_full_name_for_node(node.module) != MODULE or isinstance(node.names, cst.ImportStar):
            return None
        if len(node.names) != 1 or get_full_name_for_node(node.names[0].name) != "input_data":
            return None
        alias = node.names[0]
    elif isinstance(node, cst.Import) and len(node.names) == 1:
        alias = node.names[0]
        if get_full_name_for_node(alias.name) != INPUT_DATA or alias.asname is None:
            return None
    else:
        return None
    if alias.asname is not None:
        target = alias.asname.name
        return target.value if isinstance(target, cst.Name) else None
    return "input_data"


def function_name(stmt: cst.SimpleStatementLine) -> str | None:
    """The name ``from tensorflow.examples.tutorials.mnist.input_data import read_data_sets [as X]`` binds."""
    if len(stmt.body) != 1:
        return None
    node = stmt.body[0]
    if not isinstance(node, cst.ImportFrom) or node.relative or node.module is None:
        return None
    if get_full_name_for_node(node.module) != INPUT_DATA or isinstance(node.names, cst.ImportStar):
        return None
    if len(node.names) != 1 or get_full_name_for_node(node.names[0].name) != "read_data_sets":
        return None
    alias = node.names[0].asname
    if alias is None:
        return "read_data_sets"
    return alias.name.value if isinstance(alias.name, cst.Name) else None


def shims_every_import(module: cst.Module) -> bool:
    """Every import of the tutorial module in ``module`` is one this rule replaces (TFM305 then stays quiet)."""
    finder = _TutorialImports()
    module.visit(finder)
    return finder.handled > 0 and finder.handled == finder.total


class _TutorialImports(cst.CSTVisitor):
    def __init__(self) -> None:
        self.total = 0
        self.handled = 0

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            if isinstance(small, cst.ImportFrom) and not small.relative and small.module is not None:
                names = [get_full_name_for_node(small.module) or ""]
            elif isinstance(small, cst.Import):
                names = [get_full_name_for_node(a.name) or "" for a in small.names]
            else:
                continue
            if any(n == MODULE or n.startswith(MODULE + ".") for n in names):
                self.total += 1
                self.handled += bound_name(node) is not None or function_name(node) is not None


class MnistTutorial(Transform):
    """Replace ``from tensorflow.examples.tutorials.mnist import input_data`` by a stand-in defined in the file.

    What it does:
        The import line becomes a small commented class bound to the same name (``input_data``, or the alias
        of ``import tensorflow.examples.tutorials.mnist.input_data as X`` / ``from ... import input_data as
        X``), so ``X.read_data_sets(dir, one_hot=True)`` and every later ``mnist.train.next_batch(100)``,
        ``mnist.test.images``, ``.labels``, ``.num_examples``, ``.epochs_completed`` and ``mnist.validation``
        are left untouched and keep working. The stand-in is built on ``tf.keras.datasets.mnist.load_data()``
        and reproduces TF1's ``DataSet``: float32 images in [0, 1] flattened to 784 (``reshape=True``), one-hot
        labels, the first 5000 training images as the validation split, ``next_batch(batch_size,
        shuffle=True)`` with the same epoch wrap-around and reshuffling, and numpy's generator reseeded by each
        ``DataSet`` as TF1's was (from the global seed ``tf.set_random_seed`` / ``tf.random.set_seed`` gave, else
        from ``seed=``, else unseeded), so a seeded tutorial draws TF1's very batches. A follow-up notes that the
        data is now downloaded by Keras (network on first use, cached in ``~/.keras/datasets``). ``from
        ...input_data import read_data_sets [as X]`` gets the stand-in under a free name and ``X =
        <stand-in>.read_data_sets``. Other spellings (``import tensorflow.examples.tutorials.mnist``) are left to
        TFM305's report.

        When two or more scripts of one directory need the stand-in, the run writes it once, as
        ``mnist_input_data.py`` beside them (the same text; another name if that file is the user's own), and
        each import becomes ``import mnist_input_data as input_data`` (or ``from mnist_input_data import
        read_data_sets``): a script run as ``python dir/script.py`` finds it on ``sys.path``. A single script,
        a notebook and a directory that is a package (``__init__.py``) keep the stand-in in the file.

        A program that only reads arrays (``mnist.train.images``, ``.labels``, ``.num_examples`` of train,
        validation and test; one module-level ``read_data_sets`` with literal ``one_hot`` / ``reshape`` /
        ``validation_size``; no ``numpy.random``, which TF1's DataSet reseeded) gets no stand-in: the read line
        becomes ``tf.keras.datasets.mnist.load_data()`` and the few lines that split, scale and encode the arrays
        as TF1 did (the same values, dtypes and shapes, checked against TF 1.15's code), and each use becomes a
        name (``mnist_train_images``) or, for ``num_examples``, ``len()`` of the split's images. TF1's "Extracting
        ..." prints go.

    Why:
        11 of 21 real TF1 programs of one survey start with this import, and TensorFlow 2 removed the module,
        so they die with ``ModuleNotFoundError`` before anything else runs. A stand-in in the file keeps the
        tutorial's data pipeline (shapes, dtypes, batching) exactly as the rest of the program expects it.

    Example:
        from tensorflow.examples.tutorials.mnist import input_data
        mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

    Use instead:
        class input_data:  # stand-in over tf.keras.datasets.mnist.load_data() (full text in the output)
            ...
        mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
    """

    CODE = "TFM308"
    NAME = "mnist-tutorial-data"
    SUMMARY = (
        "tensorflow.examples.tutorials.mnist input_data -> tf.keras.datasets.mnist arrays, or a stand-in over it in the"
        " file where next_batch is used"
    )
    SAFE = True
    PRIORITY = 40
    TRIGGERS = ("examples.tutorials.mnist",)
    BEFORE = (
        "from tensorflow.examples.tutorials.mnist import input_data\n"
        "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n"
    )
    AFTER = (
        cst.Module(body=shim("input_data")).code + "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n"
    )

    def visit_Module(self, node: cst.Module) -> None:
        self.names, imports, self.arrays = _plan(node)
        self.source_module = node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if self.arrays is None or original_node not in self.arrays.uses:
            return updated_node
        new = self.arrays.uses[original_node]
        value = cst.parse_expression(new)
        return value.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        """The direct form: the import line goes (its comments move to the next line), the read line becomes
        the load_data() arrays."""
        arrays = self.arrays
        if arrays is None:
            return updated_node
        body = list(updated_node.body)
        read = original_node.body.index(arrays.read)
        self.change(
            arrays.read,
            "input_data.read_data_sets(...) -> tf.keras.datasets.mnist.load_data() arrays, split, scaled and "
            "encoded as TF1's read_data_sets did",
        )
        self.follow_up(arrays.read, ARRAYS_FOLLOW_UP)
        new = [cst.parse_statement(line + "\n") for line in arrays.lines]
        note = cst.EmptyLine(comment=cst.Comment(f"# tfmigrate: {arrays.note}"))
        kept = [  # comments inside the read_data_sets call
            cst.EmptyLine(comment=n) for n in _mnist_arrays.walk(arrays.read, set()) if isinstance(n, cst.Comment)
        ]
        new[0] = new[0].with_changes(leading_lines=(*body[read].leading_lines, *kept, note))
        body[read : read + 1] = new
        for line in arrays.imports:
            index = original_node.body.index(line)
            leading = body[index].leading_lines
            del body[index]
            if index < len(body):
                body[index] = body[index].with_changes(leading_lines=(*leading, *body[index].leading_lines))
        if arrays.numpy_import:
            AddImportsVisitor.add_needed_import(self.context, "numpy", asname="np")
        return updated_node.with_changes(body=body)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if self.arrays is not None:
            return updated_node
        name = bound_name(original_node)
        function = function_name(original_node) if name is None else None
        if function is not None:
            name = next(
                n for n in ("input_data", "mnist_input_data", "_tfmigrate_mnist_input_data") if n not in self.names
            )
        if name is None:
            return updated_node
        shared = self.options.run_mnist
        if shared:
            return self._import_shared(original_node, updated_node, shared, function or name, function is not None)
        self.change(
            original_node,
            f"tensorflow.examples.tutorials.mnist.input_data -> a stand-in class `{name}` "
            "over tf.keras.datasets.mnist.load_data() with TF1's read_data_sets/next_batch behaviour",
        )
        self.follow_up(original_node, FOLLOW_UP.format(name=name))
        body = shim(name)
        if function is not None:
            body.append(cst.parse_statement(f"{function} = {name}.read_data_sets\n"))
        body[0] = body[0].with_changes(leading_lines=(*original_node.leading_lines, *body[0].leading_lines))
        return cst.FlattenSentinel(body)

    def _import_shared(
        self,
        original: cst.SimpleStatementLine,
        updated: cst.SimpleStatementLine,
        shared: str,
        name: str,
        function: bool,
    ) -> cst.SimpleStatementLine:
        """The run wrote (or found) ``<shared>.py`` beside this script for it and the others of its directory:
        the tutorial import becomes an import of that module under the same name, so no call site changes."""
        if function:
            text = f"from {shared} import read_data_sets" + ("" if name == "read_data_sets" else f" as {name}")
        else:
            text = f"import {shared}" + ("" if name == shared else f" as {name}")
        self.change(
            original,
            f"tensorflow.examples.tutorials.mnist.input_data -> {shared}.py beside this file, a stand-in over "
            "tf.keras.datasets.mnist.load_data() with TF1's read_data_sets/next_batch behaviour, written once for "
            "the scripts of this directory",
        )
        self.follow_up(original, FOLLOW_UP.replace("the stand-in `{name}` defined here", f"the stand-in {shared}.py"))
        statement = cst.parse_statement(text + "\n")
        assert isinstance(statement, cst.SimpleStatementLine)
        return statement.with_changes(
            leading_lines=updated.leading_lines, trailing_whitespace=updated.trailing_whitespace
        )


def _plan(
    module: cst.Module,
) -> tuple[set[str], dict[cst.SimpleStatementLine, tuple[str, bool]], _mnist_arrays.Arrays | None]:
    """The names the module spells, the tutorial imports this rule replaces, and the direct form if it fits."""
    names = _Names()
    module.visit(names)
    imports: dict[cst.SimpleStatementLine, tuple[str, bool]] = {}
    for line in _lines(module):
        bound = bound_name(line)
        function = function_name(line) if bound is None else None
        if bound is not None or function is not None:
            imports[line] = (bound or function, function is not None)  # type: ignore[assignment]
    planned = _mnist_arrays.plan(module, imports, names.found) if imports else None
    return names.found, imports, planned if isinstance(planned, _mnist_arrays.Arrays) else None


def needs_stand_in(module: cst.Module) -> bool:
    """Whether this rule gives ``module`` the input_data stand-in: the run's pre-pass (tfmigrate.runfacts) asks
    the rule's own question before it counts the scripts of a directory that could share one module."""
    _, imports, arrays = _plan(module)
    return bool(imports) and arrays is None


def _lines(module: cst.Module):
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            yield node
        else:
            stack.extend(node.children)


class _Names(cst.CSTVisitor):
    """Every name the module spells, so the stand-in class for a bare ``read_data_sets`` takes a free one."""

    def __init__(self) -> None:
        self.found: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.found.add(node.value)

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            self.found.add((alias.evaluated_alias or get_full_name_for_node(alias.name) or "").split(".")[0])
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self.found.add(get_full_name_for_node(alias.asname.name if alias.asname else alias.name) or "")
        return False
