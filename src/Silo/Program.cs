using ContextKit.Api;
using ContextKit.Silo;
using ContextKit.Silo.Migrations;
using ContextKit.Silo.Observability;
using ContextKit.Web;

if (args is [MigrateCommand.Name, ..])
    return await MigrateCommand.Run(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddContextKitSilo();
builder.AddContextKitApi();
builder.AddContextKitWeb();
builder.AddContextKitObservability();

var app = builder.Build();
app.MapContextKitApi();
app.MapContextKitWeb();
app.MapContextKitObservability();
app.AnnounceAddresses();
app.Run();
return 0;

/// <summary>The entry point, public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
