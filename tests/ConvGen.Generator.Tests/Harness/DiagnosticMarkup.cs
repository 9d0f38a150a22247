using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.Harness;

/// <summary>An expected diagnostic: its id, its span in the clean source, and the text the markup enclosed.</summary>
public sealed record ExpectedDiagnostic(string Id, TextSpan Span, string MarkedText)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Id} at {Span}: \"{MarkedText}\"";
}

/// <summary>The result of <see cref="DiagnosticMarkup.Parse"/>: the source without markup and the expected diagnostics.</summary>
public sealed record MarkupSource(string Source, ImmutableArray<ExpectedDiagnostic> Expected);

/// <summary>
/// Test-source markup for expected diagnostics, in the style of Roslyn's analyzer testing:
/// <c>{|CNVG0101:text|}</c> marks <c>text</c> as the exact span of a <c>CNVG0101</c> diagnostic.
/// Several spans are allowed, nesting is not. The id is a C# identifier-like token (letters, digits, '_').
/// </summary>
/// <example>
/// <code>
/// var markup = DiagnosticMarkup.Parse("""
///     partial class C { [Conv2D({|CNVG0101:-1|}, 3, 3)] static partial void K(...); }
///     """);
/// var result = GeneratorHarness.Run(new ConvGenerator(), CompilationFactory.Create(markup.Source, typeof(Conv2DAttribute).Assembly));
/// DiagnosticMarkup.AssertDiagnostics(markup.Expected, result.GeneratorDiagnostics);
/// </code>
/// </example>
public static class DiagnosticMarkup
{
    private const string Open = "{|";
    private const string Close = "|}";

    /// <summary>Strips every <c>{|ID:text|}</c> and records (ID, span of text in the stripped source).</summary>
    /// <exception cref="FormatException">Unterminated or nested markup, or a missing id.</exception>
    public static MarkupSource Parse(string markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        var output = new StringBuilder(markup.Length);
        var expected = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();
        var position = 0;
        while (true)
        {
            var open = FindOpen(markup, position, out var id, out var textStart);
            if (open < 0)
            {
                output.Append(markup, position, markup.Length - position);
                break;
            }

            output.Append(markup, position, open - position);
            var close = markup.IndexOf(Close, textStart, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Markup '{Open}{id}:' at offset {open} is not closed with '{Close}'.");
            }

            var nested = FindOpen(markup, textStart, out var nestedId, out _);
            if (nested >= 0 && nested < close)
            {
                throw new FormatException($"Nested markup '{Open}{nestedId}:' at offset {nested} is not supported.");
            }

            var text = markup.Substring(textStart, close - textStart);
            expected.Add(new ExpectedDiagnostic(id, new TextSpan(output.Length, text.Length), text));
            output.Append(text);
            position = close + Close.Length;
        }

        return new MarkupSource(output.ToString(), expected.ToImmutable());
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> holds exactly the <paramref name="expected"/> diagnostics, compared by id
    /// and exact source span, ignoring order (duplicates count). On failure lists both sets, with the actual
    /// diagnostics' severity, position, message and spanned text.
    /// </summary>
    public static void AssertDiagnostics(IEnumerable<ExpectedDiagnostic> expected, IEnumerable<Diagnostic> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var expectedList = expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Span.Length).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var actualList = actual.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Location.SourceSpan.Length).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();

        var missing = new List<ExpectedDiagnostic>(expectedList);
        var unexpected = new List<Diagnostic>();
        foreach (var diagnostic in actualList)
        {
            var index = missing.FindIndex(e => e.Id == diagnostic.Id && e.Span == diagnostic.Location.SourceSpan);
            if (index >= 0)
            {
                missing.RemoveAt(index);
            }
            else
            {
                unexpected.Add(diagnostic);
            }
        }

        if (missing.Count == 0 && unexpected.Count == 0)
        {
            return;
        }

