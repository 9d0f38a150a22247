using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

public sealed class NativeAotTargetTests
{
    [Theory]
    [InlineData("true", null, "linux-x64", true)]
    [InlineData("True", "", "win-x64", true)]
    [InlineData(" true ", "  ", "linux-musl-x64", true)]
    [InlineData("true", "native", "linux-x64", false)]          // an instruction set is named
    [InlineData("true", "x86-64-v3", "osx-x64", false)]
    [InlineData("true", null, "linux-arm64", false)]            // Arm64's baseline holds NEON already
    [InlineData("true", null, "", false)]                       // no runtime identifier: a JIT build
    [InlineData("true", null, null, false)]
    [InlineData("false", null, "linux-x64", false)]             // not a Native AOT build
    [InlineData(null, null, "linux-x64", false)]
    public void ReportsOnlyNativeAotPublishesForTheBaselineX64InstructionSet(string? publishAot, string? instructionSet, string? runtimeIdentifier, bool expected) =>
        Assert.Equal(expected, NativeAotTarget.PublishesForBaselineX64(publishAot, instructionSet, runtimeIdentifier));
}
