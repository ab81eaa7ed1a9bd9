namespace Istiod.Net.Load.Mesh;

/// <summary>How big a generated mesh is. Written to the folder's manifest so a later run can reuse it.</summary>
public sealed record MeshShape
{
    /// <summary>How many services (each a ServiceEntry, a DestinationRule and a VirtualService).</summary>
    public int Services { get; init; } = 50;

    /// <summary>Services are spread round-robin over namespaces <c>load-0</c> … <c>load-(n-1)</c>.</summary>
    public int Namespaces { get; init; } = 3;

    /// <summary>STATIC endpoints per service, half labelled v1, half v2.</summary>
    public int EndpointsPerService { get; init; } = 4;

    /// <summary>The one gRPC port every service listens on.</summary>
    public int Port { get; init; } = 7070;

    /// <summary>The limits keep generated addresses and names inside what the generator can express.</summary>
    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        if (Services is < 1 or > 50_000)
        {
            errors.Add($"--generate-services must be between 1 and 50000, not {Services}");
        }

        if (Namespaces is < 1 or > 1000)
        {
            errors.Add($"--namespaces must be between 1 and 1000, not {Namespaces}");
        }

        if (EndpointsPerService is < 1 or > 250)
        {
            errors.Add($"--endpoints-per-service must be between 1 and 250, not {EndpointsPerService}");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"the service port must be between 1 and 65535, not {Port}");
        }

        return errors;
    }
}
