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
    public static float[] Data(int count, Random random, bool sixteenths)
    {
        if (!sixteenths)
        {
            return ForwardChecks.RandomData(count, random);
        }
        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = random.Next(-32, 33) / 16f;
        }
        return data;
    }

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
        ReferenceResult expected = TransposedConvReference.Forward(s.Parameters, batch, s.Height, s.Width, input, weights, bias, s.ReferenceActivation);
        return expected.IsWithinBound(output, layer.Kappa, out string? failure)
            ? null
            : $"{layer.Name} forward batch {batch} [{ForwardChecks.ActivePath}]: {failure}";
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
