using System;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Reference;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// <see cref="SlidingChannelConvShape"/>: its sizes and channel windows against the fp64 reference's
/// <see cref="SccParameters"/>, its dense equivalent against <see cref="SccReference.EquivalentDenseWeight(SccParameters, ReadOnlySpan{float})"/>,
/// and a generated SCC kernel against the generic dense kernel run on <c>Dense</c> and <c>ToDenseWeights</c>.
/// </summary>
public sealed class SlidingChannelConvShapeTests
{
    public static TheoryData<int, int, int, int> Layers => new()
    {
        // InChannels, OutChannels, ChannelGroups, OverlapChannels: windows that wrap, stride 0 (ov = gw), no overlap, gw = Cin.
        { 12, 20, 2, 1 },
        { 24, 30, 4, 3 },
        { 20, 36, 4, 3 },
        { 8, 5, 2, 4 },
        { 9, 9, 3, 0 },
        { 7, 11, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void SizesWindowsAndDenseWeightsMatchTheReference(int inChannels, int outChannels, int channelGroups, int overlap)
    {
        var shape = new SlidingChannelConvShape(inChannels, outChannels, 3, 4, channelGroups, overlap);
        SccParameters reference = SccParameters.FromOverlap(inChannels, outChannels, channelGroups, overlap);
        Assert.Equal(reference.GroupWidth, shape.GroupWidth);
        Assert.Equal(reference.StrideChannels, shape.ChannelStride);
        Assert.Equal(outChannels * reference.GroupWidth, shape.WeightCount);
        Assert.Equal(inChannels * 12, shape.InputImage);
        Assert.Equal(outChannels * 12, shape.OutputImage);
        Assert.Equal(2L * outChannels * reference.GroupWidth * 12, shape.Flops);
        for (int o = 0; o < outChannels; o++)
        {
            Assert.Equal(reference.Channel(o, 0), shape.WindowStart(o));
        }

        var random = new Random(inChannels * 100 + overlap);
        var weights = new float[shape.WeightCount];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = random.Next(-64, 65) / 16f;
        }
        var dense = new float[outChannels * inChannels];
        dense.AsSpan().Fill(float.NaN); // every element must be written, zeros included
        shape.ToDenseWeights(weights, dense);
        double[] expected = SccReference.EquivalentDenseWeight(reference, weights);
        for (int i = 0; i < dense.Length; i++)
        {
            Assert.Equal(expected[i], dense[i]);
        }
        Assert.Equal(new Conv2DShape(inChannels, outChannels, 3, 4, 1, 1), shape.Dense);

        var back = new float[weights.Length];
        shape.FromDenseWeights(dense, back);
        Assert.Equal(weights, back);
    }

    [Fact]
    public void AGeneratedWeightGradientIsTheGenericDenseGradientReadBack()
    {
        // Backward-weights of an SCC layer against the generic kernel's dense gradient, gathered by FromDenseWeights.
        SlidingChannelConvShape shape = SccLayers.Cin24Cout40Cg3Co75BackwardWeightsShape;
        var random = new Random(11);
        float[] input = ForwardChecks.Sixteenths(2 * shape.InputImage, random), gradOutput = ForwardChecks.Sixteenths(2 * shape.OutputImage, random);
        var gradWeights = new float[shape.WeightCount];
        var denseGradient = new float[shape.OutChannels * shape.InChannels];
        var expected = new float[shape.WeightCount];

        SccLayers.Cin24Cout40Cg3Co75BackwardWeights(input, gradOutput, gradWeights);
        GenericConv.NaiveBackwardWeights(shape.Dense, input, gradOutput, denseGradient, []);
        shape.FromDenseWeights(denseGradient, expected);

        // 72 products of multiples of 1/16 in [-2, 2] per weight: every partial sum is exact in fp32.
        Assert.Equal(expected, gradWeights);
    }

    [Fact]
    public void AGeneratedKernelAgreesWithTheGenericDenseKernelOnItsShape()
    {
        // The user's check of an SCC kernel: its generated shape's dense equivalent, run by the generic naive kernel.
        SlidingChannelConvShape shape = SccLayers.Cin24Cout40Cg3Co75ForwardShape;
        var random = new Random(7);
        float[] input = ForwardChecks.Sixteenths(2 * shape.InputImage, random), weights = ForwardChecks.Sixteenths(shape.WeightCount, random);
        var output = new float[2 * shape.OutputImage];
        var reference = new float[output.Length];
        var dense = new float[shape.OutChannels * shape.InChannels];
        shape.ToDenseWeights(weights, dense);

        SccLayers.Cin24Cout40Cg3Co75Forward(input, weights, output);
        GenericConv.NaiveForward(shape.Dense, input, dense, [], reference);

        // Values k/16 and sums of at most gw = 8 products of k/16 · k/16: every partial sum is exact in fp32.
        Assert.Equal(reference, output);
    }

    [Theory]
    [InlineData(0, 4, 4, 4, 2, 0)]
    [InlineData(8, 4, 4, 4, 3, 0)] // 3 does not divide 8
    [InlineData(8, 4, 4, 4, 2, 5)] // overlap above gw = 4
    [InlineData(8, 4, 4, 4, 2, -1)]
    [InlineData(8, 4, 0, 4, 2, 1)]
    [InlineData(65536, 1, 65536, 1, 1, 0)] // the input image wraps a 32-bit int
    [InlineData(8, 4, 2, 2, 0, 0)] // the message must not divide by the channel groups
    [InlineData(int.MinValue, 4, 2, 2, -1, 0)] // … nor overflow dividing by them
    public void InvalidShapesThrowBeforeWriting(int inChannels, int outChannels, int height, int width, int channelGroups, int overlap)
    {
        var shape = new SlidingChannelConvShape(inChannels, outChannels, height, width, channelGroups, overlap);
        Assert.Throws<ArgumentException>(shape.Validate);
        var dense = new float[] { 5f };
        Assert.Throws<ArgumentException>(() => shape.ToDenseWeights(new float[1], dense));
        Assert.Equal(5f, dense[0]);
    }

    [Fact]
    public void DenseWeightsOverlappingTheWeightsAreRefusedBeforeWriting()
    {
        var shape = new SlidingChannelConvShape(8, 4, 2, 2, 2, 1);
        float[] buffer = ForwardChecks.Sixteenths(16 + 32, new Random(3));
        float[] before = (float[])buffer.Clone();
        var error = Assert.Throws<ArgumentException>(() => shape.ToDenseWeights(buffer.AsSpan(0, 16), buffer.AsSpan(16 - 8, 32)));
        Assert.Equal("dense", error.ParamName);
        Assert.Equal(before, buffer);
        shape.ToDenseWeights(buffer.AsSpan(0, 16), buffer.AsSpan(16, 32)); // adjacent slices are fine
    }

    [Fact]
    public void ItsTextNamesTheParametersInTheInvariantCulture()
    {
        System.Globalization.CultureInfo culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var shape = new SlidingChannelConvShape(8, 4, 2, 2, 0, 0, Activation.LeakyRelu, 0.1f);
            Assert.Equal("SlidingChannelConvShape { InChannels = 8, OutChannels = 4, Height = 2, Width = 2, ChannelGroups = 0, " +
                "OverlapChannels = 0, Activation = LeakyRelu, NegativeSlope = 0.1 }", shape.ToString());
            Assert.Contains(shape.ToString(), Assert.Throws<ArgumentException>(shape.Validate).Message);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void WrongLengthsNameTheirSpan()
    {
        var shape = new SlidingChannelConvShape(8, 4, 2, 2, 2, 1);
        var dense = new float[32];
        dense.AsSpan().Fill(5f);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => shape.ToDenseWeights(new float[15], dense)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => shape.FromDenseWeights(dense, new float[17])).ParamName);
        Assert.Equal("dense", Assert.Throws<ArgumentException>(() => shape.FromDenseWeights(new float[33], new float[16])).ParamName);
        float[] both = new float[48];
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => shape.FromDenseWeights(both.AsSpan(0, 32), both.AsSpan(30, 16))).ParamName);
        Assert.Equal("dense", Assert.Throws<ArgumentException>(() => shape.ToDenseWeights(new float[16], new float[31])).ParamName);
        Assert.All(dense, value => Assert.Equal(5f, value));
        Assert.Throws<ArgumentException>(new SlidingChannelConvShape(8, 4, 2, 2, 2, 1, Activation.LeakyRelu, float.NaN).Validate);
    }
}
