namespace Istiod.Net.Admission;

/// <summary>The webhook's verdict on one object, before it is wrapped in an AdmissionReview response.</summary>
public sealed record AdmissionDecision(bool Allowed, string? Message, IReadOnlyList<string> Warnings)
{
    public static AdmissionDecision Allow(IReadOnlyList<string>? warnings = null) => new(true, null, warnings ?? []);
}
