using System;
using System.Text;
using System.Text.RegularExpressions;

namespace ConvGen.Generator.Helpers;

/// <summary>An indentation-tracking text writer for emitted C# (4 spaces, LF line endings).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>
    /// Set while writing the file-local kernel types: their <c>///</c> comments are written as plain <c>//</c> comments
    /// without the XML tags, so that a project generating XML documentation does not document ConvGen's private kernel
    /// classes (under names that are not their metadata names, and that two files can share).
    /// </summary>
    public bool PlainComments { get; set; }

    public void WriteLine(string line = "")
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return;
        }
        foreach (string written in line.Split('\n'))
        {
            string part = PlainComments ? PlainComment(written) : written;
            if (part.Length == 0 && written.Length != 0)
            {
                continue; // a <summary> or </summary> line on its own
            }
            if (part.Length != 0)
            {
                _text.Append(' ', _indent * 4);
            }
            _text.Append(part).Append('\n');
        }
    }

    private static readonly Regex s_referenceTag = new("<(?:see cref|paramref name)=\"([^\"]*)\"\\s*/>", RegexOptions.CultureInvariant);
    private static readonly Regex s_formattingTag = new("</?(?:summary|c|para)>", RegexOptions.CultureInvariant);

    /// <summary>A <c>///</c> line as a <c>//</c> line: references as their names, tags dropped, entities decoded; empty where only tags were left.</summary>
    internal static string PlainComment(string line)
    {
        string trimmed = line.TrimStart();
        if (!trimmed.StartsWith("///", StringComparison.Ordinal))
        {
            return line;
        }
        string text = s_formattingTag.Replace(s_referenceTag.Replace(trimmed.Substring(3), "$1"), "").Trim();
        text = text.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
        return text.Length == 0 ? "" : line.Substring(0, line.Length - trimmed.Length) + "// " + text;
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
