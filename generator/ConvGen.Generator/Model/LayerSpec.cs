namespace ConvGen.Generator.Model;

/// <summary>Algorithm requested by the attribute (mirrors <c>ConvGen.ConvAlgorithm</c>).</summary>
internal enum AlgorithmKind
{
    Auto = 0,
    Direct = 1,
    Winograd = 2,
}

/// <summary>A validated 2-D convolution layer: every value is known to be in range.</summary>
internal sealed record LayerSpec(
    int InChannels, int OutChannels, int Height, int Width,
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth,
    int DilationHeight, int DilationWidth,
    int Groups, ActivationKind Activation, AlgorithmKind Algorithm, bool HasBias, PassKind Pass = PassKind.Forward)
{
    /// <summary>Winograd output tile m of F(m×m, 3×3) when the layer runs as Winograd, else 0 (direct).</summary>
    public int WinogradTile { get; init; }

    /// <summary>The leaky ReLU's slope for negative inputs, in (0, 1); 0 for every other activation.</summary>
    public float NegativeSlope { get; init; }

    /// <summary>The activation the kernel fuses into its stores (<see cref="FusedActivation.Of"/>).</summary>
    public FusedActivation FusedActivation => FusedActivation.Of(Activation, NegativeSlope);

    /// <summary>Set when this spec is the equivalent convolution of a <c>[ConvTranspose2D]</c> layer; null for <c>[Conv2D]</c>.</summary>
    public TransposedShape? Transposed { get; init; }

    public int OutHeight => Mathematics.ShapeMath.OutputSize(Height, KernelHeight, StrideHeight, PaddingHeight, DilationHeight);
    public int OutWidth => Mathematics.ShapeMath.OutputSize(Width, KernelWidth, StrideWidth, PaddingWidth, DilationWidth);
    public int GroupInChannels => InChannels / Groups;
    public int GroupOutChannels => OutChannels / Groups;
    public int Taps => KernelHeight * KernelWidth;
    public int InputImage => InChannels * Height * Width;
    public int OutputImage => OutChannels * OutHeight * OutWidth;

    /// <summary>An input image's dimensions for messages: C×H×W.</summary>
    public string InputDims => Mathematics.ShapeMath.Dims(InChannels, Height, Width);

    /// <summary>An output image's dimensions for messages: C×H×W.</summary>
    public string OutputDims => Mathematics.ShapeMath.Dims(OutChannels, OutHeight, OutWidth);
    public int WeightCount => OutChannels * GroupInChannels * Taps;

    /// <summary>The weights' dimensions for messages: O×(I/groups)×kh×kw (a transposed layer's [in][out/groups][kh][kw] has the same numbers).</summary>
    public string WeightDims => Mathematics.ShapeMath.Dims(OutChannels, GroupInChannels, KernelHeight, KernelWidth);
    public bool IsDepthwise => Groups == InChannels && Groups == OutChannels && Groups > 1;
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1 && PaddingHeight == 0 && PaddingWidth == 0;

    /// <summary>Floating-point operations for one image (two per multiply-add).</summary>
    public long Flops => 2L * OutputImage * GroupInChannels * Taps;
}
