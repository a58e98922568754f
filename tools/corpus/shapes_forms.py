"""Shapes: referral forms in plain text, HTML, Outlook, Apple, iPhone, windows-1252, .docx, .pdf."""

from common import (addr, headers, text_part, html_part, multipart, attachment, docx, DOCX_MIME, pdf, nfd, h,
                    fmt_date, render_postcode)
from model import (make_child, expected, child_fields, risk_rows, risk_prose, yes_no, referrer_fields, render_lines,
                   risk_plain_grid, html_rows_td_b, html_rows_th, html_risk_grid, signature, dob_text, recent_text, name_fields)

ROLES_DEV = ["Designated Safeguarding Lead", "Attendance Officer", "Pastoral Manager"]
ROLES_HOLD = ["Deputy DSL", "Family Support Worker", "Inclusion Lead"]


def greet(ctx):
    return ctx.w(["Hi CME team,", "Good morning,", "Dear CME Officer,"], ["Hello,", "To the Children Missing Education team,", "Afternoon all,"])


def intro(ctx, c):
    return ctx.w([f"Please find below a CME referral for one of our pupils.",
                  f"We are making a Children Missing Education referral as we have been unable to locate this child.",
                  "Referral details are set out below."],
                 [f"I am referring the pupil below as a child missing education after ten days of unexplained absence.",
                  "Details of our pupil who has not attended and whose whereabouts are unknown:",
                  "Completed CME form below - we have exhausted our enquiries."])


def dsl(ctx, c):
    name = ctx.rng.choice(ctx.pool["staff"])
    fn, ln = name.split()
    return name, f"{fn[0].lower()}.{ln.lower()}@{c.school[2]}.{ctx.schdomain}", ctx.w(ROLES_DEV, ROLES_HOLD)


def subject_ref(ctx, c):
    return ctx.w([f"CME referral - {c.first} {c.last}", "CME Referral", f"Child missing education referral: {c.last.upper()}"],
                 [f"Referral - child missing education ({c.first[0]}.{c.last[0]}.)", "New CME referral form", f"Missing pupil referral {c.first} {c.last}"])


def office_sender(ctx, c):
    return addr(f"{c.school[1]} Office", f"{ctx.w(['office', 'admin'], ['enquiries', 'schooloffice'])}@{c.school[2]}.{ctx.schdomain}")


def plain_text_form(ctx, c, sep, with_referrer, grid="colon"):
    fields = child_fields(ctx, c)
    rows = risk_rows(ctx, c)
    text = f"{greet(ctx)}\n\n{intro(ctx, c)}\n\n"
    text += ctx.w(["CHILD'S DETAILS", "Child details"], ["SECTION 1 - PUPIL", "About the child"]) + "\n" + render_lines(fields, sep) + "\n\n"
    text += ctx.w(["PUPIL STATUS / RISK", "Vulnerabilities"], ["SAFEGUARDING", "Additional factors"]) + "\n"
    if grid == "colon":
        text += render_lines([(l, yes_no(ctx, a)) for l, a in rows], sep) + "\n\n"
    else:
        text += risk_plain_grid(ctx, rows) + "\n\n"
    ref = None
    if with_referrer:
        name, email, role = dsl(ctx, c)
        text += ctx.w(["REFERRER", "Your contact details"], ["Referred by", "REFERRER DETAILS"]) + "\n"
        text += render_lines(referrer_fields(ctx, name, email, role), sep) + "\n\n"
        ref = email
    text += ctx.w(["Many thanks", "Kind regards"], ["Regards", "Thanks"]) + f"\n{c.school[1]} office\n"
    return text, ref


def s_plain_colon(ctx, shape, file):
    c = make_child(ctx)
    text, ref = plain_text_form(ctx, c, ": ", True)
    sender = office_sender(ctx, c)
    raw = headers(ctx, sender, ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=ref)


