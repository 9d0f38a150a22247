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

    /// <summary>The limit of the current execution context (0: none), set by <see cref="Limit"/>.</summary>
    private static readonly AsyncLocal<int> s_limit = new();

    /// <summary>Scopes of <see cref="Limit"/> not yet disposed, process-wide: while there are none, no call reads <see cref="s_limit"/>.</summary>
    private static int s_openLimits;

    /// <summary>
    /// Caps the threads of the kernel calls made in the current execution context (this thread, and the async flow that
    /// continues from it, across <c>await</c>) at <paramref name="threads"/>, until the returned scope is disposed; calls
    /// elsewhere keep <see cref="MaxThreads"/>. For a process that mixes work: a server's request handlers under
    /// <c>using (ConvThreads.Limit(1))</c> (concurrent requests already keep the cores busy) while a batch job in the same
    /// process uses every core. The effective cap (<see cref="CurrentMaxThreads"/>) is the smallest of
    /// <see cref="MaxThreads"/> and the open scopes' limits: a nested scope can tighten the limit, never loosen it.
    /// Dispose each scope once, innermost first, in the context that opened it (a <c>using</c> does). While no scope is
    /// open anywhere in the process, kernel calls do not read the context at all.
    /// </summary>
    /// <param name="threads">At least 1; values above the processor count leave <see cref="MaxThreads"/> in charge.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public static ThreadLimit Limit(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "A thread limit must be at least 1 (1 runs every kernel call on its calling thread).");
        }
        int previous = s_limit.Value;
        s_limit.Value = previous == 0 ? threads : Math.Min(previous, threads);
        Interlocked.Increment(ref s_openLimits);
        return new ThreadLimit(previous);
    }

    /// <summary>
    /// The threads a kernel call made here may use: <see cref="MaxThreads"/>, or less inside a <see cref="Limit"/> scope
    /// of the current execution context.
    /// </summary>
    public static int CurrentMaxThreads
    {
        get
        {
            int max = MaxThreads;
            if (Volatile.Read(ref s_openLimits) == 0)
            {
                return max;
            }
            int limit = s_limit.Value;
            return limit != 0 && limit < max ? limit : max;
        }
    }

    /// <summary>A scope opened by <see cref="Limit"/>; disposing it restores the limit the context had before.</summary>
    public readonly struct ThreadLimit : IDisposable
    {
        private readonly int _previous;
        private readonly bool _opened;

        internal ThreadLimit(int previous)
        {
            _previous = previous;
            _opened = true;
        }

        /// <summary>Restores the execution context's previous limit (nothing, for a <c>default</c> value that <see cref="Limit"/> did not open).</summary>
        public void Dispose()
        {
            if (_opened)
            {
                s_limit.Value = _previous;
                Interlocked.Decrement(ref s_openLimits);
            }
        }
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
