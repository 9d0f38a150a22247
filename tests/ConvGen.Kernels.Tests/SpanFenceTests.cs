using System;
using System.Diagnostics;
using System.IO;
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
        Assert.True(OperatingSystem.IsLinux(), "the fence needs mmap/mprotect; this suite runs on Linux");
        string assembly = typeof(SpanFenceTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", $"exec \"{assembly}\" span-fence")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        if (variable is not null)
        {
            start.Environment[variable] = "0";
        }
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "span-fence timed out");
        string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "(no output)";
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode} (139 = SIGSEGV) after: {last}\n{errors}");
        if (expectedPath is not null)
        {
            Assert.Contains($"path: {expectedPath}", output);
        }
        Assert.Matches(@"\d{3,} kernels ran fenced", output);
    }
}
