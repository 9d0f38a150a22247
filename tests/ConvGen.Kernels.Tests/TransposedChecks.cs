using System;
using System.Collections.Generic;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Tests.Reference;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The numeric checks of generated [ConvTranspose2D] kernels (forward, packed forward, backward-data, backward-weights
/// and the bias gradient) against <see cref="TransposedConvReference"/>, shared by the xUnit tests and the
/// <c>isa-check</c> child process.
/// </summary>
internal static class TransposedChecks
{
    /// <summary>Backward passes: |g − g64| ≤ κ·2^-23·Σ|terms| with κ = 4, as for the direct forward kernels.</summary>
    public const double BackwardKappa = 4;

    /// <summary>
    /// Random data: full-mantissa values in [-1, 1] (rounding happens, so the κ bound is exercised), or multiples of
    /// 1/16 in [-2, 2] (every product and partial sum is exact in float32, so a direct kernel must match fp64 exactly
    /// and the sums are large enough for ReLU6 to clamp).
    /// </summary>
    public static float[] Data(int count, Random random, bool sixteenths) =>
        sixteenths ? ForwardChecks.Sixteenths(count, random) : ForwardChecks.RandomData(count, random);

    /// <summary>Forward on <paramref name="batch"/> images of random data; null when every element is within the bound.</summary>
    public static string? CheckForward(TransposedCase layer, int batch, int seed, bool sixteenths)
    {
        var random = new Random(seed);
        TransposedLayerShape s = layer.Shape;
        float[] input = Data(batch * s.InputImage, random, sixteenths);
        float[] weights = Data(s.WeightCount, random, sixteenths);
        float[] bias = layer.HasBias ? Data(s.OutChannels, random, sixteenths) : Array.Empty<float>();
        float[] output = SccChecks.Filled(batch * s.OutputImage); // NaN: every element must be written
        layer.Run(input, weights, bias, output);
        ReferenceResult expected = Expected(layer, batch, input, weights, bias);
        if (!expected.IsWithinBound(output, layer.Kappa, out string? failure))
        {
            return $"{layer.Name} forward batch {batch} [{ForwardChecks.ActivePath}]: {failure}";
        }
        double relL2 = RelativeL2(output, expected.Values);
        return layer.Winograd && !(relL2 <= layer.RelL2)
            ? $"{layer.Name} forward batch {batch} [{ForwardChecks.ActivePath}]: relL2 {relL2:R} > {layer.RelL2}"
            : null;
    }

    /// <summary>The aggregate check of winograd-spec §2.4 for n ≤ 4 (F(2,3)): ‖y − y64‖₂ / ‖y64‖₂ ≤ 2e-6.</summary>
    public const double WinogradRelL2 = 2e-6;

    /// <summary>‖actual − expected‖₂ / ‖expected‖₂.</summary>
    public static double RelativeL2(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        double error = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = actual[i] - expected[i];
            error += d * d;
            norm += expected[i] * expected[i];
        }
        return norm > 0 ? Math.Sqrt(error / norm) : Math.Sqrt(error);
    }

    /// <summary>
    /// The fp64 reference of a forward layer, with Σ|terms| per element for direct TDC, or the window magnitudes of
    /// <see cref="WinogradWindowMagnitudes"/> for a Winograd layer.
    /// </summary>
    public static ReferenceResult Expected(TransposedCase layer, int batch, float[] input, float[] weights, float[] bias)
    {
        TransposedLayerShape s = layer.Shape;
        if (!layer.Winograd)
        {
            return TransposedConvReference.Forward(s.Parameters, batch, s.Height, s.Width, input, weights, bias, s.ReferenceActivation, s.NegativeSlope);
        }
        ReferenceResult linear = TransposedConvReference.Forward(s.Parameters, batch, s.Height, s.Width, input, weights, bias, ReferenceActivation.None);
        return ReferenceActivations.Apply(new ReferenceResult(linear.Shape, linear.Values, WinogradWindowMagnitudes(s, batch, input, weights, bias)), s.ReferenceActivation, s.NegativeSlope);
    }

    /// <summary>
    /// The magnitude a Winograd tile's rounding error scales with, per output element. In the shared-input form
    /// (winograd-spec §5.4) output S·u + φ of every phase is computed from the transform of the common input window
    /// x[u + e0 … u + e0 + T' − 1] per axis (e0 = min over phases of ⌊(φ + p)/S⌋ − (T − 1), T = ⌈k/S⌉, T' covering all
    /// phases), zero taps included: a window input whose tap is structurally zero still enters the transforms' rounding
    /// (e.g. B^T·d mixes d1 and d2 even when only d1 has a weight), so Σ|w·x| over the contributing terms alone is not a
    /// bound when few terms reach an output (output-padding rows, few channels). Returned: Σ over the group's input channels
    /// of max|w[ci][co]| · Σ_window |x| (+ |bias|), which is ≥ Σ|terms|.
    /// </summary>
    public static double[] WinogradWindowMagnitudes(TransposedLayerShape s, int batch, float[] input, float[] weights, float[] bias)
    {
        (int top, int rows) = SharedWindow(s.KernelHeight, s.StrideHeight, s.PaddingHeight);
        (int left, int columns) = SharedWindow(s.KernelWidth, s.StrideWidth, s.PaddingWidth);
        int cig = s.InChannels / s.Groups, cog = s.OutChannels / s.Groups, taps = s.KernelHeight * s.KernelWidth;
        int oh = s.OutHeight, ow = s.OutWidth;
        var result = new double[batch * s.OutputImage];
        for (int b = 0; b < batch; b++)
        {
            for (int co = 0; co < s.OutChannels; co++)
            {
                int group = co / cog, j = co % cog;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = bias.Length > 0 ? Math.Abs(bias[co]) : 0;
                        for (int ci = group * cig; ci < (group + 1) * cig; ci++)
                        {
                            double maxWeight = 0, window = 0;
                            for (int t = 0; t < taps; t++)
                            {
                                maxWeight = Math.Max(maxWeight, Math.Abs(weights[(((ci * cog) + j) * taps) + t]));
                            }
                            for (int wy = 0; wy < rows; wy++)
                            {
                                int iy = (oy / s.StrideHeight) + top + wy;
                                for (int wx = 0; wx < columns; wx++)
                                {
                                    int ix = (ox / s.StrideWidth) + left + wx;
                                    if (iy >= 0 && iy < s.Height && ix >= 0 && ix < s.Width)
                                    {
                                        window += Math.Abs(input[(((((b * s.InChannels) + ci) * s.Height) + iy) * s.Width) + ix]);
                                    }
                                }
                            }
                            sum += maxWeight * window;
                        }
                        result[(((((b * s.OutChannels) + co) * oh) + oy) * ow) + ox] = sum;
                    }
                }
            }
        }
        return result;
    }

    /// <summary>Start offset e0 and length T' of the shared input window on one axis (dilation 1; winograd-spec §5.1, §5.4).</summary>
    public static (int Start, int Length) SharedWindow(int kernel, int stride, int padding)
    {
        int t = (kernel + stride - 1) / stride;
        int start = int.MaxValue, end = int.MinValue;
        for (int phase = 0; phase < stride; phase++)
        {
            int offset = ((phase + padding) / stride) - (t - 1);
            start = Math.Min(start, offset);
            end = Math.Max(end, offset + t);
        }
        return (start, end - start);
    }

    /// <summary>The packed overload with <c>{Method}PackWeights</c>; null when it equals the plain overload bit for bit.</summary>
    public static string? CheckPacked(TransposedCase layer, int batch, int seed)
    {
        var random = new Random(seed);
        TransposedLayerShape s = layer.Shape;
        float[] input = ForwardChecks.RandomData(batch * s.InputImage, random);
        float[] weights = ForwardChecks.RandomData(s.WeightCount, random);
        float[] bias = layer.HasBias ? ForwardChecks.RandomData(s.OutChannels, random) : Array.Empty<float>();
        float[] expected = SccChecks.Filled(batch * s.OutputImage), actual = SccChecks.Filled(expected.Length);
        layer.Run(input, weights, bias, expected);
        layer.RunPacked(input, layer.Pack(weights), bias, actual);
        return FirstDifference($"{layer.Name} packed batch {batch}", actual, expected, "the plain overload");
    }

    /// <summary>Backward-data on random data; null when every element is within the bound.</summary>
    public static string? CheckBackwardData(TransposedBackwardCase layer, int seed, bool sixteenths)
    {
        var random = new Random(seed);
        TransposedLayerShape s = layer.Shape;
        float[] gradOutput = Data(layer.Batch * s.OutputImage, random, sixteenths);
        float[] weights = Data(s.WeightCount, random, sixteenths);
        float[] gradInput = SccChecks.Filled(layer.Batch * s.InputImage);
        layer.Data(gradOutput, weights, gradInput);
        ReferenceResult expected = TransposedConvReference.BackwardData(s.Parameters, layer.Batch, s.Height, s.Width, gradOutput, weights);
        return expected.IsWithinBound(gradInput, BackwardKappa, out string? failure)
            ? null
            : $"{layer.Name} backward-data [{ForwardChecks.ActivePath}]: {failure}";
    }

    /// <summary>Backward-weights (and the bias gradient) on random data; null when every element is within the bound.</summary>
    public static string? CheckBackwardWeights(TransposedBackwardCase layer, int seed, bool sixteenths)
    {
        var random = new Random(seed);
        TransposedLayerShape s = layer.Shape;
        float[] input = Data(layer.Batch * s.InputImage, random, sixteenths);
        float[] gradOutput = Data(layer.Batch * s.OutputImage, random, sixteenths);
        float[] gradWeights = SccChecks.Filled(s.WeightCount); // overwritten, not accumulated
        float[] gradBias = SccChecks.Filled(layer.HasBias ? s.OutChannels : 0);
        layer.Weights(input, gradOutput, gradWeights, gradBias);
        ReferenceWeightGradients expected = TransposedConvReference.BackwardWeights(s.Parameters, layer.Batch, s.Height, s.Width, input, gradOutput);
        if (!expected.Weight.IsWithinBound(gradWeights, BackwardKappa, out string? failure))
        {
            return $"{layer.Name} backward-weights [{ForwardChecks.ActivePath}]: {failure}";
        }
        if (layer.HasBias && !expected.Bias.IsWithinBound(gradBias, BackwardKappa, out failure))
        {
            return $"{layer.Name} bias gradient [{ForwardChecks.ActivePath}]: {failure}";
        }
        return null;
    }

    /// <summary>The index and values of the first element that differs in its bits, or null.</summary>
    public static string? FirstDifference(string what, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string expectedName)
    {
        if (actual.Length != expected.Length)
        {
            return $"{what}: {actual.Length} elements, {expectedName} has {expected.Length}";
        }
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                return $"{what} [{ForwardChecks.ActivePath}]: element {i} is {actual[i]:R}, {expectedName} gives {expected[i]:R}";
            }
        }
        return null;
    }

    /// <summary>Every transposed check; used by the isa-check child process.</summary>
    public static void RunAll(List<string> failures, ref int passed)
    {
        foreach (TransposedCase layer in TransposedCatalog.Forward)
        {
            Record(CheckForward(layer, batch: 1, seed: 1, sixteenths: false), failures, ref passed);
            Record(CheckForward(layer, batch: 3, seed: 2, sixteenths: true), failures, ref passed);
            Record(CheckPacked(layer, batch: 2, seed: 3), failures, ref passed);
        }
        foreach (TransposedBackwardCase layer in TransposedCatalog.Backward)
        {
            Record(CheckBackwardData(layer, seed: 1, sixteenths: false), failures, ref passed);
            Record(CheckBackwardWeights(layer, seed: 1, sixteenths: false), failures, ref passed);
        }
    }

    private static void Record(string? failure, List<string> failures, ref int passed)
    {
        if (failure is null)
        {
            passed++;
        }
        else
        {
            failures.Add(failure);
        }
    }
}
