namespace OpsModule.TestCluster.Store;

/// <summary>One served resource (group/version/plural). Versions of the same resource share storage through <see cref="StorageKey"/>.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    string[] ShortNames,
    string[] Verbs,
    string[] Subresources,
    string[] Categories)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string StorageKey => $"{Group}/{Plural}";

    /// <summary>The name used in error messages, e.g. <c>pods</c> or <c>deployments.apps</c>.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool HasSubresource(string name) => Subresources.Contains(name);
}
