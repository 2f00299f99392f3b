#!/usr/bin/env python3
"""real_corpus.py LANG WORDS OUT — writes an IRAMUTEQ corpus of about WORDS words of real,
public-domain text in LANG, taken from Debian packages the benchmark installs:

  en  the King James Bible (bible-kjv-text, printed by `bible`), one text per chapter, then
      the help pages of GIMP (gimp-help-en) and LibreOffice (libreoffice-help-en-us)
  en-bible  the Bible alone, as the benchmark had it until its thirteenth round: repeated
      4.4 times, its classification is one class and nine leaves of copies (floor.sh)
  fr  Littré's dictionary of 1872 (stardict-xmlittre): definitions and the quotations of
      classical authors, markup removed, one text per entry
  it  the Italian fortune cookies (fortunes-it), one text per group of 8 cookies, then the
      help pages of GIMP (gimp-help-it) and LibreOffice (libreoffice-help-it), one text
      per page, markup and the pages' navigation removed
  it-fortunes  the fortune cookies alone, as the benchmark had them until its thirteenth
      round: 175,000 words, so repeated 20 times, each segment 20 identical copies, and
      a classification that finds no theme (see floor.sh)

The source is repeated until WORDS is reached; each repetition gets its own participant
codes, so the texts carry *part_ and *src_ stars as a diary corpus would."""
import gzip
import html
import os
import re
import subprocess
import sys

TAG = re.compile(r"<[^>]*>")
SCRIPT = re.compile(r"<(script|style|head)\b.*?</\1>", re.S | re.I)


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


def help_texts(folder, start=None, end=None):
    """Each HTML page under folder, in name order, as one text; with start (and end),
    only what lies between the first occurrence of start and the next of end."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                page = f.read()
            if start is not None:
                at = page.find(start)
                if at < 0:
                    continue
                page = page[page.find(">", at) + 1:]  # after the tag that holds start
                stop = page.find(end) if end else -1
                page = page if stop < 0 else page[:stop]
            page = SCRIPT.sub(" ", page)
            text = " ".join(html.unescape(TAG.sub(" ", page)).split())
            if len(text.split()) >= 20:
                yield text


def english_texts():
    yield from bible_texts()
    yield from help_texts("/usr/share/gimp/2.0/help/en")
    yield from help_texts("/usr/share/libreoffice/help/en-US", 'id="DisplayArea"',
                          'id="SearchFrame"')


def italian_texts():
    yield from fortune_texts()
    yield from help_texts("/usr/share/gimp/2.0/help/it")
    yield from help_texts("/usr/share/libreoffice/help/it", 'id="DisplayArea"',
                          'id="SearchFrame"')


SOURCES = {"en": english_texts, "fr": littre_texts, "it": italian_texts,
           "en-bible": bible_texts, "it-fortunes": fortune_texts}


def main():
    lang, target, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    texts = [t.replace("*", " ") for t in SOURCES[lang]()]
    words = 0
    with open(out, "w", encoding="utf-8") as f:
        rep = 0
        while words < target:
            for i, t in enumerate(texts):
                f.write(f"**** *src_{lang[:2]} *part_{rep}_{i % 40} *rep_{rep}\n{t}\n\n")
                words += len(t.split()) + 4
                if words >= target:
                    break
            rep += 1


if __name__ == "__main__":
    main()
