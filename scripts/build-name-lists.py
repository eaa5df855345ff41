#!/usr/bin/env python3
"""Derives the person-name dictionaries under conf/names/ from the faker name table.

    scripts/build-name-lists.py [--source ../shared/eval/faker_person_names.tsv]
                                [--words /usr/share/dict/american-english]

Input: the TSV extracted from npm @faker-js/faker 10.6.0 (MIT; columns locale, kind,
gender, name). Output (all deterministic: same inputs, same bytes):

  conf/names/first_names.txt        first and middle names
  conf/names/last_names.txt         surnames not already in first_names.txt
  tests/data/held_out_names.txt     the held-out split (below): names the quality gate
                                    removes from the dictionaries it measures with
  conf/names/common_word_names.txt  names that are also everyday English words (May, Will,
                                    Brown, ...) or place names: they count only with a
                                    strong cue (title, cue phrase, field key)
  matchers/validators/person_name_common_words.inc
                                    the same common-word list as a C++ initializer, so the
                                    confirmer can tell that a hit is one of them

Why these choices:
  * Only Latin-script single tokens are kept (ASCII plus Latin-1 / Latin Extended letters,
    with inner apostrophes and hyphens): the confirmer relies on capitalization, which other
    scripts do not have. Multi-word names ("van der Berg") contribute their capitalized
    parts of 3+ letters.
  * Entries shorter than 3 letters are dropped (Al, Bo, Ed match too much).
  * A name whose lower-case form is an ordinary word in wamerican (an all-lower-case entry)
    goes to common_word_names.txt unless it is in NAMES_DESPITE_WORD below.
  * Held-out split (names that are not common words): a SHA-256 of the case-folded form
    fixes a name's side, so the same name is held out as a first name and as a surname, and
    adding locales never moves existing names. About 10% are held out: the product ships
    them (leaving Sarah, Emma or Julia out of the shipped lists cost real recall), but
    scripts/gen-person-eval.py builds tests/data/person_sentences.jsonl from them, and the
    quality gate scans that file with dictionaries that lack them (eval --rules-for), so
    its recall measures names the dictionary does not know.
"""
import argparse
import csv
import hashlib
import os
import re
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPLIT_SALT = "piiproxy-names-v1:"
HELD_OUT_BUCKETS = 10  # 1 bucket of 10 held out

# Latin letters: ASCII, Latin-1 Supplement letters, Latin Extended-A/B, Latin Extended
# Additional (Vietnamese). Apostrophes and hyphens only inside a name.
LATIN_LETTER = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF"
NAME_TOKEN = re.compile(rf"^[{LATIN_LETTER}](?:[{LATIN_LETTER}]|['\u2019-](?=[{LATIN_LETTER}]))*$")

# Words that wamerican also lists in lower case, but that in running text are far more
# often a name than the word (a "john" is rare; "John" is everywhere).
NAMES_DESPITE_WORD = {
    "john", "bob", "bobby", "billy", "carol", "harry", "jimmy", "barney", "colleen",
    "hector", "homer", "dolly", "ken", "josh", "eddy", "curt", "derrick", "jasper",
    "beryl", "hazel", "basil", "clement", "ester", "dieter", "dirk", "gene", "earl",
    "maria", "peter", "peters", "victor", "mike", "matt", "nick", "tom", "rick", "roger",
    "rogers", "sandy", "terry", "sue", "randy", "robin", "sonny", "patsy", "patty", "phoebe",
    "rosemary", "heather", "holly", "jasmine", "daisy", "sibyl", "rhea", "myrtle", "chad",
    "dean", "lance", "warren", "griffin", "marina", "martins", "sanders",
}

# Names that are also months, places, brands or capitalized words seen at the start of
# sentences: treated like common words (need a strong cue).
NAME_ALSO_CAPITALIZED_WORD = {
    "april", "august", "june", "may", "january", "march",
    "paris", "london", "florence", "georgia", "virginia", "victoria", "jordan", "austin",
    "dallas", "sydney", "adelaide", "chelsea", "lincoln", "washington", "madison",
    "houston", "phoenix", "denver", "aurora", "israel", "india", "china", "kenya",
    "carolina", "dakota", "nevada", "savannah", "orlando", "florida", "tennessee",
    "regina", "helena", "santiago", "valencia", "sierra", "brooklyn", "camden", "cambridge",
    "oxford", "kent", "devon", "essex", "york", "boston", "chester", "lancaster",
    "jersey", "memphis", "vienna", "geneva", "siena", "verona", "milan", "roma", "berlin",
    "dublin", "sofia", "lyon", "nancy", "orleans", "troy", "eden", "genesis", "christian",
    "catholic", "islam", "easter", "christmas", "noel", "mercedes", "porsche", "tesla",
    "ford", "toyota", "honda", "apple", "amazon", "oracle", "google", "java", "ruby",
    "python", "rust", "swift", "kotlin", "scala", "perl", "julia", "dart", "elixir",
    "debian", "ubuntu", "alpine", "linux", "windows", "android", "chrome", "safari",
    "firefox", "opera", "docker", "kafka", "redis", "nginx", "apache", "hadoop",
    "english", "french", "german", "dutch", "irish", "scott", "welsh",
    "north", "south", "east", "west", "central", "saint", "santa", "san", "los", "las",
    "new", "old", "united", "royal", "union", "general", "national", "federal",
}


