using System.Text;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// The state of one check: where the walk is (a stack of path segments, rendered only when something is
/// wrong, so a clean message costs no strings) and what it found so far.
/// </summary>
internal sealed class RuleWalk(int limit, DateTimeOffset now)
{
    private readonly List<PathSegment> _path = new(32);

    public List<RuleViolation> Violations { get; } = [];

    /// <summary>The time <c>lt_now</c>, <c>gt_now</c> and <c>within</c> compare against, fixed for the whole check.</summary>
    public DateTimeOffset Now { get; } = now;

    public bool IsFull => Violations.Count >= limit;

    /// <summary>How many Any values the walk is inside; a guard against hostile nesting.</summary>
    public int AnyDepth { get; set; }

    public void Push(PathSegment segment) => _path.Add(segment);

    public void Pop() => _path.RemoveAt(_path.Count - 1);

    public void Report(string message)
    {
        if (!IsFull)
        {
            Violations.Add(new RuleViolation(RenderPath(), message));
        }
    }

    private string RenderPath()
    {
        var text = new StringBuilder();
        foreach (var segment in _path)
        {
            switch (segment.Kind)
            {
                case PathSegmentKind.Field:
                    if (text.Length > 0)
                    {
                        text.Append('.');
                    }

                    text.Append(segment.Text);
                    break;
                case PathSegmentKind.Index:
                    text.Append('[').Append(segment.Index).Append(']');
                    break;
                case PathSegmentKind.Key:
                    text.Append('[').Append(segment.Text).Append(']');
                    break;
                case PathSegmentKind.AnyType:
                    text.Append('<').Append(segment.Text).Append('>');
                    break;
            }
        }

        return text.ToString();
    }
}
