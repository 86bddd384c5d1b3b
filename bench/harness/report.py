"""Results: raw JSON lines per run, one JSON summary line per figure, and the Markdown table."""

import json

from .scenarios import summary

# figure -> (label, unit, better): better is "higher" or "lower", for reading the ratio.
FIGURES = {
    "accepted_msgs_per_s": ("accepted msgs/s", "msg/s", "higher"),
    "e2e_msgs_per_s": ("end-to-end msgs/s", "msg/s", "higher"),
    "latency_p50_ms": ("accept latency p50", "ms", "lower"),
    "latency_p95_ms": ("accept latency p95", "ms", "lower"),
    "latency_p99_ms": ("accept latency p99", "ms", "lower"),
    "cpu_ms_per_msg": ("server CPU per message", "ms", "lower"),
    "peak_rss_mb": ("peak RSS (sum of processes)", "MB", "lower"),
    "peak_pss_mb": ("peak PSS (sum of processes)", "MB", "lower"),
    "rss_per_session_kb": ("RSS per idle session", "KB", "lower"),
    "pss_per_session_kb": ("PSS per idle session", "KB", "lower"),
    "rss_with_sessions_mb": ("RSS with all sessions open", "MB", "lower"),
    "start_to_220_s": ("start to first 220", "s", "lower"),
    "sendmail_ms": ("sendmail injection (hyperfine mean)", "ms", "lower"),
}

SERVERS = ("estafeta", "postfix")


class Results:
    def __init__(self, raw_path):
        self.raw = open(raw_path, "a")
        # (scenario, figure) -> rep -> server -> value
        self.values = {}
        self.notes = []

    def add(self, scenario, server, rep, figures, details):
        self.raw.write(json.dumps({"scenario": scenario, "server": server, "rep": rep,
                                   "figures": figures, "details": details}) + "\n")
        self.raw.flush()
        for figure, value in figures.items():
            self.values.setdefault((scenario, figure), {}).setdefault(rep, {})[server] = value
        for error in details.get("errors", []):
            self.notes.append(f"{scenario} rep {rep + 1} {server}: {error}")

    def note(self, text):
        self.notes.append(text)

    def summaries(self):
        """One dict per (scenario, figure): each server's median/min/max and the paired ratio Estafeta/Postfix."""
        rows = []
        for (scenario, figure), reps in self.values.items():
            per_server = {s: summary([r.get(s) for r in reps.values()]) for s in SERVERS}
            ratios = [r["estafeta"] / r["postfix"] for r in reps.values()
                      if r.get("estafeta") is not None and r.get("postfix")]
            label, unit, better = FIGURES.get(figure, (figure, "", "lower"))
            rows.append({"scenario": scenario, "figure": figure, "label": label, "unit": unit,
                         "better": better, **per_server, "ratio_estafeta_over_postfix": summary(ratios)})
        return rows

    def write(self, jsonl_path, markdown_path, machine, title):
        rows = self.summaries()
        with open(jsonl_path, "w") as f:
            for row in rows:
                f.write(json.dumps({"machine": machine["id"], **row}) + "\n")
        text = markdown(rows, machine, self.notes, title)
        with open(markdown_path, "w") as f:
            f.write(text)
        return text


def _cell(s, digits):
    if s is None:
        return "n/a"
    fmt = f"{{:.{digits}f}}"
    if s["n"] == 1 or s["min"] == s["max"]:
        return fmt.format(s["median"])
    return f"{fmt.format(s['median'])} ({fmt.format(s['min'])}–{fmt.format(s['max'])})"


def _digits(value):
    if value is None:
        return 1
    return 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else (2 if abs(value) >= 1 else 3))


def markdown(rows, machine, notes, title):
    lines = [f"### {title}", "", "Machine: " + machine["summary"], "",
             "Medians over the repetitions, (min–max) when they differ; the ratio is Estafeta/Postfix, "
             "paired run by run (for msgs/s higher is better, for everything else lower is better).", "",
             "| scenario | figure | Estafeta | Postfix | ratio E/P |", "|---|---|---:|---:|---:|"]
    for row in rows:
        digits = _digits(row["postfix"]["median"] if row["postfix"] else
                         (row["estafeta"]["median"] if row["estafeta"] else None))
        lines.append(f"| {row['scenario']} | {row['label']} ({row['unit']}) | {_cell(row['estafeta'], digits)} | "
                     f"{_cell(row['postfix'], digits)} | {_cell(row['ratio_estafeta_over_postfix'], 2)} |")
    if notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"
