#!/usr/bin/env python3
"""Compute seqeval's entity-level scores on the shared IOB test sets, for the Rust agreement test.

Usage: python3 scripts/seqeval_figures.py DATA_DIR > tests/fixtures/seqeval_expected.json
where DATA_DIR holds the unpacked archives (../shared/data/unpack.sh DATA_DIR ncbi-disease bc5cdr bc2gm).
Requires `pip install seqeval==1.2.2`. Only needed to regenerate the fixture, not to run tests.

Two conditions per corpus: gold vs gold, and gold vs a deterministic perturbation of gold (the same
function is implemented in tests/seqeval_agreement.rs) that creates every malformed pattern seqeval
must decode: I- after O, type change inside an entity, B- after I-, truncated entities.
"""
import json
import sys

import seqeval
from seqeval.metrics import f1_score, precision_score, recall_score
from seqeval.metrics.sequence_labeling import precision_recall_fscore_support

CORPORA = ["ncbi-disease", "bc5cdr", "bc2gm"]


def read_iob(path):
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            tok, tag = line.split("\t")[0], line.split("\t")[-1]
            cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def perturb(tags_by_sent, types):
    """Must match `perturb` in tests/seqeval_agreement.rs exactly."""
    types = types + ["Other"]
    out, i = [], 0
    for sent in tags_by_sent:
        new = []
        for t in sent:
            if i % 7 == 3 and t != "O":
                t = "O"
            elif i % 11 == 5 and t == "O":
                t = "I-" + types[i % len(types)]
            elif i % 13 == 0 and t.startswith("I-"):
                t = "B-" + t[2:]
            elif i % 17 == 2 and t != "O":
                t = t[:2] + types[(types.index(t[2:]) + 1) % len(types)]
            new.append(t)
            i += 1
        out.append(new)
    return out


def figures(y_true, y_pred):
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=None)
    labels = sorted({t[2:] for sent in y_true + y_pred for t in sent if t != "O"})
    return {
        "micro": {
            "precision": precision_score(y_true, y_pred),
            "recall": recall_score(y_true, y_pred),
            "f1": f1_score(y_true, y_pred),
        },
        "per_type": {
            lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lab in enumerate(labels)
        },
    }


def main():
    data = sys.argv[1]
    out = {"seqeval_version": seqeval.__version__ if hasattr(seqeval, "__version__") else "1.2.2"}
    for c in CORPORA:
        sents = read_iob(f"{data}/{c}/iob/test.tsv")
        gold = [[t for _, t in s] for s in sents]
        types = sorted({t[2:] for s in gold for t in s if t != "O"})
        pred = perturb(gold, types)
        out[c] = {"gold_vs_gold": figures(gold, gold), "gold_vs_perturbed": figures(gold, pred)}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
