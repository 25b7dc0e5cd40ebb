using System.Net;
using ContextKit.Grains.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ContextKit.Silo;

/// <summary>
/// The Orleans silo this process hosts, configured for the embedded default: one node on localhost,
/// grain state in files under the data folder, memory streams. No database or cloud service needed.
/// </summary>
public static class SiloExtensions
{
    public static WebApplicationBuilder AddContextKitSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.Section).Bind(storage);
        // `--data DIR` beats CONTEXTKIT_DATA beats ContextKit:DataPath beats ./data.
        storage.DataPath = configuration["data"] ?? configuration["CONTEXTKIT_DATA"] ?? configuration["ContextKit:DataPath"] ?? "data";
        builder.Services.Configure<StorageOptions>(options =>
        {
            configuration.GetSection(StorageOptions.Section).Bind(options);
            options.DataPath = storage.DataPath;
        });

        var orleans = configuration.GetSection("ContextKit:Orleans");
        builder.UseOrleans(silo =>
        {
            // A second node on this machine joins the first by naming its silo port as PrimarySiloPort.
            var primaryPort = orleans.GetValue<int?>("PrimarySiloPort");
            silo.UseLocalhostClustering(
                siloPort: orleans.GetValue("SiloPort", 11111),
                gatewayPort: orleans.GetValue("GatewayPort", 30000),
                primarySiloEndpoint: primaryPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null,
                serviceId: "contextkit",
                clusterId: orleans.GetValue("ClusterId", "contextkit")!);
            silo.AddContextKitGrains(TimeSpan.FromMilliseconds(orleans.GetValue("StreamPollMilliseconds", 20)));
            silo.AddFileGrainStorage(GrainsHostingExtensions.StateStorage, storage.Grains);
        });
        return builder;
    }

    /// <summary>Says where the product can be reached once the server listens: the first thing a person needs.</summary>
    public static WebApplication AnnounceAddresses(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
                Console.WriteLine($"Context Kit is listening on {address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost")}");
            Console.WriteLine($"Data folder: {Path.GetFullPath(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.DataPath)}");
        });
        return app;
    }
}
