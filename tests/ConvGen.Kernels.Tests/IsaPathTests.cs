using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The narrower paths of every generated kernel, exercised by re-running the numeric suite in a child process with
/// AVX-512 (→ Vector256), AVX2 (→ Vector128) or all hardware intrinsics (→ scalar) disabled. The in-process tests
/// cover the machine's own path: Vector512 on an AVX-512 machine, where the Vector256 child run matters; on an
/// AVX2-only machine that child run repeats the in-process path, and the Vector512 kernels are not exercised.
/// </summary>
public sealed class IsaPathTests
{
    [Theory]
    [InlineData("DOTNET_EnableAVX512", "Vector256")]
    [InlineData("DOTNET_EnableAVX2", "Vector128")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Scalar")]
    public void NumericSuitePassesOnRestrictedPath(string variable, string expectedPath)
    {
        string assembly = typeof(IsaPathTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", $"exec \"{assembly}\" isa-check")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment[variable] = "0";
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "isa-check timed out");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{errors}");
        Assert.Contains($"path: {expectedPath}", output);
        Assert.Matches(@"\d+ passed, 0 failed", output);
    }
}
