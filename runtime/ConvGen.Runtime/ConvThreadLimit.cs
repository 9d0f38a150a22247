using System;

namespace ConvGen;

/// <summary>
/// A thread cap scoped to an execution context, opened by <see cref="ConvThreads.Limit"/>; disposing it restores the
/// cap the context had before.
/// </summary>
public sealed class ConvThreadLimit : IDisposable
{
    private bool _disposed;

    internal ConvThreadLimit(int threads, ConvThreadLimit? outer)
    {
        Threads = threads;
        Outer = outer;
    }

    /// <summary>The cap inside this scope: its own limit, or an enclosing scope's where that is smaller.</summary>
    public int Threads { get; }

    /// <summary>The scope this one is nested in, or null.</summary>
    internal ConvThreadLimit? Outer { get; }

    /// <summary>
    /// Ends the scope. A second call does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scope is not the current execution context's innermost one: it is disposed in another context (after the async method that opened it returned, or on another thread), or before a scope opened inside it.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        ConvThreads.End(this);
        _disposed = true;
    }
}
