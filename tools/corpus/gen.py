"""Writes the invented CME mailbox corpus: tests/Cme.Parsing.Tests/Corpus/{dev,holdout}/*.eml + expected.jsonl.

Deterministic: the same seed gives byte-identical files. Run from anywhere: python3 tools/corpus/gen.py
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))

from model import Ctx  # noqa: E402
import shapes_forms as F  # noqa: E402
import shapes_kinds as K  # noqa: E402
import shapes_other as O  # noqa: E402
import shapes_more as M  # noqa: E402
import shapes_partners as P  # noqa: E402

# (shape name, template, emails in dev, emails in holdout)
SHAPES = [
    ("plain-colon-form", F.s_plain_colon, 5, 3),
    ("plain-dash-form", F.s_plain_dash, 4, 2),
    ("plain-equals-form", F.s_plain_equals, 4, 2),
    ("label-next-line", F.s_label_next_line, 4, 2),
    ("html-td-b-base64", F.s_html_td_b, 4, 2),
    ("html-th-quoted-printable", F.s_html_th_qp, 4, 2),
    ("html-header-row-above-values", F.s_html_header_row, 4, 2),
    ("html-nested-layout", F.s_html_nested, 3, 2),
    ("html-dl", F.s_html_dl, 3, 2),
    ("outlook-mso-alternative", F.s_outlook_mso, 4, 2),
    ("apple-mail-nfd", F.s_apple_nfd, 3, 2),
    ("iphone-prose-neighbour", F.s_iphone_prose, 4, 2),
    ("iso-8859-1-label-windows-1252-bytes", F.s_cp1252, 3, 2),
    ("docx-table-form", F.s_docx_table, 4, 2),
    ("docx-tickbox-form", F.s_docx_tickbox, 3, 2),
    ("pdf-referral-letter", F.s_pdf_letter, 3, 2),
    ("pdf-no-show-form", F.s_pdf_no_show, 3, 2),
    ("sibling-and-parent-named", F.s_sibling_parent, 3, 2),
    ("school-value-with-tail", F.s_school_tail, 3, 2),
    ("risk-heading-and-job-title-distractors", F.s_jobtitle_distractor, 3, 2),
    ("name-only-in-subject", F.s_subject_only_name, 3, 2),
    ("council-online-form-noreply", F.s_online_form, 4, 2),
    ("no-show-email", K.s_no_show, 4, 2),
    ("place-declined-parent", K.s_place_declined, 4, 2),
    ("mis-removal-notice", K.s_mis_removal, 4, 2),
    ("removal-school-email", K.s_removal_human, 3, 2),
    ("admissions-in-year-offer-notice", K.s_offer_notice, 4, 2),
    ("mis-started-today-notice", K.s_mis_started, 3, 2),
    ("on-roll-confirmation-school", K.s_on_roll_human, 3, 2),
    ("forward-of-forward-outlook", K.s_fwd_outlook_nested, 3, 2),
    ("forward-gmail", K.s_fwd_gmail, 3, 2),
    ("forward-apple", K.s_fwd_apple, 3, 2),
    ("attached-message-rfc822", K.s_rfc822, 3, 2),
    ("case-update-reply-subject-ref", K.s_update_outlook, 4, 2),
    ("case-update-body-ref", K.s_update_body_ref, 3, 2),
    ("out-of-office-auto-submitted", O.s_ooo_auto_replied, 3, 2),
    ("out-of-office-x-autoreply-only", O.s_ooo_xautoreply, 2, 1),
    ("out-of-office-subject-only", O.s_ooo_subject_only, 2, 1),
    ("out-of-office-quoting-acknowledgement", O.s_ooo_quoting_ack, 3, 2),
    ("delivery-status-notification", O.s_dsn, 3, 2),
    ("read-receipt", O.s_read_receipt, 2, 1),
    ("bulk-newsletter", O.s_newsletter, 2, 1),
    ("foi-request", O.s_foi, 2, 1),
    ("general-question-no-child", O.s_general_question, 2, 1),
    ("training-advert", O.s_training, 2, 1),
    ("calendar-invitation", O.s_calendar, 2, 1),
    ("meeting-request", O.s_meeting_request, 2, 1),
    ("forward-outlook-html", M.s_fwd_outlook_html, 3, 2),
    ("case-update-forwarded-housing-reply", M.s_update_forward, 3, 2),
    ("docx-removal-form", M.s_docx_removal, 3, 2),
    ("in-year-offer-officer-email", M.s_offer_officer, 3, 2),
    ("place-declined-reported-by-school", M.s_decline_via_school, 3, 2),
    ("gmail-html-br-lines", M.s_gmail_br, 3, 2),
    ("thunderbird-format-flowed", M.s_flowed, 3, 2),
    ("owa-html-paragraphs-nbsp", M.s_owa_paragraphs, 3, 2),
    ("plain-dotted-or-piped-labels", M.s_dotted_labels, 3, 2),
    # Added after the intake probes of 2026-12-06 (last, so every email above is unchanged).
    ("police-ppn-subject-surname-first", P.s_police_ppn, 3, 2),
    ("parent-home-education", P.s_parent_home_education, 3, 2),
    ("forward-outlook-no-marker", P.s_fwd_outlook_no_marker, 3, 2),
    ("secure-mail-wrapper", P.s_secure_wrapper, 3, 2),
    ("learner-cyp-patient-labels", P.s_learner_cyp_labels, 3, 2),
]

SEED = 14  # issue 14


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Cme.Parsing.Tests", "Corpus"))
    for split in ("dev", "holdout"):
        folder = os.path.join(root, split)
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".eml") or name == "expected.jsonl":
                os.remove(os.path.join(folder, name))
        rng = random.Random(f"{SEED}-{split}")
        lines = []
        n = 0
        for shape, template, n_dev, n_hold in SHAPES:
            for i in range((n_dev if split == "dev" else n_hold)):
                n += 1
                ctx = Ctx(rng, split)
                file = f"{'d' if split == 'dev' else 'h'}{n:03d}-{shape}.eml"
                raw, exp = template(ctx, shape, file)
                if isinstance(raw, str):
                    raw = raw.encode("utf-8")
                with open(os.path.join(folder, file), "wb") as f:
                    f.write(raw)
                lines.append(json.dumps(exp, ensure_ascii=False))
        with open(os.path.join(folder, "expected.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{split}: {n} emails")


if __name__ == "__main__":
    main()
