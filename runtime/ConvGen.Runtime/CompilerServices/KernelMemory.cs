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

    /// <summary>
    /// A second per-thread block, for buffers the calling thread shares with the tasks it forks (which may run on the
    /// calling thread and use <see cref="Scratch"/> themselves). Same contract as <see cref="Scratch"/>.
    /// </summary>
    public static nint CallerScratch(long floats)
    {
        if (ScratchGuard.Enabled)
        {
            return ScratchGuard.Replace(ref t_callerGuarded, floats, nameof(CallerScratch));
        }
        ScratchBlock? block = t_callerScratch;
        if (block is null || block.Floats < floats)
        {
            block?.Dispose();
            t_callerScratch = block = new ScratchBlock(Math.Max(floats, 1024));
        }
        return block.Address;
    }

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
    /// The calling thread's scratch block of at least <paramref name="floats"/> floats, 64-byte aligned.
    /// Its contents are undefined; it stays valid until the thread's next call.
    /// </summary>
    public static nint Scratch(long floats)
    {
        if (ScratchGuard.Enabled)
        {
            return ScratchGuard.Replace(ref t_guarded, floats, nameof(Scratch));
        }
        ScratchBlock? block = t_scratch;
        if (block is null || block.Floats < floats)
        {
            block?.Dispose();
            t_scratch = block = new ScratchBlock(Math.Max(floats, 1024));
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
