using Istiod.Net.Security.Authorization.Simulation;

namespace Istiod.Net.Tests.Security.Authorization;

/// <summary>A rule exercising one policy field, a request it must allow and one it must not.</summary>
public sealed record FieldCase(string Name, string Rule, AuthzRequest Matching, AuthzRequest NotMatching)
{
    public override string ToString() => Name;
}
