using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Reference;
using L = ConvGen.Kernels.Tests.Layers.SccLayers;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>A generated backward-weights kernel with a bias gradient.</summary>
internal delegate void WeightsKernelWithBias(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

/// <summary>The three generated passes of one SCC layer with its shape described at run time for the reference.</summary>
internal sealed class SccCase
{
    private readonly Delegate _forward, _backwardWeights;

    public SccCase(string name, SccParameters layer, int height, int width, int batch, Activation activation,
        ForwardKernel forward, ForwardKernel backwardData, ForwardKernel backwardWeights)
        : this(name, layer, height, width, batch, activation, (Delegate)forward, backwardData, backwardWeights)
    {
    }

    public SccCase(string name, SccParameters layer, int height, int width, int batch, Activation activation,
        ForwardKernelWithBias forward, ForwardKernel backwardData, WeightsKernelWithBias backwardWeights)
        : this(name, layer, height, width, batch, activation, (Delegate)forward, backwardData, backwardWeights)
    {
    }

    private SccCase(string name, SccParameters layer, int height, int width, int batch, Activation activation,
        Delegate forward, ForwardKernel backwardData, Delegate backwardWeights)
    {
        Name = name;
        Layer = layer;
        Height = height;
        Width = width;
        Batch = batch;
        Activation = activation;
        _forward = forward;
        BackwardDataKernel = backwardData;
        _backwardWeights = backwardWeights;
    }

    public string Name { get; }
    public SccParameters Layer { get; }
    public int Height { get; }
    public int Width { get; }
    public int Batch { get; }
    public Activation Activation { get; }
    /// <summary>The leaky ReLU's slope, as the attribute declares it (its default unless set).</summary>
    public float NegativeSlope { get; init; } = 0.01f;
    public bool HasBias => _forward is ForwardKernelWithBias;
    public bool HasBiasGradient => _backwardWeights is WeightsKernelWithBias;
    public int Plane => Height * Width;
    public int InputLength => Batch * Layer.InChannels * Plane;
    public int OutputLength => Batch * Layer.OutChannels * Plane;
    public int WeightCount => Layer.OutChannels * Layer.GroupWidth;
    public ForwardKernel BackwardDataKernel { get; }

    public void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (_forward is ForwardKernelWithBias withBias)
        {
            withBias(input, weights, bias, output);
        }
        else
        {
            ((ForwardKernel)_forward)(input, weights, output);
        }
    }

    public void BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)
    {
        if (_backwardWeights is WeightsKernelWithBias withBias)
        {
            withBias(input, gradOutput, gradWeights, gradBias);
        }
        else
        {
            ((ForwardKernel)_backwardWeights)(input, gradOutput, gradWeights);
        }
    }

    public override string ToString() => Name;
}

/// <summary>Every generated SCC layer of this assembly.</summary>
internal static class SccCatalog
{
    private static SccParameters P(int cin, int cout, int gw, int s) => new(cin, cout, gw, s);

