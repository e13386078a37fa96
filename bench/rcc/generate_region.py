"""Deterministic synthetic SSDA903 history of a region (or of England) for the demand-forecast
benchmark (bench/rcc/run.sh), in the layout the regional demand model reads: one file per table
with LA and YEAR columns, rows for every return year an episode overlaps.

Usage:
  python generate_region.py OUT_DIR [--councils N] [--children-in-care N] [--years 5]
                            [--last-year 2025] [--seed 16]

Writes OUT_DIR/episodes.csv, header.csv and uasc.csv, streaming rows child by child (memory stays
bounded whatever the size), and prints a summary as one JSON line.

The model. Each council's children enter care as a Poisson stream whose rate is set so that, in
the steady state, about N/councils children are in care on any day (council sizes vary). Entries
are simulated from 18 years before the history starts, so the children already in care when it
starts have the right mix of ages and lengths of stay; only children in care at some time in the
history are written. A child:

* enters aged 0-17 (about 18% under one, 13% aged 1-4, 15% 5-9, 36% 10-15, 18% 16-17, close to
  England's starts), some aged 14+ as unaccompanied asylum-seeking children (UASC, mostly boys,
  most of whom stay until 18);
* stays a few weeks (about a fifth of periods) or years, depending on age; leaves at 18 at the
  latest (DEC on the 18th birthday); under-fives who stay long are often adopted (placed for
  adoption, A5/A6, in the last months), others go home (E4A/E4B), to special guardians (E45/E46),
  to relatives (E13, E41, E47/E48) and so on; some come back into care after a gap (a new period
  of care, RNE S);
* is placed mostly in foster care (U1-U3 with family or friends, U4-U6 with the council's own or an
  agency's carers), some in children's homes and residential settings (K2, R1, S1), from 16 in
  supported accommodation or independent living (H5, K3, P2), and otherwise with parents (P1),
  for adoption (A3-A6), in secure homes (K1) or elsewhere (Z1, R2, R3, R5), by age;
* moves placement from time to time (RNE P with REC X1 and a reason for the change; T or U when
  the carers stay the same) and changes legal status (police protection or emergency protection
  to an interim care order, an interim care order to a full care order, a care order to a
  placement order before adoption: RNE L on the same placement, or B with a move).

Each return year (1 April to 31 March) lists every episode open at some time in it; an episode
that ends after the year ends is sent open (no DEC, REC or reason), so the same episode appears
in several years' files, as councils resend them. Header rows (SEX 1 or 2, DOB, ETHNIC from the
20 census codes) and UASC rows are sent for every year the child has an episode in.

Kept away on purpose, because the peer model stops on them (they are not what is measured here):
episodes shorter than a day, and episode starts on the calendar birthday at which a child enters
the next age band (1, 5, 10, 16): with ages in days over 365.24 such a start can still be "before"
the birthday, which makes a piece of no length in the band below, and the peer raises an error
when that band held no-one the day before. Child identifiers are unique across the region.
"""

import argparse
import json
import os
import random
from datetime import date

ETHNIC = [("WBRI", 650), ("WIRI", 3), ("WOTH", 50), ("WIRT", 3), ("WROM", 7), ("MWBC", 30), ("MWBA", 15),
          ("MWAS", 20), ("MOTH", 30), ("AIND", 5), ("APKN", 15), ("ABAN", 10), ("CHNE", 2), ("AOTH", 20),
          ("BCRB", 15), ("BAFR", 40), ("BOTH", 20), ("OOTH", 40), ("REFU", 5), ("NOBT", 20)]
ETHNIC_UASC = [("AOTH", 300), ("BAFR", 300), ("OOTH", 250), ("BOTH", 80), ("WOTH", 40), ("NOBT", 30)]

