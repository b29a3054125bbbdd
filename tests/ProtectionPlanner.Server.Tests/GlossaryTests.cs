using ProtectionPlanner.Server.Languages;
using ProtectionPlanner.Testing;

namespace ProtectionPlanner.Server.Tests;

/// <summary>The glossary people read is the vocabulary the server's French texts use.</summary>
public sealed class GlossaryTests
{
    [Fact]
    public void The_glossary_in_docs_domain_md_is_the_table_the_french_texts_take_their_words_from()
    {
        var lines = File.ReadAllLines(Path.Combine(PostgresServer.RepositoryRoot, "docs", "domain.md"));
        var rows = lines.SkipWhile(l => l != "## Glossary").Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(2)
            .Select(l => l.Trim('|', ' ').Split(" | ")).Select(cells => (cells[0], cells[1])).ToList();

        Assert.Equal(Glossary.Terms.Select(t => (t.English, t.French)), rows);
        Assert.Equal(
            ["protection par le dialogue et l’engagement", "protection physique",
             "instauration d’un environnement protecteur"],
            Glossary.Terms.Where(t => t.English.StartsWith("Tier ", StringComparison.Ordinal)).Select(t => t.French));
    }
}
