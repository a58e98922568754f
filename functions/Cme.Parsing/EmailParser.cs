using System.Text.RegularExpressions;
using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Intake;
using Cme.Core.Mail;
using MimeKit;

namespace Cme.Parsing;

/// <summary>
/// Reads one email to the CME mailbox: what kind it is, which child it is about, who reported it.
/// Never throws for bad input: an unreadable email comes back with a triage reason, and the
/// reason never quotes the email's content.
/// </summary>
public sealed partial class EmailParser(ParseLimits limits) : IEmailParser
{
    public EmailParser()
        : this(ParseLimits.Default)
    {
    }

    public ParsedEmail Parse(ReadOnlyMemory<byte> mime)
    {
        try
        {
            return ParseCore(mime);
        }
        catch (RegexMatchTimeoutException)
        {
            return Unreadable("reading the email took longer than the time allowed");
        }
        catch (Exception exception) when (exception is FormatException or ParseException or InvalidOperationException or ArgumentException or IOException or System.Text.DecoderFallbackException)
        {
            return Unreadable($"the email could not be read as MIME ({exception.GetType().Name})");
        }
    }

    private ParsedEmail ParseCore(ReadOnlyMemory<byte> mime)
    {
        if (mime.Length > limits.MaxMimeBytes)
        {
            return Unreadable($"the email is larger than {limits.MaxMimeBytes / (1024 * 1024)} MB");
        }

        if (HeaderScan.LongestField(mime.Span) > limits.MaxHeaderFieldBytes)
        {
            return Unreadable($"a header of the email is longer than {limits.MaxHeaderFieldBytes / 1024} KB");
        }

        MimeMessage message;
        using (var stream = new MemoryStream(mime.ToArray(), writable: false))
        {
            message = MimeMessage.Load(new ParserOptions { MaxMimeDepth = limits.MaxDepth }, stream);
        }

        var extraction = new TextExtraction(limits);
        extraction.Read(message.Body);
        var body = Normalise(extraction.Body);
        var attachments = Normalise(extraction.Attachments);
        var subject = (message.Subject ?? string.Empty).Trim();
        var sender = message.From.Mailboxes.FirstOrDefault();
        var sentAt = message.Date == DateTimeOffset.MinValue ? (DateTimeOffset?)null : message.Date;
        var reference = sentAt is { } s ? DateOnly.FromDateTime(s.UtcDateTime) : (DateOnly?)null;
        EmailAddress.TryParse(sender?.Address, out var from);

        var thread = Thread.Split(body);
        var automatic = IsAutomatic(message, subject, sender?.Address);
        var kind = automatic ? EmailKind.Other : Classify(subject, thread, attachments, out _);
        var confident = kind != EmailKind.Other || automatic || IsNewsletter(message);

        var baseline = new ParsedEmail
        {
            MessageId = message.MessageId,
            From = from,
            Subject = subject,
            SentAt = sentAt,
            Kind = kind,
            IsAutomatic = automatic,
            AuthenticationResults = AuthenticationHeaders.Read(message.Headers),
            ExchangeAuthAs = message.Headers["X-MS-Exchange-Organization-AuthAs"],
            Confidence = confident ? 0.9 : 0.3,
            Text = body.Length > 4000 ? body[..4000] : body,
        };

        if (kind == EmailKind.Other)
        {
            return baseline with
            {
                // An attachment that could not be read may be the referral form itself.
                TriageReason = automatic || IsNewsletter(message) ? null
                    : extraction.Problems.Count > 0 ? PartlyUnread(extraction)
                    : !LooksLikeAboutAChild(subject + "\n" + body) ? null
                    : "could not classify with confidence: it mentions a child or school but matches no known kind",
                Kind = EmailKind.Other,
            };
        }

        // Fields come from everything: the new text, what it forwards or quotes, and attachments.
        var everything = string.Join("\n", new[] { thread.NewText, thread.Forwarded, thread.Quoted, attachments }.Where(t => t.Length > 0));
        var form = Form.Read(everything);
        var child = ExtractChild(form, subject, everything, reference, out var rawUpn);
        var postcode = ExtractPostcode(form, everything);
        var school = ExtractSchool(form, everything, kind, subject);
        var lastAttended = form.Date(reference, Labels.LastAttended) ?? LastAttendedInText(everything, reference);
        DateOnly? start = kind is EmailKind.NoShow or EmailKind.InYearOffer or EmailKind.OnRollConfirmation
            ? form.Date(reference, Labels.StartDate) ?? StartInText(everything, reference)
            : null;
        var referrer = ExtractReferrer(form, thread, from, subject);
        var risks = RiskFactorReader.Read(form, everything);
        var caseReference = CaseReference.FindIn(subject) ?? CaseReference.FindIn(everything);

        child = child with { Postcode = postcode, School = school, YearGroup = child.YearGroup, Address = form.Value(Labels.Address) };
        string? triage = null;
        if (extraction.Problems.Count > 0 && !child.IsIdentified)
        {
            triage = PartlyUnread(extraction);
        }

        return baseline with
        {
            CaseReference = caseReference,
            Child = child,
            RawUpn = rawUpn,
            DateLastAttended = lastAttended,
            StartDate = start,
            OfferDate = kind == EmailKind.InYearOffer ? form.Date(reference, Labels.OfferDate) : null,
            RiskFactors = risks,
            SignificantConcerns = SafeguardingReader.SignificantConcerns(form, everything),
            WhereaboutsKnown = SafeguardingReader.WhereaboutsKnown(form, everything),
            ReferrerEmail = referrer,
            ReferrerName = form.Value(Labels.ReferrerName) is { } name ? name.Split(['–', '-', '/'], 2)[0].Trim() : null,
            ReferrerRole = form.Value(Labels.ReferrerRole),
            ReferrerPhone = form.Value(Labels.ReferrerPhone),
            ParentsCarers = form.Value(Labels.ParentsCarers),
            ContactPhone = form.Value(Labels.ContactPhone),
            ActionsTaken = ActionsIn(form, thread.NewText + "\n" + thread.Forwarded),
            TriageReason = triage,
        };
    }

