using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.Harness;

/// <summary>One generated file: its hint name (e.g. <c>Ns.Type.Method.g.cs</c>) and its text.</summary>
public sealed record GeneratedSource(string HintName, string Text);

/// <summary>
/// Runs an <see cref="IIncrementalGenerator"/> through <see cref="CSharpGeneratorDriver"/> with incremental step
/// tracking enabled, and returns everything a test wants to look at as a <see cref="GeneratorTestResult"/>.
/// </summary>
public static class GeneratorHarness
{
    /// <summary>Tracking name Roslyn gives the step of every <c>RegisterSourceOutput</c>.</summary>
    public const string SourceOutputStepName = "SourceOutput";

    /// <summary>Driver options used for every run: no disabled output kinds, step tracking on.</summary>
    public static GeneratorDriverOptions DriverOptions { get; } =
        new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    /// <summary>Creates a fresh driver for <paramref name="generator"/> using the parse options of <paramref name="compilation"/>.</summary>
    public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, Compilation compilation)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(compilation);
        var parseOptions = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions
            ?? CompilationFactory.ParseOptions;
        return CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            additionalTexts: null,
            parseOptions: parseOptions,
            optionsProvider: null,
            driverOptions: DriverOptions);
    }

    /// <summary>Runs <paramref name="generator"/> once over <paramref name="compilation"/>.</summary>
    public static GeneratorTestResult Run(IIncrementalGenerator generator, Compilation compilation) =>
        Rerun(CreateDriver(generator, compilation), compilation);

    /// <summary>
    /// Runs an existing driver (from a previous <see cref="GeneratorTestResult.Driver"/>) over
    /// <paramref name="newCompilation"/>; its tracked steps then report Cached/Unchanged/Modified/New/Removed
    /// relative to the previous run.
    /// </summary>
    public static GeneratorTestResult Rerun(GeneratorDriver driver, Compilation newCompilation)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(newCompilation);
        var updated = driver.RunGeneratorsAndUpdateCompilation(newCompilation, out var output, out _);
        return new GeneratorTestResult(updated, newCompilation, output);
    }
}

