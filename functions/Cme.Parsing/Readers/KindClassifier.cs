using System.Text.RegularExpressions;
using Cme.Core.Cases;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>The kind an email was classified as, how sure, and the evidence, in words a person can check.</summary>
internal sealed record KindReading(EmailKind Kind, double Confidence, IReadOnlyList<string> Evidence)
{
    /// <summary>Positively not a report about a child: an invitation, an FOI request, an advert.</summary>
    public bool NotAboutAChild { get; init; }
}

/// <summary>
/// Classifies an email on its content, whoever or whatever sent it. A reply or forward carrying a
/// case reference is an update to that case. Otherwise the subject, then what the sender wrote
/// (and forwards), then attachments are read for what happened: a no-show, a child started, a
/// removal from roll, a parent declining a place, an offer, a referral. The words must be about a
/// place or a child, not a keyword alone ("refuses" in an unrelated email is nothing), and an
/// email that names no child needs more than a word to be a report about one.
/// </summary>
internal static partial class KindClassifier
{
    public static KindReading Classify(EmailReading email, bool namesAChild)
    {
        var evidence = new List<string>();
        var inSubject = CaseReference.FindIn(email.Subject);
        var anywhere = inSubject ?? CaseReference.FindIn(email.Everything);
        var answering = email.IsReply || (email.Message.InReplyTo is not null && !email.IsForward);

        if (anywhere is not null && answering)
        {
            evidence.Add($"a reply carrying case reference {anywhere}");
            return new(EmailKind.CaseUpdate, 0.9, evidence);
        }

        if (inSubject is not null && email.IsForward)
        {
            evidence.Add($"a forward whose subject carries case reference {inSubject}");
            return new(EmailKind.CaseUpdate, 0.9, evidence);
        }

        if (HasCalendarInvitation(email))
        {
            evidence.Add("a calendar invitation (text/calendar)");
            return new(EmailKind.Other, 0.9, evidence) { NotAboutAChild = true };
        }

        var notAboutAChild = NotAboutAChildSubject().Match(email.CleanSubject);
        if (notAboutAChild.Success && !namesAChild)
        {
            evidence.Add($"the subject says '{notAboutAChild.Value.Trim()}' and no child is named");
            return new(EmailKind.Other, 0.9, evidence) { NotAboutAChild = true };
        }

        var notAboutAChildText = NotAboutAChildText().Match(email.OwnText);
        if (notAboutAChildText.Success && !namesAChild && anywhere is null)
        {
            evidence.Add($"the text is about '{notAboutAChildText.Value.Trim()}' and no child is named");
            return new(EmailKind.Other, 0.8, evidence) { NotAboutAChild = true };
        }

        if (!namesAChild && anywhere is null && !ChildContext().IsMatch(email.CleanSubject + "\n" + email.OwnText + "\n" + email.Attachments))
        {
            // "a parking place was refused", "an offer letter for the post", "my no-show at the meeting": words of a kind, about no child.
            evidence.Add("names no child and says nothing of a pupil, a school or a roll");
            return new(EmailKind.Other, 0.8, evidence) { NotAboutAChild = true };
        }

        if (!namesAChild && anywhere is null && Question().IsMatch(email.OwnText) && !StrongReferral().IsMatch(email.CleanSubject))
        {
            evidence.Add("a question that names no child");
            return new(EmailKind.Other, 0.6, evidence);
        }

        var fromSubject = KindIn(email.CleanSubject, strict: true);
        var fromText = KindIn(email.OwnText, strict: false);
        var fromAttachments = KindIn(email.Attachments, strict: false);

        if (fromSubject is { } subjectKind)
        {
            evidence.Add($"the subject says '{subjectKind.Words}'");
            var agreed = fromText?.Kind == subjectKind.Kind || fromAttachments?.Kind == subjectKind.Kind;
            // The body can say more precisely what happened: "In-year offer" in the subject of a reply saying the child never came.
            if (fromText is { } refined && refined.Kind != subjectKind.Kind && Overrides(refined.Kind, subjectKind.Kind))
            {
                evidence.Add($"the text says '{refined.Words}'");
                return new(refined.Kind, namesAChild ? 0.8 : 0.5, evidence);
            }

            if (agreed)
            {
                evidence.Add("the text agrees");
            }

            if (subjectKind.Kind == EmailKind.Referral && !namesAChild && anywhere is null && !StrongReferral().IsMatch(email.CleanSubject))
            {
                evidence.Add("no child is named");
                return new(EmailKind.Other, 0.4, evidence);
            }

            return new(subjectKind.Kind, namesAChild || agreed ? 0.9 : 0.6, evidence);
        }

        foreach (var (found, where) in new[] { (fromText, "the text"), (fromAttachments, "an attachment") })
        {
            if (found is not { } kind)
            {
                continue;
            }

            evidence.Add($"{where} says '{kind.Words}'");
            if (kind.Kind == EmailKind.Referral && !namesAChild && anywhere is null && !kind.Strong)
            {
                // "Referral" or "missing education" with no child named: a question, an advert or a policy email.
                evidence.Add("no child is named");
                return new(EmailKind.Other, 0.4, evidence);
            }

            return new(kind.Kind, namesAChild ? 0.8 : 0.5, evidence);
        }

        if (anywhere is not null)
        {
            evidence.Add($"carries case reference {anywhere}");
            return new(EmailKind.CaseUpdate, 0.7, evidence);
        }

        if (namesAChild && NamedChildIsReported().IsMatch(email.OwnText + "\n" + email.Attachments))
        {
            // A child named with a date of birth or UPN to the CME mailbox, and nothing else said: most often a report.
            evidence.Add("names a child and matches no other kind: read as a referral");
            return new(EmailKind.Referral, 0.55, evidence);
        }

        evidence.Add("no words of any CME kind");
        return new(EmailKind.Other, namesAChild ? 0.3 : 0.8, evidence);
    }

