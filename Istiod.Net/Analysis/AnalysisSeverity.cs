namespace Istiod.Net.Analysis;

/// <summary>How bad a finding is. Only errors fail <c>istiod-net analyze</c>.</summary>
public enum AnalysisSeverity
{
    Info,
    Warning,
    Error,
}
