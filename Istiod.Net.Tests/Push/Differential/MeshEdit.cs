using Istiod.Net.Config.Model;

namespace Istiod.Net.Tests.Push.Differential;

/// <summary>One random config change: an object put (added or replaced) or deleted, with a line that says which.</summary>
public sealed record MeshEdit(string Description, ConfigObject? Upsert, ConfigKey? Delete);
