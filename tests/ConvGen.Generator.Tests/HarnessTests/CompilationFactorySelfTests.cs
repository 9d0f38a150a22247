using System;
using System.IO;
using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Generator.Tests.HarnessTests;

public sealed class CompilationFactorySelfTests
{
    [Fact]
    public void Create_UsesLatestNullableReleaseDll_AndCompilesCleanly()
    {
        var compilation = CompilationFactory.Create(
            new[] { "namespace A { public static class X { public static System.Span<float> S(float[] a) => a; } }", "class Y { string? N; }" },
            new[] { typeof(FactAttribute).Assembly });

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS0169"));
        Assert.Equal(OutputKind.DynamicallyLinkedLibrary, compilation.Options.OutputKind);
        Assert.Equal(OptimizationLevel.Release, compilation.Options.OptimizationLevel);
        Assert.Equal(NullableContextOptions.Enable, compilation.Options.NullableContextOptions);
        Assert.False(compilation.Options.AllowUnsafe);
        Assert.Equal(LanguageVersion.Latest.MapSpecifiedToEffectiveVersion(), ((CSharpParseOptions)compilation.SyntaxTrees[0].Options).LanguageVersion);
        Assert.Equal(new[] { "Source0.cs", "Source1.cs" }, compilation.SyntaxTrees.Select(t => t.FilePath));
    }

    [Fact]
    public void References_AreThePlatformPlusExtras_DeduplicatedByFileName()
    {
        var extra = typeof(FactAttribute).Assembly;
        var references = CompilationFactory.References(new[] { extra });
        var paths = references.OfType<PortableExecutableReference>().Select(r => r.FilePath!).ToArray();

        Assert.Contains(paths, p => Path.GetFileName(p) == "System.Private.CoreLib.dll");
        Assert.Single(paths, p => Path.GetFileNameWithoutExtension(p) == extra.GetName().Name);
        Assert.Equal(paths.Length, paths.Select(Path.GetFileName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(paths.Length >= CompilationFactory.TrustedPlatformAssemblyPaths.Select(Path.GetFileName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void AllowUnsafe_IsOffByDefault_AndConfigurable()
    {
        const string source = "static class U { static unsafe int M(int* p) => *p; }";

        Assert.Contains(CompilationFactory.Create(source).GetDiagnostics(), d => d.Id == "CS0227");
        Assert.DoesNotContain(
            CompilationFactory.Create(new[] { source }, allowUnsafe: true).GetDiagnostics(),
            d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void ReplaceSource_AndAddSource_KeepPathsStable()
    {
        var compilation = CompilationFactory.Create(new[] { "class A { }", "class B { }" });

        var replaced = CompilationFactory.ReplaceSource(compilation, 1, "class B2 { }");
        var added = CompilationFactory.AddSource(replaced, "class C { }");

        Assert.Equal(new[] { "Source0.cs", "Source1.cs", "Source2.cs" }, added.SyntaxTrees.Select(t => t.FilePath));
        Assert.NotNull(added.GetTypeByMetadataName("B2"));
        Assert.Null(added.GetTypeByMetadataName("B"));
        Assert.Same(compilation.SyntaxTrees[0], added.SyntaxTrees[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => CompilationFactory.ReplaceSource(compilation, 5, "class Z { }"));
    }
}
