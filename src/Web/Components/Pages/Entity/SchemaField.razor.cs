using ContextKit.Grains.Contracts;
using ContextKit.Web.Components.Pages.Repository.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace ContextKit.Web.Components.Pages.Entity;

/// <summary>One field of the entity form and the validation findings about it.</summary>
public sealed partial class SchemaField
{
    [Parameter, EditorRequired] public FormField Field { get; set; } = default!;
    [Parameter, EditorRequired] public EntityData Data { get; set; } = default!;
    /// <summary>Findings by field path (<see cref="ValidationEntry.Field"/>).</summary>
    [Parameter] public ILookup<string, ValidationEntry> Problems { get; set; } = Enumerable.Empty<ValidationEntry>().ToLookup(e => "");
    /// <summary>The branch's entities, the candidates of relation pickers.</summary>
    [Parameter] public IReadOnlyList<EntitySummary> Entities { get; set; } = [];
    [Parameter] public bool ReadOnly { get; set; }
    [Parameter] public EventCallback Changed { get; set; }

    string? pendingItem;
    string? pendingTarget;
    string? jsonText;
    string? jsonError;
    string? jsonShownFor;

    string HelpId => "help-" + Field.Path.Replace('.', '-');

    IReadOnlyList<ValidationEntry> OwnMessages => Problems[Field.Path].ToList();

    IReadOnlyList<ValidationEntry> Warnings => Problems[Field.Path].Where(p => !p.IsError).ToList();

    bool HasError => Problems[Field.Path].Any(p => p.IsError);

    string? ErrorText => string.Join(" · ", Problems[Field.Path].Where(p => p.IsError).Select(p => p.Message)) is { Length: > 0 } text ? text : null;

    IReadOnlyList<string> Items => Data.Items(Field.Path);

    IEnumerable<string> ChoicesWithCurrent =>
        Data.Text(Field.Path) is { Length: > 0 } current && !Field.Choices.Contains(current) ? [.. Field.Choices, current] : Field.Choices;

    string RelationHelp
    {
        get
        {
            var types = string.Join(" or ", Field.RelationTypes.Select(t => ContextKit.Domain.Entities.EntityType.Named(t)?.Label ?? t));
            return Field.Description is { } description ? $"{description} (an existing {types})" : $"The id of an existing {types}.";
        }
    }

    protected override void OnParametersSet()
    {
        // The JSON text is the person's until they leave it valid; it is refreshed only when the data was reloaded.
        if (Field.Kind == FieldKind.Json && (jsonShownFor is null || jsonError is null))
        {
            jsonText = Data.Json(Field.Path);
            jsonShownFor = Field.Path;
        }
    }

    string? TitleOf(string id) => Entities.FirstOrDefault(e => e.Id == id)?.Title;

    IEnumerable<EntitySummary> Candidates => Entities.Where(e => Field.RelationTypes.Contains(e.Type));

    Task<IEnumerable<string>> SearchTargets(string? text, CancellationToken cancellation) =>
        Task.FromResult(Matching(Candidates, text));

    Task<IEnumerable<string>> SearchNewTargets(string? text, CancellationToken cancellation)
    {
        var taken = Items.ToHashSet(StringComparer.Ordinal);
        return Task.FromResult(Matching(Candidates.Where(e => !taken.Contains(e.Id)), text));
    }

    static IEnumerable<string> Matching(IEnumerable<EntitySummary> candidates, string? text) =>
        candidates.Where(e => string.IsNullOrWhiteSpace(text)
                              || e.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
                              || e.Title.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Id).ToList();

    async Task SetText(string? value)
    {
        Data.SetText(Field.Path, value);
        await Changed.InvokeAsync();
    }

    async Task SetNumber(double? value)
    {
        Data.SetNumber(Field.Path, value);
        await Changed.InvokeAsync();
    }

    async Task SetFlag(bool value)
    {
        Data.SetFlag(Field.Path, value);
        await Changed.InvokeAsync();
    }

    async Task SetJson(string? text)
    {
        jsonText = text;
        jsonError = Data.TrySetJson(Field.Path, text) ? null : "This is not valid JSON; the field keeps its last valid value.";
        await Changed.InvokeAsync();
    }

    async Task RemoveItem(string? item)
    {
        var items = Items.ToList();
        var at = item is null ? -1 : items.IndexOf(item);
        if (at < 0)
            return;
        items.RemoveAt(at);
        Data.SetItems(Field.Path, items);
        await Changed.InvokeAsync();
    }

    async Task OnItemKey(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
            await AddPending();
    }

    async Task AddTarget(string? id)
    {
        // The picker empties itself for the next one once the chip is there.
        pendingTarget = null;
        if (string.IsNullOrWhiteSpace(id) || Items.Contains(id))
            return;
        Data.SetItems(Field.Path, [.. Items, id]);
        await Changed.InvokeAsync();
    }

    async Task AddPending()
    {
        var item = pendingItem?.Trim();
        pendingItem = null;
        if (string.IsNullOrEmpty(item))
            return;
        Data.SetItems(Field.Path, [.. Items, item]);
        await Changed.InvokeAsync();
    }
}
