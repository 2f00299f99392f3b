#!/usr/bin/env python3
"""real_corpus.py LANG WORDS OUT — writes an IRAMUTEQ corpus of about WORDS words of real,
public-domain text in LANG, taken from Debian packages the benchmark installs:

  en  the King James Bible (bible-kjv-text, printed by `bible`), one text per chapter
  fr  Littré's dictionary of 1872 (stardict-xmlittre): definitions and the quotations of
      classical authors, markup removed, one text per entry
  it  the Italian fortune cookies (fortunes-it), one text per group of 8 cookies

The source is repeated until WORDS is reached; each repetition gets its own participant
codes, so the texts carry *part_ and *src_ stars as a diary corpus would."""
import gzip
import html
import os
import re
import subprocess
import sys

TAG = re.compile(r"<[^>]*>")


def bible_texts():
    out = subprocess.run(["bible", "gen1:1-rev22:21"], capture_output=True, text=True,
                         check=True).stdout
    text = []
    for line in out.splitlines():
        line = line.strip()
        if re.fullmatch(r"[1-3]? ?[A-Z][A-Za-z ]+ \d+", line):  # "Genesis 1": a new chapter
            if text:
                yield " ".join(text)
            text = []
        elif line:
            text.append(re.sub(r"^\d+ ", "", line))
    if text:
        yield " ".join(text)


def littre_texts():
    with gzip.open("/usr/share/stardict/dic/XMLittre.dict.dz", "rt", encoding="utf-8") as f:
        data = f.read()
    # Entries begin with their part of speech in <i><small>; split there.
    for entry in re.split(r"<i><small>", data):
        text = html.unescape(TAG.sub(" ", entry))
        text = " ".join(text.split())
        if len(text.split()) >= 20:
            yield text


def fortune_texts(folder="/usr/share/games/fortunes/it"):
    cookies = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith((".dat", ".u8")) or os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            cookies += [" ".join(c.split()) for c in f.read().split("\n%\n") if c.strip()]
    for i in range(0, len(cookies), 8):
        yield " ".join(cookies[i:i + 8])


SOURCES = {"en": bible_texts, "fr": littre_texts, "it": fortune_texts}


def main():
    lang, target, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    texts = [t.replace("*", " ") for t in SOURCES[lang]()]
    words = 0
    with open(out, "w", encoding="utf-8") as f:
        rep = 0
        while words < target:
            for i, t in enumerate(texts):
                f.write(f"**** *src_{lang} *part_{rep}_{i % 40} *rep_{rep}\n{t}\n\n")
                words += len(t.split()) + 4
                if words >= target:
                    break
            rep += 1


if __name__ == "__main__":
    main()
