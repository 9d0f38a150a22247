using System;
using System.Linq;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// No kernel reads or writes a float outside the spans it is given (<see cref="SpanFence"/>), on the machine's own SIMD
/// path and on each narrower one. Each run is a child process, so a fault fails the test with the kernel's name.
/// </summary>
public sealed class SpanFenceTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("DOTNET_EnableAVX512", "Vector256")]
    [InlineData("DOTNET_EnableAVX2", "Vector128")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Scalar")]
    public void NoKernelTouchesMemoryOutsideItsSpans(string? variable, string? expectedPath)
    {
        Assert.True(OperatingSystem.IsLinux(), "the fence maps pages with Linux's mmap/mprotect flags; this suite runs on Linux");
        (int? exitCode, string output, string errors) = ChildProcess.Run("span-fence", variable, TimeSpan.FromMinutes(5));
        string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "(no output)";
        Assert.True(exitCode is not null, $"span-fence timed out after: {last}");
        string fails = string.Join("\n", output.Split('\n').Where(line => line.StartsWith("FAIL ", StringComparison.Ordinal)));
        Assert.True(exitCode == 0, exitCode == 134
            ? $"exit 134: aborted by an access violation or another unhandled exception (stderr below) after: {last}\n{errors}"
            : $"exit {exitCode}: kernels overwrote scratch canaries\n{fails}\n{errors}");
        if (expectedPath is not null)
        {
            Assert.Contains($"path: {expectedPath}", output);
        }
        Assert.Matches(@"\d{3,} kernels ran fenced, 0 overwrote scratch canaries", output);
    }
}
