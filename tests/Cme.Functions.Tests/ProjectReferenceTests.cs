using System.Xml.Linq;
using Cme.Infrastructure.Configuration;

namespace Cme.Functions.Tests;

/// <summary>
/// References run one way, inwards: Core ← Parsing, Application ← Infrastructure ← hosts and CLI
/// (issue 18). Read from the project files themselves, so a reference added anywhere is seen.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>
    /// Each project under functions/ and its ring: a project may reference only projects of an inner
    /// (smaller) ring. The hosts and the CLI share a ring, so none of them references another.
    /// </summary>
    private static readonly Dictionary<string, int> Rings = new(StringComparer.Ordinal)
    {
        ["Cme.Core"] = 0,
        ["Cme.Parsing"] = 1,
        ["Cme.Application"] = 2,
        ["Cme.Infrastructure"] = 3,
        ["Cme.Functions"] = 4,
        ["Cme.LocalRunner"] = 4,
        ["Cme.Cli"] = 4,
        // The benchmarks that run the WebJobs host live with it, outside the `cme` command.
        ["Cme.LocalRunner.Benchmarks"] = 5,
    };

    private static readonly string Functions = Path.Combine(
        RepositoryLayout.FindRepositoryRoot() ?? throw new InvalidOperationException("These tests read the project files: run them from a clone (no CmeFunctions.sln found above the test binaries)."),
        "functions");

    public static TheoryData<string> ProductProjects() => [.. ProjectsUnderFunctions()];

    [Fact]
    public void Cme_Cli_reaches_no_host_project_through_its_references()
    {
        var reached = Reached("Cme.Cli");

        // What the command does need, so an empty answer (a project file not read) cannot pass.
        Assert.Contains("Cme.Infrastructure", reached);
        Assert.DoesNotContain("Cme.LocalRunner", reached);
        Assert.DoesNotContain("Cme.Functions", reached);
    }

    [Fact]
    public void Cme_Core_references_no_project()
    {
        Assert.Empty(DirectReferences("Cme.Core"));
    }

    [Fact]
    public void Cme_Application_does_not_reach_the_adapters_or_any_host()
    {
        var reached = Reached("Cme.Application");

        Assert.Contains("Cme.Core", reached);
        Assert.DoesNotContain("Cme.Infrastructure", reached);
        Assert.DoesNotContain("Cme.LocalRunner", reached);
        Assert.DoesNotContain("Cme.Functions", reached);
        Assert.DoesNotContain("Cme.Cli", reached);
    }

    [Fact]
    public void Every_project_under_functions_has_a_ring()
    {
        Assert.All(ProjectsUnderFunctions(), project =>
            Assert.True(Rings.ContainsKey(project), $"{project} has no ring: add it to {nameof(Rings)}, inside every project that references it."));
    }

    [Theory]
    [MemberData(nameof(ProductProjects))]
    public void A_project_references_only_projects_of_an_inner_ring(string project)
    {
        var outward = DirectReferences(project)
            .Where(reference => !Rings.TryGetValue(reference, out var ring) || ring >= Rings[project])
            .Select(reference => $"{project} (ring {Rings[project]}) references {reference} (ring {(Rings.TryGetValue(reference, out var ring) ? ring : "none")})")
            .ToList();

        Assert.True(outward.Count == 0, string.Join('\n', outward));
    }

    /// <summary>Each project's file in a folder of its own under functions/ (not deeper: builds generate projects under obj/).</summary>
    private static IEnumerable<string> ProjectsUnderFunctions() =>
        Directory.EnumerateDirectories(Functions)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.TopDirectoryOnly))
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

    /// <summary>The projects named in <paramref name="project"/>'s ProjectReference items.</summary>
    private static IReadOnlyList<string> DirectReferences(string project)
    {
        var file = Path.Combine(Functions, project, project + ".csproj");
        Assert.True(File.Exists(file), $"No project file at {file}.");
        return XDocument.Load(file).Descendants()
            .Where(element => element.Name.LocalName == "ProjectReference")
            .Select(element => (string?)element.Attribute("Include") ?? throw new InvalidOperationException($"A ProjectReference in {file} has no Include."))
            .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')))
            .ToList();
    }

    /// <summary>Every project <paramref name="project"/> reaches through its references, directly or not.</summary>
    private static HashSet<string> Reached(string project)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>(DirectReferences(project));
        while (next.TryPop(out var reference))
        {
            if (reached.Add(reference))
            {
                foreach (var further in DirectReferences(reference))
                {
                    next.Push(further);
                }
            }
        }

        return reached;
    }
}
