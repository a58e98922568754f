using System.CommandLine;
using Cme.Parsing;

namespace Cme.Cli;

/// <summary>`cme parse PATH...`: one JSON line per email, the parse contract others script against. Reads files only.</summary>
public static class ParseCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = ".eml files, or folders of them (read in name order).", Arity = ArgumentArity.OneOrMore };
        var explainOption = new Option<bool>("--explain") { Description = "Print, for each email, why it was classified as it was (the evidence and the confidence) instead of JSON." };
        var command = new Command("parse", "Read emails and print what was found in each as one JSON object per line.") { paths, explainOption };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var parser = new EmailParser();
            var explain = parseResult.GetValue(explainOption);
            var missing = false;
            foreach (var path in parseResult.GetValue(paths)!)
            {
                IEnumerable<string> files;
                if (Directory.Exists(path))
                {
                    files = Directory.EnumerateFiles(path, "*.eml").Order(StringComparer.Ordinal);
                }
                else if (File.Exists(path))
                {
                    files = [path];
                }
                else
                {
                    error.WriteLine($"{path}: no such file or folder.");
                    missing = true;
                    continue;
                }

                foreach (var file in files)
                {
                    output.WriteLine(explain ? ParseContract.Explain(Path.GetFileName(file), parser.Parse(File.ReadAllBytes(file))) : ParseContract.ToJson(Path.GetFileName(file), () => parser.Parse(File.ReadAllBytes(file))));
                }
            }

            return missing ? 2 : 0;
        });
        return command;
    }

}
