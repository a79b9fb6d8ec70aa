#!/bin/bash
# Run-to-run variation of the DBR question (README "Knowledge for the tagger"): MiniLM taggers
# (full fine-tune, one epoch, lr 1e-4 linear) over NCBI-disease Disease and BC2GM GENE, the first
# 1,000 training sentences of each, for rows no DBR / DBR / random DBR and no DBR for two epochs
# (as many optimizer steps as the DBR rows, which add one DBR sample per sentence), each with
# several seeds (the seed drives the initialisation, the batch order, dropout and the DBR draws).
# Scored on the full test sets; prints a table of each row's mean and spread. Same knowledge base
# and phrases as dbr_ablation.sh (benches/ablation/prepare.sh).
#
#   SEEDS="1 2 3" bash benches/ablation/dbr_seeds.sh [WORK_DIR]   # default /tmp/kbner-dbr-ablation
#
# Needs target/release/kbner and scripts/setup.sh's .data/. About 30 minutes per seed on 2 cores
# once the index exists. Runs already scored are skipped.
set -euo pipefail
source "$(dirname "$0")/prepare.sh"   # ROOT, W (work directory), K (kbner), T, KB, P

run() {
  local name=$1 seed=$2; shift 2
  local R=$W/seeds/$name-$seed
  [ -f "$R/result.json" ] && return
  mkdir -p "$R"
  local s=$(date +%s)
  $K train --base "$ROOT/.data/models/all-MiniLM-L6-v2" --full --lr 1e-4 --lr-schedule linear \
    --epochs "${EPOCHS:-1}" --seed "$seed" --log-every 100 \
    --data NCBI:Disease=$T/ncbi-train1k.tsv --data BC2GM:GENE=$T/bc2gm-train1k.tsv \
    --out "$R/model" "$@" > "$R/train.json" 2> "$R/train.log"
  local m=$(date +%s)
  $K tag --model "$R/model" --types Disease --dataset NCBI "$T/ncbi-disease/iob/test.tsv" -o "$R/ncbi.jsonl" 2> "$R/tag-ncbi.log"
  $K tag --model "$R/model" --types GENE --dataset BC2GM "$T/bc2gm/iob/test.tsv" -o "$R/bc2gm.jsonl" 2> "$R/tag-bc2gm.log"
  local e=$(date +%s)
  for p in ncbi:ncbi-disease bc2gm:bc2gm; do
    $K eval --json --gold "$T/${p##*:}/iob/test.tsv" --pred "$R/${p%%:*}.jsonl" > "$R/eval-${p%%:*}.json" 2>/dev/null
  done
  python3 - "$R" $((m - s)) $((e - m)) <<'PY'
import json, sys
r = sys.argv[1]; out = {'train_s': int(sys.argv[2]), 'tag_s': int(sys.argv[3])}
for n in ['ncbi', 'bc2gm']:
    out[n] = round(100 * json.load(open(f'{r}/eval-{n}.json'))['strict']['micro']['f1'], 2)
out['average'] = round((out['ncbi'] + out['bc2gm']) / 2, 2)
json.dump(out, open(f'{r}/result.json', 'w')); print(r.rsplit('/', 1)[1], out, flush=True)
PY
}
KBA=(--kb "$KB" --phrases "$P")
for seed in ${SEEDS:-1 2 3}; do
  run none "$seed"
  run dbr "$seed" "${KBA[@]}" --kb-use dbr
  run random-dbr "$seed" "${KBA[@]}" --kb-use random-dbr
  EPOCHS=2 run none-2-epochs "$seed"
done
python3 - "$W/seeds" ${SEEDS:-1 2 3} <<'PY'
import json, statistics, sys
d, seeds = sys.argv[1], sys.argv[2:]
print('| row | ' + ' | '.join(f'seed {s}' for s in seeds) + ' | mean NCBI | mean BC2GM | mean average (sd) |')
print('|---' * (len(seeds) + 4) + '|')
for row in ['none', 'dbr', 'random-dbr', 'none-2-epochs']:
    rs = [json.load(open(f'{d}/{row}-{s}/result.json')) for s in seeds]
    cell = lambda r: f"{r['average']:.2f} ({r['ncbi']:.2f} / {r['bc2gm']:.2f})"
    m = lambda k: statistics.mean(r[k] for r in rs)
    sd = statistics.stdev(r['average'] for r in rs) if len(rs) > 1 else 0.0
    print(f"| {row} | " + ' | '.join(cell(r) for r in rs) + f" | {m('ncbi'):.2f} | {m('bc2gm'):.2f} | {m('average'):.2f} ({sd:.2f}) |")
PY
