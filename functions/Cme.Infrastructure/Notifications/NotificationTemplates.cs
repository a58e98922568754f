using System.Text.Encodings.Web;
using Cme.Core.Notifications;
using Cme.Infrastructure.Configuration;
using Fluid;
using Cme.Application.Ports;

namespace Cme.Infrastructure.Notifications;

/// <summary>
/// Writes notifications from the profile's Liquid templates, editable without recompiling:
/// <c>{name}.subject.liquid</c>, <c>{name}.txt.liquid</c> and <c>{name}.html.liquid</c> in the
/// profiles folder's <c>templates</c>, or in <c>templates/{profile}</c> to override them for one
/// authority. Every value in the HTML is HTML-encoded; the subject is cleaned of line breaks so
/// nothing from an email can inject a header. Templates are read and checked once, at start-up.
/// </summary>
public sealed class NotificationTemplates : INotificationTemplates
{
    public const string FolderName = "templates";

    /// <summary>Every template the product uses; each needs its three parts.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["acknowledgement", "reminder", "escalation", "safeguarding", "case-closed", "command-reply", "policy-review", "digest"];

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = CreateOptions();

    private readonly Dictionary<string, (IFluidTemplate Subject, IFluidTemplate Text, IFluidTemplate Html)> _templates;
    private readonly IFluidTemplate _layout;

    private NotificationTemplates(Dictionary<string, (IFluidTemplate, IFluidTemplate, IFluidTemplate)> templates, IFluidTemplate layout)
    {
        _templates = templates;
        _layout = layout;
    }

    /// <summary>Reads every template for a profile; all problems are reported together, each with its file.</summary>
    public static NotificationTemplates Load(string profilesFolder, string profileKey)
    {
        var shared = Path.Combine(profilesFolder, FolderName);
        var own = Path.Combine(shared, profileKey);
        var problems = new List<string>();

        IFluidTemplate? Read(string fileName)
        {
            var path = File.Exists(Path.Combine(own, fileName)) ? Path.Combine(own, fileName) : Path.Combine(shared, fileName);
            if (!File.Exists(path))
            {
                problems.Add($"{path}: missing. Fix: restore it from the repository's profiles/templates folder.");
                return null;
            }

            if (!Parser.TryParse(File.ReadAllText(path), out var template, out var error))
            {
                problems.Add($"{path}: {error}. Fix: correct the Liquid syntax (see https://shopify.github.io/liquid/).");
                return null;
            }

            return template;
        }

        var templates = new Dictionary<string, (IFluidTemplate, IFluidTemplate, IFluidTemplate)>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var subject = Read($"{name}.subject.liquid");
            var text = Read($"{name}.txt.liquid");
            var html = Read($"{name}.html.liquid");
            if (subject is not null && text is not null && html is not null)
            {
                templates[name] = (subject, text, html);
            }
        }

        var layout = Read("layout.html.liquid");
        if (problems.Count > 0)
        {
            throw new ConfigurationException($"The notification templates for profile '{profileKey}' have problems:{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
        }

        return new NotificationTemplates(templates, layout!);
    }

    /// <summary>Writes the notification a request describes.</summary>
    public Notification Render(NotificationRequest request)
    {
        if (!_templates.TryGetValue(request.Template, out var template))
        {
            throw new InvalidOperationException($"No template named '{request.Template}'; the templates are {string.Join(", ", Names)}.");
        }

        var subject = template.Subject.Render(Context(request.Model), NullEncoder.Default);
        var text = template.Text.Render(Context(request.Model), NullEncoder.Default).Trim() + "\n";
        var body = template.Html.Render(Context(request.Model), HtmlEncoder.Default);
        var layoutContext = Context(request.Model);
        layoutContext.SetValue("subject", subject);
        layoutContext.SetValue("content", new Fluid.Values.StringValue(body, encode: false));
        var html = _layout.Render(layoutContext, HtmlEncoder.Default);
        return new Notification(request.Id, request.Kind, request.Case, request.To, MailSubject.From(subject), text, html);
    }

    private static TemplateContext Context(IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext(Options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }

        return context;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.CultureInfo = System.Globalization.CultureInfo.GetCultureInfo("en-GB");
        return options;
    }
}
