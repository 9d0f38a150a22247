using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Reference;
using L = ConvGen.Kernels.Tests.Layers.TransposedLayers;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>A generated transposed kernel's packed-weights overload without bias.</summary>
internal delegate void PackedForwardKernel(ReadOnlySpan<float> input, PackedWeights weights, Span<float> output);

/// <summary>A generated transposed kernel's packed-weights overload with bias.</summary>
internal delegate void PackedForwardKernelWithBias(ReadOnlySpan<float> input, PackedWeights weights, ReadOnlySpan<float> bias, Span<float> output);

/// <summary>A generated <c>{Method}PackWeights</c>.</summary>
internal delegate PackedWeights PackWeightsKernel(ReadOnlySpan<float> weights);

/// <summary>
/// A [ConvTranspose2D] layer described at run time: Height and Width are the input's, weights [Cin][Cout/g][kh][kw].
/// </summary>
internal readonly record struct TransposedLayerShape(
    int InChannels, int OutChannels, int Height, int Width,
    int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1,
    int PaddingHeight = 0, int PaddingWidth = 0,
    int OutputPaddingHeight = 0, int OutputPaddingWidth = 0,
    int DilationHeight = 1, int DilationWidth = 1,
    int Groups = 1, Activation Activation = Activation.None, float NegativeSlope = 0.01f)
{
    /// <summary>The same layer for the fp64 reference.</summary>
    public TransposedConv2DParameters Parameters => new(InChannels, OutChannels, KernelHeight, KernelWidth, StrideHeight, StrideWidth,
        PaddingHeight, PaddingWidth, OutputPaddingHeight, OutputPaddingWidth, DilationHeight, DilationWidth, Groups);

    public int OutHeight => Parameters.OutHeight(Height);
    public int OutWidth => Parameters.OutWidth(Width);

    /// <summary>Floats in one input image (Cin·H·W).</summary>
    public int InputImage => InChannels * Height * Width;

    /// <summary>Floats in one output image (Cout·OH·OW).</summary>
    public int OutputImage => OutChannels * OutHeight * OutWidth;

    /// <summary>Floats in the weight tensor (Cin·Cout/g·kh·kw).</summary>
    public int WeightCount => Parameters.WeightLength;

    public ReferenceActivation ReferenceActivation => (ReferenceActivation)(int)Activation;
}

/// <summary>One generated transposed forward layer: the plain overload, the packed overload and its packer.</summary>
internal sealed class TransposedCase
{
    private readonly Delegate _kernel, _packed;

    public TransposedCase(string name, TransposedLayerShape shape, ForwardKernel kernel, PackedForwardKernel packed, PackWeightsKernel pack)
        : this(name, shape, (Delegate)kernel, packed, pack)
    {
    }

    public TransposedCase(string name, TransposedLayerShape shape, ForwardKernelWithBias kernel, PackedForwardKernelWithBias packed, PackWeightsKernel pack)
        : this(name, shape, (Delegate)kernel, packed, pack)
    {
    }

    private TransposedCase(string name, TransposedLayerShape shape, Delegate kernel, Delegate packed, PackWeightsKernel pack)
    {
        Name = name;
        Shape = shape;
        _kernel = kernel;
        _packed = packed;
        Pack = pack;
    }

    public string Name { get; }
    public TransposedLayerShape Shape { get; }
    public bool HasBias => _kernel is ForwardKernelWithBias;
    public PackWeightsKernel Pack { get; }

    /// <summary>
    /// True for the layers whose generated kernel is TDC + shared-input Winograd F(2×2, 3×3) (forced, or picked by Auto;
    /// the generated XML remarks name the plan). Their bound uses the window magnitudes of
    /// <see cref="TransposedChecks.WinogradWindowMagnitudes"/> instead of Σ|terms|.
    /// </summary>
    public bool Winograd { get; init; }

    /// <summary>Output tile m of the Winograd plan: 2 (the default) or 4 (<c>WinogradTile = 4</c>).</summary>
    public int WinogradTile { get; init; } = 2;

