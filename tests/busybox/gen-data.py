#!/usr/bin/env python3
"""Generate the busybox tests' input files into the directory given as argv[1].

A fixed-seed xorshift generator (not Python's random, whose algorithm may
change between versions) makes the files identical on every machine."""
import os
import sys

STATE = [0x2545F4914F6CDD1D]
SYLLABLES = ["ka", "ri", "to", "mu", "ne", "sa", "lo", "vi", "de", "pa", "qu", "zo", "an", "el", "or"]
CITIES = ["oslo", "lima", "kyiv", "rome", "bern", "doha", "baku", "riga"]


def rnd(n):
    x = STATE[0]
    x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
    x ^= x >> 7
    x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
    STATE[0] = x
    return x % n


def word():
    return "".join(SYLLABLES[rnd(len(SYLLABLES))] for _ in range(1 + rnd(3)))


def write(path, text, mode="w"):
    with open(path, mode) as f:
        f.write(text)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "words.txt"), "".join(word() + "\n" for _ in range(5000)))
    write(os.path.join(out, "nums.txt"), "".join("%d\n" % (rnd(200001) - 100000) for _ in range(3000)))
    rows = []
    for i in range(2000):
        rows.append("%d:%s:%d:%s\n" % (i, word(), rnd(1000), CITIES[rnd(len(CITIES))]))
    write(os.path.join(out, "table.txt"), "".join(rows))
    lines = []
    for i in range(2000):
        ws = [word() for _ in range(3 + rnd(12))]
        if rnd(5) == 0:
            ws[0] = ws[0].capitalize()
        punct = [".", ",", "!", "?", ";", " end"][rnd(6)]
        lines.append(" ".join(ws) + punct + "\n")
    write(os.path.join(out, "text.txt"), "".join(lines))
    write(os.path.join(out, "binary.bin"), bytes(rnd(256) for _ in range(65536)), "wb")


main()
