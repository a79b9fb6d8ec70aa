#!/usr/bin/env python3
"""Writes CTD MEDIC (as distributed with BioSyn) as the two UMLS files QuickUMLS installs from.

MEDIC lines are `ID[|ID...]||name[|synonym...]`. Each concept becomes one "CUI": its first id,
written the way NCBI-disease and BC5CDR write MEDIC ids (MeSH `D...`/`C...` bare, OMIM as
`OMIM:n`), so that matches come out in the gold corpora's namespace. Every name is one MRCONSO row
(language ENG; the first name is the preferred one, `ISPREF=Y`), and every concept gets semantic
type T047 (Disease or Syndrome) in MRSTY, one of QuickUMLS's default accepted types.

Usage: medic_to_rrf.py MEDIC_TXT OUT_DIR   (writes OUT_DIR/MRCONSO.RRF and OUT_DIR/MRSTY.RRF)
"""

import os
import sys


def medic_cui(raw):
    """The id QuickUMLS reports for a MEDIC concept: `608446` -> `OMIM:608446`, `D009203` as is."""
    raw = raw.strip()
    return "OMIM:" + raw if raw.isdigit() else raw


def convert(medic_path, out_dir):
    """Writes the two files; returns (concepts, names)."""
    os.makedirs(out_dir, exist_ok=True)
    concepts = names_written = 0
    seen_cuis = set()
    conso_tmp = os.path.join(out_dir, "MRCONSO.RRF.tmp")
    sty_tmp = os.path.join(out_dir, "MRSTY.RRF.tmp")
    with open(medic_path, encoding="utf-8") as src, open(
        conso_tmp, "w", encoding="utf-8"
    ) as conso, open(sty_tmp, "w", encoding="utf-8") as sty:
        for lineno, line in enumerate(src, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            ids_part, sep, names_part = line.partition("||")
            ids = [i for i in ids_part.split("|") if i.strip()]
            if not sep or not ids:
                sys.exit(f"{medic_path}:{lineno}: expected `ID[|ID...]||name[|synonym...]`")
            cui = medic_cui(ids[0])
            if cui in seen_cuis:
                sys.exit(f"{medic_path}:{lineno}: concept id {cui} listed twice")
            seen_cuis.add(cui)
            names = []
            for n in names_part.split("|"):
                n = n.strip()
                if n and n not in names:
                    names.append(n)
            if not names:
                continue
            concepts += 1
            for k, name in enumerate(names):
                pref = "Y" if k == 0 else "N"
                tty = "PT" if k == 0 else "SY"
                aui = f"A{names_written:08d}"
                # CUI|LAT|TS|LUI|STT|SUI|ISPREF|AUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF|
                conso.write(
                    f"{cui}|ENG|P|L{names_written:07d}|PF|S{names_written:07d}|{pref}|{aui}||"
                    f"{cui}||MEDIC|{tty}|{cui}|{name}|0|N||\n"
                )
                names_written += 1
            # CUI|TUI|STN|STY|ATUI|CVF|
            sty.write(f"{cui}|T047|B2.2.1.2.1|Disease or Syndrome|AT{concepts:08d}||\n")
    os.replace(conso_tmp, os.path.join(out_dir, "MRCONSO.RRF"))
    os.replace(sty_tmp, os.path.join(out_dir, "MRSTY.RRF"))
    return concepts, names_written


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    concepts, names = convert(sys.argv[1], sys.argv[2])
    print(f"MEDIC -> {sys.argv[2]}: {concepts} concepts, {names} MRCONSO rows (ENG), MRSTY T047")


if __name__ == "__main__":
    main()
