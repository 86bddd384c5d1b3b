"""The machine and the versions a result was measured with."""

import os
import platform
import subprocess


def _run(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def _meminfo_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    return 0.0


def _cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _filesystem(path):
    best, fstype = "", "?"
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            if path.startswith(parts[1]) and len(parts[1]) > len(best):
                best, fstype = parts[1], f"{parts[2]} ({parts[0]})"
    return fstype


def describe(run_dir, estafeta, postfix_conf):
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    info = {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": round(_meminfo_gib(), 1),
        "kernel": platform.release(),
        "debian": debian,
        "filesystem": _filesystem(str(run_dir)),
        "postfix": _run(["postconf", "-c", str(postfix_conf), "-h", "mail_version"]),
        "estafeta": _run([estafeta, "--version"]),
        "dotnet": _run(["dotnet", "--version"]),
        "python": platform.python_version(),
    }
    info["summary"] = (f"{info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB, Linux {info['kernel']}, "
                       f"Debian {info['debian']}, queue and mailboxes on {info['filesystem']}; Postfix "
                       f"{info['postfix']}, Estafeta {info['estafeta']} (.NET SDK {info['dotnet']}), "
                       f"Python {info['python']}")
    info["id"] = f"{info['cores']}c-{info['memory_gib']}GiB-{info['kernel']}"
    return info