    /// <summary>
    /// κ of the per-element bound (winograd-spec §2.4): 4 for direct TDC (on Σ|w·x|); on the window magnitudes, 16 for
    /// Winograd F(2×2, 3×3) and 128 for F(4×4, 3×3).
    /// </summary>
    public double Kappa => !Winograd ? ForwardChecks.DirectKappa : WinogradTile == 4 ? 128 : TransposedCatalog.WinogradKappa;

    /// <summary>The spec's aggregate relL2 bound: 2e-6 for n ≤ 4, 1.5e-5 for n = 6.</summary>
    public double RelL2 => WinogradTile == 4 ? 1.5e-5 : TransposedChecks.WinogradRelL2;

    public void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (_kernel is ForwardKernelWithBias withBias)
        {
            withBias(input, weights, bias, output);
        }
        else
        {
            ((ForwardKernel)_kernel)(input, weights, output);
        }
    }

    public void RunPacked(ReadOnlySpan<float> input, PackedWeights weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (_packed is PackedForwardKernelWithBias withBias)
        {
            withBias(input, weights, bias, output);
        }
        else
        {
            ((PackedForwardKernel)_packed)(input, weights, output);
        }
    }

    public override string ToString() => Name;
}

/// <summary>Every generated [ConvTranspose2D] layer of this assembly with its run-time shape.</summary>
internal static class TransposedCatalog
{
    private static TransposedLayerShape S(int c, int k, int h, int w, int kh, int kw, int sh = 1, int sw = 1, int ph = 0, int pw = 0,
        int oph = 0, int opw = 0, int dh = 1, int dw = 1, int g = 1, Activation a = Activation.None, float slope = 0.01f) =>
        new(c, k, h, w, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, g, a, slope);

    /// <summary>
    /// κ of the shared-input TDC Winograd F(2×2, 3×3) plan (winograd-spec §2.4: n ≤ 4 incl. TDC), for the layers that use
    /// it: forced with Algorithm = Winograd, or picked by Auto (stride 2, 3-tap shared window, ≥ 8 tiles, both channel
    /// counts ≥ 16). The other layers are direct TDC (κ = 4).
    /// </summary>
    public const double WinogradKappa = 16;

