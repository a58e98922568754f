using System.Text;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>A value in a Bicep file: an object, an array, a string literal or any other expression.</summary>
public abstract record BicepNode;

public sealed record BicepObject(IReadOnlyList<BicepProperty> Properties) : BicepNode
{
    public BicepNode? this[string name] => Properties.LastOrDefault(p => p.Name == name)?.Value;
}

public sealed record BicepProperty(string Name, BicepNode Value);

/// <summary>An array literal; a <c>[for … : body]</c> loop is an array of its one body.</summary>
public sealed record BicepArray(IReadOnlyList<BicepNode> Items, bool IsLoop) : BicepNode;

/// <summary>A string literal; <see cref="Interpolated"/> when it holds <c>${…}</c>.</summary>
public sealed record BicepString(string Text, bool Interpolated) : BicepNode;

/// <summary>
/// Anything else, kept as its text, with the object and array literals inside it (a ternary's
/// branches, a function's arguments) and the identifiers it names.
/// </summary>
public sealed record BicepExpression(string Text, IReadOnlyList<BicepNode> Nested, IReadOnlyList<string> Identifiers) : BicepNode;

public sealed record BicepParameter(string Name, string Type, IReadOnlyList<string> Decorators, BicepNode? Default)
{
    public bool IsSecure => Decorators.Any(d => d.StartsWith("secure", StringComparison.Ordinal));
}

public sealed record BicepResource(string Symbol, string Type, BicepObject? Body);

