using System;
using ConvGen.Reference;

namespace ConvGen.Samples.Training.Benchmarks;

/// <summary>A generated backward-data kernel.</summary>
internal delegate void DataKernel(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

/// <summary>
/// A generated backward-weights kernel, without a bias gradient: oneDNN's backward-weights, which the bench compares with,
/// computes none either.
/// </summary>
internal delegate void WeightsKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

/// <summary>One suite layer: its name in configs.csv, its shape and its two generated backward kernels.</summary>
internal sealed record SuiteLayer(string Name, Conv2DShape Shape, DataKernel Data, WeightsKernel Weights)
{
    /// <summary>The layer of two kernels that must declare the same one (their generated shapes are compared).</summary>
    public SuiteLayer(string name, Conv2DShape dataShape, DataKernel data, Conv2DShape weightsShape, WeightsKernel weights)
        : this(name, dataShape, data, weights)
    {
        if (dataShape != weightsShape)
        {
            throw new InvalidOperationException($"{name}: the backward-data kernel declares {dataShape}, the backward-weights kernel {weightsShape}.");
        }
    }
}
