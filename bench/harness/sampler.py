"""Samples a server's process tree (RSS sum, PSS sum) every INTERVAL seconds until SIGTERM, then writes
the peaks as JSON to OUT. A process of its own, so sampling never stalls the latency probe's event loop.

usage: python3 -m harness.sampler ROOT_PID INTERVAL_S OUT_JSON MAX_SECONDS
"""

import json
import signal
import sys
import time

from .procfs import MemorySampler


def main():
    root, interval, out, max_seconds = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    sampler = MemorySampler(root)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    end = time.monotonic() + max_seconds
    while not stopping and time.monotonic() < end:
        sampler.sample()
        time.sleep(interval)
    sampler.sample()
    with open(out, "w") as f:
        json.dump({"peak_rss": sampler.peak_rss, "peak_pss": sampler.peak_pss,
                   "peak_processes": sampler.peak_processes}, f)


if __name__ == "__main__":
    main()
