using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace ContextKit.Web.Components.Layout;

public sealed partial class MainLayout
{
    // The person's choice outlives the circuit in the browser's local storage; until they choose, the
    // operating system's preference decides.
    const string DarkModeKey = "contextkit.darkMode";

    [Inject] IJSRuntime JS { get; set; } = default!;

    MudThemeProvider? themeProvider;
    bool darkMode;

    string DarkModeLabel => darkMode ? "Switch to light mode" : "Switch to dark mode";

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || themeProvider is null)
            return;
        try
        {
            var stored = await JS.InvokeAsync<string?>("localStorage.getItem", DarkModeKey);
            darkMode = stored is null ? await themeProvider.GetSystemDarkModeAsync() : stored == "true";
            StateHasChanged();
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away before the browser answered; nothing to show it on.
        }
    }

    async Task ToggleDarkMode()
    {
        darkMode = !darkMode;
        try
        {
            await JS.InvokeVoidAsync("localStorage.setItem", DarkModeKey, darkMode ? "true" : "false");
        }
        catch (JSException)
        {
            // Storage can be disabled (private windows); the toggle still works for this visit.
        }
    }
}
