"""Shared helpers for the invented CME mailbox corpus: data pools, dates, UPNs, MIME pieces,
.docx and .pdf builders. Everything here is invented; see README.md."""

import base64
import datetime as dt
import html
import io
import quopri
import unicodedata
import zipfile
from email.header import Header

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

RISK_CODES = ["temporary-accommodation", "domestic-abuse", "child-protection-plan", "child-in-need", "early-help",
              "gypsy-roma-traveller", "highly-mobile", "criminal-justice", "health-needs", "private-fostering",
              "school-aged-parent", "parental-needs", "looked-after", "send"]

# How a form labels each factor: (dev wordings, holdout wordings).
RISK_LABELS = {
    "temporary-accommodation": (["Temporary accommodation", "Living in temporary accommodation"],
                                ["In temporary / emergency housing", "Temporary accommodation (B&B, hostel)"]),
    "domestic-abuse": (["Domestic abuse", "Domestic abuse in household"], ["Domestic abuse concerns", "Domestic violence / abuse"]),
    "child-protection-plan": (["Child protection plan", "Subject to a child protection plan"],
                              ["CP plan", "Child Protection Plan (current)"]),
    "child-in-need": (["Child in need", "Child in Need plan"], ["CIN (section 17)", "Open as Child in Need"]),
    "early-help": (["Early help", "Early Help involvement"], ["Early Help (EHA open)", "Family support / Early Help"]),
    "gypsy-roma-traveller": (["Gypsy, Roma or Traveller", "GRT family"], ["Traveller family", "Gypsy/Roma/Traveller heritage"]),
    "highly-mobile": (["Highly mobile family"], ["Frequent house moves (highly mobile)"]),
    "criminal-justice": (["Criminal justice involvement"], ["Known to Youth Justice Service"]),
    "health-needs": (["Health needs", "Medical needs"], ["Medical / health needs", "Health condition"]),
    "private-fostering": (["Private fostering"], ["Privately fostered"]),
    "school-aged-parent": (["School-aged parent"], ["Pregnant / school-age parent"]),
    "parental-needs": (["Parental needs (mental health, substance misuse)"], ["Parental mental health or substance misuse"]),
    "looked-after": (["Looked after child", "Child looked after (CLA)"], ["Child in care (CIC)", "Looked After Child"]),
    "send": (["SEND", "SEN / EHCP"], ["Special educational needs (SEN)", "EHC plan"]),
}

RISK_PROSE_POS = {
    "temporary-accommodation": "The family are in temporary accommodation.",
    "domestic-abuse": "There is a history of domestic abuse in the household.",
    "child-protection-plan": "{he} is currently subject to a child protection plan.",
    "child-in-need": "{he} is open to children's social care as a child in need.",
    "early-help": "The family have an open Early Help assessment.",
    "gypsy-roma-traveller": "The family are from a Traveller background.",
    "highly-mobile": "The family are highly mobile and have moved several times this year.",
    "criminal-justice": "{he} is known to the youth justice service.",
    "health-needs": "{he} has significant health needs.",
    "private-fostering": "{he} is living in a private fostering arrangement with an aunt.",
    "school-aged-parent": "{he} is a school-aged parent (baby born last year).",
    "parental-needs": "Mum has mental health needs.",
    "looked-after": "{he} is a looked after child.",
    "send": "{he} has an EHC plan for SEND.",
}

RISK_PROSE_NEG = {
    "child-protection-plan": ["{he} is not on a child protection plan.", "There is no child protection plan in place."],
    "child-in-need": ["Not known to CSC.", "No social care involvement that we are aware of.", "The family are not open to social care (no CIN plan)."],
    "domestic-abuse": ["No domestic abuse concerns known."],
    "early-help": ["No Early Help involvement."],
    "send": ["No SEND."],
    "looked-after": ["{he} is not looked after."],
}

