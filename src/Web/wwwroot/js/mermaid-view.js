// Renders Mermaid diagrams for the C4 tab with the mermaid bundle copied from npm into ../lib (no CDN). The bundle is a
// classic script that defines globalThis.mermaid, so it is loaded once, on first use, through a <script src> element.
let loading;

function load() {
    if (globalThis.mermaid) return Promise.resolve(globalThis.mermaid);
    loading ??= new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = new URL('../lib/mermaid/mermaid.min.js', import.meta.url).href;
        script.onload = () => resolve(globalThis.mermaid);
        script.onerror = () => reject(new Error('The diagram library could not be loaded.'));
        document.head.appendChild(script);
    });
    return loading;
}

let counter = 0;

/** Draws `source` into `element`; returns null, or the message of why it could not be drawn. */
export async function render(element, source, dark) {
    try {
        const mermaid = await load();
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
        const { svg } = await mermaid.render(`ck-mermaid-${++counter}`, source);
        element.innerHTML = svg;
        return null;
    } catch (e) {
        element.textContent = '';
        return e?.message ?? String(e);
    }
}
