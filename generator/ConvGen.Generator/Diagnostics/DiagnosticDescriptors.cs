using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic ConvGen reports, one descriptor per rule. IDs are stable (tracked in AnalyzerReleases.*.md):
/// CNVG00xx method shape, CNVG01xx attribute values (CNVG014x: training passes), CNVG09xx internal failures.
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
        "Method '{0}' has parameters ({1}); expected ({2})");

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
        "ConvGen kernels need C# 11 or later (static abstract interface members and file-local types); this project uses C# {0}");

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
        "'Groups' is {0} but {1} is {2}, which is not a multiple of it; Groups must divide both InChannels and OutChannels");

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
        "The {0} of one image has {1} elements; it must be in [1, {2}]");

    /// <summary>CNVG0108: an enum-typed property holds an undefined value.</summary>
    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("CNVG0108", Layer,
        "Undefined enum value",
        "'{0}' is {1}, which is not a defined {2} value; allowed: {3}");

    /// <summary>CNVG0140: a backward pass declared with a fused activation.</summary>
    public static readonly DiagnosticDescriptor ActivationOnBackwardPass = Error("CNVG0140", Layer,
        "Backward passes take no activation",
        "'Activation = {0}' cannot be used with 'Pass = {1}': backward kernels compute the gradient of the linear part, so declare them with Activation = None and pass the gradient after the activation's derivative (for ReLU, zero gradOutput where the forward output is 0)");

    /// <summary>CNVG0900: the generator failed internally; the message carries the exception.</summary>
    public static readonly DiagnosticDescriptor InternalError = new("CNVG0900",
        "ConvGen generator failure",
        "ConvGen could not generate '{0}': {1}",
        "ConvGen.Internal", DiagnosticSeverity.Error, isEnabledByDefault: true);
}
