// Selects one line of a text area (the Files tab's editor) and scrolls it into view, for links to "file:line".
export function selectLine(id, line) {
    const area = document.getElementById(id);
    if (!area || !line) return false;
    const lines = area.value.split('\n');
    const index = Math.min(Math.max(line, 1), lines.length) - 1;
    let start = 0;
    for (let i = 0; i < index; i++) start += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(start, start + lines[index].length);
    const height = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (index - 3) * height);
    return true;
}
