namespace Istiod.Net.Admission;

/// <summary>A request the webhook cannot answer with an AdmissionReview: the HTTP status and why.</summary>
public sealed record AdmissionProblem(int StatusCode, string Reason);
