#!/usr/bin/env bash
# The main job: build kbner, ingest the default knowledge base (HPO), index it (an index that
# already matches is reused) and annotate the sample texts in examples/texts/: each entity with its
# HPO id and name.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release
kbner="${CARGO_TARGET_DIR:-target}/release/kbner"
$kbner kb ingest --obo .data/hp.obo --obo-type DISO --obo-root HP:0000118 --kb .data/kb-hpo
$kbner kb stats --kb .data/kb-hpo
$kbner kb lookup --kb .data/kb-hpo "Seizure" "short stature" "Abnormality of the eye" "Crohn's disease" "HP:0001250"
$kbner kb show --kb .data/kb-hpo HP:0001250
$kbner kb index --kb .data/kb-hpo
$kbner annotate --kb .data/kb-hpo --label Phenotype=DISO --to table examples/texts/*.txt
