"""Scoped layer helpers that build their variable and op names with ``str.format``, ``%`` or an f-string of a
parameter (``tf.get_variable(name='{}_W'.format(variable_name))``), and a loss helper that enters one of their
scopes again for a ``reduce_mean`` alone (a stacked autoencoder's ``loss(en1, en2_o, 'encoder2')``). Read at each
call (inlined_helpers.py), the names are the literals Python formatted (inlined_literals.py); the second entry of
the scope numbered only its own ops' name scope in TF1 (stateless_scopes.py), so every variable keeps its TF1 name
and the TF1 checkpoint restores. Where a name is not known at the call, or a later entry builds a variable, the
graph tier stays with the reason. Run on TF 2.21 against the TF1 baseline."""

from __future__ import annotations

import libcst as cst
import pytest
from program_checks import assert_session_free_with_baseline_numbers, restored_from_the_tf1_checkpoint
from session_harness import PROGRAMS, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options
from tfmigrate.transforms.session import inlined_literals

NAME = "tfmigrate_scoped_format_names"
SOURCE = (PROGRAMS / f"{NAME}.py").read_text()


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    return evaluate(load_programs([NAME]), root=tmp_path_factory.mktemp("scoped-format-names"))[NAME]


def test_the_formatted_names_come_out_session_free_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)


def test_the_formatted_names_restore_the_tf1_checkpoint(outcome) -> None:
    text = restored_from_the_tf1_checkpoint(outcome)
    for name in ("en1_W", "en1_b_t", "en2_W", "de1_W", "de2_b"):  # the names TF1 formatted, written out
        assert text.count(f"name='{name}'") == 1, text
    assert ".format(" not in text.split("tf.random.set_seed", 1)[1].split("class TF1Adam", 1)[0], text


@pytest.mark.parametrize(
    ("code", "text"),
    [
        pytest.param("'{}_h'.format('en1')", "en1_h", id="str.format, positional"),
        pytest.param("'{name}_{0}'.format(2, name='fc')", "fc_2", id="str.format, keyword and index"),
        pytest.param("'{:02d}'.format(1 + 2)", "03", id="str.format of a sum of integer literals, a spec"),
        pytest.param("f'fc{0}_{\"w\"}'", "fc0_w", id="f-string of literals"),
        pytest.param("f'layer{3:03d}'", "layer003", id="f-string with a literal spec"),
        pytest.param("'en' + '1' + '_b'", "en1_b", id="strings joined"),
    ],
)
def test_literal_string_work_folds_to_the_string_python_makes(code: str, text: str) -> None:
    module = cst.parse_module("")
    folded = inlined_literals.folded(module, cst.parse_expression(code))
    assert isinstance(folded, cst.SimpleString) and folded.evaluated_value == text, folded


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("'{}_h'.format(name)", id="a name"),
        pytest.param("'{}_h'.format(*names)", id="starred arguments"),
        pytest.param("'{}_{}'.format('a')", id="too few arguments (Python raises)"),
        pytest.param("f'{name}_h'", id="f-string of a name"),
        pytest.param("f'{\"a\"!r}'", id="f-string with a conversion"),
        pytest.param("f'{{a}}{0}'", id="f-string with doubled braces"),
        pytest.param("'{}'.format(1.5)", id="a float (not folded)"),
    ],
)
def test_string_work_on_other_values_stays_as_written(code: str) -> None:
    expression = cst.parse_expression(code)
    assert inlined_literals.folded(cst.parse_module(""), expression) is expression


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            (
                '        l = tf.reduce_mean(tf.square(x - y), name="loss")\n',
                '        s = tf.get_variable("scale", [], initializer=tf.ones_initializer())\n'
                '        l = s * tf.reduce_mean(tf.square(x - y), name="loss")\n',
            ),
            "scope 'encoder2' is entered more than once (TF1 named the later entry's name scope `encoder2_1` (its ops and "
            "tf.Variable names)",
            id="the second entry builds a variable",
        ),
        pytest.param(
            (
                'en2, en2_o = encoder(en1, 3, "en2", "encoder2")\n',
                'early = loss(x, en1_o, "encoder2")\nen2, en2_o = encoder(en1, 3, "en2", "encoder2")\n',
            ),
            "scope 'encoder2' is entered more than once (TF1 named the later entry's name scope `encoder2_1` (its ops and "
            "tf.Variable names)",
            id="the second entry builds the variables",
        ),
        pytest.param(
            ("h = en2\n", "h = en2\n"),
            "",
            id="the control: data read beside the literal names",
        ),
        pytest.param(
            ('en1, en1_o = encoder(x, 4, "en1", "encoder1")', 'en1, en1_o = encoder(x, 4, names[0], "encoder1")'),
            'the graph calls `"{}_h".format`, which tfmigrate cannot prove eager-safe',
            id="a variable name formatted from data",
        ),
    ],
)
def test_scope_names_the_rewrite_cannot_read_keep_the_graph_tier(change: tuple[str, str], reason: str) -> None:
    source = SOURCE.replace("x = tf.placeholder(", "names = open(__file__).read().split()[:2]\nx = tf.placeholder(")
    assert change[0] in source
    result = migrate_source(source.replace(*change), Options(), "autoencoder.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    if not reason:  # the control: reading data elsewhere alone keeps the program session-free
        assert not reasons and "disable_v2_behavior()" not in result.migrated, reasons
        return
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and reason in reasons[0], reasons
