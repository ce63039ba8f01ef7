"""The one atomic writer: complete or nothing, one policy for every file."""

import errno
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from skratch.utils.fileio import atomic_write


def write_text(path, text):
    with atomic_write(path) as temporary:
        with open(temporary, "w") as f:
            f.write(text)


def test_a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path):
    old_umask = os.umask(0o022)
    try:
        write_text(tmp_path / "new.txt", "a")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o600)
        write_text(kept, "new")
        assert kept.read_text() == "new"
        assert kept.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old_umask)


def test_saving_to_a_symlink_writes_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_a_failure_inside_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(OSError) as caught:
        with atomic_write(target) as temporary:
            with open(temporary, "w") as f:
                f.write("half")
            raise OSError(errno.ENOSPC, "No space left on device", temporary)
    # The error names the target, not the temporary file.
    assert caught.value.filename == str(target)
    assert caught.value.strerror == "No space left on device"
    assert ".skratch-" not in str(caught.value)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_destination_errors_name_the_target_before_any_work(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match="does not exist") as caught:
        write_text(tmp_path / "missing" / "a.txt", "x")
    assert caught.value.filename == str(tmp_path / "missing" / "a.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(IsADirectoryError, match="it is a directory"):
        write_text(tmp_path / "dir.txt", "x")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # root may write anywhere: simulate
    with pytest.raises(PermissionError, match="no permission to write in directory") as caught:
        write_text(tmp_path / "a.txt", "x")
    assert caught.value.filename == str(tmp_path / "a.txt")


SIGNAL_SCRIPT = textwrap.dedent("""
    import sys, time
    from skratch.utils.fileio import atomic_write

    with atomic_write(sys.argv[1]) as temporary:
        with open(temporary, "w") as f:
            f.write("half")
        print("writing", flush=True)
        time.sleep(30)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, getattr(signal, "SIGHUP", 1),
                                    signal.SIGINT], ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_during_a_save_leaves_the_old_file_and_no_temporary(tmp_path, signum):
    target = tmp_path / "out.txt"
    target.write_text("old")
    process = subprocess.Popen([sys.executable, "-c", SIGNAL_SCRIPT, str(target)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "writing\n"
    assert len(list(tmp_path.iterdir())) == 2        # the temporary file exists now
    process.send_signal(signum)
    status = process.wait(timeout=20)
    # The process ends as the signal would have ended it (Ctrl-C through
    # KeyboardInterrupt, which Python turns back into SIGINT at exit).
    assert status == -signum, process.stderr.read()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_program_s_own_signal_handler_still_runs_after_the_clean_up(tmp_path):
    script = textwrap.dedent("""
        import os, signal, sys
        from skratch.utils.fileio import atomic_write

        seen = []
        signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
        try:
            with atomic_write(sys.argv[1]) as temporary:
                open(temporary, "w").write("half")
                os.kill(os.getpid(), signal.SIGTERM)
        except SystemExit as exit:
            print("exit", exit.code, seen, os.listdir(os.path.dirname(sys.argv[1])))
        print("handler kept:", signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL)
    """)
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "a.txt")],
                         capture_output=True, text=True, timeout=20, check=True).stdout
    assert out.splitlines() == [f"exit {128 + signal.SIGTERM} [{int(signal.SIGTERM)}] []",
                                "handler kept: True"]
