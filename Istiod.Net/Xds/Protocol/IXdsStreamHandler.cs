namespace Istiod.Net.Xds.Protocol;

/// <summary>
/// The protocol half of one stream (SotW or Delta). Its methods are only ever called from the stream's own
/// loop, one at a time, so implementations keep their state without locks.
/// </summary>
internal interface IXdsStreamHandler<in TRequest>
{
    ValueTask HandleRequestAsync(TRequest request);

    ValueTask HandlePushAsync(XdsPush push);
}
