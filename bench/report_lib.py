"""Shared by the benchmark reports (bench/cin/report.py, bench/ssda903/report.py and the report
in bench/rcc/run.sh): the machine table, GNU time's timings and the section written between two
markers of docs/benchmarks.md."""

import os
import platform
import subprocess


def sh(cmd):
    """The output of a shell command, or "?" when it cannot be run."""
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return "?"


def machine(python):
    """The rows of the "Machine" table; `python` is what the Python row says."""
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem_kb = sh("grep MemTotal /proc/meminfo | awk '{print $2}'")
    mem = f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "?"
    return [
        ("CPU cores (nproc)", sh("nproc")),
        ("CPU", cpu or "?"),
        ("Memory", mem),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Rust", sh("rustc -V")),
        ("Python", python),
    ]


def machine_table(python, python_label="Python"):
    """The "Machine" heading and table, as lines; the Python row is headed `python_label`."""
    lines = ["### Machine", "", "| | |", "|---|---|"]
    for k, v in machine(python):
        lines.append(f"| {python_label if k == 'Python' else k} | {v} |")
    return lines


def secs(s):
    """Seconds for a table cell."""
    if s is None:
        return "—"
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s ({s / 60:.1f} min)"


def mb(kb):
    """Kilobytes as megabytes for a table cell."""
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def timings(res):
    """timings.tsv (label, wall s, max RSS kB, exit, CPU s: what bench/lib.sh's `timed` writes),
    by label: {"wall", "rss", "code", "cpu"}."""
    t = {}
    for line in open(os.path.join(res, "timings.tsv")):
        label, wall, rss, code, cpu = (line.rstrip("\n").split("\t") + [""])[:5]
        t[label] = {"wall": float(wall) if wall else None, "rss": int(rss) if rss else None, "code": int(code),
                    "cpu": float(cpu) if cpu else None}
    return t


def write_section(out, start, end, section):
    """Puts `section` between the `start` and `end` markers of the file `out` (appended, with its
    markers, when they are absent); the rest of the file is kept."""
    text = open(out).read() if os.path.exists(out) else "# Benchmarks\n"
    if start in text and end in text:
        before = text[:text.index(start)]
        after = text[text.index(end) + len(end):].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(out, "w") as f:
        f.write(text)
