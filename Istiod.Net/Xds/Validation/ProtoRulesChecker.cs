using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Istiod.Net.Xds.Validation;

/// <summary>
/// Checks messages against the <c>validate.rules</c>, <c>validate.required</c> and <c>validate.disabled</c>
/// options of their descriptors, walking into nested messages, lists, maps and the content of every Any
/// (looked up in <see cref="ProtoTypes"/>; an Any of a type nobody defines is a violation, as it is for
/// Envoy). Plans are compiled once per message type and shared, so a check allocates little more than
/// the violations it finds.
/// </summary>
public sealed class ProtoRulesChecker : IProtoRulesChecker
{
    /// <summary>How many violations one check collects before it stops looking.</summary>
    public const int DefaultLimit = 32;

    /// <summary>Any values inside Any values: deeper than this is refused rather than followed.</summary>
    private const int MaxAnyDepth = 24;

    private readonly RulePlanCache _plans;
    private readonly TimeProvider _time;
    private readonly int _limit;

    public ProtoRulesChecker(TimeProvider? time = null, int limit = DefaultLimit)
        : this(RulePlanCache.Shared, time, limit)
    {
    }

    internal ProtoRulesChecker(RulePlanCache plans, TimeProvider? time, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _plans = plans;
        _time = time ?? TimeProvider.System;
        _limit = limit;
    }

    public bool IsEnabled => true;

    public IReadOnlyList<RuleViolation> Check(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var walk = new RuleWalk(_limit, _time.GetUtcNow());
        if (message is Any any)
        {
            WalkAny(any, walk);
        }
        else
        {
            var plan = _plans.For(message.Descriptor);
            if (!plan.IsRelevant)
            {
                return [];
            }

            WalkMessage(message, plan, walk);
        }

        return walk.Violations.Count == 0 ? [] : walk.Violations;
    }

    /// <summary>Compiles the plan of <paramref name="descriptor"/> and everything it reaches now, instead of on first use.</summary>
    public void Prepare(MessageDescriptor descriptor) => _plans.For(descriptor);

    private void WalkMessage(IMessage message, MessagePlan plan, RuleWalk walk)
    {
        foreach (var oneof in plan.RequiredOneofs)
        {
            if (oneof.Accessor.GetCaseFieldDescriptor(message) is null)
            {
                walk.Push(PathSegment.Field(oneof.Name));
                walk.Report($"exactly one of {string.Join(", ", oneof.Fields.Select(f => f.Name))} must be set");
                walk.Pop();
            }
        }

        foreach (var field in plan.Fields)
        {
            if (walk.IsFull)
            {
                return;
            }

            if (field.PresenceOnly && !field.Accessor.HasValue(message))
            {
                continue;
            }

            walk.Push(field.Segment);
            switch (field.Shape)
            {
                case FieldShape.Singular:
                    WalkValue(field.Accessor.GetValue(message), field.Value, walk);
                    break;
                case FieldShape.Repeated:
                    WalkList((IList)field.Accessor.GetValue(message), field, walk);
                    break;
                case FieldShape.Map:
                    WalkMap((IDictionary)field.Accessor.GetValue(message), field, walk);
                    break;
            }

            walk.Pop();
        }
    }

    private void WalkList(IList items, FieldPlan field, RuleWalk walk)
    {
        CheckCount(items.Count, field, "items", walk);
        if (field.Unique && items.Count > 1)
        {
            var seen = new HashSet<object>();
            foreach (var item in items)
            {
                if (!seen.Add(item))
                {
                    walk.Report("repeated value must contain unique items");
                    break;
                }
            }
        }

        if (field.Value.IsTrivial)
        {
            return;
        }

        for (var i = 0; i < items.Count && !walk.IsFull; i++)
        {
            walk.Push(PathSegment.Item(i));
            WalkValue(items[i], field.Value, walk);
            walk.Pop();
        }
    }

    private void WalkMap(IDictionary map, FieldPlan field, RuleWalk walk)
    {
        CheckCount(map.Count, field, "pairs", walk);
        if (field.Value.IsTrivial && field.Keys!.IsTrivial)
        {
            return;
        }

        foreach (DictionaryEntry entry in map)
        {
            if (walk.IsFull)
            {
                return;
            }

            walk.Push(PathSegment.Key(entry.Key is string text ? $"\"{text}\"" : Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!));
            WalkValue(entry.Key, field.Keys!, walk);
            WalkValue(entry.Value, field.Value, walk);
            walk.Pop();
        }
    }

    private static void CheckCount(int count, FieldPlan field, string unit, RuleWalk walk)
    {
        if (field.MinCount is { } min && (ulong)count < min)
        {
            walk.Report($"value must contain at least {min} {unit}");
        }

        if (field.MaxCount is { } max && (ulong)count > max)
        {
            walk.Report($"value must contain at most {max} {unit}");
        }
    }

    private void WalkValue(object? value, ValuePlan plan, RuleWalk walk)
    {
        if (value is null)
        {
            if (plan.Required)
            {
                walk.Report("value is required");
            }

            return;
        }

        plan.Rule?.Check(value, walk);
        if (plan.Skip)
        {
            return;
        }

        if (plan.Kind == ValueKind.Message && plan.Child is { IsRelevant: true } child)
        {
            WalkMessage((IMessage)value, child, walk);
        }
        else if (plan.Kind == ValueKind.Any)
        {
            WalkAny((Any)value, walk);
        }
    }

    private void WalkAny(Any any, RuleWalk walk)
    {
        var typeName = Any.GetTypeName(any.TypeUrl);
        if (typeName.Length == 0)
        {
            walk.Report("type URL is empty: the Any names no type");
            return;
        }

        if (ProtoTypes.Find(typeName) is not { } descriptor)
        {
            walk.Report($"unknown type {typeName}: no proto of that name is known, so Envoy would reject it");
            return;
        }

        var plan = _plans.For(descriptor);
        if (!plan.IsRelevant)
        {
            return;
        }

        if (walk.AnyDepth >= MaxAnyDepth)
        {
            walk.Report($"Any values nested more than {MaxAnyDepth} deep");
            return;
        }

        IMessage content;
        try
        {
            content = descriptor.Parser.ParseFrom(any.Value);
        }
        catch (InvalidProtocolBufferException e)
        {
            walk.Report($"value is not a valid {typeName}: {e.Message}");
            return;
        }

        walk.Push(PathSegment.AnyType(typeName));
        walk.AnyDepth++;
        WalkMessage(content, plan, walk);
        walk.AnyDepth--;
        walk.Pop();
    }
}