def s_plain_dash(ctx, shape, file):
    c = make_child(ctx)
    text, _ = plain_text_form(ctx, c, " - ", False, grid="colon")
    name, email = c.staff
    text += "\n" + signature(ctx, name, ctx.w(ROLES_DEV, ROLES_HOLD), c.school[0])
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text, cte="8bit")
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_plain_equals(ctx, shape, file):
    c = make_child(ctx)
    text, _ = plain_text_form(ctx, c, " = ", False, grid="colon")
    officer = ctx.rng.choice(ctx.pool["officers"])
    email = officer.lower().replace(" ", ".") + "@" + ctx.gov
    text += "\n" + signature(ctx, officer, ctx.w(["Education Welfare Officer", "Attendance Support Officer"], ["Education Inclusion Officer", "Pupil Tracking Officer"]), ctx.council[0])
    raw = headers(ctx, addr(officer, email), ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_label_next_line(ctx, shape, file):
    c = make_child(ctx)
    text, ref = plain_text_form(ctx, c, "next", True, grid="columns")
    raw = headers(ctx, office_sender(ctx, c), ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=ref)


def html_doc(inner, style=""):
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>{style}</style></head><body>{inner}</body></html>"


def s_html_td_b(ctx, shape, file):
    c = make_child(ctx)
    name, email, role = dsl(ctx, c)
    inner = f"<p>{h(greet(ctx))}</p><p>{h(intro(ctx, c))}</p>\n<table border=\"1\" cellspacing=\"0\">\n"
    inner += html_rows_td_b(child_fields(ctx, c) + referrer_fields(ctx, name, email, role)) + "</table>\n"
    inner += "<p>&nbsp;</p>" + html_risk_grid(ctx, risk_rows(ctx, c), mark=ctx.w(["X", "&#10003;"], ["Y", "&#x2714;"]))
    inner += f"<p>Thanks,<br>{h(name)}</p>"
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + html_part(html_doc(inner), cte="base64")
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_html_th_qp(ctx, shape, file):
    c = make_child(ctx)
    inner = f"<p>{h(intro(ctx, c))}</p><table>\n" + html_rows_th(child_fields(ctx, c)) + "</table>"
    rows = risk_rows(ctx, c)
    inner += "<table>" + "".join(f"<tr><th>{h(l)}?</th><td>{yes_no(ctx, a)}</td></tr>" for l, a in rows) + "</table>"
    name, email = c.staff
    inner += f"<p>Kind regards<br>{h(name)}&nbsp;|&nbsp;{h(c.school[0])}</p>"
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + html_part(html_doc(inner), cte="quoted-printable")
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_html_header_row(ctx, shape, file):
    c = make_child(ctx)
    ns = ctx.rng.choice(["split", "caps", "surname_first"])
    fields = name_fields(ctx, c, ns)
    fields += [(ctx.w(["DOB", "Date of birth"], ["D.O.B", "Birth date"]), dob_text(ctx, c)),
               (ctx.w(["UPN", "UPN"], ["Unique Pupil No", "UPN"]), c.upn),
               (ctx.w(["School", "Current school"], ["School attended", "Current/previous school"]), c.school[0]),
               (ctx.w(["Date last attended", "Last attended"], ["Last day in school", "Date last seen"]), recent_text(ctx, c.dla))]
    tail = [(ctx.w(["Address", "Home address"], ["Last known address", "Address"]), f"{c.address}, {render_postcode(ctx.rng, c.postcode)}"),
            (ctx.w(["Parent/carer", "Parent"], ["Parent(s) names", "Carer"]), c.parent)]
    head = "".join(f"<td style=\"background:#ddd\"><b>{h(l)}</b></td>" for l, _ in fields)
    data = "".join(f"<td>{h(v)}</td>" for _, v in fields)
    inner = f"<p>{h(intro(ctx, c))}</p><table border=\"1\"><tr>{head}</tr><tr>{data}</tr></table><br>"
    inner += "<table border=\"1\">" + html_rows_td_b(tail) + "</table><br>" + html_risk_grid(ctx, risk_rows(ctx, c))
    name, email = c.staff
    inner += f"<p>{h(name)}<br>{h(c.school[0])}</p>"
    alt = multipart(ctx, "alternative", [text_part(f"{intro(ctx, c)}\n\n[table - please view in HTML]\n\n{name}"), html_part(html_doc(inner))])
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + alt
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_html_nested(ctx, shape, file):
    c = make_child(ctx)
    name, email, role = dsl(ctx, c)
    fields = child_fields(ctx, c)
    inner_tbl = "<table width=\"100%\" cellpadding=\"4\">" + "".join(
        f"<tr><td width=\"40%\"><span style=\"font-weight:bold\">{h(l)}:</span></td><td><span>{h(v)}</span></td></tr>" for l, v in fields) + "</table>"
    risk = "<table>" + "".join(f"<tr><td>{h(l)}</td><td><font color=\"#333\">{yes_no(ctx, a)}</font></td></tr>" for l, a in risk_rows(ctx, c)) + "</table>"
    ref = "<table>" + "".join(f"<tr><td>{h(l)}:</td><td>{h(v)}</td></tr>" for l, v in referrer_fields(ctx, name, email, role)) + "</table>"
    inner = (f"<table width=\"600\" align=\"center\"><tr><td><img src=\"cid:logo\" alt=\"{h(c.school[0])} logo\"></td></tr>"
             f"<tr><td><h2>{ctx.w(['CME Referral Form', 'Children Missing Education - referral'], ['Missing Pupil Notification', 'CME notification form'])}</h2></td></tr>"
             f"<tr><td><table><tr><td><h3>Child</h3>{inner_tbl}</td></tr><tr><td><h3>Vulnerabilities</h3>{risk}</td></tr>"
             f"<tr><td><h3>Referrer</h3>{ref}</td></tr></table></td></tr></table>")
    raw = headers(ctx, office_sender(ctx, c), ctx.mailbox, subject_ref(ctx, c), c.date) + html_part(html_doc(inner), cte=ctx.rng.choice(["base64", "quoted-printable"]))
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_html_dl(ctx, shape, file):
    c = make_child(ctx)
    fields = child_fields(ctx, c)
    inner = f"<p>{h(intro(ctx, c))}</p><dl>" + "".join(f"<dt>{h(l)}</dt><dd>{h(v)}</dd>" for l, v in fields) + "</dl>"
    inner += "<dl>" + "".join(f"<dt>{h(l)}</dt><dd>{yes_no(ctx, a)}</dd>" for l, a in risk_rows(ctx, c)) + "</dl>"
    name, email = c.staff
    inner += f"<p>{h(name)}</p>"
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + html_part(html_doc(inner), cte="quoted-printable")
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


MSO_STYLE = "p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;}"


def curly(s):
    return s.replace("'", "\u2019")


def s_outlook_mso(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    role = ctx.w(ROLES_DEV, ROLES_HOLD)
    fields = child_fields(ctx, c)
    rows = risk_rows(ctx, c)
    banner = ctx.w(["CAUTION: This email originated from outside of the organisation. Do not click links or open attachments unless you recognise the sender.",
                    "[EXTERNAL EMAIL] Think before you click."],
                   ["This message came from outside the council. Be careful with links and attachments.", "External sender - verify before acting."])
    plain = banner + "\n\n" + intro(ctx, c) + "\n\n" + "\n".join(f"{curly(l)}: {curly(v)}" for l, v in fields) + "\n\n"
    plain += "\n".join(f"{l}: {yes_no(ctx, a)}" for l, a in rows) + f"\n\n{name}\n{role}\n"
    cells = "".join(f"<tr><td width=\"200\" valign=\"top\" style=\"border:solid windowtext 1.0pt\"><p class=\"MsoNormal\"><b>{h(curly(l))}<o:p></o:p></b></p></td>"
                    f"<td valign=\"top\" style=\"border:solid windowtext 1.0pt\"><p class=\"MsoNormal\">{h(curly(v))}<o:p></o:p></p></td></tr>" for l, v in fields)
    rcells = "".join(f"<tr><td><p class=\"MsoNormal\">{h(l)}<o:p></o:p></p></td><td><p class=\"MsoNormal\">{yes_no(ctx, a)}<o:p></o:p></p></td></tr>" for l, a in rows)
    markup = (f"<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>"
              f"<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\"><style>{MSO_STYLE}</style>"
              f"<!--[if gte mso 9]><xml><o:shapedefaults v:ext=\"edit\" spidmax=\"1026\" /></xml><![endif]--></head>"
              f"<body lang=\"EN-GB\" link=\"#0563C1\"><div style=\"border:solid #9C6500 1.0pt;padding:2pt\"><p class=\"MsoNormal\">{h(banner)}<o:p></o:p></p></div>"
              f"<div class=\"WordSection1\"><p class=\"MsoNormal\">{h(intro(ctx, c))}<o:p></o:p></p><p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>"
              f"<table class=\"MsoTableGrid\" border=\"1\" cellspacing=\"0\" cellpadding=\"0\">{cells}</table><p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>"
              f"<table class=\"MsoTableGrid\" border=\"1\">{rcells}</table>"
              f"<p class=\"MsoNormal\">{h(name)}<o:p></o:p></p><p class=\"MsoNormal\"><span style=\"color:#1F3864\">{h(role)}<o:p></o:p></span></p></div></body></html>")
    alt = multipart(ctx, "alternative", [text_part(plain), html_part(markup)])
    extra = [("Thread-Topic", "CME referral"), ("Accept-Language", "en-GB, en-US"), ("X-MS-Has-Attach", ""), ("Content-Language", "en-GB")]
    raw = headers(ctx, addr(curly(name), email), ctx.mailbox, subject_ref(ctx, c), c.date, extra) + alt
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_apple_nfd(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    fields = child_fields(ctx, c, name_style=ctx.rng.choice(["split", "full"]))
    text = f"{greet(ctx)}\n\n{intro(ctx, c)}\n\n" + render_lines(fields, ": ") + "\n\n" + risk_prose(ctx, c) + f"\n\n{name}\n"
    extra = [("X-Mailer", "Apple Mail (2.3774.300.61.1.2)")]
    raw = headers(ctx, addr(name, email), ctx.mailbox, nfd(subject_ref(ctx, c)), c.date, extra) + text_part(nfd(text), cte="quoted-printable")
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_iphone_prose(ctx, shape, file):
    c = make_child(ctx, risks=False)
    who = ctx.w(["I live next door to", "I'm a neighbour of", "I am the aunt of"], ["I used to childmind", "My daughter is friends with", "I live across the road from"])
    dob = dob_text(ctx, c)
    text = ctx.w([f"Hello\n\nI'm writing regarding {c.first} {c.last}, DOB {dob}. {who} the family at {c.address}, {render_postcode(ctx.rng, c.postcode)}. "
                  f"{c.He} hasn't been going to {c.school[0]} for weeks and the house looks empty now. Nobody seems to know where they went.",
                  f"Hi, {who} {c.first} {c.last} (born {dob}) who lived at {c.address} {render_postcode(ctx.rng, c.postcode)}. "
                  f"{c.He} is meant to be at {c.school[0]} but {c.he} has been at home every day since the holidays."],
                 [f"Hiya. Not sure who to tell. {who} a child called {c.first} {c.last} - date of birth {dob}. "
                  f"Family were at {c.address}, {render_postcode(ctx.rng, c.postcode)}. {c.He} stopped going to {c.school[0]} and I'm worried.",
                  f"To whom it may concern\n{who} {c.first} {c.last}, DOB {dob}, of {c.address} {render_postcode(ctx.rng, c.postcode)}. "
                  f"I don't think {c.he} has been in school ({c.school[0]}) since before Christmas."])
    text += ctx.w(["\n\nPlease can someone check.\n\nSent from my iPhone", "\n\nThanks\n\nSent from my iPhone"],
                  ["\n\nSorry if this is the wrong place.\n\nSent from my iPhone", "\n\nSent from my iPhone"])
    name = c.parent if ctx.rng.random() < 0.5 else ctx.rng.choice(ctx.pool["parents_first"]) + " " + ctx.rng.choice(["Hollis", "Varga", "Okoro", "Pryce"])
    email = c.parent_email
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Worried about a child", "child not in school"], ["Concern", "Girl/boy not at school"]), c.date,
                  [("X-Mailer", "iPhone Mail (21D61)")]) + text_part(text)
    return raw, expected(file, shape, "referral", c, upn=False, referrer=email)


def s_cp1252(ctx, shape, file):
    c = make_child(ctx, cp1252=True)
    name, email = c.staff
    fields = child_fields(ctx, c, name_style=ctx.rng.choice(["split", "full", "caps"]))
    text = (f"{greet(ctx)}\n\n{intro(ctx, c)} \u2013 we\u2019ve tried home visits and calls.\n\n"
            + "\n".join(f"{l.replace(chr(39), chr(0x2019))}: {v.replace(chr(39), chr(0x2019))}" for l, v in fields)
            + "\n\n" + risk_prose(ctx, c).replace("'", "\u2019") + f"\n\n{name} \u2013 {c.school[0]}\n")
    data = text.encode("cp1252")
    body = f'Content-Type: text/plain; charset="iso-8859-1"\nContent-Transfer-Encoding: {ctx.w(["quoted-printable"], ["8bit"])}\n\n'
    from common import qp
    body_bytes = body.encode() + (qp(data).encode() if "quoted" in body else data) + b"\n"
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date).encode("utf-8") + body_bytes
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def docx_child_table(ctx, c):
    return [[l, v] for l, v in child_fields(ctx, c)]


def s_docx_table(ctx, shape, file):
    c = make_child(ctx)
    name, email, role = dsl(ctx, c)
    rows = risk_rows(ctx, c)
    blocks = [("h", ctx.w(["Children Missing Education Referral Form", "CME REFERRAL"], ["Pupil Missing Education - Notification", "CME Form (schools)"])),
              ("p", ctx.w(["Section A: Child's details", "CHILD'S DETAILS"], ["Part 1 - the pupil", "PUPIL DETAILS"])),
              ("table", docx_child_table(ctx, c)),
              ("p", ctx.w(["Section B: Vulnerabilities", "PUPIL STATUS"], ["Part 2 - additional needs", "RISK INFORMATION"])),
              ("table", [["", "Yes", "No", "Unknown"]] + [[l] + ["X" if a == x else "" for x in ("Yes", "No", "Unknown")] for l, a in rows]),
              ("p", "Section C: Referrer"), ("table", [[l, v] for l, v in referrer_fields(ctx, name, email, role)])]
    note = ctx.w(["Please see attached CME referral form.\n\nThanks\n", "Attached is our CME form for a pupil we cannot trace.\n\nRegards\n"],
                 ["Form attached as discussed on the phone.\n", "Hi - referral attached. Any questions let me know.\n"])
    sender = office_sender(ctx, c)
    body = multipart(ctx, "mixed", [text_part(note + c.school[1] + " office\n"), attachment(docx(blocks), DOCX_MIME, "CME referral form.docx")])
    raw = headers(ctx, sender, ctx.mailbox, subject_ref(ctx, c), c.date) + body
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_docx_tickbox(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    rows = risk_rows(ctx, c)
    ticks = [[("\u2612 " if a == "Yes" else "\u2610 ") + l] for l, a in rows]
    blocks = [("h", ctx.w(["CME referral", "Referral: child missing education"], ["Missing from education - referral", "CME/1 form"])),
              ("table", docx_child_table(ctx, c)),
              ("p", ctx.w(["Pupil status (tick all that apply):", "Please tick any that apply"], ["Vulnerabilities - mark with a cross", "Tick box if applicable:"])),
              ("table", ticks),
              ("p", f"Completed by: {name}, {c.school[0]}")]
    note = ctx.w(["Referral attached.\n", "Please find our referral attached for your attention.\n"], ["CME form attached.\n", "See attached, thank you.\n"])
    body = multipart(ctx, "mixed", [text_part(note + name + "\n"), attachment(docx(blocks), DOCX_MIME, f"CME_{c.last.replace(' ', '_')}.docx")])
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + body
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_pdf_letter(ctx, shape, file):
    c = make_child(ctx, cp1252=True)
    officer = ctx.rng.choice(ctx.pool["officers"])
    email = officer.lower().replace(" ", ".") + "@" + ctx.gov
    lines = [ctx.council[0], ctx.w(["Education Welfare Service", "Attendance and Inclusion"], ["Pupil Access Team", "School Attendance Support"]), "",
             fmt_date(c.date.date(), "long"), "", f"Re: {c.first} {c.last}  (DOB {dob_text(ctx, c)})", "",
             ctx.w(["I am writing to refer the above child as missing education.", "Please accept this letter as a CME referral."],
                   ["This letter notifies you of a child whose whereabouts are unknown.", "I refer the child named above to the CME service."]),
             f"{c.He} was on roll at {c.school[0]} and last attended on {recent_text(ctx, c.dla)}.",
             f"The last known address is {c.address}, {c.postcode}.", f"UPN: {c.upn}"]
    lines += [s for s in risk_prose(ctx, c).split(". ") if s]
    lines += ["", "Yours faithfully", "", officer, email]
    note = ctx.w(["Letter attached.\n", "Please see the attached referral letter.\n"], ["Referral letter enclosed (PDF).\n", "Attached - CME letter.\n"])
    body = multipart(ctx, "mixed", [text_part(note + officer + "\n"), attachment(pdf(lines), "application/pdf", "CME referral letter.pdf")])
    raw = headers(ctx, addr(officer, email), ctx.mailbox, ctx.w(["CME referral letter", "Referral (letter attached)"], ["CME - letter", "Child missing education letter"]), c.date) + body
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_pdf_no_show(ctx, shape, file):
    c = make_child(ctx, cp1252=True, risks=False)
    name, email = c.staff
    lines = [ctx.w(["NOTIFICATION OF NON-ARRIVAL (NO SHOW)", "Pupil did not take up place - notification"], ["FAILURE TO START - NOTICE TO LA", "Non-attendance at allocated school"]), "",
             f"Pupil name: {c.first} {c.last}", f"Date of birth: {dob_text(ctx, c)}",
             f"Allocated school: {c.school[0]}", f"Agreed start date: {recent_text(ctx, c.start)}",
             f"Home address: {c.address}, {c.postcode}",
             ctx.w(["The pupil did not arrive on the agreed start date and has not attended since.", "Child has not started. Family not responding to calls."],
                   ["No contact from the family since the place was offered; the child never arrived.", "Did not start - home visit made, no answer."]),
             "", f"Completed by: {name}", f"Email: {email}"]
    note = ctx.w(["Please see attached no-show form.\n", "Non-arrival form attached.\n"], ["Attached: our failure to start notice.\n", "No show - form attached.\n"])
    body = multipart(ctx, "mixed", [text_part(note), attachment(pdf(lines), "application/pdf", "no_show.pdf")])
    raw = headers(ctx, office_sender(ctx, c), ctx.mailbox, ctx.w(["No show", "Pupil not arrived"], ["Did not start", "Non-arrival notification"]), c.date) + body
    return raw, expected(file, shape, "no-show", c, upn=False, start=True, referrer=email)


def s_sibling_parent(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    sib_dob = fmt_date(c.dob.replace(year=c.dob.year - 2), "slash")
    fields = child_fields(ctx, c, name_style="split")
    fields.insert(-2, (ctx.w(["Sibling name", "Siblings name(s) and DOB"], ["Other children in household", "Brother/sister"]),
                       f"{c.sibling} {c.last} ({sib_dob})"))
    fields.append((ctx.w(["School sibling(s) attend", "Sibling's school"], ["Where siblings go to school", "Sibling school"]), ctx.w(["Millbrook Community College"], ["Saltergate High School"])))
    text = f"{greet(ctx)}\n\n{intro(ctx, c)}\n\n" + render_lines(fields, ": ") + "\n\n" + render_lines([(l, yes_no(ctx, a)) for l, a in risk_rows(ctx, c)], ": ") + f"\n\n{name}\n"
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_school_tail(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    town = ctx.rng.choice(ctx.pool["towns"])
    dla = recent_text(ctx, c.dla)
    school_val = ctx.w([f"{c.school[0]} ({town}) \u2013 last attended {dla}", f"{c.school[0]}, {town} - attended until {dla}"],
                       [f"{c.school[0]} ({town}) - last in school {dla}", f"{c.school[0]} in {town}, but not seen since {dla}"])
    fields = child_fields(ctx, c, school_value=school_val, with_dla=False)
    text = f"{greet(ctx)}\n\n{intro(ctx, c)}\n\n" + render_lines(fields, ": ") + "\n\n" + risk_prose(ctx, c) + f"\n\n{name}\n"
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_jobtitle_distractor(ctx, shape, file):
    c = make_child(ctx)
    c.present = [r for r in c.present if r not in ("early-help", "child-protection-plan", "child-in-need")]
    c.absent = [r for r in c.absent if r not in ("child-protection-plan", "child-in-need")] + ["child-protection-plan", "child-in-need"]
    name, email = c.staff
    fields = child_fields(ctx, c)
    text = f"{greet(ctx)}\n\n{intro(ctx, c)}\n\n" + render_lines(fields, ": ") + "\n\n"
    text += ctx.w(["CHILD PROTECTION / CHILD IN NEED / EARLY HELP", "Safeguarding (CP plan, CIN, Early Help)"],
                  ["Social care status (Child Protection Plan, Child in Need)", "CP / CIN / EARLY HELP STATUS"]) + "\n"
    text += ctx.w(["No social care involvement. Not known to CSC. No child protection plan.",
                   "Not open to children's services - no CP plan and not a child in need."],
                  ["Checked with the front door: not known to social care, no CIN or CP plan in place.",
                   "Never been on a child protection plan; no current children's social care involvement."]) + "\n"
    others = " ".join(s for s in [risk_prose(ctx, c)] if s)
    text += others + "\n\n" + signature(ctx, name, ctx.w(["Early Help Coordinator", "Child Protection and Early Help Lead"], ["Early Help Practitioner", "Child in Need Support Worker (school-based)"]), c.school[0], email)
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_subject_only_name(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    subj = ctx.w([f"CME referral \u2013 {c.first} {c.last.upper()}", f"CME: {c.last.upper()}, {c.first}"],
                 [f"Missing from education - {c.first} {c.last}", f"Referral re {c.last.upper()} {c.first}"])
    text = (f"{greet(ctx)}\n\n" + ctx.w(["Please see details for the above child.", "Re the child named in the subject line:"],
                                          ["Details for the pupil in the subject:", "Further to the subject, details as follows."]) + "\n\n"
            + render_lines([(ctx.w(["DOB", "Date of birth"], ["D.O.B", "Born"]), dob_text(ctx, c)), ("UPN", c.upn),
                            (ctx.w(["School", "Current school"], ["School attended", "School"]), c.school[0]),
                            (ctx.w(["Last attended", "Date last attended"], ["Last seen in school", "Last in school"]), recent_text(ctx, c.dla)),
                            (ctx.w(["Address", "Last known address"], ["Address", "Home"]), f"{c.address}, {render_postcode(ctx.rng, c.postcode)}")], ": ")
            + "\n\n" + risk_prose(ctx, c) + f"\n\n{name}\n")
    raw = headers(ctx, addr(name, email), ctx.mailbox, subj, c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_online_form(ctx, shape, file):
    c = make_child(ctx)
    is_parent = ctx.rng.random() < 0.5
    you_email = c.parent_email if is_parent else c.staff[1]
    you_name = c.parent if is_parent else c.staff[0]
    answers = [(ctx.w(["Your name", "Your full name"], ["Name of person reporting", "Your name"]), you_name),
               (ctx.w(["Your email", "Your email address"], ["Your email", "Email address (yours)"]), you_email),
               (ctx.w(["Your relationship to the child", "Are you reporting as"], ["Relationship to child", "Your connection"]),
                "Parent" if is_parent else "Professional"),
               (ctx.w(["Child's first name", "Child first name"], ["Child forename", "First name of child"]), c.first),
               (ctx.w(["Child's last name", "Child surname"], ["Child family name", "Last name of child"]), c.last),
               (ctx.w(["Child's date of birth", "Child DOB"], ["Date of birth of child", "Child's DOB"]), dob_text(ctx, c)),
               (ctx.w(["Child's address", "Where does the child live"], ["Last known address of child", "Address"]), f"{c.address}, {render_postcode(ctx.rng, c.postcode)}"),
               (ctx.w(["School the child last attended", "Name of school"], ["Last school attended", "Which school"]), c.school[0]),
               (ctx.w(["When did the child last attend", "Date last attended"], ["Date last at school", "Last attended"]), recent_text(ctx, c.dla))]
    ref_no = f"{ctx.rng.choice(['FS', 'SR', 'WEB'])}-{ctx.rng.randint(100000, 999999)}"
    html_form = ctx.rng.random() < 0.5
    top = ctx.w([f"A new form has been submitted: Report a child missing education (reference {ref_no}).",
                 f"Form submission {ref_no} - Children Missing Education report"],
                [f"Submission received via the website. Form: Tell us about a child not in school. Ref: {ref_no}",
                 f"New online submission ({ref_no})"])
    if html_form:
        markup = html_doc(f"<p>{h(top)}</p><table>" + html_rows_th(answers) + "</table><p>This is an automated message. Do not reply.</p>")
        body = html_part(markup, cte="quoted-printable")
    else:
        body = text_part(top + "\n\n" + "\n".join(f"{l}:\n{v}\n" if ctx.split == "holdout" else f"{l}: {v}" for l, v in answers)
                         + "\n\nThis is an automated message. Do not reply.\n")
    reply_to = addr(you_name, you_email) if ctx.rng.random() < 0.5 else None
    frm = addr(ctx.council[0], ctx.w(["noreply@", "no-reply@"], ["no-reply@forms.", "noreply@myaccount."]) + ctx.gov)
    raw = headers(ctx, frm, ctx.mailbox, ctx.w(["Form submission: Report a child missing education", "New submission - CME report"],
                                               ["Website form: child not in school", f"Online form {ref_no}"]), c.date,
                  [("Auto-Submitted", "auto-generated")] if ctx.rng.random() < 0.4 else None, reply_to=reply_to) + body
    return raw, expected(file, shape, "referral", c, upn=False, dla=True, risks=[], referrer=you_email)
