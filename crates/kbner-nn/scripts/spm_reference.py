"""Writes tests/fixtures/spm_reference.json: a small SentencePiece BPE model trained the way
Llama-2's was (BPE, byte fallback, digits split, identity normalization, dummy prefix, spaces
kept), and how the SentencePiece library itself tokenizes some texts with it. The GGUF test
rebuilds the tokenizer from the pieces (as `tokenizer.ggml.*` metadata) and must agree.

The training text is this repository's own README.md and ARCHITECTURE.md.

    python -m venv /tmp/spm && /tmp/spm/bin/pip install sentencepiece==0.2.3
    /tmp/spm/bin/python crates/kbner-nn/scripts/spm_reference.py
"""
import io
import json
import pathlib

import sentencepiece as spm

root = pathlib.Path(__file__).resolve().parents[3]
lines = []
for name in ["README.md", "ARCHITECTURE.md"]:
    lines += [l for l in (root / name).read_text(encoding="utf-8").splitlines() if l.strip()]

model = io.BytesIO()
spm.SentencePieceTrainer.train(
    sentence_iterator=iter(lines),
    model_writer=model,
    model_type="bpe",
    vocab_size=1000,
    byte_fallback=True,
    split_digits=True,
    normalization_rule_name="identity",
    remove_extra_whitespaces=False,
    add_dummy_prefix=True,
    character_coverage=0.995,
    minloglevel=2,
)
sp = spm.SentencePieceProcessor(model_proto=model.getvalue())


def kind(i):
    # GGUF token types: 1 normal, 2 unknown, 3 control, 6 byte.
    if sp.is_unknown(i):
        return 2
    if sp.is_control(i):
        return 3
    if sp.is_byte(i):
        return 6
    return 1


pieces = [[sp.id_to_piece(i), sp.get_score(i), kind(i)] for i in range(sp.get_piece_size())]
texts = lines[::7][:150] + [
    "Ataxia - telangiectasia ( A - T ) is a recessive multi - system disorder .",
    "BRCA1 and BRCA2 mutations in 12345 patients: 3.5% (n = 42)",
    "  two leading spaces, and  two  inside",
    "Ünïcödé — 中文 αβγ ✓ tabs\there",
    "",
]
cases = [{"text": t, "pieces": sp.encode(t, out_type=str)} for t in texts]
out = root / "crates/kbner-nn/tests/fixtures/spm_reference.json"
out.write_text(json.dumps({"pieces": pieces, "cases": cases}, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"{out}: {len(pieces)} pieces, {len(cases)} cases")
