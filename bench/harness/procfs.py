"""What the kernel says a server costs: CPU seconds and memory of a process tree, read from /proc.

A server is a root process (Estafeta's one process; Postfix's master) and its descendants. CPU is
utime+stime+cutime+cstime, so children that already exited and were reaped by their parent (Postfix
recycles smtpd, cleanup and local processes) are still counted through the parent's cumulative times.
"""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (field 3 onwards), or None if the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name is in parentheses and may contain spaces: split after the last ')'.
    return raw[raw.rindex(b")") + 2:].split()


def descendants(root):
    """root and every process below it (one pass over /proc, building the ppid map)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat_fields(entry)
        if fields is None:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo and len(found) < 100000:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def cpu_seconds(pids):
    """Sum of utime+stime+cutime+cstime (fields 14-17) over the processes, in seconds."""
    ticks = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            # fields[0] is field 3 (state): utime is field 14 -> index 11.
            ticks += sum(int(x) for x in fields[11:15])
    return ticks / CLOCK_TICKS


def _status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def rss_bytes(pids):
    """Sum of resident set sizes (VmRSS) of the processes, in bytes."""
    return sum(_status_kb(pid, "VmRSS:") for pid in pids) * 1024


def peak_rss_bytes(pid):
    """VmHWM of one process: the kernel's own high-water mark of its resident set."""
    return _status_kb(pid, "VmHWM:") * 1024


def pss_bytes(pids):
    """Sum of proportional set sizes (shared pages divided among their sharers), from smaps_rollup."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return total * 1024


class MemorySampler:
    """Keeps the highest RSS sum and PSS sum seen over a process tree; sample() is called periodically."""

    def __init__(self, root):
        self.root = root
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_processes = 0

    def sample(self):
        pids = descendants(self.root)
        self.peak_rss = max(self.peak_rss, rss_bytes(pids))
        self.peak_pss = max(self.peak_pss, pss_bytes(pids))
        self.peak_processes = max(self.peak_processes, len(pids))
        return pids


def cpu_by_command(pids):
    """CPU seconds per command name (smtpd, cleanup, local, ...); a reaped child's time is in its parent's."""
    totals = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = _stat_fields(pid)
        if fields is not None:
            totals[name] = totals.get(name, 0.0) + sum(int(x) for x in fields[11:15]) / CLOCK_TICKS
    return totals
