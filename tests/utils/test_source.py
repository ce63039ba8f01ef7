"""show_source: the lines a lesson shows are the lines that run."""

import inspect

import numpy as np
import pytest

from skratch.utils import show_source
from skratch.utils.source import SourceCode
from skratch.utils.validation import check_array


def test_source_is_the_functions_own_lines():
    source = show_source(check_array)
    lines, first = inspect.getsourcelines(check_array)
    assert source.code == "".join(lines).rstrip("\n")
    assert source.location == (
        f"skratch/utils/validation.py, lines {first}-{first + len(lines) - 1}")
    # repr gives the location as a comment line above the code; str is the code
    assert repr(source).splitlines()[0] == f"# {source.location}"
    assert str(source) == source.code


def test_methods_are_dedented():
    source = show_source(SourceCode.__repr__)
    assert source.code.startswith("def __repr__(self):")


def test_html_is_highlighted_and_escaped():
    pytest.importorskip("pygments", reason="highlighting needs pygments (a docs extra)")
    html = show_source(check_array)._repr_html_()
    assert 'class="skratch-source"' in html and "overflow-x:auto" in html
    assert "<span" in html  # highlighted tokens
    assert "skratch/utils/validation.py, lines" in html
    # the source's own "<" and ">" cannot open tags
    code_with_tags = SourceCode("x = '<script>alert(1)</script>'", "here, lines 1-1")
    assert "<script>" not in code_with_tags._repr_html_()


def test_html_without_pygments(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pygments(name, *args, **kwargs):
        if name.startswith("pygments"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pygments)
    html = SourceCode("if a < b:\n    pass", "f.py, lines 1-2")._repr_html_()
    assert "<pre>if a &lt; b:\n    pass</pre>" in html


@pytest.mark.parametrize("value", [np.sum, 3, "check_array", len])
def test_things_without_python_source_are_refused(value):
    with pytest.raises(TypeError, match="show_source takes a function or a class"):
        show_source(value)


def test_function_defined_without_a_file_is_refused():
    namespace = {}
    exec("def made_here():\n    return 1\n", namespace)
    with pytest.raises(TypeError, match="The source of made_here cannot be read"):
        show_source(namespace["made_here"])


def _documented(a,
                b=1):
    """Add.

    Two lines of documentation.
    """
    # a comment stays
    return a + b


def test_docstring_can_be_left_out():
    source = show_source(_documented, docstring=False)
    assert source.code == "def _documented(a,\n                b=1):\n    # a comment stays\n    return a + b"
    assert source.location == show_source(_documented).location
    assert '"""Add.' in show_source(_documented).code


def test_a_function_that_is_only_a_docstring_keeps_it():
    assert show_source(_only_a_docstring, docstring=False).code == (
        'def _only_a_docstring():\n    """Nothing else."""')


def _only_a_docstring():
    """Nothing else."""
