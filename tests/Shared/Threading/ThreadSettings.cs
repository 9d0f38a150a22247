using System;

namespace ConvGen.Tests;

/// <summary>
/// Saves <see cref="ConvThreads.MaxThreads"/> and <see cref="ConvThreads.WakeMinimumFlops"/> and restores both when
/// disposed, so a test that compares one thread with all of them sets them inside <c>using (ThreadSettings.Saved())</c>
/// and leaves the process as it found it, whatever it throws.
/// </summary>
internal readonly struct ThreadSettings : IDisposable
{
    private readonly int _maxThreads;
    private readonly long _wakeMinimumFlops;

    private ThreadSettings(int maxThreads, long wakeMinimumFlops)
    {
        _maxThreads = maxThreads;
        _wakeMinimumFlops = wakeMinimumFlops;
    }

    /// <summary>The current settings, restored by <see cref="Dispose"/>.</summary>
    public static ThreadSettings Saved() => new(ConvThreads.MaxThreads, ConvThreads.WakeMinimumFlops);

    public void Dispose()
    {
        ConvThreads.MaxThreads = _maxThreads;
        ConvThreads.WakeMinimumFlops = _wakeMinimumFlops;
    }
}
