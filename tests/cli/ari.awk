# ari.awk — adjusted Rand index between the classes of segments.csv and the themes planted
# by carnet-gen (themes.csv: one row per text, in corpus order), over classified segments.
#   awk -F, -f ari.awk THEMES.csv SEGMENTS.csv
FNR == 1 { next }                                  # headers
FILENAME == ARGV[1] { theme[FNR - 1] = $3; next }  # text id -> planted theme
$3 > 0 {
    t = theme[$2]; k = $3
    n++; nij[k SUBSEP t]++; a[k]++; b[t]++
}
function c2(x) { return x * (x - 1) / 2 }
END {
    for (ij in nij) sij += c2(nij[ij])
    for (k in a) sa += c2(a[k])
    for (t in b) sb += c2(b[t])
    expected = sa * sb / c2(n)
    printf "%.4f\n", (sij - expected) / ((sa + sb) / 2 - expected)
}
