"""Which of scikit-learn's own tests count, and why the others do not.

This file is only data: the plugin (``swap_plugin.py``) reads it, and a reader
can check every rule here without reading the plugin. The measurement runs
scikit-learn's installed test files with Skratch's estimators put in place of
scikit-learn's, and counts how many of the tests that apply to Skratch pass.

A test (one parametrized case) applies when it exercises at least one of the
estimators in ``SHARED``, is about public behaviour on dense data, and uses
only solvers Skratch has. Every case that does not apply is put in exactly
one of the groups of ``GROUPS`` below (the first rule that matches wins), and
the report counts each group. A test that fails only because Skratch lacks a
parameter, an attribute or a method of a shared estimator (sample_weight,
class_weight, warm_start, positive, copy_X, max_leaf_nodes, ccp_alpha,
feature_names_in_, n_iter_, partial_fit, ...) is *not* excluded: that is
exactly what the measurement is for.
"""

# scikit-learn name -> Skratch name. In each measured test module, these
# names (wherever the module imports them from, at module level or inside a
# function, and as attributes of an imported module such as
# ``linear_model.SGDClassifier``) refer to Skratch's objects. scikit-learn's
# own package is never patched: its internals keep using its own classes.
SHARED = {
    "sklearn.linear_model.LinearRegression": "skratch.linear_model.LinearRegression",
    "sklearn.linear_model.Ridge": "skratch.linear_model.Ridge",
    "sklearn.linear_model.Lasso": "skratch.linear_model.Lasso",
    "sklearn.linear_model.ElasticNet": "skratch.linear_model.ElasticNet",
    "sklearn.linear_model.LogisticRegression": "skratch.linear_model.LogisticRegression",
    "sklearn.linear_model.Perceptron": "skratch.linear_model.Perceptron",
    "sklearn.linear_model.SGDClassifier": "skratch.linear_model.SGDClassifier",
    "sklearn.linear_model.SGDRegressor": "skratch.linear_model.SGDRegressor",
    "sklearn.cluster.KMeans": "skratch.cluster.KMeans",
    "sklearn.tree.DecisionTreeClassifier": "skratch.tree.DecisionTreeClassifier",
    "sklearn.preprocessing.StandardScaler": "skratch.preprocessing.StandardScaler",
    "sklearn.preprocessing.PolynomialFeatures": "skratch.preprocessing.PolynomialFeatures",
    "sklearn.pipeline.Pipeline": "skratch.pipeline.Pipeline",
    "sklearn.pipeline.make_pipeline": "skratch.pipeline.make_pipeline",
}

# The measured files (relative to the installed ``sklearn`` package; a folder
# means every test_*.py in it) and the public module whose estimators each
# file is about: its "family". A family name that Skratch does not share
# (RidgeCV, MiniBatchKMeans, ExtraTreeClassifier, MinMaxScaler, lasso_path,
# FeatureUnion, ...) is an estimator or function Skratch lacks.
FILES = {
    "linear_model/tests": "sklearn.linear_model",
    "cluster/tests/test_k_means.py": "sklearn.cluster",
    "tree/tests/test_tree.py": "sklearn.tree",
    "preprocessing/tests": "sklearn.preprocessing",
    "tests/test_pipeline.py": "sklearn.pipeline",
}

# Solvers and algorithm variants that Skratch does not have, per estimator and
# keyword. A case is excluded when one of these values reaches the estimator
# through the test's parameters (``@pytest.mark.parametrize("solver", ...)``,
# or an estimator instance built with it), through a literal keyword in the
# test body (``Ridge(solver="sag")``), or, for solver names, as a string the
# test body loops over (``for solver in ["sag", "saga"]``).
EXCLUDED_OPTIONS = {
    "Ridge": {"solver": ["lsqr", "sparse_cg", "sag", "saga", "lbfgs"]},
    "LogisticRegression": {"solver": ["liblinear", "sag", "saga"]},
    "DecisionTreeClassifier": {"splitter": ["random"]},
}

# Solvers that reach the same minimum as one Skratch has, so a test naming
# them is run with Skratch's. scikit-learn's lbfgs, newton-cg and
# newton-cholesky all minimise the same penalised log-loss as Skratch's
# Newton method (newton-cholesky *is* Newton's method); Elkan's k-means is an
# exact acceleration of Lloyd's, with the same iterates. The value is mapped
# when a call in the test code reaches Skratch's estimator:
# ``LogisticRegression(solver=...)``, ``Estimator(solver=...)`` with a
# parametrized class, ``lr.set_params(solver=...)``, ``**kwargs`` (a literal,
# a parametrized or looped variable). The test itself still sees the
# original name (its branches and expected messages, a LogisticRegressionCV
# it also builds, are unchanged). Cases of one test that differ only by
# aliases of one solver are counted once (group "duplicate"). The keyword is
# kept, so an estimator without it (KMeans had no ``algorithm``) still fails
# as a missing parameter.
SOLVER_ALIASES = {
    "LogisticRegression": {"solver": {"lbfgs": "newton", "newton-cg": "newton",
                                      "newton-cholesky": "newton"}},
    "KMeans": {"algorithm": {"elkan": "lloyd"}},
}

