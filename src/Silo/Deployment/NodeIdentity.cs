using System.Net;

namespace ContextKit.Silo.Deployment;

/// <summary>
/// Who this node is to the rest of the cluster. In Kubernetes the Downward API gives each pod
/// <c>POD_NAME</c> and <c>POD_IP</c>; on one machine the node advertises loopback.
/// </summary>
public sealed record NodeIdentity(string SiloName, IPAddress Address, bool ListenOnAnyAddress)
{
    public static NodeIdentity From(DeploymentOptions options, IConfiguration configuration)
    {
        var podIp = configuration["POD_IP"];
        var advertised = options.AdvertisedAddress is { Length: > 0 } configured ? configured : podIp;
        var address = advertised is { Length: > 0 }
            ? IPAddress.TryParse(advertised, out var parsed) ? parsed
                : throw new InvalidOperationException($"The advertised address '{advertised}' is not an IP address.")
            : IPAddress.Loopback;
        var name = options.SiloName is { Length: > 0 } siloName ? siloName
            : configuration["POD_NAME"] is { Length: > 0 } podName ? podName
            : $"{Environment.MachineName}-{options.SiloPort}";
        // A pod is reached on its own address from other pods; on one machine stay on loopback.
        return new NodeIdentity(name, address, ListenOnAnyAddress: !IPAddress.IsLoopback(address));
    }
}
