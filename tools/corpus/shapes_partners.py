"""Partner agencies' and families' mail (intake probes after issue 14): a police public protection notice naming the
child as its "Subject" surname first, a parent telling us they will home educate (the child's name given in prose),
an Outlook forward whose header block has no marker line, a secure-mail wrapper (kind other: the report is behind a
portal), and a youth justice or college referral with learner/CYP labels."""

from common import addr, headers, text_part, html_part, fmt_date, render_postcode, caps_name
from model import make_child, expected, dob_text, recent_text, render_lines
from shapes_forms import greet


def s_police_ppn(ctx, shape, file):
    c = make_child(ctx, risks=False)
    force = ctx.w(["brackenshire-police.example.org", "wealdmoor-police.example.org"], ["northfell-police.example.net", "tarnside-police.example.net"])
    sender = ctx.w(["ppn.noreply@", "publicprotection.noreply@"], ["vulnerability.noreply@", "no-reply.ppn@"]) + force
    fields = [(ctx.w(["Subject", "Subject 1"], ["Subject", "Subject details"]), f"{caps_name(c.last)}, {c.first}"),
              (ctx.w(["DOB", "Date of birth"], ["D.O.B", "DOB"]), dob_text(ctx, c)),
              (ctx.w(["Home address", "Address"], ["Address", "Home address"]), f"{c.address}, {render_postcode(ctx.rng, c.postcode)}"),
              (ctx.w(["School", "School (if known)"], ["Education setting", "School"]), c.school[0])]
    story = ctx.w([f"Reported missing from home by a parent and found the next day. The parent says {c.he} has not been in school for several weeks.",
                   f"Officers attended a concern for welfare call. The child told officers {c.he} does not go to school any more."],
                  [f"Located by officers during the school day; says {c.he} has not attended school since the family moved.",
                   f"Missing episode reported by family; on return {c.he} said {c.he} had stopped going to school."])
    head = ctx.w(["OFFICIAL - SENSITIVE\n\nPUBLIC PROTECTION NOTICE (PPN)\nCategory: Child concern",
                  "Public Protection Notification - Child"],
                 ["OFFICIAL-SENSITIVE\n\nVulnerability notification: child", "PPN - CHILD AT RISK"])
    text = f"{head}\n\n{render_lines(fields, ': ')}\n\nCircumstances: {story}\n\nThis notification was generated automatically. Do not reply.\n"
    subj = ctx.w(["[SECURE] Public Protection Notice - Child", "PPN: child concern"], ["OFFICIAL-SENSITIVE: PPN CHILD", "Vulnerability notification (child)"])
    raw = headers(ctx, addr("Public Protection Unit", sender), ctx.mailbox, subj, c.date, [("Auto-Submitted", "auto-generated")]) + text_part(text)
    return raw, expected(file, shape, "referral", c, upn=False, risks=[], referrer=sender)


def s_parent_home_education(ctx, shape, file):
    c = make_child(ctx, risks=False)
    child_word = "daughter" if c.he == "she" else "son"
    his = "Her" if c.he == "she" else "His"
    text = ctx.w([f"Hello,\n\nI am writing to let you know I have decided to home school my {child_word}. {his} name is {c.first} {c.last}, "
                  f"date of birth {dob_text(ctx, c)}, and {c.he} is at {c.school[0]} at the moment.\n\nThanks\n{c.parent}\n",
                  f"Hi\n\nWe will be home schooling our {child_word} from Monday. {his} name is {c.first} {c.last} (born {dob_text(ctx, c)}) "
                  f"and {c.he} currently goes to {c.school[0]}. Please send me the information about elective home education.\n\n{c.parent}\n"],
                 [f"Dear Sir or Madam,\n\nPlease take this as notice that I have decided to educate my {child_word} at home. {his} name is {c.first} {c.last}, "
                  f"DOB {dob_text(ctx, c)}. I have asked {c.school[0]} to take {'her' if c.he == 'she' else 'him'} off their register.\n\nYours faithfully\n{c.parent}\n",
                  f"hi, just letting you know im home schooling my {child_word} now. {his} name is {c.first} {c.last}, d.o.b {dob_text(ctx, c)}, "
                  f"{c.he} was at {c.school[0]}. what do I need to do?\n\n{c.parent}\n"])
    subj = ctx.w(["Home education", "Taking my child out of school"], ["Elective home education notice", "home schooling"])
    raw = headers(ctx, addr(c.parent, c.parent_email), ctx.mailbox, subj, c.date) + text_part(text)
    return raw, expected(file, shape, "removal-from-roll", c, upn=False, postcode=False, risks=[], referrer=c.parent_email)


