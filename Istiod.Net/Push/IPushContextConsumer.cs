namespace Istiod.Net.Push;

/// <summary>
/// Receives each new push context (the xDS resource provider). Called on the push thread, one context
/// at a time, in order; the first call carries <see cref="ChangeSet.Everything"/>.
/// </summary>
public interface IPushContextConsumer
{
    void OnPushContext(PushContext context);
}
