# Word statistics: frequency table, longest words, string functions and
# math on the totals.
{
    lines++
    for (i = 1; i <= NF; i++) {
        w = tolower($i)
        gsub(/[^a-z]/, "", w)
        if (w == "") continue
        freq[w]++
        words++
        chars += length(w)
        if (length(w) > maxlen) { maxlen = length(w); longest = w }
    }
    if ($NF ~ /end[.!?,;]?$/) ends++
}
END {
    printf "lines %d words %d chars %d avg %.4f\n", lines, words, chars, chars / words
    printf "longest %s (%d) ends %d\n", longest, maxlen, ends
    n = 0
    for (w in freq) if (freq[w] >= 40) n++
    printf "frequent words %d\n", n
    printf "substr %s index %d split %d\n", substr(longest, 2, 4), index(longest, "a"), split("a:b:c:d", parts, ":")
    printf "toupper %s sprintf [%8.3e] [%-6s] [%05d]\n", toupper(longest), words * 1.5, "ab", 42
    printf "math %.6f %.6f %.6f %d\n", sqrt(words), log(chars), exp(1), int(-3.7)
    s = "the cat sat on the mat"
    c = gsub(/at/, "og", s)
    printf "gsub %d -> %s; match %d %d\n", c, s, match(s, /o[gn]/), RLENGTH
}
