using System;
using System.Globalization;

namespace ConvGen.Tests.Reference;

/// <summary>Activation applied after bias by <see cref="Conv2DReference.Forward(Conv2DParameters, int, int, int, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReferenceActivation, double)"/>.</summary>
public enum ReferenceActivation
{
    /// <summary>Identity.</summary>
    None = 0,

    /// <summary>max(0, x).</summary>
    Relu = 1,

    /// <summary>min(max(0, x), 6).</summary>
    Relu6 = 2,

    /// <summary>1 / (1 + e^−x).</summary>
    Sigmoid = 3,

    /// <summary>tanh(x).</summary>
    Tanh = 4,

    /// <summary>x·σ(x).</summary>
    Silu = 5,

    /// <summary>min(max(x + 3, 0), 6) / 6.</summary>
    HardSigmoid = 6,

    /// <summary>x·min(max(x + 3, 0), 6) / 6.</summary>
    HardSwish = 7,

    /// <summary>x for x &gt; 0, else s·x, with the negative slope s passed beside it.</summary>
    LeakyRelu = 8,

    /// <summary>x·Φ(x), Φ the standard normal distribution function.</summary>
    Gelu = 9,
}

/// <summary>
/// An fp64 reference tensor (row-major, <see cref="Shape"/>) with, per element, the magnitude sum
/// Σ|terms| of the products (and bias) that were added up. A float32 implementation that accumulates the same
/// terms in any order satisfies |y − y64| ≤ κ·2^-23·Σ|terms| with κ about the number of terms per output
/// (the final rounding to float adds at most 2^-24·|y64| ≤ 2^-24·Σ|terms|). ReLU/ReLU6 do not increase the error.
/// </summary>
public sealed class ReferenceResult
{
    /// <summary>2^-23, the float32 machine epsilon.</summary>
    public const double Fp32Epsilon = 1.0 / 8388608.0;

    /// <summary>Creates a result; the arrays are kept, not copied. <paramref name="slack"/>: see <see cref="Slack"/>.</summary>
    public ReferenceResult(int[] shape, double[] values, double[] magnitudes, double[]? slack = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(magnitudes);
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }

        if (count != values.Length || values.Length != magnitudes.Length || (slack != null && slack.Length != values.Length))
        {
            throw new ArgumentException("Shape, values, magnitudes and slack disagree in length.");
        }

        Shape = shape;
        Values = values;
        Magnitudes = magnitudes;
        Slack = slack;
    }

    /// <summary>Dimensions, e.g. [B, C, H, W].</summary>
    public int[] Shape { get; }

    /// <summary>fp64 values.</summary>
    public double[] Values { get; }

    /// <summary>Σ|terms| per element.</summary>
    public double[] Magnitudes { get; }

    /// <summary>
    /// Per element, an absolute error allowed besides κ·2^-23·Σ|terms|: a smooth activation's own rounding
    /// (<see cref="ReferenceActivations.Apply(ReferenceResult, ReferenceActivation, double)"/>); null for none.
    /// </summary>
    public double[]? Slack { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Values.Length;

    /// <summary>The allowed absolute error of element i: κ·2^-23·Σ|terms|, plus the activation's <see cref="Slack"/>.</summary>
    public double Bound(int index, double kappa) => kappa * Fp32Epsilon * Magnitudes[index] + (Slack?[index] ?? 0);

    /// <summary>The values rounded to float32.</summary>
    public float[] ToSingle()
    {
        var result = new float[Values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (float)Values[i];
        }

        return result;
    }

    /// <summary>
    /// Largest (|actual − y64| − slack) / (2^-23·Σ|terms|) over all elements, i.e. the smallest κ for which
    /// <paramref name="actual"/> is within the bound (infinity when an element with Σ = 0 differs).
    /// </summary>
    public double MaxErrorRatio(ReadOnlySpan<float> actual)
    {
        CheckLength(actual.Length);
        double worst = 0;
        for (int i = 0; i < Values.Length; i++)
        {
            double error = Math.Abs(actual[i] - Values[i]) - (Slack?[i] ?? 0);
            if (error <= 0)
            {
                continue;
            }

            double scale = Fp32Epsilon * Magnitudes[i];
            double ratio = scale > 0 ? error / scale : double.PositiveInfinity;
            if (!(ratio <= worst))
            {
                worst = double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
            }
        }

        return worst;
    }

    /// <summary>True when every element of <paramref name="actual"/> is within κ·2^-23·Σ|terms|; otherwise describes the first failure.</summary>
    public bool IsWithinBound(ReadOnlySpan<float> actual, double kappa, out string? failure)
    {
        CheckLength(actual.Length);
        for (int i = 0; i < Values.Length; i++)
        {
            double error = Math.Abs(actual[i] - Values[i]);
            if (!(error <= Bound(i, kappa)))
            {
                failure = string.Format(
                    CultureInfo.InvariantCulture,
                    "element {0} ({1}): actual {2:R}, fp64 {3:R}, |error| {4:R} > bound {5:R} (kappa {6}, sum|terms| {7:R})",
                    i,
                    FormatIndex(i),
                    actual[i],
                    Values[i],
                    error,
                    Bound(i, kappa),
                    kappa,
                    Magnitudes[i]);
                return false;
            }
        }

        failure = null;
        return true;
    }

    /// <summary>The multi-index of flat element i, e.g. "[1,2,0,3]".</summary>
    public string FormatIndex(int index)
    {
        var parts = new string[Shape.Length];
        for (int d = Shape.Length - 1; d >= 0; d--)
        {
            parts[d] = (index % Shape[d]).ToString(CultureInfo.InvariantCulture);
            index /= Shape[d];
        }

        return "[" + string.Join(",", parts) + "]";
    }

    internal static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    private void CheckLength(int length)
    {
        if (length != Values.Length)
        {
            throw new ArgumentException("Expected " + Values.Length.ToString(CultureInfo.InvariantCulture) + " elements, got " + length.ToString(CultureInfo.InvariantCulture) + ".");
        }
    }
}

/// <summary>Weight and bias gradients of a layer.</summary>
public sealed class ReferenceWeightGradients
{
    /// <summary>Creates the pair.</summary>
    public ReferenceWeightGradients(ReferenceResult weight, ReferenceResult bias)
    {
        Weight = weight;
        Bias = bias;
    }

    /// <summary>dL/dW, in the layer's weight layout.</summary>
    public ReferenceResult Weight { get; }

    /// <summary>dL/dbias [Cout] = Σ over batch and pixels of dY (computed whether or not the layer has a bias).</summary>
    public ReferenceResult Bias { get; }
}
