using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>The SCC pipeline caches like the Conv2D one: unrelated edits leave its steps Cached or Unchanged.</summary>
public sealed class SccIncrementalTests
{
    private static readonly string s_layers = TestSources.Layers(
        "[SlidingChannelConv(InChannels = 16, OutChannels = 24, Height = 6, Width = 6, ChannelGroups = 4, Overlap = 0.5)]\n" +
        "public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n" +
        "[Conv2D(InChannels = 8, OutChannels = 8, Height = 6, Width = 6, KernelSize = 1)]\n" +
        "public static partial void P(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);");
    private const string Other = "namespace Demo; public static class Other { public static int F() => 1; }";

    private static void AssertAll(GeneratorTestResult result, string step, params IncrementalStepRunReason[] reasons)
    {
        Assert.NotEmpty(result.TrackedSteps(step));
        Assert.All(result.TrackedSteps(step), r => Assert.Contains(r, reasons));
    }

    [Fact]
    public void SameCompilationIsCached()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers, Other);
        GeneratorTestResult again = GeneratorHarness.Run(new ConvGenerator(), compilation).Rerun(compilation);
        AssertAll(again, ConvGenerator.TrackingNames.ParseScc, IncrementalStepRunReason.Cached);
        AssertAll(again, ConvGenerator.TrackingNames.PlanScc, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void UnrelatedEditLeavesSccStepsUnchanged()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers, Other);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);
        Assert.Equal(2, first.GeneratedSources.Length);
        GeneratorTestResult edited = first.Rerun(CompilationFactory.ReplaceSource(compilation, 1, Other.Replace("=> 1", "=> 2")));
        AssertAll(edited, ConvGenerator.TrackingNames.ParseScc, IncrementalStepRunReason.Unchanged);
        AssertAll(edited, ConvGenerator.TrackingNames.PlanScc, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.Equal(first.GeneratedSources.Select(s => s.Text), edited.GeneratedSources.Select(s => s.Text));
    }

    [Fact]
    public void ChangingTheOverlapReplansOnlyTheSccKernel()
    {
        CSharpCompilation compilation = TestSources.Compile(s_layers);
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), compilation);
        GeneratorTestResult changed = first.Rerun(CompilationFactory.ReplaceSource(compilation, 0, s_layers.Replace("Overlap = 0.5", "Overlap = 0.75")));
        AssertAll(changed, ConvGenerator.TrackingNames.ParseScc, IncrementalStepRunReason.Modified);
        AssertAll(changed, ConvGenerator.TrackingNames.PlanScc, IncrementalStepRunReason.Modified);
        AssertAll(changed, ConvGenerator.TrackingNames.Parse, IncrementalStepRunReason.Unchanged);
        AssertAll(changed, ConvGenerator.TrackingNames.Plan, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void SccModelsHoldNoRoslynObjectsAndAreEquatable()
    {
        GeneratorTestResult first = GeneratorHarness.Run(new ConvGenerator(), TestSources.Compile(s_layers));
        GeneratorTestResult second = GeneratorHarness.Run(new ConvGenerator(), TestSources.Compile(s_layers));
        foreach (string step in new[] { ConvGenerator.TrackingNames.ParseScc, ConvGenerator.TrackingNames.PlanScc })
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
