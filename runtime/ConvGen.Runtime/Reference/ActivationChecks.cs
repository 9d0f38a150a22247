namespace ConvGen.Reference;

/// <summary>The activation part of the run-time shapes' <c>Validate</c>, one rule for all three.</summary>
internal static class ActivationChecks
{
    /// <summary>
    /// False for an undefined <paramref name="activation"/>, or for the leaky ReLU with a <paramref name="negativeSlope"/>
    /// outside [0, 1] (NaN included); the slope of any other activation is not read.
    /// </summary>
    public static bool IsValid(Activation activation, float negativeSlope) =>
        activation is >= Activation.None and <= Activation.Gelu &&
        (activation != Activation.LeakyRelu || (negativeSlope >= 0f && negativeSlope <= 1f));
}
