using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The emitted code of representative SCC layers, one per pass, is pinned in <c>Snapshots/*.verified.cs</c>
/// (accept changes with <c>CONVGEN_ACCEPT=1</c>). Each generated file must also compile clean.
/// </summary>
public sealed class SccSnapshotTests
{
    [Theory]
    [InlineData("SccForwardWrapping",
        "[SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 4, Width = 6, ChannelGroups = 2, Overlap = 0.25, Activation = Activation.Relu)]\n" +
        "public static partial void SccForwardWrapping(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("SccBackwardDataCo75",
        "[SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.75, Pass = ConvPass.BackwardData)]\n" +
        "public static partial void SccBackwardDataCo75(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("SccBackwardWeightsBias",
        "[SlidingChannelConv(InChannels = 8, OutChannels = 12, Height = 3, Width = 5, ChannelGroups = 2, OverlapChannels = 2, Pass = ConvPass.BackwardWeights)]\n" +
        "internal static partial void SccBackwardWeightsBias(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    public void GeneratedKernelMatchesSnapshot(string name, string declaration)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(declaration));
        result.AssertNoErrors();
        Snapshot.Verify(Assert.Single(result.GeneratedSources).Text, name);
        KernelComments.AssertPlain(Assert.Single(result.GeneratedSources).Text);
    }
}
