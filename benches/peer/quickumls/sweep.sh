#!/usr/bin/env bash
# QuickUMLS on NCBI-disease test, scored by `kbner eval`: both indexes (case kept, -L) × thresholds.
#
# Gold is the test file with NCBI's four mention classes (SpecificDisease, DiseaseClass, Modifier,
# CompositeMention) collapsed into `Disease`, the type QuickUMLS's matches get, as the classic IOB
# files do. Prints one row per setting: strict P/R/F1, document-level concept F1 (with --kb when
# KB is set), docs/s, ms/doc and load time; everything lands in OUT.
#
# Usage: benches/peer/quickumls/sweep.sh [OUT]   (run setup.sh first)
#   env: KBNER (default target/release/kbner), TEST (NCBItestset_corpus.txt), KB (a MEDIC kbner KB,
#        optional), THRESHOLDS (default "0.7 0.8 0.9 1.0"), SIMILARITY (jaccard), WINDOW (5),
#        PEER_DIR (.data/peer)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
peer=${PEER_DIR:-$root/.data/peer}
out=${1:-$peer/sweep}
kbner=${KBNER:-$root/target/release/kbner}
test=${TEST:-/tmp/data/ncbi-disease/pubtator/NCBItestset_corpus.txt}
thresholds=${THRESHOLDS:-0.7 0.8 0.9 1.0}
py=$peer/venv/bin/python
[ -x "$py" ] || { echo "sweep.sh: no $py: run benches/peer/quickumls/setup.sh first" >&2; exit 1; }
[ -x "$kbner" ] || { echo "sweep.sh: no $kbner: cargo build --release" >&2; exit 1; }
[ -f "$test" ] || { echo "sweep.sh: no $test (../shared/data/unpack.sh /tmp/data ncbi-disease)" >&2; exit 1; }
mkdir -p "$out"
gold=$out/gold-disease.pubtator
awk -F'\t' 'BEGIN { OFS = "\t" } NF >= 5 { $5 = "Disease" } { print }' "$test" >"$gold"

for index in quickumls-medic-lower quickumls-medic; do
  for t in $thresholds; do
    name=$index-t$t
    "$py" "$here/run.py" --index "$peer/$index" --input "$test" --threshold "$t" \
      --similarity "${SIMILARITY:-jaccard}" --window "${WINDOW:-5}" \
      --out "$out/$name.pubtator" --timing "$out/$name.timing.json" >"$out/$name.log"
    "$kbner" eval --gold "$gold" --pred "$out/$name.pubtator" --json >"$out/$name.eval.json" 2>/dev/null
    if [ -n "${KB:-}" ]; then
      "$kbner" eval --gold "$gold" --pred "$out/$name.pubtator" --json --kb "$KB" >"$out/$name.eval-kb.json" 2>/dev/null
    fi
  done
done

"$py" - "$out" $thresholds <<'EOF'
import json, os, sys
out, thresholds = sys.argv[1], sys.argv[2:]
def load(p):
    return json.load(open(p)) if os.path.exists(p) else None
print(f"{'index':<22} {'thr':>4} {'P':>6} {'R':>6} {'F1':>6} {'cF1':>6} {'cF1 kb':>6} "
      f"{'docs/s':>7} {'ms med':>7} {'ms mean':>7} {'load s':>6}")
for index in ("quickumls-medic-lower", "quickumls-medic"):
    for t in thresholds:
        n = f"{out}/{index}-t{t}"
        e, k, tm = load(n + ".eval.json"), load(n + ".eval-kb.json"), load(n + ".timing.json")
        s = e["strict"]["micro"]
        ckb = f"{100 * k['concepts']['f1']:6.1f}" if k else f"{'-':>6}"
        print(f"{index:<22} {t:>4} {100 * s['precision']:6.1f} {100 * s['recall']:6.1f} "
              f"{100 * s['f1']:6.1f} {100 * e['concepts']['f1']:6.1f} {ckb} "
              f"{tm['docs_per_s']:7.1f} {tm['ms_per_doc_median']:7.1f} "
              f"{tm['ms_per_doc_mean']:7.1f} {tm['load_s']:6.2f}")
EOF