/// <summary>What one generator run produced. Built by <see cref="GeneratorHarness"/>.</summary>
public sealed class GeneratorTestResult
{
    internal GeneratorTestResult(GeneratorDriver driver, Compilation input, Compilation output)
    {
        Driver = driver;
        InputCompilation = input;
        OutputCompilation = output;
        RunResult = driver.GetRunResult();
        if (RunResult.Results.Length != 1)
        {
            throw new InvalidOperationException($"Expected exactly one generator result, got {RunResult.Results.Length}.");
        }

        GeneratorResult = RunResult.Results[0];
        GeneratorDiagnostics = RunResult.Diagnostics;
        OutputDiagnostics = output.GetDiagnostics()
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .ToImmutableArray();
        GeneratedSources = GeneratorResult.GeneratedSources
            .Select(s => new GeneratedSource(s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>The driver after this run; pass it to <see cref="Rerun"/> / <see cref="GeneratorHarness.Rerun"/> for incremental tests.</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The compilation the generator ran on.</summary>
    public Compilation InputCompilation { get; }

    /// <summary>The input compilation plus the generated trees.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>Roslyn's raw run result.</summary>
    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>The single generator's result (tracked steps, exception, generated sources).</summary>
    public GeneratorRunResult GeneratorResult { get; }

    /// <summary>Diagnostics reported by the generator (including CS8785 if it threw).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Errors and warnings of <see cref="OutputCompilation"/> (user code and generated code together).</summary>
    public ImmutableArray<Diagnostic> OutputDiagnostics { get; }

    /// <summary>Only the errors among <see cref="OutputDiagnostics"/>.</summary>
    public ImmutableArray<Diagnostic> OutputErrors =>
        OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

    /// <summary>Generated files sorted ordinally by hint name.</summary>
    public ImmutableArray<GeneratedSource> GeneratedSources { get; }

    /// <summary>Hint names of <see cref="GeneratedSources"/>, in the same order.</summary>
    public ImmutableArray<string> HintNames => GeneratedSources.Select(s => s.HintName).ToImmutableArray();

    /// <summary>
    /// The message (invariant culture) of the run's one generator diagnostic, after checking that there is exactly one
    /// and that it is <paramref name="id"/>.
    /// </summary>
    public string SingleDiagnosticMessage(string id)
    {
        if (GeneratorDiagnostics.Length != 1 || GeneratorDiagnostics[0].Id != id)
        {
            throw new XunitException($"Expected the single generator diagnostic {id}; got [{string.Join("; ", GeneratorDiagnostics.Select(SourceListing.Describe))}].");
        }
        return GeneratorDiagnostics[0].GetMessage(CultureInfo.InvariantCulture);
    }

    /// <summary>The exception that escaped the generator, if any (the driver turns it into CS8785).</summary>
    public Exception? GeneratorException => GeneratorResult.Exception;

    /// <summary>Names of all steps that were tracked in this run (<c>WithTrackingName</c> steps).</summary>
    public ImmutableArray<string> TrackedStepNames =>
        GeneratorResult.TrackedSteps.Keys.OrderBy(k => k, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>Names of all tracked output steps (normally just <see cref="GeneratorHarness.SourceOutputStepName"/>).</summary>
    public ImmutableArray<string> TrackedOutputStepNames =>
        GeneratorResult.TrackedOutputSteps.Keys.OrderBy(k => k, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>
    /// Run reasons of every output of every execution of the step named <paramref name="stepName"/>, in pipeline
    /// order. Looks at the tracked steps first, then at the output steps. Throws (listing the known names) when no
    /// step has that name, so a typo cannot make an <c>Assert.All</c> pass vacuously.
    /// </summary>
    public ImmutableArray<IncrementalStepRunReason> TrackedSteps(string stepName) =>
        TrackedStepOutputs(stepName).Select(o => o.Reason).ToImmutableArray();

    /// <summary>Values and run reasons of every output of the step named <paramref name="stepName"/> (e.g. the pipeline model).</summary>
    public ImmutableArray<(object Value, IncrementalStepRunReason Reason)> TrackedStepOutputs(string stepName)
    {
        ArgumentNullException.ThrowIfNull(stepName);
        if (!GeneratorResult.TrackedSteps.TryGetValue(stepName, out var steps)
            && !GeneratorResult.TrackedOutputSteps.TryGetValue(stepName, out steps))
        {
            throw new XunitException(
                $"No tracked step named '{stepName}'. Tracked steps: [{string.Join(", ", TrackedStepNames)}]; " +
                $"output steps: [{string.Join(", ", TrackedOutputStepNames)}].");
        }

        return steps.SelectMany(s => s.Outputs).ToImmutableArray();
    }

    /// <summary>The text of the generated file with hint name <paramref name="hintName"/>; fails listing the hint names if absent.</summary>
    public string Source(string hintName) =>
        GeneratedSources.FirstOrDefault(s => s.HintName == hintName)?.Text
        ?? throw new XunitException($"No generated file '{hintName}'. Generated: [{string.Join(", ", HintNames)}].");

    /// <summary>The text of the generated file that implements <paramref name="method"/>; fails listing the hint names if none does.</summary>
    public string SourceOf(string method) =>
        GeneratedSources.FirstOrDefault(s => s.Text.Contains($"partial void {method}(", StringComparison.Ordinal))?.Text
        ?? throw new XunitException($"No generated file implements '{method}'. Generated: [{string.Join(", ", HintNames)}].");

    /// <summary>Runs the same driver again over <paramref name="newCompilation"/>.</summary>
    public GeneratorTestResult Rerun(Compilation newCompilation) => GeneratorHarness.Rerun(Driver, newCompilation);

    /// <summary>
    /// Fails when the generator threw, reported any Error/Warning diagnostic, or the output compilation has errors;
    /// the message lists the diagnostics and the generated sources with line numbers.
    /// </summary>
    public void AssertNoErrors()
    {
        var generatorProblems = GeneratorDiagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .ToArray();
        if (GeneratorException is null && generatorProblems.Length == 0 && OutputErrors.IsEmpty)
        {
            return;
        }

        var sb = new StringBuilder();
        if (GeneratorException is not null)
        {
            sb.AppendLine("The generator threw:").AppendLine(GeneratorException.ToString());
        }

        SourceListing.AppendDiagnostics(sb, "Generator diagnostics", generatorProblems);
        SourceListing.AppendDiagnostics(sb, "Output compilation errors", OutputErrors);
        SourceListing.AppendSources(sb, GeneratedSources);
        throw new XunitException(sb.ToString());
    }
}

/// <summary>Formatting helpers shared by the harness's failure messages.</summary>
public static class SourceListing
{
    /// <summary>Prefixes every line of <paramref name="text"/> with its 1-based line number.</summary>
    public static string WithLineNumbers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var width = lines.Length.ToString(CultureInfo.InvariantCulture).Length;
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            sb.Append((i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append(" | ").AppendLine(lines[i]);
        }

        return sb.ToString();
    }

    /// <summary>One line per diagnostic: <c>Source0.cs(3,5): error CS0103: message</c>.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return diagnostic.ToString();
    }

    internal static void AppendDiagnostics(StringBuilder sb, string title, IReadOnlyCollection<Diagnostic> diagnostics)
    {
        if (diagnostics.Count == 0)
        {
            return;
        }

        sb.AppendLine($"{title} ({diagnostics.Count}):");
        foreach (var d in diagnostics)
        {
            sb.Append("  ").AppendLine(Describe(d));
        }
    }

    internal static void AppendSources(StringBuilder sb, IEnumerable<GeneratedSource> sources)
    {
        foreach (var source in sources)
        {
            sb.AppendLine().AppendLine($"===== {source.HintName} =====").Append(WithLineNumbers(source.Text));
        }
    }
}
