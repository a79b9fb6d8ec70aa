#!/bin/bash
# The SmolLM2 rows of the DBR ablation (README "Knowledge for the tagger"): SmolLM2-135M-Instruct
# + LoRA (bidirectional), NCBI-disease only, trained on the first 1,000 training sentences for one
# epoch (lr 4e-4, seed 42), scored on the full test set. Rows: no DBR, DBR, DBR + retrieval
# context, random DBR, no DBR for two epochs (as many optimizer steps as the DBR rows, which
# train on the sentences and one DBR sample per sentence), and DBR for two epochs. Same knowledge
# base and phrases as dbr_ablation.sh (benches/ablation/prepare.sh).
#
#   bash benches/ablation/dbr_smollm2.sh [WORK_DIR]      # default /tmp/kbner-dbr-ablation
#
# Needs target/release/kbner and scripts/setup.sh's .data/. About 135 minutes on 2 cores once the
# index exists (rows 10-32 min of training each, tagging 2-3 min). Rows already scored are skipped.
set -euo pipefail
source "$(dirname "$0")/prepare.sh"   # ROOT, W (work directory), K (kbner), T, KB, P

row() {
  local name=$1; shift
  local R=$W/smollm2/$name
  [ -f "$R/result.json" ] && { cat "$R/result.json"; echo; return; }
  mkdir -p "$R"
  local tagkb=()
  case " $* " in *" --kb "*) tagkb=(--kb "$KB");; esac
  local s=$(date +%s)
  /usr/bin/time -v -o "$R/train.time" $K train --base "$ROOT/.data/models/SmolLM2-135M-Instruct.Q4_1.gguf" \
    --lr 4e-4 --epochs "${EPOCHS:-1}" --seed 42 --log-every 25 \
    --data NCBI:Disease=$T/ncbi-train1k.tsv --out "$R/model" "$@" > "$R/train.json" 2> "$R/train.log"
  local m=$(date +%s)
  $K tag --model "$R/model" "${tagkb[@]}" --types Disease --dataset NCBI "$T/ncbi-disease/iob/test.tsv" -o "$R/ncbi.jsonl" 2> "$R/tag-ncbi.log"
  local e=$(date +%s)
  $K eval --json --gold "$T/ncbi-disease/iob/test.tsv" --pred "$R/ncbi.jsonl" > "$R/eval-ncbi.json" 2>/dev/null
  python3 - "$R" $((m - s)) $((e - m)) <<'PY'
import json, re, sys
r = sys.argv[1]
out = {'train_s': int(sys.argv[2]), 'tag_s': int(sys.argv[3])}
e = json.load(open(f'{r}/eval-ncbi.json'))
out['ncbi'] = round(100 * e['strict']['micro']['f1'], 2)
rss = re.search(r'Maximum resident set size \(kbytes\): (\d+)', open(f'{r}/train.time').read())
out['train_peak_rss_mb'] = int(rss.group(1)) // 1024 if rss else None
json.dump(out, open(f'{r}/result.json', 'w')); print(r.rsplit('/', 1)[1], out)
PY
}
KBA=(--kb "$KB" --phrases "$P")
row none
row dbr "${KBA[@]}" --kb-use dbr
row dbr-context "${KBA[@]}" --kb-use dbr,context
row random-dbr "${KBA[@]}" --kb-use random-dbr
EPOCHS=2 row none-2-epochs
EPOCHS=2 row dbr-2-epochs "${KBA[@]}" --kb-use dbr
