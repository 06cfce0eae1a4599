#!/usr/bin/env python3
"""A Pairwise weight-set scorer in standard-library Python (3.8 or later, no other packages).

It implements conformance/SPEC.md and passes every vector of conformance/v1:

    python3 pairwise_score.py --check ../v1            # run the vectors; exit 1 on a difference
    python3 pairwise_score.py SET.json RECORDS.json    # score {"records": [...]} (or a list)

As a module: ``score_batch(weight_set, records)`` gives the answer of
``POST /api/weight-sets/ID/score`` (count, scored, refused, results), the numbers identical to the
TypeScript scorer's (the same double operations in the same order). It does not verify the
weight set's hash (see docs/weight-sets.md, "Checking the hash in Python"); do that first.
"""
import json
import math
import os
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

MAX_VALUE_LENGTH = 200
REASON_COUNT = 3

# ECMAScript's white space and line terminators: what String.prototype.trim removes and \s matches.
_WS = "\t\n\u000b\u000c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_TRIM = re.compile("^[" + _WS + "]+|[" + _WS + "]+$")
_SPACES = re.compile("[" + _WS + "]+")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f\ud800-\udfff]")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
NAN = float("nan")
MIN_NORMAL = 2.2250738585072014e-308


def is_subnormal(x):
    """0 < |x| < 2^-1022: a recorded number this small is refused (SPEC.md, section 2)."""
    return x != 0 and -MIN_NORMAL < x < MIN_NORMAL


def in_range(x):
    return 0 <= x <= 100 and not is_subnormal(x)


def js_trim(text):
    return _TRIM.sub("", text)


def label_key(text):
    """A level name as it is matched: trimmed, runs of white space as one space, lower case."""
    return _SPACES.sub(" ", js_trim(text)).lower()


def utf16_length(text):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def js_number(x):
    """A number as ECMAScript's Number::toString writes it (shortest round trip)."""
    x = as_double(x)
    if x == 0:
        return "0"
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0").rstrip("0")
    if whole.strip("0"):
        n = len(whole.lstrip("0")) + int(exp or 0)
    else:
        n = int(exp or 0) - (len(frac) - len(frac.lstrip("0")))
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    rest = "." + digits[1:] if k > 1 else ""
    return "%s%s%se%s%d" % (sign, digits[0], rest, "+" if n > 1 else "-", abs(n - 1))


def as_double(x):
    """A JSON number as the double ECMAScript reads it (an integer too large for one: infinite)."""
    if isinstance(x, float):
        return x
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def text_problem(text):
    """The text rule: why a (trimmed) text may not be used, or None."""
    m = _CONTROL.search(text)
    if not m:
        return None
    c = m.group(0)
    at = "at character %d" % (utf16_length(text[: m.start()]) + 1)
    code = "U+%04X" % ord(c)
    if c == "\u0000":
        return "holds a NUL character (U+0000) " + at
    if "\ud800" <= c <= "\udfff":
        return "holds a broken character (a lone UTF-16 surrogate, %s) %s" % (code, at)
    return "holds a control character (%s) %s" % (code, at)


def line_problem(text, limit=MAX_VALUE_LENGTH):
    trimmed = js_trim(text)
    problem = text_problem(trimmed)
    if problem:
        return problem
    n = utf16_length(trimmed)
    return "is longer than %d characters (%d)" % (limit, n) if n > limit else None


def parse_decimal(text):
    """A decimal number (spaces and control characters around it allowed), else NaN."""
    s = text.strip("".join(chr(c) for c in range(33)))
    return float(s) if _DECIMAL.match(s) else NAN


