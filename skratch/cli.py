"""The ``skratch`` command.

For now it lists the estimators; ``skratch animate`` arrives with the
animations.
"""

import argparse
import sys

from . import __version__, all_estimators


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="skratch",
        description="Skratch: machine learning from scratch, made visible.",
    )
    parser.add_argument("--version", action="version", version=f"skratch {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("list", help="list the estimators skratch provides",
                        description="List the estimators skratch provides.")
    return parser


def main(argv=None):
    """Run the command line; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command == "list":
        for name, cls in all_estimators():
            family = cls.__module__.split(".")[1]
            print(f"{name:28s} skratch.{family}")
        return 0
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
