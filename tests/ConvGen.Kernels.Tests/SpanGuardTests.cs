using System;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Wrong span lengths, and a written span overlapping a read one, throw <see cref="ArgumentException"/> naming the
/// parameter, before any write.
/// </summary>
public sealed class SpanGuardTests : GuardedKernelTests
{
    // Dense3x3Stride2: 6→10 channels, 13×12 → 7×6, weights 10·6·9, bias 10.
    private const int InputImage = 6 * 13 * 12, OutputImage = 10 * 7 * 6, Weights = 540, Bias = 10;

    private static ArgumentException Call(int input, int weights, int bias, int output, out float[] outputData)
    {
        float[] y = new float[output];
        Array.Fill(y, 42f);
        outputData = y;
        return Assert.Throws<ArgumentException>(() => ForwardLayers.Dense3x3Stride2(new float[input], new float[weights], new float[bias], y));
    }

    [Theory]
    [InlineData(InputImage + 1, Weights, Bias, OutputImage, "input", "not a whole number of images")]
    [InlineData(2 * InputImage, Weights, Bias, OutputImage, "output", "needs 840")]
    [InlineData(2 * InputImage, Weights, Bias, OutputImage, "output", "but 'input' holds 2 image(s) of 936 elements (1872 in all)")] // where the batch came from
    [InlineData(InputImage + 1, Weights, Bias, OutputImage, "input", "of 936 elements (C×H×W = 6×13×12)")] // which dimension to look at
    [InlineData(InputImage, Weights, Bias, OutputImage + 7, "output", "Images are C×H×W: 'input' 6×13×12, 'output' 10×7×6.")]
    [InlineData(InputImage, Weights - 1, Bias, OutputImage, "weights", "exactly 540 (10×6×3×3, OIHW).")] // and which dimension to look at
    [InlineData(InputImage, Weights, Bias + 1, OutputImage, "bias", "exactly 10 (one per output channel).")]
    [InlineData(0, Weights, Bias, OutputImage, "output", "needs 0")]
    public void WrongLengthThrowsBeforeTouchingMemory(int input, int weights, int bias, int output, string parameter, string fragment)
    {
        ArgumentException error = Call(input, weights, bias, output, out float[] y);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(fragment, error.Message);
        Assert.All(y, value => Assert.Equal(42f, value));
    }

    [Fact]
    public void WeightMessagesNameTheLayoutOfEachKind()
    {
        // A transposed layer's weights are [in][out/groups][kh][kw]; backward passes check OIHW weights and their gradients;
        // SCC weights are one window of gw channels per output channel.
        float[] y = new float[3 * 16 * 16];
        var transposed = Assert.Throws<ArgumentException>(() => TransposedLayers.ActivationDcganTanh(new float[16 * 8 * 8], new float[16 * 3 * 4 * 4 - 1], new float[3], y));
        Assert.Equal("weights", transposed.ParamName);
        Assert.EndsWith("exactly 768 (16×3×4×4, [InChannels][OutChannels/Groups][kh][kw]).", transposed.Message.Split(" (Parameter")[0]);
        var packer = Assert.Throws<ArgumentException>(() => TransposedLayers.ActivationDcganTanhPackWeights(new float[16 * 3 * 4 * 4 + 1]));
        Assert.Contains("exactly 768 (16×3×4×4, [InChannels][OutChannels/Groups][kh][kw]).", packer.Message);
        var data = Assert.Throws<ArgumentException>(() => BackwardLayers.Dense3x3Pad0Data(new float[4 * 3 * 4], new float[107], new float[3 * 5 * 6]));
        Assert.Equal("weights", data.ParamName);
        Assert.Contains("exactly 108 (4×3×3×3, OIHW).", data.Message);
        var weights = Assert.Throws<ArgumentException>(() => BackwardLayers.Dense3x3Pad0Weights(new float[3 * 5 * 6], new float[4 * 3 * 4], new float[109], new float[4]));
        Assert.Equal("gradWeights", weights.ParamName);
        Assert.Contains("exactly 108 (4×3×3×3, OIHW).", weights.Message);
        var bias = Assert.Throws<ArgumentException>(() => BackwardLayers.Dense3x3Pad0Weights(new float[3 * 5 * 6], new float[4 * 3 * 4], new float[108], new float[3]));
        Assert.Equal("gradBias", bias.ParamName);
        Assert.Contains("exactly 4 (one per output channel).", bias.Message);
        var scc = Assert.Throws<ArgumentException>(() => SccLayers.SccCin8Cout8Cg2Co50BackwardWeights(new float[128], new float[128], new float[31]));
        Assert.Equal("gradWeights", scc.ParamName);
        Assert.Contains("exactly 32 (8×4, [OutChannels][gw]).", scc.Message);
    }

