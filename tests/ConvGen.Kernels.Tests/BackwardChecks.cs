using System;
using System.Collections.Generic;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Reference;
using ConvGen.Tests.Reference;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The numeric checks of generated backward kernels, shared by the xUnit tests and the <c>isa-check</c> child process:
/// gradInput, gradWeights and gradBias against the fp64 references (bound κ·2^-23·Σ|terms|), and the exact vectors.
/// </summary>
internal static class BackwardChecks
{
    /// <summary>κ for the backward passes, as for the forward direct kernels.</summary>
    public const double Kappa = 4;

    /// <summary>Backward-data on random data; null when every element is within the bound.</summary>
    public static string? CheckData(BackwardLayerCase layer, int seed)
    {
        var random = new Random(seed);
        Conv2DShape s = layer.Shape;
        float[] gradOutput = ForwardChecks.RandomData(layer.Batch * s.OutputImage, random);
        float[] weights = ForwardChecks.RandomData(s.WeightCount, random);
        float[] gradInput = new float[layer.Batch * s.InputImage];
        Array.Fill(gradInput, float.NaN); // every element must be written
        layer.Data(gradOutput, weights, gradInput);
        ReferenceResult expected = Conv2DReference.BackwardData(ForwardChecks.Parameters(s), layer.Batch, s.Height, s.Width, gradOutput, weights);
        return expected.IsWithinBound(gradInput, layer.DataKappa, out string? failure) ? null : $"{layer.Name} data [{ForwardChecks.ActivePath}]: {failure}";
    }

    /// <summary>Backward-weights (and bias) on random data; null when every element is within the bound.</summary>
    public static string? CheckWeights(BackwardLayerCase layer, int seed)
    {
        var random = new Random(seed);
        Conv2DShape s = layer.Shape;
        float[] input = ForwardChecks.RandomData(layer.Batch * s.InputImage, random);
        float[] gradOutput = ForwardChecks.RandomData(layer.Batch * s.OutputImage, random);
        float[] gradWeights = new float[s.WeightCount];
        float[] gradBias = new float[layer.HasBias ? s.OutChannels : 0];
        Array.Fill(gradWeights, float.NaN); // overwritten, not accumulated
        Array.Fill(gradBias, float.NaN);
        layer.Weights(input, gradOutput, gradWeights, gradBias);
        ReferenceWeightGradients expected = Conv2DReference.BackwardWeights(ForwardChecks.Parameters(s), layer.Batch, s.Height, s.Width,
            ReferenceResult.ToDouble(input), ReferenceResult.ToDouble(gradOutput));
        if (!expected.Weight.IsWithinBound(gradWeights, layer.WeightsKappa, out string? failure))
        {
            return $"{layer.Name} weights [{ForwardChecks.ActivePath}]: {failure}";
        }
        if (layer.HasBias && !expected.Bias.IsWithinBound(gradBias, Kappa, out failure))
        {
            return $"{layer.Name} bias [{ForwardChecks.ActivePath}]: {failure}";
        }
        return null;
    }

    /// <summary>The backward tensors of the exact vector <paramref name="name"/>, bit for bit; null when they match.</summary>
    public static string? CheckVector(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Vectors[name];
        TestVector vector = TestVectors.LoadNamed(name);
        float[] gradOutput = vector.Tensor("grad_output").Data;
        float[] gradInput = new float[vector.Tensor("grad_input").Length];
        layer.Data(gradOutput, vector.Tensor("weight").Data, gradInput);
        string? failure = Compare(name, "grad_input", gradInput, vector.Tensor("grad_input").Data);
        if (failure is not null)
        {
            return failure;
        }
        float[] gradWeights = new float[vector.Tensor("grad_weight").Length];
        float[] gradBias = new float[layer.HasBias ? layer.Shape.OutChannels : 0];
        layer.Weights(vector.Tensor("input").Data, gradOutput, gradWeights, gradBias);
        failure = Compare(name, "grad_weight", gradWeights, vector.Tensor("grad_weight").Data);
        if (failure is null && layer.HasBias)
        {
            failure = Compare(name, "grad_bias", gradBias, vector.Tensor("grad_bias").Data);
        }
        return failure;
    }

    private static string? Compare(string name, string tensor, float[] actual, float[] expected)
    {
        if (actual.Length != expected.Length)
        {
            return $"{name} {tensor}: {actual.Length} elements, expected {expected.Length}";
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

    /// <summary>Every backward check; used by the isa-check child process.</summary>
    public static void RunAll(List<string> failures, ref int passed)
    {
        foreach (BackwardLayerCase layer in BackwardCatalog.All)
        {
            Record(CheckData(layer, seed: 1), failures, ref passed);
            Record(CheckWeights(layer, seed: 1), failures, ref passed);
        }
        foreach (string name in BackwardCatalog.Vectors.Keys)
        {
            Record(CheckVector(name), failures, ref passed);
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
