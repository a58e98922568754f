using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cme.Infrastructure.Configuration;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>
/// A Bicep file as the Bicep CLI compiles it (<c>bicep build --stdout</c>, or <c>build-params</c> for a
/// parameters file): the ARM JSON, read with System.Text.Json. Values that are ARM expressions
/// (<c>[concat(variables('settings'), ...)]</c>) are read far enough to follow variables, arrays
/// and conditions; nothing is parsed from the Bicep text.
/// </summary>
public sealed class CompiledBicep
{
    private CompiledBicep(string name, JsonElement root)
    {
        Name = name;
        Root = root;
        Parameters = root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            ? parameters.EnumerateObject().Select(p => new ArmParameter(
                p.Name,
                p.Value.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty,
                p.Value.TryGetProperty("defaultValue", out var value) ? ArmNode.From(value) : null,
                p.Value.TryGetProperty("value", out var given) ? ArmNode.From(given) : null)).ToList()
            : [];
        Variables = root.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Object
            ? variables.EnumerateObject().Where(v => v.Name != "copy").ToDictionary(v => v.Name, v => ArmNode.From(v.Value))
            : new Dictionary<string, ArmNode>();
        Resources = root.TryGetProperty("resources", out var resources)
            ? (resources.ValueKind == JsonValueKind.Object
                ? resources.EnumerateObject().Select(r => new ArmResource(r.Name, r.Value.GetProperty("type").GetString()!, (ArmObject)ArmNode.From(r.Value)))
                : resources.EnumerateArray().Select((r, i) => new ArmResource(r.TryGetProperty("name", out var n) ? n.ToString() : $"resource {i}", r.GetProperty("type").GetString()!, (ArmObject)ArmNode.From(r))))
                .ToList()
            : [];
    }

    /// <summary>The file's path under infra/ (or the name a test gave it).</summary>
    public string Name { get; }

    public JsonElement Root { get; }

    /// <summary>A template's parameters, in declaration order; for a parameters file, the values it gives.</summary>
    public IReadOnlyList<ArmParameter> Parameters { get; }

    public IReadOnlyDictionary<string, ArmNode> Variables { get; }

    /// <summary>The resources, by their Bicep symbolic names.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    private static readonly Lazy<string> Copy = new(CopyInfra);
    private static readonly ConcurrentDictionary<string, CompiledBicep> Built = new();

    /// <summary>A file of infra/ as it is.</summary>
    public static CompiledBicep Read(string relativePath) =>
        Built.GetOrAdd(relativePath, path => Compile(Path.Combine(Copy.Value, path), path));

    /// <summary>Bicep text compiled as if it were the file at <paramref name="relativePath"/> of infra/ (beside it, so its modules and <c>using</c> resolve).</summary>
    public static CompiledBicep FromText(string text, string relativePath)
    {
        var file = Path.Combine(Copy.Value, Path.GetDirectoryName(relativePath) ?? string.Empty, $"doctored-{Guid.NewGuid():N}{Path.GetExtension(relativePath)}");
        File.WriteAllText(file, text);
        return Compile(file, relativePath);
    }

    private static CompiledBicep Compile(string file, string name)
    {
        var parametersFile = file.EndsWith(".bicepparam", StringComparison.Ordinal);
        var (exitCode, output, error) = BicepCli.RunAsync(parametersFile ? "build-params" : "build", file, "--stdout").GetAwaiter().GetResult();
        Assert.True(exitCode == 0, $"bicep {(parametersFile ? "build-params" : "build")} {name}:\n{error}");
        using var document = JsonDocument.Parse(output);
        var root = parametersFile
            ? JsonDocument.Parse(document.RootElement.GetProperty("parametersJson").GetString()!).RootElement.Clone()
            : document.RootElement.Clone();
        return new CompiledBicep(name, root);
    }

