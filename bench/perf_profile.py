"""Reads the perf profiles bench/profile.sh wrote and sums them up for the tuning report.

Each profiled case has CASE.txt (`perf report --no-children --sort dso,sym -n`: the CPU
samples per shared object and symbol; shares are computed from the counts, since perf's
rounded percentages of thousands of tiny rows do not add up) and CASE.json (the benchmark's own result: bytes
and CPU time, so a share becomes CPU microseconds per MB). Samples are grouped into the
stages of the match path (docs: bench/README.md, "Where the time goes"); Hyperscan's
library is stripped, so its internal functions show as addresses and are one stage.

The profile samples the whole benchmark process, which also loads the pack and generates
the corpus; those samples form the "setup" stage and are left out of the per-MB figures
(the benchmark's CPU time covers only the timed loop).
"""
import json
import re
from pathlib import Path

CASES = (("json_d1", "JSON 1%"), ("json_d10", "JSON 10%"), ("text_d1", "text 1%"), ("log_d1", "logs 1%"))

# (stage, test on (dso, symbol)); the first that matches wins, so order matters.
STAGES = (
    ("setup (pack load, corpus generation: not in the timed loop)",
     lambda dso, sym: "yaml-cpp" in dso or sym.startswith(("piibench::", "piimatch::RuleSet", "piimatch::Engine::compile",
                                                          "piimatch::load_or_compile", "YAML::", "std::_Rb_tree"))
     or dso.startswith("[kernel")),
    ("Hyperscan scans (stream databases, block scans after cues and triggers)",
     lambda dso, sym: dso.startswith("libhs")),
    ("PCRE2 confirm regexes (JIT code and matcher)",
     lambda dso, sym: dso.startswith("[JIT]") or dso.startswith("libpcre2")),
    ("numeric-token path (digit runs, shape cache)",
     lambda dso, sym: re.search(r"numeric|NumericShapeCache|short_shape", sym) is not None),
    ("trigger scanner",
     lambda dso, sym: "TriggerScanner" in sym or "scan_triggers" in sym),
    ("name-word walk (dictionary entries looked up word by word)",
     lambda dso, sym: re.search(r"NameWordTable|name_word|block_masks_(vbmi|avx2)", sym) is not None),
    ("validators (checksums, entropy, names, placeholders)",
     lambda dso, sym: "validators::" in sym or dso.startswith("libm")),
    ("start recovery (scan back over a rule's alphabet)",
     lambda dso, sym: "alphabet_run_before" in sym or "recover_start" in sym),
    ("redactor bookkeeping and output (pending candidates, overlaps, copies)",
     lambda dso, sym: sym.startswith("piimatch::") or dso.startswith("libc") or sym.startswith("std::")),
)
OTHER = "other"
LINE = re.compile(r"^\s*[0-9.]+%\s+(\d+)\s+(\S+(?: tid \d+)?)\s+\[[.k]\]\s+(.*?)\s*$")


def parse_report(text):
    """[(share, dso, symbol)] from a perf report --stdio -n table: each row's samples over all."""
    rows = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        m = LINE.match(line)
        if m:
            rows.append((int(m.group(1)), m.group(2), m.group(3)))
    total = sum(r[0] for r in rows)
    return [(n / total, dso, sym) for n, dso, sym in rows] if total else []


def stage_of(dso, sym):
    for name, test in STAGES:
        if test(dso, sym):
            return name
    return OTHER


def engine_us_per_mb(result_json):
    bench = json.loads(result_json)["benchmarks"][0]
    unit = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[bench.get("time_unit", "ns")]
    cpu_us = bench["cpu_time"] * unit
    bytes_per_iteration = bench["bytes_per_second"] * bench["cpu_time"] * unit * 1e-6
    return cpu_us / (bytes_per_iteration / 1e6), bench["name"]


def summarize(profile_dir):
    """The profile section of report.json, or None when there is no profile directory."""
    d = Path(profile_dir)
    if not d.is_dir():
        return None
    if (d / "unavailable.txt").exists():
        return {"unavailable": (d / "unavailable.txt").read_text().strip()}
    cases = []
    for key, label in CASES:
        txt, res = d / f"{key}.txt", d / f"{key}.json"
        if not txt.exists() or not res.exists():
            continue
        rows = parse_report(txt.read_text())
        us_per_mb, name = engine_us_per_mb(res.read_text())
        setup_stage = STAGES[0][0]
        stages, symbols = {}, {}
        for share, dso, sym in rows:
            stage = stage_of(dso, sym)
            stages[stage] = stages.get(stage, 0.0) + share
            if stage == setup_stage:
                continue
            # Hyperscan's internal functions are unnamed addresses: one row for the library.
            shown = "libhs (Hyperscan, stripped)" if dso.startswith("libhs") else (
                "PCRE2 JIT code" if dso.startswith("[JIT]") else sym)
            symbols[shown] = symbols.get(shown, 0.0) + share
        timed = 1.0 - stages.get(setup_stage, 0.0)
        per_mb = lambda share: share / timed * us_per_mb if timed > 0 else None
        cases.append({
            "case": key, "label": label, "benchmark": name, "engine_cpu_us_per_MB": us_per_mb,
            "setup_share": stages.get(setup_stage, 0.0),
            "stages": sorted(({"stage": s, "share_of_timed": v / timed, "cpu_us_per_MB": per_mb(v)}
                              for s, v in stages.items() if s != setup_stage),
                             key=lambda r: -r["share_of_timed"]),
            "top_symbols": sorted(({"symbol": s, "share_of_timed": v / timed, "cpu_us_per_MB": per_mb(v)}
                                   for s, v in symbols.items()), key=lambda r: -r["share_of_timed"])[:12],
        })
    return {"cases": cases}


def markdown_lines(profile, md_table, fmt_num):
    """The report's profile section as Markdown lines."""
    lines = ["## Profile of the hot path (perf)", ""]
    if profile is None:
        return lines + ["No profile in this run (`bench/profile.sh` was not run; `BENCH_PROFILE=0`).", ""]
    if "unavailable" in profile:
        return lines + [f"No profile in this run: {profile['unavailable']}.", ""]
    lines.append("`perf record -e cpu-clock` on the engine (mask, full pack, 16 KB writes, 64 KB messages), one "
                 "run per case (`bench/profile.sh`). Shares are of the timed loop's samples (pack loading and "
                 "corpus generation left out); µs/MB is that share of the same run's engine CPU time per MB. "
                 "Hyperscan's library is stripped, so its time is one row: the stream databases, the block "
                 "scans after cue words and triggers, and the numeric shapes' first scans.")
    lines.append("")
    cases = profile["cases"]
    stage_names = []
    for c in cases:
        for s in c["stages"]:
            if s["stage"] not in stage_names:
                stage_names.append(s["stage"])
    header = ["stage"] + [f"{c['label']} (µs/MB)" for c in cases]
    rows = []
    for name in stage_names:
        row = [name]
        for c in cases:
            s = next((s for s in c["stages"] if s["stage"] == name), None)
            row.append(f"{fmt_num(s['cpu_us_per_MB'], 0)} ({s['share_of_timed'] * 100:.0f}%)" if s else "-")
        rows.append(row)
    rows.append(["**engine total**"] + [f"**{fmt_num(c['engine_cpu_us_per_MB'], 0)}**" for c in cases])
    lines.append(md_table(header, rows))
    lines.append("")
    for c in cases:
        lines.append(f"Top functions, {c['label']}: " + "; ".join(
            f"{s['symbol']} {s['share_of_timed'] * 100:.1f}%" for s in c["top_symbols"][:8]) + ".")
        lines.append("")
    return lines