    /// <summary>Forward layers (the tests run each with batch 1 and batch 3).</summary>
    public static readonly IReadOnlyList<TransposedCase> Forward = new List<TransposedCase>
    {
        new("Pointwise1x1", S(8, 6, 5, 7, 1, 1), L.Pointwise1x1, L.Pointwise1x1, L.Pointwise1x1PackWeights),
        new("K1Stride2Op1", S(6, 4, 4, 5, 1, 1, sh: 2, sw: 2, oph: 1, opw: 1), L.K1Stride2Op1, L.K1Stride2Op1, L.K1Stride2Op1PackWeights),
        new("K2Stride2Relu", S(4, 5, 6, 5, 2, 2, sh: 2, sw: 2, a: Activation.Relu), L.K2Stride2Relu, L.K2Stride2Relu, L.K2Stride2ReluPackWeights),
        new("K3Same", S(5, 7, 9, 8, 3, 3, ph: 1, pw: 1), L.K3Same, L.K3Same, L.K3SamePackWeights),
        new("K3Full", S(3, 4, 5, 6, 3, 3), L.K3Full, L.K3Full, L.K3FullPackWeights),
        new("K3Pad2Relu6", S(4, 3, 7, 7, 3, 3, ph: 2, pw: 2, a: Activation.Relu6), L.K3Pad2Relu6, L.K3Pad2Relu6, L.K3Pad2Relu6PackWeights),
        new("K3Stride2Op1", S(6, 8, 7, 9, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1), L.K3Stride2Op1, L.K3Stride2Op1, L.K3Stride2Op1PackWeights),
        new("K3Stride2Pad0", S(3, 5, 5, 4, 3, 3, sh: 2, sw: 2), L.K3Stride2Pad0, L.K3Stride2Pad0, L.K3Stride2Pad0PackWeights),
        new("K3Stride3Pad2Op2", S(4, 4, 4, 5, 3, 3, sh: 3, sw: 3, ph: 2, pw: 2, oph: 2, opw: 2), L.K3Stride3Pad2Op2, L.K3Stride3Pad2Op2, L.K3Stride3Pad2Op2PackWeights),
        new("K4Stride2Small", S(16, 8, 7, 6, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Relu), L.K4Stride2Small, L.K4Stride2Small, L.K4Stride2SmallPackWeights),
        new("Dcgan64To32At8", S(64, 32, 8, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Relu), L.Dcgan64To32At8, L.Dcgan64To32At8, L.Dcgan64To32At8PackWeights) { Winograd = true },
        new("Dcgan32To16At16", S(32, 16, 16, 16, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Relu), L.Dcgan32To16At16, L.Dcgan32To16At16, L.Dcgan32To16At16PackWeights) { Winograd = true },
        new("Dcgan16To8At32", S(16, 8, 32, 32, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Relu), L.Dcgan16To8At32, L.Dcgan16To8At32, L.Dcgan16To8At32PackWeights) { Winograd = true },
        new("ThinK4Stride2Rows", S(48, 5, 21, 18, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1, a: Activation.Relu), L.ThinK4Stride2Rows, L.ThinK4Stride2Rows, L.ThinK4Stride2RowsPackWeights),
        new("K4Stride2Pad0", S(3, 2, 3, 4, 4, 4, sh: 2, sw: 2), L.K4Stride2Pad0, L.K4Stride2Pad0, L.K4Stride2Pad0PackWeights),
        new("K4Stride2Pad3", S(2, 3, 5, 5, 4, 4, sh: 2, sw: 2, ph: 3, pw: 3), L.K4Stride2Pad3, L.K4Stride2Pad3, L.K4Stride2Pad3PackWeights),
        new("K4Stride3Pad2Op1", S(3, 4, 4, 3, 4, 4, sh: 3, sw: 3, ph: 2, pw: 2, oph: 1, opw: 1), L.K4Stride3Pad2Op1, L.K4Stride3Pad2Op1, L.K4Stride3Pad2Op1PackWeights),
        new("K5Stride2Pad2Op1Relu6", S(5, 6, 6, 7, 5, 5, sh: 2, sw: 2, ph: 2, pw: 2, oph: 1, opw: 1, a: Activation.Relu6), L.K5Stride2Pad2Op1Relu6, L.K5Stride2Pad2Op1Relu6, L.K5Stride2Pad2Op1Relu6PackWeights),
        new("K2Stride3Pad2", S(3, 4, 5, 6, 2, 2, sh: 3, sw: 3, ph: 2, pw: 2), L.K2Stride3Pad2, L.K2Stride3Pad2, L.K2Stride3Pad2PackWeights),
        new("K5Stride3Pad4", S(2, 4, 4, 4, 5, 5, sh: 3, sw: 3, ph: 4, pw: 4), L.K5Stride3Pad4, L.K5Stride3Pad4, L.K5Stride3Pad4PackWeights),
        new("K5Same", S(4, 4, 6, 5, 5, 5, ph: 2, pw: 2), L.K5Same, L.K5Same, L.K5SamePackWeights),
        new("NonSquare3x5Stride2x1", S(4, 6, 6, 5, 3, 5, sh: 2, ph: 1, pw: 2, oph: 1), L.NonSquare3x5Stride2x1, L.NonSquare3x5Stride2x1, L.NonSquare3x5Stride2x1PackWeights),
        new("NonSquare2x4Stride1x3", S(3, 5, 5, 4, 2, 4, sw: 3, pw: 1, opw: 2), L.NonSquare2x4Stride1x3, L.NonSquare2x4Stride1x3, L.NonSquare2x4Stride1x3PackWeights),
        new("Dilation2Stride2", S(4, 6, 6, 6, 3, 3, sh: 2, sw: 2, ph: 2, pw: 2, oph: 1, opw: 1, dh: 2, dw: 2), L.Dilation2Stride2, L.Dilation2Stride2, L.Dilation2Stride2PackWeights),
        new("Dilation2Stride1", S(3, 3, 5, 5, 3, 3, ph: 1, pw: 1, dh: 2, dw: 2), L.Dilation2Stride1, L.Dilation2Stride1, L.Dilation2Stride1PackWeights),
        new("Groups2", S(8, 6, 6, 5, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1, g: 2), L.Groups2, L.Groups2, L.Groups2PackWeights),
        new("DepthwiseK4Stride2", S(12, 12, 7, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, g: 12, a: Activation.Relu), L.DepthwiseK4Stride2, L.DepthwiseK4Stride2, L.DepthwiseK4Stride2PackWeights),
        new("DepthwiseMultiplier2", S(6, 12, 5, 5, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, g: 6), L.DepthwiseMultiplier2, L.DepthwiseMultiplier2, L.DepthwiseMultiplier2PackWeights),
        new("Groups4K2Stride1", S(8, 12, 5, 6, 2, 2, g: 4), L.Groups4K2Stride1, L.Groups4K2Stride1, L.Groups4K2Stride1PackWeights),
        new("OnePixelK3", S(8, 6, 1, 1, 3, 3), L.OnePixelK3, L.OnePixelK3, L.OnePixelK3PackWeights),
        new("OnePixelK4Stride2", S(5, 4, 1, 1, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1), L.OnePixelK4Stride2, L.OnePixelK4Stride2, L.OnePixelK4Stride2PackWeights),
        new("DirectK4Stride2", S(32, 32, 8, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1), L.DirectK4Stride2, L.DirectK4Stride2, L.DirectK4Stride2PackWeights),
        new("PaddedPitchK4Stride2", S(256, 40, 4, 4, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Relu), L.PaddedPitchK4Stride2, L.PaddedPitchK4Stride2, L.PaddedPitchK4Stride2PackWeights),
        new("Wide24To20Odd", S(24, 20, 13, 11, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1), L.Wide24To20Odd, L.Wide24To20Odd, L.Wide24To20OddPackWeights) { Winograd = true },
        new("WinogradF4K4Stride2", S(24, 16, 16, 13, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1), L.WinogradF4K4Stride2, L.WinogradF4K4Stride2, L.WinogradF4K4Stride2PackWeights) { Winograd = true, WinogradTile = 4 },
        new("WinogradK4Stride2Odd", S(16, 16, 7, 9, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Relu6), L.WinogradK4Stride2Odd, L.WinogradK4Stride2Odd, L.WinogradK4Stride2OddPackWeights) { Winograd = true },
        new("WinogradK3Stride2FewChannels", S(3, 5, 6, 5, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1), L.WinogradK3Stride2FewChannels, L.WinogradK3Stride2FewChannels, L.WinogradK3Stride2FewChannelsPackWeights) { Winograd = true },
        new("ActivationDcganTanh", S(16, 3, 8, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Tanh), L.ActivationDcganTanh, L.ActivationDcganTanh, L.ActivationDcganTanhPackWeights),
        new("ActivationWinogradSilu", S(16, 16, 7, 9, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Silu), L.ActivationWinogradSilu, L.ActivationWinogradSilu, L.ActivationWinogradSiluPackWeights) { Winograd = true },
        new("GeluDirect", S(8, 6, 8, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.Gelu), L.GeluDirect, L.GeluDirect, L.GeluDirectPackWeights),
        new("LeakyDirect", S(8, 6, 8, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.LeakyRelu, slope: 0.2f), L.LeakyDirect, L.LeakyDirect, L.LeakyDirectPackWeights),
        new("LeakyWinograd", S(16, 16, 7, 9, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, a: Activation.LeakyRelu, slope: 0.1f), L.LeakyWinograd, L.LeakyWinograd, L.LeakyWinogradPackWeights) { Winograd = true },
    };

