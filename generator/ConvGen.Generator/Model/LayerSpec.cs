namespace ConvGen.Generator.Model;

/// <summary>Activation fused into the kernel epilogue (mirrors <c>ConvGen.Activation</c>).</summary>
internal enum ActivationKind
{
    None = 0,
    Relu = 1,
    Relu6 = 2,
    Sigmoid = 3,
    Tanh = 4,
    Silu = 5,
    HardSigmoid = 6,
    HardSwish = 7,
}

/// <summary>The names of <see cref="ActivationKind"/>: as the attribute spells them, and as plans and comments print them.</summary>
internal static class ActivationNames
{
    /// <summary>The members of <c>ConvGen.Activation</c>, in value order, for the attribute readers.</summary>
    public static readonly string[] Members = { "None", "Relu", "Relu6", "Sigmoid", "Tanh", "Silu", "HardSigmoid", "HardSwish" };

    /// <summary>
    /// True for the activations that need an exponential (sigmoid, tanh, SiLU): the generated method applies them in a
    /// pass over its output after the kernel (<c>KernelActivations.Apply</c>), since fused into a register tile's
    /// stores their constants would take registers from the tile's accumulators. The others are fused into the stores.
    /// </summary>
    public static bool RunsAsOutputPass(ActivationKind activation) => activation is ActivationKind.Sigmoid or ActivationKind.Tanh or ActivationKind.Silu;

    /// <summary>The part of <paramref name="activation"/> a kernel fuses into its stores: none for the output-pass ones.</summary>
    public static ActivationKind Fused(ActivationKind activation) => RunsAsOutputPass(activation) ? ActivationKind.None : activation;

    /// <summary>The activation as a plan's first line lists it: ", ReLU6", ", SiLU (a pass over the output)"; empty for none.</summary>
    public static string InPlan(ActivationKind activation) =>
        Display(activation) is not string name ? "" : RunsAsOutputPass(activation) ? $", {name} (a pass over the output, split across threads)" : ", " + name;

    /// <summary>How a plan or a comment names the activation: "ReLU6", "SiLU", "hard swish"; null for none.</summary>
    public static string? Display(ActivationKind activation) => activation switch
    {
        ActivationKind.Relu => "ReLU",
        ActivationKind.Relu6 => "ReLU6",
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.Tanh => "tanh",
        ActivationKind.Silu => "SiLU",
        ActivationKind.HardSigmoid => "hard sigmoid",
        ActivationKind.HardSwish => "hard swish",
        _ => null,
    };
}

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

    /// <summary>The activation the kernel fuses into its stores (<see cref="ActivationNames.Fused"/>).</summary>
    public ActivationKind FusedActivation => ActivationNames.Fused(Activation);

    /// <summary>Set when this spec is the equivalent convolution of a <c>[ConvTranspose2D]</c> layer; null for <c>[Conv2D]</c>.</summary>
    public TransposedShape? Transposed { get; init; }

    public int OutHeight => Mathematics.ShapeMath.OutputSize(Height, KernelHeight, StrideHeight, PaddingHeight, DilationHeight);
    public int OutWidth => Mathematics.ShapeMath.OutputSize(Width, KernelWidth, StrideWidth, PaddingWidth, DilationWidth);
    public int GroupInChannels => InChannels / Groups;
    public int GroupOutChannels => OutChannels / Groups;
    public int Taps => KernelHeight * KernelWidth;
    public int InputImage => InChannels * Height * Width;
    public int OutputImage => OutChannels * OutHeight * OutWidth;
    public int WeightCount => OutChannels * GroupInChannels * Taps;
    public bool IsDepthwise => Groups == InChannels && Groups == OutChannels && Groups > 1;
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1 && PaddingHeight == 0 && PaddingWidth == 0;

    /// <summary>Floating-point operations for one image (two per multiply-add).</summary>
    public long Flops => 2L * OutputImage * GroupInChannels * Taps;
}
