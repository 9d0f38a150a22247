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

    /// <summary>The innermost open <see cref="Limit"/> scope of the current execution context, or null.</summary>
    private static readonly AsyncLocal<ConvThreadLimit?> s_limit = new();

    /// <summary>Scopes of <see cref="Limit"/> not yet disposed, process-wide: while there are none, no call reads <see cref="s_limit"/>.</summary>
    private static int s_openLimits;

    /// <summary>
    /// Caps the threads of the kernel calls made in the current execution context at <paramref name="threads"/> until
    /// the returned scope is disposed; calls elsewhere keep <see cref="MaxThreads"/>. For a process that mixes work: a
    /// server's request handlers under <c>using (ConvThreads.Limit(1))</c> (concurrent requests already keep the cores
    /// busy) while a batch job in the same process uses every core.
    /// <para>The effective cap (<see cref="CurrentMaxThreads"/>) is the smallest of <see cref="MaxThreads"/> and the
    /// open scopes' limits: a nested scope can tighten the limit, never loosen it. The scope follows .NET's execution
    /// context, as an <see cref="AsyncLocal{T}"/> does: it holds on this thread and in the async flow continuing from
    /// it (across <c>await</c>), and work started inside it (<c>Task.Run</c>, <c>Parallel.For</c>, a new thread)
    /// inherits it and keeps it even after the scope is disposed. ConvGen's own worker threads do not inherit it; they
    /// run the slices the calling thread decided on. While no scope is open anywhere in the process, kernel calls do not
    /// read the context at all.</para>
    /// <para>Dispose the scope where it was opened (a <c>using</c> in the same method does): a scope opened inside an
    /// async method ends with that method's context, so disposing it in another context, or out of order with a scope
    /// nested in it, throws <see cref="InvalidOperationException"/>. Disposing it twice does nothing.</para>
    /// </summary>
    /// <param name="threads">At least 1; values above the processor count leave <see cref="MaxThreads"/> in charge.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public static ConvThreadLimit Limit(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "A thread limit must be at least 1 (1 runs every kernel call on its calling thread).");
        }
        ConvThreadLimit? outer = s_limit.Value;
        var scope = new ConvThreadLimit(outer is null ? threads : Math.Min(outer.Threads, threads), outer);
        s_limit.Value = scope;
        Interlocked.Increment(ref s_openLimits);
        return scope;
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
            ConvThreadLimit? limit = s_limit.Value;
            return limit is not null && limit.Threads < max ? limit.Threads : max;
        }
    }

    /// <summary>Ends <paramref name="scope"/> if it is the context's innermost one (see <see cref="ConvThreadLimit.Dispose"/>).</summary>
    internal static void End(ConvThreadLimit scope)
    {
        if (!ReferenceEquals(s_limit.Value, scope))
        {
            throw new InvalidOperationException(
                "This ConvThreads.Limit scope is not the current execution context's innermost one: dispose it in the context that opened it (a using in the same method), after the scopes opened inside it.");
        }
        s_limit.Value = scope.Outer;
        Interlocked.Decrement(ref s_openLimits);
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
