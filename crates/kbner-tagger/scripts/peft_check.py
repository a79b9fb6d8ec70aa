#!/usr/bin/env python3
"""Loads a kbner LoRA adapter into PyTorch PEFT and checks that it is the same model.

    python3 -m venv /tmp/torchbench && /tmp/torchbench/bin/pip install torch transformers peft gguf safetensors
    /tmp/torchbench/bin/python crates/kbner-tagger/scripts/peft_check.py \
        --gguf .data/models/SmolLM2-135M-Instruct.Q4_1.gguf --adapter ADAPTER_DIR \
        --gold /tmp/nerdata/ncbi-disease/iob/test.tsv --pred PRED.jsonl [--n 200]

1. Builds LlamaForTokenClassification (3 labels) from the GGUF base, then
   `PeftModel.from_pretrained(model, ADAPTER_DIR)` with kbner's adapter_config.json and
   adapter_model.safetensors, and checks every tensor of the file landed in the model under
   PEFT's names (`…lora_A.default.weight`, `…score.modules_to_save.default.weight`) with equal
   values: the naming is PEFT's.
2. Tags the first N sentences of the gold IOB file with PEFT (bidirectional: a padding-only 4D
   mask, as kbner does) and compares word labels with kbner's predictions (`kbner tag` JSONL of
   the same file): the numbers are the same model's.
"""
import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def read_iob(path):
    sents, cur = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append(line.split("\t")[0])
    if cur:
        sents.append(cur)
    return sents


def kbner_word_labels(pred_path, sents):
    """kbner's IOB reader joins tokens by one space and sentences by a newline."""
    doc = json.loads(Path(pred_path).read_text(encoding="utf-8").splitlines()[0])
    starts, pos = {}, 0
    spans = []
    for s in sents:
        sp = []
        for w in s:
            sp.append((pos, pos + len(w)))
            starts[pos] = (len(spans), len(sp) - 1)
            pos += len(w) + 1
        spans.append(sp)
    labels = [[0] * len(s) for s in sents]
    for e in doc["entities"]:
        si, wi = starts[e["start"]]
        labels[si][wi] = 1
        for k, (a, b) in enumerate(spans[si]):
            if a > e["start"] and b <= e["end"]:
                labels[si][k] = 2
    return labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gguf", required=True)
    ap.add_argument("--adapter", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--dataset", default="NCBI-disease")
    ap.add_argument("--type", default="Disease")
    a = ap.parse_args()

    import torch
    from safetensors.torch import load_file
    from tokenizers import pre_tokenizers
    from transformers import AutoTokenizer, LlamaForTokenClassification
    from peft import PeftModel

    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    g = Path(a.gguf)
    model = LlamaForTokenClassification.from_pretrained(str(g.parent), gguf_file=g.name, num_labels=3)
    tok = AutoTokenizer.from_pretrained(str(g.parent), gguf_file=g.name)
    # transformers ignores tokenizer.ggml.pre; SmolLM2 splits digits one by one.
    tok.backend_tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True),
        ]
    )
    peft_model = PeftModel.from_pretrained(model, a.adapter)
    peft_model.eval()

    saved = load_file(str(Path(a.adapter) / "adapter_model.safetensors"))
    state = peft_model.state_dict()
    matched, missing, different = 0, [], []
    for k, v in saved.items():
        if ".lora_A." in k or ".lora_B." in k:
            name = k.replace(".lora_A.weight", ".lora_A.default.weight").replace(".lora_B.weight", ".lora_B.default.weight")
        else:
            name = k.replace(".score.", ".score.modules_to_save.default.")
        if name not in state:
            missing.append(k)
        elif not torch.equal(state[name].float(), v.float()):
            different.append(k)
        else:
            matched += 1
    print(f"adapter tensors: {len(saved)}, found in the PEFT model with equal values: {matched}, "
          f"not found: {len(missing)}, different: {len(different)}")
    for k in (missing + different)[:5]:
        print("  problem:", k)

    sents = read_iob(a.gold)[: a.n]
    kb = kbner_word_labels(a.pred, read_iob(a.gold))[: a.n]
    instr = f"If any {a.type} entity is mentioned in the {a.dataset} input, extract it. ##input: "
    agree = total = sent_equal = 0
    with torch.no_grad():
        for s, kl in zip(sents, kb):
            text = instr
            spans = []
            for i, w in enumerate(s):
                if i:
                    text += " "
                spans.append((len(text), len(text) + len(w)))
                text += w
            enc = tok(text, return_offsets_mapping=True, add_special_tokens=False)
            ids = torch.tensor([enc["input_ids"]])
            mask = torch.zeros((1, 1, ids.shape[1], ids.shape[1]))
            logits = peft_model(input_ids=ids, attention_mask=mask).logits[0]
            labels, t = [], 0
            offs = enc["offset_mapping"]
            for ws, we in spans:
                while t < len(offs) and offs[t][1] <= ws:
                    t += 1
                labels.append(int(logits[t].argmax()) if t < len(offs) and offs[t][0] < we else 0)
                t += 1
            # kbner's decoder reads I after O as a start; compare entity-bearing labels as kbner emits them.
            norm = []
            for i, l in enumerate(labels):
                norm.append(1 if l == 2 and (i == 0 or norm[-1] == 0) else l)
            agree += sum(x == y for x, y in zip(norm, kl))
            total += len(kl)
            sent_equal += norm == kl
    print(f"word labels equal to kbner's: {agree}/{total} ({100 * agree / max(total, 1):.2f}%), "
          f"sentences identical: {sent_equal}/{len(sents)}")
    ok = not missing and not different and agree / max(total, 1) > 0.99
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