    /// <summary>Random-data layers: the special cases and two large ones.</summary>
    public static readonly IReadOnlyList<SccCase> All = new List<SccCase>
    {
        new("Cin12Cout20Cg2Co25Partial", P(12, 20, 6, 5), 5, 7, 2, Activation.Relu, L.Cin12Cout20Cg2Co25PartialForward, L.Cin12Cout20Cg2Co25PartialBackwardData, L.Cin12Cout20Cg2Co25PartialBackwardWeights),
        new("Cin24Cout30Cg4Co50Partial", P(24, 30, 6, 3), 6, 6, 3, Activation.Relu6, L.Cin24Cout30Cg4Co50PartialForward, L.Cin24Cout30Cg4Co50PartialBackwardData, L.Cin24Cout30Cg4Co50PartialBackwardWeights),
        new("Cin24Cout40Cg3Co75", P(24, 40, 8, 2), 4, 9, 2, Activation.None, L.Cin24Cout40Cg3Co75Forward, L.Cin24Cout40Cg3Co75BackwardData, L.Cin24Cout40Cg3Co75BackwardWeights),
        new("Cin20Cout36Cg4Ov3", P(20, 36, 5, 2), 5, 5, 2, Activation.None, L.Cin20Cout36Cg4Ov3Forward, L.Cin20Cout36Cg4Ov3BackwardData, L.Cin20Cout36Cg4Ov3BackwardWeights),
        new("Cin12Cout18Cg3Co0Grouped", P(12, 18, 4, 4), 7, 5, 2, Activation.Relu, L.Cin12Cout18Cg3Co0GroupedForward, L.Cin12Cout18Cg3Co0GroupedBackwardData, L.Cin12Cout18Cg3Co0GroupedBackwardWeights),
        new("Cin12Cout20Cg3Co0Uneven", P(12, 20, 4, 4), 3, 11, 2, Activation.None, L.Cin12Cout20Cg3Co0UnevenForward, L.Cin12Cout20Cg3Co0UnevenBackwardData, L.Cin12Cout20Cg3Co0UnevenBackwardWeights),
        new("Cin12Cout10Cg2Co1Shared", P(12, 10, 6, 0), 4, 4, 2, Activation.None, L.Cin12Cout10Cg2Co1SharedForward, L.Cin12Cout10Cg2Co1SharedBackwardData, L.Cin12Cout10Cg2Co1SharedBackwardWeights),
        new("Cin10Cout14Cg1Co0Dense", P(10, 14, 10, 10), 5, 5, 2, Activation.None, L.Cin10Cout14Cg1Co0DenseForward, L.Cin10Cout14Cg1Co0DenseBackwardData, L.Cin10Cout14Cg1Co0DenseBackwardWeights),
        new("Cin10Cout14Cg1Co1Dense", P(10, 14, 10, 0), 3, 5, 2, Activation.None, L.Cin10Cout14Cg1Co1DenseForward, L.Cin10Cout14Cg1Co1DenseBackwardData, L.Cin10Cout14Cg1Co1DenseBackwardWeights),
        new("Cin10Cout14Cg1Co50Rotated", P(10, 14, 10, 5), 6, 5, 2, Activation.None, L.Cin10Cout14Cg1Co50RotatedForward, L.Cin10Cout14Cg1Co50RotatedBackwardData, L.Cin10Cout14Cg1Co50RotatedBackwardWeights),
        new("Cin12Cout13Cg1Co25Rotated", P(12, 13, 12, 9), 4, 5, 3, Activation.Relu, L.Cin12Cout13Cg1Co25RotatedForward, L.Cin12Cout13Cg1Co25RotatedBackwardData, L.Cin12Cout13Cg1Co25RotatedBackwardWeights),
        new("Cin16Cout3Cg4Co50Unread", P(16, 3, 4, 2), 5, 5, 2, Activation.None, L.Cin16Cout3Cg4Co50UnreadForward, L.Cin16Cout3Cg4Co50UnreadBackwardData, L.Cin16Cout3Cg4Co50UnreadBackwardWeights),
        new("Cin16Cout50Cg2Co75MultiWrap", P(16, 50, 8, 2), 4, 6, 2, Activation.None, L.Cin16Cout50Cg2Co75MultiWrapForward, L.Cin16Cout50Cg2Co75MultiWrapBackwardData, L.Cin16Cout50Cg2Co75MultiWrapBackwardWeights),
        new("Cin8Cout12Cg2Co50OnePixel", P(8, 12, 4, 2), 1, 1, 4, Activation.None, L.Cin8Cout12Cg2Co50OnePixelForward, L.Cin8Cout12Cg2Co50OnePixelBackwardData, L.Cin8Cout12Cg2Co50OnePixelBackwardWeights),
        new("Cin7Cout9Cg7Ov0GwOne", P(7, 9, 1, 1), 3, 3, 2, Activation.None, L.Cin7Cout9Cg7Ov0GwOneForward, L.Cin7Cout9Cg7Ov0GwOneBackwardData, L.Cin7Cout9Cg7Ov0GwOneBackwardWeights),
        new("Cin30Cout45Cg5Ov5", P(30, 45, 6, 1), 9, 9, 2, Activation.Relu6, L.Cin30Cout45Cg5Ov5Forward, L.Cin30Cout45Cg5Ov5BackwardData, L.Cin30Cout45Cg5Ov5BackwardWeights),
        new("Big512Cg4Co50", P(512, 512, 128, 64), 14, 14, 1, Activation.None, L.Big512Cg4Co50Forward, L.Big512Cg4Co50BackwardData, L.Big512Cg4Co50BackwardWeights),
        new("Big256Cg2Co25", P(256, 256, 128, 96), 28, 28, 1, Activation.Relu, L.Big256Cg2Co25Forward, L.Big256Cg2Co25BackwardData, L.Big256Cg2Co25BackwardWeights),
        new("ActivationHardSwish", P(12, 20, 6, 5), 5, 7, 2, Activation.HardSwish, L.ActivationHardSwishForward, L.ActivationHardSwishBackwardData, L.ActivationHardSwishBackwardWeights),
        new("ActivationSilu", P(12, 20, 6, 5), 5, 7, 2, Activation.Silu, L.ActivationSiluForward, L.ActivationHardSwishBackwardData, L.ActivationHardSwishBackwardWeights),
        new("Gelu", P(12, 20, 6, 5), 5, 7, 2, Activation.Gelu, L.GeluForward, L.ActivationHardSwishBackwardData, L.ActivationHardSwishBackwardWeights),
        new("LeakyRelu", P(12, 20, 6, 5), 5, 7, 2, Activation.LeakyRelu, L.LeakyForward, L.ActivationHardSwishBackwardData, L.ActivationHardSwishBackwardWeights) { NegativeSlope = 0.2f },
    };

