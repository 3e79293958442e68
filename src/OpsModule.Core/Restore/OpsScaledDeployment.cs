namespace OpsModule.Core.Restore;

/// <summary>A deployment scaled to 0 for the restore and back to <see cref="Replicas"/> afterwards.</summary>
public sealed class OpsScaledDeployment
{
    public OpsScaledDeployment(string @namespace, string name, int replicas)
    {
        Namespace = @namespace;
        Name = name;
        Replicas = replicas;
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>Replicas before the restore (and after it).</summary>
    public int Replicas { get; }

    /// <summary>False when scaling back failed (the error is reported, the restore result still stands).</summary>
    public bool Restored { get; internal set; }

    public override string ToString() => $"{Namespace}/{Name} ({Replicas})";
}