    /// <summary>BackwardData and BackwardWeights kernels (the weights pass alternately with and without gradBias).</summary>
    public static readonly IReadOnlyList<TransposedBackwardCase> Backward = new List<TransposedBackwardCase>
    {
        new("K3Stride2Op1", S(6, 8, 7, 9, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1), L.K3Stride2Op1Data, null, L.K3Stride2Op1Weights, 3),
        new("K4Stride2Small", S(16, 8, 7, 6, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1), L.K4Stride2SmallData, L.K4Stride2SmallWeights, null, 2),
        new("K5Stride2Pad2Op1", S(5, 6, 6, 7, 5, 5, sh: 2, sw: 2, ph: 2, pw: 2, oph: 1, opw: 1), L.K5Stride2Pad2Op1Data, null, L.K5Stride2Pad2Op1Weights, 2),
        new("NonSquare3x5Stride2x1", S(4, 6, 6, 5, 3, 5, sh: 2, ph: 1, pw: 2, oph: 1), L.NonSquare3x5Stride2x1Data, L.NonSquare3x5Stride2x1Weights, null, 3),
        new("Dilation2Stride2", S(4, 6, 6, 6, 3, 3, sh: 2, sw: 2, ph: 2, pw: 2, oph: 1, opw: 1, dh: 2, dw: 2), L.Dilation2Stride2Data, null, L.Dilation2Stride2Weights, 2),
        new("DepthwiseK4Stride2", S(12, 12, 7, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1, g: 12), L.DepthwiseK4Stride2Data, null, L.DepthwiseK4Stride2Weights, 2),
        new("Groups2", S(8, 6, 6, 5, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1, g: 2), L.Groups2Data, L.Groups2Weights, null, 3),
        new("K1Stride2Op1", S(6, 4, 4, 5, 1, 1, sh: 2, sw: 2, oph: 1, opw: 1), L.K1Stride2Op1Data, null, L.K1Stride2Op1Weights, 3),
        new("OnePixelK3", S(8, 6, 1, 1, 3, 3), L.OnePixelK3Data, L.OnePixelK3Weights, null, 4),
        new("K3Same", S(5, 7, 9, 8, 3, 3, ph: 1, pw: 1), L.K3SameData, null, L.K3SameWeights, 2),
        new("Dcgan64To32At8", S(64, 32, 8, 8, 4, 4, sh: 2, sw: 2, ph: 1, pw: 1), L.Dcgan64To32At8Data, L.Dcgan64To32At8Weights, null, 1),
        new("Wide24To20Odd", S(24, 20, 13, 11, 3, 3, sh: 2, sw: 2, ph: 1, pw: 1, oph: 1, opw: 1), L.Wide24To20OddData, null, L.Wide24To20OddWeights, 2),
    };

