using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// The bitwise comparison of a call's weights with the copy <see cref="TransformedWeightsCache{TKernel}"/> kept: a
/// vectorised memory comparison (float's own equality, SequenceEqual on floats, goes element by element through
/// <c>float.Equals</c>: 21 µs instead of 3 for ResNet-18's 56×56 weights, 147 KB, and takes −0 for +0, whose transforms
/// can differ in the sign of a zero), split across the worker pool for weights of megabytes, which one core reads from
/// memory at a fraction of what several do.
/// </summary>
internal static unsafe class WeightComparison
{
    /// <summary>
    /// Bytes from which the comparison may split across the worker pool (<see cref="KernelParallel.Slices(long, long, int)"/>
    /// counts them as its work): below this a fork-join costs more than the half it saves.
    /// </summary>
    internal const long ParallelBytes = 1L << 20;

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> have the same length and the same bits.</summary>
    public static bool SameBits(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        ReadOnlySpan<byte> x = MemoryMarshal.AsBytes(a), y = MemoryMarshal.AsBytes(b);
        int slices = KernelParallel.Slices(x.Length, ParallelBytes, ConvThreads.CurrentMaxThreads);
        if (slices <= 1)
        {
            return x.SequenceEqual(y);
        }
        fixed (byte* px = x, py = y)
        {
            var task = new CompareTask(px, py, x.Length);
            KernelParallel.For(ref task, slices);
            return task.Differs == 0;
        }
    }

    /// <summary>Compares a share of the two runs; a slice that finds a difference sets <see cref="Differs"/>.</summary>
    private struct CompareTask : IKernelTask
    {
        private readonly byte* _x, _y;
        private readonly int _length;
        public int Differs;

        public CompareTask(byte* x, byte* y, int length)
        {
            _x = x;
            _y = y;
            _length = length;
            Differs = 0;
        }

        public void Execute(int index, int count)
        {
            int begin = (int)((long)_length * index / count), end = (int)((long)_length * (index + 1) / count);
            if (!new ReadOnlySpan<byte>(_x + begin, end - begin).SequenceEqual(new ReadOnlySpan<byte>(_y + begin, end - begin)))
            {
                Volatile.Write(ref Differs, 1);
            }
        }
    }
}
