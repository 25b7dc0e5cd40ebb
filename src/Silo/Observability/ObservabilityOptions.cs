namespace ContextKit.Silo.Observability;

/// <summary><c>ContextKit:Observability</c> and <c>ContextKit:Operations</c>: what a node exposes to its operators.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "ContextKit:Observability";

    /// <summary>Serve Prometheus metrics on /metrics (on by default; keep it off the public ingress).</summary>
    public bool Metrics { get; set; } = true;
}

/// <summary>Deployment owners: the only people who may open the Orleans dashboard.</summary>
public sealed class OperationsOptions
{
    public const string Section = "ContextKit:Operations";

    /// <summary>E-mail addresses of deployment owners, comma-separated (fits one environment variable). None: no dashboard.</summary>
    public string AdminEmails { get; set; } = "";

    /// <summary>Where the dashboard is served.</summary>
    public string DashboardPath { get; set; } = "/ops/dashboard";

    public IReadOnlyList<string> Admins =>
        AdminEmails.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant()).Distinct().ToList();

    public bool DashboardEnabled => Admins.Count > 0;
}
