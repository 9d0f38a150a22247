using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Reference;
using ConvGen.Tests.Reference;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The numeric checks of generated forward kernels, shared by the xUnit tests and by the <c>isa-check</c> child
/// process that re-runs them with AVX2 or all hardware intrinsics disabled.
/// </summary>
internal static class ForwardChecks
{
    /// <summary>Direct convolution: |y − y64| ≤ κ·2^-23·Σ|w·x| with κ = 4 (winograd-spec §2.4).</summary>
    public const double DirectKappa = 4;

    /// <summary>The active SIMD path, as the generated dispatch sees it.</summary>
    public static string ActivePath => ConvSimd.ActivePath;

    /// <summary>Random data in [-1, 1] with full mantissas, so rounding actually happens and the bound is exercised.</summary>
    public static float[] RandomData(int count, Random random)
    {
        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return data;
    }

    /// <summary>
    /// Random multiples of 1/16 in [-2, 2]: products and partial sums of such values are exact in float32 as long as the
    /// sums stay small, so a kernel must match its reference exactly.
    /// </summary>
    public static float[] Sixteenths(int count, Random random)
    {
        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = random.Next(-32, 33) / 16f;
        }
        return data;
    }

    public static Conv2DParameters Parameters(in Conv2DShape s) =>
        new(s.InChannels, s.OutChannels, s.KernelHeight, s.KernelWidth, s.StrideHeight, s.StrideWidth,
            s.PaddingHeight, s.PaddingWidth, s.DilationHeight, s.DilationWidth, s.Groups);

    public static ReferenceActivation Activation(in Conv2DShape s) => (ReferenceActivation)(int)s.Activation;

    /// <summary>Runs <paramref name="layer"/> on random data; null when every element is within the bound.</summary>
    public static string? CheckAgainstFp64(LayerCase layer, int seed)
    {
        var random = new Random(seed);
        Conv2DShape s = layer.Shape;
        float[] input = RandomData(layer.Batch * s.InputImage, random);
        float[] weights = RandomData(s.WeightCount, random);
        float[] bias = layer.HasBias ? RandomData(s.OutChannels, random) : Array.Empty<float>();
        float[] output = new float[layer.Batch * s.OutputImage];
        Array.Fill(output, float.NaN); // every element must be written
        layer.Run(input, weights, bias, output);

        ReferenceResult expected = Conv2DReference.Forward(Parameters(s), layer.Batch, s.Height, s.Width, input, weights, bias, Activation(s), s.NegativeSlope);
        return expected.IsWithinBound(output, layer.Kappa, out string? failure) ? null : $"{layer.Name} [{ActivePath}]: {failure}";
    }

    /// <summary>Runs the exact vector <paramref name="name"/>; null when the output matches bit for bit.</summary>
    public static string? CheckVector(string name)
    {
        LayerCase layer = LayerCatalog.Vectors[name];
        TestVector vector = TestVectors.LoadNamed(name);
        float[] bias = vector.TryTensor("bias")?.Data ?? Array.Empty<float>();
        float[] expected = vector.Tensor("output").Data;
        float[] output = new float[expected.Length];
        layer.Run(vector.Tensor("input").Data, vector.Tensor("weight").Data, bias, output);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(output[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                return $"{name} [{ActivePath}]: element {i} is {output[i]:R}, expected exactly {expected[i]:R}";
            }
        }
        return null;
    }

    /// <summary>Packed weights through the packed overload; null when the output equals the OIHW overload's bit for bit.</summary>
    public static string? CheckPacked(string name)
    {
        LayerCase layer = LayerCatalog.Find(name);
        var random = new Random(11);
        float[] x = RandomData(layer.Batch * layer.Shape.InputImage, random);
        float[] w = RandomData(layer.Shape.WeightCount, random);
        float[] b = layer.HasBias ? RandomData(layer.Shape.OutChannels, random) : Array.Empty<float>();
        float[] expected = new float[layer.Batch * layer.Shape.OutputImage], actual = new float[expected.Length];
        layer.Run(x, w, b, expected);
        Array.Fill(actual, float.NaN);
        (Func<float[], PackedWeights> pack, LayerCatalog.PackedRun run) = LayerCatalog.Packed[name];
        run(x, pack(w), b, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                return $"{name} packed [{ActivePath}]: element {i} is {actual[i]:R}, the OIHW overload gives {expected[i]:R}";
            }
        }
        return null;
    }

    /// <summary>Every check of this assembly; used by the isa-check child process.</summary>
    public static List<string> RunAll(out int passed)
    {
        var failures = new List<string>();
        passed = 0;
        foreach (LayerCase layer in LayerCatalog.All)
        {
            Record(CheckAgainstFp64(layer, seed: 1), failures, ref passed);
        }
        foreach (string name in LayerCatalog.Vectors.Keys)
        {
            Record(CheckVector(name), failures, ref passed);
        }
        foreach (string name in LayerCatalog.Packed.Keys)
        {
            Record(CheckPacked(name), failures, ref passed);
        }
        return failures;
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
