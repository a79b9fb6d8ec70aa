#!/usr/bin/env python3
"""PyTorch baseline for benches/encode.rs: same names, model and batch sizes.

    pip install sentence-transformers
    /work/shared/data/unpack.sh target/shared-data medic
    python crates/kbner-encoder/benches/encode_torch.py

Environment (same as the Rust bench): KBNER_BENCH_N (default 5000),
KBNER_BENCH_NAMES, KBNER_ENCODER, KBNER_BENCH_BATCHES (default 32,64,128),
TORCH_THREADS (default 2). Prints names/s, the median of 3 runs.
"""
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def read_names(path: Path, n: int) -> list[str]:
    seen, out = set(), []
    for line in path.read_text(encoding="utf-8").splitlines():
        rest = line.split("||", 1)[1] if "||" in line else line
        for name in (s.strip() for s in rest.split("|")):
            if name and name not in seen:
                seen.add(name)
                out.append(name)
                if len(out) == n:
                    return out
    return out


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    threads = int(os.environ.get("TORCH_THREADS", "2"))
    torch.set_num_threads(threads)
    n = int(os.environ.get("KBNER_BENCH_N", "5000"))
    names_file = Path(
        os.environ.get(
            "KBNER_BENCH_NAMES", ROOT / "target/shared-data/medic/medic_06Jul2012.txt"
        )
    )
    model_dir = Path(os.environ.get("KBNER_ENCODER", ROOT / ".data/models/all-MiniLM-L6-v2"))
    batches = [int(b) for b in os.environ.get("KBNER_BENCH_BATCHES", "32,64,128").split(",")]
    names = read_names(names_file, n)
    model = SentenceTransformer(str(model_dir), device="cpu")
    # Same window as the Rust encoder's default (names are far shorter anyway).
    model.max_seq_length = 128
    mean_chars = sum(map(len, names)) / len(names)
    print(
        f"torch bench: {len(names)} names (mean {mean_chars:.1f} chars) from {names_file}, "
        f"model {model_dir}, torch {torch.__version__}, threads {torch.get_num_threads()}"
    )
    with torch.inference_mode():
        for bs in batches:
            model.encode(names[:256], batch_size=bs, normalize_embeddings=True)
            rates = []
            for _ in range(3):
                t = time.perf_counter()
                out = model.encode(names, batch_size=bs, normalize_embeddings=True)
                rates.append(len(names) / (time.perf_counter() - t))
                assert out.shape[0] == len(names)
            rates.sort()
            runs = " / ".join(f"{r:.1f}" for r in rates)
            print(
                f"batch {bs:>4}: {statistics.median(rates):>8.1f} names/s "
                f"(median of 3; runs {runs})"
            )


if __name__ == "__main__":
    main()
