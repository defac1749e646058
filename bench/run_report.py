#!/usr/bin/env python3
"""Turns the records bench/run.sh writes (tab-separated lines) into its Markdown table, with a
"met"/"missed" verdict and the figure for each target.

Usage: run_report.py RECORDS_TSV
"""
import sys
from collections import defaultdict

DATASETS = {
    "sa": ("South-Africa-sized", "national, provincial and regional party lists over 9 provinces, 50 parties"),
    "ke": ("Kenya-sized", "five single-member ballots (county governor, senate, women representative, "
                          "national assembly, ward) over 47 counties, 290 constituencies and 1,450 wards"),
    "1m": ("1,000,000-candidate list", "one party list over 500 areas, 50 parties"),
}
ENGINES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
PAGES = {"home": "home", "results": "results", "party": "party", "area-ballots": "all my ballots",
         "search": "area search", "search-new": "area search, every query new",
         "api-area": "API area"}
TARGET_CONNECTIONS = 64
RESULTS_SHARE = 0.5
P99_MS = 10.0
RSS_MB = {"sa": 150, "ke": 150, "1m": 600}
READY_S = {"sqlite": 1.0, "postgres": 3.0}


def number(value: float) -> str:
    return f"{value:,.0f}"


def named(d: str, datasets: dict) -> str:
    """The dataset's name with its size, where the name does not say it already."""
    if d == "1m":
        return DATASETS[d][0]
    return f"{DATASETS[d][0]} ({number(datasets[d]['candidates'])} candidates)"


