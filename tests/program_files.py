"""Data files some programs of tests/programs read from their working directory (manifest ``files``), written by
the harness into the baseline's and the migrated program's directories before they run: the programs keep their
real reading code (``pd.read_csv("bmi.csv")``) and both runs read the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np


def _bmi(path: Path) -> None:
    """bmi.csv as the BMI tutorials write it: height (cm), weight (kg), label thin/normal/fat; 20000 rows."""
    rng = np.random.RandomState(0)
    lines = ["height,weight,label"]
    for _ in range(20000):
        height, weight = rng.randint(120, 200), rng.randint(35, 80)
        bmi = weight / (height / 100) ** 2
        label = "thin" if bmi < 18.5 else "normal" if bmi < 25 else "fat"
        lines.append(f"{height},{weight},{label}")
    path.write_text("\n".join(lines) + "\n")


def _test_scores(path: Path) -> None:
    """data-01-test-score.csv as hunkim's lab 4 reads it: three exam scores and the final, 25 rows, no header."""
    rng = np.random.RandomState(4)
    rows = []
    for _ in range(25):
        exams = rng.randint(60, 100, size=3)
        final = int(exams.sum() * 0.65 + rng.randint(-5, 6))
        rows.append(",".join(str(v) for v in (*exams, final)))
    path.write_text("\n".join(rows) + "\n")


def _string_pairs(path: Path) -> None:
    """a.csv of a5601564's readCsv: two string columns, 12 rows (the row number is in both, so the order shows)."""
    path.write_text("".join(f"{index}{letter},{letter}{index}\n" for index, letter in enumerate("ABCDEFGHIJKL")))


def _scores_with_header(path: Path) -> None:
    """scores.csv for the queue pipelines of tests/test_queue_pipelines.py: a header line, then three exam
    scores and the final, 25 rows."""
    rng = np.random.RandomState(1)
    rows = ["e1,e2,e3,final"]
    for _ in range(25):
        exams = rng.randint(60, 100, size=3)
        rows.append(",".join(str(v) for v in (*exams, int(exams.sum() * 0.65))))
    path.write_text("\n".join(rows) + "\n")


def _four_columns(path: Path) -> None:
    """tf_read.csv of HCNA-AI's 6tf_read: four numbers a row, 25 rows, no header."""
    rng = np.random.RandomState(6)
    path.write_text("".join(",".join(str(v) for v in rng.randint(0, 200, size=4)) + "\n" for _ in range(25)))


def _csv_folder(path: Path) -> None:
    """csv_data/ of the learners' csvread(filelist) lessons (a.csv: ``a1,11``...): three files of six rows, a name
    and a number read as two string columns, each naming its file and row (the records read show which files, in
    which order)."""
    path.mkdir(parents=True, exist_ok=True)
    for number, letter in enumerate("abc", start=1):
        (path / f"{letter}.csv").write_text("".join(f"{letter}{row},{number * 10 + row}\n" for row in range(1, 7)))


def _numbered_parts(path: Path) -> None:
    """csv_parts/ for tests/programs/queues_shuffled_csv_files.py: three files of four rows, a row number (unique
    across the files) and two features."""
    path.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(16)
    for part in range(3):
        rows = [f"{part * 4 + row},{rng.randint(0, 50)},{rng.randint(0, 50) / 4}" for row in range(4)]
        (path / f"part-{part}.csv").write_text("\n".join(rows) + "\n")


def _housing(path: Path) -> None:
    """housing.csv for tests/programs/queues_csv_helper_shuffle_batch.py, in the Boston housing file's form: a header,
    then 14 numbers a row, the last the price; every seventh row's price is capped at 50.0 (the program zeroes those
    rows). Each row's three chosen features (columns 5, 10, 12) and price are unique, so a printed row names its
    line."""
    rng = np.random.RandomState(11)
    lines = [",".join(f"c{i}" for i in range(13)) + ",price"]
    for row in range(48):
        values = [round(float(v), 2) for v in rng.uniform(0, 20, size=13)]
        values[5], values[10], values[12] = row + 0.25, row + 100.5, row + 200.75
        price = 50.0 if row % 7 == 3 else round(10 + row * 0.5, 2)
        lines.append(",".join(str(v) for v in [*values, price]))
    path.write_text("\n".join(lines) + "\n")


def _sentences(seed: int, liked: bool) -> Callable[[Path], None]:
    """pos.txt / neg.txt of the sentiment tutorials: one review sentence a line, 300 lines, words of the lines' own
    side more often than the other's (so a bag of words separates them)."""
    common = "the film movie story was is a an and it this but acting plot".split()
    good = "great good wonderful moving funny charming loved best beautiful brilliant".split()
    bad = "bad boring awful dull weak worst hated poor silly tedious".split()

    def write(path: Path) -> None:
        rng = np.random.RandomState(seed)
        mine, theirs = (good, bad) if liked else (bad, good)
        lines = []
        for _ in range(300):
            words = [*rng.choice(common, 5), *rng.choice(mine, 3), *rng.choice(theirs, 1)]
            rng.shuffle(words)
            lines.append(" ".join(words).capitalize() + rng.choice([".", "!", " ..."]))
        path.write_text("\n".join(lines) + "\n")

    return write


WRITERS: dict[str, Callable[[Path], None]] = {
    "pos.txt": _sentences(1, liked=True),
    "neg.txt": _sentences(2, liked=False),
    "scores.csv": _scores_with_header,
    "bmi.csv": _bmi,
    "data-01-test-score.csv": _test_scores,
    "a.csv": _string_pairs,
    "tf_read.csv": _four_columns,
    "csv_data": _csv_folder,
    "csv_parts": _numbered_parts,
    "housing.csv": _housing,
}


def write(names: list[str], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        WRITERS[name](directory / name)
