using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Memory helpers for generated kernels: address-to-reference conversion and per-thread scratch.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class KernelMemory
{
    [ThreadStatic] private static ScratchBlock? t_scratch;
    [ThreadStatic] private static ScratchBlock? t_callerScratch;
    [ThreadStatic] private static ScratchGuard.Block? t_guarded;
    [ThreadStatic] private static ScratchGuard.Block? t_callerGuarded;
    [ThreadStatic] private static ScratchBlock? t_layerScratch;
    [ThreadStatic] private static ScratchGuard.Block? t_layerGuarded;

    /// <summary>
    /// A second per-thread block, for buffers the calling thread shares with the tasks it forks (which may run on the
    /// calling thread and use <see cref="Scratch"/> themselves). Same contract as <see cref="Scratch"/>.
    /// </summary>
    public static nint CallerScratch(long floats) => Take(ref t_callerScratch, ref t_callerGuarded, floats, nameof(CallerScratch));

    /// <summary>
    /// A third per-thread block, for a kernel whose pipeline writes a rearranged copy of its output (a dilated layer's
    /// phase mosaic, <see cref="KernelPhases"/>) while that pipeline uses <see cref="CallerScratch"/> and
    /// <see cref="Scratch"/> itself. Same contract as <see cref="Scratch"/>.
    /// </summary>
    public static nint LayerScratch(long floats) => Take(ref t_layerScratch, ref t_layerGuarded, floats, nameof(LayerScratch));

    /// <summary>A reference to the float at a pinned or native address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref float AsRef(nint address) => ref *(float*)address;

    /// <summary>
    /// Asks for the cache line holding the float <paramref name="offset"/> floats after <paramref name="origin"/> to be
    /// brought into all cache levels: a hint that never faults, so the address may lie past the buffer (no reference to
    /// it is formed). It does nothing where SSE is absent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(ref float origin, nint offset)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0((float*)Unsafe.AsPointer(ref origin) + offset);
        }
    }

    /// <summary>
    /// <see cref="Prefetch"/> with the L2 hint (<c>prefetcht1</c>): for data the core reads after the work in hand, which
    /// an L1 prefetch would evict that work's operands for. Many x86 cores then leave L1 alone; some (older AMD ones among
    /// them) treat every hint alike and fill L1 too. Nothing where SSE is absent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchToL2(ref float origin, nint offset)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch1((float*)Unsafe.AsPointer(ref origin) + offset);
        }
    }

    /// <summary>
    /// Prefetches <paramref name="count"/> rows of <paramref name="width"/> floats from row <paramref name="first"/> of a
    /// plane of <paramref name="height"/> rows at <paramref name="plane"/>, one instruction per cache line. A first row
    /// at or past <paramref name="height"/> names row first − height of the plane <paramref name="next"/> floats further
    /// on (the same channel of the next image), and one past that nothing; the rows run on contiguously from the first,
    /// so a run that starts inside the plane and crosses its end prefetches what follows it in memory instead. The
    /// addresses may lie past the buffer (after the last image): a prefetch never faults and no reference to them is
    /// formed. Nothing where SSE is absent. Inlined: a call in a kernel's band loop, taken or not, made the JIT keep the
    /// loop's vector accumulators in memory (every vector register is caller-saved), and 112×112×64 stride-2
    /// backward-weights at batch 1 ran 0.085 ms against 0.055 without the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchPlaneRows(ref float plane, nint next, int first, int count, int width, int height)
    {
        if (first < 2 * height)
        {
            PrefetchRun(ref plane, first < height ? (nint)first * width : next + (nint)(first - height) * width, count * width);
        }
    }

    /// <summary>
    /// Prefetches the <paramref name="floats"/> floats that start <paramref name="offset"/> floats after
    /// <paramref name="origin"/>, one instruction per cache line (the line of the last float included). As with
    /// <see cref="Prefetch"/> the run may lie past the buffer, and nothing happens where SSE is absent. Inlined, for the
    /// reason <see cref="PrefetchPlaneRows"/> gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void PrefetchRun(ref float origin, nint offset, int floats)
    {
        if (Sse.IsSupported)
        {
            float* start = (float*)Unsafe.AsPointer(ref origin) + offset;
            for (int i = 0; i < floats + 15; i += 16)
            {
                Sse.Prefetch0(start + i);
            }
        }
    }

    /// <summary>
    /// The calling thread's scratch block of at least <paramref name="floats"/> floats, 64-byte aligned.
    /// Its contents are undefined; it stays valid until the thread's next call.
    /// </summary>
    public static nint Scratch(long floats) => Take(ref t_scratch, ref t_guarded, floats, nameof(Scratch));

    /// <summary>A thread's block of one slot, grown to at least <paramref name="floats"/> (a guarded fresh one in ScratchGuard mode).</summary>
    private static nint Take(ref ScratchBlock? slot, ref ScratchGuard.Block? guarded, long floats, string caller)
    {
        if (ScratchGuard.Enabled)
        {
            return ScratchGuard.Replace(ref guarded, floats, caller);
        }
        ScratchBlock? block = slot;
        if (block is null || block.Floats < floats)
        {
            // The new block first: if it cannot be allocated, the slot keeps the old one (still valid) rather than a freed one.
            var grown = new ScratchBlock(Math.Max(floats, 1024));
            block?.Dispose();
            slot = block = grown;
        }
        return block.Address;
    }

    private sealed class ScratchBlock : IDisposable
    {
        public readonly nint Address;
        public readonly long Floats;

        public ScratchBlock(long floats)
        {
            Floats = floats;
            Address = (nint)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        }

        ~ScratchBlock() => Free();

        public void Dispose()
        {
            Free();
            GC.SuppressFinalize(this);
        }

        private void Free() => NativeMemory.AlignedFree((void*)Address);
    }
}
