using System;
using System.Globalization;
using System.Threading;

namespace ConvGen;

/// <summary>
/// How many threads generated kernels may use. The default is the processor count, capped by the
/// <c>CONVGEN_THREADS</c> environment variable when it is set (<c>CONVGEN_THREADS=1</c> is single-threaded).
/// </summary>
public static class ConvThreads
{
    /// <summary>The environment variable read at start-up.</summary>
    public const string EnvironmentVariable = "CONVGEN_THREADS";

    private static int s_maxThreads = DefaultMaxThreads();

    /// <summary>
    /// The largest number of threads (the caller included) one kernel call uses. Setting it clamps the value to
    /// [1, <see cref="Environment.ProcessorCount"/>].
    /// </summary>
    public static int MaxThreads
    {
        get => Volatile.Read(ref s_maxThreads);
        set => Volatile.Write(ref s_maxThreads, Math.Clamp(value, 1, Environment.ProcessorCount));
    }

    private static long s_wakeMinimumFlops = 16_000_000;

    /// <summary>
    /// Calls with fewer FLOPs than this do not wake worker threads that have blocked: they run on the calling thread
    /// alone, and the workers stay asleep. Workers spin for 0.5 ms after each call before they block, so back-to-back
    /// calls (a network's layers) find them awake and split any call above the kernel's own threshold (0.4 MFLOP);
    /// the second of two smaller calls less than 0.5 ms apart wakes them. Waking a blocked thread is a system call on
    /// the caller's path, and the woken thread starts late: on a 2-vCPU VM, with calls 1 ms apart, a 7.2 MFLOP layer
    /// took 63 µs alone and 86 µs waking a worker, a 51 MFLOP layer 291 µs alone and 204 µs waking one. The default
    /// is 16 MFLOP; on machines where waking a thread is cheap a lower value lets isolated mid-sized calls use every
    /// core, and 0 wakes the workers for every call the kernel would split. Setting it clamps the value to ≥ 0.
    /// </summary>
    public static long WakeMinimumFlops
    {
        get => Volatile.Read(ref s_wakeMinimumFlops);
        set => Volatile.Write(ref s_wakeMinimumFlops, Math.Max(value, 0));
    }

    internal static int DefaultMaxThreads()
    {
        int cores = Environment.ProcessorCount;
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (text is not null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int cap) && cap >= 1)
        {
            return Math.Min(cap, cores);
        }
        return cores;
    }
}
