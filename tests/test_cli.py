import subprocess
import sys

from skratch.cli import main


def test_list_names_every_estimator(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("KMeans", "LinearRegression", "DecisionTreeClassifier"):
        assert name in out


def test_no_command_prints_usage_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: skratch" in capsys.readouterr().err


def test_module_runs_as_the_command():
    out = subprocess.run([sys.executable, "-m", "skratch.cli", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("skratch ")
