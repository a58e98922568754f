"""The invented child/case behind each email, and the field renderers the shapes share."""

import datetime as dt
from dataclasses import dataclass, field

from common import (DEV, HOLDOUT, RISK_CODES, RISK_LABELS, RISK_PROSE_NEG, RISK_PROSE_POS, DOB_STYLES, RECENT_STYLES,
                    fmt_date, make_upn, render_postcode, h, cp1252_ok)


FEMALE = {"Chloë", "Ellie-Mae", "Amara", "Zainab", "Siobhán", "Poppy-Mae", "Aaliyah", "Ffion", "Élodie",
          "Zoë", "Lily-Rose", "Aoife", "Renée", "Harper-Jade", "Seren", "Noémie", "Maisie", "Precious", "Leyla"}


class Ctx:
    def __init__(self, rng, split):
        self.rng = rng
        self.split = split
        self.pool = DEV if split == "dev" else HOLDOUT
        self.council = rng.choice(self.pool["councils"])

    def w(self, dev, holdout):
        """One wording: dev and holdout draw from different lists."""
        return self.rng.choice(dev if self.split == "dev" else holdout)

    def email_date(self):
        d = dt.date(2026, 1, 5) + dt.timedelta(days=self.rng.randint(0, 170))
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return dt.datetime(d.year, d.month, d.day, self.rng.randint(7, 17), self.rng.randint(0, 59), self.rng.randint(0, 59))

    @property
    def mailbox(self):
        return self.council[2]

    @property
    def gov(self):
        return self.council[1]

    @property
    def schdomain(self):
        return self.council[3]


@dataclass
class Child:
    first: str
    last: str
    dob: dt.date
    upn: str
    upn_valid: bool
    postcode: str
    school: tuple
    address: str
    dla: dt.date
    start: dt.date
    present: list
    absent: list
    unknown: list
    he: str
    parent: str
    parent_email: str
    phone: str
    sibling: str
    date: dt.datetime
    staff: tuple = field(default=None)  # (name, email) at the school
    extra: dict = field(default_factory=dict)

    @property
    def He(self):
        return self.he.capitalize()


def school_takes(name, age):
    """Whether a school of that name would have a child of that age (infant 4-6, junior 7-10, primary 4-10,
    free schools all-through, the rest secondary)."""
    if "Infant" in name and "Junior" not in name:
        return age <= 6
    if "Junior" in name and "Infant" not in name:
        return 7 <= age <= 10
    if any(k in name for k in ("Primary", "Infant", "Junior")):
        return age <= 10
    return "Free School" in name or age >= 11


def make_child(ctx, cp1252=False, risks=True, school=None):
    rng, pool = ctx.rng, ctx.pool
    while True:
        first, last = rng.choice(pool["first"]), rng.choice(pool["last"])
        if not cp1252 or (cp1252_ok(first) and cp1252_ok(last)):
            break
    date = ctx.email_date()
    age = rng.randint(4, 15)
    dob = dt.date(2026 - age - 1, rng.randint(1, 12), rng.randint(1, 28))
    valid = rng.random() < 0.7
    upn = make_upn(rng, valid)
    pc = f"{rng.choice(pool['outcodes'])} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    sch = school or rng.choice([s for s in pool["schools"] if school_takes(s[0], age)])
    dla = (date - dt.timedelta(days=rng.randint(8, 40))).date()
    if dla.year != date.year or dla < dt.date(date.year, 1, 7):
        dla = dt.date(date.year, 1, rng.randint(7, 16))
    while dla.weekday() >= 5:
        dla -= dt.timedelta(days=1)
    start = (date + dt.timedelta(days=rng.randint(-10, 12))).date()
    while start.weekday() != 0:
        start += dt.timedelta(days=1)
    if start.year != date.year:
        start = dt.date(date.year, 1, 12)
    present, absent, unknown = [], [], []
    if risks:
        for code in RISK_CODES:
            r = rng.random()
            boost = 0.35 if code in ("child-protection-plan", "child-in-need") else 0.12
            if r < boost:
                present.append(code)
            elif r < boost + (0.45 if code in ("child-protection-plan", "child-in-need") else 0.15):
                absent.append(code)
            elif r < boost + (0.45 if code in ("child-protection-plan", "child-in-need") else 0.15) + 0.12:
                unknown.append(code)
    for code, min_age in (("school-aged-parent", 13), ("criminal-justice", 10)):
        if age < min_age and code in present:
            present.remove(code)
            absent.append(code)
    he = "she" if first in FEMALE else "he"
    parent_first = rng.choice(pool["parents_first"])
    parent_last = last if rng.random() < 0.7 else rng.choice(pool["last"])
    parent = f"{parent_first} {parent_last}"
    local = "".join(ch for ch in (parent_first + "." + parent_last).lower() if ch.isascii() and (ch.isalnum() or ch == "."))
    parent_email = f"{local}{rng.randint(10, 99)}@{rng.choice(pool['private_domains'])}"
    phone = rng.choice(["07700 900", "01632 960"]) + f"{rng.randint(0, 999):03d}"
    sibling = rng.choice([f for f in pool["first"] if f != first])
    address = f"{rng.randint(1, 140)} {rng.choice(pool['streets'])}, {rng.choice(pool['towns'])}"
    staff_name = rng.choice(pool["staff"])
    fn, ln = staff_name.split()
    staff_email = rng.choice([f"{fn[0]}.{ln}", f"{fn}.{ln}", "office", "admin", "attendance", "dsl"]).lower() + f"@{sch[2]}.{ctx.schdomain}"
    return Child(first, last, dob, upn, valid, pc, sch, address, dla, start, present, absent, unknown, he, parent,
                 parent_email, phone, sibling, date, (staff_name, staff_email))


