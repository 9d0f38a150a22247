using System;
using ConvGen.Reference;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>A generated kernel without bias.</summary>
internal delegate void ForwardKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

/// <summary>A generated kernel with bias.</summary>
internal delegate void ForwardKernelWithBias(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

/// <summary>One generated layer with the same shape described at run time for the references.</summary>
internal sealed class LayerCase
{
    private readonly ForwardKernel? _kernel;
    private readonly ForwardKernelWithBias? _kernelWithBias;

    public LayerCase(string name, Conv2DShape shape, ForwardKernel kernel, int batch = 1)
    {
        Name = name;
        Shape = shape;
        Batch = batch;
        _kernel = kernel;
    }

    public LayerCase(string name, Conv2DShape shape, ForwardKernelWithBias kernel, int batch = 1)
    {
        Name = name;
        Shape = shape;
        Batch = batch;
        _kernelWithBias = kernel;
    }

    public string Name { get; }
    public Conv2DShape Shape { get; }
    public int Batch { get; }
    public bool HasBias => _kernelWithBias is not null;

    /// <summary>κ of the per-element bound |y − y64| ≤ κ·2^-23·Σ|w·x|: 4 for direct, 16/128/512 for Winograd F(2/4/6, 3).</summary>
    public double Kappa { get; init; } = ForwardChecks.DirectKappa;

    public void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        if (_kernelWithBias is not null)
        {
            _kernelWithBias(input, weights, bias, output);
        }
        else
        {
            _kernel!(input, weights, output);
        }
    }

    public override string ToString() => Name;
}
