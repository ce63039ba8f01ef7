"""Run scikit-learn's own tests on Skratch's estimators and report the pass rate.

    .venv/bin/python bench/sklearn_own_tests/run.py [--skratch DIR] [--json PATH]

The measured files, the selection rules and their reasons are in
``selection.py``; the swapping and recording is ``swap_plugin.py``. This
script runs one pytest process on the scikit-learn test files installed in
the running interpreter's environment, with the chosen checkout's ``skratch``
first on ``sys.path``, then prints per-file and per-group counts and the most
common failure causes, and writes everything as JSON.

Two pytest runs: the measurement, with Skratch's estimators swapped in, then
a control run of the same selected cases with scikit-learn's own estimators.
The pass rate is passed / counted, where "counted" is every selected case that
passes in the control run (so a case scikit-learn itself skips or xfails here
cannot count against Skratch); such a case that skips or xfails with Skratch
counts as failed.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

sys.dont_write_bytecode = True  # no __pycache__ left in the folder
sys.path.insert(0, str(HERE))
import causes  # noqa: E402  (this folder's module)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skratch", type=Path, default=REPO,
                        help="the checkout whose skratch package is measured "
                             "(default: this repository)")
    parser.add_argument("--json", type=Path,
                        default=Path(tempfile.gettempdir()) / "skratch_sklearn_own_tests.json",
                        help="where to write the full result (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds per test before it counts as failed (default: 60)")
    parser.add_argument("-k", dest="keyword", default=None,
                        help="pytest -k expression, to run a subset while developing")
    parser.add_argument("--files", nargs="*", default=None,
                        help="only these measured files (substrings of their paths)")
    parser.add_argument("--top", type=int, default=25,
                        help="how many failure causes to list (default: 25)")
    parser.add_argument("--list-excluded", action="store_true",
                        help="also print every excluded test, by group")
    parser.add_argument("--list-failures", action="store_true",
                        help="also print every failing case with its cause")
    parser.add_argument("--no-control", action="store_true",
                        help="skip the control run (faster while developing; the "
                             "figure is then provisional: see selection.py, group 'control')")
    parser.add_argument("--pytest-arg", action="append", default=[], metavar="ARG",
                        help="pass ARG on to pytest (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show pytest's own output instead of only a log file")
    return parser.parse_args(argv)


def measured_paths(sklearn_dir, only):
    import selection
    paths = []
    for entry in selection.FILES:
        path = sklearn_dir / entry
        files = sorted(path.glob("test_*.py")) if path.is_dir() else [path]
        for file in files:
            rel = file.relative_to(sklearn_dir).as_posix()
            if not only or any(o in rel for o in only):
                paths.append(file)
    return paths


def run_pytest(args, raw_json, log_path, extra=()):
    import sklearn
    sklearn_dir = Path(sklearn.__file__).parent
    site = sklearn_dir.parent
    skratch_root = args.skratch.resolve()
    if not (skratch_root / "skratch" / "__init__.py").is_file():
        sys.exit(f"error: no skratch package in {skratch_root}")
    files = measured_paths(sklearn_dir, args.files)
    if not files:
        sys.exit("error: no measured file matches --files")

    with tempfile.TemporaryDirectory(prefix="skratch_sklearn_tests_") as workdir:
        # An empty ini of our own: neither Skratch's pyproject settings
        # (doctests, its filterwarnings) nor any other ini apply.
        ini = Path(workdir) / "pytest.ini"
        ini.write_text("[pytest]\n")
        command = [
            sys.executable, "-m", "pytest", *map(str, files),
            "-c", str(ini),
            "--rootdir", str(site),       # test ids read sklearn/linear_model/...
            "--confcutdir", str(site),    # load sklearn/conftest.py (its fixtures, seed)
            "-p", "no:cacheprovider",     # write nothing into site-packages
            "-p", "swap_plugin",
            "-q", "--tb=no", "--no-header", "-rN", "--disable-warnings",
            "--skratch-json", str(raw_json),
            "--skratch-timeout", str(args.timeout),
        ]
        if args.keyword:
            command += ["-k", args.keyword]
        command += args.pytest_arg + list(extra)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(skratch_root), str(HERE)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in site-packages
        env.setdefault("MPLBACKEND", "Agg")
        env.pop("SKLEARN_TESTS_GLOBAL_RANDOM_SEED", None)  # the default seed, 42
        # cwd is the empty work dir, so "" on sys.path cannot shadow skratch
        if args.verbose:
            process = subprocess.run(command, cwd=workdir, env=env)
        else:
            with open(log_path, "w") as log:
                process = subprocess.run(command, cwd=workdir, env=env,
                                         stdout=log, stderr=subprocess.STDOUT)
    return process.returncode, skratch_root


def summarise(raw, skratch_root, ran, control):
    import selection
    groups = {g["rule"]: g for g in selection.GROUPS}
    cases = raw["cases"]
    if control is not None:
        # only cases scikit-learn's own estimators pass can measure Skratch
        kept = []
        for case in cases:
            verdict = control.get(case["nodeid"], {"outcome": "not run", "message": ""})
            if verdict["outcome"] != "passed":
                raw["excluded"].append({
                    "nodeid": case["nodeid"], "file": case["file"], "test": case["test"],
                    "rule": "control",
                    "detail": f"{verdict['outcome']}: {(verdict['message'] or '')[:120]}"})
            else:
                if case["outcome"] in ("skipped", "xfailed"):
                    # it passes with scikit-learn: skipping here is Skratch's doing
                    case["skip_cause"] = f"{case['outcome']} itself: {case['message']}"
                    case["outcome"] = "failed"
                kept.append(case)
        cases = kept
    for case in cases:
        case["cause"] = causes.classify(case) if case["outcome"] not in ("passed", "skipped") else None

    per_file = collections.OrderedDict()
    for name in raw["files"]:
        if name in ran:
            per_file[name] = collections.Counter()
    for case in cases:
        per_file.setdefault(case["file"], collections.Counter())[case["outcome"] or "not run"] += 1

    def counts(counter):
        counted = sum(v for k, v in counter.items() if k not in ("skipped", "xfailed"))
        passed = counter.get("passed", 0)
        return {
            "selected": sum(counter.values()),
            "skipped": counter.get("skipped", 0) + counter.get("xfailed", 0),
            "counted": counted,
            "passed": passed,
            "failed": counter.get("failed", 0),
            "error": counter.get("error", 0),
            "timeout": counter.get("timeout", 0),
            "other": counted - passed - counter.get("failed", 0)
                     - counter.get("error", 0) - counter.get("timeout", 0),
            "pass_percent": round(100.0 * passed / counted, 1) if counted else None,
        }

    total = collections.Counter()
    for counter in per_file.values():
        total.update(counter)

    excluded = collections.OrderedDict((rule, []) for rule in groups)
    for case in raw["excluded"]:
        excluded.setdefault(case["rule"], []).append(case)

    failing = [c for c in cases if c["cause"]]
    by_cause = collections.defaultdict(list)
    for case in failing:
        by_cause[case["cause"]].append(case)
    cause_table = []
    for cause, items in sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        tests = sorted({f"{c['file'].rsplit('/', 1)[-1]}::{c['test']}" for c in items})
        cause_table.append({
            "cause": cause, "cases": len(items), "tests": len(tests),
            "examples": [c["nodeid"] for c in items[:3]],
            "all_tests": tests,
        })

    # the same missing parameter or attribute, whichever estimator lacks it
    by_feature = collections.defaultdict(lambda: {"cases": 0, "estimators": set(), "tests": set()})
    for case in failing:
        kind, feature, estimators = causes.feature(case["cause"])
        if feature:
            row = by_feature[(kind, feature)]
            row["cases"] += 1
            row["estimators"].update(estimators)
            row["tests"].add(f"{case['file'].rsplit('/', 1)[-1]}::{case['test']}")
    feature_table = [
        {"kind": kind, "name": name, "cases": row["cases"], "tests": len(row["tests"]),
         "estimators": sorted(row["estimators"]), "examples": sorted(row["tests"])[:3]}
        for (kind, name), row in sorted(by_feature.items(), key=lambda kv: -kv[1]["cases"])]

    mixed = [c for c in cases if c.get("mixed_with")]
    return {
        "control_run": control is not None,
        "skratch": str(skratch_root),
        "skratch_file": raw["skratch_file"],
        "sklearn_version": raw["sklearn_version"],
        "numpy_version": raw["numpy_version"],
        "python": raw["python"],
        "seconds": raw["seconds"],
        "timeout": raw["timeout"],
        "total": counts(total),
        "per_file": {name: counts(c) for name, c in per_file.items()},
        "excluded": {
            rule: {"group": groups.get(rule, {}).get("group", rule),
                   "reason": groups.get(rule, {}).get("reason", ""),
                   "cases": len(items),
                   "tests": len({(c["file"], c["test"]) for c in items}),
                   "per_file": dict(collections.Counter(c["file"] for c in items))}
            for rule, items in excluded.items()
        },
        "mixed": {"cases": len(mixed),
                  "passed": sum(c["outcome"] == "passed" for c in mixed)},
        "causes": cause_table,
        "missing_features": feature_table,
        "cases": cases,
        "excluded_cases": raw["excluded"],
    }


def print_report(result, args):
    out = []
    add = out.append
    total = result["total"]
    add(f"scikit-learn {result['sklearn_version']}'s own tests on skratch from "
        f"{Path(result['skratch_file']).parent}")
    add(f"(numpy {result['numpy_version']}, Python {result['python']}, "
        f"{result['seconds']:.0f} s, {result['timeout']:.0f} s limit per test)")
    add("")
    add(f"PASSED {total['passed']} / {total['counted']} = {total['pass_percent']}%   "
        f"(failed {total['failed']}, errors {total['error']}, timeouts {total['timeout']}"
        + (f"; {total['skipped']} skipped at run time, not counted)" if total["skipped"] else ")"))
    add("")
    width = max(len(name) for name in result["per_file"]) if result["per_file"] else 10
    add(f"{'file':{width}}  counted  passed  failed  error  t/o  skip   pass%")
    for name, c in result["per_file"].items():
        if not c["selected"]:
            continue
        pct = f"{c['pass_percent']:.1f}" if c["pass_percent"] is not None else "-"
        add(f"{name:{width}}  {c['counted']:7d}  {c['passed']:6d}  {c['failed']:6d}  "
            f"{c['error']:5d}  {c['timeout']:3d}  {c['skipped']:4d}  {pct:>6}")
    none = [n for n, c in result["per_file"].items() if not c["selected"]]
    if none:
        add(f"(no selected case in: {', '.join(n.rsplit('/', 1)[-1] for n in none)})")
    add("")
    if not result["control_run"]:
        add("(--no-control: cases scikit-learn itself would not pass are still counted; "
            "the figure is provisional)")
        add("")
    mixed = result["mixed"]
    add(f"Of the counted cases, {mixed['cases']} also use a family estimator Skratch lacks "
        f"(run as scikit-learn's own); {mixed['passed']} of them pass.")
    add("")
    add("Excluded (not counted), by group; reasons in selection.py:")
    for rule, group in result["excluded"].items():
        add(f"  {group['cases']:6d} cases / {group['tests']:4d} tests  {group['group']}")
    add("")
    add(f"Most common failure causes (cases, tests, first examples); all in {args.json}:")
    for row in result["causes"][: args.top]:
        add(f"  {row['cases']:5d} {row['tests']:4d}  {row['cause']}")
        for example in row["examples"][:2]:
            add(f"              e.g. {example}")
    add("")
    add("The same missing parameter, argument or attribute, over all estimators "
        "(cases, tests):")
    for row in result["missing_features"][: args.top]:
        add(f"  {row['cases']:5d} {row['tests']:4d}  {row['kind']} {row['name']}  "
            f"({', '.join(row['estimators'])})")
    if args.list_failures:
        add("")
        add("Every failing case:")
        for case in result["cases"]:
            if case["cause"]:
                add(f"  {case['nodeid']}\n      {case['cause']}")
    if args.list_excluded:
        add("")
        for rule, group in result["excluded"].items():
            add(f"== {group['group']}: {group['reason']}")
            seen = collections.OrderedDict()
            for case in result["excluded_cases"]:
                if case["rule"] == rule:
                    key = f"{case['file']}::{case['test']}"
                    seen.setdefault(key, [0, case["detail"]])[0] += 1
            for key, (n, detail) in seen.items():
                add(f"   {n:4d}  {key}  [{detail[:100]}]")
    print("\n".join(out))


def main(argv=None):
    args = parse_args(argv)
    args.json = args.json.resolve()
    raw_json = args.json.with_suffix(".raw.json")
    log_path = args.json.with_suffix(".log")
    started = time.time()
    print(f"running scikit-learn's tests on {args.skratch.resolve()}/skratch "
          f"(pytest log: {log_path}) ...", flush=True)
    if raw_json.exists():
        raw_json.unlink()
    returncode, skratch_root = run_pytest(args, raw_json, log_path)
    if returncode not in (0, 1) or not raw_json.exists():  # 1: some tests failed
        sys.exit(f"error: pytest stopped with exit status {returncode} (a collection "
                 f"error?); see {log_path}")
    raw = json.loads(raw_json.read_text())
    raw_json.unlink()
    skratch_file = Path(raw["skratch_file"]).resolve()
    if skratch_root not in skratch_file.parents:
        sys.exit(f"error: measured {skratch_file}, not the skratch in {skratch_root}")
    control = None if args.no_control else run_control(args, raw, raw_json, log_path)
    import sklearn
    sklearn_dir = Path(sklearn.__file__).parent
    ran = {p.relative_to(sklearn_dir).as_posix() for p in measured_paths(sklearn_dir, args.files)}
    result = summarise(raw, skratch_root, ran, control)
    result["wall_seconds"] = round(time.time() - started, 1)
    args.json.write_text(json.dumps(result, indent=1))
    print_report(result, args)
    return 0


def run_control(args, raw, raw_json, log_path):
    """Run the selected cases with scikit-learn's own classes: nodeid -> verdict."""
    selected = [c["nodeid"] for c in raw["cases"]]
    ids = args.json.with_suffix(".control_ids")
    ids.write_text("\n".join(selected))
    control_log = log_path.with_suffix(".control.log")
    print(f"control run: the {len(selected)} selected cases with scikit-learn's own "
          f"estimators (log: {control_log}) ...", flush=True)
    returncode, _ = run_pytest(args, raw_json, control_log,
                               extra=["--skratch-control", str(ids)])
    ids.unlink()
    if returncode not in (0, 1) or not raw_json.exists():
        sys.exit(f"error: the control run stopped with exit status {returncode}; "
                 f"see {control_log}")
    control = json.loads(raw_json.read_text())
    raw_json.unlink()
    return {c["nodeid"]: {"outcome": c["outcome"], "message": c["message"]}
            for c in control["cases"]}


if __name__ == "__main__":
    sys.exit(main())
