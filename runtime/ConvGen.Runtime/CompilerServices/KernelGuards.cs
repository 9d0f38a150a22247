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
    /// Throws <see cref="ArgumentException"/> naming the parameter, and each image's dimensions (C×H×W, e.g.
    /// "64×56×56") so that a wrong length says which dimension the caller has wrong, when a length is not a whole
    /// number of images or the two disagree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Batch(int sourceLength, int sourceImage, string sourceName, int targetLength, int targetImage, string targetName, string sourceDims, string targetDims)
    {
        int batch = sourceLength / sourceImage;
        if (batch * sourceImage != sourceLength || (long)batch * targetImage != targetLength)
        {
            ThrowBatch(sourceLength, sourceImage, sourceName, targetLength, targetImage, targetName, sourceDims, targetDims);
        }
        return batch;
    }

    /// <summary>
    /// Checks a fixed-size span (weights, bias), naming what it holds in the message (e.g. "64×32×3×3, OIHW", or "one
    /// per output channel"), so that a wrong length says which dimension the caller has wrong.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exact(int length, int expected, string name, string dims)
    {
        if (length != expected)
        {
            ThrowExact(length, expected, name, dims);
        }
    }

    /// <summary>
    /// Checks that a span the kernel writes shares no element with another span it uses: a kernel may write an output
    /// before it has read every input, or write two outputs in any order, so overlapping buffers would give wrong
    /// results silently.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Separate(ReadOnlySpan<float> written, string writtenName, ReadOnlySpan<float> read, string readName)
    {
        if (written.Overlaps(read))
        {
            ThrowOverlap(writtenName, readName);
        }
    }

    /// <summary>Checks that a written span overlaps neither of two other spans of the call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Separate(ReadOnlySpan<float> written, string writtenName, ReadOnlySpan<float> read1, string read1Name,
        ReadOnlySpan<float> read2, string read2Name)
    {
        Separate(written, writtenName, read1, read1Name);
        Separate(written, writtenName, read2, read2Name);
    }

    /// <summary>Checks that a written span overlaps none of three other spans of the call (read, or written too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Separate(ReadOnlySpan<float> written, string writtenName, ReadOnlySpan<float> read1, string read1Name,
        ReadOnlySpan<float> read2, string read2Name, ReadOnlySpan<float> read3, string read3Name)
    {
        Separate(written, writtenName, read1, read1Name);
        Separate(written, writtenName, read2, read2Name);
        Separate(written, writtenName, read3, read3Name);
    }

    [DoesNotReturn]
    private static void ThrowOverlap(string writtenName, string readName) =>
        throw new ArgumentException(
            $"'{writtenName}' overlaps '{readName}'; the kernel writes '{writtenName}' while it may still use '{readName}' (read it, or write it too), so they must be separate buffers.",
            writtenName);

    [DoesNotReturn]
    private static void ThrowBatch(int sourceLength, int sourceImage, string sourceName, int targetLength, int targetImage, string targetName,
        string sourceDims, string targetDims)
    {
        if (sourceLength % sourceImage != 0)
        {
            throw new ArgumentException(
                $"'{sourceName}' has {sourceLength} elements, which is not a whole number of images of {sourceImage} elements (C×H×W = {sourceDims}).",
                sourceName);
        }
        int batch = sourceLength / sourceImage;
        throw new ArgumentException(
            $"'{targetName}' has {targetLength} elements, but '{sourceName}' holds {batch} image(s) of {sourceImage} elements ({sourceLength} in all), so '{targetName}' needs {(long)batch * targetImage} ({batch} × {targetImage}); the batch is inferred from '{sourceName}'. Images are C×H×W: '{sourceName}' {sourceDims}, '{targetName}' {targetDims}.",
            targetName);
    }

    [DoesNotReturn]
    private static void ThrowExact(int length, int expected, string name, string dims) =>
        throw new ArgumentException($"'{name}' has {length} elements but this layer needs exactly {expected} ({dims}).", name);
}
