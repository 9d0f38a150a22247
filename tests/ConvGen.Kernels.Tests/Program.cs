using System;
using System.Collections.Generic;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Entry point used only by <see cref="IsaPathTests"/>: <c>dotnet ConvGen.Kernels.Tests.dll isa-check</c> runs the
/// numeric suite in a process whose SIMD support was restricted through DOTNET_Enable* variables.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "span-fence")
        {
            Console.WriteLine($"path: {ForwardChecks.ActivePath}");
            int kernels = SpanFence.RunAll(label => Console.Out.WriteLine("running " + label));
            Console.WriteLine($"{kernels} kernels ran fenced");
            return 0;
        }
        if (args.Length != 1 || args[0] != "isa-check")
        {
            Console.Error.WriteLine("usage: ConvGen.Kernels.Tests isa-check | span-fence   (the tests themselves run under 'dotnet test')");
            return 2;
        }
        Console.WriteLine($"path: {ForwardChecks.ActivePath}");
        List<string> failures = ForwardChecks.RunAll(out int passed);
        BackwardChecks.RunAll(failures, ref passed);
        SccChecks.RunAll(failures, ref passed);
        TransposedChecks.RunAll(failures, ref passed);
        ConvTransposeReferenceTests.RunAll(failures, ref passed);
        RowBlockTransformTests.RunAll(failures, ref passed);
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