# Which estimator a parametrized keyword of that name belongs to, per file
# (``@pytest.mark.parametrize("solver", SOLVERS)`` in test_ridge.py is Ridge's).
# In the other files, a "solver" parameter or a looped solver name is
# excluded when it is one of UNAMBIGUOUS_EXCLUDED_SOLVERS.
OPTION_OWNERS = {
    "linear_model/tests/test_ridge.py": {"solver": "Ridge"},
    "linear_model/tests/test_logistic.py": {"solver": "LogisticRegression"},
    "linear_model/tests/test_coordinate_descent.py": {"selection": "Lasso"},
    "cluster/tests/test_k_means.py": {"algorithm": "KMeans", "algo": "KMeans"},
    "tree/tests/test_tree.py": {"splitter": "DecisionTreeClassifier"},
}

UNAMBIGUOUS_EXCLUDED_SOLVERS = ["lsqr", "sparse_cg", "sag", "saga", "liblinear"]

# Modules of scikit-learn's test machinery: importing private names from
# these is not reaching into scikit-learn's internals.
TEST_UTILITY_MODULES = [
    "sklearn.utils._testing",
    "sklearn.utils.fixes",
    "sklearn.utils._mocking",
    "sklearn.utils._test_common",
    "sklearn.utils.estimator_checks",
    "sklearn.tests",
    "sklearn.callback.tests",
]

# Names whose use marks a test of scikit-learn's array API support.
ARRAY_API_NAMES = [
    "yield_namespace_device_dtype_combinations", "_array_api_for_tests",
    "yield_namespaces", "array_api_dispatch", "get_namespace", "_atol_for_type",
    "device", "_convert_to_numpy", "move_to",
]

# Words in a test's name that say which estimator Skratch lacks it is about,
# beyond the estimator's own name (test_ridgecv_* and test_minibatch_kmeans_*
# are recognised from the names RidgeCV and MiniBatchKMeans already). Used
# only for tests that also use that estimator (rule "lacking_name").
LACKING_NAME_WORDS = {
    "gcv": "RidgeCV (its generalised cross-validation)",
    "ridge_cv": "RidgeCV",
    "lasso_cv": "LassoCV",
    "enet_cv": "ElasticNetCV",
    "logistic_cv": "LogisticRegressionCV",
    "lr_cv": "LogisticRegressionCV",
    "minibatch": "MiniBatchKMeans",
    "extra_tree": "ExtraTreeClassifier / ExtraTreeRegressor",
    "multi_task": "MultiTaskLasso / MultiTaskElasticNet",
    "multitask": "MultiTaskLasso / MultiTaskElasticNet",
    "oneclass": "SGDOneClassSVM",
    "one_class": "SGDOneClassSVM",
    "ocsvm": "SGDOneClassSVM",
    "center_kernel": "KernelCenterer",
    "union": "FeatureUnion",
    "spline": "SplineTransformer",
}

# Names and modules whose use marks a test of metadata routing.
METADATA_ROUTING_MODULES = [
    "sklearn.tests.metadata_routing_common",
    "sklearn.utils._metadata_requests",
    "sklearn.utils.metadata_routing",
]
METADATA_ROUTING_WORDS = ["routing", "metadata", "slep6"]  # words of a test's name
METADATA_ROUTING_NAMES = [
    "MetadataRouter", "MethodMapping", "process_routing", "get_routing_for_object",
    "MetadataRequest", "_MetadataRequester",
]

