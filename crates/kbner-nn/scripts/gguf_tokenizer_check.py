#!/usr/bin/env python3
"""Reference token ids for kbner-nn's GGUF tokenizer test (tests/gguf.rs).

Builds SmolLM2's tokenizer with Hugging Face `tokenizers` from the GGUF file
itself (transformers reads vocab, merges and special tokens from the
`tokenizer.ggml.*` metadata; no model hub access is needed) and writes the ids
and byte offsets of a fixed set of strings as JSON:

    pip install --target /tmp/tokref 'transformers==4.*' gguf tokenizers
    PYTHONPATH=/tmp/tokref python crates/kbner-nn/scripts/gguf_tokenizer_check.py \
        [--gguf PATH] [--out FIXTURE_JSON] [--corpus PUBTATOR_TXT --corpus-out JSON --limit N]

Defaults: .data/models/SmolLM2-135M-Instruct.Q4_1.gguf and
crates/kbner-nn/tests/fixtures/smollm2_token_ids.json (relative to the
workspace root). `--corpus` also writes ids for the first N titles/abstract
sentences of a PubTator file; point the Rust test at that file with
KBNER_GGUF_TOKREF=JSON to compare on it too.

Why the pre-tokenizer is replaced: transformers' GGUF converter ignores
`tokenizer.ggml.pre` and always uses plain ByteLevel, while SmolLM2's own
tokenizer.json (and llama.cpp's "smollm" pre-tokenizer) first splits digits
one by one: Sequence[Digits(individual_digits=True), ByteLevel(add_prefix_space=False)].
The script uses the latter, which is what the model was trained with, and
prints how many strings the plain transformers tokenizer would get differently.
The post-processor is ByteLevel(add_prefix_space=False, trim_offsets=True), as in the Rust tokenizer,
so that offsets can be compared as well.
"""
import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

TEXTS = [
    "Hello world",
    "IL-2Rα",
    "5-fluorouracil (5-FU)",
    "β-thalassemia",
    "  double  spaces\tand tabs\n",
    "Germline mutations in BRCA1 and BRCA2 confer a high risk of breast cancer.",
    "The ATP7B gene maps to chromosome 13q14.3-q21.1.",
    "Patients received 5 mg/kg of cisplatin on days 1, 8 and 15.",
    "TNF-α and IL-1β levels were elevated (p < 0.001).",
    "Duchenne muscular dystrophy (DMD) is an X-linked disorder.",
    "CYP2D6*4 poor metabolizers",
    "HbA1c ≥ 6.5% (48 mmol/mol)",
    "Na+/K+-ATPase",
    "von Willebrand factor",
    "1,000,000 cells/μL at 37°C",
    "Alzheimer's disease isn't hereditary; it's multifactorial.",
    "糖尿病是一种代谢疾病。",
    "مرض السكري هو مرض مزمن",
    "Болезнь Паркинсона",
    "emoji 🧬🦠 test",
    "tabs\tand\r\nwindows newlines\n\n",
    "trailing space ",
    " leading space",
    "<|im_start|>user\nTag the diseases.<|im_end|>\n",
    "<|endoftext|>",
    "x = f(a[0]) + g{b} // comment",
    "ÀÉÎÕÜ àéîõü ñ ç ß",
    "COVID-19 (SARS-CoV-2) mRNA-1273",
    "",
    "   ",
    # Where SmolLM2's digit splitting changes ids (plain ByteLevel would differ):
    "odds ratio  1.8 (n =  64)",
    "aged ٣٤ years",
]


def reference_tokenizer(gguf_path: Path):
    from tokenizers import decoders, pre_tokenizers, processors
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    plain = tok.backend_tokenizer
    ref = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name).backend_tokenizer
    ref.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True),
        ]
    )
    ref.post_processor = processors.ByteLevel(add_prefix_space=False, trim_offsets=True)
    ref.decoder = decoders.ByteLevel()
    return ref, plain


def byte_offsets(text, char_offsets):
    # Python's tokenizers reports char offsets; the Rust test compares byte offsets.
    starts = [0]
    for ch in text:
        starts.append(starts[-1] + len(ch.encode("utf-8")))
    return [[starts[a], starts[b]] for a, b in char_offsets]


def encode_all(ref, plain, texts):
    cases, differ = [], 0
    for text in texts:
        enc = ref.encode(text, add_special_tokens=False)
        if plain.encode(text, add_special_tokens=False).ids != enc.ids:
            differ += 1
        decoded = ref.decode(enc.ids, skip_special_tokens=False)
        assert decoded == text, f"reference does not round-trip {text!r}: {decoded!r}"
        cases.append({"text": text, "ids": enc.ids, "offsets": byte_offsets(text, enc.offsets)})
    return cases, differ


def dump(doc):
    # One case per line: readable diffs without one id per line.
    head = {k: v for k, v in doc.items() if k != "cases"}
    lines = [json.dumps(c, ensure_ascii=False) for c in doc["cases"]]
    body = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return body + ',\n "cases": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def pubtator_sentences(path: Path, limit: int):
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\d+\|[ta]\|(.*)$", line)
        if not m:
            continue
        # Crude sentence split: enough to get many varied, realistic strings.
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", m.group(1)):
            if s.strip():
                out.append(s)
                if len(out) >= limit:
                    return out
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gguf", type=Path, default=ROOT / ".data/models/SmolLM2-135M-Instruct.Q4_1.gguf")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "crates/kbner-nn/tests/fixtures/smollm2_token_ids.json"
    )
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--corpus-out", type=Path)
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args()

    ref, plain = reference_tokenizer(args.gguf)
    cases, differ = encode_all(ref, plain, TEXTS)
    doc = {
        "model": args.gguf.name,
        "reference": "HF tokenizers from the GGUF metadata (transformers), pre-tokenizer "
        "Sequence[Digits(individual), ByteLevel(add_prefix_space=false)], post-processor "
        "ByteLevel(add_prefix_space=false, trim_offsets=true); offsets are byte offsets",
        "cases": cases,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(doc), encoding="utf-8")
    print(f"{args.out}: {len(cases)} strings; plain ByteLevel (transformers' GGUF default) differs on {differ}")

    if args.corpus:
        texts = pubtator_sentences(args.corpus, args.limit)
        cases, differ = encode_all(ref, plain, texts)
        out = args.corpus_out or Path("/tmp/gguf_tokref_corpus.json")
        out.write_text(dump({**doc, "cases": cases}), encoding="utf-8")
        print(f"{out}: {len(cases)} sentences; plain ByteLevel differs on {differ}")


if __name__ == "__main__":
    main()
