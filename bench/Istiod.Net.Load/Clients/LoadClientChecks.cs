namespace Istiod.Net.Load.Clients;

/// <summary>What both kinds of client check after they ACK route configurations.</summary>
internal static class LoadClientChecks
{
    /// <summary>Records the client's first ACK of the change being measured, if these routes carry it.</summary>
    public static void RecordChange(ChangeBoard board, ClientRecord record, IReadOnlyList<ResourceRefs> routes)
    {
        if (board.Current is not { } probe || record.ChangeAcked(probe.Id) != 0)
        {
            return;
        }

        foreach (var route in routes)
        {
            if (probe.IsSatisfiedBy(route))
            {
                if (record.MarkChangeAcked(probe.Id))
                {
                    probe.CountAck();
                }

                return;
            }
        }
    }
}
