using ProtectionPlanner.EventStore;

namespace ProtectionPlanner.Server.Commands;

/// <summary>The old engine's registry of the same names, while code moves onto Marten (removed with the old engine).</summary>
public static class LegacyEventTypes
{
    public static EventTypeRegistry Registry()
    {
        var registry = new EventTypeRegistry(Hosting.EventTypes.SerializerOptions());
        foreach (var (type, alias) in Hosting.EventTypes.All)
            typeof(EventTypeRegistry).GetMethod("Register")!.MakeGenericMethod(type).Invoke(registry, [alias, 1]);
        return registry;
    }
}