    /// <summary>
    /// A copy of infra/ with symbolic names turned on (resources keyed by their Bicep names, as the
    /// checks' messages name them); the repository's own files stay as they are, and lint clean.
    /// </summary>
    private static string CopyInfra()
    {
        var source = Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "infra");
        var copy = Directory.CreateTempSubdirectory("cme-infra-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(copy, "bicepconfig.json"), """{ "experimentalFeaturesEnabled": { "symbolicNameCodegen": true } }""");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        return copy;
    }

    /// <summary>Every value of a property with this name, anywhere in the resources (a copy loop's <c>input</c> counts as its items).</summary>
    public IEnumerable<ArmNode> FindProperties(string name) => Resources.SelectMany(r => Find(r.Body, name));

    private static IEnumerable<ArmNode> Find(ArmNode node, string name)
    {
        switch (node)
        {
            case ArmObject obj:
                foreach (var (key, value) in obj.Properties)
                {
                    if (key == name)
                    {
                        yield return value;
                    }
                    else if (key == "copy" && value is ArmArray loops)
                    {
                        foreach (var loop in loops.Items.OfType<ArmObject>().Where(l => (l["name"] as ArmString)?.Text == name && l["input"] is not null))
                        {
                            yield return new ArmArray([loop["input"]!]);
                        }
                    }

                    foreach (var inner in Find(value, name))
                    {
                        yield return inner;
                    }
                }

                break;
            case ArmArray array:
                foreach (var inner in array.Items.SelectMany(item => Find(item, name)))
                {
                    yield return inner;
                }

                break;
        }
    }

    /// <summary>
    /// The objects a list value holds, through variables, <c>concat</c>, <c>createArray</c> and
    /// <c>if</c>; an object that only one branch of an <c>if</c> holds is conditional.
    /// </summary>
    public IEnumerable<(ArmObject Item, bool Conditional)> ResolveObjects(ArmNode node) => Resolve(node, conditional: false);

    private IEnumerable<(ArmObject Item, bool Conditional)> Resolve(ArmNode node, bool conditional)
    {
        switch (node)
        {
            case ArmArray array:
                foreach (var item in array.Items)
                {
                    foreach (var found in ResolveItem(item, conditional))
                    {
                        yield return found;
                    }
                }

                break;
            case ArmExpression { Call: { } call }:
                foreach (var found in ResolveCall(call, conditional))
                {
                    yield return found;
                }

                break;
        }
    }

    private IEnumerable<(ArmObject Item, bool Conditional)> ResolveItem(ArmNode item, bool conditional) => item switch
    {
        ArmObject obj => [(obj, conditional)],
        ArmExpression { Call: { Name: "variables" } } reference when VariableOf(reference) is { } value => ResolveItem(value, conditional),
        ArmExpression { Call: { Name: "createObject" } call } => [(CreateObject(call), conditional)],
        _ => [],
    };

    private IEnumerable<(ArmObject Item, bool Conditional)> ResolveCall(ArmCall call, bool conditional) => call.Name switch
    {
        "concat" => call.Arguments.SelectMany(argument => Resolve(argument.AsNode(), conditional)),
        "createArray" => call.Arguments.SelectMany(argument => ResolveItem(argument.AsNode(), conditional)),
        "if" when call.Arguments.Count == 3 => call.Arguments.Skip(1).SelectMany(branch => Resolve(branch.AsNode(), conditional: true)),
        "variables" when VariableOf(new ArmExpression(call.Text, call)) is { } value => Resolve(value, conditional),
        _ => [],
    };

    private static ArmObject CreateObject(ArmCall call)
    {
        var properties = new List<KeyValuePair<string, ArmNode>>();
        for (var i = 0; i + 1 < call.Arguments.Count; i += 2)
        {
            if (call.Arguments[i] is ArmCall { Name: "'" } key)
            {
                properties.Add(new(key.Text, call.Arguments[i + 1].AsNode()));
            }
        }

        return new ArmObject(properties);
    }

    /// <summary>The value of <c>variables('name')</c>, or null.</summary>
    public ArmNode? VariableOf(ArmNode? node) =>
        node is ArmExpression { Call: { Name: "variables", Arguments: [ArmCall { Name: "'" } name] } } && Variables.TryGetValue(name.Text, out var value) ? value : null;
}

public sealed record ArmParameter(string Name, string Type, ArmNode? Default, ArmNode? Value)
{
    public bool IsSecure => Type.StartsWith("secure", StringComparison.OrdinalIgnoreCase);
}

public sealed record ArmResource(string Symbol, string Type, ArmObject Body);

/// <summary>A value of the compiled template: a string, another scalar, an object, an array or an ARM expression.</summary>
public abstract record ArmNode
{
    public static ArmNode From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => new ArmObject(value.EnumerateObject().Select(p => new KeyValuePair<string, ArmNode>(p.Name, From(p.Value))).ToList()),
        JsonValueKind.Array => new ArmArray(value.EnumerateArray().Select(From).ToList()),
        JsonValueKind.String => FromString(value.GetString()!),
        _ => new ArmScalar(value.GetRawText()),
    };

    private static ArmNode FromString(string text) =>
        text.StartsWith('[') && text.EndsWith(']') && !text.StartsWith("[[", StringComparison.Ordinal)
            ? new ArmExpression(text[1..^1], ArmCall.Parse(text[1..^1]))
            : new ArmString(text.StartsWith("[[", StringComparison.Ordinal) ? text[1..] : text);
}

public sealed record ArmString(string Text) : ArmNode;

/// <summary>A number, true, false or null, as its JSON text.</summary>
public sealed record ArmScalar(string Json) : ArmNode;

public sealed record ArmObject(IReadOnlyList<KeyValuePair<string, ArmNode>> Properties) : ArmNode
{
    public ArmNode? this[string name] => Properties.FirstOrDefault(p => p.Key == name).Value;
}

public sealed record ArmArray(IReadOnlyList<ArmNode> Items) : ArmNode;

/// <summary>An ARM expression, with its text and, when it is one, the function call it is.</summary>
public sealed record ArmExpression(string Text, ArmCall? Call) : ArmNode;

/// <summary>
/// One term of an ARM expression: a function call (<c>Name(Arguments)</c>), a string literal (Name
/// <c>'</c>), a number or name (Name <c>#</c>), or anything followed by property access or an index
/// (Name <c>.</c>, kept as text). <see cref="Text"/> is the term's source, or a literal's value.
/// </summary>
public sealed record ArmCall(string Name, IReadOnlyList<ArmCall> Arguments, string Text)
{
    public ArmNode AsNode() => Name switch
    {
        "'" => new ArmString(Text),
        "#" when Text is "true" or "false" || double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => new ArmScalar(Text),
        _ => new ArmExpression(Text, this),
    };

    public static ArmCall? Parse(string text)
    {
        try
        {
            var position = 0;
            var term = ParseTerm(text, ref position);
            SkipSpace(text, ref position);
            return position == text.Length ? term : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ArmCall ParseTerm(string text, ref int position)
    {
        SkipSpace(text, ref position);
        var start = position;
        ArmCall term;
        if (position < text.Length && text[position] == '\'')
        {
            var literal = new StringBuilder();
            position++;
            while (true)
            {
                if (position >= text.Length)
                {
                    throw new FormatException("unterminated string");
                }

                if (text[position] == '\'')
                {
                    if (position + 1 < text.Length && text[position + 1] == '\'')
                    {
                        literal.Append('\'');
                        position += 2;
                        continue;
                    }

                    position++;
                    break;
                }

                literal.Append(text[position++]);
            }

            term = new ArmCall("'", [], literal.ToString());
        }
        else
        {
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_' || (text[position] == '-' && position == start)))
            {
                position++;
            }

            if (position == start)
            {
                throw new FormatException($"unexpected '{(position < text.Length ? text[position] : ' ')}'");
            }

            var name = text[start..position];
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == '(')
            {
                position++;
                var arguments = new List<ArmCall>();
                SkipSpace(text, ref position);
                while (position < text.Length && text[position] != ')')
                {
                    arguments.Add(ParseTerm(text, ref position));
                    SkipSpace(text, ref position);
                    if (position < text.Length && text[position] == ',')
                    {
                        position++;
                    }
                }

                if (position >= text.Length)
                {
                    throw new FormatException("unterminated call");
                }

                position++;
                term = new ArmCall(name, arguments, text[start..position]);
            }
            else
            {
                term = new ArmCall("#", [], name);
            }
        }

        // Property access and indexes: kept as text, the checks never look inside them.
        var accessed = false;
        while (position < text.Length && text[position] is '.' or '[')
        {
            accessed = true;
            if (text[position] == '.')
            {
                position++;
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }
            }
            else
            {
                position++;
                ParseTerm(text, ref position);
                SkipSpace(text, ref position);
                if (position >= text.Length || text[position] != ']')
                {
                    throw new FormatException("unterminated index");
                }

                position++;
            }
        }

        return accessed ? new ArmCall(".", [], text[start..position]) : term;
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
