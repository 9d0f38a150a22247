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
