#!/usr/bin/env bash
# The main job: build kbner, ingest the default knowledge base (HPO) and run a few lookups.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release
kbner="${CARGO_TARGET_DIR:-target}/release/kbner"
$kbner kb ingest --obo .data/hp.obo --obo-type DISO --kb .data/kb-hpo
$kbner kb stats --kb .data/kb-hpo
$kbner kb lookup --kb .data/kb-hpo "Seizure" "short stature" "Abnormality of the eye" "Crohn's disease" "HP:0001250"
$kbner kb show --kb .data/kb-hpo HP:0001250
