using System;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// How the leaky ReLU's <c>NegativeSlope</c> reaches the kernel: PyTorch's 0.01 when unset, the literal the user wrote
/// otherwise, and the two ends of its range read as the activations they are (a slope of 0 is a ReLU, of 1 the
/// identity), so that no kernel computes x·0, which turns +∞ into NaN. The numbers are checked by the kernel tests.
/// </summary>
public sealed class NegativeSlopeTests
{
    private const string Layer = "InChannels = 16, OutChannels = 16, Height = 8, Width = 8, KernelSize = 3, Padding = 1";
    private const string Signature = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)";

    private static string Generate(string activation)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Layer}, Algorithm = ConvAlgorithm.Direct{activation})]\npublic static partial void K{Signature};"));
        result.AssertNoErrors();
        return result.SourceOf("K");
    }

    [Fact]
    public void UnsetSlopeIsPyTorchsDefault()
    {
        string text = Generate(", Activation = Activation.LeakyRelu");
        Assert.Contains("leaky ReLU (negative slope 0.01)", text, StringComparison.Ordinal);
        Assert.Contains("KernelActivations.LeakyRelu(", text, StringComparison.Ordinal);
        Assert.Contains(", 0.01f)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SlopeIsEmittedAsWritten()
    {
        string text = Generate(", Activation = Activation.LeakyRelu, NegativeSlope = 0.1f");
        Assert.Contains("leaky ReLU (negative slope 0.1)", text, StringComparison.Ordinal);
        Assert.Contains(", 0.1f)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0.01f", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SlopeOfZeroIsReluAndSlopeOfOneIsIdentity()
    {
        Assert.Equal(Generate(", Activation = Activation.Relu"), Generate(", Activation = Activation.LeakyRelu, NegativeSlope = 0f"));
        Assert.Equal(Generate(""), Generate(", Activation = Activation.LeakyRelu, NegativeSlope = 1"));
        Assert.NotEqual(Generate(""), Generate(", Activation = Activation.Relu"));
    }
}
