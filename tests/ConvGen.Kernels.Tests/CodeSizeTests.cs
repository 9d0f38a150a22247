using System.Linq;
using System.Reflection;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Every generated kernel method stays far below the JIT's MinOpts limits (20,000 IL instructions, 60,000 IL bytes,
/// 2,000 locals, 8,000 local references, 2,000 basic blocks), whatever the layer size. The catalog includes an
/// 11x11 kernel, a 1x255 kernel, a 7x7 stem and 256-channel layers.
/// </summary>
public sealed class CodeSizeTests
{
    [Fact]
    public void EveryGeneratedMethodIsWellBelowTheJitLimits()
    {
        MethodInfo[] methods = typeof(CodeSizeTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "ConvGen.Generated" || t.DeclaringType?.Namespace == "ConvGen.Generated")
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetMethodBody() is not null)
            .ToArray();
        Assert.True(methods.Length > 100, $"expected the generated kernels' methods, found {methods.Length}");

        var report = methods.Select(m => (Method: m.DeclaringType!.Name + "." + m.Name, Metrics: IlMetrics.Measure(m))).ToArray();
        var worst = report.OrderByDescending(r => r.Metrics.Instructions).First();
        Assert.True(worst.Metrics.Instructions > 1000, $"the largest kernel method should be a real unrolled tile: {worst}");
        foreach ((string method, IlMetrics metrics) in report)
        {
            Assert.True(metrics.Instructions < 10_000, $"{method}: {metrics}");
            Assert.True(metrics.Bytes < 30_000, $"{method}: {metrics}");
            Assert.True(metrics.Locals < 1_000, $"{method}: {metrics}");
            Assert.True(metrics.LocalReferences < 4_000, $"{method}: {metrics}");
            Assert.True(metrics.Branches < 1_000, $"{method}: {metrics}");
        }
    }

    /// <summary>
    /// A generated method with a loop is compiled fully optimised on its first call (AggressiveOptimization), not at
    /// tier 0 first: otherwise a process's first calls of a kernel run its packing, transforms and task loops
    /// unoptimised until the runtime tiers them up (README, "First call").
    /// </summary>
    [Fact]
    public void EveryGeneratedMethodWithALoopIsOptimisedFromItsFirstCall()
    {
        var looping = typeof(CodeSizeTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "ConvGen.Generated" || t.DeclaringType?.Namespace == "ConvGen.Generated")
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetMethodBody() is not null && IlMetrics.Measure(m).BackwardBranches > 0)
            .ToArray();
        Assert.True(looping.Length > 100, $"expected the generated kernels' loops, found {looping.Length}");
        string[] tiered = looping
            .Where(m => (m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0)
            .Select(m => m.DeclaringType!.FullName + "." + m.Name)
            .Distinct()
            .ToArray();
        Assert.True(tiered.Length == 0, "tiered methods with loops: " + string.Join(", ", tiered.Take(20)));
    }
}
