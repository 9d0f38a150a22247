using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// A checking mode for <see cref="KernelMemory.Scratch"/>, <see cref="KernelMemory.CallerScratch"/> and <see cref="KernelMemory.LayerScratch"/>, for tests.
/// While <see cref="Enabled"/>, every call returns a fresh block of exactly the floats asked for, filled with NaN (all bits set) and
/// fenced by canary floats: <see cref="GuardFloats"/> before it, and after it as many as the block holds (at least
/// <see cref="GuardFloats"/>), so that even an omitted term as large as the rest of the size lands in the guard rather
/// than in the allocator's bookkeeping. A kernel that writes past either end of the scratch it asked for changes a
/// canary; one that reads scratch it never wrote (a zero it assumed) reads NaN, which reaches its output. A thread's
/// previous block is checked when it asks for the next one and then kept, filled with the canary (a NaN), until the
/// call after: a kernel still using a pointer to it reads NaN, and a write through one is reported.
/// <see cref="TakeViolations"/> checks every live block.
/// </summary>
/// <remarks>Not for production: each call allocates and fills its block, and the blocks are freed only when replaced.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class ScratchGuard
{
    /// <summary>Guard floats before a block, and the fewest after it: 64 floats, 256 bytes, which keeps the block 64-byte aligned.</summary>
    public const int GuardFloats = 64;

    /// <summary>The canary: a signalling-NaN bit pattern no kernel computes.</summary>
    public const uint Canary = 0x7FA5_C3A5u;

    private static readonly object s_lock = new();
    private static readonly HashSet<Block> s_live = new();
    private static readonly List<string> s_violations = new();
    private static volatile bool s_enabled;

    /// <summary>Whether scratch calls return guarded blocks (off by default; a process-wide switch).</summary>
    public static bool Enabled
    {
        get => s_enabled;
        set => s_enabled = value;
    }

    /// <summary>
    /// Checks the canaries of every live block and returns the violations found since the last call (each names the
    /// call, the block's size and the first overwritten guard float), clearing them.
    /// </summary>
    public static IReadOnlyList<string> TakeViolations()
    {
        lock (s_lock)
        {
            foreach (Block block in s_live)
            {
                block.Check(s_violations);
            }
            string[] taken = s_violations.ToArray();
            s_violations.Clear();
            return taken;
        }
    }

    internal static nint Replace(ref Block? slot, long floats, string caller)
    {
        if (floats < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(floats), floats, "A scratch size is never negative.");
        }
        var fresh = new Block(floats, caller);
        lock (s_lock)
        {
            if (slot is not null)
            {
                // The block this call replaces is no longer the thread's: it is kept, filled with the canary, until the
                // call after this one, so a kernel still using a stale pointer to it reads NaN or leaves a trace.
                slot.Check(s_violations);
                slot.Retire();
                if (slot.Previous is Block released)
                {
                    released.Check(s_violations);
                    s_live.Remove(released);
                    released.Free();
                    slot.Previous = null;
                }
                fresh.Previous = slot;
            }
            s_live.Add(fresh);
        }
        slot = fresh;
        return fresh.Address;
    }

    /// <summary>One guarded block: [guard | floats | guard], the middle NaN and the guards the canary.</summary>
    internal sealed class Block
    {
        private readonly float* _base;
        private readonly long _floats, _after;
        private readonly string _caller;
        private bool _reported, _retired;

        /// <summary>The block this one replaced on its thread, retired (canary-filled) until this one is replaced in turn.</summary>
        public Block? Previous { get; set; }

        public Block(long floats, string caller)
        {
            _floats = floats;
            _caller = caller;
            _after = Math.Max(GuardFloats, floats);
            _base = (float*)NativeMemory.AlignedAlloc((nuint)((GuardFloats + floats + _after) * sizeof(float)), 64);
            uint* bits = (uint*)_base;
            FillCanary(bits, GuardFloats);
            FillCanary(bits + GuardFloats + floats, _after);
            NativeMemory.Fill(_base + GuardFloats, (nuint)floats * sizeof(float), 0xFF); // every bit set: a NaN
        }

        public nint Address => (nint)(_base + GuardFloats);

        public void Check(List<string> violations)
        {
            if (_reported)
            {
                return;
            }
            uint* bits = (uint*)_base;
            string? what = null;
            long before = LastChanged(bits, GuardFloats), after = FirstChanged(bits + GuardFloats + _floats, _after);
            if (before >= 0)
            {
                what = $"float {before - GuardFloats} (before the block) was overwritten";
            }
            else if (after >= 0)
            {
                what = $"float {_floats + after} (past the block's end) was overwritten";
            }
            else if (_retired && FirstChanged(bits + GuardFloats, _floats) is long stale && stale >= 0)
            {
                what = $"float {stale} was written after its thread had asked for its next scratch block (a stale scratch pointer)";
            }
            if (what is not null)
            {
                violations.Add($"KernelMemory.{_caller}({_floats}): {what}.");
                _reported = true;
            }
        }

        /// <summary>Fills the block's floats with the canary: from now on the thread's scratch is another block.</summary>
        public void Retire()
        {
            FillCanary((uint*)_base + GuardFloats, _floats);
            _retired = true;
        }

        public void Free() => NativeMemory.AlignedFree(_base);

        private static void FillCanary(uint* bits, long count)
        {
            for (long i = 0; i < count; i++)
            {
                bits[i] = Canary;
            }
        }

        /// <summary>The first of <paramref name="count"/> floats that no longer holds the canary, or −1.</summary>
        private static long FirstChanged(uint* bits, long count)
        {
            for (long i = 0; i < count; i++)
            {
                if (bits[i] != Canary)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>The last of <paramref name="count"/> floats that no longer holds the canary (the one nearest the block after them), or −1.</summary>
        private static long LastChanged(uint* bits, long count)
        {
            for (long i = count - 1; i >= 0; i--)
            {
                if (bits[i] != Canary)
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
