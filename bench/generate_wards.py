#!/usr/bin/env python3
"""Writes a synthetic Kenyan-shaped ward ballot CSV to stdout: counties, constituencies and
wards in a hierarchy (codes repeat across levels, as in the real files), a few candidates per
ward, most with a party and some independent.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counties", type=int, default=47)
    parser.add_argument("--constituencies", type=int, default=290)
    parser.add_argument("--wards", type=int, default=1450)
    parser.add_argument("--per-ward", type=int, default=10)
    parser.add_argument("--parties", type=int, default=40)
    args = parser.parse_args()

    out = sys.stdout
    out.write("Surname,Other Names,County Code,County Name,Constituency Code,Constituency Name,"
              "Ward Code,Ward Name,Party Code,Political Party Name,Abbrv\n")
    for ward in range(1, args.wards + 1):
        constituency = (ward - 1) * args.constituencies // args.wards + 1
        county = (constituency - 1) * args.counties // args.constituencies + 1
        names = [f"{PLACES[county % len(PLACES)]} County {county}",
                 f"{PLACES[constituency % len(PLACES)]} North {constituency}",
                 f"{PLACES[ward % len(PLACES)]} Ward {ward}"]
        for seat in range(args.per_ward):
            n = ward * args.per_ward + seat
            surname = SURNAMES[n % len(SURNAMES)]
            given = f"{GIVEN[n % len(GIVEN)]} {GIVEN[(n // len(GIVEN)) % len(GIVEN)]} {n}"
            if seat == args.per_ward - 1:
                party = ("", "INDEPENDENT", "")
            else:
                p = (n * 7) % args.parties + 1
                party = (str(p), f"Party Number {p}", f"PN{p}")
            out.write(f"{surname},{given},{county},{names[0]},{constituency},{names[1]},"
                      f"{ward},{names[2]},{party[0]},{party[1]},{party[2]}\n")


if __name__ == "__main__":
    main()
