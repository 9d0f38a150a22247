using System;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The file-local kernel classes carry plain comments only: no <c>///</c> line (the user's XML documentation would list
/// them) and no documentation tag left over from the conversion (<c>SourceWriter.PlainComments</c>).
/// </summary>
internal static class KernelComments
{
    private static readonly Regex s_documentationTag = new(@"</?(summary|c|para|see|seealso|paramref|typeparamref|remarks|param|typeparam|returns|list|item|description|code|example|exception|value|inheritdoc)\b");

    public static void AssertPlain(string source)
    {
        int kernel = source.IndexOf("namespace ConvGen.Generated", StringComparison.Ordinal);
        Assert.True(kernel > 0, "no kernel namespace");
        string[] lines = source.Substring(kernel).Split('\n');
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("///", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("//", StringComparison.Ordinal) &&
            s_documentationTag.IsMatch(line.Substring(line.IndexOf("//", StringComparison.Ordinal))));
        // The user's part before it keeps its XML documentation.
        Assert.Contains("/// <", source.Substring(0, kernel), StringComparison.Ordinal);
    }
}
