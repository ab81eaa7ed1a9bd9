namespace Istiod.Net.Hosting;

/// <summary>
/// /ready answers 200 only once every registered condition holds (config loaded, first push context
/// built), so a load balancer never sends a proxy to a replica that would hand it an empty config.
/// </summary>
public sealed class ReadinessGate
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);

    /// <summary>Declares a condition that must become true before the process is ready.</summary>
    public void Require(string name)
    {
        lock (_lock)
        {
            _conditions.TryAdd(name, false);
        }
    }

    public void MarkReady(string name)
    {
        lock (_lock)
        {
            _conditions[name] = true;
        }
    }

    /// <summary>The conditions still false; empty means ready.</summary>
    public IReadOnlyList<string> Pending()
    {
        lock (_lock)
        {
            return _conditions.Where(c => !c.Value).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        }
    }
}
