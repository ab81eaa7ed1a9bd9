namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>One RBAC grant the fake SubjectAccessReview endpoint allows: user may verb resource (name, or any when null) in namespace.</summary>
public sealed record FakeAccessRule(string User, string Namespace, string Verb, string Resource, string? Name = null);