DEV = {
    "councils": [("Brackenshire County Council", "brackenshire.gov.uk", "cme@brackenshire.gov.uk", "brackenshire.sch.uk"),
                 ("Wealdmoor Borough Council", "wealdmoor.gov.uk", "children.missing.education@wealdmoor.gov.uk", "wealdmoor.sch.uk")],
    "schools": [("Oakfield Primary School", "Oakfield", "oakfield"),
                ("St Aldhelm's Church of England Primary School", "St Aldhelm's", "staldhelms"),
                ("Kestrel Rise Academy", "Kestrel Rise", "kestrelrise"),
                ("Brookmead Infant and Nursery School", "Brookmead Infants", "brookmead"),
                ("Harrowgate Fields Junior School", "Harrowgate Fields", "harrowgatefields"),
                ("Millbrook Community College", "Millbrook", "millbrook"),
                ("St Mary & St Joseph Catholic Primary School", "St Mary & St Joseph", "stmarystjoseph"),
                ("Lantern Hill Free School", "Lantern Hill", "lanternhill"),
                ("Thornbury Vale Primary Academy", "Thornbury Vale", "thornburyvale"),
                ("Coltbridge High School", "Coltbridge High", "coltbridgehigh")],
    "towns": ["Brackenford", "Wealdham", "Coltbridge", "Ebbsmere", "Hollins Cross"],
    "streets": ["Larkspur Close", "Tanners Row", "Mill Lane", "Fennel Way", "Chapel Street", "Orchard Rise", "Pelham Court"],
    "outcodes": ["SG1", "SG5", "AL3", "AL10", "HP2", "WD18", "LU4", "MK6", "SG12", "HP23"],
    "first": ["Chloë", "Ellie-Mae", "Oliver", "Amara", "Finley", "Zainab", "Mateusz", "Siobhán", "Jayden", "Poppy-Mae",
              "Kacper", "Aaliyah", "Reuben", "Ffion", "Élodie", "Tyrese"],
    "last": ["van der Berg", "O'Neill", "Okonkwo-Reid", "Nguyễn", "Kowalczyk", "MacAulay", "da Silva", "Ashworth",
             "Pennington", "Begum", "Ferreira", "Haworth", "Quinn", "Sutton", "Lemaire", "Mensah"],
    "staff": ["Joanna Pike", "Marcus Hale", "Priya Rendell", "Gareth Lowe", "Natalie Ibbotson", "Declan Frost", "Yvonne Castell"],
    "parents_first": ["Dana", "Kelly", "Agnieszka", "Michelle", "Tunde", "Sophie", "Grant"],
    "private_domains": ["example.com", "example.org"],
    "officers": ["Rachel Dunmore", "Owen Tebbit", "Sana Mirza"],
}

