using Microsoft.Extensions.Hosting;

namespace Istiod.Net.Config.Sources;

/// <summary>
/// Something that feeds the config store (a folder, a Kubernetes cluster). Runs as a hosted service;
/// readiness waits on <see cref="FirstLoad"/>.
/// </summary>
public interface IConfigSource : IHostedService
{
    /// <summary>The id the source reports under in the store (<c>ConfigStore.ApplySource</c>).</summary>
    string Id { get; }

    /// <summary>Completes once the source has handed its first complete view to the store.</summary>
    Task FirstLoad { get; }
}
