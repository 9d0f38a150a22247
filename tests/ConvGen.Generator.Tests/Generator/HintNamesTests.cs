using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>File names that Roslyn, which compares hint names ignoring case, accepts for every set of kernels.</summary>
public sealed class HintNamesTests
{
    private static string?[] ResolveAll(params string[] hintNames)
    {
        EquatableArray<string> collisions = HintNames.Collisions(hintNames);
        return hintNames.Select(name => HintNames.Resolve(name, collisions)).ToArray();
    }

    [Fact]
    public void NamesThatDoNotCollideAreKept()
    {
        Assert.Empty(HintNames.Collisions(new[] { "A.K.g.cs", "A.L.g.cs", "A.K.P4.g.cs", "B.K.g.cs" }));
        Assert.Equal(new[] { "A.K.g.cs", "A.L.g.cs" }, ResolveAll("A.K.g.cs", "A.L.g.cs"));
    }

    [Fact]
    public void NamesThatDifferOnlyInCaseAreNumberedInOrdinalOrder()
    {
        // Two groups, {k, K} and {Ka, kA}, each numbered on its own; ordinal order puts upper case first.
        Assert.Equal(new[] { "A.k.2.g.cs", "A.K.g.cs", "A.Ka.g.cs", "A.kA.2.g.cs" }, ResolveAll("A.k.g.cs", "A.K.g.cs", "A.Ka.g.cs", "A.kA.g.cs"));
        Assert.Equal(new[] { "A.kk.3.g.cs", "A.KK.g.cs", "A.Kk.2.g.cs" }, ResolveAll("A.kk.g.cs", "A.KK.g.cs", "A.Kk.g.cs"));
        Assert.Equal(new[] { "a.K.2.g.cs", "A.K.g.cs" }, ResolveAll("a.K.g.cs", "A.K.g.cs"));
    }

    [Fact]
    public void TheResultDoesNotDependOnTheOrderTheNamesArrive()
    {
        string[] names = { "N.T.k.g.cs", "N.T.K.g.cs", "N.t.K.g.cs", "N.T.x.g.cs" };
        string?[] forward = ResolveAll(names);
        string?[] backward = ResolveAll(names.Reverse().ToArray()).Reverse().ToArray();
        Assert.Equal(forward, backward);
        Assert.Equal(4, forward.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void AMethodDefinedTwiceGetsNoFileAndTakesNoNumber()
    {
        Assert.Equal(new string?[] { null, null, "A.k.g.cs" }, ResolveAll("A.K.g.cs", "A.K.g.cs", "A.k.g.cs"));
        Assert.Equal(new string?[] { null, null }, ResolveAll("A.K.g.cs", "A.K.g.cs"));
    }
}
