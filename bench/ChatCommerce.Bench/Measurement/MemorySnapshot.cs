namespace ChatCommerce.Bench.Measurement;

/// <summary>Managed heap after a full collection, and the process working set, at one moment.</summary>
public readonly record struct MemorySnapshot(long ManagedBytes, long WorkingSetBytes)
{
    public static MemorySnapshot Take()
    {
        // Aggressive also hands free memory back to the OS, so the working set is not inflated by
        // what an earlier, larger measurement left committed.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new MemorySnapshot(GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }

    public static MemorySnapshot operator -(MemorySnapshot after, MemorySnapshot before) =>
        new(after.ManagedBytes - before.ManagedBytes, after.WorkingSetBytes - before.WorkingSetBytes);
}
