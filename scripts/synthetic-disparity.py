#!/usr/bin/env python3
"""Write scenarios/wards/tokyo-23-synthetic-disparity.toml from tokyo-23.toml.

SYNTHETIC data: an invented, deterministic spread of support per participant
across the 23 wards, for trying the equity measures and the `equalized`
scenario. It is not any ward's real budget.

The rule (documented again in the file it writes):
  1. Wards keep their tokyo-23 population, participants, supporters, sites
     and awareness (the brief's totals apportioned by population).
  2. Ward i (0 = Chiyoda … 22 = Edogawa, the order of the official ward
     codes 13101–13123, i.e. the file's order) gets a target support per
     participant p_i = 20,000 + 63,000 · (i / 22)^k yen per FY: ¥20,000 and
     ¥83,000 are the brief's smallest and largest support per participant
     (「最小額2万円、最大額8万3千円」).
  3. k is found by bisection so that the ward budgets p_i · N_i add up to the
     brief's ¥1.28 bn (「年間予算総額は約12.8億円」).
  4. Each ward's six status-quo lines start from the tokyo-23 rule
     (docs/model.md §2). Training (replacement level) and sites (sites × ¥1.03 M)
     stay as they are, so that the status quo remains stationary and within
     capacity; staff, supervision, publicity and grants are scaled by one
     factor per ward so that the ward's lines add up to p_i · N_i.
  5. Lines are rounded to whole yen; the rounding remainder goes to the
     grants of the ward with the largest budget, so the total is exact.

Run from the repository root: python3 scripts/synthetic-disparity.py
"""

import math
import re

SOURCE = "scenarios/wards/tokyo-23.toml"
TARGET = "scenarios/wards/tokyo-23-synthetic-disparity.toml"

TOTAL = 1_280_000_000
LOW, HIGH = 20_000, 83_000
STAFF_FTE, SUPERVISION_SHARE, AWARENESS_SHARE = 15.0, 0.02, 0.05
FTE, SEAT, BASE = 8_500_000, 150_000, 1_030_000
CERTIFIED_HAZARD = 1.0 - 0.893 ** (1.0 / 12.0)


def read_wards(text):
    wards = []
    for block in text.split("[[wards]]")[1:]:
        w = {}
        for key, value in re.findall(r'^(\w+) = (.+)$', block, re.M):
            w[key] = value.strip().strip('"')
        wards.append(w)
    return wards


def main():
    with open(SOURCE, encoding="utf-8") as f:
        wards = read_wards(f.read())
    n = len(wards)
    pop_total = sum(float(w["population"]) for w in wards)
    for w in wards:
        s = float(w["population"]) / pop_total
        budget = TOTAL * s
        staff = STAFF_FTE * s * FTE
        training = CERTIFIED_HAZARD * float(w["certified"]) * 12 * SEAT
        supervision = SUPERVISION_SHARE * budget
        awareness = AWARENESS_SHARE * budget
        bases = float(w["bases"]) * BASE
        grants = budget - (staff + training + supervision + awareness + bases)
        w["lines"] = [staff, training, supervision, awareness, bases, grants]
        w["n"] = float(w["participants"])

    def total_for(k):
        return sum((LOW + (HIGH - LOW) * (i / (n - 1)) ** k) * w["n"] for i, w in enumerate(wards))

    lo, hi = 1e-3, 100.0  # total_for falls as k rises
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if total_for(mid) > TOTAL:
            lo = mid
        else:
            hi = mid
    k = math.sqrt(lo * hi)

    for i, w in enumerate(wards):
        p = LOW + (HIGH - LOW) * (i / (n - 1)) ** k
        staff, training, supervision, awareness, bases, grants = w["lines"]
        flexible = staff + supervision + awareness + grants
        factor = (p * w["n"] - training - bases) / flexible
        lines = [staff * factor, training, supervision * factor, awareness * factor, bases, grants * factor]
        w["rounded"] = [round(x) for x in lines]
        w["target"] = p
    biggest = max(wards, key=lambda w: sum(w["rounded"]))
    biggest["rounded"][5] += TOTAL - sum(sum(w["rounded"]) for w in wards)

    out = [HEADER.format(k=k)]
    for w in wards:
        lines = w["rounded"]
        out.append(
            f"""
[[wards]]
name = "{w['name']}"
name_ja = "{w['name_ja']}"
population = {w['population']}
participants = {w['participants']}
untrained = {w['untrained']}
certified = {w['certified']}
bases = {w['bases']}
awareness = {w['awareness']}
# {sum(lines) / w['n']:,.0f} yen per participant per FY (synthetic)
[wards.status_quo_budget]
staff = {lines[0]}
training = {lines[1]}
supervision = {lines[2]}
awareness = {lines[3]}
bases = {lines[4]}
grants = {lines[5]}
"""
        )
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write("".join(out))


HEADER = """# SYNTHETIC ward data (合成データ): Tokyo's 23 special wards with an INVENTED
# spread of support per participant. Not any ward's real budget. Written by
# scripts/synthetic-disparity.py; edit the script, not this file.
#
# Why: the default data (tokyo-23) apportion the brief's totals by
# population, so every ward spends the same per participant and there is no
# disparity to study. The brief reports that support per participant ranges
# from about ¥20,000 to ¥83,000 across the wards (about four-fold, mean about
# ¥45,000) and ward budgets from ¥4.8 M to ¥123 M (about 26-fold), within a
# total of about ¥1.28 bn a year (FY2023). This data set reproduces the range
# of support per participant and the total by a deterministic rule:
#
#   1. Population, participants, supporters, sites and awareness are those of
#      tokyo-23 (the brief's totals apportioned by population).
#   2. Ward i (0 = Chiyoda … 22 = Edogawa, the order of the ward codes
#      13101–13123) gets a target support per participant
#      p_i = 20,000 + 63,000 × (i / 22)^k yen per FY, with k = {k:.6f}
#      found so that the ward budgets p_i × participants_i add up to
#      ¥1,280,000,000.
#   3. Each ward's status-quo lines start from the tokyo-23 rule (docs/model.md §2).
#      Training (replacement level) and sites (sites × ¥1.03 M) are kept, so
#      the status quo stays stationary and within capacity; staff,
#      supervision, publicity and grants are scaled by one factor per ward so
#      that the six lines add up to p_i × participants_i.
#   4. Lines are whole yen; the rounding remainder goes to the grants of the
#      ward with the largest budget, so the total is exactly ¥1,280,000,000.
#
# The order of the ranking is arbitrary (the ward codes); it says nothing
# about which real ward spends more.
schema_version = 1
name = "tokyo-23-synthetic-disparity"
title = "SYNTHETIC: Tokyo 23 wards with an invented spread of support per participant (¥20,000–¥83,000)"
title_ja = "【合成データ】東京都特別区23区・参加者一人当たり支援額に架空の格差（2万円〜8万3千円）"

# Every ward below gives its own status-quo lines, so this rule is not used
# for them; it records the totals the lines were built from.
[status_quo]
total_budget = 1_280_000_000
staff_fte = 15.0
supervision_share = 0.02
awareness_share = 0.05
"""

if __name__ == "__main__":
    main()
