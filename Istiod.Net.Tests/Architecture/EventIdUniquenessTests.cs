using Istiod.Net.Tests.Infrastructure;

namespace Istiod.Net.Tests.Architecture;

/// <summary>
/// Every log event of the product has its own id, so that an operator filtering on an id sees one kind of
/// message. Each area's Log.cs names its range; this test reads the sources (as
/// <see cref="DependencyDirectionTests"/> does) and fails on an id used twice anywhere in the assembly, or on
/// a <c>[LoggerMessage]</c> without one.
/// </summary>
public sealed class EventIdUniquenessTests
{
    [Test]
    public void Every_LoggerMessage_event_id_is_used_once()
    {
        var events = ProductSources().SelectMany(f => LoggerMessageIds.Read(File.ReadAllText(f)).Select(id => (File: f, Id: id))).ToList();
        Assert.That(events, Is.Not.Empty, "the reader finds the product's log messages");

        var missing = events.Where(e => e.Id is null).Select(e => Relative(e.File)).Distinct().ToList();
        var duplicates = events
            .Where(e => e.Id is not null)
            .GroupBy(e => e.Id!.Value)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => Relative(e.File)))}")
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, "[LoggerMessage] without an explicit event id");
            Assert.That(duplicates, Is.Empty, "event ids used more than once (pick a free id in the range the area's Log.cs names)");
        });
    }

    [Test]
    public void The_reader_sees_both_attribute_forms_and_ignores_strings()
    {
        // Guards the guard: positional and named ids, and a message whose text looks like an attribute.
        const string sample = """
            [LoggerMessage(5000, LogLevel.Information, "a (b")]
            [LoggerMessage(Level = LogLevel.Warning, Message = "x [LoggerMessage(EventId = 1)] y )] z", EventId = 3003)]
            [LoggerMessage(
                EventId = 42,
                Level = LogLevel.Debug,
                Message = @"verbatim "" ( ")]
            [LoggerMessage(Level = LogLevel.Debug, Message = "no id")]
            """;

        Assert.That(LoggerMessageIds.Read(sample), Is.EqualTo(new int?[] { 5000, 3003, 42, null }));
    }

    private static IEnumerable<string> ProductSources() =>
        Directory.EnumerateFiles(RepositoryPaths.Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f));

    private static bool IsBuildOutput(string file)
    {
        var parts = Path.GetRelativePath(RepositoryPaths.Source, file).Split(Path.DirectorySeparatorChar);
        return parts.Contains("obj") || parts.Contains("bin");
    }

    private static string Relative(string file) => Path.GetRelativePath(RepositoryPaths.Root, file);
}
