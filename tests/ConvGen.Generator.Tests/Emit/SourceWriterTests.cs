using ConvGen.Generator.Helpers;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>The writer's plain-comment mode, which keeps the file-local kernel classes out of the user's XML documentation.</summary>
public class SourceWriterTests
{
    [Theory]
    [InlineData("    /// <summary>Packs <paramref name=\"w\"/> for <see cref=\"Run\"/>, <c>k</c> &lt; 4.</summary>", "    // Packs w for Run, k < 4.")]
    [InlineData("/// <summary>", "")]
    [InlineData("  /// </summary>", "")]
    [InlineData("/// <para>Two</para>", "// Two")]
    [InlineData("// already plain", "// already plain")]
    [InlineData("int x = 1; // a /// inside code", "int x = 1; // a /// inside code")]
    public void DocumentationLinesBecomePlainComments(string line, string expected) =>
        Assert.Equal(expected, SourceWriter.PlainComment(line));

    [Fact]
    public void OnlyLinesWrittenInPlainModeChange()
    {
        var w = new SourceWriter();
        w.WriteLine("/// <summary>Kept.</summary>");
        w.PlainComments = true;
        using (w.Block("class K"))
        {
            w.WriteLine("/// <summary>\n/// Two lines,\n/// plain.\n/// </summary>");
            w.WriteLine("void M() { }");
        }
        Assert.Equal("/// <summary>Kept.</summary>\nclass K\n{\n    // Two lines,\n    // plain.\n    void M() { }\n}\n", w.ToString());
    }
}
