using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the parallel-phase plumbing shared by every kernel class: <c>IKernelTask</c> structs with nint fields, the
/// static slice range, and the <c>ComputeTiles</c> task that dispatches to the instruction set's tile method.
/// </summary>
internal static class KernelTaskEmitter
{
    /// <summary>Writes the header of a private task struct up to its body; close it with <c>}</c> after the body.</summary>
    public static void TaskHeader(SourceWriter w, string summary, string name, params string[] addresses) =>
        TaskHeader(w, "private", summary, name, addresses);

    /// <summary>
    /// A task struct's header: nint fields for <paramref name="addresses"/>, then fields for <paramref name="values"/>
    /// (e.g. <c>("bool", "packedWeights")</c>), and a constructor setting them all in that order.
    /// </summary>
    public static void TaskHeader(SourceWriter w, string accessibility, string summary, string name, string[] addresses, params (string Type, string Name)[] values)
    {
        w.WriteLine($"/// <summary>{summary}</summary>");
        w.WriteLine($"{accessibility} readonly struct {name} : IKernelTask");
        w.WriteLine("{");
        w.WriteLine($"    private readonly nint {string.Join(", ", addresses.Select(f => "_" + f))};");
        foreach ((string type, string field) in values)
        {
            w.WriteLine($"    private readonly {type} _{field};");
        }
        w.WriteLine();
        string parameters = string.Join(", ", addresses.Select(f => "nint " + f).Concat(values.Select(v => v.Type + " " + v.Name)));
        w.WriteLine($"    public {name}({parameters})");
        w.WriteLine("    {");
        foreach (string field in addresses.Concat(values.Select(v => v.Name)))
        {
            w.WriteLine($"        _{field} = {field};");
        }
        w.WriteLine("    }");
        w.WriteLine();
    }

    /// <summary>
    /// A whole task struct whose slice walks its units: the header (<see cref="TaskHeader(SourceWriter, string, string, string[], (string Type, string Name)[])"/>),
    /// then an AggressiveOptimization <c>Execute</c> taking the slice of <paramref name="total"/> units, running
    /// <paramref name="prologue"/> once (per-thread scratch and the like) and <paramref name="body"/> inside
    /// <c>for (int {variable} = begin; {variable} &lt; end; {variable}++)</c>.
    /// </summary>
    /// <param name="rangeEntry">
    /// Also emit <c>Run(begin, end)</c> for a range the caller chooses (<c>Execute</c> then slices and calls it), for a
    /// caller that already runs on a slice of its own.
    /// </param>
    /// <param name="accessibility">The struct's accessibility: <c>internal</c> for a task nested in a phase class that the kernel class runs.</param>
    public static void RangeTask(SourceWriter w, string summary, string name, string[] addresses, (string Type, string Name)[] values,
        string total, string variable, System.Action? prologue, System.Action body, bool rangeEntry = false, string accessibility = "private")
    {
        TaskHeader(w, accessibility, summary, name, addresses, values);
        using (w.Indent())
        {
            if (rangeEntry)
            {
                using (w.Block("public void Execute(int index, int count)"))
                {
                    SliceRange(w, total);
                    w.WriteLine("Run(begin, end);");
                }
                w.WriteLine();
                w.WriteLine($"/// <summary>Runs {variable} from begin to end − 1 (of {total}).</summary>");
            }
            w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (w.Block(rangeEntry ? "public void Run(int begin, int end)" : "public void Execute(int index, int count)"))
            {
                if (!rangeEntry)
                {
                    SliceRange(w, total);
                }
                prologue?.Invoke();
                using (w.Block($"for (int {variable} = begin; {variable} < end; {variable}++)"))
                {
                    body();
                }
            }
        }
        w.WriteLine("}");
    }

    /// <summary>
    /// A task over a source and a target address whose slices each run a share of
    /// <c>{method}(ref float source, ref float target, int part, int parts)</c>: the weight transforms and repacks that
    /// plain-weights overloads run on every call with new weights.
    /// </summary>
    public static void PartTask(SourceWriter w, string summary, string name, string source, string target, string method)
    {
        TaskHeader(w, summary, name, source, target);
        w.WriteLine($"    public void Execute(int index, int count) => {method}(ref KernelMemory.AsRef(_{source}), ref KernelMemory.AsRef(_{target}), index, count);");
        w.WriteLine("}");
    }

    /// <summary>The contiguous range [begin, end) of <paramref name="total"/> units that slice index of count owns, in locals named <paramref name="begin"/> and <paramref name="end"/>.</summary>
    public static void SliceRange(SourceWriter w, string total, string begin = "begin", string end = "end")
    {
        w.WriteLine($"int {begin} = (int)((long){total} * index / count), {end} = (int)((long){total} * (index + 1) / count);");
    }

    /// <summary>
    /// A task's <c>Units</c> property: the work-unit count of the widest path this process runs (<c>Units512</c>,
    /// <c>Units256</c>, … down to <c>UnitsScalar</c>), <paramref name="paths"/> widest first; the JIT folds the checks.
    /// </summary>
    public static void UnitsProperty(SourceWriter w, IEnumerable<SimdVocabulary> paths)
    {
        w.WriteLine("/// <summary>Work units of the instruction set this process runs on (the JIT folds the checks).</summary>");
        string units = "UnitsScalar";
        foreach (SimdVocabulary simd in paths.Reverse().Skip(1))
        {
            units = $"{simd.IsAccelerated} ? Units{simd.Suffix} : {units}";
        }
        w.WriteLine($"public static int Units => {units};");
        w.WriteLine();
    }

    /// <summary>
    /// The <c>ComputeTiles</c> task: a contiguous range of work units handed to <c>Tiles256</c>, <c>Tiles128</c> or
    /// <c>TilesScalar</c> (<paramref name="paths"/>, widest first, the scalar path last), and the unit count of the path
    /// this process runs.
    /// </summary>
    public static void ComputeTiles(SourceWriter w, IReadOnlyList<SimdVocabulary> paths, bool hasBias, string accessibility = "private")
    {
        TaskHeader(w, accessibility, "Computes a contiguous range of (group, channel block, position tile) units.", "ComputeTiles", new[] { "input", "weights", "bias", "output" });
        using (w.Indent())
        {
            UnitsProperty(w, paths);
            w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (w.Block("public void Execute(int index, int count)"))
            {
                SliceRange(w, "Units");
                w.WriteLine("ref float input = ref KernelMemory.AsRef(_input);");
                w.WriteLine("ref float weights = ref KernelMemory.AsRef(_weights);");
                w.WriteLine("ref float output = ref KernelMemory.AsRef(_output);");
                string bias = hasBias ? "ref KernelMemory.AsRef(_bias), " : "";
                string prefix = "";
                foreach (SimdVocabulary simd in paths)
                {
                    string call = $"Tiles{simd.Suffix}(ref input, ref weights, {bias}ref output, begin, end);";
                    if (simd.IsAccelerated is { } guard)
                    {
                        using (w.Block($"{prefix}if ({guard})"))
                        {
                            w.WriteLine(call);
                        }
                        prefix = "else ";
                    }
                    else if (prefix.Length == 0)
                    {
                        w.WriteLine(call);
                    }
                    else
                    {
                        using (w.Block("else"))
                        {
                            w.WriteLine(call);
                        }
                    }
                }
            }
        }
        w.WriteLine("}");
    }
}