class Scale:
    def __init__(self, scale):
        self.kind = "score"
        self.best, self.worst, self.missing = 100.0, 0.0, NAN
        if scale is None:
            return
        self.kind = scale["kind"]
        if self.kind == "numeric":
            self.values = [b["value"] for b in scale["breakpoints"]]
            self.points = [b["points"] for b in scale["breakpoints"]]
            self.steps = scale["shape"] == "steps"
            self.clamp = scale["outside"] == "clamp"
            every = self.points
        else:
            self.level_points = [level["points"] for level in scale["levels"]]
            self.exact, self.keyed = {}, {}
            for k, level in enumerate(scale["levels"]):
                for text in (level["label"]["en"], level["label"]["zh"], level["id"]):
                    if text != "":
                        self.exact[text] = k
                        self.keyed[label_key(text)] = k
            every = self.level_points
        self.best, self.worst = max(every), min(every)
        policy = scale["missing"]["policy"]
        self.missing = (
            NAN if policy == "refuse" else self.worst if policy == "worst" else scale["missing"]["points"]
        )

    def numeric_points(self, x):
        v, p = self.values, self.points
        if math.isinf(x) or math.isnan(x) or is_subnormal(x):
            return NAN
        if x < v[0]:
            return p[0] if self.clamp else NAN
        last = len(v) - 1
        if x >= v[last]:
            return p[last] if x == v[last] or self.clamp else NAN
        k = 0
        while x >= v[k + 1]:
            k += 1
        if self.steps or x == v[k]:
            return p[k]
        return p[k] + ((p[k + 1] - p[k]) * (x - v[k])) / (v[k + 1] - v[k])

    def points_of_text(self, raw):
        if self.kind == "categorical":
            k = self.exact.get(raw)
            if k is None:
                k = self.keyed.get(label_key(raw))
            if k is not None:
                return self.level_points[k]
            return self.missing if js_trim(raw) == "" else NAN
        if js_trim(raw) == "":
            return self.missing
        x = parse_decimal(raw)
        if self.kind == "numeric":
            return self.numeric_points(x)
        return x if in_range(x) else NAN

    def points_of_value(self, value):
        """Points of a JSON value, or (None, why) when it has none."""
        if value is None:
            if math.isnan(self.missing):
                what = "give a score from 0 to 100" if self.kind == "score" else "this indicator refuses a missing value"
                return None, "missing: " + what
            return self.missing, None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return None, "not a " + ("level" if self.kind == "categorical" else "number")
        if not isinstance(value, str):
            value = as_double(value)
        if isinstance(value, float) and math.isinf(value):
            return None, "a number too large for a double (beyond 1.8e308)"
        if isinstance(value, str):
            problem = line_problem(value)
            if problem:
                return None, problem
            x = self.points_of_text(value)
        elif self.kind == "numeric":
            x = self.numeric_points(value)
        elif self.kind == "score":
            x = value if in_range(value) else NAN
        else:
            x = self.points_of_text(js_number(value))
        return (None, "no points for %r" % (value,)) if math.isnan(x) else (x, None)


