"""Runs the whole-server benchmark: both servers, alternately, every scenario, then writes the results.

usage (from bench/, as root): python3 -m harness.main --estafeta PATH [--quick] [--reps N] [--only a,b] [--keep]
Everything it starts it stops by pid; the users it creates it deletes; traffic stays on 127.0.0.1.
"""

import argparse
import asyncio
import datetime
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback

from . import machine, scenarios
from .report import Results
from .servers import DOMAIN, EstafetaServer, PostfixServer, SmtpSink
from .smtpclient import free_port

FULL = {
    "local-5k-s10": {"kind": "local", "messages": 8000, "size": 5120, "sessions": 10},
    "local-5k-s50": {"kind": "local", "messages": 8000, "size": 5120, "sessions": 50},
    "local-100k-s10": {"kind": "local", "messages": 2500, "size": 102400, "sessions": 10},
    "relay-5k-s10": {"kind": "relay", "messages": 8000, "size": 5120, "sessions": 10},
    "idle-n500": {"kind": "idle", "sessions": 500},
    "queue-10k-restart": {"kind": "restart", "messages": 10000},
    "sendmail-1": {"kind": "sendmail", "runs": 30},
}
# stall_s: give up on end to end when nothing left the queue for this long (a server that cannot deliver).
QUICK = {
    "local-5k-s10": {"kind": "local", "messages": 300, "size": 5120, "sessions": 10, "stall_s": 5},
    "local-5k-s50": {"kind": "local", "messages": 300, "size": 5120, "sessions": 50, "stall_s": 5},
    "local-100k-s10": {"kind": "local", "messages": 100, "size": 102400, "sessions": 10, "stall_s": 5},
    "relay-5k-s10": {"kind": "relay", "messages": 300, "size": 5120, "sessions": 10, "stall_s": 5},
    "idle-n500": {"kind": "idle", "sessions": 50},
    "queue-10k-restart": {"kind": "restart", "messages": 300},
    "sendmail-1": {"kind": "sendmail", "runs": 5},
}
USER_COUNT = 10


def log(text):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {text}", flush=True)


def create_users():
    prefix = f"eb{os.getpid() % 100000}u"
    users = []
    for i in range(USER_COUNT):
        name = f"{prefix}{i}"
        subprocess.run(["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", "-d", "/nonexistent", name], check=True)
        users.append(name)
    return users


def delete_users(users):
    for name in users:
        subprocess.run(["userdel", name], capture_output=True)


def estafeta_has_sendmail(executable, conf):
    """True when this build has `estafeta sendmail` (asked for the queue listing, like mailq)."""
    result = subprocess.run([executable, "sendmail", "-C", str(conf), "-bp"], capture_output=True, text=True,
                            timeout=60)
    return result.returncode == 0 and "Unrecognized" not in result.stdout + result.stderr


def run_sendmail(servers, spec, users, work, results, executable):
    message = work / "sendmail-message.txt"
    message.write_text(f"From: bench@{DOMAIN}\nTo: {users[1]}@{DOMAIN}\nSubject: hyperfine\n\nOne line.\n")
    for s in servers:
        s.configure()
    available = [s for s in servers if s.name != "estafeta" or estafeta_has_sendmail(executable, s.conf)]
    if len(available) < len(servers):
        results.note("sendmail-1: `estafeta sendmail` not available yet in this build; Postfix measured alone")
    for s in available:
        s.start()
    try:
        export = work / "hyperfine.json"
        commands = [s.sendmail_command(f"bench@{DOMAIN}", f"{users[1]}@{DOMAIN}", message) for s in available]
        names = sum((["-n", s.name] for s in available), [])
        subprocess.run(["hyperfine", "--style", "basic", "--warmup", "3", "--runs", str(spec["runs"]),
                        "--export-json", str(export), *names, *commands], check=True, timeout=600)
        data = json.loads(export.read_text())
        for s, r in zip(available, data["results"]):
            results.add("sendmail-1", s.name, 0, {"sendmail_ms": 1000 * r["mean"]},
                        {"stddev_ms": 1000 * r["stddev"], "min_ms": 1000 * r["min"], "max_ms": 1000 * r["max"],
                         "runs": len(r["times"]), "errors": []})
    finally:
        for s in available:
            s.stop()


