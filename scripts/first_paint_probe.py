#!/usr/bin/python3
"""Times programs from launch to the first frame with something drawn in their window.

    first_paint_probe.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]

The programs are launched in turn, round after round, so load on the machine
falls on all of them alike. A frame counts as drawn once the window's pixels
are no longer all one colour (Xvfb must run with -br, a black root, so an
unpainted window is uniform). Prints each time, then min and median per name,
and exits non-zero if a program shows nothing within 30 seconds.
"""

import os
import shlex
import statistics
import subprocess
import sys
import time

from Xlib import X, display as xdisplay
from Xlib.error import XError

TIMEOUT_S = 30


def mapped_window_of(conn, pid_atom, pid):
    """The viewable top-level window whose _NET_WM_PID is pid, if there is one yet."""
    for window in conn.screen().root.query_tree().children:
        try:
            owner = window.get_full_property(pid_atom, X.AnyPropertyType)
            if owner is None or owner.value[0] != pid:
                continue
            if window.get_attributes().map_state == X.IsViewable:
                return window
        except XError:
            continue  # the window went away between listing and asking
    return None


def drawn(window):
    """Whether the window shows more than one colour."""
    try:
        geometry = window.get_geometry()
        image = window.get_image(0, 0, geometry.width, geometry.height, X.ZPixmap, 0xFFFFFFFF)
    except XError:
        return False
    data = image.data
    pixel = data[:4]
    return len(data) >= 4 and data != pixel * (len(data) // 4)


def time_to_first_paint(conn, pid_atom, command):
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        window = None
        while time.monotonic() - started < TIMEOUT_S:
            if process.poll() is not None:
                raise SystemExit(f"{shlex.join(command)} exited with {process.returncode}")
            # Taken before asking: the frame was on screen by the time it was asked for.
            asked = time.monotonic()
            if window is None:
                window = mapped_window_of(conn, pid_atom, process.pid)
            if window is not None and drawn(window):
                return (asked - started) * 1000
            # Polling takes a little CPU from the program being timed; a short
            # pause keeps that small on a 2-core machine.
            time.sleep(0.0005)
        raise SystemExit(f"{shlex.join(command)} drew nothing in {TIMEOUT_S} s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    rounds = int(sys.argv[1])
    programs = [argument.split("=", 1) for argument in sys.argv[2:]]
    conn = xdisplay.Display(os.environ["DISPLAY"])
    pid_atom = conn.intern_atom("_NET_WM_PID")
    times = {name: [] for name, _ in programs}
    for round_number in range(1, rounds + 1):
        for name, command in programs:
            ms = time_to_first_paint(conn, pid_atom, shlex.split(command))
            times[name].append(ms)
            print(f"round {round_number}: {name} {ms:.0f} ms", flush=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name}: min {min(values):.0f} ms, median {medians[name]:.0f} ms over {len(values)} launches")
    if len(programs) == 2:
        (first, _), (second, _) = programs
        print(f"{first} / {second} (medians): {medians[first] / medians[second]:.2f}")


if __name__ == "__main__":
    main()
