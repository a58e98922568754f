"""More shapes: HTML Outlook forward, forwarded case update, .docx removal form, offer and decline written by people,
Gmail <br> lines, Thunderbird format=flowed, OWA paragraphs with &nbsp;, dotted plain-text labels."""

import datetime as dt

from common import addr, headers, text_part, html_part, multipart, attachment, docx, DOCX_MIME, h, fmt_date, render_postcode
from model import (make_child, expected, child_fields, risk_rows, risk_prose, yes_no, referrer_fields, render_lines,
                   html_rows_td_b, risk_plain_grid, dob_text, recent_text, signature)
from shapes_forms import greet, intro, subject_ref, office_sender, dsl, ROLES_DEV, ROLES_HOLD
from shapes_kinds import case_ref, GROUNDS_DEV, GROUNDS_HOLD


def officer(ctx, exclude=None):
    name = ctx.rng.choice([o for o in ctx.pool["officers"] if o != exclude])
    return name, name.lower().replace(" ", ".") + "@" + ctx.gov


def s_fwd_outlook_html(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    relay_name, relay = officer(ctx)
    fields = child_fields(ctx, c)
    rows = risk_rows(ctx, c)
    t0 = c.date - dt.timedelta(hours=ctx.rng.randint(2, 40))
    orig_html = (f"<p>{h(greet(ctx))}</p><p>{h(intro(ctx, c))}</p><table border=\"1\">{html_rows_td_b(fields)}</table><br>"
                 "<table border=\"1\">" + "".join(f"<tr><td>{h(l)}</td><td>{yes_no(ctx, a)}</td></tr>" for l, a in rows) + f"</table><p>{h(name)}<br>{h(c.school[0])}</p>")
    top = ctx.w(["Hi both, forwarding the below as a CME referral.", "Please log - came to me directly."], ["This one is for you I think.", "Passing to the CME inbox, thanks."])
    markup = (f"<html><body><div class=\"WordSection1\"><p class=\"MsoNormal\">{h(top)}<o:p></o:p></p><p class=\"MsoNormal\">{h(relay_name)}<o:p></o:p></p></div>"
              f"<div id=\"divRplyFwdMsg\" dir=\"ltr\"><hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" color=\"#000000\">"
              f"<b>From:</b> {h(name)} &lt;{email}&gt;<br><b>Sent:</b> {t0.strftime('%A, %d %B %Y %H:%M')}<br><b>To:</b> {h(relay_name)} &lt;{relay}&gt;<br>"
              f"<b>Subject:</b> {h(subject_ref(ctx, c))}</font><div>&nbsp;</div></div><div>{orig_html}</div></body></html>")
    plain = (f"{top}\n\n{relay_name}\n\n________________________________\nFrom: {name} <{email}>\nSent: {t0.strftime('%A, %d %B %Y %H:%M')}\n"
             f"To: {relay_name} <{relay}>\nSubject: {subject_ref(ctx, c)}\n\n{intro(ctx, c)}\n\n" + render_lines(fields, ": ") + "\n\n"
             + render_lines([(l, yes_no(ctx, a)) for l, a in rows], ": ") + f"\n\n{name}\n{c.school[0]}\n")
    raw = headers(ctx, addr(relay_name, relay), ctx.mailbox, f"FW: {subject_ref(ctx, c)}", c.date) + multipart(ctx, "alternative", [text_part(plain), html_part(markup)])
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_update_forward(ctx, shape, file):
    c = make_child(ctx, risks=False)
    c.present = ["temporary-accommodation"] + (["domestic-abuse"] if ctx.rng.random() < 0.4 else [])
    ref = case_ref(ctx)
    asker, asker_email = officer(ctx)
    hname = ctx.w(["Tessa Quayle", "Liam Brightwell"], ["Gwen Harrop", "Anwar Sheikh"])
    district = ctx.w(["brackenford-dc.gov.uk", "wealdham.gov.uk"], ["greystone-dc.gov.uk", "haverdale.gov.uk"])
    hemail = hname.lower().replace(" ", ".") + "@" + district
    t_q = c.date - dt.timedelta(days=3)
    t_r = c.date - dt.timedelta(days=1)
    reason = "fleeing domestic abuse" if "domestic-abuse" in c.present else "after an eviction"
    reply = ctx.w([f"Hi {asker.split()[0]},\n\n{c.first} {c.last}'s mum presented as homeless {reason} and the family were placed in temporary accommodation at {c.address}, "
                   f"{render_postcode(ctx.rng, c.postcode)} on {fmt_date(t_r.date() - dt.timedelta(days=10), 'slash')}.\n\n{hname}\nHousing Options Officer",
                   f"Hello,\n\nWe have the family on our system. They are in temporary accommodation ({reason}); current address {c.address}, {c.postcode}.\n\n{hname}\nHousing Needs"],
                  [f"{asker.split()[0]} - yes, known to us. Household placed in emergency temporary accommodation {reason}. Address now {c.address}, {render_postcode(ctx.rng, c.postcode)}.\n\nRegards\n{hname}\nHomelessness Prevention",
                   f"Good afternoon,\n\nThe family were given temporary accommodation last month ({reason}). Address: {c.address} {c.postcode}.\n\n{hname}\nTemporary Accommodation Team"])
    query = (f"Hi,\n\nDo you have a current address for {c.first} {c.last} (DOB {dob_text(ctx, c)})? {c.He} was last at {c.school[0]} on {recent_text(ctx, c.dla)}.\n\n{asker}")
    subj = f"{ref} - {c.first} {c.last}"
    text = (ctx.w(["FYI - housing's reply below for the case file.", "Update from housing for the file."], ["See housing's answer below.", "For the case record - reply from housing."])
            + f"\n\n{asker}\n\nFrom: {hname} <{hemail}>\nSent: {t_r.strftime('%d %B %Y %H:%M')}\nTo: {asker} <{asker_email}>\nSubject: RE: {subj}\n\n{reply}\n\n"
            f"From: {asker} <{asker_email}>\nSent: {t_q.strftime('%d %B %Y %H:%M')}\nTo: {hname} <{hemail}>\nSubject: {subj}\n\n{query}\n")
    raw = headers(ctx, addr(asker, asker_email), ctx.mailbox, f"FW: RE: {subj}", c.date) + text_part(text)
    return raw, expected(file, shape, "case-update", c, case_ref=ref, upn=False, dla=True, referrer=hemail)


def s_docx_removal(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    dest = ctx.rng.choice([s for s in ctx.pool["schools"] if s != c.school])
    grounds = GROUNDS_DEV + ["9(1)(f) - parent has notified elective home education"] if ctx.split == "dev" else GROUNDS_HOLD + ["(k) has died"]
    chosen = ctx.rng.choice(grounds[:2])
    stated = ctx.rng.random() < 0.5
    table = [[ctx.w(["Pupil's Name", "Pupil name"], ["Name of pupil", "Learner"]), f"{c.first} {c.last}"],
             [ctx.w(["Date of Birth", "DOB"], ["D.O.B.", "Birth date"]), dob_text(ctx, c)], ["UPN", c.upn],
             [ctx.w(["School", "Name of school"], ["School deleting pupil", "School"]), c.school[0]],
             [ctx.w(["Home address", "Address"], ["Last known address", "Address"]), f"{c.address}, {c.postcode}"],
             [ctx.w(["Date last attended", "Last attended"], ["Last day of attendance", "Last in school"]), recent_text(ctx, c.dla)],
             [ctx.w(["Date of deletion", "Date removed from roll"], ["Deletion date", "Off roll from"]), fmt_date(c.date.date(), "slash")],
             [ctx.w(["Destination school (if known)", "New school"], ["Destination", "Receiving school"]), ctx.rng.choice([dest[0], "Not known"])]]
    ground_rows = [[("\u2612 " if g == chosen else "\u2610 ") + g] for g in grounds]
    blocks = [("h", ctx.w(["Notification of Deletion from Admission Register", "Removal from roll form"], ["Pupil Register Deletion Notice", "Off-roll notification form"])),
              ("table", table), ("p", ctx.w(["Ground for deletion (tick one):", "Reason (tick):"], ["Regulation 9 ground - mark one", "Deletion ground:"])),
              ("table", ground_rows), ("p", risk_prose(ctx, c) or "No further information.")]
    if stated:
        blocks.append(("table", [["Completed by", name], ["Email", email]]))
    sender = office_sender(ctx, c)
    ref = email if stated else sender.split("<")[1].rstrip(">")
    note = ctx.w(["Please find attached notification of a deletion from our admission register.\n", "Removal form attached.\n"],
                 ["Off-roll notice attached as required.\n", "Attached: deletion notification.\n"])
    body = multipart(ctx, "mixed", [text_part(note), attachment(docx(blocks), DOCX_MIME, "Deletion notification.docx")])
    raw = headers(ctx, sender, ctx.mailbox, ctx.w(["Deletion from roll", "Removal from roll notification"], ["Off-roll notice", "Register deletion"]), c.date) + body
    return raw, expected(file, shape, "removal-from-roll", c, dla=True, referrer=ref)


def s_offer_officer(ctx, shape, file):
    c = make_child(ctx, risks=False)
    oname, oemail = officer(ctx)
    ref = case_ref(ctx)
    written_ref = ref if ctx.rng.random() < 0.6 else ref.lower()
    start = recent_text(ctx, c.start)
    induct = fmt_date(c.start - dt.timedelta(days=ctx.rng.randint(2, 4)), "ord_abbr")
    text = ctx.w([f"Hi,\n\nRe {written_ref}: an in-year offer has been made for {c.first} {c.last} (DOB {dob_text(ctx, c)}) at {c.school[0]}. "
                  f"Mum has accepted. Start date agreed for {start}; there is an induction meeting on {induct}.\n\nHome postcode {render_postcode(ctx.rng, c.postcode)}.",
                  f"Hello CME,\n\nJust to let you know we have offered {c.first} {c.last}, born {dob_text(ctx, c)}, a place at {c.school[0]} (in-year). "
                  f"{c.He} is due to start on {start}. Your reference {written_ref}."],
                 [f"Morning,\n\nIn-year admission for {c.first} {c.last} ({dob_text(ctx, c)}): place offered at {c.school[0]}, start {start}. "
                  f"A taster day was arranged for {induct}. CME ref {written_ref}.",
                  f"Dear colleague,\n\nFurther to case {written_ref}, the admissions team has offered {c.first} {c.last} (D.O.B {dob_text(ctx, c)}) a place at {c.school[0]}. "
                  f"The agreed start date is {start}. Family live at {c.address}, {c.postcode}."])
    pc = "postcode" in text.lower() or c.postcode in text
    text += f"\n\n{oname}\n{ctx.w(['School Admissions Officer', 'In-Year Admissions'], ['Admissions and Transfers', 'Pupil Placement Officer'])}\n{ctx.council[0]}\n"
    raw = headers(ctx, addr(oname, oemail), ctx.mailbox, ctx.w(["In-year offer", f"Offer made - {c.first} {c.last}"], ["Place offered", "Admission offer update"]), c.date) + text_part(text)
    return raw, expected(file, shape, "in-year-offer", c, case_ref=ref, upn=False, postcode=pc, start=True, risks=[], referrer=oemail)


def s_decline_via_school(ctx, shape, file):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    text = ctx.w([f"{greet(ctx)}\n\n{c.first} {c.last}'s mum ({c.parent}) phoned today to say she does not want the place at {c.school[0]} and is declining it. "
                  f"{c.first} (DOB {dob_text(ctx, c)}) was due to start here next week. Mum says she will home educate for now.",
                  f"{greet(ctx)}\n\nParent has turned down our place for {c.first} {c.last}, DOB {dob_text(ctx, c)}. Dad said they would rather wait for a place elsewhere. "
                  f"Please note {c.school[0]} will release the place."],
                 [f"{greet(ctx)}\n\nWe have had an email from {c.first} {c.last}'s parent declining the offered place at {c.school[0]} ({c.first}'s DOB {dob_text(ctx, c)}). "
                  f"They gave no reason.",
                  f"{greet(ctx)}\n\nFYI the family of {c.first} {c.last} (born {dob_text(ctx, c)}) have refused the place at {c.school[0]}. Mum would not say where {c.he} will go instead."])
    text += f"\n\nLast address we hold: {c.address}, {render_postcode(ctx.rng, c.postcode)}\n\n{name}\n{c.school[0]}\n"
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Place declined", "Parent declined place"], ["Offer refused by parent", "Place turned down"]), c.date) + text_part(text)
    return raw, expected(file, shape, "place-declined", c, upn=False, referrer=email)


def s_gmail_br(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    fields = child_fields(ctx, c)
    rows = [(l, yes_no(ctx, a)) for l, a in risk_rows(ctx, c)]
    plain = f"{greet(ctx)}\n\n{intro(ctx, c)}\n\n" + "\n".join(f"*{l}:* {v}" for l, v in fields) + "\n\n" + "\n".join(f"*{l}:* {v}" for l, v in rows) + f"\n\n{name}\n"
    markup = (f"<div dir=\"ltr\"><div>{h(greet(ctx))}</div><div><br></div><div>{h(intro(ctx, c))}</div><div><br></div><div>"
              + "<br>".join(f"<b>{h(l)}:</b> {h(v)}" for l, v in fields) + "</div><div><br></div><div>"
              + "<br>".join(f"<b>{h(l)}:</b> {h(v)}" for l, v in rows) + f"</div><div><br></div><div>{h(name)}</div></div>")
    sender_email = email if ctx.rng.random() < 0.5 else email.split("@")[0].replace(".", "") + f".{c.school[2]}@{ctx.w(['gmail.example.com'], ['outlook.example.net'])}"
    raw = headers(ctx, addr(name, sender_email), ctx.mailbox, subject_ref(ctx, c), c.date) + multipart(ctx, "alternative", [text_part(plain), html_part(markup)])
    return raw, expected(file, shape, "referral", c, dla=True, referrer=sender_email)


def flow(text, width=60):
    """RFC 3676 format=flowed: long lines broken at spaces, each soft break leaving a trailing space."""
    out = []
    for line in text.split("\n"):
        while len(line) > width and " " in line[:width]:
            cut = line.rindex(" ", 0, width) + 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


def s_flowed(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    fields = child_fields(ctx, c, postcode_separate=False)
    fields = [(l, v + (f" (family believed to have moved to {ctx.rng.choice(ctx.pool['towns'])} around half term)" if "ddress" in l else "")) for l, v in fields]
    text = (f"{greet(ctx)}\n\n{intro(ctx, c)} {ctx.w(['We have made three home visits and called all emergency contacts without success.', 'All our checks are done.'], ['Calls, letters and two home visits have not found the family.', 'We have completed the checklist.'])}\n\n"
            + render_lines(fields, ": ") + "\n\n" + risk_prose(ctx, c) + f"\n\n-- \n{name}\n{c.school[0]}\n")
    data = flow(text)
    part = f'Content-Type: text/plain; charset=UTF-8; format=flowed{"; delsp=no" if ctx.split == "holdout" else ""}\nContent-Transfer-Encoding: 8bit\n\n{data}\n'
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date, [("User-Agent", "Mozilla Thunderbird")]) + part
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_owa_paragraphs(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    fields = child_fields(ctx, c)
    rows = risk_rows(ctx, c)
    paras = "".join(f"<div style=\"margin:0\">{h(l)}:&nbsp;{h(v).replace(' ', '&nbsp;') if ctx.rng.random() < 0.3 else h(v)}</div>" for l, v in fields)
    risks = "".join(f"<div>{h(l)}&nbsp;&nbsp;&nbsp;{yes_no(ctx, a)}</div>" for l, a in rows)
    markup = (f"<html><head><style type=\"text/css\" style=\"display:none;\"> P {{margin-top:0;margin-bottom:0;}} </style></head>"
              f"<body dir=\"ltr\"><div style=\"font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;\">{h(intro(ctx, c))}</div><div><br></div>"
              f"<div style=\"font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;\">{paras}<br>{risks}</div>"
              f"<div id=\"Signature\"><div>{h(name)}</div><div>{h(ctx.w(ROLES_DEV, ROLES_HOLD))}</div></div></body></html>")
    raw = headers(ctx, addr(name, email), ctx.mailbox, subject_ref(ctx, c), c.date, [("X-MS-Exchange-Organization-AuthAs", "Internal"), ("X-OWA-Version", "15.20.7472")]) + \
        html_part(markup, cte=ctx.rng.choice(["quoted-printable", "base64"]))
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_dotted_labels(ctx, shape, file):
    c = make_child(ctx)
    name, email, role = dsl(ctx, c)
    fields = child_fields(ctx, c) + referrer_fields(ctx, name, email, role)
    width = max(len(l) for l, _ in fields) + 3
    lines = "\n".join(f"{(l + ' ').ljust(width, '.')}: {v}" if ctx.split == "dev" else f"{l.upper().ljust(width)}| {v}" for l, v in fields)
    text = f"{greet(ctx)}\n\n{intro(ctx, c)}\n\n{lines}\n\n{risk_plain_grid(ctx, risk_rows(ctx, c))}\n\nThanks\n{c.school[1]}\n"
    raw = headers(ctx, office_sender(ctx, c), ctx.mailbox, subject_ref(ctx, c), c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)
