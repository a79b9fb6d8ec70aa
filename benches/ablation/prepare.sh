#!/bin/bash
# Shared by the DBR ablations (dbr_ablation.sh: MiniLM rows; dbr_smollm2.sh: SmolLM2 rows;
# dbr_seeds.sh: rows over seeds): sourced by them, it sets ROOT (the repository), W (the work
# directory: the script's first argument, default /tmp/kbner-dbr-ablation) and K (the kbner
# binary), unpacks the data, writes the 1,000-sentence training subsets ($T) and the dictionary of
# the training splits' own chemicals and genes, builds the knowledge base with its index ($KB) and
# mines the phrases ($P). Steps already done are skipped.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
W=${1:-/tmp/kbner-dbr-ablation}
K=${KBNER:-$ROOT/target/release/kbner}   # KBNER=copy keeps a rebuild from swapping it mid-run
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

