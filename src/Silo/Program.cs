using ContextKit.Api;
using ContextKit.Silo;
using ContextKit.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddContextKitSilo();
builder.AddContextKitApi();
builder.AddContextKitWeb();

var app = builder.Build();
app.MapContextKitApi();
app.MapContextKitWeb();
app.AnnounceAddresses();
app.Run();

/// <summary>The entry point, public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