def main() -> None:
    meta: dict = {}
    datasets: dict = {}
    pages = defaultdict(list)
    engines: dict = {}
    runs: dict = {}
    exports: dict = {}
    with open(sys.argv[1], encoding="utf-8") as records:
        for line in records:
            kind, *fields = line.rstrip("\n").split("\t")
            if kind == "meta":
                meta[fields[0]] = fields[1] if len(fields) > 1 else ""
            elif kind == "dataset":
                datasets[fields[0]] = dict(zip(["candidates", "ballots", "areas", "parties"], map(int, fields[1:])))
            elif kind == "page":
                pages[fields[0]].append((fields[1], fields[2], fields[3]))
            elif kind == "engine":
                d, e, *values = fields
                engines[(d, e)] = dict(zip(["import_s", "import_rss", "ready_s", "rss_ready", "rss_after", "peak",
                                            "hwm_reset"], values))
            elif kind == "wrk":
                d, target, page, conns, *values = fields
                keys = ["rps", "p50", "p99", "non2xx", "bytes", "requests", "socket", "cpu"]
                runs[(d, target, page, int(conns))] = {k: float(v) for k, v in zip(keys, values)}
            elif kind == "export":
                d, e, *values = fields
                exports[(d, e)] = dict(zip(["status", "bytes", "seconds", "before", "sampled", "hwm"], values))

    engine_keys = [e for e in ENGINES if any(key[1] == e for key in engines)]
    connection_counts = sorted({key[3] for key in runs})
    out = []
    w = out.append

    encoding = meta.get("accept_encoding") or ""
    w(f"# MyCandidate benchmark ({meta['profile']} profile)")
    w("")
    w(f"`bench/run.sh`, {meta['date']}, revision {meta['revision']}. One run on one machine: "
      f"{meta['cores']} cores ({meta['cpu']}), {meta['memory_gb']} GB, Linux {meta['kernel']}. "
      f"Binary: {meta['binary']}.")
    w("")
    w(f"wrk {meta['wrk']} with {meta['threads']} threads (1 at one connection): {meta['warmup']} warm-up, then "
      f"{meta['duration']} per point, on 127.0.0.1 and on the same cores as the server it measures. "
      f"nginx {meta['nginx']} serves the very bytes the server answered, from disk, with one worker per core, "
      f"as this machine's ceiling. Requests carry "
      + (f"`Accept-Encoding: {encoding}`." if encoding else
         "no `Accept-Encoding` (wrk sends only `Host`), so pages are their uncompressed bytes.")
      + " CPU µs/req is the process's user and system time over the run (/proc/PID/stat) divided by the "
        "requests completed; for nginx, master and workers together.")
    w("")
    w("nginx has `tcp_nopush` on beside `sendfile`, its usual pairing for static files (on this machine it "
      "gave nginx more requests a second at 64 connections than without). At one connection it makes a body "
      "of tens of KB wait for a delayed ACK now and then, hence nginx p99s near 41 ms there. For a body of "
      "hundreds of KB (the 623 KB API answer) nginx spends more CPU per request than the server, which can "
      "then beat this ceiling.")
    w("")
    w(f"Load average (1, 5, 15 min) at the start: {meta['load_start']}; at the end: {meta.get('load_end', '?')}. "
      f"Swift compiler processes (swift-build, swift-frontend, swift-test) running at the start: "
      f"{meta['compilers_start']}; at the end: {meta.get('compilers_end', '?')}. Other processes using 10 % of a "
      f"core or more (top, over a second) at the start: {meta.get('others_start') or 'none'}; at the end: "
      f"{meta.get('others_end') or 'none'}."
      + (f" {meta['note']}" if meta.get("note") else ""))
    w("")
    w(f"The run took {meta.get('minutes', '?')} minutes.")

    w("")
    w("## Datasets, import and start-up")
    w("")
    w("Import: all the dataset's CSV files, one `mycandidate import` each (migrations included), wall time; "
      "PostgreSQL is a local durable cluster (fsync on). Ready: from starting `mycandidate serve` to "
      "`/readyz` answering 200. RSS in MB; \"peak\" is VmHWM over the page runs.")
    w("")
    w("| dataset | candidates | ballots | areas | parties | engine | import s | import peak RSS | ready s "
      "| RSS at ready | RSS after the page runs | peak during the page runs |")
    w("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for d, info in datasets.items():
        for e in engine_keys:
            if (d, e) not in engines:
                continue
            f = engines[(d, e)]
            peak = f["peak"] + ("" if f["hwm_reset"] == "yes" else " (since start)")
            w(f"| {DATASETS[d][0]} | {number(info['candidates'])} | {info['ballots']} | {number(info['areas'])} "
              f"| {info['parties']} | {ENGINES[e]} | {f['import_s']} | {f['import_rss']} | {f['ready_s']} "
              f"| {f['rss_ready']} | {f['rss_after']} | {peak} |")
    w("")
    for d in datasets:
        w(f"- {DATASETS[d][0]}: {DATASETS[d][1]}.")

    for d in datasets:
        w("")
        w(f"## Pages: {named(d, datasets)}")
        w("")
        for page, path, description in pages[d]:
            w(f"- {PAGES[page]}: `{path}`, {description}")
        w("")
        header = "| page | conns | bytes | nginx req/s | nginx p50 / p99 ms | nginx CPU µs/req |"
        rule = "|---|---:|---:|---:|---:|---:|"
        for e in engine_keys:
            header += f" {ENGINES[e]} req/s (of nginx) | p50 / p99 ms | CPU µs/req |"
            rule += "---:|---:|---:|"
        w(header)
        w(rule)
        for page, _, _ in pages[d]:
            for conns in connection_counts:
                ceiling = runs.get((d, "nginx", page, conns))
                if ceiling is None:
                    continue
                row = (f"| {PAGES[page]} | {conns} | {number(ceiling['bytes'])} | {number(ceiling['rps'])} "
                       f"| {ceiling['p50']:.2f} / {ceiling['p99']:.2f} | {ceiling['cpu']:.1f} |")
                for e in engine_keys:
                    run = runs.get((d, e, page, conns))
                    if run is None:
                        row += " | | |"
                        continue
                    errors = f", {run['socket']:.0f} socket errors" if run["socket"] else ""
                    row += (f" {number(run['rps'])} ({run['rps'] / ceiling['rps']:.0%}{errors}) "
                            f"| {run['p50']:.2f} / {run['p99']:.2f} | {run['cpu']:.1f} |")
                w(row)

    w("")
    w("## Export")
    w("")
    w("`GET /api/v1/export.csv` downloaded once with curl after the page runs. RSS in MB: before, and the "
      "peak during the download (VmRSS sampled every 50 ms / VmHWM after resetting it).")
    w("")
    w("| dataset | engine | MB | seconds | RSS before | peak RSS during (sampled / VmHWM) |")
    w("|---|---|---:|---:|---:|---:|")
    for d in datasets:
        for e in engine_keys:
            x = exports.get((d, e))
            if x:
                w(f"| {DATASETS[d][0]} | {ENGINES[e]} | {int(x['bytes']) / 1e6:.1f} | {float(x['seconds']):.2f} "
                  f"| {x['before']} | {x['sampled']} / {x['hwm']} |")

    if "sa" in datasets and "1m" in datasets:
        small, big = datasets["sa"]["candidates"], datasets["1m"]["candidates"]
        w("")
        w("## Growth from 15,000 to 1,000,000 candidates")
        w("")
        w(f"The South-Africa-sized party lists ({number(small)} candidates) against the 1,000,000-candidate party "
          f"list: {big / small:.0f} times the candidates. Pages are served from the in-memory snapshot whatever "
          f"the database, so their figures are SQLite's. The pages are picked by the same rules in both, so they "
          f"are not the same pages: the bytes rows say how they differ. The growth column is 1M ÷ 15k.")
        w("")
        w("| figure | engine | 15k | 1M | growth |")
        w("|---|---|---:|---:|---:|")

        def grow(label, engine, a, b, digits=1):
            ratio = f"{b / a:.1f}×" if a else "–"
            w(f"| {label} | {engine} | {a:,.{digits}f} | {b:,.{digits}f} | {ratio} |")

        for e in engine_keys:
            s, m = engines.get(("sa", e)), engines.get(("1m", e))
            if not (s and m):
                continue
            grow("import s", ENGINES[e], float(s["import_s"]), float(m["import_s"]))
            grow("import peak RSS MB", ENGINES[e], float(s["import_rss"]), float(m["import_rss"]), 0)
            grow("ready s", ENGINES[e], float(s["ready_s"]), float(m["ready_s"]), 2)
            grow("RSS at ready MB", ENGINES[e], float(s["rss_ready"]), float(m["rss_ready"]), 0)
            grow("peak RSS during the page runs MB", ENGINES[e], float(s["peak"]), float(m["peak"]), 0)
            xs, xm = exports.get(("sa", e)), exports.get(("1m", e))
            if xs and xm:
                grow("export s", ENGINES[e], float(xs["seconds"]), float(xm["seconds"]), 2)
                grow("export MB", ENGINES[e], int(xs["bytes"]) / 1e6, int(xm["bytes"]) / 1e6)
                grow("peak RSS during the export MB", ENGINES[e], float(xs["sampled"]), float(xm["sampled"]), 0)
        conns = TARGET_CONNECTIONS if TARGET_CONNECTIONS in connection_counts else connection_counts[-1]
        for page in PAGES:
            a, b = runs.get(("sa", "sqlite", page, conns)), runs.get(("1m", "sqlite", page, conns))
            if not (a and b):
                continue
            grow(f"{PAGES[page]}: bytes", "", a["bytes"], b["bytes"], 0)
            grow(f"{PAGES[page]}: req/s at {conns}", "SQLite", a["rps"], b["rps"], 0)
            grow(f"{PAGES[page]}: p99 ms at {conns}", "SQLite", a["p99"], b["p99"], 2)
            grow(f"{PAGES[page]}: CPU µs/req at {conns}", "SQLite", a["cpu"], b["cpu"], 1)

    w("")
    w("## Targets")
    w("")
    w("On this machine, with wrk beside the server; a missed target does not fail the run.")
    w("")
    conns = TARGET_CONNECTIONS
    for d in datasets:
        for e in engine_keys:
            name = f"{DATASETS[d][0]}, {ENGINES[e]}"
            run, ceiling = runs.get((d, e, "results", conns)), runs.get((d, "nginx", "results", conns))
            if run and ceiling:
                share = run["rps"] / ceiling["rps"]
                verdict = "met" if share >= RESULTS_SHARE else "missed"
                w(f"- Results page ≥ {RESULTS_SHARE:.0%} of nginx's req/s at {conns} connections, {name}: "
                  f"**{verdict}**, {share:.0%} ({number(run['rps'])} against {number(ceiling['rps'])} req/s, "
                  f"{number(run['bytes'])} bytes).")
            measured = [(page, runs[(d, e, page, conns)]["p99"]) for page, _, _ in pages[d]
                        if (d, e, page, conns) in runs]
            if measured:
                def nginx_p99(page):
                    ceiling = runs.get((d, "nginx", page, conns))
                    return f" (nginx {ceiling['p99']:.2f} ms for the same bytes)" if ceiling else ""

                over = [f"{PAGES[p]} {v:.2f} ms{nginx_p99(p)}" for p, v in measured if v > P99_MS]
                worst = max(measured, key=lambda item: item[1])
                if over:
                    w(f"- p99 ≤ {P99_MS:.0f} ms at {conns} connections, every page, {name}: **missed**: "
                      f"{', '.join(over)} ({len(measured) - len(over)} of {len(measured)} pages within).")
                else:
                    w(f"- p99 ≤ {P99_MS:.0f} ms at {conns} connections, every page, {name}: **met**, highest "
                      f"{worst[1]:.2f} ms ({PAGES[worst[0]]}).")
    for d in datasets:
        for e in engine_keys:
            f, x = engines.get((d, e)), exports.get((d, e))
            if not f:
                continue
            export_peak = max(float(x["sampled"]), float(x["hwm"]) if x["hwm"] != "n/a" else 0) if x else 0
            figure = max(float(f["peak"]), export_peak)
            verdict = "met" if figure <= RSS_MB[d] else "missed"
            w(f"- RSS ≤ {RSS_MB[d]} MB, {named(d, datasets)}, "
              f"{ENGINES[e]}: **{verdict}**, {figure:.0f} MB at most (peak {f['peak']} MB over the page runs, "
              f"{export_peak:.0f} MB during the export; {f['rss_after']} MB after the page runs).")
    for d in datasets:
        if d == "1m":
            continue
        for e in engine_keys:
            f = engines.get((d, e))
            if f:
                verdict = "met" if float(f["ready_s"]) <= READY_S[e] else "missed"
                w(f"- Ready ≤ {READY_S[e]:.0f} s from {ENGINES[e]}, {DATASETS[d][0]}: **{verdict}**, "
                  f"{f['ready_s']} s.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
