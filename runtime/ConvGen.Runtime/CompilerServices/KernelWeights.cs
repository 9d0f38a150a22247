using System;
using System.ComponentModel;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Creation and checking of <see cref="PackedWeights"/> for generated kernels.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelWeights
{
    /// <summary>
    /// A new packed buffer of <paramref name="floats"/> zeros for <paramref name="kernel"/>'s <paramref name="layout"/>,
    /// starting on a 64-byte boundary so that the kernel's panels do not straddle cache lines; <paramref name="owner"/>
    /// is the generated kernel class, which <see cref="Use"/> checks.
    /// </summary>
    public static PackedWeights Allocate(int floats, string kernel, int layout, Type owner) =>
        new(AlignedMemory.Allocate(floats), kernel, layout, owner);

    /// <summary>The writable contents, for the generated packing code.</summary>
    public static Span<float> Contents(PackedWeights weights) => weights.Data.Span;

    /// <summary>
    /// The packed contents, after checking that <paramref name="weights"/> was packed by <paramref name="kernel"/> (the
    /// generated class <paramref name="owner"/>) for <paramref name="layout"/>. Throws <see cref="ArgumentNullException"/>
    /// or <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public static ReadOnlySpan<float> Use(PackedWeights weights, string kernel, int layout, Type owner, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(weights, parameterName);
        if (weights.Kernel != kernel)
        {
            throw new ArgumentException(
                $"'{parameterName}' was packed by {weights.Kernel}, but this overload reads weights packed by {kernel}; pack them with that method.",
                parameterName);
        }
        if (weights.Owner != owner)
        {
            throw new ArgumentException(
                $"'{parameterName}' was packed by {kernel} of assembly {weights.Owner.Assembly.GetName().Name}, but this overload is {kernel} of assembly " +
                $"{owner.Assembly.GetName().Name}; pack them with this assembly's method.",
                parameterName);
        }
        if (weights.Layout != layout)
        {
            throw new ArgumentException(
                $"'{parameterName}' was packed by {kernel} for blocked layout {weights.Layout}, but the instruction set this process runs uses layout {layout}; pack them again with {kernel}.",
                parameterName);
        }
        return weights.Data.Span;
    }
}
