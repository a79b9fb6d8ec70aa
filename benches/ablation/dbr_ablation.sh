#!/bin/bash
# The DBR / retrieval-context ablation of the README ("Knowledge for the tagger"): one MiniLM
# tagger per row over NCBI-disease, BC5CDR (Chemical, Disease) and BC2GM, trained on the first
# 1,000 sentences of each training split for one epoch, scored on the full test sets.
#
#   bash benches/ablation/dbr_ablation.sh [WORK_DIR]      # default /tmp/kbner-dbr-ablation
#
# Needs target/release/kbner (cargo build --release) and scripts/setup.sh's .data/. About 90
# minutes on 2 cores (index ~8 min, each row 10-20 min). Rows already scored are skipped.
set -euo pipefail
source "$(dirname "$0")/prepare.sh"   # ROOT, W (work directory), K (kbner), T, KB, P

row() {
  local name=$1; shift
  local R=$W/runs/$name
  [ -f "$R/result.json" ] && { cat "$R/result.json"; echo; return; }
  mkdir -p "$R"
  local tagkb=()
  case " $* " in *" --kb "*) tagkb=(--kb "$KB");; esac
  local s=$(date +%s)
  $K train --base "$ROOT/.data/models/all-MiniLM-L6-v2" --full --lr 1e-4 --lr-schedule linear \
    --epochs 1 --seed 42 --log-every 100 \
    --data NCBI:Disease=$T/ncbi-train1k.tsv --data BC5CDR:Chemical=$T/cdr-train1k.tsv \
    --data BC5CDR:Disease=$T/cdr-train1k.tsv --data BC2GM:GENE=$T/bc2gm-train1k.tsv \
    --out "$R/model" "$@" > "$R/train.json" 2> "$R/train.log"
  local m=$(date +%s)
  $K tag --model "$R/model" "${tagkb[@]}" --types Disease --dataset NCBI "$T/ncbi-disease/iob/test.tsv" -o "$R/ncbi.jsonl" 2> "$R/tag-ncbi.log"
  $K tag --model "$R/model" "${tagkb[@]}" --types Chemical,Disease --dataset BC5CDR "$T/bc5cdr/iob/test.tsv" -o "$R/cdr.jsonl" 2> "$R/tag-cdr.log"
  $K tag --model "$R/model" "${tagkb[@]}" --types GENE --dataset BC2GM "$T/bc2gm/iob/test.tsv" -o "$R/bc2gm.jsonl" 2> "$R/tag-bc2gm.log"
  local e=$(date +%s)
  for p in ncbi:ncbi-disease cdr:bc5cdr bc2gm:bc2gm; do
    $K eval --json --gold "$T/${p##*:}/iob/test.tsv" --pred "$R/${p%%:*}.jsonl" > "$R/eval-${p%%:*}.json" 2>/dev/null
  done
  python3 - "$R" $((m - s)) $((e - m)) <<'PY'
import json, sys
r = sys.argv[1]; out = {'train_s': int(sys.argv[2]), 'tag_s': int(sys.argv[3])}
for n in ['ncbi', 'cdr', 'bc2gm']:
    e = json.load(open(f'{r}/eval-{n}.json'))
    out[n] = round(100 * e['strict']['micro']['f1'], 2)
    if n == 'cdr':
        for t, v in e['strict'].get('per_type', {}).items(): out['cdr-' + t] = round(100 * v['f1'], 2)
out['average'] = round((out['ncbi'] + out['cdr'] + out['bc2gm']) / 3, 2)
json.dump(out, open(f'{r}/result.json', 'w')); print(name := r.rsplit('/', 1)[1], out)
PY
}
KBA=(--kb "$KB" --phrases "$P")
row none
row dbr "${KBA[@]}" --kb-use dbr
row random-dbr "${KBA[@]}" --kb-use random-dbr
row dbr-context "${KBA[@]}" --kb-use dbr,context
row context "${KBA[@]}" --kb-use context
row dbr-strict "${KBA[@]}" --kb-use dbr --dbr-retriever lexical --dbr-drop-ambiguous
