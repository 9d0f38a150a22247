using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic ConvGen reports, one descriptor per rule. IDs are stable (tracked in AnalyzerReleases.*.md):
/// CNVG00xx method shape, CNVG01xx attribute values, CNVG09xx internal failures.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Usage = "ConvGen.Usage";
    private const string Layer = "ConvGen.Layer";

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            customTags: WellKnownDiagnosticTags.NotConfigurable);

    /// <summary>CNVG0001: the attributed method is not static.</summary>
    public static readonly DiagnosticDescriptor MethodMustBeStatic = Error("CNVG0001", Usage,
        "Kernel method must be static",
        "Method '{0}' must be static to be implemented by ConvGen");

    /// <summary>CNVG0002: the attributed method is not a partial definition without a body.</summary>
    public static readonly DiagnosticDescriptor MethodMustBePartial = Error("CNVG0002", Usage,
        "Kernel method must be a partial declaration without a body",
        "Method '{0}' must be declared 'partial' without a body so that ConvGen can supply the implementation");

    /// <summary>CNVG0003: the method returns something other than void.</summary>
    public static readonly DiagnosticDescriptor MethodMustReturnVoid = Error("CNVG0003", Usage,
        "Kernel method must return void",
        "Method '{0}' returns '{1}'; a ConvGen kernel must return void");

    /// <summary>CNVG0004: the parameter list does not match the pass.</summary>
    public static readonly DiagnosticDescriptor InvalidParameters = Error("CNVG0004", Usage,
        "Kernel method has the wrong parameters",
        "Method '{0}' has parameters ({1}); {3} takes ({2}){4}");

    /// <summary>CNVG0005: an enclosing type is not partial.</summary>
    public static readonly DiagnosticDescriptor ContainingTypeMustBePartial = Error("CNVG0005", Usage,
        "Types containing a kernel method must be partial",
        "Type '{0}' contains the ConvGen kernel '{1}' and must be declared 'partial'");

    /// <summary>CNVG0006: the method or an enclosing type is generic.</summary>
    public static readonly DiagnosticDescriptor GenericNotSupported = Error("CNVG0006", Usage,
        "Kernel methods cannot be generic",
        "Method '{0}' is generic or sits in a generic type; ConvGen kernels need a non-generic method in non-generic types");

    /// <summary>CNVG0007: the language version is too old for the generated code.</summary>
    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error("CNVG0007", Usage,
        "C# 11 or later is required",
        "ConvGen kernels need C# 11 or later (static abstract interface members and file-local types); this project uses C# {0}: set <LangVersion> to 11 or later (or remove it to take the SDK's default)");

    /// <summary>CNVG0008: a method carries more than one ConvGen attribute.</summary>
    public static readonly DiagnosticDescriptor MoreThanOneKernelAttribute = Error("CNVG0008", Usage,
        "A kernel method takes one ConvGen attribute",
        "Method '{0}' already has [{1}]; a method implements one kernel, so [{2}] cannot be applied to it too");

    /// <summary>CNVG0009: the partial kernel method already has an implementation written by the user.</summary>
    public static readonly DiagnosticDescriptor KernelAlreadyImplemented = Error("CNVG0009", Usage,
        "Kernel method already has an implementation",
        "Method '{0}' already has an implementing declaration; ConvGen writes the implementation of a kernel method, so remove this one");

    /// <summary>CNVG0010: the attribute sits on a local function, a lambda, an accessor, an operator or a finalizer.</summary>
    public static readonly DiagnosticDescriptor NotAnOrdinaryMethod = Error("CNVG0010", Usage,
        "Kernel must be an ordinary method, not a local function, lambda, accessor, operator or finalizer",
        "ConvGen cannot implement {0}; declare the kernel as a static partial method of a partial type");

    /// <summary>CNVG0011: a parameter carries another role's name (e.g. a backward-weights method named like a forward one).</summary>
    public static readonly DiagnosticDescriptor ParameterNamesOfAnotherRole = new("CNVG0011",
        "Parameter names do not match the pass",
        "Method '{0}' names its parameters ({1}), but {2} reads them as ({3}) in that order; {4}",
        Usage, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>CNVG0012: an enclosing type is file-local, so the generated file cannot reopen it.</summary>
    public static readonly DiagnosticDescriptor FileLocalContainingType = Error("CNVG0012", Usage,
        "Kernels cannot live in a file-local type",
        "Type '{0}' is declared 'file', so the file ConvGen generates for the kernel '{1}' cannot add to it; remove 'file' or move the kernel to another type");

    /// <summary>CNVG0013: the type already has a member with the name of the packer ConvGen generates for the kernel.</summary>
    public static readonly DiagnosticDescriptor GeneratedMemberNameTaken = Error("CNVG0013", Usage,
        "A member has the name of the kernel's generated packer",
        "Type '{0}' already has a member named '{1}', the weight packer ConvGen generates for the kernel '{2}'; rename that member or the kernel");

    /// <summary>CNVG0101: a required dimension is missing.</summary>
    public static readonly DiagnosticDescriptor MissingProperty = Error("CNVG0101", Layer,
        "Required layer property is missing",
        "[{0}] needs '{1}' ({2}); set it to a value in [{3}, {4}]");

    /// <summary>CNVG0102: a size, stride, dilation or group count is out of range.</summary>
    public static readonly DiagnosticDescriptor ValueOutOfRange = Error("CNVG0102", Layer,
        "Layer property is out of range",
        "'{0}' is {1}; it must be in [{2}, {3}]");

    /// <summary>CNVG0103: padding is negative or too large.</summary>
    public static readonly DiagnosticDescriptor PaddingOutOfRange = Error("CNVG0103", Layer,
        "Padding is out of range",
        "'{0}' is {1}; padding must be in [0, {2}]");

    /// <summary>CNVG0104: channels are not divisible by the group count.</summary>
    public static readonly DiagnosticDescriptor ChannelsNotDivisibleByGroups = Error("CNVG0104", Layer,
        "Channels must be divisible by groups",
        "'Groups' is {0} but {1} is {2}, which is not a multiple of it; Groups must divide both InChannels and OutChannels: {3}");

    /// <summary>CNVG0105: the kernel is larger than the padded input, so the output is empty.</summary>
    public static readonly DiagnosticDescriptor EmptyOutput = Error("CNVG0105", Layer,
        "The output would be empty",
        "The {0} kernel extent is {1} (kernel {2}, dilation {3}) but the padded input {0} is {4} ({5} + 2·{6}); the extent must be in [1, {4}]");

    /// <summary>CNVG0106: two properties that set the same thing were both given.</summary>
    public static readonly DiagnosticDescriptor ConflictingProperties = Error("CNVG0106", Layer,
        "Conflicting layer properties",
        "'{0}' conflicts with '{1}', which is also set; use either the square form or the per-axis form");

    /// <summary>CNVG0107: a tensor of the layer is too large for 32-bit span indexing.</summary>
    public static readonly DiagnosticDescriptor TensorTooLarge = Error("CNVG0107", Layer,
        "Layer tensor is too large",
        "The {0} has {1} elements; it must be in [1, {2}]");

    /// <summary>CNVG0108: an enum-typed property holds an undefined value.</summary>
    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("CNVG0108", Layer,
        "Undefined enum value",
        "'{0}' is {1}, which is not a defined {2} value; allowed: {3}");

    /// <summary>CNVG0120: an SCC layer's ChannelGroups does not divide InChannels.</summary>
    public static readonly DiagnosticDescriptor ChannelGroupsNotDivisor = Error("CNVG0120", Layer,
        "ChannelGroups must divide InChannels",
        "'ChannelGroups' is {0} but InChannels is {1}, which is not a multiple of it; ChannelGroups must divide InChannels: {2}");

    /// <summary>CNVG0121: an SCC overlap (fraction or channel count) is out of range.</summary>
    public static readonly DiagnosticDescriptor OverlapOutOfRange = Error("CNVG0121", Layer,
        "Overlap is out of range",
        "'{0}' is {1}; it must be in [0, {2}]{3}");

    /// <summary>CNVG0122: both Overlap and OverlapChannels are set.</summary>
    public static readonly DiagnosticDescriptor ConflictingOverlap = Error("CNVG0122", Layer,
        "Overlap given twice",
        "'OverlapChannels' ({0}) conflicts with 'Overlap' ({1}), which is also set; give the overlap either as a fraction co in [0, 1] (Overlap) or as a channel count in [0, {2}] (OverlapChannels)");

    /// <summary>CNVG0123 (info): co·gw is not a whole number of channels, where DSXplore's implementations disagree.</summary>
    public static readonly DiagnosticDescriptor NonIntegralOverlap = new("CNVG0123",
        "Overlap is not a whole number of channels",
        "Overlap = {0} with group width gw = {1} gives co·gw = {2} channels; ConvGen uses ⌊co·gw⌋ = {3} overlapping channels (channel stride {4}), as DSXplore's PyTorch reference does, while DSXplore's CUDA kernels assume a stride of {5} ({6} overlapping channels); set OverlapChannels in [0, {1}] to state the overlap exactly",
        Layer, DiagnosticSeverity.Info, isEnabledByDefault: true);

    /// <summary>CNVG0124: an activation was requested on a backward pass.</summary>
    public static readonly DiagnosticDescriptor ActivationOnBackwardPass = Error("CNVG0124", Layer,
        "Activation applies to the forward pass only",
        "'Activation' is {0} but Pass is {1}; activations are fused into the forward pass only, so a backward kernel must use Activation.None and take the gradient after the activation's derivative (ActivationGradient.FromOutput computes it from the forward kernel's output)");

    /// <summary>CNVG0125: an SCC layer's channel tables exceed what ConvGen tabulates or emits.</summary>
    public static readonly DiagnosticDescriptor SccTablesTooLarge = Error("CNVG0125", Layer,
        "The sliding-channel tables are too large",
        "The overlap of {0} of {1} channels (a channel stride of {2}) is too large to tabulate: {3}; a channel stride that shares a larger factor with InChannels ({4}) gives a shorter cycle of windows");

    /// <summary>CNVG0126: the leaky ReLU's negative slope is not a number in [0, 1].</summary>
    public static readonly DiagnosticDescriptor NegativeSlopeOutOfRange = Error("CNVG0126", Layer,
        "NegativeSlope is out of range",
        "'NegativeSlope' is {0}; it must be in [0, 1] (0 makes the leaky ReLU a ReLU, 1 the identity)");

    /// <summary>CNVG0127: NegativeSlope with an activation other than the leaky ReLU.</summary>
    public static readonly DiagnosticDescriptor NegativeSlopeWithoutLeakyRelu = Error("CNVG0127", Layer,
        "NegativeSlope without the leaky ReLU",
        "'NegativeSlope' is {0} but Activation is {1}; the slope only applies to Activation.LeakyRelu{2}");

    /// <summary>CNVG0130: WinogradTile is not a tile of the attribute at hand (2, 4 or 6 for a 3×3 [Conv2D], 2 or 4 for a 5×5 one or a [ConvTranspose2D]; 0 lets the cost model choose).</summary>
    public static readonly DiagnosticDescriptor UnsupportedWinogradTile = Error("CNVG0130", Layer,
        "Unsupported Winograd tile",
        "WinogradTile = {0} is not supported; use {1}");

    /// <summary>CNVG0131: F(6×6, 3×3), or Winograd on a 5×5 kernel, requested without the lower-precision opt-in.</summary>
    public static readonly DiagnosticDescriptor WinogradTileNeedsLowPrecision = Error("CNVG0131", Layer,
        "This Winograd plan needs the lower-precision opt-in",
        "{0} has an error bound of {1}; set AllowLowPrecisionWinograd = true to accept it, or {2}");

    /// <summary>CNVG0132 (warning): Winograd was forced on a layer it cannot serve; the direct kernel is generated instead.</summary>
    public static readonly DiagnosticDescriptor WinogradNotApplicable = new("CNVG0132",
        "Winograd cannot serve this layer",
        "Algorithm = ConvAlgorithm.Winograd cannot serve this layer: {0}; ConvGen generates the direct kernel instead",
        Layer, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>CNVG0133 (info): which algorithm Auto picked for a Winograd-shaped layer (3×3, or 5×5, stride 1), and why.</summary>
    public static readonly DiagnosticDescriptor AutoAlgorithmChoice = new("CNVG0133",
        "Algorithm chosen by the cost model",
        "Algorithm = Auto picked {0} for this stride-1 layer: {1}",
        Layer, DiagnosticSeverity.Info, isEnabledByDefault: true);

    /// <summary>CNVG0134: a nonzero WinogradTile with an algorithm that ignores it (Auto or Direct).</summary>
    public static readonly DiagnosticDescriptor WinogradOptionWithoutWinograd = Error("CNVG0134", Layer,
        "Winograd option without Winograd",
        "'{0}' only applies to Winograd; it is set but Algorithm = ConvAlgorithm.{1}{2}");

    /// <summary>CNVG0140: a transposed convolution's output padding is not below its stride.</summary>
    public static readonly DiagnosticDescriptor OutputPaddingOutOfRange = Error("CNVG0140", Layer,
        "Output padding must be less than the stride",
        "'{0}' is {1}; output padding must be in [0, {2}] (less than the {3} stride {4})");

    /// <summary>CNVG0141: a transposed convolution's padding removes its whole output.</summary>
    public static readonly DiagnosticDescriptor EmptyTransposedOutput = Error("CNVG0141", Layer,
        "The output would be empty",
        "The output {0} would be {1} = ({2} − 1)·{3} − 2·{4} + {5}·({6} − 1) + {7} + 1; '{8}' must be in [0, {9}] for an output of at least one {10}");

    /// <summary>CNVG0142 (warning): Winograd was forced on a transposed layer whose phases it cannot serve; direct TDC is generated.</summary>
    public static readonly DiagnosticDescriptor TransposedWinogradNotApplicable = new("CNVG0142",
        "Winograd cannot serve this transposed layer",
        "Algorithm = ConvAlgorithm.Winograd cannot serve this transposed layer: {0}; ConvGen generates the direct TDC kernel instead",
        Layer, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>CNVG0900: the generator failed internally; the message carries the exception.</summary>
    public static readonly DiagnosticDescriptor InternalError = new("CNVG0900",
        "ConvGen generator failure",
        "ConvGen could not generate '{0}': {1}",
        "ConvGen.Internal", DiagnosticSeverity.Error, isEnabledByDefault: true);
}