    public static TransposedCase FindForward(string name) => Forward.Single(l => l.Name == name);

    public static TransposedBackwardCase FindBackward(string name) => Backward.Single(l => l.Name == name);
}

/// <summary>The two backward kernels of one transposed layer with its run-time shape.</summary>
internal sealed class TransposedBackwardCase
{
    private readonly BackwardWeightsKernel? _weights;
    private readonly BackwardWeightsKernelWithBias? _weightsWithBias;

    public TransposedBackwardCase(string name, TransposedLayerShape shape, BackwardDataKernel data, BackwardWeightsKernel? weights,
        BackwardWeightsKernelWithBias? weightsWithBias, int batch)
    {
        Name = name;
        Shape = shape;
        Data = data;
        _weights = weights;
        _weightsWithBias = weightsWithBias;
        Batch = batch;
    }

    public string Name { get; }
    public TransposedLayerShape Shape { get; }
    public int Batch { get; }
    public BackwardDataKernel Data { get; }
    public bool HasBias => _weightsWithBias is not null;

    /// <summary>Runs backward-weights; <paramref name="gradBias"/> is ignored (and may be empty) without a bias gradient.</summary>
    public void Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)
    {
        if (_weightsWithBias is not null)
        {
            _weightsWithBias(input, gradOutput, gradWeights, gradBias);
        }
        else
        {
            _weights!(input, gradOutput, gradWeights);
        }
    }

    public override string ToString() => Name;
}