# Placement types by age band (years: <1, 1-4, 5-9, 10-15, 16-17) and for UASC.
PLACES = {
    0: [("U4", 30), ("U5", 14), ("U6", 24), ("U1", 6), ("U2", 3), ("U3", 7), ("P1", 6), ("A3", 2), ("A4", 2),
        ("Z1", 2), ("R3", 3), ("K2", 1)],
    1: [("U4", 30), ("U5", 15), ("U6", 24), ("U1", 8), ("U2", 2), ("U3", 8), ("P1", 7), ("A3", 2), ("A4", 1),
        ("Z1", 2), ("K2", 1)],
    2: [("U4", 30), ("U5", 15), ("U6", 21), ("U1", 9), ("U2", 2), ("U3", 7), ("P1", 6), ("K2", 5), ("R1", 1),
        ("S1", 1), ("Z1", 2), ("R2", 1)],
    3: [("U4", 26), ("U5", 12), ("U6", 18), ("U1", 7), ("U2", 1), ("U3", 5), ("P1", 5), ("K2", 15), ("R1", 2),
        ("S1", 2), ("K1", 1), ("Z1", 4), ("R2", 1), ("R5", 1)],
    4: [("U4", 20), ("U5", 10), ("U6", 12), ("U1", 4), ("U3", 3), ("H5", 22), ("K3", 5), ("P2", 6), ("K2", 10),
        ("R1", 1), ("P1", 3), ("Z1", 3), ("R5", 1), ("K1", 1)],
}
PLACES_UASC = {
    3: [("U4", 40), ("U5", 10), ("U6", 25), ("K2", 12), ("R1", 3), ("Z1", 5), ("S1", 5)],
    4: [("H5", 45), ("K3", 10), ("P2", 10), ("U4", 15), ("U6", 10), ("K2", 6), ("Z1", 4)],
}
PROVIDERS = {
    "U1": [("PR1", 85), ("PR2", 15)], "U2": [("PR1", 85), ("PR2", 15)], "U3": [("PR1", 85), ("PR2", 15)],
    "U4": [("PR1", 55), ("PR2", 3), ("PR4", 37), ("PR5", 5)], "U5": [("PR1", 55), ("PR2", 3), ("PR4", 37), ("PR5", 5)],
    "U6": [("PR1", 55), ("PR2", 3), ("PR4", 37), ("PR5", 5)],
    "K2": [("PR4", 75), ("PR1", 15), ("PR5", 8), ("PR2", 2)], "R1": [("PR1", 30), ("PR3", 30), ("PR4", 30), ("PR5", 10)],
    "S1": [("PR4", 60), ("PR5", 20), ("PR1", 20)], "K1": [("PR1", 40), ("PR2", 40), ("PR4", 20)],
    "H5": [("PR4", 60), ("PR1", 25), ("PR5", 15)], "K3": [("PR4", 60), ("PR1", 25), ("PR5", 15)],
    "P2": [("PR1", 60), ("PR4", 40)], "P1": [("PR0", 100)],
    "A3": [("PR1", 60), ("PR2", 20), ("PR5", 20)], "A4": [("PR1", 60), ("PR2", 20), ("PR5", 20)],
    "A5": [("PR1", 60), ("PR2", 20), ("PR5", 20)], "A6": [("PR1", 60), ("PR2", 20), ("PR5", 20)],
    "Z1": [("PR1", 50), ("PR3", 20), ("PR4", 30)], "R2": [("PR3", 100)], "R3": [("PR1", 50), ("PR4", 50)],
    "R5": [("PR3", 100)],
}
# Placements that can change with the same carers (RNE T or U).
SAME_CARER = {"U4": ["U5", "U6"], "U5": ["U4", "U6"], "U6": ["U4", "U5"], "U1": ["U2", "U3"], "U2": ["U1", "U3"],
              "U3": ["U1", "U2"]}
CHANGE_REASONS = [("CARPL", 25), ("CLOSE", 5), ("ALLEG", 3), ("STAND", 8), ("APPRR", 4), ("CREQB", 6), ("CREQO", 6),
                  ("CHILD", 10), ("LAREQ", 12), ("PLACE", 15), ("CUSTOD", 1), ("OTHER", 5)]
CIN = [("N1", 65), ("N2", 3), ("N3", 4), ("N4", 15), ("N5", 5), ("N6", 1), ("N7", 2), ("N8", 5)]
EXIT_AT_18 = [("E17", 20), ("E5", 35), ("E6", 5), ("E8", 30), ("E7", 3), ("E13", 7)]
EXIT_YOUNG_LONG = [("E11", 25), ("E12", 15), ("E45", 10), ("E46", 8), ("E4A", 30), ("E41", 4), ("E47", 2),
                   ("E48", 2), ("E8", 4)]
EXIT_OTHER = [("E4A", 42), ("E4B", 8), ("E13", 12), ("E45", 8), ("E46", 4), ("E41", 5), ("E47", 2), ("E48", 2),
              ("E8", 10), ("E3", 3), ("E9", 1), ("E14", 2), ("E2", 0.3)]
EXIT_UASC = [("E8", 40), ("E15", 20), ("E16", 10), ("E3", 20), ("E4B", 10)]
BANDS = (1, 5, 10, 16)


