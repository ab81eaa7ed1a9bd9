using Istiod.Net.Config.Model;

namespace Istiod.Net.Config.Validation.Networking;

/// <summary>WorkloadEntry: the endpoint rules of <see cref="WorkloadEndpointValidator"/>.</summary>
public sealed class WorkloadEntryValidator : SpecValidator<WorkloadEntrySpec>
{
    public WorkloadEntryValidator() => Include(new WorkloadEndpointValidator());
}
