r"""One way to write a file: completely, or not at all.

Every file skratch writes (a trace, a GIF, a player page, a video, a still)
goes through :func:`atomic_write`. The content is written to a hidden
temporary file beside the target, which replaces the target only once it is
complete, so a save that fails — a full disk, an encoder that gives up, an
error, Ctrl-C, ``kill`` — leaves the old file as it was and no temporary file
behind, and never reports success.

The policy, the same for every kind of file:

- **Permissions.** A new file gets the usual mode for the user (0666 less
  the umask, as ``open`` gives); a file that is replaced keeps its mode.
- **Symbolic links.** Saving to a symlink writes the file it points to (as a
  shell's ``>`` does), and the link stays a link.
- **Errors** are ``OSError``\ s whose message names the target the caller
  gave, never the temporary file, with the system's reason
  (``error.strerror``: "No space left on device").
- **Signals.** SIGTERM and SIGHUP during a save remove the temporary file,
  then end the process as the signal would have (or run the handler the
  program had set); Ctrl-C raises ``KeyboardInterrupt`` as usual, after the
  same clean-up.
"""

import contextlib
import errno
import os
import secrets
import signal
import stat
import threading

__all__ = ["atomic_write"]

_CLEANUP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                         if hasattr(signal, name))


class _Terminated(BaseException):
    """Raised by the signal handler to unwind a save before the process ends."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame):
    raise _Terminated(signum)


@contextlib.contextmanager
def _signals_unwind():
    """Let SIGTERM and SIGHUP unwind the stack (so clean-up runs), then deliver them.

    Signals the program ignores stay ignored. Only the main thread can set
    signal handlers, so elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in _CLEANUP_SIGNALS:
        handler = signal.getsignal(signum)
        if handler is not signal.SIG_IGN:
            previous[signum] = handler
            signal.signal(signum, _raise_terminated)
    try:
        yield
    except _Terminated as terminated:
        _restore(previous)
        previous = {}
        # The clean-up has run on the way here; now end as the signal asks.
        signal.raise_signal(terminated.signum)
        raise SystemExit(128 + terminated.signum) from None
    finally:
        _restore(previous)


def _restore(handlers):
    for signum, handler in handlers.items():
        signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def _target_error(error, path, reason=None):
    """``error`` as an OSError that names ``path`` (not a temporary file)."""
    return type(error)(error.errno, reason or error.strerror or str(error), path)


def _real_target(path):
    """The file a save to ``path`` replaces: ``path`` itself, or what it links to."""
    if os.path.islink(path):
        return os.path.realpath(path)
    return path


def _check_destination(path, target):
    """The target's directory; errors about the destination before any work starts."""
    directory = os.path.dirname(os.path.abspath(target))
    if os.path.isdir(target):
        raise IsADirectoryError(errno.EISDIR, "it is a directory", path)
    if not os.path.isdir(directory):
        if os.path.exists(directory):
            raise NotADirectoryError(errno.ENOTDIR, f"{directory!r} is not a directory "
                                     "(the directory does not exist)", path)
        raise FileNotFoundError(errno.ENOENT, f"the directory {directory!r} does not exist",
                                path)
    return directory


@contextlib.contextmanager
def atomic_write(path):
    """Yield a temporary path to write; it replaces ``path`` if the block succeeds.

    Parameters
    ----------
    path : str or path-like
        The file to write.

    Yields
    ------
    str
        A hidden file beside the target, with the target's extension (which
        encoders such as ffmpeg go by). Write it completely inside the block.

    Raises
    ------
    OSError
        The destination cannot be written (a missing directory, a directory
        in the way, no permission, a full disk); the message names ``path``.

    Examples
    --------
    >>> import os, tempfile
    >>> from skratch.utils.fileio import atomic_write
    >>> folder = tempfile.mkdtemp()
    >>> target = os.path.join(folder, "notes.txt")
    >>> with atomic_write(target) as temporary:
    ...     with open(temporary, "w") as f:
    ...         _ = f.write("complete")
    >>> open(target).read(), os.listdir(folder)
    ('complete', ['notes.txt'])
    """
    path = os.fspath(path)
    target = _real_target(path)
    directory = _check_destination(path, target)
    extension = os.path.splitext(target)[1]
    temporary = os.path.join(directory, f".skratch-{secrets.token_hex(6)}.part{extension}")
    try:
        existing_mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        existing_mode = None
    with _signals_unwind():
        try:
            # os.open with 0o666 honours the umask: a new file gets the usual mode.
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except PermissionError as error:
            raise _target_error(error, path, f"no permission to write in directory "
                                             f"{directory!r}") from None
        except OSError as error:
            raise _target_error(error, path) from None
        try:
            try:
                yield temporary
            except OSError as error:
                if error.filename == temporary or error.errno in (errno.ENOSPC, errno.EFBIG,
                                                                   errno.EDQUOT, errno.EIO):
                    raise _target_error(error, path) from None
                raise
            try:
                if existing_mode is not None:
                    os.chmod(temporary, existing_mode)
                os.replace(temporary, target)
            except OSError as error:
                raise _target_error(error, path) from None
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
