namespace Istiod.Net.Tests.Infrastructure.FakeKube;

/// <summary>Who a bearer token belongs to, as the fake TokenReview endpoint reports it.</summary>
public sealed record FakeTokenIdentity(string Username, string Uid, IReadOnlyList<string> Groups, IReadOnlyList<string> Audiences);
