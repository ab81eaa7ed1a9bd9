using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Tests.Infrastructure;

/// <summary>One resource as a client holds it: its name (from the delta wrapper or read from inside it), version and body.</summary>
public sealed record AdsTestResource(string Name, string Version, Any Body)
{
    public T As<T>()
        where T : IMessage, new() => Body.Unpack<T>();
}