class Table:
    """Cumulative weights for fast weighted choice."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        total, self.cum = 0.0, []
        for _, w in pairs:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng):
        x = rng.random() * self.total
        lo, hi = 0, len(self.cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.cum[mid] > x:
                hi = mid
            else:
                lo = mid + 1
        return self.values[lo]


T_ETHNIC, T_ETHNIC_UASC = Table(ETHNIC), Table(ETHNIC_UASC)
T_PLACES = {k: Table(v) for k, v in PLACES.items()}
T_PLACES_UASC = {k: Table(v) for k, v in PLACES_UASC.items()}
T_PROVIDERS = {k: Table(v) for k, v in PROVIDERS.items()}
T_REASONS, T_CIN = Table(CHANGE_REASONS), Table(CIN)
T_EXIT18, T_EXIT_YOUNG, T_EXIT_OTHER, T_EXIT_UASC = Table(EXIT_AT_18), Table(EXIT_YOUNG_LONG), Table(EXIT_OTHER), Table(EXIT_UASC)
# Age at entry in whole years (0..17), then uniform within the year.
T_ENTRY_AGE = Table([(0, 18.0)] + [(a, 13.0 / 4) for a in range(1, 5)] + [(a, 15.0 / 5) for a in range(5, 10)]
                    + [(a, 36.0 / 6) for a in range(10, 16)] + [(16, 10.0), (17, 8.0)])


def birthday(dob, years):
    """dob plus whole calendar years (29 February becomes 28 February), as an ordinal."""
    try:
        return date(dob.year + years, dob.month, dob.day).toordinal()
    except ValueError:
        return date(dob.year + years, 2, 28).toordinal()


def band_of(age_days):
    a = age_days / 365.24
    return 0 if a < 1 else 1 if a < 5 else 2 if a < 10 else 3 if a < 16 else 4


class Child:
    __slots__ = ("dob", "dob_ord", "sex", "uasc", "ethnic", "periods", "b18", "band_days")

    def __init__(self, dob, sex, uasc, ethnic):
        self.dob, self.dob_ord, self.sex, self.uasc, self.ethnic = dob, dob.toordinal(), sex, uasc, ethnic
        self.periods = []  # (start, end, exit code) as ordinals; end excluded from care
        self.b18 = birthday(dob, 18)
        self.band_days = {birthday(dob, b) for b in BANDS}

    def ok_start(self, day):
        """A day an episode may start on (not a band birthday, before the 18th birthday)."""
        return day not in self.band_days and day < self.b18


def stay_length(rng, age_years, uasc):
    """Days of a period of care, before the cap at 18; None means 'until 18'."""
    if uasc:
        return None if rng.random() < 0.8 else 30 + int(rng.expovariate(1 / 500))
    if rng.random() < 0.2:
        return 2 + int(rng.expovariate(1 / 40))
    if age_years < 1:
        return 120 + int(rng.gammavariate(2.0, 330))
    if age_years < 5:
        return 90 + int(rng.gammavariate(2.0, 420))
    if age_years < 10:
        return 90 + int(rng.gammavariate(1.5, 900))
    if age_years < 14:
        return None if rng.random() < 0.35 else 60 + int(rng.gammavariate(1.5, 700))
    if age_years < 16:
        return None if rng.random() < 0.45 else 30 + int(rng.gammavariate(1.2, 500))
    return None if rng.random() < 0.55 else 20 + int(rng.gammavariate(1.2, 250))


def simulate_periods(rng, entry):
    """A child entering care on ordinal `entry`: the child and the periods of care (no episodes)."""
    age_years = T_ENTRY_AGE.pick(rng)
    age_days = int(age_years * 365.25 + rng.random() * 365)
    if age_years >= 17:
        age_days = min(age_days, int(17.9 * 365.25))
    uasc = age_years >= 14 and rng.random() < 0.3
    sex = (1 if rng.random() < 0.93 else 2) if uasc else (1 if rng.random() < 0.55 else 2)
    ethnic = (T_ETHNIC_UASC if uasc else T_ETHNIC).pick(rng)
    child = Child(date.fromordinal(entry - age_days), sex, uasc, ethnic)
    start = entry
    while True:
        while not child.ok_start(start):
            start += 1
        if start >= child.b18 - 1:
            break
        age = (start - child.dob_ord) / 365.24
        n = stay_length(rng, age, uasc)
        end = child.b18 if n is None else min(child.b18, start + max(1, n))
        if end >= child.b18:
            end, code = child.b18, T_EXIT18.pick(rng)
        elif uasc:
            code = T_EXIT_UASC.pick(rng)
        elif age < 5 and end - start > 300:
            code = T_EXIT_YOUNG.pick(rng)
        else:
            code = T_EXIT_OTHER.pick(rng)
        child.periods.append((start, end, code))
        # Some come back into care after a gap (not after adoption, death or 18).
        if code in ("E11", "E12", "E2") or end >= child.b18 or rng.random() >= 0.12:
            break
        start = end + 30 + int(rng.expovariate(1 / 400))
        if (start - child.dob_ord) / 365.24 > 17.5:
            break
    return child


def pick_place(rng, child, day):
    band = band_of(day - child.dob_ord)
    if child.uasc and band in T_PLACES_UASC:
        return T_PLACES_UASC[band].pick(rng)
    return T_PLACES[band].pick(rng)


def episodes_of_period(rng, child, start, end, code):
    """The episodes of one period of care: (decom, dec, rne, ls, place, provider, rec, reason)."""
    age = (start - child.dob_ord) / 365.24
    length = end - start
    adopted = code in ("E11", "E12")
    # Placement changes.
    mean_stay = 450 if age >= 10 else 700
    moves = []  # (day, same carers)
    d = start
    while True:
        d += 1 + int(rng.expovariate(1 / mean_stay))
        if d >= end - 1:
            break
        if child.ok_start(d):
            moves.append(d)
    adoption_day = None
    if adopted:
        a = max(start + 1, end - 90 - int(rng.random() * 240))
        while not child.ok_start(a) and a < end - 1:
            a += 1
        if start < a < end:
            adoption_day = a
            moves = [m for m in moves if m < a] + [a]
    # Legal statuses: (day, status); the first on the start day.
    legal = []
    if child.uasc:
        legal.append((start, "V2"))
    else:
        r = rng.random()
        first = "V2" if r < 0.42 else "C1" if r < 0.78 else "L1" if r < 0.84 else "L2" if r < 0.9 else (
            "J2" if age >= 10 else "C1") if r < 0.93 else "C2"
        legal.append((start, first))
        if first in ("L1", "L2"):
            legal.append((start + 2 + int(rng.random() * 8), "C1" if rng.random() < 0.7 else "V2"))
        if legal[-1][1] == "C1" and length > 120:
            legal.append((legal[-1][0] + 90 + int(rng.random() * 300), "C2"))
        if adopted and adoption_day is not None:
            e1 = adoption_day - 30 - int(rng.random() * 150)
            if e1 > legal[-1][0]:
                legal.append((e1, "E1"))
    legal_changes = {}
    for day, ls in legal[1:]:
        if start < day < end and child.ok_start(day):
            legal_changes[day] = ls
    days = sorted(set(moves) | set(legal_changes))
    days = [x for x in days if start < x < end]
    # Walk the boundaries.
    place = "A5" if adoption_day == start else pick_place(rng, child, start)
    provider = T_PROVIDERS[place].pick(rng)
    ls = legal[0][1]
    out = []
    decom, rne = start, "S"
    move_set = set(moves)
    for day in days:
        moved, changed_ls = day in move_set, day in legal_changes
        same_carers = False
        new_place, new_provider = place, provider
        if moved:
            if day == adoption_day:
                new_place = "A5" if rng.random() < 0.6 else "A6"
                new_provider = T_PROVIDERS[new_place].pick(rng)
            elif place in SAME_CARER and rng.random() < 0.08:
                same_carers = True
                new_place = rng.choice(SAME_CARER[place])
            else:
                new_place = pick_place(rng, child, day)
                new_provider = T_PROVIDERS[new_place].pick(rng)
        if moved and changed_ls:
            next_rne = "U" if same_carers else "B"
        elif moved:
            next_rne = "T" if same_carers else "P"
        else:
            next_rne = "L"
        reason = "" if next_rne == "L" else T_REASONS.pick(rng)
        out.append((decom, day, rne, ls, place, provider, "X1", reason))
        decom, rne = day, next_rne
        place, provider = new_place, new_provider
        if changed_ls:
            ls = legal_changes[day]
    out.append((decom, end, rne, ls, place, provider, code, ""))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--councils", type=int, default=10)
    ap.add_argument("--children-in-care", type=int, default=9000, help="children in care on any day (target)")
    ap.add_argument("--years", type=int, default=5, help="years of history (return years)")
    ap.add_argument("--last-year", type=int, default=2025, help="the last return year (ending 31 March)")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()

    first_year = args.last_year - args.years + 1
    data_start = date(first_year - 1, 4, 1).toordinal()
    data_end = date(args.last_year, 3, 31).toordinal()
    years = [(y, date(y - 1, 4, 1).toordinal(), date(y, 3, 31).toordinal()) for y in range(first_year, args.last_year + 1)]
    burn = data_start - 18 * 366

    # Mean days in care per child entering (with re-entries, capped at 18), from a pilot.
    pilot = random.Random(f"pilot-{args.seed}")
    n_pilot = 40000
    mean_days = sum(sum(e - s for s, e, _ in simulate_periods(pilot, data_start).periods)
                    for _ in range(n_pilot)) / n_pilot

    # Council sizes vary (log-normal), adding up to the target.
    sizes_rng = random.Random(f"sizes-{args.seed}")
    weights = [sizes_rng.lognormvariate(0, 0.5) for _ in range(args.councils)]
    total_w = sum(weights)

    os.makedirs(args.out_dir, exist_ok=True)
    fe = open(os.path.join(args.out_dir, "episodes.csv"), "w", buffering=1 << 20)
    fh = open(os.path.join(args.out_dir, "header.csv"), "w", buffering=1 << 20)
    fu = open(os.path.join(args.out_dir, "uasc.csv"), "w", buffering=1 << 20)
    fe.write("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LA,YEAR\n")
    fh.write("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,LA,YEAR\n")
    fu.write("CHILD,SEX,DOB,DUC,LA,YEAR\n")
    iso_cache = {}

    def iso(o):
        s = iso_cache.get(o)
        if s is None:
            s = iso_cache[o] = date.fromordinal(o).isoformat()
        return s

    stats = {"children": 0, "episodes_distinct": 0, "episode_rows": 0, "header_rows": 0, "uasc_rows": 0,
             "in_care_at_start": 0, "in_care_at_end": 0, "entries_in_history": 0}
    letters = "ABDEFGHJLNPQRSTUWXY"
    for c in range(args.councils):
        la = f"Council {c + 1:03d}"
        rng = random.Random(f"council-{args.seed}-{c}")
        postcodes = [f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1, 40)} {rng.randint(1, 9)}"
                     f"{rng.choice(letters)}{rng.choice(letters)}" for _ in range(500)]
        target = args.children_in_care * weights[c] / total_w
        rate = target / mean_days  # entries per day
        t = float(burn)
        serial = 0
        while True:
            t += rng.expovariate(rate)
            entry = int(t)
            if entry > data_end:
                break
            child = simulate_periods(rng, entry)
            periods = [p for p in child.periods if p[0] <= data_end and p[1] > data_start]
            if not periods:
                continue
            serial += 1
            cid = (100 + c) * 10_000_000 + serial
            home = rng.choice(postcodes)
            cin = T_CIN.pick(rng)
            eps = []
            for s, e, code in child.periods:
                if s > data_end or e <= data_start:
                    continue
                for ep in episodes_of_period(rng, child, s, e, code):
                    if ep[0] <= data_end and ep[1] >= data_start:
                        eps.append(ep + (rng.choice(postcodes), cin))
                if s <= data_start < e:
                    stats["in_care_at_start"] += 1
                if s <= data_end < e:
                    stats["in_care_at_end"] += 1
                if data_start <= s <= data_end:
                    stats["entries_in_history"] += 1
            stats["children"] += 1
            stats["episodes_distinct"] += len(eps)
            child_years = set()
            for decom, dec, rne, ls, place, provider, rec, reason, pl_post, cin_code in eps:
                urn = f"SC{rng.randint(100000, 999999)}" if place in ("K2", "K1") else "XXXXXXX"
                for y, ys, ye in years:
                    if decom > ye or dec < ys:
                        continue
                    child_years.add(y)
                    if dec <= ye:
                        d_s, r_s, why = iso(dec), rec, reason
                    else:  # still open at the end of that year's return
                        d_s, r_s, why = "", "", ""
                    fe.write(f"{cid},{iso(decom)},{rne},{ls},{cin_code},{place},{provider},{d_s},{r_s},{why},"
                             f"{home},{pl_post},{urn},{la},{y}\n")
                    stats["episode_rows"] += 1
            dob = child.dob.isoformat()
            upn = f"{letters[cid % len(letters)]}{cid % 10**12:012d}"
            mother = "0" if child.sex == 2 and (data_end - child.dob_ord) > 12 * 365 else ""
            duc = iso(child.b18)
            for y in sorted(child_years):
                fh.write(f"{cid},{child.sex},{dob},{child.ethnic},{upn},{mother},,{la},{y}\n")
                stats["header_rows"] += 1
                if child.uasc:
                    fu.write(f"{cid},{child.sex},{dob},{duc},{la},{y}\n")
                    stats["uasc_rows"] += 1
    for f in (fe, fh, fu):
        f.close()
    stats.update({"councils": args.councils, "target_in_care": args.children_in_care, "years": args.years,
                  "seed": args.seed, "data_start": iso(data_start), "data_end": iso(data_end),
                  "mean_days_in_care_per_entry": round(mean_days, 1)})
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
