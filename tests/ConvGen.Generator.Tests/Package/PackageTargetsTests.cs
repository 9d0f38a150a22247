using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace ConvGen.Generator.Tests.Package;

/// <summary>
/// CNVG0014, the package's MSBuild warning (buildTransitive/ConvGen.targets) of a Native AOT publish for the baseline
/// x64 instruction set, where the kernels run their Vector128 path. MSBuild evaluates a small project that imports the
/// targets and stands in for the ILCompiler's IlcCompile target (which runs only in Native AOT publishes), with the
/// properties of each case.
/// </summary>
public sealed class PackageTargetsTests
{
    [Theory]
    [InlineData("-p:PublishAot=true -p:RuntimeIdentifier=linux-x64", true)]
    [InlineData("-p:PublishAot=true -p:RuntimeIdentifier=win-x64 -p:IlcInstructionSet=x86-64-v3", false)]
    [InlineData("-p:PublishAot=true -p:RuntimeIdentifier=linux-x64 -p:InstructionSetArgument=true", false)]
    [InlineData("-p:PublishAot=true -p:RuntimeIdentifier=linux-arm64", false)]
    [InlineData("-p:PublishAot=true -p:RuntimeIdentifier=linux-x64 -p:NoWarn=CS1591%3BCNVG0014", false)]
    [InlineData("-p:RuntimeIdentifier=linux-x64", false)]
    public void WarnsOnlyOnNativeAotPublishesForTheBaselineX64InstructionSet(string properties, bool warns)
    {
        (int exitCode, string output) = RunIlcCompile(properties);
        Assert.True(exitCode == 0, $"msbuild exited with {exitCode}:\n{output}");
        Assert.Equal(warns, output.Contains("warning CNVG0014", StringComparison.Ordinal));
        if (warns)
        {
            Assert.Contains("IlcInstructionSet", output, StringComparison.Ordinal);
        }
    }

    private static (int ExitCode, string Output) RunIlcCompile(string properties)
    {
        string targets = Path.Combine(AppContext.BaseDirectory, "PackageTargets", "ConvGen.targets");
        string directory = Path.Combine(Path.GetTempPath(), "convgen-targets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string project = Path.Combine(directory, "App.proj");
            File.WriteAllText(project, $"""
                <Project>
                  <Import Project="{targets}" />
                  <ItemGroup Condition="'$(InstructionSetArgument)' == 'true'">
                    <IlcArg Include="--instruction-set:x86-64-v3" />
                  </ItemGroup>
                  <Target Name="IlcCompile" />
                </Project>
                """);
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                $"msbuild \"{project}\" -t:IlcCompile -nologo -nodeReuse:false {properties}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "msbuild did not finish within two minutes");
            return (process.ExitCode, output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
