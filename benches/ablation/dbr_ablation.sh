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
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${1:-/tmp/kbner-dbr-ablation}
K=$ROOT/target/release/kbner
T=$W/data
mkdir -p "$W" "$T"
for n in ncbi-disease bc5cdr bc2gm medic umls-sample; do
  [ -d "$T/$n" ] || bash "$ROOT/../shared/data/unpack.sh" "$T" "$n" >/dev/null
done

# Training subsets and the dictionary of the training splits' own chemicals and genes (the shared
# data has no vocabulary for them); no test mention goes into the knowledge base.
python3 - "$T" <<'PY'
import collections, sys
T = sys.argv[1]
def cut(src, dst, n):
    out, cur = [], []
    for line in open(src):
        if line.strip() == '':
            if cur: out.append(''.join(cur)); cur = []
            if len(out) >= n: break
        else: cur.append(line)
    if cur and len(out) < n: out.append(''.join(cur))
    open(dst, 'w').write('\n'.join(out) + '\n')
cut(f'{T}/ncbi-disease/iob/train.tsv', f'{T}/ncbi-train1k.tsv', 1000)
cut(f'{T}/bc5cdr/iob/train.tsv', f'{T}/cdr-train1k.tsv', 1000)
cut(f'{T}/bc2gm/iob/train.tsv', f'{T}/bc2gm-train1k.tsv', 1000)
chem = collections.OrderedDict()
for line in open(f'{T}/bc5cdr/pubtator/CDR_TrainingSet.PubTator.txt'):
    f = line.rstrip('\n').split('\t')
    if len(f) >= 6 and f[4] == 'Chemical':
        mid = f[5] if f[5] not in ('-1', '') else 'X' + f[3].lower()
        names = chem.setdefault('CDRTRAIN-CHEM:' + mid.split('|')[0], [])
        if f[3] not in names: names.append(f[3])
genes = collections.OrderedDict()
words, tags = [], []
def flush():
    cur = []
    for w, t in zip(words, tags):
        if t.startswith('B'):
            if cur: genes.setdefault(' '.join(cur).lower(), ' '.join(cur))
            cur = [w]
        elif t.startswith('I') and cur: cur.append(w)
        elif cur: genes.setdefault(' '.join(cur).lower(), ' '.join(cur)); cur = []
    if cur: genes.setdefault(' '.join(cur).lower(), ' '.join(cur))
for line in open(f'{T}/bc2gm/iob/train.tsv'):
    line = line.rstrip('\n')
    if not line.strip():
        flush(); words.clear(); tags.clear(); continue
    w, t = line.split('\t')[:2]; words.append(w); tags.append(t)
flush()
with open(f'{T}/train-dict.tsv', 'w') as o:
    for cid, names in chem.items():
        for n in names: o.write(f'{cid}\t{n}\tChemical\n')
    for i, m in enumerate(genes.values()): o.write(f'BC2GM-TRAIN:{i}\t{m}\tGene/Protein\n')
PY

KB=$W/kb
if [ ! -d "$KB/index" ]; then
  $K kb ingest --kb "$KB" --umls "$T/umls-sample/SAMPLEMETA" --obo "$ROOT/.data/hp.obo" \
    --obo-root HP:0000118 --dict "$T/medic/medic_06Jul2012.txt" --dict "$T/train-dict.tsv" \
    --dict-format medic,tsv -q
  $K kb index --kb "$KB" --quiet
fi
P=$W/phrases.jsonl
[ -f "$P" ] || $K mine --kb "$KB" "$T/ncbi-train1k.tsv" "$T/cdr-train1k.tsv" "$T/bc2gm-train1k.tsv" -o "$P" --quiet

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
