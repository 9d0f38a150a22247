using System;
using System.Collections.Generic;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Entry point of the test children: <c>dotnet ConvGen.Kernels.Tests.dll isa-check</c> runs the numeric suite in a
/// process whose SIMD support was restricted through DOTNET_Enable* variables (<see cref="IsaPathTests"/>), and
/// <c>span-fence</c> runs every kernel with fenced spans (<see cref="SpanFenceTests"/>), and <c>path</c> prints the SIMD
/// path of this process (for <c>.ci/run</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "span-fence")
        {
            Console.WriteLine($"path: {ForwardChecks.ActivePath}");
            var scratchFailures = new List<string>();
            int kernels = SpanFence.RunAll(label => Console.Out.WriteLine("running " + label), scratchFailures);
            foreach (string failure in scratchFailures)
            {
                Console.WriteLine("FAIL " + failure);
            }
            Console.WriteLine($"{kernels} kernels ran fenced, {scratchFailures.Count} overwrote scratch canaries");
            return scratchFailures.Count == 0 ? 0 : 1;
        }
        if (args.Length == 1 && args[0] == "path")
        {
            // For .ci/run: the SIMD path .NET takes here, as the in-process tests see it.
            Console.WriteLine(ForwardChecks.ActivePath);
            return 0;
        }
        if (args.Length != 1 || args[0] != "isa-check")
        {
            Console.Error.WriteLine("usage: ConvGen.Kernels.Tests isa-check | span-fence | path   (the tests themselves run under 'dotnet test')");
            return 2;
        }
        Console.WriteLine($"path: {ForwardChecks.ActivePath}");
        List<string> failures = ForwardChecks.RunAll(out int passed);
        BackwardChecks.RunAll(failures, ref passed);
        SccChecks.RunAll(failures, ref passed);
        TransposedChecks.RunAll(failures, ref passed);
        ConvTransposeReferenceTests.RunAll(failures, ref passed);
        RowBlockTransformTests.RunAll(failures, ref passed);
        NonFiniteLocalityTests.RunAll(failures, ref passed);
        ImageLayoutTests.RunAll(failures, ref passed);
        KernelStoresTests.RunAll(failures, ref passed);
        KernelPhasesTests.RunAll(failures, ref passed);
        if (GuardedScratch.Violations("isa-check") is string violations)
        {
            failures.Add(violations);
        }
        foreach (string failure in failures)
        {
            Console.WriteLine("FAIL " + failure);
        }
        Console.WriteLine($"{passed} passed, {failures.Count} failed");
        return failures.Count == 0 ? 0 : 1;
    }
}
