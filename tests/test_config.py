"""[tool.tfmigrate] in pyproject.toml: found by walking up, overridden by the command line, strict about errors."""

from __future__ import annotations

import textwrap

import pytest
from test_suppression import TOY_RULES
from typer.testing import CliRunner

import tfmigrate.transforms
from tfmigrate import Options
from tfmigrate.cli import app
from tfmigrate.config import ConfigError, find, for_file, load, resolve, supported_versions

SOURCE = "import tensorflow as tf\nx = tf.random_normal([2])\ny = tf.zeros_initializer()\n"


@pytest.fixture(autouse=True)
def toy_rules(monkeypatch):
    monkeypatch.setattr(tfmigrate.transforms, "all_transforms", lambda: TOY_RULES)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "m.py").write_text(SOURCE)
    (tmp_path / "pkg" / "keep.py").write_text(SOURCE)
    return tmp_path


def pyproject(root, body: str) -> None:
    (root / "pyproject.toml").write_text(textwrap.dedent(body))


def invoke(*args: str):
    return CliRunner().invoke(app, [*args, "--no-cache"], catch_exceptions=False)


def test_found_by_walking_up_from_the_paths(project):
    pyproject(project, '[project]\nname = "x"\n[tool.tfmigrate]\nignore = ["TFM902"]\n')
    (project / "pkg" / "pyproject.toml").write_text('[project]\nname = "inner, no table"\n')
    assert find(["pkg/sub/m.py"]) == project / "pyproject.toml"
    settings = resolve(["pkg/sub"])
    assert settings.options.ignore == ("TFM902",)


def test_no_table_no_config(project):
    pyproject(project, '[project]\nname = "x"\n')
    assert find(["pkg"]) is None
    assert resolve(["pkg"]).options.select == ()


def test_config_applies_and_command_line_overrides(project):
    pyproject(
        project,
        """\
        [tool.tfmigrate]
        ignore = ["TFM902"]
        annotate = true
        jobs = 3
        keras = "tf-keras"
        target-version = "%s"
        """
        % supported_versions()[-1],
    )
    settings = resolve(["pkg"])
    assert settings.options.ignore == ("TFM902",) and settings.options.annotate is True
    assert settings.options.keras == "tf-keras" and settings.jobs == 3
    assert settings.options.target_version == supported_versions()[-1]
    override = resolve(["pkg"], ignore=("TFM901",), annotate=False, keras="3", jobs=1)
    assert override.options.ignore == ("TFM901",) and override.options.annotate is False
    assert override.options.keras == "3" and override.jobs == 1

    result = invoke("--diff", "pkg/keep.py")
    assert "+x = tf.random.normal([2])" in result.stdout and "tf.initializers.zeros" not in result.stdout
    result = invoke("--diff", "--ignore", "TFM901", "pkg/keep.py")
    assert "tf.random.normal" not in result.stdout and "+y = tf.initializers.zeros()" in result.stdout
    result = invoke("--diff", "--no-config", "pkg/keep.py")
    assert "tf.random.normal" in result.stdout and "tf.initializers.zeros" in result.stdout


def test_explicit_config_file(project, tmp_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('[tool.tfmigrate]\nselect = ["TFM902"]\n')
    result = invoke("--diff", "--config", str(other), "pkg/keep.py")
    assert "tf.random.normal" not in result.stdout and "tf.initializers.zeros" in result.stdout
    assert invoke("--diff", "--config", "missing.toml", "pkg").exit_code == 2


def test_exclude_is_relative_to_the_config_and_applies_to_named_files(project):
    pyproject(project, '[tool.tfmigrate]\nexclude = ["pkg/sub/"]\n')
    result = invoke("--check", "pkg")
    assert "would migrate pkg/keep.py" in result.stdout and "sub/m.py" not in result.stdout
    result = invoke("--check", "pkg/sub/m.py")
    assert result.exit_code == 0 and "0 file(s) scanned" in result.stderr


def test_per_file_ignores(project):
    pyproject(project, '[tool.tfmigrate.per-file-ignores]\n"sub/" = ["TFM901"]\n"keep.py" = ["TFM902"]\n')
    result = invoke("--diff", "--jobs", "2", "pkg")
    diff = result.stdout
    sub = diff[diff.index("a/pkg/sub/m.py") :]
    keep = diff[diff.index("a/pkg/keep.py") : diff.index("a/pkg/sub/m.py")]
    assert "tf.random.normal" not in sub and "tf.initializers.zeros" in sub
    assert "tf.random.normal" in keep and "tf.initializers.zeros" not in keep


def test_for_file_matches_relative_to_root(tmp_path):
    options = Options(per_file_ignores=((str(tmp_path), "tests/**", ("TFM901",)),))
    assert for_file(options, str(tmp_path / "tests" / "a" / "t.py")).ignore == ("TFM901",)
    assert for_file(options, str(tmp_path / "src" / "tests.py")).ignore == ()
    assert for_file(options, "/elsewhere/tests/t.py").ignore == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[tool.tfmigrate]\nselct = ["TFM901"]\n', "unknown key(s) selct"),
        ('[tool.tfmigrate]\nselect = "TFM901"\n', "select must be a list of strings"),
        ('[tool.tfmigrate]\nignore = ["TFM999"]\n', "unknown rule code(s) TFM999"),
        ("[tool.tfmigrate]\njobs = 0\n", "jobs must be a whole number"),
        ("[tool.tfmigrate]\njobs = true\n", "jobs must be a whole number"),
        ('[tool.tfmigrate]\nannotate = "yes"\n', "annotate must be true or false"),
        ('[tool.tfmigrate]\nkeras = "2"\n', "keras must be one of"),
        ('[tool.tfmigrate]\ntarget-version = "1.15"\n', "target-version '1.15' is not supported"),
        ('[tool.tfmigrate]\ntarget-version = "latest"\n', "must look like '2.21'"),
        ("[tool.tfmigrate]\ntarget-version = 2.21\n", "must be a string"),
        ('[tool.tfmigrate.per-file-ignores]\n"a.py" = "TFM901"\n', "must be a list of rule codes"),
        ("[tool.tfmigrate\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_error_with_status_2(project, body, message):
    pyproject(project, body)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load(project / "pyproject.toml")
    result = invoke("--check", "pkg")
    assert result.exit_code == 2
    assert message in result.stderr and "pyproject.toml" in result.stderr


def test_bad_command_line_values(project):
    assert invoke("--check", "--target-version", "3.0", "pkg").exit_code == 2
    result = invoke("--check", "--keras", "2", "pkg")
    assert result.exit_code == 2


def test_keras_flag_reaches_options(project, monkeypatch):
    seen = []

    def spy(paths, options, *args, **kwargs):
        seen.append(options)
        return iter(())

    monkeypatch.setattr("tfmigrate.cli.migrate_paths", spy)
    invoke("--check", "--keras", "tf-keras", "pkg")
    assert seen[0].keras == "tf-keras"


def test_per_file_ignores_are_not_defeated_by_the_result_cache(project):
    pyproject(project, '[tool.tfmigrate.per-file-ignores]\n"sub/" = ["TFM901", "TFM902"]\n')
    for _ in range(2):  # the second run would read verdicts from the cache, if one were kept
        result = CliRunner().invoke(app, ["--check", "--jobs", "1", "pkg"], catch_exceptions=False)
        assert result.stdout.splitlines() == ["would migrate pkg/keep.py"]
