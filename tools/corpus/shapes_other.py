"""Shapes whose kind is `other`: automatic replies, bounces, receipts, bulk mail and mail with no child."""

import datetime as dt

from common import addr, headers, text_part, html_part, multipart, h, rfc_date
from model import make_child, expected, dob_text, recent_text
from shapes_forms import plain_text_form, subject_ref
from shapes_kinds import case_ref


def ooo_text(ctx, name, role, org, back):
    return ctx.w([f"Thank you for your email. I am out of the office until {back} with no access to email.\n\n"
                  f"For urgent safeguarding matters please call 01632 960{ctx.rng.randint(100, 999)}.\n\n{name}\n{role}\n{org}\n",
                  f"I'm currently on annual leave returning {back}. Your email will not be forwarded.\n\n{name}\n"],
                 [f"Hello, I am away from my desk until {back}. If your message is about a child at risk, contact the duty line on 07700 900{ctx.rng.randint(100, 999)}.\n\n{name}, {role}\n",
                  f"I work part-time (Mon-Wed) and will respond on {back}.\n\nKind regards\n{name}\n{org}\n"])


def ooo_sender(ctx):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    return c, name, email


def s_ooo_auto_replied(ctx, shape, file):
    c, name, email = ooo_sender(ctx)
    back = recent_text(ctx, c.date.date() + dt.timedelta(days=5))
    ref = case_ref(ctx)
    subj = ctx.w([f"Automatic reply: {ref} - request for information", "Automatic reply: CME enquiry"], [f"Out of Office: RE: {ref}", "Auto: Re: pupil enquiry"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, subj, c.date, [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]) + \
        text_part(ooo_text(ctx, name, "Attendance Officer", c.school[0], back))
    return raw, expected(file, shape, "other")


def s_ooo_xautoreply(ctx, shape, file):
    c, name, email = ooo_sender(ctx)
    back = recent_text(ctx, c.date.date() + dt.timedelta(days=3))
    subj = ctx.w([f"Re: CME referral - {c.first} {c.last}", "Re: Children missing education"], [f"Re: {subject_ref(ctx, c)}", "Away: your message"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, subj, c.date, [("X-Autoreply", "yes"), ("X-Autorespond", "yes")] if ctx.split == "holdout" else [("X-Autoreply", "yes")]) + \
        text_part(ooo_text(ctx, name, "Office Manager", c.school[0], back))
    return raw, expected(file, shape, "other")


def s_ooo_subject_only(ctx, shape, file):
    c, name, email = ooo_sender(ctx)
    back = recent_text(ctx, c.date.date() + dt.timedelta(days=7))
    subj = ctx.w([f"Automatic reply: CME referral - {c.first} {c.last}", "Automatic reply: Pupil missing"], [f"Automatic reply: RE: {c.last.upper()} - no show", "Automatic reply: Your enquiry"])
    body = ooo_text(ctx, name, "Pastoral Lead", c.school[0], back)
    if ctx.rng.random() < 0.5:
        raw = headers(ctx, addr(name, email), ctx.mailbox, subj, c.date) + html_part(f"<html><body><p>{h(body).replace(chr(10), '<br>')}</p></body></html>")
    else:
        raw = headers(ctx, addr(name, email), ctx.mailbox, subj, c.date) + text_part(body)
    return raw, expected(file, shape, "other")


def s_ooo_quoting_ack(ctx, shape, file):
    c, name, email = ooo_sender(ctx)
    ref = case_ref(ctx)
    back = recent_text(ctx, c.date.date() + dt.timedelta(days=4))
    ack = ctx.w([f"Thank you for your referral. It has been logged as {ref} for child {c.first[0]}.{c.last[0]}. (DOB {dob_text(ctx, c)}). A CME officer will be in touch.",
                 f"Your CME referral has been received. Reference: {ref}. Child: {c.first[0]}{c.last[0]}. Please quote the reference in any reply."],
                [f"We have received your report about child {c.first[0]}.{c.last[0]}. and opened case {ref}. School: {c.school[0]}.",
                 f"CME acknowledgement - case {ref} ({c.first[0]}. {c.last}) created. Do not reply to this message."])
    body = ooo_text(ctx, name, "DSL", c.school[0], back) + f"\n-----Original Message-----\nFrom: CME Team <{ctx.mailbox}>\nSubject: {ref} acknowledgement\n\n{ack}\n"
    extra = [("Auto-Submitted", "auto-replied")] if ctx.rng.random() < 0.5 else [("X-Autoreply", "yes")]
    raw = headers(ctx, addr(name, email), ctx.mailbox, f"Automatic reply: {ref} acknowledgement", c.date, extra) + text_part(body)
    return raw, expected(file, shape, "other")


def s_dsn(ctx, shape, file):
    c = make_child(ctx)
    text, _ = plain_text_form(ctx, c, ": ", False)
    bad = f"{ctx.w(['attendence', 'offfice'], ['admissons', 'enqiries'])}@{c.school[2]}.{ctx.schdomain}"
    inner = headers(ctx, addr("CME Team", ctx.mailbox), bad, subject_ref(ctx, c), c.date - dt.timedelta(minutes=2)) + text_part(text)
    human = ctx.w([f"Delivery has failed to these recipients or groups:\n\n{bad}\nThe email address you entered couldn't be found.",
                   f"This is the mail system at host mx.{ctx.gov}.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<{bad}>: host said: 550 5.1.1 User unknown"],
                  [f"Your message wasn't delivered to {bad} because the address couldn't be found.",
                   f"Undeliverable: the following recipient failed permanently:\n\n    {bad}\n\nTechnical details of permanent failure: 550 No such user"])
    status = f"Reporting-MTA: dns; mx.{ctx.gov}\n\nFinal-Recipient: rfc822; {bad}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n"
    rep = multipart(ctx, "report", [text_part(human), f"Content-Type: message/delivery-status\n\n{status}",
                                    f"Content-Type: message/rfc822\n\n{inner}"], params="; report-type=delivery-status")
    mx = f"mx.{ctx.gov}"
    frm = ctx.w([f"Mail Delivery System <MAILER-DAEMON@{mx}>", f"Microsoft Outlook <postmaster@{mx}>"],
                [f"Mail Delivery Subsystem <mailer-daemon@{mx}>", f"postmaster@{mx}"])
    raw = headers(ctx, frm, ctx.mailbox, ctx.w(["Undeliverable: " + subject_ref(ctx, c), "Mail delivery failed: returning message to sender"],
                                             ["Delivery Status Notification (Failure)", "Returned mail: see transcript for details"]), c.date,
                  [("Auto-Submitted", "auto-replied")]) + rep
    return raw, expected(file, shape, "other")


def s_read_receipt(ctx, shape, file):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    subj = subject_ref(ctx, c)
    human = ctx.w([f"Your message\n\nTo: {name}\nSubject: {subj}\nSent: {c.date.strftime('%d/%m/%Y %H:%M')}\n\nwas read on {c.date.strftime('%d/%m/%Y %H:%M')}.",
                   f"This is a receipt for the mail you sent to {email} about {c.first} {c.last}. It was displayed on the recipient's screen."],
                  [f"Read: {subj}\n\nThe message was opened by {name}.", f"Return receipt: the message regarding {c.first} {c.last} has been read."])
    disp = f"Reporting-UA: {c.school[2]}.{ctx.schdomain}; Microsoft Exchange\nFinal-Recipient: rfc822;{email}\nDisposition: automatic-action/MDN-sent-automatically; displayed\n"
    rep = multipart(ctx, "report", [text_part(human), f"Content-Type: message/disposition-notification\n\n{disp}"], params="; report-type=disposition-notification")
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Read: ", "Read: "], ["Read: ", "Return Receipt: "]) + subj, c.date) + rep
    return raw, expected(file, shape, "other")


def s_newsletter(ctx, shape, file):
    rng = ctx.rng
    d = ctx.email_date()
    org = ctx.w(["Schools Bulletin", "Safeguarding in Education Update"], ["Headteachers' Weekly", "Attendance Network News"])
    text = ctx.w([f"{org} - this week\n\n1. Children Missing Education: a reminder that schools must make a CME referral after 10 days of unexplained absence. "
                  "Refusals to engage should be recorded.\n2. Free school meals autumn census.\n3. Attendance: new DfE guidance.\n",
                  f"{org}\n\nIn this issue: CME procedures refresher, missing pupils and the new off-rolling rules, and our referral pathway review. "
                  "Book your place on the training below.\n"],
                 [f"{org}\n\n- Spotlight: children missing education figures for the term are up 8%.\n- When a parent refuses a place: what schools should do.\n- Deletions from roll: the 2024 regulations.\n",
                  f"{org} digest\n\nThe CME team thanks schools for prompt referrals this term. Remember a no-show at the start of term must be notified.\n"])
    text += "\nYou are receiving this because you subscribed. Unsubscribe: https://lists.example.org/unsubscribe\n"
    listid = ctx.w(["schools-bulletin.lists.brackenshire.gov.uk"], ["attendance-news.lists.example.org"])
    extra = [("List-Id", f"{org} <{listid}>"), ("List-Unsubscribe", "<https://lists.example.org/unsubscribe>, <mailto:unsubscribe@lists.example.org>")]
    if rng.random() < 0.6:
        extra.append(("Precedence", "bulk"))
    raw = headers(ctx, addr(org, ctx.w(["bulletin@", "news@"], ["updates@", "digest@"]) + ctx.gov), ctx.mailbox, f"{org} - {d.strftime('%d %B %Y')}", d, extra) + \
        (text_part(text) if rng.random() < 0.5 else multipart(ctx, "alternative", [text_part(text), html_part(f"<html><body><pre>{h(text)}</pre></body></html>")]))
    return raw, expected(file, shape, "other")


def private_person(ctx):
    first = ctx.rng.choice(ctx.pool["parents_first"])
    last = ctx.rng.choice(["Ashdown", "Felton", "Morrow", "Kaur", "Brennan", "Oyelaran"])
    return f"{first} {last}", f"{first.lower()}.{last.lower()}@{ctx.rng.choice(ctx.pool['private_domains'])}"


def s_foi(ctx, shape, file):
    name, email = private_person(ctx)
    d = ctx.email_date()
    text = ctx.w([f"Dear Sir/Madam,\n\nUnder the Freedom of Information Act 2000 please provide:\n1. The number of children missing education referrals received in each of the last three years.\n"
                  "2. How many children referred were found to be missing for more than 30 days.\n3. How many referrals came from schools removing pupils from roll.\n\n"
                  f"Yours faithfully\n{name}\n",
                  f"FOI request\n\nPlease tell me how many children were recorded as missing education on {fmt_now(d)} and how many referrals were closed because the family moved abroad.\n\n{name}\n"],
                 [f"Hello,\n\nThis is a request under the FOI Act. How many CME referrals did the council receive in 2025, broken down by age, and how many related to children who refused school places?\n\nThanks\n{name}\n",
                  f"Freedom of Information request: number of children missing education, number of no-shows at the start of term, and the average time to close a case.\n\n{name}\nResearcher\n"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Freedom of Information request", "FOI - children missing education"], ["FOI request: CME statistics", "Information request"]), d) + text_part(text)
    return raw, expected(file, shape, "other")


def fmt_now(d):
    return d.strftime("%d/%m/%Y")


def s_general_question(ctx, shape, file):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    text = ctx.w([f"Hi,\n\nQuick question - what do we do if a parent refuses to engage with the school but the child is still attending some days? Is that a CME referral or an attendance matter?\n\nThanks\n{name}\n{c.school[0]}\n",
                  f"Hello,\n\nCould you send me the latest CME referral form? The link on the website seems to be missing.\n\n{name}\n"],
                 [f"Good morning,\n\nIs there a threshold for how many days of absence before we refer as missing? A family refuses to tell us where they are moving.\n\nRegards,\n{name}\n",
                  f"Hi team,\n\nWho is the best contact now for elective home education queries? I believe the referral process changed in September.\n\n{name}\n{c.school[0]}\n"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Question", "CME form"], ["Query re thresholds", "Contact?"]), c.date) + text_part(text)
    return raw, expected(file, shape, "other")


def s_training(ctx, shape, file):
    d = ctx.email_date()
    provider = ctx.w(["Safeguarding Training Partnership"], ["Northern Inclusion Academy (training)"])
    text = ctx.w([f"BOOK NOW: Children Missing Education - responding to referrals, no-shows and children missing from home.\n\nDate: {fmt_now(d + dt.timedelta(days=30))}\nVenue: online\n"
                  "Cost: £45 per delegate. Learn what to do when a parent refuses contact.\n",
                  "Places are still available on our CME and Attendance masterclass. Covers removal from roll, in-year admissions and child protection plans.\n"],
                 ["New course: Tracking children missing education (half day). Suitable for DSLs, attendance officers and Early Help Coordinators.\n",
                  f"Last chance to book: 'When children go missing from education' webinar on {fmt_now(d + dt.timedelta(days=14))}. Referral routes explained.\n"])
    raw = headers(ctx, addr(provider, ctx.w(["events@training.example.org"], ["courses@example.net"])), ctx.mailbox,
                  ctx.w(["Training: Children Missing Education", "CME masterclass - places left"], ["Course: missing from education", "Webinar invite"]), d) + \
        multipart(ctx, "alternative", [text_part(text), html_part(f"<html><body><h1>{h(provider)}</h1><p>{h(text)}</p></body></html>")])
    return raw, expected(file, shape, "other")


def s_calendar(ctx, shape, file):
    d = ctx.email_date()
    officer = ctx.rng.choice(ctx.pool["officers"])
    email = officer.lower().replace(" ", ".") + "@" + ctx.gov
    start = (d + dt.timedelta(days=7)).replace(hour=10, minute=0, second=0)
    title = ctx.w(["CME panel - monthly review", "Missing children multi-agency meeting"], ["CME case review panel", "Attendance & CME catch-up"])
    ics = ("BEGIN:VCALENDAR\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\nVERSION:2.0\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
           f"DTSTART:{start.strftime('%Y%m%dT%H%M%SZ')}\nDTEND:{(start + dt.timedelta(hours=1)).strftime('%Y%m%dT%H%M%SZ')}\n"
           f"SUMMARY:{title}\nORGANIZER;CN={officer}:mailto:{email}\nUID:{ctx.rng.getrandbits(64):016x}\nDESCRIPTION:Review of open referrals and children who are missing.\nEND:VEVENT\nEND:VCALENDAR\n")
    text = f"{title}\nWhen: {start.strftime('%d %B %Y %H:%M')}\nAgenda: open referrals, no-shows, removals from roll.\n"
    raw = headers(ctx, addr(officer, email), ctx.mailbox, title, d) + multipart(ctx, "alternative", [
        text_part(text), f'Content-Type: text/calendar; charset="utf-8"; method=REQUEST\nContent-Transfer-Encoding: 7bit\n\n{ics}'])
    return raw, expected(file, shape, "other")


def s_meeting_request(ctx, shape, file):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    text = ctx.w([f"Hi,\n\nCould we set up a meeting to talk through the referral process? We have had a few families where the parent refuses to tell us where the children are going, and I'd like to understand when a child is classed as missing.\n\nAny day next week works.\n\n{name}\n{c.school[0]}\n",
                  f"Hello CME team,\n\nWould someone be free to meet our new attendance officer to go through referrals and removals from roll? Happy to come to you.\n\n{name}\n"],
                 [f"Hi all,\n\nCan we book half an hour to discuss how we flag children missing education on our MIS? No specific child - just process.\n\n{name}\n",
                  f"Morning,\n\nOur head would like to meet about a parent who refuses meetings - in general terms, how the CME team can support. Are you free Thursday?\n\n{name}\n"])
    raw = headers(ctx, addr(name, email), ctx.mailbox, ctx.w(["Meeting request", "Can we meet?"], ["Meeting - referral process", "Catch up"]), c.date) + text_part(text)
    return raw, expected(file, shape, "other")
