"""Name the cause of a failing case in words a developer can act on.

``classify(case)`` takes one case of the plugin's JSON (exception type,
message, where it was raised) and returns a short cause such as
"LogisticRegression(class_weight=...): missing parameter" or
"Ridge.fit(sample_weight=...): missing argument". Cases with the same cause
are counted together in the report, so the list reads as a to-do list.
"""

import re

# (pattern on "ExceptionType: message", cause template), first match wins.
# Templates use the pattern's named groups.
RULES = [
    (r"TimeLimitExceeded", "ran past the time limit"),
    (r"TypeError: (?P<cls>\w+)\.__init__\(\) got an unexpected keyword argument '(?P<arg>\w+)'",
     "{cls}({arg}=...): missing parameter"),
    (r"TypeError: (?:(?P<owner>\w+)\.)?(?P<meth>\w+)\(\) got an unexpected keyword argument '(?P<arg>\w+)'",
     "{est}.{meth}({arg}=...): missing argument"),
    (r"ValueError: Invalid parameter '?(?P<arg>\w+)'? for estimator (?P<cls>\w+)",
     "{cls}: set_params({arg}=...) missing parameter"),
    (r"AttributeError: '(?P<cls>\w+)' object has no attribute '(?P<attr>\w+)'",
     "{cls}.{attr}: missing attribute or method"),
    (r"AttributeError: This \w+ has no '?(?P<attr>\w+)'?",
     "Pipeline.{attr}: missing (final step lacks it)"),
    (r"AttributeError: type object '(?P<cls>\w+)' has no attribute '(?P<attr>\w+)'",
     "{cls}.{attr}: missing class attribute"),
    (r"(?:ValueError|TypeError): Unknown (?P<arg>\w+)=(?P<val>\S+?) for (?P<cls>\w+)",
     "{cls}({arg}={val}): value not supported"),
    (r"(?:ValueError|TypeError): (?P<arg>\w+)=(?P<val>\S+?) is not supported by (?P<cls>\w+)",
     "{cls}({arg}={val}): value not supported"),
    (r"Failed: DID NOT RAISE <class '(?:[\w]+\.)*(?P<exc>\w+)'>",
     "{uses}: does not raise {exc} (validation)"),
    (r"Failed: DID NOT RAISE (?:[\w]+\.)*(?P<exc>\w+)",
     "{uses}: does not raise {exc} (validation)"),
    (r"Failed: DID NOT WARN. No warnings of type \(?<class '(?:[\w]+\.)*(?P<w>\w+)'",
     "{uses}: does not warn {w}"),
    (r"(?:AssertionError|Failed): Regex pattern did not match any of the \d+ warnings",
     "{uses}: warning message differs from scikit-learn's"),
    (r"(?:AssertionError|Failed): (?:Regex pattern did not match|Expected exception)",
     "{uses}: error message differs from scikit-learn's"),
    (r"ValueError: All the \d+ fits failed",
     "{uses}: every fit failed inside a scikit-learn cross-validation"),
]


SHARED_NAMES = {"LinearRegression", "Ridge", "Lasso", "ElasticNet", "LogisticRegression",
                "Perceptron", "SGDClassifier", "SGDRegressor", "KMeans",
                "DecisionTreeClassifier", "StandardScaler", "PolynomialFeatures",
                "Pipeline"}


def _normalise(text):
    text = re.sub(r"0x[0-9a-f]+", "0x?", text)
    text = re.sub(r"(?<![\w.])-?\d+(\.\d+)?(e[-+]?\d+)?", "N", text)
    return text


def classify(case):
    """A short, actionable cause for one failing, erroring or timed-out case."""
    if case.get("skip_cause"):  # passes with scikit-learn, skips with Skratch
        return _normalise(case["skip_cause"])[:110]
    exc = case.get("exception") or case.get("outcome") or "?"
    message = (case.get("message") or "").strip()
    first = message.splitlines()[0] if message else ""
    head = f"{exc}: {first}"
    for pattern, template in RULES:
        match = re.search(pattern, head)
        if match:
            fields = {k: v or "" for k, v in match.groupdict().items()}
            fields["uses"] = "/".join(case.get("uses") or []) or "?"
            if "{est}" in template:
                # "BaseEstimator.fit() got ...": name the estimators the test uses
                owner = fields.get("owner", "")
                fields["est"] = owner if owner in SHARED_NAMES else (
                    "/".join(case.get("uses") or []) or owner or "?")
            return template.format(**fields)
    where = case.get("where") or ""
    place = f" [{where}]" if where else ""
    if exc == "AssertionError":
        lines = [l.strip() for l in message.splitlines() if l.strip()]
        summary = lines[0] if lines else "assert"
        if summary.startswith(("Not equal to tolerance", "Arrays are not")) and len(lines) > 1:
            summary = "arrays differ: " + " ".join(lines[:1])
        return f"AssertionError: {_normalise(summary)[:90]}{place}"
    return f"{exc}: {_normalise(first)[:100]}{place}"


def feature(cause):
    """(kind, name, estimators) of a missing-feature cause, else (None, None, [])."""
    patterns = [
        (r"^(?P<est>[\w/]+)\((?P<name>\w+)=\.\.\.\): missing parameter", "parameter"),
        (r"^(?P<est>[\w/]+): set_params\((?P<name>\w+)=\.\.\.\) missing parameter", "parameter"),
        (r"^(?P<est>[\w/]+)\.(?P<meth>\w+)\((?P<name>\w+)=\.\.\.\): missing argument", "argument"),
        (r"^(?P<est>[\w/]+)\.(?P<name>\w+): missing (?:class )?attribute", "attribute"),
        (r"^(?P<est>[\w/]+)\.fit\(sample_weight=\.\.\.\): missing", "argument"),
    ]
    if "does not support sample_weight" in (cause or ""):  # a test that skips itself
        return "argument", "fit(sample_weight=)", []
    for pattern, kind in patterns:
        match = re.match(pattern, cause or "")
        if match:
            name = match.group("name") if "name" in match.groupdict() else "sample_weight"
            if kind == "argument":
                name = f"{match.groupdict().get('meth') or 'fit'}({name}=)"
            elif kind == "parameter":
                name = f"{name}="
            owners = match.group("est").split("/")
            shared = [e for e in owners if e in SHARED_NAMES]
            return kind, name, shared or owners  # e.g. Tree: the tree_ object
    return None, None, []
