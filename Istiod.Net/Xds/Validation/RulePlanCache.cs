using System.Collections.Concurrent;
using Google.Protobuf.Reflection;
using Validate;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// Compiles and keeps the <see cref="MessagePlan"/> of every message type met. A type's plan depends on the
/// types it contains (which may contain it back), so a new type's whole unplanned neighbourhood is compiled
/// together and then published: readers never see a half-linked plan.
/// </summary>
internal sealed class RulePlanCache
{
    public static readonly RulePlanCache Shared = new();

    private readonly ConcurrentDictionary<MessageDescriptor, MessagePlan> _plans = new();
    private readonly Lock _gate = new();

    public int Count => _plans.Count;

    public MessagePlan For(MessageDescriptor descriptor) =>
        _plans.TryGetValue(descriptor, out var plan) ? plan : Build(descriptor);

    private MessagePlan Build(MessageDescriptor root)
    {
        lock (_gate)
        {
            if (_plans.TryGetValue(root, out var existing))
            {
                return existing;
            }

            var drafts = Discover(root);
            var relevant = Relevance(drafts);
            var plans = drafts.ToDictionary(d => d.Key, d => new MessagePlan(d.Key, relevant.Contains(d.Key)));
            foreach (var (descriptor, draft) in drafts)
            {
                foreach (var value in draft.MessageValues)
                {
                    value.Child = plans.TryGetValue(value.MessageType!, out var local) ? local : _plans[value.MessageType!];
                }

                var plan = plans[descriptor];
                if (plan.IsRelevant)
                {
                    plan.Fields = [.. draft.Fields.Where(f => f.IsRelevant)];
                    plan.RequiredOneofs = draft.RequiredOneofs;
                }
            }

            foreach (var (descriptor, plan) in plans)
            {
                _plans[descriptor] = plan;
            }

            return plans[root];
        }
    }

    /// <summary>Drafts for <paramref name="root"/> and every message type reachable from it that has no plan yet.</summary>
    private Dictionary<MessageDescriptor, Draft> Discover(MessageDescriptor root)
    {
        var drafts = new Dictionary<MessageDescriptor, Draft>();
        var queue = new Queue<MessageDescriptor>([root]);
        while (queue.TryDequeue(out var descriptor))
        {
            if (drafts.ContainsKey(descriptor) || _plans.ContainsKey(descriptor))
            {
                continue;
            }

            var draft = Draft.For(descriptor);
            drafts[descriptor] = draft;
            foreach (var value in draft.MessageValues)
            {
                queue.Enqueue(value.MessageType!);
            }
        }

        return drafts;
    }

    /// <summary>Relevant = not disabled, and a rule of its own or a field leading to a relevant type; solved to a fixed point for cycles.</summary>
    private HashSet<MessageDescriptor> Relevance(Dictionary<MessageDescriptor, Draft> drafts)
    {
        var relevant = drafts.Where(d => !d.Value.Disabled && d.Value.HasOwnRules).Select(d => d.Key).ToHashSet();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (descriptor, draft) in drafts)
            {
                if (draft.Disabled || relevant.Contains(descriptor))
                {
                    continue;
                }

                if (draft.MessageValues.Any(v => relevant.Contains(v.MessageType!) || (_plans.TryGetValue(v.MessageType!, out var known) && known.IsRelevant)))
                {
                    relevant.Add(descriptor);
                    changed = true;
                }
            }
        }

        return relevant;
    }

    private sealed class Draft
    {
        public required bool Disabled { get; init; }
        public required FieldPlan[] Fields { get; init; }
        public required OneofDescriptor[] RequiredOneofs { get; init; }

        /// <summary>Values of message type that are walked into (not skipped).</summary>
        public required ValuePlan[] MessageValues { get; init; }

        public bool HasOwnRules => RequiredOneofs.Length > 0 || Fields.Any(f => f.HasOwnRules);

        public static Draft For(MessageDescriptor descriptor)
        {
            var disabled = descriptor.GetOptions() is { } options && options.HasExtension(ValidateExtensions.Disabled) && options.GetExtension(ValidateExtensions.Disabled);
            var fields = descriptor.Fields.InDeclarationOrder()
                .Select(f => FieldPlan.For(f, f.GetOptions() is { } o && o.HasExtension(ValidateExtensions.Rules) ? o.GetExtension(ValidateExtensions.Rules) : null))
                .ToArray();
            var oneofs = descriptor.Oneofs
                .Where(o => !o.IsSynthetic && o.GetOptions() is { } options && options.HasExtension(ValidateExtensions.Required) && options.GetExtension(ValidateExtensions.Required))
                .ToArray();
            var messageValues = fields
                .SelectMany(f => new[] { f.Value, f.Keys })
                .OfType<ValuePlan>()
                .Where(v => v.Kind == ValueKind.Message && !v.Skip)
                .ToArray();
            return new Draft { Disabled = disabled, Fields = fields, RequiredOneofs = oneofs, MessageValues = messageValues };
        }
    }
}