HOLDOUT = {
    "councils": [("Northfell Metropolitan Borough Council", "northfell.gov.uk", "cme.team@northfell.gov.uk", "northfell.sch.uk"),
                 ("Tarnside Council", "tarnside.gov.uk", "education.cme@tarnside.gov.uk", "tarnside.sch.uk")],
    "schools": [("Greystone Moor Primary School", "Greystone Moor", "greystonemoor"),
                ("Our Lady of Lourdes Catholic Voluntary Academy", "Our Lady of Lourdes", "ourladyoflourdes"),
                ("Fellside Community Primary School", "Fellside", "fellside"),
                ("Heron Bank Academy", "Heron Bank", "heronbank"),
                ("Beckwith Junior & Infant School", "Beckwith J&I", "beckwith"),
                ("Saltergate High School", "Saltergate", "saltergate"),
                ("St Cuthbert's RC Primary School", "St Cuthbert's", "stcuthberts"),
                ("Windle Edge Free School", "Windle Edge", "windleedge"),
                ("Marram Dunes Primary Academy", "Marram Dunes", "marramdunes"),
                ("Tarn Valley School", "Tarn Valley", "tarnvalley")],
    "towns": ["Northfell", "Tarnby", "Greystone", "Saltburn Moor", "Haverdale"],
    "streets": ["Quarry Bank", "Heather Grove", "Ropewalk", "Smithy Lane", "Beck View", "Moorside Terrace", "Gill Road"],
    "outcodes": ["LS7", "NE6", "BS5", "EX2", "YO31", "DH1", "LS28", "NE24", "BS16", "CA3"],
    "first": ["Zoë", "Lily-Rose", "Tomasz", "Aoife", "Kwame", "Renée", "Ayaan", "Harper-Jade", "Seren", "Bartosz",
              "Noémie", "Ibrahim", "Maisie", "Jean-Luc", "Precious", "Leyla"],
    "last": ["de la Cruz", "D'Souza", "McAllister", "Adeyemi-Clarke", "Trần", "Fitzgerald-Hume", "ten Broek", "Ó Briain",
             "Lindqvist", "Balogun", "Whitfield", "Eastwood", "Nowak-Byrne", "Ahmadi", "Pereira", "Thistlethwaite"],
    "staff": ["Hannah Copley", "Idris Bellamy", "Rosalind Tuck", "Femi Odunsi", "Carys Moorcroft", "Stuart Pennock", "Lorna Vick"],
    "parents_first": ["Stacey", "Marek", "Bernadette", "Chidi", "Leanne", "Farida", "Craig"],
    "private_domains": ["example.net"],
    "officers": ["Imogen Sallis", "Kofi Asante", "Bryony Marsh"],
}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def ordinal(n):
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(d, style):
    m = MONTHS[d.month - 1]
    return {
        "slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "slash_nopad": f"{d.day}/{d.month}/{d.year}",
        "dots2": f"{d.day}.{d.month}.{d.year % 100:02d}",
        "dots": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "ord_long": f"{ordinal(d.day)} {m} {d.year}",
        "short2": f"{d.day} {m[:3]} {d.year % 100:02d}",
        "iso": d.isoformat(),
        "long": f"{d.day} {m} {d.year}",
        "ord_abbr": f"{ordinal(d.day)} {m[:3]} {d.year}",
        "noyear": f"{ordinal(d.day)} {m[:3]}",
        "weekday": f"{d.strftime('%A')} {d.day} {m} {d.year}",
        "dash": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "slash2": f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}",
    }[style]


DOB_STYLES = ["slash", "slash_nopad", "dots2", "ord_long", "short2", "iso", "long", "dots", "dash", "slash2"]
RECENT_STYLES = ["slash", "dots2", "ord_long", "short2", "iso", "long", "ord_abbr", "noyear", "weekday"]


def upn_check(digits):
    return UPN_LETTERS[sum(int(c) * w for c, w in zip(digits, range(2, 14))) % 23]


def make_upn(rng, valid):
    digits = f"{rng.choice([919, 311, 873, 825, 380, 209])}{rng.randint(2000, 7999)}{rng.randint(10, 25)}{rng.randint(0, 999):03d}"
    letter = upn_check(digits)
    if not valid:
        letter = rng.choice([c for c in UPN_LETTERS if c != letter])
    return letter + digits


def caps_name(name):
    return name.upper()


def render_postcode(rng, pc):
    style = rng.choice(["normal", "normal", "lower", "nospace", "spaces"])
    return {"normal": pc, "lower": pc.lower(), "nospace": pc.replace(" ", ""), "spaces": pc.replace(" ", "  ")}[style]


def h(s):
    """HTML-escape the way mail clients do: &amp; &lt; and &#39; for apostrophes."""
    return html.escape(s, quote=False).replace("'", "&#39;")


def enc_header(value):
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        return Header(value, "utf-8").encode()


def b64(data):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def qp(data):
    return quopri.encodestring(data).decode("ascii")


def addr(name, email):
    if not name:
        return email
    if any(c in name for c in ",.()"):
        name = '"' + name + '"'
    return f"{enc_header(name)} <{email}>"


