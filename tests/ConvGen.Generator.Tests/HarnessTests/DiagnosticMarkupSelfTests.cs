using System;
using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.HarnessTests;

public sealed class DiagnosticMarkupSelfTests
{
    [Fact]
    public void Parse_StripsMarkup_AndRecordsSpansInTheCleanSource()
    {
        var result = DiagnosticMarkup.Parse("[Conv2D({|CNVG0101:-1|}, 3, {|CNVG0102:kernel: 0|})] {|X_1:|}end");

        Assert.Equal("[Conv2D(-1, 3, kernel: 0)] end", result.Source);
        Assert.Equal(
            new[]
            {
                new ExpectedDiagnostic("CNVG0101", new TextSpan(8, 2), "-1"),
                new ExpectedDiagnostic("CNVG0102", new TextSpan(15, 9), "kernel: 0"),
                new ExpectedDiagnostic("X_1", new TextSpan(27, 0), string.Empty),
            },
            result.Expected);
        foreach (var e in result.Expected)
        {
            Assert.Equal(e.MarkedText, result.Source.Substring(e.Span.Start, e.Span.Length));
        }
    }

    [Fact]
    public void Parse_LeavesOrdinaryBracesAlone()
    {
        const string source = "class C { int M(int x) => x is {} ? x | 1 : 0; string S => $\"{{|}}\"; }";
        var result = DiagnosticMarkup.Parse(source);
        Assert.Equal(source, result.Source);
        Assert.Empty(result.Expected);
    }

    [Theory]
    [InlineData("a {|CNVG0001:b")]
    [InlineData("a {|CNVG0001:b {|CNVG0002:c|} d|}")]
    public void Parse_RejectsUnterminatedAndNestedMarkup(string markup)
    {
        Assert.Throws<FormatException>(() => DiagnosticMarkup.Parse(markup));
    }

    [Fact]
    public void AssertDiagnostics_PassesOnExactIdAndSpan_InAnyOrder()
    {
        var markup = DiagnosticMarkup.Parse("""
            class C
            {
                void M()
                {
                    int x = {|CS0029:"text"|};
                    {|CS0103:y|} = 1;
                }
            }
            """);
        var diagnostics = CompilationFactory.Create(markup.Source).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Reverse();

        DiagnosticMarkup.AssertDiagnostics(markup, diagnostics);
    }

    [Fact]
    public void AssertDiagnostics_FailureListsBothSetsWithMessages()
    {
        var markup = DiagnosticMarkup.Parse("""
            class C
            {
                void M() { int x = "{|CS0029:text|}"; }
            }
            """);
        var diagnostics = CompilationFactory.Create(markup.Source).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

        var ex = Assert.Throws<XunitException>(() => DiagnosticMarkup.AssertDiagnostics(markup, diagnostics));

        Assert.Contains("MISSING CS0029 at [34..38): \"text\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EXTRA   CS0029 at [33..39): \"\"text\"\" [Error, Source0.cs(3,24)]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot implicitly convert type 'string' to 'int'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("{|CS0029:\"text\"|}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssertDiagnostics_ReportsUnexpectedDiagnosticsWhenNoneExpected()
    {
        var diagnostics = CompilationFactory.Create("class C { void M() { undefined(); } }").GetDiagnostics();
        var ex = Assert.Throws<XunitException>(() => DiagnosticMarkup.AssertDiagnostics(Array.Empty<ExpectedDiagnostic>(), diagnostics));
        Assert.Contains("Expected (0):", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EXTRA   CS0103", ex.Message, StringComparison.Ordinal);
    }
}
