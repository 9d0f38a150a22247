using System;
using System.Text;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Generated kernels in a project that compiles with <c>CheckForOverflowUnderflow</c>: the bounds tests written as
/// <c>(uint)row &lt; Height</c> convert negative rows (the padding above an image), which in a checked context threw
/// <see cref="OverflowException"/> (on a worker thread, ending the process). The same layers compiled checked and
/// unchecked must not throw and must give the same bits, on one thread so that an exception would reach the test.
/// </summary>
public sealed class CheckedArithmeticTests
{
    private delegate void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    private delegate void Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // (attribute, forward input / weights / output lengths) of layers whose packing or phase walks start above row 0.
    private static readonly (string Attribute, int Input, int Weights, int Output)[] Layers =
    {
        ("Conv2D(InChannels = 8, OutChannels = 12, Height = 9, Width = 11, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)", 8 * 99, 12 * 8 * 9, 12 * 99),
        ("Conv2D(InChannels = 12, OutChannels = 9, Height = 7, Width = 8, KernelSize = 3, Padding = 2, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, Activation = Activation.Relu)", 12 * 56, 9 * 12 * 9, 9 * 9 * 10),
        ("Conv2D(InChannels = 6, OutChannels = 6, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6)", 6 * 196, 6 * 9, 6 * 49),
        ("Conv2D(InChannels = 8, OutChannels = 16, Height = 7, Width = 7, KernelSize = 3, Padding = 1)", 8 * 49, 16 * 8 * 9, 16 * 49),
        ("ConvTranspose2D(InChannels = 8, OutChannels = 4, Height = 5, Width = 5, KernelSize = 4, Stride = 2, Padding = 1)", 8 * 25, 8 * 4 * 16, 4 * 100),
        ("ConvTranspose2D(InChannels = 16, OutChannels = 16, Height = 7, Width = 9, KernelSize = 4, Stride = 2, Padding = 1, Algorithm = ConvAlgorithm.Winograd)", 16 * 63, 16 * 16 * 16, 16 * 14 * 18),
    };

    [Fact]
    public void KernelsGiveTheSameBitsUnderCheckedArithmetic()
    {
        var source = new StringBuilder();
        for (int i = 0; i < Layers.Length; i++)
        {
            string attribute = Layers[i].Attribute;
            source.AppendLine($"[{attribute}]\npublic static partial void F{i}(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);");
            if (attribute.StartsWith("Conv2D", StringComparison.Ordinal) && !attribute.Contains("Activation", StringComparison.Ordinal))
            {
                source.AppendLine($"[{attribute.Replace(")", ", Pass = ConvPass.BackwardData)", StringComparison.Ordinal)}]\npublic static partial void D{i}(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);");
            }
        }
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(source.ToString()));
        result.AssertNoErrors();
        Compilation checkedCompilation = result.OutputCompilation.WithOptions(result.OutputCompilation.Options.WithOverflowChecks(true));
        using InMemoryRunner plain = InMemoryRunner.EmitAndLoad(result);
        using InMemoryRunner withChecks = InMemoryRunner.EmitAndLoad(checkedCompilation, result.GeneratedSources);

        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = 1;
            var random = new Random(7);
            int backward = 0;
            for (int i = 0; i < Layers.Length; i++)
            {
                (string attribute, int inputLength, int weightLength, int outputLength) = Layers[i];
                float[] input = RandomShapes.Uniform(inputLength, random), weights = RandomShapes.Uniform(weightLength, random);
                int channels = int.Parse(attribute.Split("OutChannels = ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
                float[] bias = RandomShapes.Uniform(channels, random);
                float[] expected = new float[outputLength], actual = new float[outputLength];
                plain.CreateDelegate<Forward>("Demo.Layers", "F" + i)(input, weights, bias, expected);
                withChecks.CreateDelegate<Forward>("Demo.Layers", "F" + i)(input, weights, bias, actual);
                Assert.True(actual.AsSpan().SequenceEqual(expected), $"{attribute}: the checked build's forward pass differs");
                if (attribute.StartsWith("Conv2D", StringComparison.Ordinal) && !attribute.Contains("Activation", StringComparison.Ordinal))
                {
                    float[] gradOutput = RandomShapes.Uniform(outputLength, random);
                    float[] gradExpected = new float[inputLength], gradActual = new float[inputLength];
                    plain.CreateDelegate<Data>("Demo.Layers", "D" + i)(gradOutput, weights, gradExpected);
                    withChecks.CreateDelegate<Data>("Demo.Layers", "D" + i)(gradOutput, weights, gradActual);
                    Assert.True(gradActual.AsSpan().SequenceEqual(gradExpected), $"{attribute}: the checked build's backward-data pass differs");
                    backward++;
                }
            }
            Assert.Equal(3, backward);
        }
    }
}
