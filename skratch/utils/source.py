"""Show a function's own source, so a lesson prints the code it teaches.

A gallery lesson that explains a rule (the perceptron's update, Lloyd's
assign step) shows the lines of skratch that carry it out, read from the
installed package when the lesson runs, so the page can never drift from
the code.
"""

import ast
import html
import inspect
import textwrap
from pathlib import Path

__all__ = ["SourceCode", "show_source"]

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class SourceCode:
    """The source of one function or class, with where it lives.

    Shown as highlighted HTML in a notebook or a gallery page, and as plain
    text by ``print`` or ``repr``. Make one with :func:`show_source`.

    Attributes
    ----------
    code : str
        The source, dedented.
    location : str
        ``"skratch/cluster/_kmeans.py, lines 40-58"``.
    """

    def __init__(self, code, location):
        self.code = code
        self.location = location

    def __str__(self):
        return self.code

    def __repr__(self):
        return f"# {self.location}\n{self.code}"

    def _repr_html_(self):
        try:
            from pygments import highlight
            from pygments.formatters import HtmlFormatter
            from pygments.lexers import PythonLexer
        except ImportError:  # pygments ships with Sphinx and Jupyter, not with skratch
            body = f"<pre>{html.escape(self.code)}</pre>"
        else:
            body = highlight(self.code, PythonLexer(), HtmlFormatter(noclasses=True))
        caption = f'<div style="opacity:0.8">{html.escape(self.location)}</div>'
        # A narrow screen scrolls the code sideways instead of wrapping it;
        # the rule at the left tells the library's code from a cell's output.
        style = "overflow-x:auto;font-size:85%;border-left:3px solid #9ab;padding-left:0.6em"
        return f'<div class="skratch-source" style="{style}">{caption}{body}</div>'


def show_source(obj, *, docstring=True):
    """The source of a function or class from skratch, ready to display.

    Parameters
    ----------
    obj : function or class
        Any Python function, method or class whose source file is readable.
    docstring : bool, default=True
        Keep the docstring. A lesson that typesets the maths beside the code
        leaves it out, and the code reads on its own.

    Returns
    -------
    SourceCode
        Displays as highlighted code in a notebook or gallery page (put it
        last in a cell); ``print`` it in a script.

    Raises
    ------
    TypeError
        If ``obj`` has no source (a builtin, or a value rather than a
        function or class).

    Examples
    --------
    >>> from skratch.utils import show_source
    >>> from skratch.utils.source import show_source as same
    >>> source = show_source(same)
    >>> source.code.splitlines()[0]
    'def show_source(obj, *, docstring=True):'
    >>> source.location.startswith("skratch/utils/source.py, lines ")
    True
    """
    if not (inspect.isfunction(obj) or inspect.ismethod(obj) or inspect.isclass(obj)):
        raise TypeError(
            f"show_source takes a function or a class; got {type(obj).__name__} {obj!r:.60}.")
    try:
        lines, first = inspect.getsourcelines(obj)
        path = Path(inspect.getsourcefile(obj)).resolve()
    except (OSError, TypeError) as error:
        raise TypeError(f"The source of {obj.__qualname__} cannot be read: {error}") from None
    try:
        shown_path = path.relative_to(_PACKAGE_ROOT).as_posix()
    except ValueError:
        shown_path = path.name
    last = first + len(lines) - 1
    location = f"{shown_path}, lines {first}-{last}"
    code = textwrap.dedent("".join(lines))
    if not docstring:
        code = _without_docstring(code)
    return SourceCode(code.rstrip("\n"), location)


def _without_docstring(code):
    """``code`` (one function or class) with its docstring's lines taken out."""
    definition = ast.parse(code).body[0]
    first = definition.body[0]
    is_docstring = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str))
    if not is_docstring or len(definition.body) == 1:
        return code  # nothing to take out, or nothing would be left
    lines = code.splitlines(keepends=True)
    return "".join(lines[:first.lineno - 1] + lines[first.end_lineno:])
