using System;
using System.Text;

namespace ConvGen.Generator.Helpers;

/// <summary>An indentation-tracking text writer for emitted C# (4 spaces, LF line endings).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine(string line = "")
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return;
        }
        foreach (string part in line.Split('\n'))
        {
            if (part.Length != 0)
            {
                _text.Append(' ', _indent * 4);
            }
            _text.Append(part).Append('\n');
        }
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result closes it.</summary>
    public Block Block(string header)
    {
        if (header.Length != 0)
        {
            WriteLine(header);
        }
        WriteLine("{");
        _indent++;
        return new Block(this, "}");
    }

    /// <summary>Opens a brace-only scope (used for lambdas and initialisers ending with a suffix).</summary>
    public Block Block(string header, string closing)
    {
        WriteLine(header);
        WriteLine("{");
        _indent++;
        return new Block(this, closing);
    }

    /// <summary>Indents without braces; disposing the result un-indents.</summary>
    public Block Indent()
    {
        _indent++;
        return new Block(this, null);
    }

    internal void Close(string? closing)
    {
        _indent--;
        if (closing is not null)
        {
            WriteLine(closing);
        }
    }

    public override string ToString() => _text.ToString();
}

/// <summary>Closes a <see cref="SourceWriter.Block(string)"/> scope.</summary>
internal readonly struct Block : IDisposable
{
    private readonly SourceWriter _writer;
    private readonly string? _closing;

    public Block(SourceWriter writer, string? closing)
    {
        _writer = writer;
        _closing = closing;
    }

    public void Dispose() => _writer.Close(_closing);
}
