using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.Harness;

/// <summary>How <see cref="Snapshot"/> treats a mismatch. <see cref="FromEnvironment"/> is what the short overloads use.</summary>
public sealed record SnapshotOptions
{
    /// <summary>Write the received text as the new verified file and pass (ignored when <see cref="IsCI"/>).</summary>
    public bool Accept { get; init; }

    /// <summary>Running under CI: nothing is ever accepted; a missing or different verified file fails.</summary>
    public bool IsCI { get; init; }

    /// <summary>Folder holding the snapshots; <c>null</c> = <c>Snapshots/</c> in the calling test project.</summary>
    public string? Directory { get; init; }

    /// <summary>Unchanged lines shown around each change in the diff.</summary>
    public int ContextLines { get; init; } = 3;

    /// <summary>Accept = <c>CONVGEN_ACCEPT</c> is 1/true/yes; IsCI = <c>CI</c> is 1/true/yes.</summary>
    public static SnapshotOptions FromEnvironment() => new()
    {
        Accept = IsSet(Snapshot.AcceptVariable),
        IsCI = IsSet("CI"),
    };

    private static bool IsSet(string variable) =>
        Environment.GetEnvironmentVariable(variable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes";
}

/// <summary>A snapshot did not match (or had no verified file); the message holds the diff and how to accept.</summary>
public sealed class SnapshotMismatchException : XunitException
{
    /// <summary>Creates the exception.</summary>
    public SnapshotMismatchException(string message, IReadOnlyList<string> receivedPaths)
        : base(message)
    {
        ReceivedPaths = receivedPaths;
    }

    /// <summary>The <c>.received</c> files written for the failing snapshots.</summary>
    public IReadOnlyList<string> ReceivedPaths { get; }
}

/// <summary>
/// Verify-style snapshot testing. The expected text lives in <c>Snapshots/&lt;name&gt;.verified.cs</c> of the test
/// project that contains the calling file (found from <see cref="CallerFilePathAttribute"/>). Text is compared after
/// <see cref="Normalize"/> (LF line endings, generator version replaced by <see cref="VersionPlaceholder"/>).
/// On a mismatch <c>&lt;name&gt;.received.cs</c> is written and the test fails with a compact diff; set
/// <c>CONVGEN_ACCEPT=1</c> to accept (never under <c>CI=true</c>). A match deletes a stale received file.
/// </summary>
/// <example>
/// <code>
/// Snapshot.Verify(result.Source("Demo.Layers.Conv1.g.cs"), "Conv3x3/Demo.Layers.Conv1.g");
/// Snapshot.VerifyFileSet(result.HintNames, "Conv3x3");           // Snapshots/Conv3x3.files.txt
/// Snapshot.VerifyGenerated(result.GeneratedSources, "Conv3x3");  // both of the above for every file
/// </code>
/// </example>
public static partial class Snapshot
{
    /// <summary>Environment variable that accepts received snapshots when set to 1/true/yes.</summary>
    public const string AcceptVariable = "CONVGEN_ACCEPT";

    /// <summary>Replaces the generator version in <c>GeneratedCode("ConvGen.Generator", "...")</c>.</summary>
    public const string VersionPlaceholder = "%VERSION%";

    /// <summary>Folder name of the snapshots inside the test project.</summary>
    public const string SnapshotsFolder = "Snapshots";

    /// <summary>Suffix of an accepted source snapshot.</summary>
    public const string VerifiedSuffix = ".verified.cs";

    /// <summary>Suffix of a received (rejected) source snapshot.</summary>
    public const string ReceivedSuffix = ".received.cs";

    /// <summary>Suffix of an accepted plain-text snapshot (text that is not code, such as diagnostic messages).</summary>
    public const string VerifiedTextSuffix = ".verified.txt";

    /// <summary>Suffix of a received (rejected) plain-text snapshot.</summary>
    public const string ReceivedTextSuffix = ".received.txt";

    /// <summary>Suffix of an accepted file-set snapshot.</summary>
    public const string FileSetSuffix = ".files.txt";

    /// <summary>Suffix of a received file-set snapshot.</summary>
    public const string FileSetReceivedSuffix = ".files.received.txt";

    private const int MaxDiffLines = 200;

    [GeneratedRegex("""(GeneratedCode(?:Attribute)?\(\s*"ConvGen\.Generator"\s*,\s*")[^"]*(")""")]
    private static partial Regex GeneratorVersionRegex();

    /// <summary>Compares <paramref name="actual"/> with <c>Snapshots/&lt;name&gt;.verified.cs</c> using <see cref="SnapshotOptions.FromEnvironment"/>.</summary>
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "") =>
        Verify(actual, name, SnapshotOptions.FromEnvironment(), callerFile);

