#!/usr/bin/env python3
"""Writes the hand-made .xlsx seeds of the fuzz corpus (Tests/Fuzz/corpus/xlsx/).

Each is a minimal OOXML package written part by part, so every byte is known: a valid seed
workbook, in deflated and in stored form (libFuzzer's mutations reach the XML of a stored part
directly), and edge cases the reader must refuse clearly. Run it again after changing it; the
output is deterministic.
"""
import os
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "xlsx")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="site_settings" sheetId="1" r:id="rId1"/><sheet name="notes" sheetId="2" r:id="rId2"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
SHARED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>title</t></si><si><t>data_schemas</t></si><si><r><t>My</t></r><r><t xml:space="preserve">Candidate</t></r><rPh><t>x</t></rPh></si><si><t>{"ward": {"file": "ward.csv", "locator": ["Ward Code", "Ward Name"], "kind": "single_member"},}</t></si></sst>"""
SHEET1 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>logo_colour</t></is></c><c r="D1" t="inlineStr"><is><t>ward_explainer</t></is></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="inlineStr"><is><t>#30474A_x000D_</t></is></c><c r="D2" t="str"><v>Vote for one.</v></c></row></sheetData></worksheet>"""
SHEET2 = """<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c><x:v>42</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c r="AA1"><x:v>1E3</x:v></x:c></x:row><x:row r="5"><x:c r="B5" t="n"><x:v>-0.25</x:v></x:c></x:row></x:sheetData></x:worksheet>"""

VALID = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": ROOT_RELS,
    "xl/workbook.xml": WORKBOOK,
    "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    "xl/sharedStrings.xml": SHARED,
    "xl/worksheets/sheet1.xml": SHEET1,
    "xl/worksheets/sheet2.xml": SHEET2,
}


def write(name, parts, compression=zipfile.ZIP_DEFLATED):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w", compression) as archive:
        for part, text in parts.items():
            # A fixed date, so the bytes are the same on every run.
            info = zipfile.ZipInfo(part, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)


os.makedirs(HERE, exist_ok=True)
write("valid-deflated.xlsx", VALID)
write("valid-stored.xlsx", VALID, zipfile.ZIP_STORED)
# No root relationships: the reader falls back to xl/workbook.xml.
write("no-root-rels.xlsx", {k: v for k, v in VALID.items() if k != "_rels/.rels"}, zipfile.ZIP_STORED)
# A sheet whose part is missing, and a shared string index that does not exist.
write("missing-sheet.xlsx", {k: v for k, v in VALID.items() if k != "xl/worksheets/sheet2.xml"}, zipfile.ZIP_STORED)
bad_index = dict(VALID)
bad_index["xl/worksheets/sheet1.xml"] = SHEET1.replace("<v>3</v>", "<v>99</v>")
write("bad-shared-string.xlsx", bad_index, zipfile.ZIP_STORED)
# Cut-short XML and an external entity declaration (refused, never resolved).
cut = dict(VALID)
cut["xl/worksheets/sheet1.xml"] = SHEET1[:200]
write("truncated-sheet.xlsx", cut, zipfile.ZIP_STORED)
xxe = dict(VALID)
xxe["xl/sharedStrings.xml"] = SHARED.replace("<sst ", '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/hostname">]><sst ').replace("<t>title</t>", "<t>&x;</t>")
write("external-entity.xlsx", xxe, zipfile.ZIP_STORED)
# Invalid JSON in data_schemas, and an out-of-range cell reference.
json = dict(VALID)
json["xl/sharedStrings.xml"] = SHARED.replace('"kind": "single_member"},}', '"kind": [}')
write("bad-json.xlsx", json, zipfile.ZIP_STORED)
far = dict(VALID)
far["xl/worksheets/sheet2.xml"] = SHEET2.replace('r="AA1"', 'r="XFE1"')
write("bad-reference.xlsx", far, zipfile.ZIP_STORED)