def expected(file, shape, kind, c=None, case_ref=None, first=True, last=True, dob=True, upn=True, postcode=True, school=True,
             dla=False, start=False, risks=None, referrer=None):
    if kind == "other" or c is None:
        return {"file": file, "kind": kind, "caseRef": None,
                "child": {"firstName": None, "lastName": None, "dateOfBirth": None, "upn": None},
                "postcode": None, "school": None, "dateLastAttended": None, "startDate": None, "riskFactors": [],
                "referrerEmail": None, "shape": shape}
    rs = c.present if risks is None else risks
    return {"file": file, "kind": kind, "caseRef": case_ref,
            "child": {"firstName": c.first if first else None, "lastName": c.last if last else None,
                      "dateOfBirth": c.dob.isoformat() if dob else None,
                      "upn": c.upn if (upn and c.upn_valid) else None},
            "postcode": c.postcode if postcode else None,
            "school": c.school[0] if school else None,
            "dateLastAttended": c.dla.isoformat() if dla else None,
            "startDate": c.start.isoformat() if start else None,
            "riskFactors": [r for r in RISK_CODES if r in rs],
            "referrerEmail": referrer, "shape": shape}


def dob_text(ctx, c):
    return fmt_date(c.dob, ctx.rng.choice(DOB_STYLES))


def recent_text(ctx, d):
    return fmt_date(d, ctx.rng.choice(RECENT_STYLES))


def name_fields(ctx, c, style=None):
    """(label, value) pairs naming the child, in one of the ways real forms do."""
    rng = ctx.rng
    style = style or rng.choice(["split", "split", "caps", "comma", "full", "legal"])
    if style == "split":
        return [(ctx.w(["First name", "Forename(s)", "Child's first name"], ["Given name", "Forename", "First name(s)"]), c.first),
                (ctx.w(["Surname", "Last name", "Legal surname"], ["Family name", "Surname", "Child's surname"]), c.last)]
    if style == "surname_first":
        return [(ctx.w(["Surname", "Legal surname"], ["Family name", "Child's surname"]), c.last),
                (ctx.w(["Forename(s)", "First name"], ["Given name(s)", "Forename"]), c.first)]
    if style == "caps":
        return [(ctx.w(["SURNAME", "LEGAL SURNAME"], ["FAMILY NAME", "SURNAME"]), c.last.upper()),
                (ctx.w(["FIRST NAME", "FORENAME(S)"], ["GIVEN NAME", "FORENAME"]), c.first.upper())]
    if style == "comma":
        return [(ctx.w(["Child's name", "Pupil name"], ["Name of pupil", "Child"]), f"{c.last.upper()}, {c.first}")]
    if style == "full":
        return [(ctx.w(["Child's full name", "Name of child"], ["Pupil name", "Full name of child"]), f"{c.first} {c.last}")]
    # legal surname + forename + a "known as" short name
    known = c.first.split("-")[0][:3] if len(c.first) > 4 else c.first
    return [(ctx.w(["Legal surname", "Surname"], ["Surname (legal)", "Family name"]), c.last),
            (ctx.w(["Forename(s)", "Legal forename"], ["Forename (legal)", "First name"]), c.first),
            (ctx.w(["Known as", "Preferred name"], ["Known as", "Also known as"]), known)]


