#!/usr/bin/env python3
"""Runs QuickUMLS (a benchmark peer) over a PubTator corpus and writes its matches as PubTator.

Each document's text is the title, one space and the abstract, as PubTator offsets imply. The
matcher's answer is a list of groups, one per matched n-gram, each holding that span's candidate
concepts best first; every group becomes one mention line with its best candidate's concept id
(the MEDIC id setup.sh used as the CUI) and type `Disease`. With `--best-match` (QuickUMLS's
default) the matcher itself keeps only non-overlapping groups, the best-scoring first; without it,
every group is written, overlapping or not.

Timing (printed and written as JSON): the load (spaCy model, stop words, databases) separately from
matching; per document, the time of spaCy parsing + matching, as median and mean, and documents per
second over the matching time alone. One process, one thread of Python.

Run it with the venv setup.sh made:
  .data/peer/venv/bin/python benches/peer/quickumls/run.py \
      --index .data/peer/quickumls-medic-lower --input NCBItestset_corpus.txt \
      --threshold 1.0 --out pred.pubtator --timing timing.json
"""

import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DEFAULT_NLTK = os.path.join(ROOT, ".data", "peer", "nltk-stopwords", "nltk_data")


def read_pubtator(path):
    """Yields (pmid, title, abstract) in file order; mention and relation lines are ignored."""
    docs = {}
    order = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            head, sep, rest = line.partition("|")
            if sep and rest[:2] in ("t|", "a|") and "\t" not in head:
                if head not in docs:
                    docs[head] = ["", ""]
                    order.append(head)
                docs[head][0 if rest[0] == "t" else 1] = rest[2:]
            elif "\t" not in line:
                sys.exit(f"{path}:{lineno}: neither a title/abstract line nor an annotation")
    for pmid in order:
        yield pmid, docs[pmid][0], docs[pmid][1]


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True, help="QuickUMLS index directory (setup.sh built it)")
    ap.add_argument("--input", required=True, help="PubTator file with the documents to tag")
    ap.add_argument("--threshold", type=float, default=0.7, help="minimum similarity (QuickUMLS: 0.7)")
    ap.add_argument(
        "--similarity",
        default="jaccard",
        choices=["dice", "jaccard", "cosine", "overlap"],
        help="similarity measure (QuickUMLS: jaccard)",
    )
    ap.add_argument("--window", type=int, default=5, help="longest n-gram in tokens (QuickUMLS: 5)")
    ap.add_argument(
        "--best-match",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep only non-overlapping matches, best first (QuickUMLS's default)",
    )
    ap.add_argument(
        "--overlapping-criteria",
        default="score",
        choices=["score", "length"],
        help="how --best-match ranks overlapping groups (QuickUMLS: score)",
    )
    ap.add_argument("--type", default="Disease", help="entity type written for every match")
    ap.add_argument("--out", required=True, help="PubTator file to write")
    ap.add_argument("--timing", required=True, help="JSON file to write the timings to")
    return ap.parse_args()


def main():
    args = parse_args()
    if not os.path.isdir(args.index):
        sys.exit(f"--index {args.index}: no such directory (run benches/peer/quickumls/setup.sh)")
    # QuickUMLS would try to download the stop words; they come from the shared data instead,
    # unpacked by setup.sh beside the index (or wherever NLTK_DATA says).
    if "NLTK_DATA" not in os.environ:
        beside = os.path.join(os.path.dirname(os.path.abspath(args.index)), "nltk-stopwords", "nltk_data")
        os.environ["NLTK_DATA"] = beside if os.path.isdir(beside) else DEFAULT_NLTK
    stop = os.path.join(os.environ["NLTK_DATA"], "corpora", "stopwords", "english")
    if not os.path.isfile(stop):
        sys.exit(f"no NLTK stop words at {stop} (run setup.sh, or set NLTK_DATA)")
    docs = list(read_pubtator(args.input))

    t0 = time.perf_counter()
    from quickumls import QuickUMLS

    matcher = QuickUMLS(
        args.index,
        overlapping_criteria=args.overlapping_criteria,
        threshold=args.threshold,
        window=args.window,
        similarity_name=args.similarity,
    )
    load_s = time.perf_counter() - t0

    per_doc = []
    mentions = 0
    crossing = 0
    out_tmp = args.out + ".tmp"
    with open(out_tmp, "w", encoding="utf-8") as out:
        for pmid, title, abstract in docs:
            text = title + " " + abstract
            t = time.perf_counter()
            # `QuickUMLS.match` drops its best_match argument (1.4.2 always passes the default
            # True), so the parse and `_match` are called as `match` does, with the argument.
            groups = matcher._match(matcher.nlp(text), best_match=args.best_match)
            per_doc.append(time.perf_counter() - t)
            out.write(f"{pmid}|t|{title}\n{pmid}|a|{abstract}\n")
            lines = []
            for group in groups:
                best = group[0]  # candidates come sorted best first (similarity + preferred)
                start, end = best["start"], best["end"]
                if start < len(title) < end:
                    crossing += 1  # a span across the title/abstract boundary: not a mention
                    continue
                lines.append((start, end, text[start:end], best["cui"]))
            for start, end, surface, cui in sorted(set(lines)):
                out.write(f"{pmid}\t{start}\t{end}\t{surface}\t{args.type}\t{cui}\n")
                mentions += 1
            out.write("\n")
    os.replace(out_tmp, args.out)

    total = sum(per_doc)
    ms = [s * 1000 for s in per_doc]
    timing = {
        "tool": "QuickUMLS",
        "index": os.path.abspath(args.index),
        "lowercase_index": os.path.exists(os.path.join(args.index, "lowercase.flag")),
        "input": os.path.abspath(args.input),
        "threshold": args.threshold,
        "similarity": args.similarity,
        "window": args.window,
        "best_match": args.best_match,
        "overlapping_criteria": args.overlapping_criteria,
        "documents": len(docs),
        "mentions": mentions,
        "dropped_across_title_abstract": crossing,
        "load_s": load_s,
        "match_total_s": total,
        "docs_per_s": len(docs) / total if total > 0 else None,
        "ms_per_doc_median": statistics.median(ms) if ms else None,
        "ms_per_doc_mean": statistics.fmean(ms) if ms else None,
        "ms_per_doc_min": min(ms) if ms else None,
        "ms_per_doc_max": max(ms) if ms else None,
    }
    with open(args.timing + ".tmp", "w", encoding="utf-8") as f:
        json.dump(timing, f, indent=2)
        f.write("\n")
    os.replace(args.timing + ".tmp", args.timing)
    print(
        f"QuickUMLS {os.path.basename(os.path.normpath(args.index))} threshold={args.threshold} "
        f"{args.similarity} window={args.window} best_match={args.best_match}: "
        f"{len(docs)} documents, {mentions} mentions -> {args.out}"
    )
    if crossing:
        print(f"  {crossing} matches across the title/abstract boundary dropped")
    if ms:
        print(
            f"  load {load_s:.2f} s; matching {total:.2f} s: {timing['docs_per_s']:.1f} docs/s, "
            f"ms/doc median {timing['ms_per_doc_median']:.1f}, mean {timing['ms_per_doc_mean']:.1f} "
            f"(min {timing['ms_per_doc_min']:.1f}, max {timing['ms_per_doc_max']:.1f})"
        )


if __name__ == "__main__":
    main()