        var sb = new StringBuilder();
        sb.AppendLine("Diagnostics do not match (compared by id and exact span).");
        sb.AppendLine($"Expected ({expectedList.Count}):");
        AppendList(sb, expectedList.Select(e => (missing.Contains(e) ? "MISSING " : "ok      ") + e));
        sb.AppendLine($"Actual ({actualList.Count}):");
        AppendList(sb, actualList.Select(d => (unexpected.Contains(d) ? "EXTRA   " : "ok      ") + Describe(d)));
        sb.AppendLine("Markup for the actual diagnostics: " +
                      (actualList.Count == 0 ? "(none)" : string.Join(", ", actualList.Select(d => $"{{|{d.Id}:{SpanText(d)}|}}"))));
        throw new XunitException(sb.ToString());
    }

    /// <summary>Shorthand for <c>AssertDiagnostics(markup.Expected, actual)</c>.</summary>
    public static void AssertDiagnostics(MarkupSource markup, IEnumerable<Diagnostic> actual)
    {
        ArgumentNullException.ThrowIfNull(markup);
        AssertDiagnostics(markup.Expected, actual);
    }

    /// <summary>
    /// A diagnostic on an argument (<c>Name = value</c>) names that value in its message, as the standard for bad input
    /// asks: <c>Padding = -1</c> must say -1, <c>(Activation)10</c> 10, <c>int.MaxValue</c> 2147483647, an enum member its
    /// name. Not for the rules about a property being set at all, whatever its value: CNVG0106 (square and per-axis
    /// forms both set) and CNVG0134 (a Winograd option without Winograd).
    /// </summary>
    public static void AssertMessagesNameTheirValues(MarkupSource markup, IEnumerable<Diagnostic> actual)
    {
        ArgumentNullException.ThrowIfNull(markup);
        foreach (ExpectedDiagnostic expected in markup.Expected.Where(e =>
            System.Text.RegularExpressions.Regex.IsMatch(e.MarkedText, @"^\w+ = [^,]+$") && e.Id is not ("CNVG0106" or "CNVG0134")))
        {
            string value = expected.MarkedText[(expected.MarkedText.IndexOf(" = ", StringComparison.Ordinal) + 3)..].Trim();
            value = value.StartsWith('(') ? value[(value.IndexOf(')') + 1)..] : value;
            value = value switch
            {
                "int.MaxValue" => "2147483647",
                _ when System.Text.RegularExpressions.Regex.IsMatch(value, @"^-?[0-9.]+f$") => value[..^1], // a float literal's suffix
                _ when value.Contains('.', StringComparison.Ordinal) && char.IsLetter(value[0]) => value[(value.LastIndexOf('.') + 1)..],
                _ => value,
            };
            Diagnostic diagnostic = actual.Single(d => d.Id == expected.Id && d.Location.SourceSpan == expected.Span);
            string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (!message.Contains(value, StringComparison.Ordinal))
            {
                throw new XunitException($"{expected.Id} on \"{expected.MarkedText}\" does not name {value}: {message}");
            }
        }
    }

    private static string Describe(Diagnostic d)
    {
        var location = d.Location;
        var where = location.IsInSource
            ? $"{location.GetLineSpan().Path}({location.GetLineSpan().StartLinePosition.Line + 1},{location.GetLineSpan().StartLinePosition.Character + 1})"
            : location == Location.None ? "no location" : location.ToString();
        return $"{d.Id} at {location.SourceSpan}: \"{SpanText(d)}\" [{d.Severity}, {where}] {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static string SpanText(Diagnostic d)
    {
        var tree = d.Location.SourceTree;
        if (tree is null)
        {
            return string.Empty;
        }

        var text = tree.GetText();
        var span = d.Location.SourceSpan;
        return span.End <= text.Length ? text.ToString(span) : string.Empty;
    }

    private static void AppendList(StringBuilder sb, IEnumerable<string> lines)
    {
        var any = false;
        foreach (var line in lines)
        {
            sb.Append("  ").AppendLine(line);
            any = true;
        }

        if (!any)
        {
            sb.AppendLine("  (none)");
        }
    }

    // Finds the next "{|ID:" at or after 'start'; returns its offset (or -1), the id and where the marked text starts.
    private static int FindOpen(string s, int start, out string id, out int textStart)
    {
        for (var i = s.IndexOf(Open, start, StringComparison.Ordinal); i >= 0; i = s.IndexOf(Open, i + 1, StringComparison.Ordinal))
        {
            var j = i + Open.Length;
            while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_'))
            {
                j++;
            }

            if (j > i + Open.Length && j < s.Length && s[j] == ':' && !char.IsAsciiDigit(s[i + Open.Length]))
            {
                id = s.Substring(i + Open.Length, j - i - Open.Length);
                textStart = j + 1;
                return i;
            }
        }

        id = string.Empty;
        textStart = -1;
        return -1;
    }
}
