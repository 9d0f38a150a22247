using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace ConvGen.Kernels.Tests;

/// <summary>Runs this test assembly's own <c>Main</c> in a child process, with a deadline that kills it.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <c>dotnet exec ConvGen.Kernels.Tests.dll <paramref name="mode"/></c> with <paramref name="variable"/> set to
    /// 0 (when given); both pipes are drained concurrently, so a chatty child cannot block on a full one, and a child
    /// still running at <paramref name="timeout"/> is killed with its tree. Null exit code: it timed out.
    /// </summary>
    public static (int? ExitCode, string Output, string Errors) Run(string mode, string? variable, TimeSpan timeout)
    {
        string assembly = typeof(ChildProcess).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", $"exec \"{assembly}\" {mode}")
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
        Task<string> output = process.StandardOutput.ReadToEndAsync(), errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (null, output.Result, errors.Result);
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
