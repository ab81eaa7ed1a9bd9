using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>One open watch: what it selects and the lines waiting to be written to it.</summary>
internal sealed class FakeWatcher
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public FakeWatcher(FakeResource resource, string? @namespace, bool bookmarks, string kind)
    {
        Resource = resource;
        Namespace = @namespace;
        Bookmarks = bookmarks;
        Kind = kind;
    }

    public FakeResource Resource { get; }

    public string? Namespace { get; }

    public bool Bookmarks { get; }

    public string Kind { get; }

    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Set by the HTTP side: breaks the connection without a proper end of stream.</summary>
    public Action? Abort { get; set; }

    public bool Selects(FakeResource resource, string? @namespace) =>
        resource == Resource && (Namespace is null || Namespace == @namespace);

    public void Send(FakeStoredEvent e) => _lines.Writer.TryWrite(e.Line());

    public void SendBookmark(long resourceVersion) =>
        _lines.Writer.TryWrite(new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject
            {
                ["kind"] = Kind,
                ["apiVersion"] = Resource.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        }.ToJsonString());

    public void Complete() => _lines.Writer.TryComplete();
}
