using System;
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
        (int? exitCode, string output, string errors) = ChildProcess.Run("isa-check", variable, TimeSpan.FromMinutes(5));
        Assert.True(exitCode is not null, $"isa-check timed out\n{output}");
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        Assert.Contains($"path: {expectedPath}", output);
        Assert.Matches(@"\d+ passed, 0 failed", output);
    }
}
