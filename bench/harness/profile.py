"""Profiles Estafeta under the local-5k-s10 load: dotnet-counters (GC, allocation, JIT, thread pool),
dotnet-trace (where the sessions' time goes, by frame) and, when installed, `perf` (user vs kernel, by DSO).

usage (from bench/, as root): python3 -m harness.profile --estafeta PATH --tools DIR [--messages N]
"""

import argparse
import asyncio
import collections
import csv
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time

from .main import create_users, delete_users, log
from .scenarios import SENDER, _sources
from .servers import DOMAIN, EstafetaServer
from .smtpclient import free_port


def counters_summary(path, messages):
    series = collections.defaultdict(list)
    with open(path) as f:
        for row in list(csv.reader(f))[1:]:
            series[row[2]].append(float(row[4]))
    wanted = {
        "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen0]": "gen0 GCs",
        "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen1]": "gen1 GCs",
        "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen2]": "gen2 GCs",
        "dotnet.gc.heap.total_allocated (By / 1 sec)": "bytes allocated",
        "dotnet.gc.pause.time (s / 1 sec)": "GC pause (s)",
        "dotnet.jit.compilation.time (s / 1 sec)": "JIT time (s)",
        "dotnet.monitor.lock_contentions ({contention} / 1 sec)": "lock contentions",
        "dotnet.process.cpu.time (s / 1 sec)[cpu.mode=user]": "CPU user (s)",
        "dotnet.process.cpu.time (s / 1 sec)[cpu.mode=system]": "CPU system (s)",
    }
    lines = []
    for key, label in wanted.items():
        total = sum(series.get(key, []))
        lines.append(f"{label}: {total:.4g} in total, {total / messages:.4g} per message")
    return lines


def trace_summary(speedscope, top=40):
    """Inclusive share of each frame in the time of threads running Estafeta code (sampled thread time)."""
    data = json.loads(pathlib.Path(speedscope).read_text())
    names = [f["name"] for f in data["shared"]["frames"]]
    inclusive, total = collections.Counter(), 0.0
    for profile in data["profiles"]:
        opened, previous = [], None
        for event in profile["events"]:
            now = event["at"]
            if opened and previous is not None and any("Estafeta" in names[f] for f in opened):
                total += now - previous
                for frame in set(opened):
                    inclusive[frame] += now - previous
            previous = now
            if event["type"] == "O":
                opened.append(event["frame"])
            elif opened:
                opened.pop()
    rows = []
    for frame, value in inclusive.most_common(400):
        name = names[frame]
        if ("Estafeta" in name and "MoveNext" not in name) or "FlushToDisk" in name or "UNMANAGED" in name:
            rows.append(f"{100 * value / max(total, 1e-9):5.1f}%  {name[:140]}")
        if len(rows) >= top:
            break
    return rows


def perf_summary(perf_data):
    result = subprocess.run(["perf", "report", "-i", str(perf_data), "--no-children", "-g", "none", "--sort", "dso",
                             "--stdio"], capture_output=True, text=True, timeout=300)
    return [line for line in result.stdout.splitlines() if line.strip() and not line.startswith("#")][:12]


async def load(server, users, messages):
    started = time.perf_counter()
    sent, errors = await _sources(server, users, messages, 10, 5120, DOMAIN)
    return sent, time.perf_counter() - started, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--estafeta", required=True)
    parser.add_argument("--tools", required=True, help="folder with dotnet-counters and dotnet-trace")
    parser.add_argument("--messages", type=int, default=8000)
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent.parent / "results" / "profile"))
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = pathlib.Path(tempfile.mkdtemp(prefix="estafeta-profile-", dir="/var/tmp"))
    os.chmod(work, 0o755)
    os.environ["DOTNET_PerfMapEnabled"] = "1"          # perf can name JIT-compiled frames
    os.environ["DOTNET_EnableWriteXorExecute"] = "0"   # ... which W^X double mapping would hide
    server = EstafetaServer(work / "estafeta", free_port(), free_port(), free_port(), args.estafeta)
    users, report = [], []
    tools = pathlib.Path(args.tools)
    try:
        users = create_users()
        server.configure()
        server.start()
        pid = str(server.root_pid())
        asyncio.run(load(server, users, 1000))  # warm up: JIT, thread pool
        counters = subprocess.Popen([tools / "dotnet-counters", "collect", "-p", pid, "--refresh-interval", "1",
                                     "--format", "csv", "-o", str(out / "counters.csv"), "--counters",
                                     "System.Runtime"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        perf = None
        if shutil.which("perf"):
            perf = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", pid, "-o", str(out / "perf.data")],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2)
        sent, seconds, errors = asyncio.run(load(server, users, args.messages))
        report.append(f"load: {sent} messages of 5 KB, 10 sessions, accepted in {seconds:.2f} s "
                      f"({sent / seconds:.0f} msgs/s) {errors or ''}")
        counters.terminate()
        counters.wait(timeout=60)
        if perf:
            perf.send_signal(2)
            perf.wait(timeout=120)
        report += ["", "dotnet-counters (during the load):"] + counters_summary(out / "counters.csv", sent)
        trace = subprocess.Popen([tools / "dotnet-trace", "collect", "-p", pid, "--profile",
                                  "dotnet-sampled-thread-time", "--duration", "00:00:08", "-o",
                                  str(out / "trace.nettrace")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2)
        asyncio.run(load(server, users, min(args.messages, 5000)))
        trace.wait(timeout=300)
        subprocess.run([tools / "dotnet-trace", "convert", str(out / "trace.nettrace"), "--format", "speedscope",
                        "-o", str(out / "trace")], capture_output=True, timeout=600)
        report += ["", "dotnet-trace, share of the sessions' thread time by frame (inclusive):"]
        report += trace_summary(next(out.glob("trace*.speedscope.json")))
        if perf:
            report += ["", "perf, samples by DSO:"] + perf_summary(out / "perf.data")
    finally:
        server.stop()
        delete_users(users)
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(report) + "\n"
    (out / "profile.txt").write_text(text)
    print(text)
    log(f"profile: {out / 'profile.txt'}")


if __name__ == "__main__":
    main()