def run_one(name, spec, server, rep, users, work, sink):
    if spec["kind"] in ("local", "relay"):
        server.configure()
        return asyncio.run(scenarios.run_load(server, spec, users, work, sink if spec["kind"] == "relay" else None))
    if spec["kind"] == "idle":
        server.configure({"smtpd_client_connection_count_limit": "0"}, maxproc=str(spec["sessions"] + 100))
        return asyncio.run(scenarios.run_idle(server, spec, work))
    if spec["kind"] == "restart":
        return scenarios.run_restart(server, spec)
    raise ValueError(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--estafeta", required=True, help="the estafeta executable (Release build)")
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent.parent / "results"))
    parser.add_argument("--quick", action="store_true", help="a few hundred messages, one repetition")
    parser.add_argument("--reps", type=int, default=None)
    parser.add_argument("--only", default=None, help="comma-separated scenario names")
    parser.add_argument("--keep", action="store_true", help="keep the run folder (configs, logs, queues)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench: run as root (it starts a private Postfix and creates users for the run)")
    specs = QUICK if args.quick else FULL
    if args.only:
        specs = {k: v for k, v in specs.items() if k in args.only.split(",")}
    reps = args.reps or (1 if args.quick else 3)

    work = pathlib.Path(tempfile.mkdtemp(prefix="estafeta-bench-", dir="/var/tmp"))
    os.chmod(work, 0o755)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    results = Results(out / f"{stamp}-raw.jsonl")
    ports = set()
    for _ in range(100):  # four distinct free ports: relay sink, dead next hop, Postfix, Estafeta
        ports.add(free_port())
        if len(ports) == 4:
            break
    relay_port, dead_port, postfix_port, estafeta_port = sorted(ports)
    postfix = PostfixServer(work / "postfix", postfix_port, relay_port, dead_port)
    estafeta = EstafetaServer(work / "estafeta", estafeta_port, relay_port, dead_port, args.estafeta)
    servers = [postfix, estafeta]
    sink = SmtpSink(work, relay_port)
    users = []
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        users = create_users()
        postfix.configure()
        info = machine.describe(work, args.estafeta, postfix.conf)
        log("machine: " + info["summary"])
        sink.start()
        for rep in range(reps):
            for name, spec in specs.items():
                if spec["kind"] in ("restart", "sendmail"):
                    continue
                # Alternate who goes first, so slow drift (page cache, thermal) falls on both alike.
                for server in (servers if rep % 2 == 0 else servers[::-1]):
                    log(f"{name} rep {rep + 1}/{reps}: {server.name}")
                    try:
                        figures, details = run_one(name, spec, server, rep, users, work, sink)
                        results.add(name, server.name, rep, figures, details)
                        log("  " + ", ".join(f"{k}={v:.3g}" for k, v in figures.items() if v is not None)
                            + (f"; errors: {details['errors']}" if details["errors"] else ""))
                    except Exception as e:  # one failed run must not lose the others
                        results.note(f"{name} rep {rep + 1} {server.name}: failed: {e}")
                        log(f"  failed: {e}")
                        traceback.print_exc()
                        server.stop()
        for name, spec in specs.items():
            if spec["kind"] == "restart":
                for server in servers:
                    log(f"{name}: filling {server.name}'s queue with {spec['messages']} deferred messages")
                    try:
                        server.wipe_queue()
                        server.configure({"relayhost": f"[127.0.0.1]:{dead_port}"})
                        sent, errors = asyncio.run(scenarios.build_queue(server, spec, users))
                        for error in errors:
                            results.note(f"{name} {server.name} queue fill: {error}")
                        for rep in range(reps):
                            figures, details = run_one(name, spec, server, rep, users, work, sink)
                            results.add(name, server.name, rep, figures, details)
                            log(f"  rep {rep + 1}: {figures['start_to_220_s']:.3f} s with {details['queued']} queued")
                    except Exception as e:
                        results.note(f"{name} {server.name}: failed: {e}")
                        log(f"  failed: {e}")
                        server.stop()
                    server.wipe_queue()
            elif spec["kind"] == "sendmail":
                log(f"{name}: hyperfine")
                try:
                    run_sendmail(servers, spec, users, work, results, args.estafeta)
                except Exception as e:
                    results.note(f"{name}: failed: {e}")
                    log(f"  failed: {e}")
        title = f"Run {stamp} ({'quick' if args.quick else 'full'}, {reps} repetition{'s' if reps > 1 else ''})"
        text = results.write(out / f"{stamp}.jsonl", out / f"{stamp}.md", info, title)
        (out / "machine.json").write_text(json.dumps(info, indent=2) + "\n")
        shutil.copyfile(out / f"{stamp}.md", out / "latest.md")
        shutil.copyfile(out / f"{stamp}.jsonl", out / "latest.jsonl")
        print(text)
        log(f"results: {out / (stamp + '.md')}, {out / (stamp + '.jsonl')}")
    finally:
        for server in servers:
            try:
                server.stop()
            except Exception as e:
                log(f"stopping {server.name}: {e}")
        sink.stop()
        delete_users(users)
        if args.keep:
            log(f"run folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