def headers(ctx, frm, to, subject, date, extra=None, reply_to=None, cc=None):
    lines = [f"From: {frm}", f"To: {to}"]
    if cc:
        lines.append(f"Cc: {cc}")
    if reply_to:
        lines.append(f"Reply-To: {reply_to}")
    lines.append(f"Subject: {enc_header(subject)}")
    lines.append(f"Date: {rfc_date(date)}")
    lines.append(f"Message-ID: <{ctx.rng.getrandbits(64):016x}.{ctx.rng.getrandbits(32):08x}@{frm.split('@')[-1].rstrip('>')}>")
    for k, v in (extra or []):
        lines.append(f"{k}: {v}")
    lines.append("MIME-Version: 1.0")
    return "\n".join(lines) + "\n"


def rfc_date(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S +0000")


def text_part(text, charset="utf-8", cte=None):
    data = text.encode(charset if charset != "iso-8859-1" else "cp1252")
    if cte is None:
        cte = "7bit" if all(b < 128 for b in data) else "quoted-printable"
    if cte == "8bit" and charset.lower() != "utf-8":
        raise ValueError("an 8bit part in a charset other than UTF-8 must be written as bytes (see s_latin1 in shapes_forms.py)")
    # message() encodes the whole email as UTF-8, so an 8bit UTF-8 body is kept as text (decoding it as Latin-1 double-encoded it).
    body = {"7bit": data.decode("ascii", "replace"), "8bit": data.decode("utf-8"),
            "quoted-printable": qp(data), "base64": b64(data)}[cte]
    return f'Content-Type: text/plain; charset="{charset}"\nContent-Transfer-Encoding: {cte}\n\n{body}\n'


def html_part(markup, cte="quoted-printable", charset="utf-8"):
    data = markup.encode(charset)
    body = qp(data) if cte == "quoted-printable" else b64(data) if cte == "base64" else markup
    return f'Content-Type: text/html; charset="{charset}"\nContent-Transfer-Encoding: {cte}\n\n{body}\n'


def multipart(ctx, subtype, parts, params=""):
    boundary = f"----=_Part_{ctx.rng.getrandbits(40):010x}"
    out = f'Content-Type: multipart/{subtype}; boundary="{boundary}"{params}\n\n'
    if subtype != "alternative":
        out += "This is a multi-part message in MIME format.\n\n"
    for p in parts:
        out += f"--{boundary}\n{p}\n"
    return out + f"--{boundary}--\n"


def attachment(data, mime, filename):
    return (f'Content-Type: {mime}; name="{filename}"\nContent-Disposition: attachment; filename="{filename}"\n'
            f"Content-Transfer-Encoding: base64\n\n{b64(data)}\n")


def message(hdrs, body_with_ct):
    return (hdrs + body_with_ct).encode("utf-8") if isinstance(body_with_ct, str) else hdrs.encode() + body_with_ct


# ---------- .docx ----------

def _run(text):
    return f'<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'


def docx(blocks):
    """blocks: list of ('p', text) | ('h', text) | ('table', [[cell, ...], ...])."""
    body = []
    for kind, content in blocks:
        if kind in ("p", "h"):
            props = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if kind == "h" else ""
            body.append(f"<w:p>{props}{_run(content)}</w:p>")
        else:
            rows = []
            for row in content:
                cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="2400" w:type="dxa"/></w:tcPr><w:p>{_run(c)}</w:p></w:tc>' for c in row)
                rows.append(f"<w:tr>{cells}</w:tr>")
            body.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
                        + "".join(rows) + "</w:tbl><w:p/>")
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + "".join(body) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ---------- .pdf ----------

def pdf(lines):
    """A one-page text PDF (Helvetica, WinAnsiEncoding); lines must be encodable in windows-1252."""
    def esc(s):
        return s.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 10 Tf 50 800 Td 13 TL\n"
    for line in lines:
        stream += b"(" + esc(line) + b") Tj T*\n"
    stream += b"ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def nfd(s):
    return unicodedata.normalize("NFD", s)


def cp1252_ok(s):
    try:
        s.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False
