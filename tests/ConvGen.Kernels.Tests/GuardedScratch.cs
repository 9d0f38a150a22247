using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ConvGen.Runtime.CompilerServices;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Every kernel in this assembly runs on guarded scratch (<see cref="ScratchGuard"/>): exactly the floats it asks
/// for, NaN-filled and fenced by canaries, so an undersized request or a read of scratch the kernel never wrote fails
/// a test: the test that ran it or, in a parallel run, possibly another (the message names the scratch call and its
/// size). Switched on when the assembly loads, in the xUnit process and in the child processes, together with thread splits
/// that do not wait for the workers to be awake (<see cref="ConvThreads.WakeMinimumFlops"/> = 0).
/// </summary>
internal static class GuardedScratch
{
#pragma warning disable CA2255 // a test assembly: the switch must be on before the first kernel runs, whichever test that is
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void SwitchOn()
    {
        ScratchGuard.Enabled = true;
        // Every layer above its generated threshold splits across threads, whether or not the workers have blocked,
        // so the thread-split paths are covered in every run (KernelParallelTests covers the wake rule itself).
        ConvThreads.WakeMinimumFlops = 0;
    }

    /// <summary>Null when no kernel has written outside its scratch since the last call; else what was overwritten.</summary>
    public static string? Violations(string label)
    {
        IReadOnlyList<string> violations = ScratchGuard.TakeViolations();
        return violations.Count == 0 ? null : $"{label} [{ForwardChecks.ActivePath}]: {string.Join(" ", violations)}";
    }
}

/// <summary>
/// Base of the test classes that run kernels: after each test, any scratch canary a kernel overwrote fails it (in a
/// parallel run possibly another test's kernel; the message names the scratch call and its size).
/// </summary>
public abstract class GuardedKernelTests : System.IDisposable
{
    public void Dispose()
    {
        string? violations = GuardedScratch.Violations(GetType().Name);
        Xunit.Assert.True(violations is null, violations);
        System.GC.SuppressFinalize(this);
    }
}
