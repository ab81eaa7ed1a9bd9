namespace Istiod.Net.Security.Authorization.Conformance;

/// <summary>
/// One of Istio's builder cases: the policies file, the filter files Istio expects (in order), whether
/// they are network (TCP) filters, and the mesh settings the case runs with.
/// </summary>
public sealed record AuthzConformanceCase(string Name, bool Tcp, string InputFile, IReadOnlyList<string> ExpectedFiles, AuthzOptions Options);
