using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace ConvGen.Benchmarks;

/// <summary>
/// oneDNN forward-inference GFLOP/s per (layer name, thread count), read from the peers harness
/// (<c>shared/bench/peers</c>): either its Markdown report (<c>results-YYYYMMDD.md</c>: the
/// "### Convolution timings, T thread(s)" tables, column <c>dnnl fwd &lt;layout&gt;</c>, cells "median ms / GFLOP/s")
/// or a raw <c>onednn_tT.csv</c> (<c>threads,name,kind,pass,layout,impl,gflop,median_ms,min_ms,gflops,...</c>,
/// rows with <c>pass=fwd</c>). <see cref="ReportColumn"/> reads another column of the same reports the same way, e.g.
/// PyTorch's <c>torch fwd nchw</c>.
/// </summary>
internal sealed partial class OneDnnResults
{
    private readonly Dictionary<(string Name, int Threads), double> _gflops = new();
    private readonly bool _oneDnn;

    /// <summary>Creates an empty set for oneDNN's <paramref name="layout"/> (<c>any</c> or <c>nchw</c>).</summary>
    public OneDnnResults(string layout) : this(layout, "dnnl fwd " + layout, oneDnn: true)
    {
    }

    private OneDnnResults(string layout, string column, bool oneDnn)
    {
        Layout = layout;
        Column = column;
        _oneDnn = oneDnn;
    }

    /// <summary>
    /// An empty set for another "median ms / GFLOP/s" column of the peers' Markdown reports (e.g. <c>torch fwd nchw</c>).
    /// <see cref="Load"/> skips raw CSVs (they hold oneDNN's numbers only) and reports without that column.
    /// </summary>
    public static OneDnnResults ReportColumn(string column) => new("", column, oneDnn: false);

    /// <summary><c>any</c> (oneDNN's preferred blocked layout, its best case) or <c>nchw</c> (ConvGen's layout); empty for <see cref="ReportColumn"/>.</summary>
    public string Layout { get; }

    /// <summary>The report column read, e.g. <c>dnnl fwd any</c>.</summary>
    public string Column { get; }

    /// <summary>Number of (layer, threads) entries read.</summary>
    public int Count => _gflops.Count;

    /// <summary>The thread counts present.</summary>
    public SortedSet<int> ThreadCounts { get; } = new();

    /// <summary>Files read so far.</summary>
    public List<string> Sources { get; } = new();

    /// <summary>GFLOP/s of <paramref name="name"/> at <paramref name="threads"/> threads, or NaN.</summary>
    public double Gflops(string name, int threads) => _gflops.TryGetValue((name, threads), out double value) ? value : double.NaN;

    /// <summary>Reads one report (.md) or raw CSV (.csv) and merges it (later files win).</summary>
    public void Load(string path)
    {
        bool csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        if (csv && !_oneDnn)
        {
            return;
        }
        string[] lines = File.ReadAllLines(path);
        int before = _gflops.Count;
        if (csv)
        {
            LoadCsv(lines);
        }
        else
        {
            LoadMarkdown(lines);
        }
        if (_gflops.Count == before)
        {
            if (!_oneDnn)
            {
                return;
            }
            throw new InvalidDataException($"{path}: no oneDNN forward results for layout '{Layout}' found.");
        }
        Sources.Add(path);
    }

    /// <summary>
    /// The data rows of a CSV of the peers harness (its first line that is neither empty nor a <c>#</c> comment is the
    /// header), each as a lookup from a column name to that row's field, "" where the column is absent.
    /// </summary>
    internal static IEnumerable<Func<string, string>> CsvRows(IEnumerable<string> lines)
    {
        string[]? header = null;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            string[] f = line.Split(',');
            if (header is null)
            {
                header = f;
                continue;
            }
            string[] columns = header;
            yield return column =>
            {
                int i = Array.IndexOf(columns, column);
                return i >= 0 && i < f.Length ? f[i] : "";
            };
        }
    }

    private void LoadCsv(string[] lines)
    {
        foreach (Func<string, string> field in CsvRows(lines))
        {
            if (field("pass") != "fwd" || field("layout") != Layout ||
                !int.TryParse(field("threads"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int threads) ||
                !double.TryParse(field("gflops"), NumberStyles.Float, CultureInfo.InvariantCulture, out double gflops) ||
                double.IsNaN(gflops))
            {
                continue;
            }
            Add(field("name"), threads, gflops);
        }
    }

    private void LoadMarkdown(string[] lines)
    {
        int threads = 0, column = -1;
        string wanted = Column;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith('#'))
            {
                Match heading = TimingHeading().Match(line);
                threads = heading.Success ? int.Parse(heading.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                column = -1;
                continue;
            }
            if (threads == 0 || !line.StartsWith('|'))
            {
                continue;
            }
            string[] cells = line.Trim('|').Split('|');
            for (int i = 0; i < cells.Length; i++)
            {
                cells[i] = cells[i].Trim();
            }
            if (cells[0] == "config")
            {
                column = Array.IndexOf(cells, wanted);
                continue;
            }
            if (column < 0 || column >= cells.Length)
            {
                continue;
            }
            Match cell = TimingCell().Match(cells[column]);
            if (cell.Success)
            {
                Add(cells[0], threads, double.Parse(cell.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    private void Add(string name, int threads, double gflops)
    {
        _gflops[(name, threads)] = gflops;
        ThreadCounts.Add(threads);
    }

    [GeneratedRegex(@"^###\s+Convolution timings,\s*(\d+)\s+threads?\b")]
    private static partial Regex TimingHeading();

    /// <summary>"0.168 / 43.1" or "3.59 / 2.0†": median ms / GFLOP/s.</summary>
    [GeneratedRegex(@"^([0-9.]+(?:e[-+]?\d+)?)\s*/\s*([0-9.]+(?:e[-+]?\d+)?)")]
    private static partial Regex TimingCell();
}
