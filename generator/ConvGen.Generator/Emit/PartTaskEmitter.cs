using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits a worker-pool task over one source and one target address whose slices each run a share of a method
/// <c>Method(ref float source, ref float target, int part, int parts)</c>: the weight transforms and repacks that the
/// plain-weights overloads run on every call with new weights.
/// </summary>
internal static class PartTaskEmitter
{
    /// <param name="summary">The task's one-line summary (XML, without the tags).</param>
    /// <param name="name">The struct's name.</param>
    /// <param name="source">The source address's parameter name (its field is the name with an underscore).</param>
    /// <param name="target">The target address's parameter name.</param>
    /// <param name="method">The method each slice calls with its share.</param>
    public static void Emit(SourceWriter w, string summary, string name, string source, string target, string method)
    {
        w.WriteLine($"/// <summary>{summary}</summary>");
        using (w.Block($"private readonly struct {name} : IKernelTask"))
        {
            w.WriteLine($"private readonly nint _{source}, _{target};");
            w.WriteLine();
            using (w.Block($"public {name}(nint {source}, nint {target})"))
            {
                w.WriteLine($"_{source} = {source};");
                w.WriteLine($"_{target} = {target};");
            }
            w.WriteLine();
            w.WriteLine($"public void Execute(int index, int count) => {method}(ref KernelMemory.AsRef(_{source}), ref KernelMemory.AsRef(_{target}), index, count);");
        }
    }
}
