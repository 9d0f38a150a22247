using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The Vector128 and scalar paths of every generated kernel, exercised by re-running the numeric suite in a child
/// process with AVX2 (→ Vector128) or all hardware intrinsics (→ scalar) disabled. The in-process tests cover the
/// machine's own path (Vector256 here).
/// </summary>
public sealed class IsaPathTests
{
    [Theory]
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
