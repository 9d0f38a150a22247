using System.Collections.Generic;
using System.Globalization;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Parsing;

/// <summary>
/// The leaky ReLU's <c>NegativeSlope</c>, which <c>[Conv2D]</c>, <c>[ConvTranspose2D]</c> and
/// <c>[SlidingChannelConv]</c> share: PyTorch's default of 0.01 when unset, a value in [0, 1] (CNVG0126), and only
/// with <c>Activation.LeakyRelu</c> (CNVG0127). A slope of 0 is a ReLU and of 1 the identity, and the layer is read
/// as those, so no kernel computes x·0 (which would turn an infinite output into NaN) or a maximum that changes nothing.
/// </summary>
internal static class NegativeSlopeReader
{
    /// <summary>PyTorch's <c>LeakyReLU</c> default, as the attribute documents it.</summary>
    public const float DefaultSlope = 0.01f;

    /// <summary>
    /// The slope of <paramref name="activation"/> (0 unless it is the leaky ReLU), after reporting what is wrong with
    /// the argument; <paramref name="activation"/> becomes ReLU or None for slopes of 0 or 1.
    /// </summary>
    public static float Read(AttributeArguments args, ref ActivationKind activation, List<DiagnosticInfo> diagnostics)
    {
        if (!args.IsSet("NegativeSlope"))
        {
            return activation == ActivationKind.LeakyRelu ? DefaultSlope : 0f;
        }
        if (args.GetFloat("NegativeSlope") is not float slope)
        {
            return 0f; // does not bind to a constant: the compiler reports it
        }
        string text = float.IsNaN(slope) ? "float.NaN" : float.IsPositiveInfinity(slope) ? "float.PositiveInfinity"
            : float.IsNegativeInfinity(slope) ? "float.NegativeInfinity" : slope.ToString("R", CultureInfo.InvariantCulture);
        if (args.GetInt("Activation") is int declared && (declared < 0 || declared >= ActivationNames.Members.Length))
        {
            return 0f; // an undefined activation is CNVG0108's to report, not read as None here
        }
        if (activation != ActivationKind.LeakyRelu)
        {
            string name = (int)activation < ActivationNames.Members.Length ? ActivationNames.Members[(int)activation] : ((int)activation).ToString(CultureInfo.InvariantCulture);
            // On a backward pass the way out is to remove the slope, not to add the activation (that is CNVG0124).
            string backward = args.GetInt("Pass") is 1 or 2 ? ", on a forward pass: backward passes take neither an activation nor a slope" : string.Empty;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NegativeSlopeWithoutLeakyRelu, args.LocationOf("NegativeSlope"), text, name, backward));
            return 0f;
        }
        if (!(slope >= 0f && slope <= 1f))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NegativeSlopeOutOfRange, args.LocationOf("NegativeSlope"), text));
            return 0f;
        }
        if (slope == 0f || slope == 1f)
        {
            activation = slope == 0f ? ActivationKind.Relu : ActivationKind.None;
            return 0f;
        }
        return slope;
    }
}
