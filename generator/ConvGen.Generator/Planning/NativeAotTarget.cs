namespace ConvGen.Generator.Planning;

/// <summary>
/// Whether a build publishes with Native AOT for the baseline x64 instruction set, read from the MSBuild properties
/// the ConvGen package makes visible to the compiler (<c>PublishAot</c>, <c>IlcInstructionSet</c>,
/// <c>RuntimeIdentifier</c>). Native AOT compiles every method once, ahead of time, for the instruction sets it is
/// told; without <c>IlcInstructionSet</c> that is the x64 baseline, where <c>Vector256.IsHardwareAccelerated</c> is
/// false and the kernels take their Vector128 path. Arm64's baseline already holds NEON, the widest vectors that
/// path uses, so only x64 targets are reported; and a build without a runtime identifier (a plain <c>dotnet
/// build</c> of a project that sets <c>PublishAot</c>) runs on the JIT, so only publishes for a named x64 target are.
/// </summary>
internal static class NativeAotTarget
{
    /// <summary>The build properties, as the compiler sees them (<c>build_property.Name</c>).</summary>
    public const string PublishAot = "build_property.PublishAot", IlcInstructionSet = "build_property.IlcInstructionSet",
        RuntimeIdentifier = "build_property.RuntimeIdentifier";

    /// <summary>
    /// True where <paramref name="publishAot"/> is <c>true</c>, no instruction set is named, and the runtime identifier
    /// is an x64 one (<c>linux-x64</c>, <c>win-x64</c>, <c>osx-x64</c>, <c>linux-musl-x64</c>, ...).
    /// </summary>
    public static bool PublishesForBaselineX64(string? publishAot, string? instructionSet, string? runtimeIdentifier) =>
        string.Equals(publishAot?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase)
        && string.IsNullOrWhiteSpace(instructionSet)
        && runtimeIdentifier is not null
        && runtimeIdentifier.Trim().EndsWith("-x64", System.StringComparison.OrdinalIgnoreCase);
}