def s_fwd_outlook_no_marker(ctx, shape, file):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    head_email = ctx.w(["head@", "headteacher@"], ["principal@", "head.office@"]) + f"{c.school[2]}.{ctx.schdomain}"
    sent = fmt_date(c.date.date(), "long")
    inner = ctx.w([f"The following pupil will be removed from our admission register at {c.school[0]}:\n\n",
                   f"Deletion from the admission register - {c.school[0]}\n\n"],
                  [f"Please note this pupil is being removed from the roll at {c.school[0]}:\n\n",
                   f"Off-roll notification for {c.school[0]}\n\n"])
    fields = [(ctx.w(["Pupil", "Name"], ["Pupil name", "Learner"]), f"{caps_name(c.last)}, {c.first}"),
              (ctx.w(["DOB", "Date of birth"], ["D.O.B", "Date of birth"]), dob_text(ctx, c)),
              (ctx.w(["Last attended", "Date last attended"], ["Last day in school", "Last attended"]), recent_text(ctx, c.dla)),
              ("Address", f"{c.address}, {render_postcode(ctx.rng, c.postcode)}")]
    text = (ctx.w(["FYI - please see below.", "For CME, please."], ["Passing this on as requested.", "See below."]) + "\n\n"
            f"From: {name} <{email}>\nSent: {sent} 09:12\nTo: Head Teacher <{head_email}>\nSubject: Deletion\n\n"
            + inner + render_lines(fields, ": ") + f"\n\n{name}\n")
    subj = ctx.w(["FW: Deletion", "FW: pupil removal"], ["Fwd: Deletion", "FW: off roll"])
    raw = headers(ctx, addr("Head Teacher", head_email), ctx.mailbox, subj, c.date) + text_part(text)
    return raw, expected(file, shape, "removal-from-roll", c, upn=False, dla=True, risks=[], referrer=email)


def s_secure_wrapper(ctx, shape, file):
    c = make_child(ctx, risks=False)
    name, email = c.staff
    service = ctx.w(["Egress", "Galaxkey"], ["Cryptshare", "Mimecast Secure Messaging"])
    text = ctx.w([f"You have received a secure email\n\n{name} ({email}) has sent you a secure email.\n\nTo read this message, sign in to {service}.\n\nDo not reply to this email.\n",
                  f"You have a new secure message from {email}.\n\nClick the link below to view your secure message. It expires in 30 days.\n\nPowered by {service}\n"],
                 [f"Dear Recipient,\n\n{name} ({email}) has sent you confidential files via {service}.\n\nMessage: \"CME referral - please see document\"\n\nClick the link to retrieve the files. A password is required.\n",
                  f"{name} ({email}) has sent you a protected message.\n\nRead the message\n\nThis message was sent using {service}.\n"])
    subj = ctx.w(["You have received a secure email", "Secure message: CME referral"], ["[SECURE] Files have been sent to you", "Encrypted: pupil concern"])
    sender = ctx.w(["notifications@securemail.example.org", "no-reply@secure.example.org"], ["noreply@filetransfer.example.net", "secure@messaging.example.net"])
    if ctx.rng.random() < 0.5:
        raw = headers(ctx, addr(service, sender), ctx.mailbox, subj, c.date, [("Auto-Submitted", "auto-generated")]) + text_part(text)
    else:
        raw = headers(ctx, addr(service, sender), ctx.mailbox, subj, c.date) + html_part("<html><body>" + "".join(f"<p>{p}</p>" for p in text.replace("&", "&amp;").replace("<", "&lt;").split("\n\n")) + "</body></html>")
    return raw, expected(file, shape, "other")


def s_learner_cyp_labels(ctx, shape, file):
    c = make_child(ctx, risks=False)
    prefix = ctx.w(["Learner", "CYP"], ["Young person's", "Patient"])
    team, sender = ctx.w([("Youth Justice Service", "yjs@"), ("College Safeguarding", "safeguarding@college.")],
                         [("Early Help Hub", "earlyhelp@"), ("School Nursing", "schoolnursing@")])
    sender += ctx.gov
    fields = [(f"{prefix} first name", c.first), (f"{prefix} surname", c.last), (f"{prefix} DOB", dob_text(ctx, c)),
              ("Address", f"{c.address}, {render_postcode(ctx.rng, c.postcode)}"), ("Last school", c.school[0])]
    note = ctx.w([f"{c.first} told us {c.he} has not been in school since the family moved.", f"{c.first} is not on any school roll that we know of."],
                 [f"The family say {c.first} has had no school place for some weeks.", f"{c.first} has stopped attending and the family are not engaging."])
    text = f"{greet(ctx)}\n\n{render_lines(fields, ': ')}\n\n{note}\n\n{team}\n"
    subj = ctx.w(["Young person not in education", "Learner not attending"], ["CYP not in school", "Not in education - referral"])
    raw = headers(ctx, addr(team, sender), ctx.mailbox, subj, c.date) + text_part(text)
    return raw, expected(file, shape, "referral", c, upn=False, risks=[], referrer=sender)
