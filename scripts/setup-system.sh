#!/usr/bin/env bash
# Installs the Debian packages paperwork needs. Idempotent: installs only what is missing,
# and runs `apt-get update` only when something has to be installed.
set -euo pipefail
PACKAGES=(
  fonts-noto-cjk           # Noto Serif/Sans CJK SC: the default serif for the official forms
  fonts-wqy-microhei       # a CID TrueType CJK font: bench/pdf.py's PDF as Word/WPS write 宋体
  fonts-hanazono           # HanaMinA/B after Noto: all of CJK Ext-B..F (rare name 汉字, 𠀀 U+20000);
                           # fonts-babelstone-han has a third of Ext-B only (docs/forms.md)
  libharfbuzz-subset0      # WeasyPrint font subsetting (14.7 s -> 0.28 s per CJK page without it)
  libharfbuzz-bin          # hb-subset: the reduced form font made once (generator/fonts.py)
  poppler-utils            # pdftoppm / pdffonts: looking at and checking rendered PDFs
  qpdf                     # qpdf --check in the tests
  tesseract-ocr            # bench/ocr.py's baseline only (the service reads scans with RapidOCR)
  tesseract-ocr-chi-sim
  libreoffice-writer-nogui # a real consumer of our DOCX in the tests
  libreoffice-calc-nogui   # ... and of our XLSX
  chromium                 # browser tests of the web pages (Playwright, executable_path)
  postgresql               # the store's second backend, tested in CI
  redis-server             # shared rate-limit counters and the Celery broker (docs/deploy.md);
                           # tests start their own on a free loopback port
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-system: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# SimSun/宋体 → Noto Serif CJK SC for LibreOffice on this machine (the XLSX summaries' font);
# after the packages, which bring /etc/fonts/conf.d on a fresh machine
ALIAS=/etc/fonts/conf.d/65-paperwork-simsun.conf
SRC="$(dirname "$0")/fontconfig/65-paperwork-simsun.conf"
if [ -d /etc/fonts/conf.d ] && ! cmp -s "$SRC" "$ALIAS"; then
  $SUDO install -m 0644 "$SRC" "$ALIAS"
fi