    /// <summary>Whether what the text says happened is more specific than the subject's kind.</summary>
    private static bool Overrides(EmailKind text, EmailKind subject) =>
        (subject, text) switch
        {
            (EmailKind.InYearOffer, EmailKind.NoShow or EmailKind.OnRollConfirmation or EmailKind.PlaceDeclined) => true,
            (EmailKind.Referral, EmailKind.NoShow or EmailKind.RemovalFromRoll) => true,
            _ => false,
        };

    private sealed record Found(EmailKind Kind, string Words, bool Strong);

    private static Found? KindIn(string text, bool strict)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var (kind, pattern, strong) in Patterns)
        {
            var match = pattern.Match(text);
            if (match.Success && !(kind == EmailKind.Referral && strict && !match.Value.Contains("refer", StringComparison.OrdinalIgnoreCase) && !match.Value.Contains("missing", StringComparison.OrdinalIgnoreCase) && !match.Value.Contains("CME", StringComparison.Ordinal)))
            {
                var words = match.Value.Trim();
                return new Found(kind, words.Length > 60 ? words[..60] : words, strong || StrongReferral().IsMatch(words));
            }
        }

        return null;
    }

    /// <summary>In order: what did not happen before what did, a removal before the place it mentions, a refusal before the offer it refuses.</summary>
    private static readonly (EmailKind Kind, Regex Pattern, bool Strong)[] Patterns =
    [
        (EmailKind.RemovalFromRoll, RemovalWords(), true),
        (EmailKind.NoShow, NoShowWords(), true),
        (EmailKind.OnRollConfirmation, OnRollWords(), true),
        (EmailKind.PlaceDeclined, DeclinedWords(), true),
        (EmailKind.InYearOffer, OfferWords(), true),
        (EmailKind.Referral, ReferralWords(), false),
    ];

    private static bool HasCalendarInvitation(EmailReading email) =>
        email.Message.BodyParts.Take(50).Any(p => p.ContentType.MimeType.Equals("text/calendar", StringComparison.OrdinalIgnoreCase) || p.ContentType.MimeType.Equals("application/ics", StringComparison.OrdinalIgnoreCase))
        || InvitationSubject().IsMatch(email.Subject);

    [GeneratedRegex(@"\b(removal from (the )?(school )?roll|(removed|deleted|taken|coming) (from|off) (our|the) (school |admission )?(roll|register)|removed from (the )?(school )?roll|remov(e|ed|ing|al) .{0,30}from (our|the|school|their|his|her|its) (school )?(roll|register|admission register)|delet(ions?|ed|ing) from (the |our )?(school |admission )?register|delet(e|ed|ing) (him|her|them|[^.\n]{1,30}) from (our|the|school|their|his|her|its) (school |admission )?(roll|register)|deletion of .{0,30}from (the |our )?(admission )?register|taken off (the )?roll|off[- ]roll(ed|ing)?|pupil (deletion|removal)|ceased to be registered|register deletion|deletion (notice|notification|return)|(will|to|intends? to|going to|decided to|wish(es)? to|wants? to) (electively )?home[- ]educate|(will be|'ll be|are now|am now|is now|are going to be|am going to be) (electively )?home[- ]educating|de-?regist(er|ered|ration) for (elective )?home education|remov(e|ed|al) for (elective )?home education|pupils? leaving|leaver (notice|notification|form)|(?<=\b(pupil|student|learner)s? )leavers?|(?<=\b(marked|recorded|entered) as (a )?)leaver|(educate|teach|school)(ing)? (him|her|them|(my|our) (son|daughter|child|children|boys?|girls?|kids)\b[^\n]{0,60}?) (at|from) home|(?<=\b(decided|chosen|choose|going|intend(ing)?|plan(ning)?|will|'m|am|are|is|be|now|im) (to )?)home[- ]?school(ing)?|home[- ]?school(ing)? (my|our|him|her|them)|will not be (coming )?back|(is|are|will) not (be )?return(ing)? to (school|us)|(moving|moved|relocating|returning) (back )?(abroad|overseas|out of the country))\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex RemovalWords();

    [GeneratedRegex(@"\b(in[- ]year offer|offer of (a )?(school )?place|ha(s|ve) been (offered|allocated) a (school )?place|offered a (school )?place|place (has been )?offered|allocated a (school )?place|school place (offer|allocation)|offer letter|place allocation|(have|has) (now )?offered [^.\n]{0,60}\ba (school )?place|offered (him|her|them) a place)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OfferWords();

    [GeneratedRegex(@"\b(non[- ]arrival|no[- ]show|did not (arrive|start|attend on|turn up|take up)|didn't (arrive|start|turn up)|(has|have)(n't| not) (yet )?(arrived|started|taken up|turned up|attended (at all|since (the )?(agreed |expected )?start))|never (arrived|started|attended|turned up)|not taken up|failed to (start|arrive|attend|take up)|not (yet )?(started|arrived)|yet to (start|arrive|attend)|not (been )?seen since (the )?(agreed |expected )?start)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NoShowWords();

    [GeneratedRegex(@"\b((?<!\b(will|should|would|could|may|might|shall|to) be )on (our|the) (school )?(roll|register) (from|since|as of|today)|(?<!\b(will|to|should|would|could|may|might|once|if|when) (be )?)(is|are) attending (from|since)|now on (our |the )?roll|is now attending|now attending|admitted and attending|has been admitted|was admitted|commenced (with us|at|on)|(?<!will |to |can |once |then )confirm(s|ed|ing)?( that)?\b(?![^.\n]{0,40}\b(once|when|if|until)\b)[^.\n]{0,60}\b(has started|started|is (now )?on (our |the )?roll|was admitted|has been admitted|is (now )?attending)|started (with us|today|at|on|school)|has started|have started|joined us|joined (the school|our school)|first day (was|at school)|pupil (started|admitted)|new (starter|admission)|starter confirmation|on[- ]roll confirmation|admission confirmation)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OnRollWords();

    [GeneratedRegex(@"\b((declin\w*|refus\w*|turn(ed|ing)? down|reject\w*|(do|does|did) not (want|wish to (take|accept))|don't want|won't be (accepting|taking)|will not be (accepting|taking)|not (be )?(accept|tak)ing)[^.\n]{0,60}\b(place|offer)\b|\b(place|offer)\b[^.\n]{0,40}\b(declined|refused|turned down|rejected|not (been )?accepted)|place declined|declined place|declining (the|a|this) place)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex DeclinedWords();

    [GeneratedRegex(@"\b(referral|refer(ring)? (this|the|a|our|him|her|them)|missing (from )?education|CME\b|not (been )?(in|attending|going to|at) (school|education)|not in education|no school place|not (been |currently )?(on|registered (at|with)) (a|any) (school )?(roll|school)|stopped attending|whereabouts|cannot (be )?(traced?|located?|contacted)|can't (trace|locate|contact)|unable to (trace|locate|contact|make contact)|not been able to (trace|locate|contact)|moved (away|abroad|out of the area)|left the (country|area|uk)|gone abroad|no longer (lives|living|at the address)|absent (since|for)|not attended (since|for)|(hasn't|has not|haven't|have not|isn't|is not|not) (been )?(going|gone|attending|attended|in|at|seen at) (to )?[^.\n]{0,60}\b(school|academy|college|nursery)|no(body|one|-one) (seems to )?knows? where|(house|flat|property) (looks|is|was|seemed) (empty|vacant|boarded)|moved out|disappeared|not been seen)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ReferralWords();

    [GeneratedRegex(@"referral|missing (from )?education|whereabouts|cannot (be )?(traced?|located?)|unable to (trace|locate)|not been able to (trace|locate)|moved (away|abroad)|left the (country|area|uk)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex StrongReferral();

    [GeneratedRegex(@"\b(freedom of information|FOI\b|FOIA|subject access|training|webinar|masterclass|workshop|seminar|places left|conference|course|newsletter|bulletin|briefing|survey|consultation|vacanc(y|ies)|job (advert|opportunity)|agenda|minutes|forum|network meeting|invitation|invite|save the date|data (request|return)|statistics|reminder: |policy (update|review)|guidance)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NotAboutAChildSubject();

    [GeneratedRegex(@"\b(pupils?|child|children|son|daughter|boys\b|girls\b|kids\b|student|learner|young person|referral|CME|missing (from )?education|school|academy|college|nursery|admissions?|in-year|on roll|roll|admission register|year \d|reception|DOB|date of birth|UPN|home educat)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ChildContext();

    [GeneratedRegex(@"(^|[.!?\n]\s*)(when|how|what|which|who|where|why|should|could|can|do|does|is there|are there|would)\b[^?.\n]{0,160}\?", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Question();

    [GeneratedRegex(@"\b(school|academy|college|nursery|attend|education|missing|moved|left|address|family|worried|concern|seen)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NamedChildIsReported();

    [GeneratedRegex(@"\b(freedom of information|FOI request|FOIA|subject access request|training (session|course|event)|webinar|masterclass|workshop|seminar|book your place|book now|places are limited|places (are )?(still )?(available|left)|register your interest|newsletter|bulletin|unsubscribe|survey|consultation|job vacancy|how many (children|pupils)|number of (children|pupils|referrals))", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NotAboutAChildText();

    [GeneratedRegex(@"^\s*(invitation|updated invitation|canceled|cancelled)( event)?\s*:", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex InvitationSubject();
}