# Honorifics that some locale lists carry as surnames; a title is never the name itself.
TITLES = {"frau", "herr", "sir", "lady", "lord", "madame", "monsieur", "miss", "mister",
          "doctor", "professor", "signor", "signora", "meneer", "mevrouw", "reverend", "captain"}


def is_capitalized_name(token: str) -> bool:
    """A name token as written in a list: first letter upper, not all upper."""
    if not NAME_TOKEN.match(token):
        return False
    if not token[0].isupper():
        return False
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return False
    # Two upper-case letters in a row ("COmfort") are data-entry noise, not a name.
    for a, b in zip(token, token[1:]):
        if a.isupper() and b.isupper():
            return False
    return True


def held_out(name: str) -> bool:
    key = unicodedata.normalize("NFC", name).casefold()
    digest = hashlib.sha256((SPLIT_SALT + key).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % HELD_OUT_BUCKETS == 0


def read_names(source: str):
    """Returns (first, last): sets of candidate tokens from the TSV."""
    first, last = set(), set()
    with open(source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            name = unicodedata.normalize("NFC", row["name"].strip())
            target = last if row["kind"] == "last_name" else first
            for token in name.split():
                if len(token) >= 3 and is_capitalized_name(token) and token.casefold() not in TITLES:
                    target.add(token)
    return first, last


def read_common_words(path: str):
    words = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            if w and w.islower() and "'" not in w:
                words.add(w)
    return words


def split_names(source: str, words_path: str):
    """Returns dict with keys first, last, common, held_first, held_last (sorted lists)."""
    first, last = read_names(source)
    words = read_common_words(words_path)

    def is_common(token: str) -> bool:
        key = token.casefold()
        if key in NAMES_DESPITE_WORD:
            return False
        return key in words or key in NAME_ALSO_CAPITALIZED_WORD

    out = {"first": set(), "last": set(), "common": set(), "held_first": set(), "held_last": set()}
    for token in first | last:
        is_first = token in first
        # Common-word names always stay in the dictionary: they count only with a strong
        # cue, so they say little about unknown names, and the confirmer must know them.
        if is_common(token):
            out["common"].add(token)
        elif held_out(token):
            out["held_first" if is_first else "held_last"].add(token)
        elif is_first:
            out["first"].add(token)
        else:
            out["last"].add(token)
    # Held-out names are only useful for evaluation when they are unknown in every form.
    return {k: sorted(v) for k, v in out.items()}


HEADER = """# {title}
# Derived by scripts/build-name-lists.py from @faker-js/faker 10.6.0 (MIT License,
# Copyright (c) Faker contributors, see conf/names/NOTICE). Do not edit by hand: rerun the
# script. {count} entries, one per line, capitalized form (the rule adds the UPPER form).
"""


def write_list(path: str, title: str, names):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER.format(title=title, count=len(names)))
        for n in names:
            f.write(n + "\n")


def write_inc(path: str, names):
    # C++ string literals of the lower-case UTF-8 forms, sorted bytewise so the confirmer
    # can binary-search them.
    keys = sorted({n.lower().encode("utf-8") for n in names})
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("// Generated by scripts/build-name-lists.py from conf/names/common_word_names.txt\n")
        f.write("// (derived from @faker-js/faker 10.6.0, MIT; see conf/names/NOTICE). Do not edit.\n")
        f.write("// Lower-case UTF-8, sorted bytewise.\n")
        line = ""
        for k in keys:
            lit = '"' + "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else f"\\x{b:02x}\"\"" for b in k) + '",'
            if len(line) + len(lit) + 1 > 96:
                f.write(line.rstrip() + "\n")
                line = ""
            line += lit + " "
        if line:
            f.write(line.rstrip() + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=os.path.join(REPO, "..", "shared", "eval", "faker_person_names.tsv"))
    parser.add_argument("--words", default="/usr/share/dict/american-english")
    args = parser.parse_args()

    lists = split_names(args.source, args.words)
    names_dir = os.path.join(REPO, "conf", "names")
    os.makedirs(names_dir, exist_ok=True)
    write_list(os.path.join(names_dir, "first_names.txt"), "First names (and middle names)",
               sorted(set(lists["first"]) | set(lists["held_first"])))
    write_list(os.path.join(names_dir, "last_names.txt"), "Surnames that are not also first names",
               sorted(set(lists["last"]) | set(lists["held_last"])))
    write_list(os.path.join(REPO, "tests", "data", "held_out_names.txt"),
               "Held-out names: shipped in conf/names, removed for the held-out measurement",
               sorted(set(lists["held_first"]) | set(lists["held_last"])))
    write_list(os.path.join(names_dir, "common_word_names.txt"),
               "Names that are also common English words or places: need a strong cue", lists["common"])
    write_inc(os.path.join(REPO, "matchers", "validators", "person_name_common_words.inc"), lists["common"])
    print(f"first={len(lists['first'])} last={len(lists['last'])} common={len(lists['common'])} "
          f"held_out_first={len(lists['held_first'])} held_out_last={len(lists['held_last'])}", file=sys.stderr)


if __name__ == "__main__":
    main()
