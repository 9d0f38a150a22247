using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace ConvGen.Benchmarks;

/// <summary>
/// How busy the machine was while the benchmark ran, from <c>/proc/stat</c> (Linux; elsewhere unavailable): the share
/// of all CPUs' time that was busy, used by this process, and used by other processes (competing with the benchmark,
/// as in the peers harness's "Machine load" table).
/// </summary>
internal sealed class MachineLoad
{
    private readonly (long Total, long Idle)? _start;
    private readonly TimeSpan _startProcess;

    private MachineLoad((long, long)? start, TimeSpan startProcess)
    {
        _start = start;
        _startProcess = startProcess;
    }

    public static MachineLoad Start() => new(Read(), Process.GetCurrentProcess().TotalProcessorTime);

    /// <summary>"VM busy 57 % (this benchmark 50 %, others 7 %)", or an empty string when /proc/stat is unavailable.</summary>
    public string Describe()
    {
        (long Total, long Idle)? end = Read();
        if (_start is not { } start || end is not { } stop || stop.Total <= start.Total)
        {
            return "";
        }
        double total = stop.Total - start.Total, idle = stop.Idle - start.Idle;
        // /proc/stat counts USER_HZ ticks (100 per second on Linux).
        double own = (Process.GetCurrentProcess().TotalProcessorTime - _startProcess).TotalSeconds * 100;
        double busy = 100 * (1 - idle / total), mine = Math.Min(busy, 100 * own / total);
        return string.Create(CultureInfo.InvariantCulture, $"VM busy {busy:F0} % of all CPUs (this benchmark {mine:F0} %, other processes {Math.Max(0, busy - mine):F0} %)");
    }

    private static (long Total, long Idle)? Read()
    {
        try
        {
            if (!File.Exists("/proc/stat"))
            {
                return null;
            }
            using var reader = new StreamReader("/proc/stat");
            string? line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long total = 0;
            for (int i = 1; i < Math.Min(f.Length, 9); i++) // user nice system idle iowait irq softirq steal
            {
                total += long.Parse(f[i], CultureInfo.InvariantCulture);
            }
            long idle = long.Parse(f[4], CultureInfo.InvariantCulture) + long.Parse(f[5], CultureInfo.InvariantCulture);
            return (total, idle);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
