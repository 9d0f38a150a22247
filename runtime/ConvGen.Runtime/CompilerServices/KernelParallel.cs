using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using ConvGen.Runtime.Threading;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Fork-join for the phases of generated kernels, on ConvGen's own spin-then-block pool.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class KernelParallel
{
    /// <summary>
    /// How many slices a phase with <paramref name="work"/> independent units should be cut into: the thread cap
    /// (<see cref="ConvThreads.CurrentMaxThreads"/>: <see cref="ConvThreads.MaxThreads"/>, or a caller's
    /// <see cref="ConvThreads.Limit"/>), never more than the units, and 1 when the phase is below
    /// <paramref name="minimumFlops"/> of work (too short to amortise a fork-join) or below
    /// <see cref="ConvThreads.WakeMinimumFlops"/> while the workers it would need have blocked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slices(long flops, long minimumFlops, int work)
    {
        int slices = Slices(flops, minimumFlops, work, ConvThreads.CurrentMaxThreads, workersAwake: true, wakeMinimumFlops: 0);
        return slices > 1 && flops < ConvThreads.WakeMinimumFlops ? SlicesIfAwake(slices) : slices;
    }

    /// <summary>
    /// The slicing rule with the thread cap and the pool's state given: <paramref name="workersAwake"/> says whether
    /// the workers beside the caller are spinning or running (or a burst of calls is about to wake them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slices(long flops, long minimumFlops, int work, int threads, bool workersAwake, long wakeMinimumFlops)
    {
        if (flops < minimumFlops || work <= 1)
        {
            return 1;
        }
        int slices = threads < work ? threads : work;
        return slices > 1 && flops < wakeMinimumFlops && !workersAwake ? 1 : slices;
    }

    /// <summary>When the last job too small to wake the workers ran on the caller alone (a Stopwatch timestamp).</summary>
    private static long s_lastUnwokenJob = long.MinValue / 2;

    /// <summary>
    /// <paramref name="slices"/> when the workers are awake, or when the previous job too small to wake them came
    /// less than a worker's spin time ago: a burst of small calls then pays one wake-up and keeps the workers
    /// spinning. Otherwise 1: the job runs on the caller and the workers stay blocked.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SlicesIfAwake(int slices)
    {
        if (WorkerPool.Shared.AreAwake(slices - 1))
        {
            return slices;
        }
        long now = Stopwatch.GetTimestamp();
        long previous = Interlocked.Exchange(ref s_lastUnwokenJob, now);
        return now - previous < WorkerPool.SpinTicks ? slices : 1;
    }

    /// <summary>Runs <c>task.Execute(i, slices)</c> for every slice i and waits for all of them.</summary>
    public static void For<TTask>(ref TTask task, int slices) where TTask : struct, IKernelTask
    {
        if (slices <= 1)
        {
            task.Execute(0, 1);
            return;
        }
        WorkerPool.Shared.Run(&Invoke<TTask>, Unsafe.AsPointer(ref task), slices);
    }

    private static void Invoke<TTask>(void* state, int index, int count) where TTask : struct, IKernelTask =>
        Unsafe.AsRef<TTask>(state).Execute(index, count);
}
