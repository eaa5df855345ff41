#!/usr/bin/env python3
"""Generates the person-name evaluation sentences and (optionally) scores them.

    scripts/gen-person-eval.py                 # writes tests/data/person_sentences*.jsonl
    scripts/gen-person-eval.py --score BINARY  # also runs `BINARY scan` and prints
                                               # precision / recall per file and template kind

Two files, JSON Lines in the format of ../shared/eval/README.md (character offsets,
label positive/negative, entity_type PERSON, spans of type PERSON):

  tests/data/person_sentences.jsonl             names HELD OUT of the dictionaries (the
                                                hash split of scripts/build-name-lists.py):
                                                only context can find them
  tests/data/person_sentences_dictionary.jsonl  names from conf/names/ (including the
                                                common-word ones), also in plain sentences

Each file holds positives built from cue templates (letters, chat, JSON records, form
posts, headers and log lines, support tickets) and negatives (capitalized words that are
not names, common-word names used as words, name-like values under keys that do not name
a person). The templates are written here; the names come from the faker table. Output is
deterministic (fixed seed).
"""
import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 20261123
POSITIVES_PER_FILE = 900


def load_builder():
    spec = importlib.util.spec_from_file_location("build_name_lists", os.path.join(REPO, "scripts", "build-name-lists.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Templates -------------------------------------------------------------------------
# A template is (kind, text) where text holds {first}, {last}, {full} (first + last),
# {FULL} (upper case), {firstq}/{fullq} (form-encoded: '+' for spaces, %XX for non-ASCII),
# {full_pct} (%20 for spaces). Every placeholder is one PERSON span.

CUE_TEMPLATES = [
    ("letter", "Dear {full},\n\nThank you for your order. It ships on Friday."),
    ("letter", "Dear Mr {last},\nyour appointment is confirmed for 10:30."),
    ("letter", "Dear Ms. {last}, we have received your application."),
    ("letter", "Dear Dr. {last},\nplease find the lab results attached."),
    ("letter", "Hello {first},\nyour password was changed a moment ago."),
    ("letter", "Kind regards,\n{full}\nCustomer Success"),
    ("letter", "Sincerely,\n{full}"),
    ("letter", "Best regards,\n\n{full}\nHead of Operations"),
    ("letter", "Thanks,\n{first}"),
    ("letter", "Sehr geehrte Frau {last},\nvielen Dank."),
    ("letter", "Bonjour Mme {last}, merci pour votre message."),
    ("chat", "hi {first}, are you joining the standup?"),
    ("chat", "Hey {first}! long time no see"),
    ("chat", "my name is {full} and I need help with my account"),
    ("chat", "Hi, I'm {first} from the billing team."),
    ("chat", "I am {full}, the new project lead."),
    ("chat", "Hello, my name is {first}. Can you reset my login?"),
    ("chat", "ok, I spoke with {full} about the invoice"),
    ("json", '{{"id": 4217, "first_name": "{first}", "last_name": "{last}", "active": true}}'),
    ("json", '{{"customer": {{"fullName": "{full}", "tier": "gold"}}}}'),
    ("json", '{{"name": "{full}", "role": "admin"}}'),
    ("json", '{{"cardholder": "{FULL}", "exp": "12/29"}}'),
    ("json", '{{"given_name":"{first}","family_name":"{last}"}}'),
    ("json", '[{{"contact_name": "{full}", "phone_type": "mobile"}}]'),
    ("json", '{{"billing": {{"first-name": "{first}", "surname": "{last}"}}}}'),
    ("json", '{{"user": {{"display_name": "{full}", "theme": "dark"}}}}'),
    ("json", '{{"firstName":"{first}","lastName":"{last}","age":37}}'),
    ("form", "first_name={firstq}&last_name={lastq}&plan=pro"),
    ("form", "name={fullq}&newsletter=on"),
    ("form", "customer_name={full_pct}&amount=20"),
    ("form", "fullname={fullq}&submit=Send"),
    ("form", "card_holder={fullq}&cvc_check=pass"),
    ("form", "GET /api/v2/search?lastName={lastq}&page=2 HTTP/1.1"),
    ("header", "X-Customer-Name: {full}\r\nAccept: */*\r\n"),
    ("header", "From: {full} <inbox@example.org>\r\nSubject: Refund\r\n"),
    ("log", "2024-05-01T10:00:00Z INFO checkout ok customer_name={full} ip=10.0.0.1"),
    ("log", "level=info msg=\"profile updated\" first_name={first} last_name={last}"),
    ("log", "name: {full}\nemail: redacted\nplan: basic"),
    ("log", '{{"level":"info","body":"{{\\"firstName\\":\\"{first}\\",\\"lastName\\":\\"{last}\\"}}"}}'),
    ("ticket", "Ticket #4411\nRequester: {full}\nSubject: cannot log in"),
    ("ticket", "Customer: {full}\nPriority: high\nChannel: phone"),
    ("ticket", "Patient: {full}, admitted on 2024-03-02"),
    ("ticket", "The account holder, Mrs {full}, called about the charge."),
    ("ticket", "Please contact {full} for building access."),
    ("ticket", "Assigned to {full} on Monday."),
    ("ticket", "Reported by: {full}"),
    ("ticket", "Approved by {full} after review."),
    ("ticket", "Signed: {full}"),
    ("ticket", "<customer><firstName>{first}</firstName><lastName>{last}</lastName></customer>"),
    # Harder forms, kept to measure what context alone cannot do.
    ("hard", "Name: {last}, {first}\nDept: Finance"),
    ("hard", "thanks {first} for the quick turnaround"),
    ("hard", "cc: {full}"),
    ("hard", "-- \n{full}\nSenior Engineer"),
    ("hard", "Attendees: {full} (chair)"),
    ("hard", "ok so {first} said the deploy is blocked"),
    ("hard", '{{"owner": "{full}", "repo": "infra"}}'),
]

# Sentences a dictionary can confirm from adjacent name parts alone (no cue).
PLAIN_TEMPLATES = [
    ("plain", "{full} joined the team last week."),
    ("plain", "Yesterday I met {full} at the conference."),
    ("plain", "The keynote was given by {full} and went well."),
    ("plain", "We forwarded the contract to {full} this morning."),
    ("plain", "According to {full}, the release slips to June."),
]

# Negatives: no person in them (fixed sentences plus generated ones).
NEGATIVE_SENTENCES = [
    "The United Nations meets in New York every September.",
    "May I ask why the build failed on Tuesday?",
    "Will you review the pull request before lunch?",
    "Grant access to the admin group only after approval.",
    "Mark the ticket as resolved when the fix is deployed.",
    "Bill the customer at the end of the month.",
    "Hope this helps, see the attached log.",
    "Page two of the report lists every open issue.",
    "Long Beach and Green Bay are on the shipping list.",
    "The White House issued a statement on Friday.",
    "Black Friday sales start at midnight.",
    "Price increases take effect in January.",
    "Young children must be accompanied by an adult.",
    "King size beds are out of stock.",
    "Dear Customer,\nyour order has shipped.",
    "Hello World! This is the sample app.",
    "Hi there, thanks for reaching out.",
    "Contact Support for help with your invoice.",
    "Thanks, Team\nThe Support Crew",
    "Kind regards,\nThe Billing Department",
    "I am Canadian and I work remotely.",
    "Dear Sir or Madam, please find the form attached.",
    '{"name": "widget", "price": 12.5}',
    '{"name": "Widget", "sku": "W-100"}',
    '{"product_name": "Super Widget Pro", "stock": 4}',
    '{"file_name": "Quarterly Report.pdf"}',
    '{"hostname": "web-01", "app_name": "Billing Portal"}',
    "  - name: Run Tests\n    run: make test",
    "  - name: Set up Python\n    uses: actions/setup-python@v5",
    "name: build-and-deploy\non: push",
    "INFO Started Application in 3.2 seconds (JVM running for 4.1)",
    "GET /api/v1/users/42/orders HTTP/1.1",
    "The Golden Gate Bridge is in San Francisco.",
    "Apple and Microsoft reported earnings on Thursday.",
    "Our office on Park Avenue opens at nine.",
    "The March meeting moved to April.",
    "Ask Jeeves was an early search engine.",
    "Turn left at Church Street, then right on Mill Road.",
    "Summer Sale: everything must go.",
    "Brown sugar and white rice are on the list.",
    "Rose petals and daisy chains decorate the hall.",
    "Angel investors joined the Series A round.",
    "Christian holidays are listed in the calendar.",
    "Justice was served, said the report.",
    "Sterling silver rings are on sale.",
    "Dear Valued Customer, your invoice is ready.",
    "Hi All, the office is closed on Monday.",
    "Dear Hiring Manager,\nplease find my CV attached.",
    "Contact Us for a quote.",
    '{"name": "Acme Corporation", "country": "US"}',
    '{"name": "Northwind Traders", "id": 7}',
    '{"name": "Blue Sky Ventures"}',
    "From: Billing Department <billing@example.org>",
    "Assigned to: Unassigned",
    "Sort by: Last Modified",
    "Hello Kitty stickers are back in stock.",
    "Welcome to San Francisco!",
    "Mr. Clean and Dr Pepper are brands.",
    "New Orleans, Los Angeles and Santa Monica are warm.",
    "Victoria Station is closed for repairs.",
    "He moved to Jordan Valley last year.",
    "Regards,\nSupport Team",
]

NON_PERSON_KEY_TEMPLATES = [
    '{{"product_name": "{full}", "stock": 3}}',
    '{{"file_name": "{first}_{last}.pdf", "size": 1024}}',
    '{{"app_name": "{full}", "version": "2.1"}}',
    "hostname={first}-server&port=443",
    '{{"name": "{lowerword}", "type": "queue"}}',
]

COMMON_WORD_NEGATIVES = [
    "{Common} is the word of the day.",
    "the {common} was mentioned twice.",
    "{Common} and more, every weekday.",
]


def form_encode(s):
    return urllib.parse.quote_plus(s, safe="")


def render(template, first, last):
    full = f"{first} {last}"
    values = {
        "first": first, "last": last, "full": full, "FULL": full.upper(),
        "firstq": form_encode(first), "lastq": form_encode(last), "fullq": form_encode(full),
        "full_pct": urllib.parse.quote(full, safe=""),
    }
    # Build text and spans together, placeholder by placeholder.
    text, spans = "", []
    i = 0
    while i < len(template):
        if template.startswith("{{", i):
            text += "{"
            i += 2
            continue
        if template.startswith("}}", i):
            text += "}"
            i += 2
            continue
        if template[i] == "{":
            j = template.index("}", i)
            key = template[i + 1:j]
            value = values[key]
            spans.append({"start": len(text), "end": len(text) + len(value), "type": "PERSON", "value": value})
            text += value
            i = j + 1
            continue
        text += template[i]
        i += 1
    return text, spans


def record(file_id, n, kind, text, spans, label, names):
    return {
        "id": f"{file_id}/{kind}/{n}",
        "source": {"repo": "piiproxy", "path": "scripts/gen-person-eval.py", "license": "MIT (names: @faker-js/faker 10.6.0, MIT)"},
        "entity_type": "PERSON",
        "text": text,
        "label": label,
        "spans": spans,
        "template": kind,
        "names": names,
    }


def generate(file_id, firsts, lasts, commons, templates, rng, lower_words):
    out = []
    n = 0
    for _ in range(POSITIVES_PER_FILE):
        kind, template = templates[n % len(templates)]
        first, last = rng.choice(firsts), rng.choice(lasts)
        text, spans = render(template, first, last)
        out.append(record(file_id, n, kind, text, spans, "positive", file_id))
        n += 1
    for sentence in NEGATIVE_SENTENCES:
        out.append(record(file_id, n, "negative-fixed", sentence, [], "negative", file_id))
        n += 1
    for k in range(100):
        template = NON_PERSON_KEY_TEMPLATES[k % len(NON_PERSON_KEY_TEMPLATES)]
        first, last = rng.choice(firsts), rng.choice(lasts)
        text = template.replace("{lowerword}", rng.choice(lower_words))
        text, _ = render(text, first, last)
        out.append(record(file_id, n, "negative-key", text, [], "negative", file_id))
        n += 1
    for k in range(150):
        common = rng.choice(commons)
        template = COMMON_WORD_NEGATIVES[k % len(COMMON_WORD_NEGATIVES)]
        text = template.replace("{Common}", common).replace("{common}", common.lower())
        out.append(record(file_id, n, "negative-common-word", text, [], "negative", file_id))
        n += 1
    return out


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# --- Scoring (before `piiproxy eval` existed; kept for precision, which eval does not print)

def score(binary, rules, path):
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        findings_by_case = {}
        # One scan per case keeps offsets per case; batch them through files.
        inputs = []
        for k, r in enumerate(records):
            p = os.path.join(tmp, f"{k}.txt")
            with open(p, "w", encoding="utf-8", newline="") as f:
                f.write(r["text"])
            inputs.append(p)
        fpath = os.path.join(tmp, "findings.jsonl")
        subprocess.run([binary, "scan", "--rules", rules, "--action", "report", "--findings", fpath, *inputs],
                       stdout=subprocess.DEVNULL, check=False)
        for line in open(fpath, encoding="utf-8"):
            f = json.loads(line)
            if f["category"] != "person":
                continue
            k = int(os.path.basename(f["file"]).split(".")[0])
            findings_by_case.setdefault(k, []).append((f["start"], f["end"]))
    stats = {}
    for k, r in enumerate(records):
        b = r["text"].encode("utf-8")
        # character -> byte offsets
        offs = [0]
        for ch in r["text"]:
            offs.append(offs[-1] + len(ch.encode("utf-8")))
        targets = [(offs[s["start"]], offs[s["end"]]) for s in r["spans"]]
        found = findings_by_case.get(k, [])
        kind = r["template"] if r["label"] == "positive" else r["template"]
        st = stats.setdefault(kind, {"targets": 0, "full": 0, "partial": 0, "findings": 0, "true_findings": 0})
        for t in targets:
            st["targets"] += 1
            covered = set()
            for s, e in found:
                covered.update(range(max(s, t[0]), min(e, t[1])))
            if len(covered) == t[1] - t[0]:
                st["full"] += 1
            elif covered:
                st["partial"] += 1
        for s, e in found:
            st["findings"] += 1
            if any(s < te and ts < e for ts, te in targets):
                st["true_findings"] += 1
        del b
    total = {"targets": 0, "full": 0, "partial": 0, "findings": 0, "true_findings": 0}
    print(f"{os.path.relpath(path, REPO)}")
    print(f"  {'kind':22} {'targets':>7} {'recall':>7} {'partial':>7} {'findings':>8} {'precision':>9}")
    for kind in sorted(stats):
        st = stats[kind]
        for key in total:
            total[key] += st[key]
        rec = st["full"] / st["targets"] if st["targets"] else float("nan")
        prec = st["true_findings"] / st["findings"] if st["findings"] else float("nan")
        print(f"  {kind:22} {st['targets']:7} {rec:7.3f} {st['partial']:7} {st['findings']:8} {prec:9.3f}")
    rec = total["full"] / total["targets"]
    prec = total["true_findings"] / total["findings"] if total["findings"] else float("nan")
    print(f"  {'ALL':22} {total['targets']:7} {rec:7.3f} {total['partial']:7} {total['findings']:8} {prec:9.3f}")
    return rec, prec


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=os.path.join(REPO, "..", "shared", "eval", "faker_person_names.tsv"))
    parser.add_argument("--words", default="/usr/share/dict/american-english")
    parser.add_argument("--score", metavar="PIIPROXY", help="scan the generated files with this binary and print precision/recall")
    parser.add_argument("--rules", default=os.path.join(REPO, "conf", "rules", "person.yaml"))
    args = parser.parse_args()

    builder = load_builder()
    lists = builder.split_names(args.source, args.words)
    # The dictionary split, not the shipped files (which hold the held-out names too).
    dict_first = lists["first"]
    dict_last = lists["last"]
    commons = lists["common"]
    known = set(n.casefold() for n in dict_first + dict_last + commons)
    held_first = [n for n in lists["held_first"] if n.casefold() not in known]
    held_last = [n for n in lists["held_last"] if n.casefold() not in known]
    # Held-out surnames are fewer than first names; a held-out first name is a fine
    # surname stand-in too (many names are both).
    held_last_pool = held_last + held_first[: len(held_last) // 2]
    lower_words = sorted(w for w in builder.read_common_words(args.words) if w.isascii() and w.isalpha() and 4 <= len(w) <= 9)

    data_dir = os.path.join(REPO, "tests", "data")
    os.makedirs(data_dir, exist_ok=True)
    rng = random.Random(SEED)
    held = generate("person-heldout", held_first, held_last_pool, commons, CUE_TEMPLATES, rng, lower_words)
    rng = random.Random(SEED + 1)
    dict_firsts = dict_first + random.Random(SEED + 2).sample(commons, len(commons) // 4)
    dictionary = generate("person-dictionary", dict_firsts, dict_last, commons, CUE_TEMPLATES + PLAIN_TEMPLATES, rng, lower_words)
    held_path = os.path.join(data_dir, "person_sentences.jsonl")
    dict_path = os.path.join(data_dir, "person_sentences_dictionary.jsonl")
    write_jsonl(held_path, held)
    write_jsonl(dict_path, dictionary)
    print(f"held-out names: {len(held_first)} first, {len(held_last)} last; wrote {len(held)} + {len(dictionary)} records",
          file=sys.stderr)
    if args.score:
        score(args.score, args.rules, held_path)
        score(args.score, args.rules, dict_path)


if __name__ == "__main__":
    main()
