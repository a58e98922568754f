namespace Cme.Cli.Tests;

public sealed class CommandShapeTests
{
    public static TheoryData<string[]> EveryCommand()
    {
        var data = new TheoryData<string[]>();
        foreach (var path in Walk(CmeCommand.Create(), []))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task Every_command_answers_help_with_its_usage(string[] path)
    {
        var (exitCode, output, _) = await CliRunner.RunAsync([.. path, "--help"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_case_reference_is_refused_saying_what_a_reference_looks_like()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("case", "show", "CME-26-1");

        Assert.Equal(2, exitCode);
        Assert.Contains("expected CME-YYYY-NNNNN", error, StringComparison.Ordinal);
    }

    private static IEnumerable<string[]> Walk(System.CommandLine.Command command, string[] prefix)
    {
        yield return prefix;
        // Hidden commands are not offered (help and completion leave them out; System.CommandLine writes no help
        // for them): the two that remain only say where a benchmark moved, tested in MovedBenchmarkTests.
        foreach (var child in command.Subcommands.Where(child => !child.Hidden))
        {
            foreach (var path in Walk(child, [.. prefix, child.Name]))
            {
                yield return path;
            }
        }
    }
}