    /// <summary>Compares <paramref name="actual"/> with <c>Snapshots/&lt;name&gt;.verified.cs</c> under explicit <paramref name="options"/>.</summary>
    public static void Verify(string actual, string name, SnapshotOptions options, [CallerFilePath] string callerFile = "") =>
        VerifyOne(actual, name, options, callerFile, VerifiedSuffix, ReceivedSuffix);

    /// <summary>Compares plain <paramref name="actual"/> text with <c>Snapshots/&lt;name&gt;.verified.txt</c> using <see cref="SnapshotOptions.FromEnvironment"/>.</summary>
    public static void VerifyText(string actual, string name, [CallerFilePath] string callerFile = "") =>
        VerifyText(actual, name, SnapshotOptions.FromEnvironment(), callerFile);

    /// <summary><see cref="VerifyText(string, string, string)"/> under explicit <paramref name="options"/>.</summary>
    public static void VerifyText(string actual, string name, SnapshotOptions options, [CallerFilePath] string callerFile = "") =>
        VerifyOne(actual, name, options, callerFile, VerifiedTextSuffix, ReceivedTextSuffix);

    private static void VerifyOne(string actual, string name, SnapshotOptions options, string callerFile, string verifiedSuffix, string receivedSuffix)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(options);
        var basePath = BasePath(name, options, callerFile);
        var failure = Check(Normalize(actual), name, basePath + verifiedSuffix, basePath + receivedSuffix, options);
        if (failure is not null)
        {
            throw new SnapshotMismatchException(failure.Value.Message, new[] { failure.Value.ReceivedPath });
        }
    }

    /// <summary>
    /// Compares the set of generated hint names (sorted ordinally, one per line) with
    /// <c>Snapshots/&lt;name&gt;.files.txt</c>; received text goes to <c>&lt;name&gt;.files.received.txt</c>.
    /// </summary>
    public static void VerifyFileSet(IEnumerable<string> hintNames, string name, [CallerFilePath] string callerFile = "") =>
        VerifyFileSet(hintNames, name, SnapshotOptions.FromEnvironment(), callerFile);

    /// <summary><see cref="VerifyFileSet(IEnumerable{string}, string, string)"/> under explicit <paramref name="options"/>.</summary>
    public static void VerifyFileSet(IEnumerable<string> hintNames, string name, SnapshotOptions options, [CallerFilePath] string callerFile = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        var basePath = BasePath(name, options, callerFile);
        var failure = Check(FileSetText(hintNames), name + " (file set)", basePath + FileSetSuffix, basePath + FileSetReceivedSuffix, options);
        if (failure is not null)
        {
            throw new SnapshotMismatchException(failure.Value.Message, new[] { failure.Value.ReceivedPath });
        }
    }

    /// <summary>
    /// Checks the file set (<c>Snapshots/&lt;name&gt;.files.txt</c>) and every file
    /// (<c>Snapshots/&lt;name&gt;/&lt;hint without .cs&gt;.verified.cs</c>), then fails once listing every mismatch.
    /// When accepting, verified files directly in <c>Snapshots/&lt;name&gt;/</c> that were not generated are deleted.
    /// </summary>
    public static void VerifyGenerated(IEnumerable<GeneratedSource> sources, string name, [CallerFilePath] string callerFile = "") =>
        VerifyGenerated(sources, name, SnapshotOptions.FromEnvironment(), callerFile);

    /// <summary><see cref="VerifyGenerated(IEnumerable{GeneratedSource}, string, string)"/> under explicit <paramref name="options"/>.</summary>
    public static void VerifyGenerated(IEnumerable<GeneratedSource> sources, string name, SnapshotOptions options, [CallerFilePath] string callerFile = "")
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var list = sources.OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();
        var failures = new List<(string Message, string ReceivedPath)>();

        var basePath = BasePath(name, options, callerFile);
        var setFailure = Check(FileSetText(list.Select(s => s.HintName)), name + " (file set)", basePath + FileSetSuffix, basePath + FileSetReceivedSuffix, options);
        if (setFailure is not null)
        {
            failures.Add(setFailure.Value);
        }

        var expectedVerified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in list)
        {
            var fileName = name + "/" + HintToSnapshotStem(source.HintName);
            var fileBase = BasePath(fileName, options, callerFile);
            expectedVerified.Add(Path.GetFullPath(fileBase + VerifiedSuffix));
            var failure = Check(Normalize(source.Text), fileName, fileBase + VerifiedSuffix, fileBase + ReceivedSuffix, options);
            if (failure is not null)
            {
                failures.Add(failure.Value);
            }
        }

        if (options.Accept && !options.IsCI && Directory.Exists(basePath))
        {
            foreach (var stale in Directory.EnumerateFiles(basePath, "*" + VerifiedSuffix, SearchOption.TopDirectoryOnly)
                         .Where(p => !expectedVerified.Contains(Path.GetFullPath(p))))
            {
                File.Delete(stale);
            }
        }

        if (failures.Count > 0)
        {
            var message = failures.Count == 1
                ? failures[0].Message
                : $"{failures.Count} snapshots of '{name}' do not match:{Environment.NewLine}{Environment.NewLine}" +
                  string.Join(Environment.NewLine + Environment.NewLine, failures.Select(f => f.Message));
            throw new SnapshotMismatchException(message, failures.Select(f => f.ReceivedPath).ToArray());
        }
    }

    /// <summary>LF line endings, and the version in <c>GeneratedCode("ConvGen.Generator", "...")</c> replaced by <see cref="VersionPlaceholder"/>.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return GeneratorVersionRegex().Replace(lf, "${1}" + VersionPlaceholder + "${2}");
    }

    /// <summary>The <c>Snapshots</c> folder of the test project containing <paramref name="callerFile"/>.</summary>
    public static string GetSnapshotDirectory([CallerFilePath] string callerFile = "") =>
        Path.Combine(FindProjectDirectory(callerFile), SnapshotsFolder);

    /// <summary>
    /// A compact line diff (DiffPlex <see cref="InlineDiffBuilder"/>, whitespace significant): only changed lines and
    /// <paramref name="contextLines"/> lines around them, <c>-</c> = verified, <c>+</c> = received, each with its line
    /// number in its own file. Hunks are separated by <c>@@</c> headers.
    /// </summary>
    public static string CompactDiff(string verified, string received, int contextLines = 3)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(received);

        // Compare the final newline separately (like git's "\ No newline at end of file") so that a text ending in
        // '\n' does not show a phantom empty last line.
        var verifiedNewline = verified.EndsWith('\n');
        var receivedNewline = received.EndsWith('\n');
        var newlineNote = verifiedNewline == receivedNewline
            ? null
            : $"\\ final newline: verified {(verifiedNewline ? "has" : "has none")}, received {(receivedNewline ? "has" : "has none")}";
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(
            verifiedNewline ? verified[..^1] : verified,
            receivedNewline ? received[..^1] : received,
            ignoreWhitespace: false);

        var rows = new List<(ChangeType Type, int? Old, int? New, string Text)>();
        int oldLine = 0, newLine = 0;
        foreach (var piece in model.Lines)
        {
            switch (piece.Type)
            {
                case ChangeType.Deleted:
                    rows.Add((ChangeType.Deleted, ++oldLine, null, piece.Text ?? string.Empty));
                    break;
                case ChangeType.Inserted:
                    rows.Add((ChangeType.Inserted, null, ++newLine, piece.Text ?? string.Empty));
                    break;
                case ChangeType.Imaginary:
                    break;
                default:
                    rows.Add((ChangeType.Unchanged, ++oldLine, ++newLine, piece.Text ?? string.Empty));
                    break;
            }
        }

        var show = new bool[rows.Count];
        var changed = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Type == ChangeType.Unchanged)
            {
                continue;
            }

            changed++;
            for (var j = System.Math.Max(0, i - contextLines); j <= System.Math.Min(rows.Count - 1, i + contextLines); j++)
            {
                show[j] = true;
            }
        }

        if (changed == 0)
        {
            return newlineNote ?? "(no line differences)";
        }

        var width = System.Math.Max(oldLine, newLine).ToString(CultureInfo.InvariantCulture).Length;
        string Num(int? n) => n is null ? new string(' ', width) : n.Value.ToString(CultureInfo.InvariantCulture).PadLeft(width);

        var sb = new StringBuilder();
        var written = 0;
        var previousShown = -2;
        for (var i = 0; i < rows.Count; i++)
        {
            if (!show[i])
            {
                continue;
            }

            if (written >= MaxDiffLines)
            {
                var remaining = rows.Skip(i).Count(r => r.Type != ChangeType.Unchanged);
                sb.AppendLine($"... diff truncated after {MaxDiffLines} lines ({remaining} more changed line(s)); see the received file.");
                break;
            }

            if (i != previousShown + 1)
            {
                var firstOld = rows.Skip(i).Select(r => r.Old).FirstOrDefault(n => n is not null) ?? oldLine + 1;
                var firstNew = rows.Skip(i).Select(r => r.New).FirstOrDefault(n => n is not null) ?? newLine + 1;
                sb.AppendLine($"@@ verified line {firstOld}, received line {firstNew} @@");
            }

            var (type, old, @new, text) = rows[i];
            var prefix = type switch { ChangeType.Deleted => '-', ChangeType.Inserted => '+', _ => ' ' };
            sb.Append(prefix).Append(' ').Append(Num(old)).Append(' ').Append(Num(@new)).Append(" | ").AppendLine(text);
            previousShown = i;
            written++;
        }

        if (newlineNote is not null)
        {
            sb.AppendLine(newlineNote);
        }

        return sb.ToString().TrimEnd('\n', '\r');
    }

    private static (string Message, string ReceivedPath)? Check(string received, string displayName, string verifiedPath, string receivedPath, SnapshotOptions options)
    {
        var exists = File.Exists(verifiedPath);
        var verified = exists ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == received)
        {
            DeleteIfExists(receivedPath);
            return null;
        }

        if (options.Accept && !options.IsCI)
        {
            Write(verifiedPath, received);
            DeleteIfExists(receivedPath);
            return null;
        }

        Write(receivedPath, received);

        var sb = new StringBuilder();
        sb.AppendLine(exists
            ? $"Snapshot '{displayName}' does not match its verified file."
            : $"Snapshot '{displayName}' has no verified file.");
        sb.AppendLine($"  verified: {verifiedPath}{(exists ? string.Empty : "  (missing)")}");
        sb.AppendLine($"  received: {receivedPath}");
        sb.AppendLine("Diff (- verified, + received; columns: verified line, received line):");
        sb.AppendLine(CompactDiff(verified ?? string.Empty, received, options.ContextLines));
        if (verified is not null && NormalizeWhitespace(verified) == NormalizeWhitespace(received))
        {
            sb.AppendLine("Note: the texts differ only in whitespace (trailing spaces, tabs or the final newline).");
        }

        if (options.IsCI)
        {
            sb.AppendLine(
                $"CI=true: snapshots are never accepted under CI{(options.Accept ? $" ({AcceptVariable} is ignored)" : string.Empty)}. " +
                $"Run the test locally with {AcceptVariable}=1, review the verified file and commit it.");
        }
        else
        {
            sb.AppendLine(
                $"To accept: re-run with the environment variable {AcceptVariable}=1 " +
                $"(e.g. `{AcceptVariable}=1 dotnet test --filter <test>`), or move the received file over the verified file.");
        }

        return (sb.ToString(), receivedPath);
    }

    private static string FileSetText(IEnumerable<string> hintNames)
    {
        ArgumentNullException.ThrowIfNull(hintNames);
        var sorted = hintNames.Select(h => h ?? throw new ArgumentException("Null hint name.", nameof(hintNames)))
            .OrderBy(h => h, StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var hint in sorted)
        {
            sb.Append(hint).Append('\n');
        }

        return sb.ToString();
    }

    private static string HintToSnapshotStem(string hintName) =>
        hintName.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? hintName[..^3] : hintName;

    private static string NormalizeWhitespace(string text) =>
        string.Join("\n", text.Split('\n').Select(l => l.TrimEnd().Replace('\t', ' '))).TrimEnd('\n');

    private static string BasePath(string name, SnapshotOptions options, string callerFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var parts = name.Split('/', '\\');
        if (Path.IsPathRooted(name) || parts.Any(p => p.Length == 0 || p is "." or ".." || p.IndexOfAny(s_invalidNameChars) >= 0))
        {
            throw new ArgumentException(
                $"Invalid snapshot name '{name}': use relative segments separated by '/', without '.', '..' or any of {new string(s_invalidNameChars.Where(c => c >= ' ').ToArray())}.",
                nameof(name));
        }

        var directory = options.Directory ?? GetSnapshotDirectory(callerFile);
        return Path.Combine(directory, Path.Combine(parts));
    }

    private static readonly char[] s_invalidNameChars =
        Path.GetInvalidFileNameChars().Concat(new[] { '<', '>', ':', '"', '|', '?', '*' }).Distinct().ToArray();

    /// <summary>
    /// The folder of the nearest <c>*.csproj</c> above <paramref name="callerFile"/>. If the path does not exist on this
    /// machine (a path-mapped deterministic build), the search starts from the test output folder instead.
    /// </summary>
    private static string FindProjectDirectory(string callerFile)
    {
        var start = string.IsNullOrEmpty(callerFile) ? null : Path.GetDirectoryName(callerFile);
        if (start is not null && Directory.Exists(start))
        {
            return FindUp(start) ?? start;
        }

        return FindUp(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException(
                $"Cannot locate the test project folder: caller file '{callerFile}' does not exist and no *.csproj is above '{AppContext.BaseDirectory}'.");
    }

    private static string? FindUp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any())
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
