using System.Globalization;

namespace ConvGen.Generator.Model;

/// <summary>Activation applied to a forward kernel's output (mirrors <c>ConvGen.Activation</c>).</summary>
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
    LeakyRelu = 8,
    Gelu = 9,
}

/// <summary>The names of <see cref="ActivationKind"/>: as the attribute spells them, and as plans and comments print them.</summary>
internal static class ActivationNames
{
    /// <summary>The members of <c>ConvGen.Activation</c>, in value order, for the attribute readers.</summary>
    public static readonly string[] Members = { "None", "Relu", "Relu6", "Sigmoid", "Tanh", "Silu", "HardSigmoid", "HardSwish", "LeakyRelu", "Gelu" };

    /// <summary>
    /// True for the activations that need an exponential (sigmoid, tanh, SiLU, GELU): the generated method applies them
    /// in a pass over its output after the kernel (<c>KernelActivations.Apply</c>), since fused into a register tile's
    /// stores their constants would take registers from the tile's accumulators. The others are fused into the stores.
    /// </summary>
    public static bool RunsAsOutputPass(ActivationKind activation) =>
        activation is ActivationKind.Sigmoid or ActivationKind.Tanh or ActivationKind.Silu or ActivationKind.Gelu;

    /// <summary>
    /// The activation as a plan's first line lists it: ", ReLU6", ", leaky ReLU (negative slope 0.1)", ", SiLU (a pass
    /// over the output, split across threads)"; empty for none.
    /// </summary>
    public static string InPlan(ActivationKind activation, float negativeSlope) =>
        Display(activation) is not string name ? ""
        : RunsAsOutputPass(activation) ? $", {name} (a pass over the output, split across threads)"
        : activation == ActivationKind.LeakyRelu ? $", {name} (negative slope {negativeSlope.ToString("R", CultureInfo.InvariantCulture)})"
        : ", " + name;

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
        ActivationKind.LeakyRelu => "leaky ReLU",
        ActivationKind.Gelu => "GELU",
        _ => null,
    };
}

/// <summary>
/// What a kernel fuses into its stores: ReLU, ReLU6, the hard ones, or the leaky ReLU with its negative slope
/// (<see cref="NegativeSlope"/>, 0 for the others). The sigmoid, tanh, SiLU and GELU are never fused
/// (<see cref="ActivationNames.RunsAsOutputPass"/>); for them, and for no activation, this is <see cref="None"/>.
/// </summary>
internal readonly record struct FusedActivation(ActivationKind Kind, float NegativeSlope)
{
    public static readonly FusedActivation None = new(ActivationKind.None, 0f);

    public bool IsNone => Kind == ActivationKind.None;

    /// <summary>The part of a layer's <paramref name="activation"/> its kernel fuses: none for the output-pass ones.</summary>
    public static FusedActivation Of(ActivationKind activation, float negativeSlope) =>
        ActivationNames.RunsAsOutputPass(activation) || activation == ActivationKind.None ? None
        : new(activation, activation == ActivationKind.LeakyRelu ? negativeSlope : 0f);
}
