using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.HarnessTests;

public sealed class ModelGraphSelfTests
{
    private sealed record CleanModel(string Name, int[] Sizes, ImmutableArray<string> Parameters, Dictionary<string, double> Table, CleanModel? Parent);

    private sealed record PlantedModel(string Name, object? Payload);

    private sealed class DeclaredSymbolModel
    {
        public ISymbol? Symbol { get; init; }

        public string Name { get; init; } = "x";
    }

    private sealed class Node
    {
        public Node? Next { get; set; }

        public object? Payload { get; set; }
    }

    private readonly struct Wrapper
    {
        public Wrapper(object inner) => Inner = inner;

        public object Inner { get; }
    }

    private static (Compilation Compilation, ISymbol Symbol, SyntaxNode Node) Roslyn()
    {
        var compilation = CompilationFactory.Create("class C { void M() { } }");
        var symbol = compilation.GetTypeByMetadataName("C")!.GetMembers("M").Single();
        var node = compilation.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        return (compilation, symbol, node);
    }

    [Fact]
    public void CleanModel_Passes()
    {
        var parent = new CleanModel("p", new[] { 1, 2 }, ImmutableArray.Create("a"), new() { ["k"] = 1.5 }, null);
        var model = new CleanModel("m", new[] { 3 }, ImmutableArray.Create("b", "c"), new(), parent);

        ModelGraph.AssertNoRoslynObjects(model);
        ModelGraph.AssertNoRoslynObjects(null);
        Assert.Empty(ModelGraph.FindRoslynObjects(model));
    }

    [Fact]
    public void PlantedSymbol_IsDetected_WithItsPath()
    {
        var (_, symbol, _) = Roslyn();

        var ex = Assert.Throws<XunitException>(() => ModelGraph.AssertNoRoslynObjects(new PlantedModel("m", symbol)));

        Assert.Contains("root.Payload: instance of", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(a ISymbol)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoslynObjects_InsideCollectionsStructsAndArrays_AreDetected()
    {
        var (compilation, symbol, node) = Roslyn();
        var location = node.GetLocation();
        var model = new PlantedModel("m", new List<object>
        {
            "fine",
            new object[] { 1, new Wrapper(node) },
            ImmutableArray.Create(new Wrapper(compilation)),
            new Dictionary<string, object> { ["loc"] = location },
            new KeyValuePair<int, object>(1, compilation.GetSemanticModel(compilation.SyntaxTrees.First())),
            new Lazy<object>(() => symbol),
        });

        var found = ModelGraph.FindRoslynObjects(model);

        Assert.Contains(found, p => p.StartsWith("root.Payload._items[1][1].Inner: instance of", StringComparison.Ordinal) && p.EndsWith("(a SyntaxNode)", StringComparison.Ordinal));
        Assert.Contains(found, p => p.Contains("(a Compilation)", StringComparison.Ordinal));
        Assert.Contains(found, p => p.Contains("(a Location)", StringComparison.Ordinal));
        Assert.Contains(found, p => p.Contains("(a SemanticModel)", StringComparison.Ordinal));
        // Even an un-evaluated Lazy is caught: its factory's closure captured the symbol (declared type and value).
        Assert.Contains("root.Payload._items[5]._factory._target.symbol: instance of MethodSymbol (a ISymbol)", found);
        Assert.Equal(6, found.Length);
    }

    [Fact]
    public void DeclaredRoslynFieldTypes_AreDetected_EvenWhenNullOrEmpty()
    {
        var found = ModelGraph.FindRoslynObjects(new DeclaredSymbolModel());
        Assert.Equal(new[] { "root.Symbol: field declared as ISymbol in DeclaredSymbolModel" }, found);

        var generic = ModelGraph.FindRoslynObjects(new PlantedModel("m", new List<Location>()));
        Assert.Contains(generic, p => p.Contains("field declared as Location[]", StringComparison.Ordinal));
    }

    [Fact]
    public void Cycles_Terminate()
    {
        var a = new Node();
        var b = new Node { Next = a };
        a.Next = b;
        ModelGraph.AssertNoRoslynObjects(a);

        var (_, symbol, _) = Roslyn();
        b.Payload = symbol;
        Assert.Equal(new[] { "root.Next.Payload" }, ModelGraph.FindRoslynObjects(a).Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void AllowedTypes_AreExempt()
    {
        var location = Location.Create("File.cs", new TextSpan(1, 2), new LinePositionSpan(new LinePosition(0, 1), new LinePosition(0, 3)));
        var model = new PlantedModel("diag", ImmutableArray.Create(location));

        Assert.NotEmpty(ModelGraph.FindRoslynObjects(model));
        ModelGraph.AssertNoRoslynObjects(model, typeof(Location));
    }
}
