using System.Collections.Concurrent;
using Envoy.Config.Core.V3;
using Istiod.Net.Xds.Protocol;

namespace Istiod.Net.Tests.Xds.Protocol;

/// <summary>
/// An <see cref="IXdsResourceProvider"/> whose resources a test sets and whose pushes a test raises. It
/// answers like a real provider (only the names asked, unless told to misbehave) and records its calls.
/// </summary>
internal sealed class TestXdsProvider : IXdsResourceProvider
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, XdsResource>> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string TypeUrl, IReadOnlySet<string>? Names)> _generated = new();

    public string Version { get; set; } = "v1";

    /// <summary>Return every resource of the type whatever was asked, as a buggy provider might.</summary>
    public bool ReturnUnrequested { get; set; }

    /// <summary>When set, Connect refuses every node with this.</summary>
    public XdsRejectedException? Reject { get; set; }

    public ConcurrentQueue<TestProxy> Connected { get; } = new();

    public ConcurrentQueue<IXdsProxy> Disconnected { get; } = new();

    public event Action<XdsPush>? Pushed;

    /// <summary>Replaces all resources of a type.</summary>
    public void Set(string typeUrl, params XdsResource[] resources)
    {
        lock (_gate)
        {
            _resources[typeUrl] = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        }
    }

    /// <summary>Adds or replaces one resource.</summary>
    public void Put(string typeUrl, XdsResource resource)
    {
        lock (_gate)
        {
            if (!_resources.TryGetValue(typeUrl, out var byName))
            {
                _resources[typeUrl] = byName = new Dictionary<string, XdsResource>(StringComparer.Ordinal);
            }

            byName[resource.Name] = resource;
        }
    }

    public void Remove(string typeUrl, string name)
    {
        lock (_gate)
        {
            _resources.GetValueOrDefault(typeUrl)?.Remove(name);
        }
    }

    /// <summary>Sets the version and raises a push for <paramref name="types"/> (none: all types).</summary>
    public void Push(string version, params string[] types)
    {
        Version = version;
        Push(new XdsPush(version, "test", types.Length == 0 ? null : types.ToHashSet(StringComparer.Ordinal)));
    }

    public void Push(XdsPush push) => Pushed?.Invoke(push);

    public int GenerateCount(string typeUrl) => _generated.Count(call => call.TypeUrl == typeUrl);

    public IReadOnlyList<IReadOnlySet<string>?> GenerateNames(string typeUrl) =>
        _generated.Where(call => call.TypeUrl == typeUrl).Select(call => call.Names).ToArray();

    public IXdsProxy Connect(Node node, XdsConnectionInfo connection)
    {
        if (Reject is not null)
        {
            throw Reject;
        }

        var proxy = new TestProxy(node.Id, node, connection);
        Connected.Enqueue(proxy);
        return proxy;
    }

    public void Disconnect(IXdsProxy proxy) => Disconnected.Enqueue(proxy);

    public XdsGeneration Generate(IXdsProxy proxy, string typeUrl, IReadOnlySet<string>? names)
    {
        _generated.Enqueue((typeUrl, names?.ToHashSet(StringComparer.Ordinal)));
        lock (_gate)
        {
            var all = _resources.GetValueOrDefault(typeUrl)?.Values.ToArray() ?? [];
            var chosen = names is null || ReturnUnrequested ? all : all.Where(r => names.Contains(r.Name)).ToArray();
            return new XdsGeneration(Version, chosen);
        }
    }
}
