#!/usr/bin/env bash
# t0132 — the figures' font (trial 71): their labels are measured in DejaVu Sans, so that
# drawn in another face (a computer without fonts-dejavu-core) the same corpus's figures
# show other words. The run says so, naming the face, and manifest.json records it beside
# the libraries; with DejaVu Sans, nothing is said. A fontconfig that knows only DejaVu
# Serif stands for the computer without it.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

serif=$(fc-match -f '%{file}' 'DejaVu Serif' 2>/dev/null)
[ -f "$serif" ] || serif=/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
[ -f "$serif" ] || { echo "no DejaVu Serif to stand for another font: skipped"; exit 77; }
mkdir fonts && cp "$serif" fonts/
cat >serif-only.conf <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$WORK/fonts</dir><cachedir>$WORK/fc-cache</cachedir></fontconfig>
CONF
"$CARNET_GEN" --out gen --participants 12 --seed 5 --corpus corpus.txt >/dev/null || fail "generator"

expect_ok "a run with DejaVu Sans" "$CARNET_ANALYSE" run corpus.txt -o sans
grep -q "figures are drawn in" "$WORK/err" && fail "a warning with the expected font"
expect_grep "the manifest names the face" \
    '"name":[[:space:]]*"figures'"'"' font"' sans/manifest.json
expect_grep "DejaVu Sans used" '"running":[[:space:]]*"DejaVu Sans Book"' sans/manifest.json

FONTCONFIG_FILE=$WORK/serif-only.conf expect_ok "a run without DejaVu Sans" \
    "$CARNET_ANALYSE" run corpus.txt -o serif
expect_grep "said, naming the face and the package" \
    "warning: the figures are drawn in DejaVu Serif Book, not DejaVu Sans Book \\(Debian package fonts-dejavu-core\\)" \
    "$WORK/err"
expect_grep "the manifest names the face used" '"running":[[:space:]]*"DejaVu Serif Book"' \
    serif/manifest.json
expect_eq "the tables are the same" "$(cat sans/profiles.csv)" "$(cat serif/profiles.csv)"
# DejaVu Sans in another style alone (Bold) is another face too (trial 76)
bold=$(fc-match -f '%{file}' 'DejaVu Sans:bold' 2>/dev/null)
if [ -f "$bold" ]; then
    mkdir bold && cp "$bold" bold/
    sed "s|$WORK/fonts|$WORK/bold|; s|fc-cache|fc-cache-bold|" serif-only.conf >bold-only.conf
    FONTCONFIG_FILE=$WORK/bold-only.conf expect_ok "a run with DejaVu Sans Bold alone" \
        "$CARNET_ANALYSE" run corpus.txt -o bold-run
    expect_grep "its bold face said" "drawn in DejaVu Sans Bold, not DejaVu Sans Book" "$WORK/err"
fi
finish
