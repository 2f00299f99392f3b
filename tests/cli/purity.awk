# purity.awk — share of classified segments whose class's most frequent planted theme is
# their own (1 = every class lies inside one theme; classes may split a theme in two).
#   awk -F, -f purity.awk THEMES.csv SEGMENTS.csv
FNR == 1 { next }
FILENAME == ARGV[1] { theme[FNR - 1] = $3; next }
$3 > 0 { n++; count[$3 SUBSEP theme[$2]]++ }
END {
    for (kt in count) {
        split(kt, part, SUBSEP)
        if (count[kt] > best[part[1]]) best[part[1]] = count[kt]
    }
    for (k in best) s += best[k]
    printf "%.4f\n", s / n
}
