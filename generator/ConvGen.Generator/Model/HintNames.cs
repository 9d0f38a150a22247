using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Model;

/// <summary>
/// Gives every generated file a name of its own. Roslyn compares hint names ignoring case, so two kernels whose names
/// differ only in case (<c>K</c> and <c>k</c> in one type, or two such types or namespaces) would share
/// <see cref="MethodSpec.HintName"/> and make the driver throw, losing every kernel of the compilation. The
/// generator collects all hint names once (<see cref="Collisions"/>, usually empty, so its value stays cached) and
/// each kernel looks its own up (<see cref="Resolve"/>).
/// </summary>
internal static class HintNames
{
    /// <summary>Every hint name that another one equals ignoring case (both of them, once per occurrence), sorted ordinally.</summary>
    public static EquatableArray<string> Collisions(IEnumerable<string> hintNames) => new(
        hintNames.GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .SelectMany(group => group)
            .OrderBy(name => name, StringComparer.Ordinal));

    /// <summary>
    /// The file name of the kernel whose <see cref="MethodSpec.HintName"/> is <paramref name="hintName"/>: that name
    /// itself unless it collides; among names that collide only in case, the ordinally first keeps its name and the
    /// others get <c>.2</c>, <c>.3</c>, … before <c>.g.cs</c>. Null for a name that occurs twice exactly: two
    /// definitions of one method, which the compiler reports (CS0756 or CS0111) and no file can serve.
    /// </summary>
    public static string? Resolve(string hintName, EquatableArray<string> collisions)
    {
        List<string> group = collisions.Where(name => string.Equals(name, hintName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (group.Count(name => name == hintName) > 1)
        {
            return null;
        }
        // Names that occur once, in ordinal order; the exact duplicates in the group get no file and take no number.
        List<string> distinct = group.Where(name => group.Count(other => other == name) == 1).ToList();
        int rank = distinct.IndexOf(hintName);
        const string extension = ".g.cs";
        return rank <= 0 ? hintName : hintName.Substring(0, hintName.Length - extension.Length) + "." + (rank + 1) + extension;
    }
}
