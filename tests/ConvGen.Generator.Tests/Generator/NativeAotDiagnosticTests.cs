using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// CNVG0014: a Native AOT publish for the baseline x64 instruction set, read from the MSBuild properties the package
/// makes visible to the compiler (buildTransitive/ConvGen.props), is reported once per compilation that declares a
/// kernel, and only then.
/// </summary>
public sealed class NativeAotDiagnosticTests
{
    private const string Kernel = $"[Conv2D({DiagnosticTests.Good})] public static partial void K{DiagnosticTests.Sig};";

    internal static readonly BuildProperties BaselineX64 = new(("PublishAot", "true"), ("RuntimeIdentifier", "linux-x64"));

    [Fact]
    public void ABaselineX64PublishIsReportedOnceWithItsRuntimeIdentifier()
    {
        string source = TestSources.Layers(Kernel + "\n" + Kernel.Replace("void K(", "void K2("));
        Diagnostic[] reported = Run(source, BaselineX64).Where(d => d.Id == "CNVG0014").ToArray();
        Diagnostic single = Assert.Single(reported);
        Assert.Equal(DiagnosticSeverity.Warning, single.Severity);
        Assert.Equal(Location.None, single.Location);
        Assert.Contains("linux-x64", single.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("IlcInstructionSet", single.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ANamedInstructionSetOrAnotherTargetIsNotReported()
    {
        string source = TestSources.Layers(Kernel);
        Assert.DoesNotContain(Run(source, new BuildProperties(("PublishAot", "true"), ("RuntimeIdentifier", "linux-x64"), ("IlcInstructionSet", "native"))), d => d.Id == "CNVG0014");
        Assert.DoesNotContain(Run(source, new BuildProperties(("PublishAot", "true"), ("RuntimeIdentifier", "linux-arm64"))), d => d.Id == "CNVG0014");
        Assert.DoesNotContain(Run(source, new BuildProperties(("RuntimeIdentifier", "linux-x64"))), d => d.Id == "CNVG0014");
        Assert.DoesNotContain(TestSources.Run(source).GeneratorDiagnostics, d => d.Id == "CNVG0014");
    }

    [Fact]
    public void ACompilationWithoutKernelsIsNotReported()
    {
        string source = TestSources.Layers("public static void NotAKernel() { }");
        Assert.DoesNotContain(Run(source, BaselineX64), d => d.Id == "CNVG0014");
    }

    [Fact]
    public void TheKernelsStillGenerate()
    {
        GeneratorTestResult result = GeneratorHarness.Run(new ConvGenerator(), TestSources.Compile(TestSources.Layers(Kernel)), BaselineX64);
        Assert.Contains(result.GeneratorResult.GeneratedSources, s => s.HintName.Contains(".K.", System.StringComparison.Ordinal));
        Assert.Empty(result.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static System.Collections.Immutable.ImmutableArray<Diagnostic> Run(string source, BuildProperties properties) =>
        GeneratorHarness.Run(new ConvGenerator(), TestSources.Compile(source), properties).GeneratorDiagnostics;
}
