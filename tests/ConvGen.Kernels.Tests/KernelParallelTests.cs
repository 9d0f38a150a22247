using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The slicing rule of <see cref="KernelParallel"/>: the generated threshold, the thread cap, the units, and work too
/// small to wake blocked workers (<see cref="ConvThreads.WakeMinimumFlops"/>), which runs on the caller alone.
/// </summary>
public sealed class KernelParallelTests
{
    private const long Threshold = 400_000, Wake = 16_000_000;

    [Theory]
    [InlineData(399_999L, 100, 2, true, 1)]     // under the kernel's threshold: one slice, awake or not
    [InlineData(399_999L, 100, 2, false, 1)]
    [InlineData(400_000L, 100, 2, true, 2)]     // at the threshold with the workers spinning: split
    [InlineData(400_000L, 100, 2, false, 1)]    // the same with the workers blocked: waking them costs more than it saves
    [InlineData(15_999_999L, 100, 2, false, 1)]
    [InlineData(16_000_000L, 100, 2, false, 2)]  // worth a wake-up
    [InlineData(50_000_000L, 1, 2, true, 1)]    // one unit of work cannot be split
    [InlineData(50_000_000L, 3, 8, true, 3)]    // never more slices than units
    [InlineData(50_000_000L, 100, 1, false, 1)] // CONVGEN_THREADS=1
    [InlineData(1_000_000L, 100, 4, false, 1)]
    [InlineData(1_000_000L, 100, 4, true, 4)]
    public void SlicesFollowTheThresholdsTheCapAndThePoolState(long flops, int work, int threads, bool awake, int expected) =>
        Assert.Equal(expected, KernelParallel.Slices(flops, Threshold, work, threads, awake, Wake));

    [Fact]
    public void WithoutAWakeThresholdOnlyTheKernelThresholdCounts()
    {
        Assert.Equal(2, KernelParallel.Slices(400_000, Threshold, 100, 2, workersAwake: false, wakeMinimumFlops: 0));
        Assert.Equal(1, KernelParallel.Slices(399_999, Threshold, 100, 2, workersAwake: false, wakeMinimumFlops: 0));
    }
}