/// <summary>
/// Reads the declarations of a Bicep (or .bicepparam) file well enough to check a deployment:
/// parameters with their decorators and defaults, variables, resources and modules with their
/// bodies, and parameter assignments. Not a compiler: it takes the syntax this repository's
/// files use (objects and arrays across lines, properties one a line or comma-separated,
/// ternaries, function calls, lambdas, for-loops, interpolated and multi-line strings, comments),
/// and throws <see cref="FormatException"/> naming the line where it meets something else.
/// </summary>
public sealed class BicepFile
{
    private BicepFile(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public List<BicepParameter> Parameters { get; } = [];

    public Dictionary<string, BicepNode> Variables { get; } = new(StringComparer.Ordinal);

    public List<BicepResource> Resources { get; } = [];

    public List<BicepResource> Modules { get; } = [];

    /// <summary>In a .bicepparam file: <c>param name = value</c>.</summary>
    public Dictionary<string, BicepNode> Assignments { get; } = new(StringComparer.Ordinal);

    public static BicepFile Parse(string text, string name = "main.bicep")
    {
        var file = new BicepFile(name);
        new Parser(Tokenizer.Tokenize(text, name), name, file).ParseFile();
        return file;
    }

    /// <summary>Every property of this name anywhere in the file's declarations.</summary>
    public IEnumerable<BicepNode> FindProperties(string propertyName) =>
        Resources.Concat(Modules).Where(r => r.Body is not null).SelectMany(r => Find(r.Body!, propertyName))
            .Concat(Variables.Values.SelectMany(v => Find(v, propertyName)));

    public static IEnumerable<BicepNode> Find(BicepNode node, string propertyName)
    {
        switch (node)
        {
            case BicepObject obj:
                foreach (var property in obj.Properties)
                {
                    if (property.Name == propertyName)
                    {
                        yield return property.Value;
                    }

                    foreach (var inner in Find(property.Value, propertyName))
                    {
                        yield return inner;
                    }
                }

                break;
            case BicepArray array:
                foreach (var inner in array.Items.SelectMany(item => Find(item, propertyName)))
                {
                    yield return inner;
                }

                break;
            case BicepExpression expression:
                foreach (var inner in expression.Nested.SelectMany(item => Find(item, propertyName)))
                {
                    yield return inner;
                }

                break;
        }
    }

    /// <summary>
    /// The object literals an expression stands for: an array's items, a variable's value, both
    /// branches of a ternary, the arrays passed to concat or union. <c>Conditional</c> is true for
    /// an object reached through a ternary (it may not be deployed).
    /// </summary>
    public IEnumerable<(BicepObject Item, bool Conditional)> ResolveObjects(BicepNode node) => ResolveObjects(node, conditional: false, new HashSet<string>(StringComparer.Ordinal));

    private IEnumerable<(BicepObject, bool)> ResolveObjects(BicepNode node, bool conditional, HashSet<string> visiting)
    {
        switch (node)
        {
            case BicepObject obj:
                yield return (obj, conditional);
                break;
            case BicepArray array:
                foreach (var item in array.Items.SelectMany(item => ResolveObjects(item, conditional, visiting)))
                {
                    yield return item;
                }

                break;
            case BicepExpression expression:
                var inner = conditional || expression.Text.Contains('?', StringComparison.Ordinal);
                foreach (var item in expression.Nested.SelectMany(nested => ResolveObjects(nested, inner, visiting)))
                {
                    yield return item;
                }

                foreach (var identifier in expression.Identifiers.Where(Variables.ContainsKey))
                {
                    if (visiting.Add(identifier))
                    {
                        foreach (var item in ResolveObjects(Variables[identifier], inner, visiting))
                        {
                            yield return item;
                        }

                        visiting.Remove(identifier);
                    }
                }

                break;
        }
    }

    private enum TokenKind
    {
        Identifier,
        String,
        Number,
        Symbol,
        NewLine,
        End,
    }

    private sealed record Token(TokenKind Kind, string Text, int Line, BicepString? String = null);

    private static class Tokenizer
    {
        public static List<Token> Tokenize(string text, string file)
        {
            var tokens = new List<Token>();
            var line = 1;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\n')
                {
                    tokens.Add(new Token(TokenKind.NewLine, "\n", line++));
                    i++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '/' && At(text, i + 1) == '/')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                }
                else if (c == '/' && At(text, i + 1) == '*')
                {
                    var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw new FormatException($"{file}:{line}: a comment is never closed.");
                    }

                    line += text.AsSpan(i, end - i).Count('\n');
                    i = end + 2;
                }
                else if (c == '\'' && text.AsSpan(i).StartsWith("'''"))
                {
                    var end = text.IndexOf("'''", i + 3, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw new FormatException($"{file}:{line}: a multi-line string is never closed.");
                    }

                    var value = text[(i + 3)..end];
                    tokens.Add(new Token(TokenKind.String, value, line, new BicepString(value, Interpolated: false)));
                    line += value.Count(ch => ch == '\n');
                    i = end + 3;
                }
                else if (c == '\'')
                {
                    var (value, interpolated, next) = ReadString(text, i, file, line);
                    tokens.Add(new Token(TokenKind.String, text[i..next], line, new BicepString(value, interpolated)));
                    i = next;
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    var start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Identifier, text[start..i], line));
                }
                else if (char.IsDigit(c))
                {
                    var start = i;
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Number, text[start..i], line));
                }
                else
                {
                    var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                    var symbol = two is "=>" or "==" or "!=" or "<=" or ">=" or "&&" or "||" or "??" or ".?" or "!." ? two : c.ToString();
                    tokens.Add(new Token(TokenKind.Symbol, symbol, line));
                    i += symbol.Length;
                }
            }

            tokens.Add(new Token(TokenKind.NewLine, "\n", line));
            return tokens;
        }

        private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

        /// <summary>A single-quoted string: escapes and ${…} interpolations (which may hold strings of their own).</summary>
        private static (string Value, bool Interpolated, int Next) ReadString(string text, int start, string file, int line)
        {
            var value = new StringBuilder();
            var interpolated = false;
            var i = start + 1;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length)
                {
                    value.Append(text[i + 1] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var other => other });
                    i += 2;
                }
                else if (c == '$' && At(text, i + 1) == '{')
                {
                    interpolated = true;
                    var depth = 0;
                    var j = i + 1;
                    for (; j < text.Length; j++)
                    {
                        if (text[j] == '\'')
                        {
                            j = ReadString(text, j, file, line).Next - 1;
                        }
                        else if (text[j] == '{')
                        {
                            depth++;
                        }
                        else if (text[j] == '}' && --depth == 0)
                        {
                            break;
                        }
                    }

                    value.Append(text, i, j - i + 1);
                    i = j + 1;
                }
                else if (c == '\'')
                {
                    return (value.ToString(), interpolated, i + 1);
                }
                else if (c == '\n')
                {
                    throw new FormatException($"{file}:{line}: a string is not closed on its line.");
                }
                else
                {
                    value.Append(c);
                    i++;
                }
            }

            throw new FormatException($"{file}:{line}: a string is never closed.");
        }
    }

    private sealed class Parser(List<Token> tokens, string file, BicepFile result)
    {
        private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
        {
            "if", "for", "in", "existing", "true", "false", "null", "param", "var", "resource", "module", "output", "using",
        };

        private int _position;

        private Token Current => _position < tokens.Count ? tokens[_position] : new Token(TokenKind.End, "end of file", tokens[^1].Line);

        public void ParseFile()
        {
            var decorators = new List<string>();
            while (_position < tokens.Count)
            {
                var token = Current;
                if (token.Kind == TokenKind.NewLine)
                {
                    _position++;
                    continue;
                }

                if (token.Kind == TokenKind.Symbol && token.Text == "@")
                {
                    _position++;
                    decorators.Add(Describe(ParseValue(StopAtNewLine)));
                    continue;
                }

                if (token.Kind != TokenKind.Identifier)
                {
                    throw Error(token, $"a declaration was expected, not '{token.Text}'");
                }

                _position++;
                switch (token.Text)
                {
                    case "param":
                        ParseParameter(decorators);
                        break;
                    case "var":
                        var name = Expect(TokenKind.Identifier).Text;
                        ExpectSymbol("=");
                        result.Variables[name] = ParseValue(StopAtNewLine);
                        break;
                    case "resource":
                    case "module":
                        var symbol = Expect(TokenKind.Identifier).Text;
                        var type = Expect(TokenKind.String).String!.Text;
                        if (Current.Kind == TokenKind.Identifier && Current.Text == "existing")
                        {
                            _position++;
                        }

                        ExpectSymbol("=");
                        var body = ParseValue(StopAtNewLine);
                        var declared = new BicepResource(symbol, type, BodyOf(body));
                        (token.Text == "resource" ? result.Resources : result.Modules).Add(declared);
                        break;
                    default:
                        // output, targetScope, using, metadata, import, type, func: read and set aside.
                        ParseValue(StopAtNewLine);
                        break;
                }

                decorators = [];
            }
        }

        private static BicepObject? BodyOf(BicepNode node) => node switch
        {
            BicepObject obj => obj,
            BicepArray { IsLoop: true } loop => loop.Items.OfType<BicepObject>().FirstOrDefault(),
            BicepExpression expression => expression.Nested.OfType<BicepObject>().LastOrDefault(),
            _ => null,
        };

        private void ParseParameter(List<string> decorators)
        {
            var name = Expect(TokenKind.Identifier).Text;
            if (Current.Kind == TokenKind.Symbol && Current.Text == "=")
            {
                // A .bicepparam assignment.
                _position++;
                result.Assignments[name] = ParseValue(StopAtNewLine);
                return;
            }

            var type = new StringBuilder();
            while (Current.Kind != TokenKind.NewLine && !(Current.Kind == TokenKind.Symbol && Current.Text == "="))
            {
                type.Append(Current.Text);
                _position++;
            }

            BicepNode? fallback = null;
            if (Current.Kind == TokenKind.Symbol && Current.Text == "=")
            {
                _position++;
                fallback = ParseValue(StopAtNewLine);
            }

            result.Parameters.Add(new BicepParameter(name, type.ToString(), decorators, fallback));
        }

        private static bool StopAtNewLine(Token token) => token.Kind == TokenKind.NewLine;

        /// <summary>One value, read until <paramref name="stop"/> says so at this nesting level.</summary>
        private BicepNode ParseValue(Func<Token, bool> stop)
        {
            var parts = new List<BicepNode>();
            var text = new StringBuilder();
            var identifiers = new List<string>();
            while (!stop(Current))
            {
                var token = Current;
                if (token.Kind == TokenKind.End)
                {
                    if (stop(new Token(TokenKind.NewLine, "\n", token.Line)))
                    {
                        break;
                    }

                    throw Error(token, "the file ends inside a value");
                }

                if (token.Kind == TokenKind.Symbol && token.Text == "{")
                {
                    _position++;
                    var obj = ParseObject();
                    parts.Add(obj);
                    text.Append("{…}");
                }
                else if (token.Kind == TokenKind.Symbol && token.Text == "[")
                {
                    _position++;
                    var array = ParseArray();
                    parts.Add(array);
                    text.Append("[…]");
                }
                else if (token.Kind == TokenKind.Symbol && token.Text == "(")
                {
                    _position++;
                    text.Append('(');
                    var inner = ParseNested(t => t.Kind == TokenKind.Symbol && t.Text == ")", parts, identifiers);
                    text.Append(inner).Append(')');
                    ExpectSymbol(")");
                }
                else if (token.Kind == TokenKind.Symbol && token.Text is "}" or "]" or ")")
                {
                    throw Error(token, $"'{token.Text}' closes nothing here");
                }
                else
                {
                    _position++;
                    if (token.Kind == TokenKind.String)
                    {
                        parts.Add(token.String!);
                    }
                    else if (token.Kind == TokenKind.Identifier && !Keywords.Contains(token.Text) && !PrecededByDot(text))
                    {
                        identifiers.Add(token.Text);
                    }

                    text.Append(token.Kind == TokenKind.NewLine ? " " : token.Text);
                    if (token.Kind == TokenKind.Identifier && Current.Kind == TokenKind.Identifier)
                    {
                        text.Append(' ');
                    }
                }
            }

            var written = text.ToString().Trim();
            if (parts.Count == 1 && (written is "{…}" or "[…]" || (parts[0] is BicepString && identifiers.Count == 0 && written.StartsWith('\'') && written.EndsWith('\'') && !written[1..^1].Contains('\''))))
            {
                return parts[0];
            }

            return new BicepExpression(written, parts.Where(p => p is not BicepString).ToList(), identifiers);
        }

        /// <summary>Inside parentheses: newlines are whitespace; nested literals and identifiers go to the enclosing value.</summary>
        private string ParseNested(Func<Token, bool> stop, List<BicepNode> parts, List<string> identifiers)
        {
            var inner = ParseValue(stop);
            switch (inner)
            {
                case BicepExpression expression:
                    parts.AddRange(expression.Nested);
                    identifiers.AddRange(expression.Identifiers);
                    return expression.Text;
                case BicepString str:
                    return "'" + str.Text + "'";
                default:
                    parts.Add(inner);
                    return inner is BicepObject ? "{…}" : "[…]";
            }
        }

        private static bool PrecededByDot(StringBuilder text) => text.Length > 0 && text[^1] == '.';

        private BicepObject ParseObject()
        {
            var properties = new List<BicepProperty>();
            while (true)
            {
                SkipSeparators();
                var token = Current;
                if (token.Kind == TokenKind.Symbol && token.Text == "}")
                {
                    _position++;
                    return new BicepObject(properties);
                }

                if (token.Kind == TokenKind.Symbol && token.Text == "@")
                {
                    // A decorated property (in a type): read the decorator and carry on.
                    _position++;
                    ParseValue(StopAtNewLine);
                    continue;
                }

                string name;
                if (token.Kind == TokenKind.Identifier)
                {
                    name = token.Text;
                }
                else if (token.Kind == TokenKind.String)
                {
                    name = token.String!.Text;
                }
                else
                {
                    throw Error(token, $"a property name was expected, not '{token.Text}'");
                }

                _position++;
                ExpectSymbol(":");
                var value = ParseValue(t => t.Kind == TokenKind.NewLine || (t.Kind == TokenKind.Symbol && t.Text is "," or "}"));
                properties.Add(new BicepProperty(name, value));
            }
        }

        private BicepArray ParseArray()
        {
            SkipSeparators();
            if (Current.Kind == TokenKind.Identifier && Current.Text == "for")
            {
                // [for x in xs: body] — the header ends at the ':' outside any brackets.
                var depth = 0;
                while (!(depth == 0 && Current.Kind == TokenKind.Symbol && Current.Text == ":"))
                {
                    if (Current.Kind == TokenKind.End)
                    {
                        throw Error(Current, "a for-loop has no ':'");
                    }

                    if (Current.Kind == TokenKind.Symbol && Current.Text is "(" or "[" or "{")
                    {
                        depth++;
                    }
                    else if (Current.Kind == TokenKind.Symbol && Current.Text is ")" or "]" or "}")
                    {
                        depth--;
                    }

                    _position++;
                }

                _position++;
                SkipSeparators();
                var body = ParseValue(t => t.Kind == TokenKind.Symbol && t.Text == "]");
                ExpectSymbol("]");
                return new BicepArray([body], IsLoop: true);
            }

            var items = new List<BicepNode>();
            while (true)
            {
                SkipSeparators();
                if (Current.Kind == TokenKind.Symbol && Current.Text == "]")
                {
                    _position++;
                    return new BicepArray(items, IsLoop: false);
                }

                items.Add(ParseValue(t => t.Kind == TokenKind.NewLine || (t.Kind == TokenKind.Symbol && t.Text is "," or "]")));
            }
        }

        private void SkipSeparators()
        {
            while (Current.Kind == TokenKind.NewLine || (Current.Kind == TokenKind.Symbol && Current.Text == ","))
            {
                _position++;
            }

            if (Current.Kind == TokenKind.End)
            {
                throw Error(Current, "the file ends inside an object or array");
            }
        }

        private Token Expect(TokenKind kind)
        {
            var token = Current;
            if (token.Kind != kind)
            {
                throw Error(token, $"{kind} expected, not '{token.Text.Trim()}'");
            }

            _position++;
            return token;
        }

        private void ExpectSymbol(string symbol)
        {
            var token = Current;
            if (token.Kind != TokenKind.Symbol || token.Text != symbol)
            {
                throw Error(token, $"'{symbol}' expected, not '{token.Text.Trim()}'");
            }

            _position++;
        }

        private FormatException Error(Token token, string what) => new($"{file}:{token.Line}: {what}.");

        private static string Describe(BicepNode node) => node switch
        {
            BicepExpression expression => expression.Text,
            BicepString str => str.Text,
            _ => node.ToString() ?? string.Empty,
        };
    }
}
