#!/usr/bin/env python3
"""Writes a synthetic Kenyan-shaped single-member ballot CSV to stdout: counties, constituencies
and wards in a hierarchy (codes repeat across levels, as in the real files), a few candidates per
area, most with a party and some independent.

By default one ward ballot (every ward contested); --level constituency or county writes the
ballot of that level instead (a member of the national assembly, a senator, a governor), with
only the columns down to that level, so that imports of all five Kenyan ballots share one area
hierarchy: the same codes get the same names in every file.

Invented names only. Used by the benchmarks for a single-member dataset whose areas are the
size a voter usually asks for.
"""
import argparse
import sys

GIVEN = ["Amani", "Baraka", "Wanjiru", "Otieno", "Achieng", "Kamau", "Zawadi", "Jabari", "Imani", "Njeri",
         "Kiprono", "Atieno", "Mutua", "Wekesa", "Nyambura", "Chebet"]
SURNAMES = ["Ochieng", "Mwangi", "Njoroge", "Wekesa", "Kamau", "Mutua", "Odhiambo", "Kiprop", "O'Brien",
            "Ngugi-wa Thiong'o", "Chege", "Wafula", "Korir", "Barasa"]
PLACES = ["Lake", "Hill", "River", "Market", "Forest", "Valley", "Harbour", "Plain", "Ridge", "Spring"]
LEVELS = ["county", "constituency", "ward"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counties", type=int, default=47)
    parser.add_argument("--constituencies", type=int, default=290)
    parser.add_argument("--wards", type=int, default=1450)
    parser.add_argument("--level", choices=LEVELS, default="ward",
                        help="the level whose areas the ballot is contested in")
    parser.add_argument("--per-ward", "--per-area", dest="per_area", type=int, default=10,
                        help="candidates per area (on average, with --spread)")
    parser.add_argument("--spread", type=int, default=0,
                        help="vary the candidates per area by up to this many either way, the same on every run")
    parser.add_argument("--parties", type=int, default=40)
    args = parser.parse_args()

    depth = LEVELS.index(args.level) + 1
    count = [args.counties, args.constituencies, args.wards][depth - 1]
    out = sys.stdout
    header = ["Surname", "Other Names", "County Code", "County Name", "Constituency Code", "Constituency Name",
              "Ward Code", "Ward Name"][:2 + 2 * depth]
    out.write(",".join(header + ["Party Code", "Political Party Name", "Abbrv"]) + "\n")
    n = 0
    for area in range(1, count + 1):
        # The enclosing areas, worked out from the ward level down as for the ward ballot.
        ward = area if depth == 3 else None
        constituency = (ward - 1) * args.constituencies // args.wards + 1 if ward else (area if depth == 2 else None)
        county = (constituency - 1) * args.counties // args.constituencies + 1 if constituency else area
        codes = [county, constituency, ward][:depth]
        names = [f"{PLACES[county % len(PLACES)]} County {county}",
                 f"{PLACES[(constituency or 0) % len(PLACES)]} North {constituency}",
                 f"{PLACES[(ward or 0) % len(PLACES)]} Ward {ward}"][:depth]
        places = ",".join(f"{code},{name}" for code, name in zip(codes, names))
        standing = args.per_area
        if args.spread:
            standing += (area * 7919) % (2 * args.spread + 1) - args.spread
        for seat in range(max(1, standing)):
            # The ward ballot keeps the numbering it always had, so its names do not change.
            n = area * args.per_area + seat if depth == 3 and not args.spread else n + 1
            surname = SURNAMES[n % len(SURNAMES)]
            given = f"{GIVEN[n % len(GIVEN)]} {GIVEN[(n // len(GIVEN)) % len(GIVEN)]} {n}"
            if seat == standing - 1:
                party = ("", "INDEPENDENT", "")
            else:
                p = (n * 7) % args.parties + 1
                party = (str(p), f"Party Number {p}", f"PN{p}")
            out.write(f"{surname},{given},{places},{party[0]},{party[1]},{party[2]}\n")


if __name__ == "__main__":
    main()
