"""One run of one scenario against one server, returning its figures.

Load scenarios: 10 smtp-source processes (one per local user, sessions split evenly among them; by
default smtp-source opens a new connection per message, like most real MX traffic) plus one probe
session timing dot-to-250. Accepted msgs/s ends when the last smtp-source exits; end-to-end msgs/s
ends when the queue is empty and every message is verified in its mbox (or counted by the sink).
"""

import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time

from . import procfs
from .servers import DEAD_DOMAIN, DOMAIN, HOST, RELAY_DOMAIN
from .smtpclient import open_idle_sessions, probe

SENDER = f"bench@{DOMAIN}"
SOURCES = 10


def _percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def count_from_lines(spool):
    """Messages in the mboxes: lines that start with "From " (the body's are quoted as ">From ")."""
    total = 0
    for entry in os.scandir(spool):
        if entry.is_file():
            with open(entry.path, "rb") as f:
                data = f.read()
            total += data.count(b"\nFrom ") + (1 if data.startswith(b"From ") else 0)
    return total


class Sampler:
    def __init__(self, server, work, seconds):
        self.out = work / f"sampler-{server.name}.json"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "harness.sampler", str(server.root_pid()), "0.2", str(self.out), str(seconds)],
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    def finish(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        with open(self.out) as f:
            return json.load(f)


async def _sources(server, users, messages, sessions, size, domain):
    per_source = messages // SOURCES
    per_sessions = max(1, sessions // SOURCES)
    procs = []
    for i in range(SOURCES):
        rcpt = f"{users[i]}@{domain}"
        procs.append(await asyncio.create_subprocess_exec(
            "smtp-source", "-s", str(per_sessions), "-m", str(per_source), "-l", str(size),
            "-f", SENDER, "-t", rcpt, "-M", "source.bench.example", f"{HOST}:{server.port}",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE))
    errors = []
    for p in procs:
        _, err = await p.communicate()
        if p.returncode != 0:
            errors.append(err.decode(errors="replace").strip())
    return per_source * SOURCES, errors


async def _wait_drained(server, deadline_s, stall_s):
    """Waits for an empty queue; gives up at the deadline or when nothing left the queue for stall_s."""
    end = time.monotonic() + deadline_s
    last, last_change = None, time.monotonic()
    while time.monotonic() < end:
        left = server.queued()
        if left == 0:
            return True
        if left != last:
            last, last_change = left, time.monotonic()
        elif time.monotonic() - last_change > stall_s:
            return False
        await asyncio.sleep(0.01)
    return False


async def run_load(server, spec, users, work, sink=None):
    """local-* and relay-* scenarios. The server must be configured; it is started and stopped here."""
    relay = spec["kind"] == "relay"
    domain = RELAY_DOMAIN if relay else DOMAIN
    server.clear_spool()
    subprocess.run(["sync"], check=True)
    server.start()
    await asyncio.sleep(0.5)  # let Postfix's qmgr/pickup and Estafeta's JIT settle alike
    sink_before = sink.messages() if sink else 0
    tree = server.tree()
    cpu0 = procfs.cpu_seconds(tree)
    by_command0 = procfs.cpu_by_command(tree)
    sampler = Sampler(server, work, 900)
    stop = asyncio.Event()
    started = time.perf_counter()
    probe_task = asyncio.create_task(probe(HOST, server.port, SENDER, f"{users[0]}@{domain}", spec["size"], stop))
    sent, errors = await _sources(server, users, spec["messages"], spec["sessions"], spec["size"], domain)
    accepted_at = time.perf_counter()
    stop.set()
    latencies = await probe_task
    expected = sent + len(latencies)
    drained = await _wait_drained(server, 120 + expected / 20, spec.get("stall_s", 15))
    done_at = time.perf_counter()
    tree = server.tree()
    cpu1 = procfs.cpu_seconds(tree)
    by_command = {name: round(seconds - by_command0.get(name, 0.0), 3)
                  for name, seconds in procfs.cpu_by_command(tree).items()}
    memory = sampler.finish()
    if server.name == "estafeta":
        memory["peak_rss"] = max(memory["peak_rss"], procfs.peak_rss_bytes(server.root_pid()))
    server.stop()
    delivered = (sink.messages() - sink_before) if sink else count_from_lines(server.spool)
    if not drained or delivered < expected:
        errors.append(f"end to end: {delivered} of {expected} messages delivered, queue "
                      f"{'empty' if drained else 'not empty'}")
    # The probe's messages count as accepted: at most its last one ends a moment after the last smtp-source.
    figures = {
        "accepted_msgs_per_s": expected / (accepted_at - started),
        "e2e_msgs_per_s": expected / (done_at - started) if drained and delivered >= expected else None,
        "latency_p50_ms": _ms(_percentile(latencies, 0.50)),
        "latency_p95_ms": _ms(_percentile(latencies, 0.95)),
        "latency_p99_ms": _ms(_percentile(latencies, 0.99)),
        "cpu_ms_per_msg": 1000 * (cpu1 - cpu0) / expected,
        "peak_rss_mb": memory["peak_rss"] / 2**20,
        "peak_pss_mb": memory["peak_pss"] / 2**20,
    }
    details = {"messages": expected, "probe_messages": len(latencies), "delivered": delivered,
               "peak_processes": memory["peak_processes"], "cpu_s_by_process": by_command,
               "cpu_s_total": round(cpu1 - cpu0, 3), "errors": errors}
    return figures, details


def _ms(seconds):
    return None if seconds is None else 1000 * seconds


async def run_idle(server, spec, work):
    """idle-nN: memory of N open, greeted sessions (after EHLO), per session."""
    server.start()
    await asyncio.sleep(1.0)
    before = server.tree()
    rss0, pss0 = procfs.rss_bytes(before), procfs.pss_bytes(before)
    writers = await open_idle_sessions(HOST, server.port, spec["sessions"])
    await asyncio.sleep(1.0)
    after = server.tree()
    rss1, pss1 = procfs.rss_bytes(after), procfs.pss_bytes(after)
    for w in writers:
        w.close()
    server.stop()
    n = spec["sessions"]
    figures = {
        "rss_per_session_kb": (rss1 - rss0) / n / 1024,
        "pss_per_session_kb": (pss1 - pss0) / n / 1024,
        "rss_with_sessions_mb": rss1 / 2**20,
    }
    return figures, {"sessions": n, "processes": len(after), "errors": []}


async def build_queue(server, spec, users):
    """Fills the queue with messages whose next hop refuses connections (they stay deferred)."""
    server.start()
    sent, errors = await _sources(server, users, spec["messages"], SOURCES, 5120, DEAD_DOMAIN)
    await asyncio.sleep(2.0)  # let the queue manager take the last ones in and defer them
    server.stop()
    return sent, errors


def run_restart(server, spec):
    """Seconds from the start command to the first 220 with the queue that build_queue left."""
    queued = server.queued()
    try:
        seconds = server.start(deadline_s=120)
    finally:
        server.stop()
    return {"start_to_220_s": seconds}, {"queued": queued, "errors": []}


def summary(values):
    present = [v for v in values if v is not None]
    if not present:
        return None
    return {"median": statistics.median(present), "min": min(present), "max": max(present), "n": len(present)}