    [Fact]
    public void EmptyBatchIsANoOp()
    {
        ForwardLayers.Dense3x3Stride2(ReadOnlySpan<float>.Empty, new float[Weights], new float[Bias], Span<float>.Empty);
    }

    [Fact]
    public void OutputIsOverwrittenNotAccumulated()
    {
        var random = new Random(5);
        float[] x = new float[InputImage], w = new float[Weights], b = new float[Bias];
        foreach (float[] a in new[] { x, w, b })
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = random.Next(-16, 17) / 8f;
            }
        }
        float[] first = new float[OutputImage], second = new float[OutputImage];
        Array.Fill(second, float.NaN);
        ForwardLayers.Dense3x3Stride2(x, w, b, first);
        ForwardLayers.Dense3x3Stride2(x, w, b, second);
        Assert.Equal(first, second);
    }

    /// <summary>One buffer the spans are cut from, filled with 42 so that any write shows.</summary>
    private static float[] Arena(int length) => Enumerable.Repeat(42f, length).ToArray();

    private static void AssertOverlapRejected(float[] arena, Action call, string written, string read)
    {
        var error = Assert.Throws<ArgumentException>(call);
        Assert.Equal(written, error.ParamName);
        Assert.StartsWith($"'{written}' overlaps '{read}'", error.Message);
        Assert.All(arena, value => Assert.Equal(42f, value));
    }

    [Fact]
    public void ForwardOutputOverlappingAnInputIsRejected()
    {
        float[] a = Arena(InputImage + Weights + Bias + OutputImage);
        // The output starts on the input's last element.
        AssertOverlapRejected(a, () => ForwardLayers.Dense3x3Stride2(a.AsSpan(0, InputImage), new float[Weights], new float[Bias], a.AsSpan(InputImage - 1, OutputImage)), "output", "input");
        // The output is the bias's buffer, longer.
        AssertOverlapRejected(a, () => ForwardLayers.Dense3x3Stride2(new float[InputImage], new float[Weights], a.AsSpan(0, Bias), a.AsSpan(0, OutputImage)), "output", "bias");
        // Through the packed-weights overload.
        PackedWeights packed = ForwardLayers.Dense3x3Stride2PackWeights(new float[Weights]);
        AssertOverlapRejected(a, () => ForwardLayers.Dense3x3Stride2(a.AsSpan(10, InputImage), packed, new float[Bias], a.AsSpan(0, OutputImage)), "output", "input");

        // Adjacent spans of one buffer are fine.
        ForwardLayers.Dense3x3Stride2(a.AsSpan(0, InputImage), a.AsSpan(InputImage, Weights), a.AsSpan(InputImage + Weights, Bias), a.AsSpan(InputImage + Weights + Bias, OutputImage));
    }

    [Fact]
    public void BackwardOutputsOverlappingAnInputAreRejected()
    {
        // Dense3x3Pad0: 3 → 4 channels, 5×6 → 3×4: input 90, gradOutput 48, weights 108, gradBias 4.
        float[] a = Arena(400);
        AssertOverlapRejected(a, () => BackwardLayers.Dense3x3Pad0Data(new float[48], a.AsSpan(0, 108), a.AsSpan(100, 90)), "gradInput", "weights");
        AssertOverlapRejected(a, () => BackwardLayers.Dense3x3Pad0Weights(a.AsSpan(0, 90), new float[48], a.AsSpan(89, 108), new float[4]), "gradWeights", "input");
        AssertOverlapRejected(a, () => BackwardLayers.Dense3x3Pad0Weights(new float[90], new float[48], a.AsSpan(0, 108), a.AsSpan(107, 4)), "gradBias", "gradWeights");
        // SCC, 8 → 8 channels at 4×4 in 2 groups: gradOutput 128 per image, gradWeights 32.
        AssertOverlapRejected(a, () => SccLayers.SccCin8Cout8Cg2Co50BackwardWeights(new float[128], a.AsSpan(0, 128), a.AsSpan(96, 32)), "gradWeights", "gradOutput");
    }
}