    /// <summary>The form's own answer, or the sentences that report calls, letters and visits.</summary>
    private static string? ActionsIn(Form form, string text)
    {
        var stated = form.Value(Labels.ActionsTaken);
        if (stated is not null)
        {
            return stated.Length > 1000 ? stated[..1000] : stated;
        }

        // Paragraphs first: a wrapped line is not the end of a sentence.
        var paragraphs = WrappedLineBreak().Replace(text, " ");
        var sentences = ParserRegex.SentenceBreak().Split(paragraphs)
            .Where(s => ActionWords().IsMatch(s))
            .Select(s => s.Trim())
            .ToList();
        var joined = string.Join(" ", sentences);
        return joined.Length == 0 ? null : joined.Length > 1000 ? joined[..1000] : joined;
    }

    private static string PartlyUnread(TextExtraction extraction) => "part of the email could not be read: " + string.Join("; ", extraction.Problems);

    private static ParsedEmail Unreadable(string reason) => new()
    {
        Kind = EmailKind.Other,
        Confidence = 0,
        TriageReason = reason,
    };

    private static string Normalise(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201c', '"').Replace('\u201d', '"')
            .Replace('\u00a0', ' ');

    private static bool IsAutomatic(MimeMessage message, string subject, string? sender)
    {
        var autoSubmitted = message.Headers[HeaderId.AutoSubmitted];
        if (!string.IsNullOrWhiteSpace(autoSubmitted) && !autoSubmitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains("X-Auto-Response"))
        {
            return true;
        }

        var precedence = message.Headers[HeaderId.Precedence];
        if (precedence is not null && BulkPrecedence().IsMatch(precedence))
        {
            return true;
        }

        if (message.Body is MultipartReport || message.Body?.ContentType.MimeType.Equals("multipart/report", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        if (sender is not null && AutomaticSender().IsMatch(sender))
        {
            return true;
        }

        return AutomaticSubject().IsMatch(subject);
    }

    private static bool IsNewsletter(MimeMessage message) => message.Headers.Contains(HeaderId.ListUnsubscribe) || message.Headers.Contains(HeaderId.ListId);

    private static bool LooksLikeAboutAChild(string text) => AboutAChild().IsMatch(text);

    /// <summary>Subject first (people name the email for what it is), then the new text, then what it forwards.</summary>
    private static EmailKind Classify(string subject, Thread thread, string attachments, out double score)
    {
        score = 0.9;
        var cleanSubject = ReplyPrefix().Replace(subject, string.Empty);
        var isReplyOrForward = ReplyPrefix().IsMatch(subject);
        var subjectKind = KindIn(cleanSubject);
        if (subjectKind is { } fromSubject && !(isReplyOrForward && fromSubject == EmailKind.Referral && CaseReference.FindIn(subject) is not null))
        {
            return fromSubject;
        }

        if (isReplyOrForward && CaseReference.FindIn(subject) is not null)
        {
            return EmailKind.CaseUpdate;
        }

        foreach (var text in new[] { thread.NewText, thread.Forwarded, attachments })
        {
            if (KindIn(text) is { } kind)
            {
                return kind;
            }
        }

        if (CaseReference.FindIn(subject) is not null)
        {
            return EmailKind.CaseUpdate;
        }

        score = 0.3;
        return EmailKind.Other;
    }

    private static EmailKind? KindIn(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (RemovalWords().IsMatch(text))
        {
            return EmailKind.RemovalFromRoll;
        }

        if (OfferWords().IsMatch(text))
        {
            return EmailKind.InYearOffer;
        }

        if (NoShowWords().IsMatch(text))
        {
            return EmailKind.NoShow;
        }

        if (OnRollWords().IsMatch(text))
        {
            return EmailKind.OnRollConfirmation;
        }

        if (DeclinedWords().IsMatch(text))
        {
            return EmailKind.PlaceDeclined;
        }

        if (ReferralWords().IsMatch(text))
        {
            return EmailKind.Referral;
        }

        return null;
    }

    private static ChildDetails ExtractChild(Form form, string subject, string text, DateOnly? reference, out string? rawUpn)
    {
        var first = form.Value(Labels.FirstName);
        var last = form.Value(Labels.LastName);
        if (first is null || last is null)
        {
            var full = form.Value(Labels.FullName) is { } labelled && PersonName().Match(labelled) is { Success: true } m ? m.Value : null;
            full ??= NameInText(text) ?? NameInSubject(subject);
            if (full is null && form.Value(Labels.FullName) is { } commaName && SurnameFirst().Match(commaName) is { Success: true } reversed)
            {
                // "SMITH, John": surname first, as MIS exports write it.
                first ??= reversed.Groups["first"].Value;
                last ??= reversed.Groups["last"].Value;
            }

            if (full is not null)
            {
                var parts = full.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                first ??= parts[0];
                last ??= parts.Length > 1 ? string.Join(' ', parts.Skip(1)) : null;
            }
        }

        first = first is null ? null : CleanName(first, firstOnly: true);
        last = last is null ? null : CleanName(last, firstOnly: false);
        var dateOfBirth = form.Date(null, Labels.DateOfBirth) ?? DobInText(text);

        rawUpn = form.Value(Labels.Upn)?.Split(' ', '(')[0].Trim();
        Upn? upn = null;
        if (rawUpn is not null && !Upn.TryParse(rawUpn, out upn))
        {
            upn = null;
        }

        if (upn is null)
        {
            foreach (Match candidate in UpnShape().Matches(text))
            {
                if (Upn.TryParse(candidate.Value, out var found))
                {
                    upn = found;
                    break;
                }

                rawUpn ??= candidate.Value;
            }
        }

        if (upn is not null)
        {
            rawUpn = null;
        }

        var year = form.Value(Labels.YearGroup) is { } y && YearNumber().Match(y) is { Success: true } ym ? ym.Value : YearInText(text);
        return ChildDetails.Unknown with { FirstName = first, LastName = last, DateOfBirth = dateOfBirth, Upn = upn, YearGroup = year };
    }

    private static string CleanName(string name, bool firstOnly)
    {
        var cleaned = name.Trim().Trim('.', ',', ';', ':', '(', ')');
        cleaned = ParentheticalTail().Replace(cleaned, string.Empty);
        if (firstOnly && cleaned.Contains(' ', StringComparison.Ordinal))
        {
            cleaned = cleaned.Split(' ')[0];
        }

        return cleaned;
    }

    private static string? NameInText(string text)
    {
        foreach (var pattern in new[] { NameBeforeDob(), NameAfterCue() })
        {
            var match = pattern.Match(text);
            if (match.Success && !NotAName(match.Groups["name"].Value))
            {
                return match.Groups["name"].Value;
            }
        }

        return null;
    }

    private static string? NameInSubject(string subject)
    {
        var clean = ReplyPrefix().Replace(subject, string.Empty);
        clean = CaseReferenceShape().Replace(clean, " - ");
        foreach (var segment in SubjectSeparator().Split(clean))
        {
            var trimmed = Parenthetical().Replace(segment.Trim(), string.Empty).Trim();
            if (SubjectName().IsMatch(trimmed) && !NotAName(trimmed))
            {
                return trimmed;
            }
        }

        return null;
    }

    private static bool NotAName(string candidate) => NonNameWord().IsMatch(candidate);

    private static DateOnly? DobInText(string text)
    {
        var match = DobCue().Match(text);
        return match.Success ? UkDate.Find(match.Groups["date"].Value) : null;
    }

    private static string? YearInText(string text) => YearInProse().Match(text) is { Success: true } m ? m.Groups["year"].Value : null;

    private static Postcode? ExtractPostcode(Form form, string text)
    {
        foreach (var value in new[] { form.Value(Labels.Postcode), form.Value(Labels.Address) })
        {
            if (value is not null && FindPostcode(value) is { } labelled)
            {
                return labelled;
            }
        }

        return FindPostcode(text);
    }

    private static Postcode? FindPostcode(string text)
    {
        foreach (Match match in PostcodeShape().Matches(text))
        {
            if (Postcode.TryParse(match.Value, out var postcode))
            {
                return postcode;
            }
        }

        return null;
    }

    private static string? ExtractSchool(Form form, string text, EmailKind kind, string subject)
    {
        var labelled = form.Value(Labels.School);
        var candidates = SchoolNames(text).ToList();
        if (labelled is not null && !labelled.Equals("not known", StringComparison.OrdinalIgnoreCase))
        {
            return Fullest(labelled.Split(',')[0].Trim(), candidates);
        }

        var destination = form.Value(Labels.DestinationSchool);
        var usable = candidates.Where(c => destination is null || !destination.Contains(c, StringComparison.OrdinalIgnoreCase)).ToList();
        var placeAt = PlaceAt().Match(text);
        if (placeAt.Success && SchoolNames(placeAt.Groups["school"].Value).FirstOrDefault() is { } allocated)
        {
            return Fullest(allocated, usable);
        }

        return usable.Count == 0 ? null : Fullest(usable[0], usable);
    }

    /// <summary>The fullest form of a school's name used anywhere: "Beechcroft Manor" becomes "Beechcroft Manor Primary School".</summary>
    private static string Fullest(string name, IReadOnlyList<string> candidates)
    {
        var best = name;
        foreach (var candidate in candidates)
        {
            if (candidate.Length > best.Length && candidate.StartsWith(best.Split(' ')[0] + " ", StringComparison.Ordinal) &&
                (candidate.StartsWith(best, StringComparison.Ordinal) || SharesLeadingWords(candidate, best)))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static bool SharesLeadingWords(string a, string b)
    {
        var wa = a.Split(' ');
        var wb = b.Split(' ');
        return wa.Length >= 2 && wb.Length >= 2 && wa[0] == wb[0] && wa[1] == wb[1];
    }

    private static IEnumerable<string> SchoolNames(string text)
    {
        foreach (Match match in SchoolName().Matches(text))
        {
            var name = match.Value.Trim();
            name = LeadingSchoolFiller().Replace(name, string.Empty);
            if (name.Split(' ').Length >= 2 && !name.StartsWith("Primary", StringComparison.Ordinal) && !name.StartsWith("School", StringComparison.Ordinal))
            {
                yield return name;
            }
        }
    }

    private static DateOnly? LastAttendedInText(string text, DateOnly? reference)
    {
        var match = LastAttendedCue().Match(text);
        return match.Success ? UkDate.Find(match.Groups["rest"].Value, reference) : null;
    }

    private static DateOnly? StartInText(string text, DateOnly? reference)
    {
        var match = StartCue().Match(text);
        return match.Success ? UkDate.Find(match.Groups["rest"].Value, reference) : null;
    }

    private static EmailAddress? ExtractReferrer(Form form, Thread thread, EmailAddress? sender, string subject)
    {
        if (form.Value(Labels.ReferrerEmail) is { } labelled && EmailAddress.TryParse(EmailIn().Match(labelled).Value, out var stated))
        {
            return stated;
        }

        // "Referrer: Jo Amberley, DSL, jo.amberley@school.example.org": the form names the referrer's address.
        if (form.Value(Labels.ReferrerName) is { } named && EmailAddress.TryParse(EmailIn().Match(named).Value, out var namedAddress))
        {
            return namedAddress;
        }

        var forwarded = ForwardPrefix().IsMatch(subject) || thread.IsForward;
        if (forwarded && thread.FirstForwardedAuthor is { } author)
        {
            return author;
        }

        return sender;
    }

    [GeneratedRegex(@"^\s*((re|fw|fwd|aw|wg)\s*:\s*)+", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ReplyPrefix();

    [GeneratedRegex(@"^\s*(automatic reply|auto(?:matic)?[- ]?reply|auto:|out of (the )?office|ooo\b|undeliverable|undelivered|delivery (status notification|has failed|failure)|returned mail|mail delivery failed)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AutomaticSubject();

    [GeneratedRegex(@"\b(pupil|child|son|daughter|school|referral|UPN|date of birth|DOB)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AboutAChild();

    [GeneratedRegex(@"\b(removal from (the )?roll|(removed|deleted|taken) (from|off) (our|the) (school )?roll|removed from (the )?roll|remov(e|ing|al) .{0,20}from (our|the) roll|delet(ion|ed|ing) from (the |our )?(admission )?register|taken off (the )?roll|off[- ]roll(ed|ing)?)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex RemovalWords();

    [GeneratedRegex(@"\b(in[- ]year offer|offer of (a )?(school )?place|has been offered a place|offered a place|place (has been )?offered)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OfferWords();

    [GeneratedRegex(@"\b(non[- ]arrival|no[- ]show|did not (arrive|start|attend on|turn up)|has not turned up|never arrived|has not (arrived|started|taken up)|not taken up|failed to (start|arrive|attend)|not (yet )?started|did not take up)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NoShowWords();

    [GeneratedRegex(@"\b(on (our|the) roll|now on roll|is now attending|commenced (with us|at)|confirm\w*[^.\n]{0,60}\b(started|on roll)|started (with us|today|at)|has started|pupil on roll|joined us)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OnRollWords();

    [GeneratedRegex(@"\b(declin\w*|refus\w*|(do not|don't|does not) want (this|the|that) place|turn(ed|ing)? down the place|not accept\w* the place)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex DeclinedWords();

    [GeneratedRegex(@"\b(referral|refer(ring)?\b|missing (from )?education|CME\b|not (been )?(in|attending|going to|at) school|not in education|stopped attending|whereabouts|cannot (be )?(trace|locate)|not been able to (trace|locate|contact))", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ReferralWords();

    [GeneratedRegex(@"^\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){0,2}(?![\p{L}'’\-]|\s*,)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PersonName();

    [GeneratedRegex(@"^(?<last>\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+)?),\s*(?<first>\p{Lu}[\p{L}'’\-]+)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SurnameFirst();

    [GeneratedRegex(@"(?<name>\p{Lu}[\p{Ll}'’\-]+(?:[\p{Lu}][\p{Ll}'’\-]+)?(?:\s+\p{Lu}[\p{L}'’\-]+){1,2})\s*\(\s*(?:DOB|D\.O\.B\.?|born|date of birth)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NameBeforeDob();

    [GeneratedRegex(@"\b(?:called|named|daughter|son|grandson|granddaughter|nephew|niece|pupil|child|student|for)\s+(?<name>\p{Lu}[\p{Ll}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){1,2})", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NameAfterCue();

    [GeneratedRegex(@"^\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){1,2}$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SubjectName();

    [GeneratedRegex(@"\b(Referral|Form|School|Academy|Primary|College|Year|Pupil|Child|Children|Missing|Education|Removal|Roll|Notification|Offer|Confirmation|Update|Request|Information|Enquiries|Housing|Check|Place|Team|Council|Borough|Mrs?|Ms|Miss|Dr|Admissions|Attendance|CME|Non|Arrival|Deletion|Register|Declined|The|Dear|Hi|Hello|Thanks|Regards|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|November|December)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NonNameWord();

    [GeneratedRegex(@"\b(?:DOB|D\.O\.B\.?|born(?: on)?|date of birth)\s*[:\-]?\s*(?<date>[^)\n,;]{4,30})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex DobCue();

    [GeneratedRegex(@"\b[A-Za-z]\d{11}[A-Za-z\d]\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex UpnShape();

    [GeneratedRegex(@"\d{1,2}", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex YearNumber();

    [GeneratedRegex(@"\b(?:Year|Yr|Y)\s?(?<year>\d{1,2})\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex YearInProse();

    [GeneratedRegex(@"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d\s*[A-Za-z]\s*[A-Za-z]\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PostcodeShape();

    [GeneratedRegex(@"(?:\b(?:The|St\.?|Saint|Sir|Our Lady|Bishop)[ \t]+)?(?:\p{Lu}[\p{L}'’\-]*\.?[ \t]+(?:(?:of|and|&|the|de|la|in)[ \t]+)?){1,6}(?:Primary School|Junior School|Infant School|Infants School|Nursery School|Secondary School|High School|Grammar School|Academy|School|College|Primary|Juniors?|Infants)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SchoolName();

    [GeneratedRegex(@"\b(?:a place at|allocated a place at|place (?:at|with)|offered a place at|given a place at)\s+(?<school>[^.\n]{3,100})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PlaceAt();

    [GeneratedRegex(@"\b(?:last (?:attended|in school|seen (?:in|at) school|day (?:of attendance|in school)|attendance)|not (?:attended|been (?:in|to) school)[^.\n]{0,40}?since|has not been in school since|absent since)(?<rest>[^.\n]{0,60})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LastAttendedCue();

    [GeneratedRegex(@"\b(?:start(?:ing)? date|due to start|expected to start|to start on|started(?: with us)?|will start|start on|joined(?: us)?)(?<rest>[^.\n]{0,60})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex StartCue();

    [GeneratedRegex(@"\b(rang|phoned|called|telephoned|texted|emailed|wrote|letters?|home visit|visited|checked|contacted|enquiries)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ActionWords();

    [GeneratedRegex(@"(?<!\n)\n(?!\n)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex WrappedLineBreak();

    [GeneratedRegex("auto_reply|bulk|junk|list", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex BulkPrecedence();

    [GeneratedRegex(@"^(mailer-daemon|postmaster|no-?reply|donotreply|do-not-reply)@", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AutomaticSender();

    [GeneratedRegex(@"\s*\(.*$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ParentheticalTail();

    [GeneratedRegex(@"CME-\d{4}-\d{5}", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex CaseReferenceShape();

    [GeneratedRegex(@"\s[-–—|:]\s|\s[-–—]|[-–—]\s|:", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SubjectSeparator();

    [GeneratedRegex(@"\(.*?\)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Parenthetical();

    [GeneratedRegex(@"^(?:The|At|From|To|In|Of|Our|Your|At the)\s+", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LeadingSchoolFiller();

    [GeneratedRegex(@"^\s*(fw|fwd)\s*:", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ForwardPrefix();

    [GeneratedRegex(@"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    internal static partial Regex EmailIn();
}
