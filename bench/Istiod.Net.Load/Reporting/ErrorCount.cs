namespace Istiod.Net.Load.Reporting;

/// <summary>How many streams ended with one error message.</summary>
public sealed record ErrorCount(string Message, int Streams);