def to_fixed_2(x):
    """ECMAScript's x.toFixed(2): the exact value of the double, halves rounded up."""
    return "{:f}".format(Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def text_in(label, locale):
    other = "zh" if locale == "en" else "en"
    return label[locale] or label[other]


class Scorer:
    def __init__(self, ws):
        labels = {n["id"]: n["label"] for n in ws.get("nodes", [])}
        self.leaves = [leaf["id"] for leaf in ws["leaves"]]
        self.weights = [leaf["globalWeight"] for leaf in ws["leaves"]]
        self.scales = [Scale(leaf.get("scale")) for leaf in ws["leaves"]]
        self.labels = [labels.get(i, {"en": i, "zh": i}) for i in self.leaves]
        tolerance = ws["grading"]["tolerance"]
        self.grades = [b["grade"] for b in ws["grading"]["bands"]]
        self.thresholds = [b["minScore"] - tolerance for b in ws["grading"]["bands"]]

    def grade(self, total):
        for k, t in enumerate(self.thresholds):
            if total >= t:
                return self.grades[k]
        return self.grades[-1]

    def score(self, points):
        contributions = [w * s for w, s in zip(self.weights, points)]
        total = 0.0
        for c in contributions:
            total += c
        lost = []
        for i, s in enumerate(points):
            x = self.weights[i] * (self.scales[i].best - s)
            if x > 0:
                lost.append((x, i))
        lost.sort(key=lambda r: -r[0])  # stable: ties stay in leaf order
        reasons = []
        for x, i in lost[:REASON_COUNT]:
            amount = to_fixed_2(x)
            reasons.append(
                {
                    "leaf": self.leaves[i],
                    "lost": x,
                    "en": "%s (-%s)" % (text_in(self.labels[i], "en"), amount),
                    "zh": "%s（-%s）" % (text_in(self.labels[i], "zh"), amount),
                }
            )
        return {
            "total": total,
            "grade": self.grade(total),
            "points": dict(zip(self.leaves, points)),
            "contributions": dict(zip(self.leaves, contributions)),
            "reasons": reasons,
        }


def _id_of(record):
    value = record.get("id")
    if value is None:
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(as_double(value)):
        return js_number(value), None
    if not isinstance(value, str):
        return None, "expected text or a number"
    problem = line_problem(value)
    return (None, problem) if problem else (js_trim(value), None)


def score_batch(ws, records):
    scorer = Scorer(ws)
    results = []
    for index, record in enumerate(records):
        at = "$.records[%d]" % index
        if not isinstance(record, dict):
            results.append(
                {"index": index, "status": "refused", "problems": [{"path": at, "field": None, "message": "expected an object"}]}
            )
            continue
        problems = []
        record_id, problem = _id_of(record)
        if problem:
            problems.append({"path": at + ".id", "field": "id", "message": problem})
        points = []
        for leaf, scale in zip(scorer.leaves, scorer.scales):
            x, problem = scale.points_of_value(record.get(leaf))
            if problem:
                problems.append({"path": "%s.%s" % (at, leaf), "field": leaf, "message": problem})
            points.append(x)
        result = {"index": index}
        if record_id is not None:
            result["id"] = record_id
        if problems:
            result.update({"status": "refused", "problems": problems})
        else:
            result["status"] = "scored"
            result.update(scorer.score(points))
        results.append(result)
    scored = sum(1 for r in results if r["status"] == "scored")
    return {"count": len(records), "scored": scored, "refused": len(records) - scored, "results": results}


# ---------- the conformance check ----------


def differences(got, expected):
    """What differs between a result of score_batch and the vector's (messages are not compared)."""
    out = []
    for key in ("count", "scored", "refused"):
        if got[key] != expected[key]:
            out.append("%s: %r, expected %r" % (key, got[key], expected[key]))
    for g, e in zip(got["results"], expected["results"]):
        where = "record %d" % e["index"]
        for key in ("index", "status", "id", "total", "grade", "points", "contributions"):
            if g.get(key) != e.get(key):
                out.append("%s %s: %r, expected %r" % (where, key, g.get(key), e.get(key)))
        if e["status"] == "scored" and g.get("reasons") != e["reasons"]:
            out.append("%s reasons: %r, expected %r" % (where, g.get("reasons"), e["reasons"]))
        if e["status"] == "refused":
            fields = [(p["path"], p["field"]) for p in g.get("problems", [])]
            want = [(p["path"], p["field"]) for p in e["problems"]]
            if fields != want:
                out.append("%s refused fields: %r, expected %r" % (where, fields, want))
    return out


def check(folder):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    failed = 0
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            case = json.load(f)
        problems = differences(score_batch(case["weightSet"], case["records"]), case["expected"])
        status = "ok" if not problems else "FAILED"
        print("%s %s: %d records" % (status, name, case["expected"]["count"]))
        for p in problems[:20]:
            print("  " + p)
        failed += bool(problems)
    print("%d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed or not names else 0


def main(argv):
    if len(argv) == 2 and argv[0] == "--check":
        return check(argv[1])
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        ws = json.load(f)
    with open(argv[1], encoding="utf-8") as f:
        body = json.load(f)
    records = body["records"] if isinstance(body, dict) else body
    json.dump(score_batch(ws, records), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
