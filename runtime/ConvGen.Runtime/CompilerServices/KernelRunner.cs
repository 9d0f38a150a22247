using System;
using System.ComponentModel;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Pins the spans of a generated kernel call for its whole duration (worker threads included).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class KernelRunner
{
    /// <summary>Pins three inputs and one output, then runs <typeparamref name="TKernel"/>.</summary>
    public static void Run<TKernel>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> d, int batch)
        where TKernel : IPinnedKernel
    {
        fixed (float* pa = a, pb = b, pc = c, pd = d)
        {
            TKernel.Run((nint)pa, (nint)pb, (nint)pc, (nint)pd, batch);
        }
    }

    /// <summary>Pins two inputs and one output, then runs <typeparamref name="TKernel"/> (the unused slot is 0).</summary>
    public static void Run<TKernel>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d, int batch)
        where TKernel : IPinnedKernel
    {
        fixed (float* pa = a, pb = b, pd = d)
        {
            TKernel.Run((nint)pa, (nint)pb, 0, (nint)pd, batch);
        }
    }

    /// <summary>Pins two inputs and two outputs, then runs <typeparamref name="TKernel"/> (an empty output's address is 0).</summary>
    public static void Run<TKernel>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, Span<float> d, int batch)
        where TKernel : IPinnedKernel
    {
        fixed (float* pa = a, pb = b, pc = c, pd = d)
        {
            TKernel.Run((nint)pa, (nint)pb, (nint)pc, (nint)pd, batch);
        }
    }
}
