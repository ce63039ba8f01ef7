"""The path through the gallery (docs/curriculum.py) and the notebooks it links.

The path lists every lesson once, in an order that agrees with what the
lessons themselves say comes next and came before; sphinx-gallery sorts
with it; and the notebooks the gallery builds read as markdown, with no
Sphinx role left in them.
"""

import importlib.util
import json
import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"
BUILT = ROOT / "docs" / "auto_examples"
LABEL = re.compile(r"sphx_glr_docs_auto_examples_(\w+?)_(plot_\w+)\.py")
LEFTOVERS = (":class:`", ":func:`", ":ref:`", ":doc:`", ":meth:`", ":mod:`", "sphx_glr_")


def load_curriculum():
    spec = importlib.util.spec_from_file_location("skratch_docs_curriculum",
                                                  ROOT / "docs" / "curriculum.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


curriculum = load_curriculum()
PATH = curriculum.lesson_files()


def lesson_of(family, stem):
    """A label's lesson, as the path names it (``cluster/plot_kmeans.py``)."""
    for lesson in PATH:
        if lesson == f"{family}/{stem}.py":
            return lesson
    # Labels join folder and file with "_": a family with "_" in its name
    # (linear_model) is found by trying where the split falls.
    joined = f"{family}_{stem}"
    for lesson in PATH:
        if lesson.replace("/", "_") == f"{joined}.py":
            return lesson
    raise AssertionError(f"no lesson for {family}/{stem}")


def test_the_path_lists_every_lesson_once():
    on_disk = sorted(path.relative_to(GALLERY).as_posix() for path in GALLERY.glob("*/plot_*.py"))
    assert sorted(PATH) == on_disk
    assert len(set(PATH)) == len(PATH)
    assert all(alt.strip().endswith(".") for _, alt in curriculum.LESSONS)


def test_families_stay_together_on_the_path():
    families = [lesson.split("/")[0] for lesson in PATH]
    runs = [family for i, family in enumerate(families) if i == 0 or family != families[i - 1]]
    assert runs == curriculum.families()
    assert curriculum.subsection_order() == [f"gallery/{f}" for f in runs] + ["*"]


def notes(lesson):
    """The lessons a lesson names as its next, its previous, and its previous ones."""
    text = " ".join((GALLERY / lesson).read_text(encoding="utf-8").replace("#", " ").split())
    found = {"next": [], "previous": []}
    for kind, pattern in (("next", r"[Tt]he next lesson,? :ref:`(?:[^`<]*<)?([^`>]+)>?`"),
                          ("previous", r"[Tt]he previous lessons?,? (.*?)\."),
                          ("previous", r"[Tt]he previous lesson,? :ref:`(?:[^`<]*<)?([^`>]+)>?`")):
        for match in re.finditer(pattern, text):
            for label in LABEL.finditer(match.group(1)):
                found[kind].append(lesson_of(*label.groups()))
    return found


@pytest.mark.parametrize("lesson", PATH)
def test_the_lessons_own_notes_agree_with_the_path(lesson):
    i = PATH.index(lesson)
    said = notes(lesson)
    for following in said["next"]:
        assert i + 1 < len(PATH) and PATH[i + 1] == following, (
            f"{lesson} says its next lesson is {following}")
    for before in said["previous"]:
        assert PATH.index(before) < i, f"{lesson} says {before} came before it"


def test_lessons_that_build_on_another_come_after_it():
    # Every lesson a lesson's text points back to (its previous lessons, and
    # "the first lesson") is earlier on the path.
    first = PATH.index("linear_model/plot_gradient_descent.py")
    assert first == 0
    text = (GALLERY / "linear_model" / "plot_sgd_vs_batch.py").read_text(encoding="utf-8")
    assert "the first lesson <sphx_glr_docs_auto_examples_linear_model_plot_gradient_descent" in text


def test_the_sort_key_puts_a_family_in_path_order(monkeypatch):
    # conf.py names the key by import path, as sphinx-gallery needs to keep
    # its configuration picklable; it is imported from the repository's root.
    assert '"docs.curriculum.CurriculumOrder"' in (ROOT / "conf.py").read_text(encoding="utf-8")
    monkeypatch.syspath_prepend(str(ROOT))
    named = importlib.import_module("docs.curriculum")
    order = named.CurriculumOrder(str(GALLERY / "linear_model"))
    names = [path.name for path in (GALLERY / "linear_model").glob("plot_*.py")] + ["plot_new.py"]
    expected = [lesson.split("/")[1] for lesson in PATH if lesson.startswith("linear_model/")]
    assert sorted(names, key=order) == expected + ["plot_new.py"]  # a new lesson goes last
    import pickle

    assert pickle.loads(pickle.dumps(order))("plot_perceptron.py") == order("plot_perceptron.py")
    ranks = [curriculum.minigallery_order(str(GALLERY / lesson)) for lesson in PATH]
    assert ranks == sorted(ranks)


# -- the built notebooks ------------------------------------------------------------

def built_notebooks():
    if not BUILT.is_dir() or not any(BUILT.glob("*/*.ipynb")):
        pytest.skip("the gallery is not built (make gallery builds it)")
    return sorted(BUILT.glob("**/*.ipynb"))


def markdown_of(notebook_text):
    cells = json.loads(notebook_text)["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]


def test_built_notebooks_have_no_sphinx_roles_left():
    notebooks = built_notebooks()
    assert len(notebooks) == len(PATH)
    for notebook in notebooks:
        for cell in markdown_of(notebook.read_text(encoding="utf-8")):
            for leftover in LEFTOVERS:
                assert leftover not in cell, f"{notebook.name}: {leftover!r} in\n{cell}"


def test_zipped_notebooks_are_the_clean_ones():
    built_notebooks()
    archives = sorted(BUILT.glob("**/*.zip"))
    assert archives
    checked = 0
    for archive in archives:
        with zipfile.ZipFile(archive) as zipped:
            for name in zipped.namelist():
                if name.endswith(".ipynb"):
                    checked += 1
                    for cell in markdown_of(zipped.read(name).decode("utf-8")):
                        assert not any(leftover in cell for leftover in LEFTOVERS), (archive, name)
    assert checked >= 2 * len(PATH)  # each lesson's zip, and the zip of all notebooks


def test_a_lesson_reference_becomes_a_link_to_its_notebook():
    notebook = BUILT / "linear_model" / "plot_sgd_vs_batch.ipynb"
    if not notebook.is_file():
        pytest.skip("the gallery is not built (make gallery builds it)")
    text = "\n".join(markdown_of(notebook.read_text(encoding="utf-8")))
    assert "[the first lesson](plot_gradient_descent.ipynb)" in text
    assert "[The perceptron correcting itself, one mistake at a time](plot_perceptron.ipynb)" in text
    assert "`SGDRegressor`" in text
    scaler = BUILT / "preprocessing" / "plot_standard_scaler.ipynb"
    text = "\n".join(markdown_of(scaler.read_text(encoding="utf-8")))
    assert "[Gradient descent fitting a line](../linear_model/plot_gradient_descent.ipynb)" in text
