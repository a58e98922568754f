"""Shapes: no-show, decline, removal, offer, on-roll, forwards, case updates, machine notices."""

import datetime as dt

from common import addr, headers, text_part, html_part, multipart, h, fmt_date, render_postcode, rfc_date, enc_header
from model import (make_child, expected, child_fields, risk_rows, risk_prose, yes_no, referrer_fields, render_lines,
                   html_rows_td_b, html_rows_th, signature, dob_text, recent_text)
from shapes_forms import greet, intro, office_sender, subject_ref, plain_text_form, dsl, ROLES_DEV, ROLES_HOLD


def case_ref(ctx):
    return f"CME-2026-{ctx.rng.randint(1, 2400):05d}"


def s_no_show(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    start = recent_text(ctx, c.start)
    text = ctx.w([f"{greet(ctx)}\n\n{c.first} {c.last} (DOB {dob_text(ctx, c)}) was allocated a place at {c.school[0]} with an agreed start date of {start}. "
                  f"{c.He} did not arrive and we have had no contact from the family despite calls and a home visit.",
                  f"{greet(ctx)}\n\nNO SHOW\nName: {c.first} {c.last}\nDOB: {dob_text(ctx, c)}\nStart date agreed: {start}\nSchool: {c.school[0]}\n\n"
                  f"The child has not turned up and the family's phone goes to voicemail."],
                 [f"{greet(ctx)}\n\nWe were expecting {c.first} {c.last}, born {dob_text(ctx, c)}, to start at {c.school[0]} on {start}. "
                  f"{c.He} never arrived. Letters and calls to mum have gone unanswered.",
                  f"{greet(ctx)}\n\nPupil: {c.last.upper()}, {c.first}\nD.O.B: {dob_text(ctx, c)}\nDue to start: {start}\nSchool place: {c.school[0]}\n\n"
                  f"Did not start. We understand the family may have left the area."])
    text += f"\n\nLast known address: {c.address}, {render_postcode(ctx.rng, c.postcode)}.\n"
    rp = risk_prose(ctx, c)
    text += f"{rp}\n\n{name}\n{c.school[0]}\n"
    subj = ctx.w(["No show - " + f"{c.first} {c.last}", "Child not arrived at school"], ["Failure to start", f"Did not take up place: {c.last}"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, subj, c.date) + text_part(text)
    return raw, expected(file, shape, "no-show", c, upn=False, start=True, referrer=email)


def s_place_declined(ctx, shape, file):
    c = make_child(ctx, risks=False)
    other = ctx.rng.choice([s for s in ctx.pool["schools"] if s != c.school])
    text = ctx.w([f"Dear Admissions,\n\nI am writing about my {('son' if c.he == 'he' else 'daughter')} {c.first} {c.last}, date of birth {dob_text(ctx, c)}. "
                  f"We have been offered a place at {c.school[0]} but I do not want this place and I am declining it. "
                  f"We are appealing for {other[0]} which is closer to home.",
                  f"Hi,\n\nRe: {c.first} {c.last} DOB {dob_text(ctx, c)}\n\nI don't accept the place at {c.school[0]}. "
                  f"{c.He} will not be going there. I have applied to {other[0]} instead and am waiting to hear."],
                 [f"Hello,\n\nThank you for the offer for {c.first} {c.last} ({dob_text(ctx, c)}) at {c.school[0]}. "
                  f"I'm afraid we must turn the place down - it is two buses away. We would still like {other[0]} if a place comes up.",
                  f"To the school admissions team\n\nI refuse the school place you allocated to {c.first} {c.last} (born {dob_text(ctx, c)}) at {c.school[0]}. "
                  f"We want {other[0]} and will go to appeal."])
    text += f"\n\nOur address is {c.address}, {render_postcode(ctx.rng, c.postcode)}.\n\n{c.parent}\n"
    raw = headers(ctx, addr(c.parent, c.parent_email), ctx.mailbox, ctx.w(["School place", "Declining school place"], ["Re: your offer letter", "Place not wanted"]), c.date) + text_part(text)
    return raw, expected(file, shape, "place-declined", c, upn=False, referrer=c.parent_email)


GROUNDS_DEV = ["9(1)(i) - continuously absent for 20 school days, whereabouts unknown", "9(1)(g) - no longer resides at a reasonable distance"]
GROUNDS_HOLD = ["Reg 9(1)(h): failed to return after leave of absence", "Ground (i) continually absent 20 days"]


def s_mis_removal(ctx, shape, file):
    c = make_child(ctx)
    sender = ctx.w(["noreply.mis@", "sims-alerts@"], ["arbor-notifications@", "mis.noreply@"]) + f"{c.school[2]}.{ctx.schdomain}"
    dest = ctx.rng.choice([s for s in ctx.pool["schools"] if s != c.school])
    fields = [(ctx.w(["Pupil", "Pupil name"], ["Student", "Learner name"]), ctx.w([f"{c.last.upper()}, {c.first}", f"{c.first} {c.last}"], [f"{c.last}, {c.first}", f"{c.first} {c.last}"])),
              ("Date of birth", fmt_date(c.dob, "slash")), ("UPN", c.upn),
              (ctx.w(["School", "Establishment"], ["School name", "Removing school"]), c.school[0]),
              (ctx.w(["Date of deletion", "Removal date"], ["Off-roll date", "Date removed"]), fmt_date(c.date.date(), "slash")),
              (ctx.w(["Last attendance", "Date last attended"], ["Last day attended", "Last present"]), fmt_date(c.dla, "slash")),
              (ctx.w(["Ground for deletion", "Reason"], ["Deletion ground", "Reason for removal"]), ctx.w(GROUNDS_DEV, GROUNDS_HOLD)),
              (ctx.w(["Destination school", "Next school"], ["Destination", "Moving to"]), ctx.rng.choice([dest[0], "Not known", "Unknown"])),
              ("Address", f"{c.address}, {c.postcode}")]
    notice = ctx.w(["This pupil has been removed from the admission register.", "Notification: pupil deleted from admission register."],
                   ["Automated notice: the learner below has been taken off roll.", "A pupil has been removed from the school's admission register."])
    if ctx.rng.random() < 0.5:
        body = text_part(notice + "\n\n" + render_lines(fields, ": ") + "\n\n" + risk_prose(ctx, c) + "\n\nThis is an automatically generated email. Please do not reply.\n")
    else:
        body = html_part(f"<html><body><p>{h(notice)}</p><table>{html_rows_td_b(fields)}</table><p>{h(risk_prose(ctx, c))}</p>"
                         f"<p><i>Automatically generated - do not reply.</i></p></body></html>", cte="base64")
    extra = [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"), ("Precedence", "auto_reply")][:ctx.rng.choice([2, 2, 3])]
    subj = ctx.w(["Pupil removed from admission register", "Deletion from roll notification"], ["Off-rolling notice: learner removed", "Admission register deletion"])
    raw = headers(ctx, addr(f"{c.school[1]} MIS", sender), ctx.mailbox, subj + (f" - {c.last.upper()}" if ctx.rng.random() < 0.5 else ""), c.date, extra) + body
    return raw, expected(file, shape, "removal-from-roll", c, dla=True, referrer=sender)


def s_removal_human(ctx, shape, file):
    c = make_child(ctx)
    name, email = c.staff
    dest = ctx.rng.choice([s for s in ctx.pool["schools"] if s != c.school])
    text = ctx.w([f"{greet(ctx)}\n\nWe are removing {c.first} {c.last} (DOB {dob_text(ctx, c)}, UPN {c.upn}) from the roll at {c.school[0]}. "
                  f"Mum has told us they are moving and {c.he} will start at {dest[0]} next term. {c.He} last attended on {recent_text(ctx, c.dla)}.",
                  f"{greet(ctx)}\n\nOff-roll notification\nName: {c.first} {c.last}\nDOB: {dob_text(ctx, c)}\nUPN: {c.upn}\nRemoving school: {c.school[0]}\n"
                  f"Last attended: {recent_text(ctx, c.dla)}\nNew school (if known): {dest[0]}"],
                 [f"{greet(ctx)}\n\nPlease note {c.first} {c.last}, born {dob_text(ctx, c)} (UPN {c.upn}), will be taken off our register at {c.school[0]} today. "
                  f"The family have emigrated. Last day in school was {recent_text(ctx, c.dla)}. {dest[0]} had been mentioned but not confirmed.",
                  f"{greet(ctx)}\n\nDeletion from register\nPupil name: {c.first} {c.last}\nD.O.B: {dob_text(ctx, c)}\nUPN: {c.upn}\nSchool: {c.school[0]}\n"
                  f"Date last in school: {recent_text(ctx, c.dla)}\nDestination: {dest[0]} (unconfirmed)"])
    text += f"\n\nAddress: {c.address}, {render_postcode(ctx.rng, c.postcode)}\n{risk_prose(ctx, c)}\n\n{name}\n"
    subj = ctx.w(["Removal from roll", f"Off roll - {c.first} {c.last}"], ["Pupil leaving - deletion from register", "Taking pupil off roll"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, subj, c.date) + text_part(text)
    return raw, expected(file, shape, "removal-from-roll", c, dla=True, referrer=email)


def s_offer_notice(ctx, shape, file):
    c = make_child(ctx, risks=False)
    sender = ctx.w(["notifications@admissions.", "notifications@"], ["admissions-notifications@", "notifications@schooladmissions."]) + ctx.gov
    ref = case_ref(ctx) if ctx.rng.random() < 0.5 else None
    offer = fmt_date(c.date.date(), "slash")
    induction = fmt_date(c.start - dt.timedelta(days=3), "slash")
    fields = [(ctx.w(["Child", "Child name"], ["Applicant", "Pupil"]), f"{c.first} {c.last}"), ("Date of birth", dob_text(ctx, c)),
              (ctx.w(["Home postcode", "Postcode"], ["Postcode", "Home postcode"]), render_postcode(ctx.rng, c.postcode)),
              (ctx.w(["School offered", "Offered school"], ["Allocated school", "Place offered at"]), c.school[0]),
              (ctx.w(["Offer date", "Date of offer"], ["Offer made", "Date offered"]), offer),
              (ctx.w(["Induction visit", "Taster session"], ["Induction meeting", "Visit date"]), induction),
              (ctx.w(["Start date", "Agreed start date"], ["Expected start date", "First day"]), recent_text(ctx, c.start))]
    top = ctx.w(["An in-year school place has been offered.", "In-year admission: offer of a school place."],
                ["In-year transfer - place allocated and offered to parent.", "Notification of in-year offer."])
    tail = f"\n\nCME reference: {ref}\n" if ref else "\n"
    if ctx.rng.random() < 0.5:
        body = text_part(top + "\n\n" + render_lines(fields, ": ") + tail + "\nThis mailbox is not monitored.\n")
    else:
        body = html_part(html_doc_s(f"<p>{h(top)}</p><table>{html_rows_th(fields)}</table><p>{h(tail)}</p>"), cte="quoted-printable")
    raw = headers(ctx, addr(ctx.w(["School Admissions", "Admissions System"], ["In-Year Admissions", "Admissions Notifications"]), sender), ctx.mailbox,
                  ctx.w(["In-year offer made", "Offer of school place"], ["Place allocated (in-year)", "In-year admission offer"]), c.date,
                  [("Auto-Submitted", "auto-generated")] if ctx.rng.random() < 0.5 else None) + body
    return raw, expected(file, shape, "in-year-offer", c, case_ref=ref, upn=False, start=True, risks=[], referrer=sender)


def html_doc_s(inner):
    return f"<html><body>{inner}</body></html>"


def s_mis_started(ctx, shape, file):
    c = make_child(ctx, risks=False)
    sender = ctx.w(["noreply.mis@", "admissions-mis@"], ["arbor-notifications@", "noreply@"]) + f"{c.school[2]}.{ctx.schdomain}"
    c.start = c.date.date()
    say_today = ctx.rng.random() < 0.5
    fields = [("Pupil", f"{c.first} {c.last}"), ("DOB", fmt_date(c.dob, "slash")), ("UPN", c.upn), ("School", c.school[0])]
    if not say_today:
        fields.append((ctx.w(["Admission date", "Date of admission"], ["Start date", "On roll from"]), fmt_date(c.start, "slash")))
    top = ctx.w(["Pupil admitted and attending: the child below started today.", "New admission - pupil started with us today."],
                ["Admission confirmed: the learner below has started today.", "This child was admitted and is attending from today."])
    body = text_part(top + "\n\n" + render_lines(fields, ": ") + "\n\nAutomated message from the school MIS.\n")
    raw = headers(ctx, addr(f"{c.school[1]} MIS", sender), ctx.mailbox, ctx.w(["Pupil started", "New starter"], ["Admission confirmed", "Learner started"]),
                  c.date, [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "OOF, AutoReply")]) + body
    return raw, expected(file, shape, "on-roll-confirmation", c, postcode=False, start=True, risks=[], referrer=sender)


def s_on_roll_human(ctx, shape, file):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    start = recent_text(ctx, c.start if c.start <= c.date.date() else c.date.date())
    if c.start > c.date.date():
        c.start = c.date.date()
    ref = case_ref(ctx) if ctx.rng.random() < 0.3 else None
    text = ctx.w([f"{greet(ctx)}\n\nI can confirm that {c.first} {c.last} (DOB {dob_text(ctx, c)}) started with us on {start} and is attending well.",
                  f"{greet(ctx)}\n\n{c.first} {c.last}, DOB {dob_text(ctx, c)}, has been admitted to {c.school[1]} and attending since {start}."],
                 [f"{greet(ctx)}\n\nJust to let you know {c.first} {c.last} ({dob_text(ctx, c)}) is now on roll here and attending - first day was {start}.",
                  f"{greet(ctx)}\n\nConfirmation of admission: {c.first} {c.last}, born {dob_text(ctx, c)}. Admitted and attending from {start}."])
    text += (f" {ctx.w(['Your ref', 'Ref'], ['Reference', 'CME ref'])} {ref}." if ref else "") + f"\n\n{name}\n{c.school[0]}\n"
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Pupil on roll", "Started at school"], ["Admission confirmation", "Now attending"]), c.date) + text_part(text)
    return raw, expected(file, shape, "on-roll-confirmation", c, case_ref=ref, upn=False, postcode=False, start=True, risks=[], referrer=email)


# ---------- forwards ----------

def outlook_block(frm, sent, to, subject):
    return f"From: {frm}\nSent: {sent.strftime('%d %B %Y %H:%M')}\nTo: {to}\nSubject: {subject}\n"


def original_referral(ctx, c):
    """A plain referral written by a school, without a referrer-email field, so the author is the referrer."""
    text, _ = plain_text_form(ctx, c, ": ", False)
    name, email = c.staff
    return text + "\n" + name + "\n", name, email


def s_fwd_outlook_nested(ctx, shape, file):
    c = make_child(ctx)
    body, name, email = original_referral(ctx, c)
    duty = f"{ctx.w(['mash.duty', 'front.door'], ['childrens.duty', 'spa.duty'])}@{ctx.gov}"
    adm = f"{ctx.w(['admissions', 'school.admissions'], ['inyear.admissions', 'admissionsteam'])}@{ctx.gov}"
    t0 = c.date - dt.timedelta(hours=26)
    t1 = c.date - dt.timedelta(hours=3)
    text = (ctx.w(["Passing on to CME - not for us.", "Forwarding for your attention."], ["For CME please.", "This came to admissions; sending on."])
            + f"\n\nAdmissions Team\n\n________________________________\n" + outlook_block(f"Duty Desk <{duty}>", t1, f"Admissions <{adm}>", f"FW: {subject_ref(ctx, c)}")
            + "\n" + ctx.w(["Admissions - is this one of yours?", "Sent to us in error I think."], ["Not a duty matter - please redirect.", "Could you pick this up?"])
            + "\n\n________________________________\n" + outlook_block(f"{name} <{email}>", t0, f"Duty <{duty}>", subject_ref(ctx, c)) + "\n" + body)
    raw = headers(ctx, addr("Admissions Team", adm), ctx.mailbox, f"FW: FW: {subject_ref(ctx, c)}", c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_fwd_gmail(ctx, shape, file):
    c = make_child(ctx)
    body, name, email = original_referral(ctx, c)
    relay_name = ctx.rng.choice(ctx.pool["officers"])
    relay = relay_name.lower().replace(" ", ".") + "@" + ctx.gov
    t0 = c.date - dt.timedelta(days=1)
    fwd = (f"---------- Forwarded message ---------\nFrom: {name} <{email}>\nDate: {t0.strftime('%a, %-d %b %Y at %H:%M')}\n"
           f"Subject: {subject_ref(ctx, c)}\nTo: <{relay}>\n\n")
    top = ctx.w(["Sending this to the right inbox.", "FYI - this should have come to you."], ["Came to my personal inbox, passing to CME.", "See below"])
    plain = f"{top}\n\n{fwd}{body}"
    markup = f"<div dir=\"ltr\">{h(top)}<br><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">{h(fwd).replace(chr(10), '<br>')}</div>{h(body).replace(chr(10), '<br>')}</div></div>"
    raw = headers(ctx, addr(relay_name, relay), ctx.mailbox, f"Fwd: {subject_ref(ctx, c)}", c.date) + multipart(ctx, "alternative", [text_part(plain), html_part(markup)])
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_fwd_apple(ctx, shape, file):
    c = make_child(ctx)
    body, name, email = original_referral(ctx, c)
    relay_name = ctx.rng.choice(ctx.pool["officers"])
    relay = relay_name.lower().replace(" ", ".") + "@" + ctx.gov
    t0 = c.date - dt.timedelta(days=2)
    text = (ctx.w(["Forwarded from my phone.", "Please log."], ["One for the CME list.", "Passing on."]) + "\n\nSent from my iPad\n\nBegin forwarded message:\n\n"
            f"> From: {name} <{email}>\n> Date: {t0.strftime('%-d %B %Y at %H:%M:%S GMT')}\n> To: {relay_name} <{relay}>\n> Subject: {subject_ref(ctx, c)}\n>\n"
            + "\n".join("> " + l if l else ">" for l in body.split("\n")))
    raw = headers(ctx, addr(relay_name, relay), ctx.mailbox, f"Fwd: {subject_ref(ctx, c)}", c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


def s_rfc822(ctx, shape, file):
    c = make_child(ctx)
    body, name, email = original_referral(ctx, c)
    duty = f"{ctx.w(['duty.inbox', 'eduty'], ['ehub.duty', 'triage'])}@{ctx.gov}"
    inner = headers(ctx, addr(name, email), f"Duty <{duty}>", subject_ref(ctx, c), c.date - dt.timedelta(hours=5)) + text_part(body)
    note = ctx.w(["Original email attached.", "See the attached referral."], ["Attaching the message we received.", "Email attached for CME."])
    mixed = multipart(ctx, "mixed", [text_part(note + "\n\nDuty team\n"),
                                     f'Content-Type: message/rfc822\nContent-Disposition: attachment; filename="referral.eml"\n\n{inner}'])
    raw = headers(ctx, addr("Duty Inbox", duty), ctx.mailbox, f"FW: {subject_ref(ctx, c)}", c.date) + mixed
    return raw, expected(file, shape, "referral", c, dla=True, referrer=email)


# ---------- case updates ----------

def s_update_outlook(ctx, shape, file):
    c = make_child(ctx)
    ref = case_ref(ctx)
    author = ctx.rng.choice(ctx.pool["officers"])
    aemail = author.lower().replace(" ", ".") + "@" + ctx.gov
    other = ctx.rng.choice([o for o in ctx.pool["officers"] if o != author])
    oemail = other.lower().replace(" ", ".") + "@" + ctx.gov
    update = ctx.w([f"Hi {other.split()[0]},\n\nI visited {c.address} on {fmt_date(c.date.date() - dt.timedelta(days=1), 'slash')}. Neighbours say {c.first} and mum moved out a fortnight ago. {risk_prose(ctx, c)}",
                    f"Update: spoke to the housing officer. {c.first} {c.last}'s family gave up the tenancy. {risk_prose(ctx, c)} I will check the GP registration next."],
                   [f"{other.split()[0]} - quick update. Health visitor confirms {c.first} is registered with a GP in another area now. {risk_prose(ctx, c)}",
                    f"Hello,\n\nI have had no answer at the door again. {c.He} is still not in school. {risk_prose(ctx, c)}"])
    quoted = (f"{c.first} {c.last} (DOB {dob_text(ctx, c)}) was referred by {c.school[0]}. Last attended {recent_text(ctx, c.dla)}. "
              f"Last known address {c.address}, {render_postcode(ctx.rng, c.postcode)}. Could you make enquiries?")
    subj_ref = ref if ctx.rng.random() < 0.7 else ref.lower()
    subj = f"RE: {subj_ref} - {c.first} {c.last}"
    text = (update + f"\n\n{author}\n\n" + outlook_block(f"{other} <{oemail}>", c.date - dt.timedelta(days=3), f"{author} <{aemail}>", subj[4:]) + f"\n{quoted}\n\n{other}\n")
    raw = headers(ctx, addr(author, aemail), addr(other, oemail), subj, c.date, cc=ctx.mailbox) + text_part(text)
    return raw, expected(file, shape, "case-update", c, case_ref=ref, upn=False, dla=True, referrer=aemail)


def s_update_body_ref(ctx, shape, file):
    c = make_child(ctx, risks=False)
    ref = case_ref(ctx)
    name, email = c.staff
    written = ref.lower() if ctx.rng.random() < 0.5 else ref.replace("CME", "Cme")
    t0 = c.date - dt.timedelta(days=4)
    text = ctx.w([f"Hello,\n\nFurther to your email (your ref {written}) - {c.first} {c.last} has still not returned to {c.school[0]}. "
                  f"We have tried the mobile again with no answer.\n\n{name}\n\nOn {t0.strftime('%d/%m/%Y %H:%M')}, CME Team wrote:\n> Please can you confirm whether {c.first} has returned.\n> Ref: {ref}\n",
                  f"Hi,\n\nRe {written}: {c.first} {c.last}'s mum phoned today to say they are living with family and she will apply for a school place soon.\n\n{name}\n\n"
                  f"-----Original Message-----\nFrom: {ctx.mailbox}\nSent: {t0.strftime('%d %B %Y %H:%M')}\nSubject: {ref}\n\nAny news on {c.first}?\n"],
                 [f"Good afternoon,\n\nRegarding case {written}: {c.first} {c.last} was seen in town by a member of staff but has not come back to {c.school[0]}.\n\n{name}\n\n"
                  f"________________________________\nFrom: CME Team <{ctx.mailbox}>\nSent: {t0.strftime('%A, %B %d, %Y %I:%M %p')}\nSubject: Enquiry {ref}\n\nIs the child back in school?\n",
                  f"Hiya - {written} - {c.first} {c.last}: no change. Still absent from {c.school[0]}, family not answering.\n\n{name}\n"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Re: enquiry", "Re: your email"], ["RE: Update please", "Re: Query"]), c.date,
                  [("User-Agent", "Mozilla Thunderbird")] if ctx.rng.random() < 0.5 else [("X-OWA-Version", "15.20")]) + text_part(text)
    return raw, expected(file, shape, "case-update", c, case_ref=ref, dob=False, upn=False, postcode=False, school=c.school[0] in text, referrer=email)
