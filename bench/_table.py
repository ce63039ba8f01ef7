"""The results table the benchmarks print: one Markdown row per case."""

import sys


def print_table(title, header, rows, missed, check):
    """Print ``title`` and a Markdown table; return the exit status.

    With ``check``, the status is 1 when a case in ``missed`` missed its
    target (named on stderr), else 0.
    """
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print(title)
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")
    if check and missed:
        print(f"missed targets: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0
