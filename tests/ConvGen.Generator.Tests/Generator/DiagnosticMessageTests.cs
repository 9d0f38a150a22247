using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The whole text of every diagnostic the bad cases raise, pinned in <c>Snapshots/DiagnosticMessages.verified.txt</c>.
/// The case tables check the ID, the span and that the message names the offending value; this file is where a reader
/// checks the rest (the allowed range, and what to do), and where a reworded message shows up as a diff for review.
/// </summary>
public sealed class DiagnosticMessageTests
{
    private const string Sig = DiagnosticTests.Sig, Good = DiagnosticTests.Good;

    /// <summary>The descriptors no user source can raise: an internal failure of the generator (RobustnessTests).</summary>
    private static readonly string[] Unreachable = { "CNVG0900" };

    /// <summary>Cases that need a source of their own rather than a method of <see cref="TestSources.Layers"/>.</summary>
    private static IEnumerable<(string Name, string Source, LanguageVersion Language)> OtherCases()
    {
        yield return ("a non-partial containing type", TestSources.Usings +
            $"namespace Demo;\npublic class Outer\n{{\n    public static partial class Layers\n    {{\n        [Conv2D({Good})] public static partial void K{Sig};\n    }}\n}}\n", LanguageVersion.Latest);
        yield return ("C# 10", TestSources.Layers($"[Conv2D({Good})] public static partial void K{Sig};"), LanguageVersion.CSharp10);
        yield return ("parameters named after another role", TestSources.Layers(
            $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeights);"), LanguageVersion.Latest);
        yield return ("a forgotten Pass", TestSources.Layers(
            $"[Conv2D({Good})] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);"), LanguageVersion.Latest);
        yield return ("a file-local containing type", TestSources.Usings +
            $"namespace Demo;\nfile static partial class Layers\n{{\n    [Conv2D({Good})] public static partial void K{Sig};\n}}\n", LanguageVersion.Latest);
        yield return ("a member named like the packer", TestSources.Layers(
            $"[Conv2D({Good})] public static partial void K{Sig};\npublic static int KPackWeights;"), LanguageVersion.Latest);
    }

    [Fact]
    public void EveryMessageOfTheBadCasesIsPinned()
    {
        Snapshot.VerifyText(Messages(), "DiagnosticMessages");
    }

    [Fact]
    public void EveryDescriptorAUserCanRaiseHasItsMessagePinned()
    {
        string messages = Messages();
        string[] missing = typeof(DiagnosticDescriptors).GetFields()
            .Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>()
            .Select(d => d.Id)
            .Where(id => !Unreachable.Contains(id) && !messages.Contains("\n" + id + " ", System.StringComparison.Ordinal))
            .ToArray();
        Assert.True(missing.Length == 0, "No pinned message for " + string.Join(", ", missing) + "; add a case that raises it.");
    }

    private static string Messages()
    {
        var text = new StringBuilder();
        text.Append("Every diagnostic of the bad cases, in table order: ID (severity) on the marked source text, then the message.\n");
        foreach ((string table, TheoryData<string, string, string> cases) in new[]
                 {
                     ("[Conv2D] (DiagnosticTests)", DiagnosticTests.Cases),
                     ("[SlidingChannelConv] (SccDiagnosticTests)", SccDiagnosticTests.Cases),
                     ("[ConvTranspose2D] (TransposedGeneratorTests)", TransposedGeneratorTests.Cases),
                 })
        {
            text.Append("\n## ").Append(table).Append('\n');
            foreach (object[] row in cases)
            {
                string source = DiagnosticMarkup.Parse(TestSources.Layers((string)row[1])).Source;
                Append(text, source, TestSources.Run(source).GeneratorDiagnostics);
            }
        }

        text.Append("\n## Sources of their own\n");
        foreach ((string name, string source, LanguageVersion language) in OtherCases())
        {
            Compilation compilation = TestSources.Compile(source).RemoveAllSyntaxTrees()
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(language), "Source0.cs"));
            text.Append("# ").Append(name).Append('\n');
            Append(text, source, GeneratorHarness.Run(new ConvGenerator(), compilation).GeneratorDiagnostics);
        }
        return text.ToString();
    }

    /// <summary>The generator reports on locations it rebuilt from its equatable model, so the text comes from the source.</summary>
    private static void Append(StringBuilder text, string source, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, System.StringComparer.Ordinal))
        {
            Microsoft.CodeAnalysis.Text.TextSpan span = diagnostic.Location.SourceSpan;
            string marked = diagnostic.Location == Location.None ? "(no location)" : source.Substring(span.Start, span.Length);
            text.Append(diagnostic.Id).Append(" (").Append(diagnostic.Severity).Append(") on \"")
                .Append(marked.Length > 60 ? marked[..57] + "..." : marked).Append("\"\n    ")
                .Append(diagnostic.GetMessage(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
