namespace SecureMailOps.Core.Reports;

/// <summary>A CI system whose log turns specially formed lines into annotations.</summary>
public enum CiSystem
{
    /// <summary>Not inside a CI system this module knows.</summary>
    None,

    /// <summary>GitHub Actions (GITHUB_ACTIONS=true): <c>::error file=...,line=...::message</c>.</summary>
    GitHubActions,

    /// <summary>Azure Pipelines (TF_BUILD=True): <c>##vso[task.logissue type=error;sourcepath=...;linenumber=...]message</c>.</summary>
    AzurePipelines,
}
