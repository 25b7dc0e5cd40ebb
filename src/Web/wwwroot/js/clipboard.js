// Copies text for the Prompt tab's Copy button; false when the browser refuses (no permission, insecure origin).
export async function copyText(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}
