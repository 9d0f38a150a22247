using System;
using ConvGen.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The generic kernels' run-time shapes: every invalid layer is an <see cref="ArgumentException"/> before any memory is
/// touched, including shapes whose sizes would wrap a 32-bit int (the unsafe im2col and col2im kernels would read past
/// their buffers), and every span is named by its own role.
/// </summary>
public sealed class ReferenceShapeTests
{
    public static TheoryData<Conv2DShape> InvalidConvolutions => new()
    {
        new Conv2DShape(1, 1, 1, 1, 3, 3, DilationHeight: int.MaxValue, DilationWidth: int.MaxValue), // d·(k − 1) wraps to a fitting kernel
        new Conv2DShape(1, 65537, 256, 256, 256, 256), // the weight count wraps to 65536
        new Conv2DShape(1, 65536, 256, 256, 256, 256), // … to 0
        new Conv2DShape(1, 1, 65536, 65536, 1, 1), // the input image wraps to 0
        new Conv2DShape(4, 4, 8, 8, 3, 3, Groups: 0), // the message must not divide by the groups
        new Conv2DShape(4, 4, 8, 8, 3, 3, StrideHeight: 0), // … nor by the stride
        new Conv2DShape(1, 1, 2, 2, 3, 3, StrideHeight: 2, StrideWidth: 2), // (0 − 1) / 2 + 1 = 1, yet the kernel does not fit
        new Conv2DShape(4, 4, 8, 8, 3, 3, Activation: (Activation)99),
        new Conv2DShape(4, 4, 8, 8, 3, 3, Activation: Activation.LeakyRelu, NegativeSlope: -0.5f),
        new Conv2DShape(4, 4, 8, 8, 3, 3, Activation: Activation.LeakyRelu, NegativeSlope: float.NaN),
    };

    [Theory]
    [MemberData(nameof(InvalidConvolutions))]
    public void InvalidConvolutionShapesThrowArgumentException(Conv2DShape shape)
    {
        Assert.Throws<ArgumentException>(shape.Validate);
        Assert.Contains("Conv2DShape {", shape.ToString());
        // Spans sized to the shape's own (possibly wrapped) sizes, so that only Validate stands between them and the loops.
        (float[] x, float[] w, float[] y) = SizedAsTheShapeSays(() => shape.InputImage, () => shape.WeightCount, () => shape.OutputImage);
        Assert.Throws<ArgumentException>(() => GenericConv.NaiveForward(shape, x, w, [], y));
        Assert.Throws<ArgumentException>(() => Im2ColGemmConv.Forward(shape, x, w, [], y));
    }

    public static TheoryData<ConvTranspose2DShape> InvalidTransposedConvolutions => new()
    {
        new ConvTranspose2DShape(1, 1, 3, 3, 4, 4, StrideHeight: int.MaxValue, StrideWidth: int.MaxValue), // (H − 1)·S wraps
        new ConvTranspose2DShape(1, 1, 3, 3, 4, 4, DilationHeight: int.MaxValue),
        new ConvTranspose2DShape(4, 4, 3, 3, 4, 4, Groups: 0),
        new ConvTranspose2DShape(4, 4, 3, 3, 4, 4, Activation: (Activation)99),
        new ConvTranspose2DShape(4, 4, 3, 3, 4, 4, Activation: Activation.LeakyRelu, NegativeSlope: 1.5f),
    };

    [Theory]
    [MemberData(nameof(InvalidTransposedConvolutions))]
    public void InvalidTransposedShapesThrowArgumentException(ConvTranspose2DShape shape)
    {
        Assert.Throws<ArgumentException>(shape.Validate);
        Assert.Contains("ConvTranspose2DShape {", shape.ToString());
        (float[] x, float[] w, float[] y) = SizedAsTheShapeSays(() => shape.InputImage, () => shape.WeightCount, () => shape.OutputImage);
        Assert.Throws<ArgumentException>(() => GenericConv.NaiveTransposedForward(shape, x, w, [], y));
        Assert.Throws<ArgumentException>(() => GemmCol2ImConvTranspose.Forward(shape, x, w, [], y));
    }

    /// <summary>Buffers of the sizes an invalid shape's int properties give (wrapped, or 16 where they throw or are out of reach).</summary>
    private static (float[] Input, float[] Weights, float[] Output) SizedAsTheShapeSays(Func<int> input, Func<int> weights, Func<int> output)
    {
        static float[] Buffer(Func<int> size)
        {
            int n;
            try
            {
                n = size();
            }
            catch (ArithmeticException)
            {
                n = 16;
            }
            return new float[n is >= 0 and <= 1 << 24 ? n : 16];
        }
        return (Buffer(input), Buffer(weights), Buffer(output));
    }

    [Fact]
    public void BackwardSpansAreNamedByTheirRoles()
    {
        var shape = new Conv2DShape(2, 3, 4, 4, 3, 3, PaddingHeight: 1, PaddingWidth: 1);
        int x = shape.InputImage, y = shape.OutputImage, w = shape.WeightCount;
        Assert.Equal("gradInput", Assert.Throws<ArgumentException>(() => GenericConv.NaiveBackwardData(shape, new float[y], new float[w], new float[x + 1])).ParamName);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentException>(() => GenericConv.NaiveBackwardData(shape, new float[y + 1], new float[w], new float[x])).ParamName);
        Assert.Equal("gradWeights", Assert.Throws<ArgumentException>(() => GenericConv.NaiveBackwardWeights(shape, new float[x], new float[y], new float[w - 1], [])).ParamName);
        Assert.Equal("gradBias", Assert.Throws<ArgumentException>(() => GenericConv.NaiveBackwardWeights(shape, new float[x], new float[y], new float[w], new float[2])).ParamName);
    }

    [Fact]
    public void WrittenSpansOverlappingReadOnesThrowBeforeAnyWrite()
    {
        // The naive kernels write as they go: an output shifted one float over the input gave wrong values silently.
        var shape = new Conv2DShape(1, 1, 4, 4, 1, 1);
        float[] buffer = new float[33];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = i;
        }
        float[] before = (float[])buffer.Clone();
        Assert.Throws<ArgumentException>(() => GenericConv.NaiveForward(shape, buffer.AsSpan(0, 16), new float[] { 1 }, [], buffer.AsSpan(1, 16)));
        Assert.Throws<ArgumentException>(() => Im2ColGemmConv.Forward(shape, buffer.AsSpan(0, 16), new float[] { 1 }, [], buffer.AsSpan(0, 16)));
        Assert.Throws<ArgumentException>(() => GenericConv.NaiveBackwardData(shape, buffer.AsSpan(0, 16), new float[] { 1 }, buffer.AsSpan(15, 16)));
        Assert.Throws<ArgumentException>(() => GenericConv.NaiveBackwardWeights(shape, buffer.AsSpan(0, 16), buffer.AsSpan(16, 16), buffer.AsSpan(32, 1), buffer.AsSpan(31, 1)));
        Assert.Equal(before, buffer);
        // Adjacent slices of one buffer are fine.
        GenericConv.NaiveForward(shape, buffer.AsSpan(0, 16), new float[] { 2 }, [], buffer.AsSpan(16, 16));
        Assert.Equal(30f, buffer[31]);
    }
}
