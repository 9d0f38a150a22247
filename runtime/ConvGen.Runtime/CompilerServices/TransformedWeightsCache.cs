using System;
using System.ComponentModel;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>A generated kernel whose plain-weights overload transforms (or repacks) the weights before computing.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITransformedWeights
{
    /// <summary>Floats of the transformed weights.</summary>
    static abstract int TransformedFloats { get; }

    /// <summary>Writes the transformed form of <paramref name="weights"/> to <paramref name="target"/>.</summary>
    static abstract void TransformWeights(ReadOnlySpan<float> weights, Span<float> target);
}

/// <summary>
/// Remembers the last weights a kernel's plain overload saw and, once the same contents come back, their transformed
/// form, so inference with the plain overload stops paying the weight transform on every call. Hits are decided by
/// comparing the full contents bit for bit (exact, no hashing). Weights that change on every call (training) cost at most one
/// comparison that fails early, and the caller transforms into its scratch as before. They are not copied on every
/// call (a full read and write of the weights, 0.5 ms for ResNet-18's 512 → 512 3×3 layer): after a run of misses only misses 1, 2,
/// 4, ..., 64 of the run and then every 64th are remembered (<see cref="RemembersMiss"/>), so weights that stop
/// changing are cached within 65 calls. A hit needs the previous call's weights remembered, so two weight sets that
/// take turns (one method serving two layers, or a training step that flips a weight and back) never transform into
/// the cache only to lose it on the next call. A cached transform is never written while a call that got it from
/// <see cref="Lookup"/> has not <see cref="Release"/>d it, so concurrent callers may share it. A dropped transform is
/// reused for the next one: at once where no call is reading it, else when its last reader releases it (two models
/// sharing a kernel shape, called from several threads, drop transforms that calls are still reading), so after the
/// first transforms nothing is allocated.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TransformedWeightsCache<TKernel>
    where TKernel : ITransformedWeights
{
    private static readonly object s_lock = new();
    private static float[]? s_source;
    private static float[]? s_transformed;
    // Calls that got s_transformed from Lookup and have not released it yet.
    private static int s_readers;
    // Transforms dropped by a miss while no call was reading them (or released by their last reader since): the next
    // transform is written into one instead of a new array, so weights that change and then repeat (a forward pass run
    // twice per training step) allocate nothing. Two, so that concurrent callers alternating between two weight sets
    // (one array being read while the next is written) settle on the arrays they have; more are left to the GC.
    private const int SpareSlots = 2;
    private static readonly float[]?[] s_spares = new float[]?[SpareSlots];
    // Transforms dropped by a miss while calls were still reading them, and how many calls still are: the last one's
    // Release makes the array a spare. With every slot taken (calls that never released, say after an exception), the
    // retirees are forgotten in turn (left to the garbage collector once their readers are done) to make room.
    private const int RetiredSlots = 4;
    private static int s_oldestRetired;
    private static readonly float[]?[] s_retired = new float[]?[RetiredSlots];
    private static readonly int[] s_retiredReaders = new int[RetiredSlots];
    private static int s_misses;
    // Whether s_source holds the previous call's weights: only then can this call be a hit.
    private static bool s_previousKept;

    /// <summary>
    /// The array holding the transformed weights when <paramref name="weights"/> equals the previous call's weights and
    /// those were kept (transformed once, on the first such call: the second call of weights seen for the first time
    /// after a hit, within 65 calls after a long run of misses), else null: the caller then transforms into its own
    /// scratch. The transform starts at the array's first 64-byte boundary, not at index 0: read it through
    /// <see cref="AddressOf"/>.
    /// </summary>
    public static float[]? Lookup(ReadOnlySpan<float> weights)
    {
        lock (s_lock)
        {
            // s_source is set whenever s_previousKept is.
            if (s_previousKept && WeightComparison.SameBits(weights, s_source))
            {
                s_misses = 0;
                if (s_transformed is null)
                {
                    // Room to start the transform on a 64-byte boundary (AddressOf returns that address).
                    float[] transformed = TakeSpare() ?? AlignedMemory.AllocatePinned(TKernel.TransformedFloats, zeroed: false);
                    TKernel.TransformWeights(weights, transformed.AsSpan(AlignedMemory.AlignedOffset(transformed), TKernel.TransformedFloats));
                    s_transformed = transformed;
                }
                s_readers++;
                return s_transformed;
            }
            // A miss; weights that changed since the previous call (or were not kept then) are remembered only sometimes.
            s_misses = s_misses == int.MaxValue ? 64 : s_misses + 1;
            if (!RemembersMiss(s_misses))
            {
                s_previousKept = false;
                return null;
            }
            if (s_source is null || s_source.Length != weights.Length)
            {
                s_source = new float[weights.Length];
            }
            weights.CopyTo(s_source);
            // The transform of the old weights is dropped: the spare if no call is reading it, else retired until the
            // last reader releases it.
            if (s_transformed is not null)
            {
                if (s_readers == 0)
                {
                    KeepSpare(s_transformed);
                }
                else
                {
                    Retire(s_transformed, s_readers);
                }
            }
            s_transformed = null;
            s_readers = 0;
            s_previousKept = true;
            return null;
        }
    }

    /// <summary>
    /// Ends a call's use of an array from <see cref="Lookup"/> (nothing for null): the cache may then write the next
    /// transform into it once it is dropped, or, if it was dropped while this call read it and this call was its last
    /// reader, now.
    /// </summary>
    public static void Release(float[]? transformed)
    {
        if (transformed is null)
        {
            return;
        }
        lock (s_lock)
        {
            if (ReferenceEquals(transformed, s_transformed))
            {
                s_readers--;
                return;
            }
            // Arrays compare by reference: the slot of a transform dropped while calls read it, if it is tracked.
            int slot = Array.IndexOf(s_retired, transformed);
            if (slot >= 0 && --s_retiredReaders[slot] == 0)
            {
                s_retired[slot] = null;
                KeepSpare(transformed);
            }
        }
    }

    /// <summary>A dropped transform to write the next one into, or null (under the lock).</summary>
    private static float[]? TakeSpare()
    {
        for (int i = 0; i < SpareSlots; i++)
        {
            if (s_spares[i] is float[] spare)
            {
                s_spares[i] = null;
                return spare;
            }
        }
        return null;
    }

    /// <summary>Keeps a transform no call reads any more for reuse, if a slot is free (under the lock).</summary>
    private static void KeepSpare(float[] transformed)
    {
        int slot = Array.IndexOf(s_spares, null);
        if (slot >= 0)
        {
            s_spares[slot] = transformed;
        }
    }

    /// <summary>Keeps a dropped transform that <paramref name="readers"/> calls still read until they release it (under the lock).</summary>
    private static void Retire(float[] transformed, int readers)
    {
        int slot = Array.IndexOf(s_retired, null);
        if (slot < 0)
        {
            // Every slot holds an array still being read: forget one, round robin.
            slot = s_oldestRetired;
            s_oldestRetired = (s_oldestRetired + 1) % RetiredSlots;
        }
        s_retired[slot] = transformed;
        s_retiredReaders[slot] = readers;
    }

    /// <summary>
    /// Whether miss number <paramref name="streak"/> of a run of misses (1 = the first since the last hit) copies the
    /// weights for the next call to compare against: misses 1, 2, 4, 8, 16, 32 and 64, then every 64th.
    /// </summary>
    public static bool RemembersMiss(int streak) => streak <= 64 ? (streak & (streak - 1)) == 0 : streak % 64 == 0;

    /// <summary>
    /// The address of the transformed weights in an array from <see cref="Lookup"/>: its first 64-byte boundary (the
    /// array lives on the pinned object heap, so the address stays valid).
    /// </summary>
    public static nint AddressOf(float[] transformed) => AlignedMemory.AlignedAddress(transformed);
}
