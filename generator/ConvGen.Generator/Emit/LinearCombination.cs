using System;
using System.Collections.Generic;

namespace ConvGen.Generator.Emit;

/// <summary>
/// A constant linear combination Σ_k c_k·x_k as C# source, for the straight-line filter transforms of the Winograd
/// kernels (<see cref="WinogradFilterTransformEmitter"/>) and of TDC (<see cref="TdcWeightTransformEmitter"/>): the
/// products whose coefficient is zero or whose term is null (identically zero) left out, ±1 unmultiplied, the terms
/// in k order.
/// </summary>
internal static class LinearCombination
{
    /// <summary>
    /// The combination, or null when nothing is left. <paramref name="literal"/> writes a coefficient's magnitude;
    /// with <paramref name="termFirst"/> a product is <c>term * literal</c> (a vector times a scalar), else
    /// <c>literal * term</c>.
    /// </summary>
    public static string? Format(IEnumerable<(double Coefficient, string? Term)> terms, Func<double, string> literal, bool termFirst)
    {
        var parts = new List<string>();
        foreach ((double c, string? term) in terms)
        {
            if (c == 0 || term is null)
            {
                continue;
            }
            double magnitude = Math.Abs(c);
            string product = magnitude == 1 ? term : termFirst ? $"{term} * {literal(magnitude)}" : $"{literal(magnitude)} * {term}";
            parts.Add(parts.Count == 0 ? (c < 0 ? "-" + product : product) : (c < 0 ? "- " : "+ ") + product);
        }
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}