    public static SccCase Find(string name) => All.Concat(Vectors.Values).Single(l => l.Name == name);

    /// <summary>Generated kernels for the exact SCC vectors, by vector file name.</summary>
    public static readonly IReadOnlyDictionary<string, SccCase> Vectors = new (string, SccCase)[]
    {
        ("scc_cin12_cout24_cg2_co50", new SccCase("SccCin12Cout24Cg2Co50", P(12, 24, 6, 3), 5, 5, 2, Activation.None, L.SccCin12Cout24Cg2Co50Forward, L.SccCin12Cout24Cg2Co50BackwardData, L.SccCin12Cout24Cg2Co50BackwardWeights)),
        ("scc_cin12_cout24_cg4_co0", new SccCase("SccCin12Cout24Cg4Co0", P(12, 24, 3, 3), 3, 4, 2, Activation.None, L.SccCin12Cout24Cg4Co0Forward, L.SccCin12Cout24Cg4Co0BackwardData, L.SccCin12Cout24Cg4Co0BackwardWeights)),
        ("scc_cin16_cout24_cg4_co25", new SccCase("SccCin16Cout24Cg4Co25", P(16, 24, 4, 3), 3, 3, 2, Activation.None, L.SccCin16Cout24Cg4Co25Forward, L.SccCin16Cout24Cg4Co25BackwardData, L.SccCin16Cout24Cg4Co25BackwardWeights)),
        ("scc_cin4_cout4_cg2_co50", new SccCase("SccCin4Cout4Cg2Co50", P(4, 4, 2, 1), 3, 3, 2, Activation.None, L.SccCin4Cout4Cg2Co50Forward, L.SccCin4Cout4Cg2Co50BackwardData, L.SccCin4Cout4Cg2Co50BackwardWeights)),
        ("scc_cin4_cout8_cg2_co0", new SccCase("SccCin4Cout8Cg2Co0", P(4, 8, 2, 2), 3, 3, 2, Activation.None, L.SccCin4Cout8Cg2Co0Forward, L.SccCin4Cout8Cg2Co0BackwardData, L.SccCin4Cout8Cg2Co0BackwardWeights)),
        ("scc_cin8_cout12_cg2_co50_bias", new SccCase("SccCin8Cout12Cg2Co50Bias", P(8, 12, 4, 2), 3, 3, 2, Activation.None, L.SccCin8Cout12Cg2Co50BiasForward, L.SccCin8Cout12Cg2Co50BiasBackwardData, L.SccCin8Cout12Cg2Co50BiasBackwardWeights)),
        ("scc_cin8_cout16_cg1_co50", new SccCase("SccCin8Cout16Cg1Co50", P(8, 16, 8, 4), 3, 3, 2, Activation.None, L.SccCin8Cout16Cg1Co50Forward, L.SccCin8Cout16Cg1Co50BackwardData, L.SccCin8Cout16Cg1Co50BackwardWeights)),
        ("scc_cin8_cout8_cg1_co0", new SccCase("SccCin8Cout8Cg1Co0", P(8, 8, 8, 8), 3, 3, 2, Activation.None, L.SccCin8Cout8Cg1Co0Forward, L.SccCin8Cout8Cg1Co0BackwardData, L.SccCin8Cout8Cg1Co0BackwardWeights)),
        ("scc_cin8_cout8_cg2_co25", new SccCase("SccCin8Cout8Cg2Co25", P(8, 8, 4, 3), 4, 4, 2, Activation.None, L.SccCin8Cout8Cg2Co25Forward, L.SccCin8Cout8Cg2Co25BackwardData, L.SccCin8Cout8Cg2Co25BackwardWeights)),
        ("scc_cin8_cout8_cg2_co50", new SccCase("SccCin8Cout8Cg2Co50", P(8, 8, 4, 2), 4, 4, 2, Activation.None, L.SccCin8Cout8Cg2Co50Forward, L.SccCin8Cout8Cg2Co50BackwardData, L.SccCin8Cout8Cg2Co50BackwardWeights)),
        ("scc_cin8_cout8_cg4_co50", new SccCase("SccCin8Cout8Cg4Co50", P(8, 8, 2, 1), 3, 5, 2, Activation.None, L.SccCin8Cout8Cg4Co50Forward, L.SccCin8Cout8Cg4Co50BackwardData, L.SccCin8Cout8Cg4Co50BackwardWeights)),
    }.ToDictionary(p => p.Item1, p => p.Item2);
}
