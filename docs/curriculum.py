"""The path through the gallery: every lesson, in the order a learner takes them.

This list is the one place the order is written. ``conf.py`` hands it to
sphinx-gallery (the order of the families and of the lessons within each,
so the gallery index and the sidebar follow it) and to skratch's Sphinx
extension, which makes from it the previous / next links at the foot of
every lesson, the map of the lessons on the home page and the thumbnails'
alt text.

The order follows the lessons' own text: each one builds on those before
it. Gradient descent on a line comes first, then its learning rate; logistic
regression reuses both; the perceptron's per-point rule leads to stochastic
gradient descent; polynomial features with Ridge open regularization, whose
geometry explains the Lasso's zeros, which coordinate descent finds. The
update rules of every gradient solver then race on their own; scaling the
features explains why descent crawls on raw data; k-means and the decision
tree close the path.

Each entry is a lesson file under ``gallery/`` and one sentence saying what
its thumbnail shows (the alt text of the gallery's picture of it).
"""

import os
from pathlib import PurePath

GALLERY = "gallery"

LESSONS = (
    ("linear_model/plot_gradient_descent.py",
     "A line fitted by gradient descent, lying on the least-squares line "
     "through sixty points."),
    ("linear_model/plot_learning_rate.py",
     "The loss per iteration for three learning rates: 0.01 creeps down, "
     "0.5 drops at once, 1.1 shoots up."),
    ("linear_model/plot_logistic_regression.py",
     "Two classes of points with logistic regression's boundary p = 1/2 "
     "between them; the points it misclassifies are circled."),
    ("linear_model/plot_perceptron.py",
     "The perceptron's boundary separating two classes of points, with its "
     "normal vector w."),
    ("linear_model/plot_sgd_vs_batch.py",
     "The paths of batch and stochastic gradient descent on one loss "
     "surface, and their losses against passes over the data."),
    ("linear_model/plot_polynomial_ridge.py",
     "One input turned into four polynomial features, x to x to the fourth, "
     "each drawn against x."),
    ("linear_model/plot_l1_l2_geometry.py",
     "The Lasso's L1 diamond among the contours of the least-squares loss, "
     "its solution on a corner of the diamond."),
    ("linear_model/plot_lasso_coordinate_descent.py",
     "Coordinate descent's staircase path across the Lasso's objective, "
     "one move parallel to an axis per coordinate."),
    ("optim/plot_optimizers_race.py",
     "Six optimizers' paths down a narrow valley, from the start to the "
     "minimum."),
    ("preprocessing/plot_standard_scaler.py",
     "Raw data in two features with its mean and one standard deviation "
     "either side of it, along each feature."),
    ("cluster/plot_kmeans.py",
     "Four k-means centres, each with the path it travelled, among points "
     "coloured by their nearest centre."),
    ("cluster/plot_kmeans_init.py",
     "k-means after a bad random start: two centres share one blob while "
     "another straddles two."),
    ("tree/plot_decision_tree.py",
     "A decision tree's rectangular regions over two interleaved half-moons "
     "of points, the newest split in bold."),
)


def lesson_files():
    """The lessons' paths under ``gallery/``, in curriculum order."""
    return [path for path, _ in LESSONS]


def families():
    """The gallery's subsections (folder names), in the order the path meets them."""
    seen = []
    for path in lesson_files():
        family = PurePath(path).parts[0]
        if family not in seen:
            seen.append(family)
    return seen


def subsection_order():
    """sphinx-gallery's ``subsection_order``: the families, then any new folder."""
    return [f"{GALLERY}/{family}" for family in families()] + ["*"]


def _rank(family, filename):
    """Position of a lesson on the path; lessons not on it come last, by name."""
    key = f"{family}/{filename}"
    files = lesson_files()
    if key in files:
        return (files.index(key), "")
    return (len(files), key)


class CurriculumOrder:
    """sphinx-gallery's ``within_subsection_order``: the lessons in path order.

    sphinx-gallery makes one per subsection, passing that subsection's
    source folder, and sorts the folder's file names with it. It is named in
    ``conf.py`` by import path (``"docs.curriculum.CurriculumOrder"``), so
    the configuration holds a string and pickles.
    """

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        return _rank(PurePath(os.fspath(self.src_dir)).name, PurePath(filename).name)

    def __repr__(self):
        return f"<{type(self).__name__}>"


def minigallery_order(path):
    """sphinx-gallery's ``minigallery_sort_order``: a lesson's full path to its rank."""
    path = PurePath(path)
    return _rank(path.parent.name, path.name)
