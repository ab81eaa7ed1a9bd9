namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>A collection as the fake server sees it: any group/version/plural is served, nothing is registered.</summary>
public readonly record struct FakeResource(string Group, string Version, string Plural)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
