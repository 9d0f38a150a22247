using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>The pipeline caches: unrelated edits leave the kernel steps Cached or Unchanged; relevant ones re-run.</summary>
public sealed class IncrementalTests
{
    private const string Sig = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)";
    private static readonly string s_layers = TestSources.Layers($"[Conv2D(InChannels = 8, OutChannels = 8, Height = 6, Width = 6, KernelSize = 3, Padding = 1)]\npublic static partial void K{Sig};");
    private const string Other = "namespace Demo; public static class Other { public static int F() => 1; }";

    private static void AssertAll(GeneratorTestResult result, string step, IncrementalStepRunReason reason) =>
        Assert.All(result.TrackedSteps(step), r => Assert.Equal(reason, r));

    [Fact]
    public void SameCompilationIsCached()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers, Other);
        GeneratorTestResult again = GeneratorHarness.Run(new ConvGenerator(), compilation).Rerun(compilation);
        AssertAll(again, ConvGenerator.TrackingNames.Parse, IncrementalStepRunReason.Cached);
        AssertAll(again, ConvGenerator.TrackingNames.Plan, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void UnrelatedEditLeavesKernelStepsUnchanged()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers, Other);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);
        GeneratorTestResult edited = first.Rerun(CompilationFactory.ReplaceSource(compilation, 1, Other.Replace("=> 1", "=> 2")));
        AssertAll(edited, ConvGenerator.TrackingNames.Parse, IncrementalStepRunReason.Unchanged);
        Assert.All(edited.TrackedSteps(ConvGenerator.TrackingNames.Plan), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Equal(first.GeneratedSources.Select(s => s.Text), edited.GeneratedSources.Select(s => s.Text));
    }

    [Fact]
    public void EditInTheSameFileOutsideTheAttributeLeavesTheModelUnchanged()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);
        string moved = s_layers.Replace("public static partial class Layers\n{\n", "public static partial class Layers\n{\n    // a comment that shifts every line\n    public static int Unrelated() => 42;\n");
        GeneratorTestResult edited = first.Rerun(CompilationFactory.ReplaceSource(compilation, 0, moved));
        AssertAll(edited, ConvGenerator.TrackingNames.Parse, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void AMemberNamedLikeTheShapePropertyInAnotherFileTakesThePropertyAway()
    {
        // The property's name depends on the type's members in every file, not only the kernel's: a KShape added in
        // another file of the partial type removes the generated one (no CS0102), and removing it brings it back.
        const string own = "namespace Demo; public static partial class Layers { public static int KShape => 3; }";
        CSharpCompilation compilation = TestSources.Compile(s_layers, Other);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);
        Assert.Contains(" KShape => new(", Assert.Single(first.GeneratedSources).Text);

        GeneratorTestResult added = first.Rerun(CompilationFactory.ReplaceSource(compilation, 1, own));
        added.AssertNoErrors();
        Assert.DoesNotContain(" KShape => new(", Assert.Single(added.GeneratedSources).Text);

        GeneratorTestResult removed = added.Rerun(compilation);
        Assert.Equal(first.GeneratedSources.Select(s => s.Text), removed.GeneratedSources.Select(s => s.Text));
    }

    [Fact]
    public void ChangingTheAttributeRegeneratesAndAddingAMethodIsNew()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);

        GeneratorTestResult changed = first.Rerun(CompilationFactory.ReplaceSource(compilation, 0, s_layers.Replace("Padding = 1", "Padding = 0")));
        AssertAll(changed, ConvGenerator.TrackingNames.Parse, IncrementalStepRunReason.Modified);
        AssertAll(changed, ConvGenerator.TrackingNames.Plan, IncrementalStepRunReason.Modified);

        string two = s_layers.Replace("public static partial void K", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 6, KernelSize = 1)]\npublic static partial void J{Sig};\n[Conv2D(InChannels = 8, OutChannels = 8, Height = 6, Width = 6, KernelSize = 3, Padding = 1)]\npublic static partial void K")
            .Replace("[Conv2D(InChannels = 8, OutChannels = 8, Height = 6, Width = 6, KernelSize = 3, Padding = 1)]\n[Conv2D", "[Conv2D");
        GeneratorTestResult added = first.Rerun(CompilationFactory.ReplaceSource(compilation, 0, two));
        var reasons = added.TrackedSteps(ConvGenerator.TrackingNames.Plan);
        Assert.Contains(IncrementalStepRunReason.New, reasons);
        Assert.Equal(2, added.GeneratedSources.Length);
    }

    [Fact]
    public void AddingAMethodLeavesTheOtherKernelsFilesCached()
    {
        // Every file name is resolved against all kernels' names (HintNames), yet a new kernel that collides with none
        // leaves that resolution, and so the other kernels' file steps and emitters, cached.
        CSharpCompilation compilation = TestSources.Compile(s_layers);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);
        string appended = s_layers.Replace($"K{Sig};", $"K{Sig};\n[Conv2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 6, KernelSize = 1)]\npublic static partial void J{Sig};");
        GeneratorTestResult added = first.Rerun(CompilationFactory.ReplaceSource(compilation, 0, appended));
        var files = added.TrackedStepOutputs(ConvGenerator.TrackingNames.File);
        Assert.Equal(2, files.Length);
        Assert.All(files, file => Assert.Equal(
            file.Value.ToString()!.Contains("Demo.Layers.J.g.cs") ? IncrementalStepRunReason.New : IncrementalStepRunReason.Cached, file.Reason));
    }

    [Fact]
    public void PipelineModelsHoldNoRoslynObjectsAndAreEquatable()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);
        GeneratorTestResult second = GeneratorHarness.Run(new ConvGenerator(), TestSources.Compile(s_layers));
        foreach (string step in new[] { ConvGenerator.TrackingNames.Parse, ConvGenerator.TrackingNames.Plan })
        {
            object[] a = first.TrackedStepOutputs(step).Select(o => o.Value).ToArray();
            object[] b = second.TrackedStepOutputs(step).Select(o => o.Value).ToArray();
            Assert.NotEmpty(a);
            Assert.Equal(a, b);
            Assert.Equal(a.Select(x => x.GetHashCode()), b.Select(x => x.GetHashCode()));
            foreach (object model in a)
            {
                ModelGraph.AssertNoRoslynObjects(model);
            }
        }
    }
}
