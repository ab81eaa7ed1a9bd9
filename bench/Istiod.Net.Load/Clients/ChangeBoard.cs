namespace Istiod.Net.Load.Clients;

/// <summary>The change being measured right now, shared by the runner (which posts it) and every client.</summary>
public sealed class ChangeBoard
{
    private ChangeProbe? _current;

    public ChangeProbe? Current => Volatile.Read(ref _current);

    /// <summary>Posted before the config is written, so no client can see the new version unwatched.</summary>
    public void Post(ChangeProbe probe) => Volatile.Write(ref _current, probe);
}
