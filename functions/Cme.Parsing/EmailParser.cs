using System.Text.RegularExpressions;
using Cme.Core.Cases;
using Cme.Core.Intake;
using MimeKit;

namespace Cme.Parsing;

/// <summary>
/// Reads one email to the CME mailbox: what kind it is, which child it is about, who reported it,
/// and why. The MIME is read once (<see cref="EmailReading"/>); small readers with one concern each
/// take what they need from that reading. Never throws for bad input: an unreadable email comes
/// back with a triage reason, and the reason never quotes the email's content.
/// </summary>
public sealed class EmailParser(ParseLimits limits) : IEmailParser
{
    /// <summary>Below this confidence an email about a child goes to a person with the reason.</summary>
    public const double TriageBelow = 0.5;

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

        var email = EmailReading.Read(message, limits);
        var automatic = AutomaticMailRecogniser.Recognise(email);
        var baseline = new ParsedEmail
        {
            MessageId = message.MessageId,
            From = email.From,
            ReplyTo = email.ReplyTo,
            Subject = email.Subject,
            SentAt = email.SentAt,
            Kind = EmailKind.Other,
            IsMachineSent = automatic.MachineSent,
            AuthenticationResults = AuthenticationHeaders.Read(message.Headers),
            ExchangeAuthAs = message.Headers["X-MS-Exchange-Organization-AuthAs"],
            Text = email.Body.Length > 4000 ? email.Body[..4000] : email.Body,
        };

        var (child, rawUpn) = ChildReader.Read(email);
        var namesAChild = child.IsIdentified || child.DateOfBirth is not null && child.FirstName is not null;
        if (automatic.Kind is AutomaticMail.AutoReply && ChildReader.IdentifiesAChild(email.Thread.NewText, email.Reference))
        {
            // An auto-reply that, in its own words, tells us about a child ("Poppy (DOB …) started with us"): never
            // answered, never unread.
            return baseline with
            {
                Confidence = 0.5,
                Evidence = [automatic.Evidence!, "its own text identifies a child (a date of birth or a UPN)"],
                Child = child,
                TriageReason = "an automatic reply that identifies a child in its own text: a person should read it",
            };
        }

        if (automatic.Kind is AutomaticMail.AutoReply or AutomaticMail.DeliveryReport or AutomaticMail.ReadReceipt)
        {
            // Their content is our own mail echoed back, or nothing: recorded, never answered.
            return baseline with { IsAutomatic = true, Confidence = 0.9, Evidence = [automatic.Evidence!] };
        }

        if (!ChildReader.IdentifiesAChild(email.Thread.NewText, email.Reference) && SecureMessageRecogniser.Recognise(email) is { } wrapper)
        {
            // The report waits behind the sender's portal (a name in the subject is all it may show): never ignored,
            // never guessed at, never answered by us.
            return baseline with
            {
                Child = child,
                Confidence = 0.5,
                Evidence = automatic.Evidence is null ? [wrapper] : [automatic.Evidence, wrapper],
                TriageReason = "a secure message that can only be read in the sender's portal: a person should open it",
            };
        }

        var classified = KindClassifier.Classify(email, namesAChild);
        var evidence = automatic.Evidence is null ? classified.Evidence : [automatic.Evidence, .. classified.Evidence];
        // List mail talks about children in general; it is a report only when it identifies one (a date of birth or UPN).
        if (automatic.Kind == AutomaticMail.ListMail && child.Upn is null && child.DateOfBirth is null)
        {
            return baseline with { IsAutomatic = true, Confidence = 0.9, Evidence = evidence };
        }

        var kind = classified.Kind;
        if (kind == EmailKind.Other)
        {
            return baseline with
            {
                Confidence = classified.Confidence,
                Evidence = evidence,
                TriageReason = email.Problems.Count > 0 ? PartlyUnread(email)
                    // Never a silent ignore of anything that names a child.
                    : namesAChild ? "could not classify with confidence: it names a child but matches no known kind"
                    : automatic.Kind == AutomaticMail.ListMail ? null
                    : !classified.NotAboutAChild && AboutAChild().IsMatch(email.CleanSubject + "\n" + email.Body) ? "could not classify with confidence: it mentions a child or school but matches no known kind"
                    : null,
            };
        }

        var school = SchoolReader.Read(email, kind);
        child = child with { School = school };
        string? triage = null;
        if (email.Problems.Count > 0 && !child.IsIdentified)
        {
            triage = PartlyUnread(email);
        }
        else if (automatic.Kind == AutomaticMail.ListMail)
        {
            triage = "list mail that names a child: a person should check whether it is a report";
        }
        else if (new[] { email.Form.ListedChildren, ChildReader.ListedByDateOfBirth(email.Form, email.OwnText, email.Reference), ChildReader.ChildrenWithDatesOfBirth(email), ChildReader.ChildrenCountedInWords(email.OwnText) }.Max() is > 1 and var listed)
        {
            triage = $"it lists {listed} children: a person should open a case for each";
        }

        var form = email.Form;
        // The signature is the sender's own: a forward's is the forwarder's, and a machine signs nothing.
        var signature = form.Value(Labels.ReferrerName) is null && !automatic.MachineSent && !email.IsForward && !email.Thread.IsForward
            ? ReferrerReader.Signature(email.OwnText)
            : (Name: null, Role: null);
        return baseline with
        {
            Kind = kind,
            Confidence = classified.Confidence,
            Evidence = evidence,
            CaseReference = CaseReference.FindIn(email.Subject) ?? CaseReference.FindIn(email.Everything),
            Child = child,
            RawUpn = rawUpn,
            DateLastAttended = DateReader.LastAttended(email),
            StartDate = DateReader.Start(email, kind),
            OfferDate = DateReader.Offer(email, kind),
            RiskFactors = RiskFactorReader.Read(form, email.Everything),
            SignificantConcerns = SafeguardingReader.SignificantConcerns(form, email.Everything),
            WhereaboutsKnown = SafeguardingReader.WhereaboutsKnown(form, email.Everything),
            ReferrerEmail = ReferrerReader.Read(email, automatic.MachineSent),
            ReferrerName = form.Value(Labels.ReferrerName) is { } name ? ReferrerReader.NameAlone(name) : signature.Name,
            ReferrerRole = form.Value(Labels.ReferrerRole) ?? (form.Value(Labels.ReferrerName) is null ? signature.Role : null),
            ReferrerPhone = form.Value(Labels.ReferrerPhone),
            ParentsCarers = form.Value(Labels.ParentsCarers),
            ContactPhone = form.Value(Labels.ContactPhone),
            ActionsTaken = ActionsReader.Read(form, email.OwnText),
            TriageReason = triage,
        };
    }

    private static string PartlyUnread(EmailReading email) => "part of the email could not be read: " + string.Join("; ", email.Problems);

    private static ParsedEmail Unreadable(string reason) => new()
    {
        Kind = EmailKind.Other,
        Confidence = 0,
        TriageReason = reason,
        Evidence = [reason],
    };

    private static Regex AboutAChild() => ActionsReader.AboutAChild();
}
