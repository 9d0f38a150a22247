using System;
using System.Collections.Generic;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>The namespace and partial containing types a kernel method's generated half is written in.</summary>
internal readonly struct ContainingScopes : IDisposable
{
    private readonly List<Block> _blocks;

    private ContainingScopes(List<Block> blocks) => _blocks = blocks;

    /// <summary>Opens the method's namespace (when it has one) and its containing types, outermost first.</summary>
    public static ContainingScopes Open(SourceWriter w, MethodSpec method)
    {
        var blocks = new List<Block>();
        if (method.Namespace is not null)
        {
            blocks.Add(w.Block($"namespace {method.Namespace}"));
        }
        foreach (ContainingTypeSpec type in method.ContainingTypes)
        {
            blocks.Add(w.Block($"partial {type.Keyword} {type.NameWithTypeParameters}"));
        }
        return new ContainingScopes(blocks);
    }

    /// <summary>Closes the scopes, innermost first.</summary>
    public void Dispose()
    {
        for (int i = _blocks.Count - 1; i >= 0; i--)
        {
            _blocks[i].Dispose();
        }
    }
}