# The groups of cases that do not count, in the order the rules are tried.
# "rule" names the automatic rule that puts a case in the group (the plugin
# applies them at collection time, in this order; "control" is applied by
# run.py after the control run); the "by_hand_..." groups list their cases.
GROUPS = [
    {"group": "estimator Skratch lacks",
     "rule": "lacking",
     "reason": "The case is about a family estimator or function Skratch does "
               "not have: it touches no Skratch estimator and names one of "
               "those (test_minibatch_*, test_ridgecv_*, OneHotEncoder, "
               "lasso_path, FeatureUnion, ...), or its parameter is one (the "
               "MiniBatchKMeans case of a test parametrized over [KMeans, "
               "MiniBatchKMeans], RidgeCV(), 'ExtraTreeClassifier')."},
    {"group": "no shared estimator",
     "rule": "no_shared",
     "reason": "The test touches no Skratch estimator and no family estimator "
               "either: neither its body, the helpers and fixtures it calls, "
               "nor its parameters name one (tests of private helpers, of "
               "loss functions, of label utilities, ...). Out of scope."},
    {"group": "marked xfail by scikit-learn",
     "rule": "xfail",
     "reason": "scikit-learn marks the case as a known failure of its own; "
               "its outcome says nothing about Skratch."},
    {"group": "array API",
     "rule": "array_api",
     "reason": "Tests of scikit-learn's array API dispatch (other array "
               "libraries and devices); Skratch is NumPy only."},
    {"group": "sparse input",
     "rule": "sparse",
     "reason": "The case feeds a scipy.sparse matrix: a sparse container "
               "parameter (csr_container=csr_matrix), a sparse data set "
               "('sparse-pos'), an estimator factory that makes X sparse "
               "(test_sgd's SparseSGDClassifier), or scipy.sparse, "
               "CSR_CONTAINERS or a _sparse_* helper in a test body that is "
               "not parametrized over containers. Skratch supports dense "
               "data only. A test that mixes dense and sparse checks in one "
               "body is excluded whole."},
    {"group": "solver Skratch lacks",
     "rule": "excluded_option",
     "reason": "The case uses a solver or algorithm variant Skratch does not "
               "have (see EXCLUDED_OPTIONS): sag, saga, liblinear, lsqr, "
               "sparse_cg, Ridge's lbfgs, splitter='random'."},
    {"group": "private helpers and internals",
     "rule": "private",
     "reason": "The test calls or imports a private scikit-learn helper "
               "(_preprocess_data, _solve_cholesky, _labels_inertia, "
               "sklearn.tree._tree, ...) or reads a private attribute "
               "(est._something), so it tests scikit-learn's implementation, "
               "not public behaviour. Private constants that are plain "
               "documented values (TREE_LEAF = -1) do not count."},
    {"group": "metadata routing",
     "rule": "routing",
     "reason": "Tests of scikit-learn's metadata routing framework (a test "
               "named *routing*, *metadata* or *slep6*, or one using the "
               "helpers of sklearn.tests.metadata_routing_common, "
               "set_*_request or get_metadata_routing): a framework-wide "
               "protocol rather than a behaviour of the shared estimators. A "
               "judgement call: delete this group to count them. (A test that "
               "merely runs under enable_metadata_routing=True counts.)"},
    {"group": "function or estimator Skratch lacks, by name",
     "rule": "lacking_name",
     "reason": "The test's own name says it is about a family estimator or "
               "function Skratch lacks (test_ridgecv_*, test_lasso_path, "
               "test_minibatch_*, test_min_max_scaler_*, test_feature_union_*), "
               "even though it also uses a shared estimator (often as the "
               "reference the other one is compared with)."},
    {"group": "tied to one scikit-learn solver",
     "rule": "by_hand_solver",
     "reason": "Chosen by hand (the list is below): the case checks something "
               "only the named scikit-learn solver does, which the Skratch "
               "solver it is mapped to (SOLVER_ALIASES) cannot share: that "
               "solver's own warning text, or its fallback to another solver.",
     "cases": [
         {"file": "linear_model/tests/test_logistic.py", "test": "test_max_iter",
          "params": {"solver": ["lbfgs", "newton-cg"]},
          "why": "expects the text of lbfgs's / newton-cg's ConvergenceWarning "
                 "('lbfgs failed to converge'); the newton-cholesky case, whose "
                 "'Newton solver did not converge' Skratch's Newton can match, counts"},
         {"file": "linear_model/tests/test_logistic.py",
          "test": "test_newton_cholesky_fallback_to_lbfgs",
          "why": "tests newton-cholesky's fallback to lbfgs on a singular Hessian"},
     ]},
    {"group": "needs scikit-learn's own class",
     "rule": "by_hand_class",
     "reason": "Chosen by hand (the list is below): a scikit-learn estimator "
               "that Skratch lacks, run as scikit-learn's own, checks that the "
               "shared estimator it is given is scikit-learn's class "
               "(isinstance), so no Skratch estimator can pass.",
     "cases": [
         {"file": "linear_model/tests/test_ransac.py",
          "test": "test_perfect_horizontal_line",
          "why": "RANSACRegressor requires min_samples unless its estimator is "
                 "an instance of scikit-learn's own LinearRegression"},
     ]},
    {"group": "sparse data made inside the test",
     "rule": "by_hand_sparse",
     "reason": "Chosen by hand (the list is below): a scikit-learn step of the "
               "test produces sparse data that a shared estimator must take, "
               "which the automatic rule for sparse input cannot see.",
     "cases": [
         {"file": "tests/test_pipeline.py", "test": "test_feature_names_count_vectorizer",
          "why": "CountVectorizer hands LogisticRegression a sparse matrix"},
     ]},
    {"group": "duplicate",
     "rule": "duplicate",
     "reason": "After mapping a solver alias (SOLVER_ALIASES) the case is the "
               "same as another case of the same test, already counted."},
    {"group": "scikit-learn itself does not pass it",
     "rule": "control",
     "reason": "Every selected case is run a second time with scikit-learn's "
               "own estimators (the control run, nothing swapped); a case "
               "that does not pass there (it skips for a missing optional "
               "dependency, is a float32 case scikit-learn only runs with "
               "SKLEARN_RUN_FLOAT32_TESTS=1, or calls pytest.xfail for a "
               "known limitation of scikit-learn's own estimator) cannot "
               "measure Skratch. A case that passes there but skips or xfails "
               "with Skratch counts as failed: it did so because of Skratch."},
]
