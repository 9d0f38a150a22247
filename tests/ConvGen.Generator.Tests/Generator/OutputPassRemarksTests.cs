using System;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// A plan's remarks say what its stores add: an activation that runs as a pass over the output (the sigmoid, tanh,
/// SiLU, GELU) is not applied in registers or as transposed phases are interleaved, and the remarks must not say it is.
/// </summary>
public sealed class OutputPassRemarksTests
{
    private const string Signature = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)";

    private static string Remarks(string attribute)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[{attribute}]\npublic static partial void K{Signature};"));
        result.AssertNoErrors();
        string text = result.SourceOf("K");
        return text[..text.IndexOf("</remarks>", StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData("Conv2D(InChannels = 260, OutChannels = 24, Height = 3, Width = 5, KernelSize = 1{0})", "applied in registers")]
    [InlineData("ConvTranspose2D(InChannels = 16, OutChannels = 3, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1{0})", "applied as the phases are interleaved")]
    public void OnlyTheFusedPartIsSaidToBeAppliedInTheStores(string attribute, string where)
    {
        string fused = Remarks(string.Format(System.Globalization.CultureInfo.InvariantCulture, attribute, ", Activation = Activation.Relu"));
        string outputPass = Remarks(string.Format(System.Globalization.CultureInfo.InvariantCulture, attribute, ", Activation = Activation.Gelu"));
        Assert.Contains($"bias and activation are {where}", fused, StringComparison.Ordinal);
        Assert.Contains($"the bias is {where}", outputPass, StringComparison.Ordinal);
        Assert.Contains("GELU (a pass over the output", outputPass, StringComparison.Ordinal);
    }
}
