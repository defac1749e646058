#!/usr/bin/env python3
"""Writes a synthetic South-African-shaped party-list CSV of any size to stdout.

Invented names only; every row is distinct so the importer drops no duplicates. Used by the
benchmarks to measure import, snapshot load and memory at scale.
"""
import argparse
import sys

GIVEN = ["Amani", "Thandi", "Kofi", "Lindiwe", "Baraka", "Naledi", "Otieno", "Zola", "Wanjiru", "Sipho",
         "Achieng", "Lerato", "Jabari", "Mpho", "Nia", "Tumelo", "Imani", "Kagiso", "Zawadi", "Ayanda"]
SURNAMES = ["Mbeki-Osei", "Van der Berg", "Ochieng", "Dlamini", "Mwangi", "O'Connell", "Khumalo", "Njoroge",
            "McAllister", "Botha", "Wekesa", "Nkosi", "Kamau", "du Plessis", "Mutua", "Zulu", "Naidoo", "Müller"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=1_000_000)
    parser.add_argument("--parties", type=int, default=50)
    parser.add_argument("--areas", type=int, default=500)
    parser.add_argument("--area-names", default="",
                        help="comma-separated list_type values, one per area (overrides --areas' 'Area NNN')")
    args = parser.parse_args()
    names = [name.strip() for name in args.area_names.split(",") if name.strip()]
    if names:
        args.areas = len(names)

    out = sys.stdout
    out.write("party,list_type,orderno,idnumber,full_names,surname,age\n")
    per_list = max(1, args.candidates // (args.parties * args.areas))
    written = 0
    position = 0
    while written < args.candidates:
        # Fill one (area, party) list at a time so list positions run 1..n as in real files.
        list_index = written // per_list
        area = list_index // args.parties % args.areas
        party = list_index % args.parties
        position = written % per_list + 1
        given = GIVEN[written % len(GIVEN)] + " " + GIVEN[(written // 7) % len(GIVEN)]
        surname = SURNAMES[(written // 3) % len(SURNAMES)] + f" {written}"
        area_name = names[area] if names else f"Area {area:03d}"
        out.write(f"Party {party:02d},{area_name},{position},800101*******,{given},{surname},{18 + written % 70}\n")
        written += 1


if __name__ == "__main__":
    main()
