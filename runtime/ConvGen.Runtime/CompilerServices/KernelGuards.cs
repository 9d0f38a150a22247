using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Span-length checks that generated kernels run before touching any memory.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelGuards
{
    /// <summary>
    /// Infers the batch from a batched span and checks a second batched span against it.
    /// Throws <see cref="ArgumentException"/> naming the parameter when a length is not a whole number of images
    /// or the two disagree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Batch(int sourceLength, int sourceImage, string sourceName, int targetLength, int targetImage, string targetName)
    {
        int batch = sourceLength / sourceImage;
        if (batch * sourceImage != sourceLength || (long)batch * targetImage != targetLength)
        {
            ThrowBatch(sourceLength, sourceImage, sourceName, targetLength, targetImage, targetName);
        }
        return batch;
    }

    /// <summary>Checks a fixed-size span (weights, bias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exact(int length, int expected, string name)
    {
        if (length != expected)
        {
            ThrowExact(length, expected, name);
        }
    }

    [DoesNotReturn]
    private static void ThrowBatch(int sourceLength, int sourceImage, string sourceName, int targetLength, int targetImage, string targetName)
    {
        if (sourceLength % sourceImage != 0)
        {
            throw new ArgumentException(
                $"'{sourceName}' has {sourceLength} elements, which is not a whole number of images of {sourceImage} elements (C·H·W).",
                sourceName);
        }
        int batch = sourceLength / sourceImage;
        throw new ArgumentException(
            $"'{targetName}' has {targetLength} elements but the batch of {batch} image(s) in '{sourceName}' needs {(long)batch * targetImage} ({batch} × {targetImage}).",
            targetName);
    }

    [DoesNotReturn]
    private static void ThrowExact(int length, int expected, string name) =>
        throw new ArgumentException($"'{name}' has {length} elements but this layer needs exactly {expected}.", name);
}