def child_fields(ctx, c, name_style=None, with_upn=True, with_dla=True, school_value=None, postcode_separate=None):
    rng = ctx.rng
    f = name_fields(ctx, c, name_style)
    f.append((ctx.w(["Gender", "Sex"], ["Male/Female", "Gender"]), "Male" if c.he == "he" else "Female"))
    f.append((ctx.w(["Date of birth", "DOB"], ["D.O.B", "Birth date"]), dob_text(ctx, c)))
    if with_upn:
        f.append((ctx.w(["UPN", "UPN"], ["Unique Pupil Number", "UPN no."]), c.upn))
    if postcode_separate is None:
        postcode_separate = rng.random() < 0.5
    pc = render_postcode(rng, c.postcode)
    if postcode_separate:
        f.append((ctx.w(["Address", "Last known address"], ["Home address", "Last known address"]), c.address))
        f.append((ctx.w(["Postcode", "Postcode"], ["Post code", "Postcode"]), pc))
    else:
        f.append((ctx.w(["Address", "Last known address"], ["Current address (include post code)", "Address at time of referral"]),
                  f"{c.address}, {pc}"))
    f.append((ctx.w(["School", "Current school", "Name of school"], ["Current/previous school", "School attended", "Last school"]),
              school_value or c.school[0]))
    if with_dla:
        f.append((ctx.w(["Date last attended", "Last attended"], ["Date last in education", "Date last seen in school"]),
                  recent_text(ctx, c.dla)))
    f.append((ctx.w(["Parent/carer name", "Parent's name"], ["Parent(s) names", "Parent/carer"]), c.parent))
    f.append((ctx.w(["Parent phone", "Contact number"], ["Telephone number(s)", "Parent tel no"]), c.phone))
    return f


def risk_label(ctx, code):
    dev, hold = RISK_LABELS[code]
    return ctx.rng.choice(dev if ctx.split == "dev" else hold)


def risk_rows(ctx, c):
    """[(label, 'Yes'|'No'|'Unknown')] for the factors this form asks about, in a stable shuffled order."""
    rows = [(code, "Yes") for code in c.present] + [(code, "No") for code in c.absent] + [(code, "Unknown") for code in c.unknown]
    for code in ("child-protection-plan", "child-in-need"):
        if code not in [r[0] for r in rows]:
            rows.append((code, "No"))
    ctx.rng.shuffle(rows)
    return [(risk_label(ctx, code), ans) for code, ans in rows]


def risk_prose(ctx, c):
    out = [RISK_PROSE_POS[code].format(he=c.He) for code in c.present]
    for code in c.absent:
        if code in RISK_PROSE_NEG:
            out.append(ctx.rng.choice(RISK_PROSE_NEG[code]).format(he=c.He))
    ctx.rng.shuffle(out)
    return " ".join(out)


def yes_no(ctx, ans):
    return {"Yes": ctx.w(["Yes", "YES", "Y"], ["Yes", "yes", "Y"]), "No": ctx.w(["No", "NO", "N"], ["No", "no", "N"]),
            "Unknown": ctx.w(["Unknown", "Not known"], ["Don't know", "Unknown"])}[ans]


def referrer_fields(ctx, name, email, role):
    return [(ctx.w(["Referrer name", "Name of referrer"], ["Your name", "Referring officer"]), name),
            (ctx.w(["Role", "Job title"], ["Position", "Role / job title"]), role),
            (ctx.w(["Referrer email", "Email"], ["Contact email", "Referrer e-mail"]), email),
            (ctx.w(["Tel", "Referrer phone"], ["Tel no", "Direct line"]), ctx.rng.choice(["01632 960", "07700 900"]) + f"{ctx.rng.randint(0, 999):03d}")]


def render_lines(fields, sep):
    if sep == "next":
        return "\n".join(f"{l}\n{v}\n" for l, v in fields)
    return "\n".join(f"{l}{sep}{v}" for l, v in fields)


def risk_plain_grid(ctx, rows):
    width = max(len(l) for l, _ in rows) + 4
    head = " " * width + "Yes   No    Unknown"
    out = [head]
    for label, ans in rows:
        col = {"Yes": 0, "No": 6, "Unknown": 12}[ans]
        out.append(label.ljust(width) + " " * col + ctx.w(["X", "x"], ["X", "*"]))
    return "\n".join(out)


def html_rows_td_b(fields):
    return "".join(f"<tr><td><b>{h(l)}</b></td><td>{h(v) if v else '&nbsp;'}</td></tr>\n" for l, v in fields)


def html_rows_th(fields):
    return "".join(f"<tr><th align=\"left\">{h(l)}</th><td>{h(v)}</td></tr>\n" for l, v in fields)


def html_risk_grid(ctx, rows, mark="X"):
    out = ["<table border=\"1\" cellpadding=\"3\">",
           f"<tr><th>{ctx.w(['Risk factor', 'Vulnerability'], ['Additional needs / vulnerabilities', 'Factor'])}</th><th>Yes</th><th>No</th><th>Unknown</th></tr>"]
    for label, ans in rows:
        cells = "".join(f"<td>{mark if ans == a else '&nbsp;'}</td>" for a in ("Yes", "No", "Unknown"))
        out.append(f"<tr><td>{h(label)}</td>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def signature(ctx, name, role, org, email=None, phone=None):
    phone = phone or (ctx.rng.choice(["01632 960", "07700 900"]) + f"{ctx.rng.randint(0, 999):03d}")
    lines = [name, role, org, f"Tel: {phone}"]
    if email:
        lines.append(email)
    return "\n".join(lines)
