#!/usr/bin/env python3
"""Reference embeddings for kbner-encoder's agreement test.

Embeds a few biomedical strings with sentence-transformers (PyTorch, CPU) from
the same model directory the Rust encoder loads, and writes them as JSON:

    pip install sentence-transformers
    python crates/kbner-encoder/scripts/reference_embeddings.py \
        [MODEL_DIR] [OUT_JSON]

Defaults: .data/models/all-MiniLM-L6-v2 and
crates/kbner-encoder/tests/fixtures/minilm_reference.json (relative to the
workspace root). The Rust test (tests/minilm.rs) compares against the file, so
it needs no Python at test time.
"""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MODEL_DIR = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".data/models/all-MiniLM-L6-v2"
OUT = (
    Path(sys.argv[2])
    if len(sys.argv) > 2
    else ROOT / "crates/kbner-encoder/tests/fixtures/minilm_reference.json"
)

TEXTS = [
    "heart attack",
    "myocardial infarction",
    "Type 2 diabetes mellitus",
    "non-small cell lung carcinoma",
    "BRCA1",
    "acute lymphoblastic leukemia (ALL)",
    "Epiphyseal Dysplasia of Femoral Head, Myopia, and Deafness",
    "tumor necrosis factor-alpha",
    "chronic kidney disease stage 3",
    "Alzheimer's disease",
    "hepatocellular carcinoma",
    "bicycle",
]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import sentence_transformers
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    model = SentenceTransformer(str(MODEL_DIR), device="cpu")
    emb = model.encode(TEXTS, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    out = {
        "model": MODEL_DIR.name,
        "produced_by": "crates/kbner-encoder/scripts/reference_embeddings.py",
        "sentence_transformers": sentence_transformers.__version__,
        "torch": torch.__version__,
        "pooling": "mean",
        "normalized": True,
        "texts": TEXTS,
        "embeddings": [[round(float(x), 7) for x in row] for row in emb],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {len(TEXTS)} x {emb.shape[1]} to {OUT}")


if __name__ == "__main__":
    main()
