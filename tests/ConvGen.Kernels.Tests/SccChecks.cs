using System;
using System.Collections.Generic;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Tests.Reference;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The numeric checks of generated SCC kernels (forward, backward-data, backward-weights and the bias gradient),
/// shared by the xUnit tests and the <c>isa-check</c> child process.
/// </summary>
internal static class SccChecks
{
    /// <summary>|y − y64| ≤ κ·2^-23·Σ|terms| with κ = 4, as for the direct kernels.</summary>
    public const double Kappa = 4;

    public static string? CheckForward(SccCase layer, int seed)
    {
        var random = new Random(seed);
        float[] input = ForwardChecks.RandomData(layer.InputLength, random);
        float[] weights = ForwardChecks.RandomData(layer.WeightCount, random);
        float[] bias = layer.HasBias ? ForwardChecks.RandomData(layer.Layer.OutChannels, random) : Array.Empty<float>();
        float[] output = Filled(layer.OutputLength);
        layer.Forward(input, weights, bias, output);
        ReferenceResult expected = Activate(SccReference.Forward(layer.Layer, layer.Batch, layer.Height, layer.Width, input, weights, bias), layer);
        return expected.IsWithinBound(output, Kappa, out string? failure) ? null : $"{layer.Name} forward [{ForwardChecks.ActivePath}]: {failure}";
    }

    public static string? CheckBackwardData(SccCase layer, int seed)
    {
        var random = new Random(seed);
        float[] gradOutput = ForwardChecks.RandomData(layer.OutputLength, random);
        float[] weights = ForwardChecks.RandomData(layer.WeightCount, random);
        float[] gradInput = Filled(layer.InputLength);
        layer.BackwardDataKernel(gradOutput, weights, gradInput);
        ReferenceResult expected = SccReference.BackwardData(layer.Layer, layer.Batch, layer.Height, layer.Width, gradOutput, weights);
        return expected.IsWithinBound(gradInput, Kappa, out string? failure) ? null : $"{layer.Name} backward-data [{ForwardChecks.ActivePath}]: {failure}";
    }

    public static string? CheckBackwardWeights(SccCase layer, int seed)
    {
        var random = new Random(seed);
        float[] input = ForwardChecks.RandomData(layer.InputLength, random);
        float[] gradOutput = ForwardChecks.RandomData(layer.OutputLength, random);
        float[] gradWeights = Filled(layer.WeightCount);
        float[] gradBias = layer.HasBiasGradient ? Filled(layer.Layer.OutChannels) : Array.Empty<float>();
        layer.BackwardWeights(input, gradOutput, gradWeights, gradBias);
        ReferenceWeightGradients expected = SccReference.BackwardWeights(layer.Layer, layer.Batch, layer.Height, layer.Width, input, gradOutput);
        if (!expected.Weight.IsWithinBound(gradWeights, Kappa, out string? failure))
        {
            return $"{layer.Name} backward-weights [{ForwardChecks.ActivePath}]: {failure}";
        }
        if (layer.HasBiasGradient && !expected.Bias.IsWithinBound(gradBias, Kappa, out failure))
        {
            return $"{layer.Name} bias gradient [{ForwardChecks.ActivePath}]: {failure}";
        }
        return null;
    }

    /// <summary>All three passes (and the bias) of an exact vector, compared bit for bit.</summary>
    public static string? CheckVector(string name)
    {
        SccCase layer = SccCatalog.Vectors[name];
        TestVector vector = TestVectors.LoadNamed(name);
        float[] input = vector.Tensor("input").Data, weights = vector.Tensor("weight").Data, gradOutput = vector.Tensor("grad_output").Data;
        float[] bias = vector.TryTensor("bias")?.Data ?? Array.Empty<float>();

        float[] output = Filled(layer.OutputLength);
        layer.Forward(input, weights, bias, output);
        string? failure = Exact(name, "output", output, vector.Tensor("output").Data);

        float[] gradInput = Filled(layer.InputLength);
        layer.BackwardDataKernel(gradOutput, weights, gradInput);
        failure ??= Exact(name, "grad_input", gradInput, vector.Tensor("grad_input").Data);

        float[] gradWeights = Filled(layer.WeightCount);
        float[] gradBias = layer.HasBiasGradient ? Filled(layer.Layer.OutChannels) : Array.Empty<float>();
        layer.BackwardWeights(input, gradOutput, gradWeights, gradBias);
        failure ??= Exact(name, "grad_weight", gradWeights, vector.Tensor("grad_weight").Data);
        if (layer.HasBiasGradient)
        {
            failure ??= Exact(name, "grad_bias", gradBias, vector.Tensor("grad_bias").Data);
        }
        return failure;
    }

    /// <summary>Every SCC check; used by the isa-check child process.</summary>
    public static void RunAll(List<string> failures, ref int passed)
    {
        foreach (SccCase layer in SccCatalog.All)
        {
            Record(CheckForward(layer, seed: 1), failures, ref passed);
            Record(CheckBackwardData(layer, seed: 1), failures, ref passed);
            Record(CheckBackwardWeights(layer, seed: 1), failures, ref passed);
        }
        foreach (string name in SccCatalog.Vectors.Keys)
        {
            Record(CheckVector(name), failures, ref passed);
        }
    }

    /// <summary>NaN-filled, so an element the kernel fails to write fails the check.</summary>
    public static float[] Filled(int count)
    {
        var data = new float[count];
        Array.Fill(data, float.NaN);
        return data;
    }

    private static string? Exact(string name, string tensor, float[] actual, float[] expected)
    {
        if (actual.Length != expected.Length)
        {
            return $"{name} {tensor} [{ForwardChecks.ActivePath}]: {actual.Length} elements, expected {expected.Length}";
        }
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                return $"{name} {tensor} [{ForwardChecks.ActivePath}]: element {i} is {actual[i]:R}, expected exactly {expected[i]:R}";
            }
        }
        return null;
    }

    /// <summary>The reference with the layer's activation applied, and the error the activation may add (<see cref="ReferenceActivations"/>).</summary>
    private static ReferenceResult Activate(ReferenceResult result, SccCase layer) =>
        ReferenceActivations.Apply(result, (ReferenceActivation)layer.Activation, layer.NegativeSlope);

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
