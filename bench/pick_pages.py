#!/usr/bin/env python3
"""Picks the pages bench/run.sh measures from the data a running server publishes, so that no
slug is written into the harness: the largest area by candidate count (its results page and its
API answer), the party with the most candidates there (its party page), the smallest area
whose voter has the most candidates on their ballot papers (all-my-ballots, and its name as the
area search, repeated and with every query new), and the home page.

Usage: pick_pages.py BASE_URL PAGES_TSV
Writes one line per page to PAGES_TSV: id, path, description and the wrk script to load it
with, a file in bench/ or "-" for none (tab-separated), and prints the published dataset's counts
as "candidates ballots areas parties".
"""
import csv
import io
import json
import sys
import urllib.parse
import urllib.request
from collections import Counter, defaultdict


def main() -> None:
    base, out_path = sys.argv[1], sys.argv[2]

    def get(path: str):
        with urllib.request.urlopen(base + path) as response:
            return json.load(response)

    def quote(value: str) -> str:
        return urllib.parse.quote(value, safe="")

    counts = get("/api/v1/datasets/current")["counts"]

    # Candidates per (ballot, area) and per party there, from the export: one request for all.
    per_area: Counter = Counter()
    per_party: dict = defaultdict(Counter)
    with urllib.request.urlopen(base + "/api/v1/export.csv") as response:
        for row in csv.DictReader(io.TextIOWrapper(response, encoding="utf-8", newline="")):
            key = (row["ballot"], row["area_id"])
            per_area[key] += 1
            if row["party"]:
                per_party[key][row["party"]] += 1
    (ballot, area), largest = min(per_area.items(), key=lambda item: (-item[1], item[0]))
    party, party_there = min(per_party[(ballot, area)].items(), key=lambda item: (-item[1], item[0]))

    # Every contested area with its parent; the smallest ones are those no other area is in.
    parents: dict = {}
    names: dict = {}
    for listed in get("/api/v1/ballots")["ballots"]:
        cursor = None
        while True:
            query = "?limit=500" + (f"&cursor={quote(cursor)}" if cursor else "")
            page = get(f"/api/v1/ballots/{quote(listed['key'])}/areas{query}")
            for entry in page["areas"]:
                parents[entry["id"]] = entry.get("parent")
                names[entry["id"]] = entry["name"]
            cursor = page.get("next_cursor")
            if not cursor:
                break
    enclosing = set(parents.values())
    best = None
    for leaf in sorted(a for a in parents if a not in enclosing):
        papers = get(f"/api/v1/areas/{quote(leaf)}/ballots")["ballots"]
        total = sum(per_area[(paper["ballot"], paper["area"]["id"])] for paper in papers)
        if best is None or (len(papers), total) > (best[1], best[2]):
            best = (leaf, len(papers), total)
    voter_area, papers, on_papers = best
    query = names[voter_area]

    # (id, path, description[, wrk script])
    pages = [
        ("home", "/", "home page"),
        ("results", f"/ballots/{quote(ballot)}/areas/{quote(area)}",
         f"results of the largest area ({ballot} ballot, {largest:,} candidates)"),
        ("party", f"/parties/{quote(party)}", f"a party standing there, with {party_there:,} of its candidates"),
        ("area-ballots", f"/areas/{quote(voter_area)}",
         f"the smallest area with the most on its ballot papers: {papers} ballot{'s' if papers != 1 else ''}, "
         f"{on_papers:,} candidates"),
        ("search", f"/search?q={quote(query)}", f"that area's name, asked again and again as voters do"),
        ("search-new", f"/search?q={quote(query)}",
         "the same name, but every request with a query string not asked before (bench/new-query.lua adds "
         "`n=`), so none is answered from the search cache", "new-query.lua"),
        ("api-area", f"/api/v1/ballots/{quote(ballot)}/areas/{quote(area)}", "the largest area"),
    ]
    with open(out_path, "w", encoding="utf-8") as out:
        for page in pages:
            # An explicit "-": bash's read joins runs of tabs, so an empty last field would vanish.
            script = page[3] if len(page) > 3 else "-"
            out.write("\t".join([*page[:3], script]) + "\n")
    print(counts["candidates"], counts["ballots"], counts["areas"], counts["parties"])


if __name__ == "__main__":
    main()
