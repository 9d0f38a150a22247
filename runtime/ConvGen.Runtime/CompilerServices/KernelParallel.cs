using System.ComponentModel;
using System.Runtime.CompilerServices;
using ConvGen.Runtime.Threading;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Fork-join for the phases of generated kernels, on ConvGen's own spin-then-block pool.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class KernelParallel
{
    /// <summary>
    /// How many slices a phase with <paramref name="work"/> independent units should be cut into: the thread cap
    /// (<see cref="ConvThreads.MaxThreads"/>), never more than the units, and 1 when the phase is below
    /// <paramref name="minimumFlops"/> of work (too short to amortise a fork-join).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slices(long flops, long minimumFlops, int work)
    {
        if (flops < minimumFlops || work <= 1)
        {
            return 1;
        }
        int threads = ConvThreads.MaxThreads;
        return threads < work ? threads : work;
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
