#!/usr/bin/env python3
"""PyTorch baseline for the kbner-tagger benches: the same workloads, measured on CPU.

Install (CPU only, outside the repo; no model hub is needed or used):

    python3 -m venv /tmp/torchbench
    /tmp/torchbench/bin/pip install --upgrade pip
    # CPU wheels, where that index is reachable (it is not on the kbner machines):
    #   /tmp/torchbench/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu
    # otherwise the default PyPI wheel (big: it pulls CUDA libraries it never loads here):
    /tmp/torchbench/bin/pip install torch transformers peft gguf safetensors
    bash /work/shared/data/unpack.sh /tmp/nerdata ncbi-disease   # done by the script if missing
    /tmp/torchbench/bin/python crates/kbner-tagger/benches/tagger_torch.py [--json] [--no-checks]

Measured with torch 2.15.0, transformers 5.23.0, peft 0.21.2, gguf 0.19.0 (Python 3.11).

Models, from local files only (HF_HUB_OFFLINE=1):
  * smollm2: SmolLM2-135M-Instruct from .data/models/SmolLM2-135M-Instruct.Q4_1.gguf; transformers
    dequantizes the GGUF to float32 (`AutoModel.from_pretrained(dir, gguf_file=name)` -> LlamaModel)
    and builds the tokenizer from the GGUF metadata too (no BOS is added).  LoRA via PEFT on
    q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj of all 30 blocks, r=16, alpha=32,
    dropout=0.1; the base is frozen; only LoRA + head train.
  * minilm: all-MiniLM-L6-v2 from .data/models/all-MiniLM-L6-v2 as BertModel (no pooler),
    full fine-tune.  [CLS] ... [SEP] are added by its tokenizer.
  Both: a linear head hidden->3 (O,B,I), cross-entropy on the first sub-token of each sentence
  word (everything else -100), AdamW(lr=KBNER_BENCH_LR, default 2e-4, torch's default
  weight_decay 0.01) over the trainable parameters.

Bidirectional Llama: LlamaModel builds its mask with masking_utils.create_causal_mask, which
returns a 4D attention_mask unchanged ("already prepared, or custom").  We pass a float mask of
shape (batch, 1, q_len, k_len) (a broadcast view of (batch, 1, 1, k_len)) that is 0 for real keys
and finfo(float32).min for padded keys: a padding-only mask, no causal triangle.  With a mask
given, the SDPA integration calls scaled_dot_product_attention with is_causal=False; we also set
`self_attn.is_causal = False` on every layer.  The check worker verifies it: the hidden state of
token 0 changes when the last token changes (and does not with the stock causal mask), and a
right-padded sequence gives the same hidden states as the unpadded one.

Data: sentences of $KBNER_BENCH_DATA (default /tmp/nerdata/ncbi-disease/iob/train.tsv: IOB,
`token<TAB>tag`, blank line between sentences), in file order.  Text of a sample =
INSTRUCTION + the sentence's words joined by single spaces.  Word i's first sub-token is the
first token whose character span overlaps the word's span (offset mapping of the fast
tokenizer).  Samples longer than KBNER_BENCH_MAX_LEN tokens (special tokens included) are
skipped and counted.

Workloads (each model x {train, infer} in its own subprocess, so peak RSS is per workload):
  * train: batches of KBNER_BENCH_BATCH consecutive samples, right-padded to the longest in the
    batch.  2 untimed warmup steps on batches 0 and 1, then KBNER_BENCH_STEPS timed steps on
    batches 0..STEPS-1.  Step = forward, loss, backward, AdamW step, zero_grad.  Reports
    median s/step and tokens/s = real (non-padding) tokens of the timed steps / their total time.
  * infer: the first KBNER_BENCH_INFER_N samples in batches of KBNER_BENCH_INFER_BATCH, eval
    mode, inference_mode, forward + argmax of the head (LoRA left unmerged).  One untimed warmup
    batch, then one timed pass over all of them: sentences/s and real tokens/s.
  * Peak RSS: ru_maxrss of the worker process (includes model loading / GGUF dequantization)
    and VmHWM after a reset at the start of the workload (/proc/self/clear_refs "5"), i.e. the
    peak of the measured loop itself.

Environment: TORCH_THREADS (2), KBNER_BENCH_STEPS (24), KBNER_BENCH_BATCH (8),
KBNER_BENCH_INFER_BATCH (32), KBNER_BENCH_INFER_N (256), KBNER_BENCH_MODELS (smollm2,minilm),
KBNER_BENCH_MAX_LEN (128), KBNER_BENCH_LR (2e-4), KBNER_BENCH_DATA, KBNER_SMOLLM2_GGUF,
KBNER_MINILM_DIR.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
INSTRUCTION = "If any Disease entity is mentioned in the NCBI-disease input, extract it. ##input: "
LABELS = {"O": 0, "B": 1, "I": 2}
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
RESULT_TAG = "KBNER_RESULT "


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def settings() -> dict:
    return {
        "threads": env_int("TORCH_THREADS", 2),
        "steps": env_int("KBNER_BENCH_STEPS", 24),
        "batch": env_int("KBNER_BENCH_BATCH", 8),
        "infer_batch": env_int("KBNER_BENCH_INFER_BATCH", 32),
        "infer_n": env_int("KBNER_BENCH_INFER_N", 256),
        "models": [m.strip() for m in os.environ.get("KBNER_BENCH_MODELS", "smollm2,minilm").split(",") if m.strip()],
        "max_len": env_int("KBNER_BENCH_MAX_LEN", 128),
        "lr": float(os.environ.get("KBNER_BENCH_LR", "2e-4")),
        "data": os.environ.get("KBNER_BENCH_DATA", "/tmp/nerdata/ncbi-disease/iob/train.tsv"),
        "smollm2_gguf": os.environ.get(
            "KBNER_SMOLLM2_GGUF", str(ROOT / ".data/models/SmolLM2-135M-Instruct.Q4_1.gguf")
        ),
        "minilm_dir": os.environ.get("KBNER_MINILM_DIR", str(ROOT / ".data/models/all-MiniLM-L6-v2")),
    }


# ---------------------------------------------------------------------------------------------
# data


def read_iob(path: str) -> list[tuple[list[str], list[int]]]:
    sents, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            tok, tag = line.split("\t")[:2]
            words.append(tok)
            tags.append(LABELS[tag.split("-", 1)[0]])
    if words:
        sents.append((words, tags))
    return sents


def encode_all(tok, sents, max_len: int):
    """Tokenize every sentence; returns (kept samples, stats). A sample = (ids, labels)."""
    kept, skipped, collisions, unmatched = [], 0, 0, 0
    lens_all = []
    for words, tags in sents:
        text = INSTRUCTION + " ".join(words)
        spans, pos = [], len(INSTRUCTION)
        for w in words:
            spans.append((pos, pos + len(w)))
            pos += len(w) + 1
        enc = tok(text, return_offsets_mapping=True, return_special_tokens_mask=True, add_special_tokens=True)
        ids, offs, special = enc["input_ids"], enc["offset_mapping"], enc["special_tokens_mask"]
        lens_all.append(len(ids))
        if len(ids) > max_len:
            skipped += 1
            continue
        labels = [-100] * len(ids)
        j, last = 0, -1
        for (ws, we), lab in zip(spans, tags):
            while j < len(ids) and (special[j] or offs[j][1] <= ws):
                j += 1
            if j < len(ids) and offs[j][0] < we:
                if j == last:
                    collisions += 1
                labels[j] = lab
                last = j
            else:
                unmatched += 1
        kept.append((ids, labels))
    n_instr = len(tok(INSTRUCTION.rstrip(), add_special_tokens=False)["input_ids"])
    lens_kept = [len(ids) for ids, _ in kept]
    stats = {
        "sentences": len(sents),
        "kept": len(kept),
        "skipped_over_max_len": skipped,
        "mean_tokens_all": sum(lens_all) / max(1, len(lens_all)),
        "mean_tokens_kept": sum(lens_kept) / max(1, len(lens_kept)),
        "max_tokens_all": max(lens_all) if lens_all else 0,
        "instruction_tokens_no_specials": n_instr,
        "first_subtoken_collisions": collisions,
        "words_without_token": unmatched,
        "mean_words_per_sentence": sum(len(w) for w, _ in sents) / max(1, len(sents)),
    }
    return kept, stats


def collate(samples, pad_id: int):
    import torch

    n, L = len(samples), max(len(ids) for ids, _ in samples)
    ids = torch.full((n, L), pad_id, dtype=torch.long)
    labels = torch.full((n, L), -100, dtype=torch.long)
    mask = torch.zeros((n, L), dtype=torch.long)
    for i, (s_ids, s_lab) in enumerate(samples):
        k = len(s_ids)
        ids[i, :k] = torch.tensor(s_ids)
        labels[i, :k] = torch.tensor(s_lab)
        mask[i, :k] = 1
    return ids, mask, labels


# ---------------------------------------------------------------------------------------------
# models


def build(model_name: str, cfg: dict, lora: bool = True):
    """Returns (tagger module, tokenizer, pad_id, info)."""
    import torch
    from torch import nn

    info = {}
    if model_name == "smollm2":
        from transformers import AutoModel, AutoTokenizer

        gguf = Path(cfg["smollm2_gguf"])
        tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        backbone = AutoModel.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
        for layer in backbone.layers:
            layer.self_attn.is_causal = False  # belt and braces; the 4D mask is what matters
        hidden = backbone.config.hidden_size
        pad_id = tok.pad_token_id if tok.pad_token_id is not None else 0
        info["attn_implementation"] = backbone.config._attn_implementation
        if lora:
            from peft import LoraConfig, get_peft_model

            lcfg = LoraConfig(r=16, lora_alpha=32, lora_dropout=0.1, target_modules=LORA_TARGETS, bias="none")
            backbone = get_peft_model(backbone, lcfg)
        model = Tagger(backbone, hidden, bidirectional_llama=True)
    elif model_name == "minilm":
        from transformers import AutoTokenizer, BertModel

        tok = AutoTokenizer.from_pretrained(cfg["minilm_dir"])
        backbone = BertModel.from_pretrained(cfg["minilm_dir"], add_pooling_layer=False)
        hidden = backbone.config.hidden_size
        pad_id = tok.pad_token_id if tok.pad_token_id is not None else 0
        info["attn_implementation"] = backbone.config._attn_implementation
        model = Tagger(backbone, hidden, bidirectional_llama=False)
    else:
        raise SystemExit(f"unknown model {model_name!r} (know smollm2, minilm)")
    info["params_total"] = sum(p.numel() for p in model.parameters())
    info["params_trainable"] = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return model, tok, pad_id, info


def padding_only_mask(mask2d, dtype):
    """(batch, L) 0/1 -> (batch, 1, L, L) float: 0 where the key is real, min where padded."""
    import torch

    b, L = mask2d.shape
    m = torch.zeros((b, 1, 1, L), dtype=dtype)
    m.masked_fill_(mask2d[:, None, None, :] == 0, torch.finfo(dtype).min)
    return m.expand(b, 1, L, L)


def _tagger_class():
    from torch import nn

    class _Tagger(nn.Module):
        def __init__(self, backbone, hidden: int, bidirectional_llama: bool):
            super().__init__()
            self.backbone = backbone
            self.head = nn.Linear(hidden, 3)
            self.bidirectional_llama = bidirectional_llama

        def hidden(self, ids, mask2d, causal_stock: bool = False):
            if self.bidirectional_llama:
                am = mask2d if causal_stock else padding_only_mask(mask2d, self.head.weight.dtype)
                out = self.backbone(input_ids=ids, attention_mask=am, use_cache=False)
            else:
                out = self.backbone(input_ids=ids, attention_mask=mask2d)
            return out.last_hidden_state

        def forward(self, ids, mask2d):
            return self.head(self.hidden(ids, mask2d))

    return _Tagger


def Tagger(*a, **k):
    return _tagger_class()(*a, **k)


# ---------------------------------------------------------------------------------------------
# worker side


def rss_now_kb() -> dict:
    out = {}
    try:
        for line in open("/proc/self/status"):
            if line.startswith(("VmRSS:", "VmHWM:")):
                k, v = line.split(":")
                out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def worker(model_name: str, workload: str) -> dict:
    import resource

    import torch
    import torch.nn.functional as F
    import transformers
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    cfg = settings()
    torch.set_num_threads(cfg["threads"])
    torch.manual_seed(0)
    res = {"model": model_name, "workload": workload, "threads": torch.get_num_threads()}
    versions = {"python": sys.version.split()[0], "torch": torch.__version__, "transformers": transformers.__version__}
    try:
        import peft

        versions["peft"] = peft.__version__
    except ImportError:
        pass
    try:
        from importlib.metadata import version

        versions["gguf"] = version("gguf")
    except Exception:
        pass
    res["versions"] = versions

    t0 = time.perf_counter()
    model, tok, pad_id, info = build(model_name, cfg)
    res["load_s"] = time.perf_counter() - t0
    res.update(info)
    sents = read_iob(cfg["data"])
    samples, stats = encode_all(tok, sents, cfg["max_len"])
    res["data"] = stats
    res["rss_after_load_mb"] = rss_now_kb().get("VmRSS", 0) / 1024
    res["loadavg_start"] = os.getloadavg()[0]

    if workload == "check":
        res.update(run_checks(model, model_name, samples, pad_id))
    elif workload == "train":
        res["hwm_reset"] = reset_hwm()
        model.train()
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=cfg["lr"])
        b = cfg["batch"]
        batches = [collate(samples[i : i + b], pad_id) for i in range(0, min(len(samples), b * cfg["steps"]), b)]
        if len(batches) < cfg["steps"]:
            raise SystemExit(f"only {len(batches)} batches for {cfg['steps']} steps")

        def step(ids, mask, labels):
            logits = model(ids, mask)
            loss = F.cross_entropy(logits.reshape(-1, 3), labels.reshape(-1), ignore_index=-100)
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)
            return loss.item()

        for ids, mask, labels in batches[:2]:
            step(ids, mask, labels)
        times, toks, padded, losses = [], 0, 0, []
        for ids, mask, labels in batches:
            t = time.perf_counter()
            losses.append(step(ids, mask, labels))
            times.append(time.perf_counter() - t)
            toks += int(mask.sum())
            padded += mask.numel()
        total = sum(times)
        res.update(
            steps=len(times),
            batch=b,
            lr=cfg["lr"],
            median_s_per_step=statistics.median(times),
            mean_s_per_step=total / len(times),
            min_s_per_step=min(times),
            total_s=total,
            real_tokens=toks,
            padded_tokens=padded,
            tokens_per_s=toks / total,
            sentences_per_s=len(times) * b / total,
            step_s=[round(x, 4) for x in times],
            loss_first=losses[0],
            loss_last=losses[-1],
        )
    elif workload == "infer":
        res["hwm_reset"] = reset_hwm()
        model.eval()
        n, b = min(cfg["infer_n"], len(samples)), cfg["infer_batch"]
        batches = [collate(samples[i : min(i + b, n)], pad_id) for i in range(0, n, b)]
        with torch.inference_mode():
            model(batches[0][0], batches[0][1]).argmax(-1)  # warmup
            correct = counted = toks = 0
            t = time.perf_counter()
            for ids, mask, labels in batches:
                pred = model(ids, mask).argmax(-1)
                sel = labels != -100
                correct += int((pred[sel] == labels[sel]).sum())
                counted += int(sel.sum())
                toks += int(mask.sum())
            total = time.perf_counter() - t
        res.update(
            sentences=n,
            batch=b,
            total_s=total,
            real_tokens=toks,
            sentences_per_s=n / total,
            tokens_per_s=toks / total,
            untrained_head_word_acc=correct / max(1, counted),
        )
    else:
        raise SystemExit(f"unknown workload {workload!r}")
    res["loadavg_end"] = os.getloadavg()[0]
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if workload != "check":
        res["workload_peak_rss_mb"] = rss_now_kb().get("VmHWM", 0) / 1024 if res.get("hwm_reset") else None
    return res


def run_checks(model, model_name: str, samples, pad_id: int) -> dict:
    import re

    import torch

    out = {}
    model.eval()
    with torch.inference_mode():
        ids, mask, _ = collate([samples[0]], pad_id)
        ids2 = ids.clone()
        ids2[0, -1] = (ids2[0, -1] + 7) % 1000 + 100
        h = model.hidden(ids, mask)
        h2 = model.hidden(ids2, mask)
        out["token0_change_when_last_token_changes"] = float((h[0, 0] - h2[0, 0]).abs().max())
        if model.bidirectional_llama:
            attns = [m for n, m in model.named_modules() if n.endswith("self_attn")]
            for a in attns:  # the stock model: is_causal=True and a plain 2D mask
                a.is_causal = True
            c = model.hidden(ids, mask, causal_stock=True)
            c2 = model.hidden(ids2, mask, causal_stock=True)
            out["token0_change_stock_causal_mask"] = float((c[0, 0] - c2[0, 0]).abs().max())
            # our 4D padding-only mask alone (is_causal still True) is enough
            m = model.hidden(ids, mask)
            m2 = model.hidden(ids2, mask)
            out["token0_change_4d_mask_only"] = float((m[0, 0] - m2[0, 0]).abs().max())
            for a in attns:
                a.is_causal = False
            out["self_attn_modules"] = len(attns)
        out["bidirectional"] = out["token0_change_when_last_token_changes"] > 1e-4
        out["last_token_position"] = int(ids.shape[1] - 1)
        # right padding must not change the real positions' hidden states
        longer = max(samples[:64], key=lambda s: len(s[0]))
        a_ids, a_mask, _ = collate([samples[0]], pad_id)
        p_ids, p_mask, _ = collate([samples[0], longer], pad_id)
        k = a_ids.shape[1]
        ha = model.hidden(a_ids, a_mask)[0]
        hp = model.hidden(p_ids, p_mask)[0, :k]
        out["padding_invariance_max_abs_diff"] = float((ha - hp).abs().max())
        out["padding_invariance_pad_len"] = int(p_ids.shape[1] - k)
    if model_name == "smollm2":
        per_type, layers = {}, set()
        for name, mod in model.named_modules():
            if hasattr(mod, "lora_A") and len(getattr(mod, "lora_A")) > 0:
                m = re.search(r"layers\.(\d+)\..*\.(\w+)$", name)
                if m:
                    layers.add(int(m.group(1)))
                    per_type[m.group(2)] = per_type.get(m.group(2), 0) + 1
        cfgm = model.backbone.base_model.model.config
        h, inter = cfgm.hidden_size, cfgm.intermediate_size
        kv = cfgm.num_key_value_heads * (h // cfgm.num_attention_heads)
        r = 16
        dims = {"q_proj": (h, h), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (h, h),
                "gate_proj": (h, inter), "up_proj": (h, inter), "down_proj": (inter, h)}
        per_layer = sum(r * (i + o) for i, o in dims.values())
        expected = per_layer * cfgm.num_hidden_layers
        lora_params = sum(p.numel() for n, p in model.named_parameters() if p.requires_grad and "lora_" in n)
        head_params = sum(p.numel() for p in model.head.parameters())
        out.update(
            lora_modules_per_type=per_type,
            lora_layers=len(layers),
            num_hidden_layers=cfgm.num_hidden_layers,
            lora_params=lora_params,
            lora_params_expected=expected,
            head_params=head_params,
            lora_ok=(lora_params == expected and len(layers) == cfgm.num_hidden_layers
                     and all(per_type.get(t) == cfgm.num_hidden_layers for t in LORA_TARGETS)),
        )
    return out


# ---------------------------------------------------------------------------------------------
# parent side


def ensure_data(path: str) -> None:
    if Path(path).exists():
        return
    unpack = Path("/work/shared/data/unpack.sh")
    if not unpack.exists():
        unpack = ROOT.parent / "shared/data/unpack.sh"
    dest = Path(path).parents[2]  # <dest>/ncbi-disease/iob/train.tsv
    subprocess.run(["bash", str(unpack), str(dest), "ncbi-disease"], check=True)


def spawn(model_name: str, workload: str, threads: int) -> dict:
    env = dict(os.environ)
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        OMP_NUM_THREADS=str(threads),
        MKL_NUM_THREADS=str(threads),
        TRANSFORMERS_VERBOSITY="error",
        PYTHONWARNINGS="ignore",
    )
    t = time.perf_counter()
    p = subprocess.run([sys.executable, __file__, "--worker", model_name, workload], env=env,
                       capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            res = json.loads(line[len(RESULT_TAG):])
            res["wall_s"] = time.perf_counter() - t
            return res
    sys.stderr.write(p.stdout[-4000:] + p.stderr[-4000:])
    raise SystemExit(f"worker {model_name}/{workload} failed (exit {p.returncode})")


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--worker"]:
        res = worker(args[1], args[2])
        print(RESULT_TAG + json.dumps(res), flush=True)
        return
    want_json = "--json" in args
    checks = "--no-checks" not in args
    cfg = settings()
    ensure_data(cfg["data"])
    results = {"settings": cfg, "checks": {}, "train": {}, "infer": {}}
    for m in cfg["models"]:
        for wl in (["check"] if checks else []) + ["train", "infer"]:
            print(f"[tagger_torch] {m} {wl} ...", file=sys.stderr, flush=True)
            r = spawn(m, wl, cfg["threads"])
            results["checks" if wl == "check" else wl][m] = r
            results.setdefault("versions", r.get("versions"))
    print_report(results)
    if want_json:
        print(json.dumps(results, indent=2))


def print_report(results: dict) -> None:
    cfg = results["settings"]
    v = results.get("versions") or {}
    print(f"tagger torch bench: " + ", ".join(f"{k} {val}" for k, val in v.items())
          + f"; threads {cfg['threads']}; data {cfg['data']}")
    for m, c in results["checks"].items():
        d = c["data"]
        print(f"  {m}: {d['sentences']} sentences, kept {d['kept']} (skipped >{cfg['max_len']} tokens: "
              f"{d['skipped_over_max_len']}), mean tokens/sample {d['mean_tokens_all']:.2f} (all) "
              f"{d['mean_tokens_kept']:.2f} (kept), instruction {d['instruction_tokens_no_specials']} tokens, "
              f"first-subtoken collisions {d['first_subtoken_collisions']}, words without token "
              f"{d['words_without_token']}")
        line = (f"    bidirectional={c['bidirectional']} (token-0 delta {c['token0_change_when_last_token_changes']:.3g}")
        if "token0_change_stock_causal_mask" in c:
            line += (f"; 4D mask with is_causal=True {c['token0_change_4d_mask_only']:.3g}"
                     f"; stock causal 2D mask {c['token0_change_stock_causal_mask']:.3g}")
        line += f"), padding invariance max|diff| {c['padding_invariance_max_abs_diff']:.2e}"
        print(line)
        print(f"    params total {c['params_total']:,}, trainable {c['params_trainable']:,}")
        if "lora_params" in c:
            print(f"    LoRA: {c['lora_params']:,} params (expected {c['lora_params_expected']:,}), "
                  f"{c['lora_layers']}/{c['num_hidden_layers']} layers, per type {c['lora_modules_per_type']}, "
                  f"head {c['head_params']:,}, ok={c['lora_ok']}")
    hdr = f"{'model':8} {'workload':22} {'tokens/s':>10} {'sent/s':>8} {'s/step':>8} {'peak RSS MB':>12} {'loop peak MB':>13} {'load':>5}"
    print(hdr)
    print("-" * len(hdr))
    for m in cfg["models"]:
        t = results["train"].get(m)
        if t:
            print(f"{m:8} {'train b=%d x%d' % (t['batch'], t['steps']):22} {t['tokens_per_s']:10.1f} "
                  f"{t['sentences_per_s']:8.2f} {t['median_s_per_step']:8.3f} {t['peak_rss_mb']:12.0f} "
                  f"{(t['workload_peak_rss_mb'] or 0):13.0f} {t['loadavg_start']:5.2f}")
        i = results["infer"].get(m)
        if i:
            print(f"{m:8} {'infer b=%d n=%d' % (i['batch'], i['sentences']):22} {i['tokens_per_s']:10.1f} "
                  f"{i['sentences_per_s']:8.2f} {'-':>8} {i['peak_rss_mb']:12.0f} "
                  f"{(i['workload_peak_rss_mb'] or 0):13.0f} {i['loadavg_start']:5.2f}")
    print("tokens/s counts real (non-padding) tokens; s/step is the per-step median; peak RSS is the "
          "worker's ru_maxrss (incl. loading), loop peak the VmHWM of the timed loop; load = 1-min loadavg at start")
    busy = [f"{m}/{w}" for w in ("train", "infer") for m, r in results[w].items()
            if max(r["loadavg_start"], r["loadavg_end"]) > cfg["threads"] + 0.5]
    if busy:
        print(f"WARNING: the machine was busy (1-min loadavg > threads+0.5) during {', '.join(busy)}: "
              "those figures are contended; rerun on an idle machine")


if __name__ == "__main__":
    main()
