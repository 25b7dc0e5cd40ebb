// The live editor: CodeMirror 6 with YAML and Markdown modes, validation markers and other people's cursors.
// Bundled by esbuild into wwwroot/lib/codemirror/live-editor.js (see Web.csproj); no CDN.
//
// The collaboration protocol (CollaborationClient, talking to DocumentGrain) runs in C# on the Blazor circuit
// (src/Web/Components/Editor/LiveDocumentSession.cs). This file only bridges the browser and the circuit, and since
// both sides change the text concurrently it rebases the two streams of edits on each other:
//   * every local edit goes to the circuit as TextOperation JSON with its sequence number and the number of remote
//     edits the browser had applied when it was made;
//   * every remote edit comes from the circuit with its number and the number of local edits the circuit had taken in
//     when it sent it; the browser maps it past its later local edits (and those past it) with CodeMirror's ChangeSet.map.
// The circuit does the mirror image with TextOperation.Transform. Ties (both insert at one place): the browser's own
// text comes first on both sides. Positions are UTF-16 code units on both sides, like TextOperation's.
import { EditorState, StateEffect, StateField, ChangeSet, Annotation, Compartment } from '@codemirror/state';
import { EditorView, Decoration, WidgetType, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, indentOnInput, bracketMatching } from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { markdown } from '@codemirror/lang-markdown';

const remote = Annotation.define();
const setCursors = StateEffect.define();

class CursorWidget extends WidgetType {
    constructor(name, color) { super(); this.name = name; this.color = color; }
    eq(other) { return other.name === this.name && other.color === this.color; }
    toDOM() {
        const caret = document.createElement('span');
        caret.className = 'ck-remote-caret';
        caret.style.borderLeftColor = this.color;
        const label = document.createElement('span');
        label.className = 'ck-remote-name';
        label.style.backgroundColor = this.color;
        label.textContent = this.name;
        caret.appendChild(label);
        return caret;
    }
    ignoreEvent() { return true; }
}

// Other people's cursors and selections; CodeMirror maps them through every edit until the next presence update.
const remoteCursors = StateField.define({
    create: () => Decoration.none,
    update(cursors, tr) {
        cursors = cursors.map(tr.changes);
        for (const effect of tr.effects) {
            if (!effect.is(setCursors)) continue;
            const length = tr.state.doc.length;
            const ranges = [];
            for (const c of effect.value) {
                const anchor = Math.min(Math.max(c.anchor, 0), length), head = Math.min(Math.max(c.head, 0), length);
                const from = Math.min(anchor, head), to = Math.max(anchor, head);
                if (from < to)
                    ranges.push(Decoration.mark({ class: 'ck-remote-selection', attributes: { style: `background-color: ${c.color}33` } }).range(from, to));
                ranges.push(Decoration.widget({ widget: new CursorWidget(c.name, c.color), side: 1 }).range(head));
            }
            cursors = Decoration.set(ranges, true);
        }
        return cursors;
    },
    provide: field => EditorView.decorations.from(field),
});

const editors = new Map();
let nextId = 1;

function languageFor(path) {
    const lower = (path || '').toLowerCase();
    if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return yaml();
    if (lower.endsWith('.md') || lower.endsWith('.markdown')) return markdown();
    return [];
}

// CodeMirror changes (against a document of changes.length) → TextOperation components.
function toOperation(changes) {
    const ops = [];
    let position = 0;
    changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
        if (fromA > position) ops.push({ retain: fromA - position });
        const text = inserted.toString();
        if (text.length > 0) ops.push({ insert: text });
        if (toA > fromA) ops.push({ delete: toA - fromA });
        position = toA;
    });
    if (changes.length > position) ops.push({ retain: changes.length - position });
    return ops;
}

// TextOperation components → CodeMirror changes against a document of `length` code units.
function toChanges(ops, length) {
    const specs = [];
    let position = 0;
    for (const op of ops) {
        if (op.retain !== undefined) position += op.retain;
        else if (op.delete !== undefined) { specs.push({ from: position, to: position + op.delete }); position += op.delete; }
        else if (op.insert !== undefined) specs.push({ from: position, insert: op.insert });
    }
    return ChangeSet.of(specs, length);
}

export function create(element, circuit, text, path, readOnly, lineSeparator) {
    const id = nextId++;
    const editable = new Compartment();
    const session = { circuit, epoch: 1, pending: [], localSeq: 0, remoteApplied: 0, editable, view: null, selectionTimer: 0 };
    const updateListener = EditorView.updateListener.of(update => {
        const local = update.transactions.filter(tr => tr.docChanged && !tr.annotation(remote));
        for (const tr of local) {
            session.localSeq++;
            session.pending.push({ seq: session.localSeq, changes: tr.changes });
            circuit.invokeMethodAsync('LocalEdit', session.epoch, session.localSeq, session.remoteApplied, JSON.stringify(toOperation(tr.changes)));
        }
        if (update.selectionSet || local.length > 0) scheduleSelection(session);
    });
    session.view = new EditorView({
        parent: element,
        state: EditorState.create({
            doc: text,
            extensions: [
                lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(), indentOnInput(),
                bracketMatching(), highlightSelectionMatches(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
                keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
                EditorState.lineSeparator.of(lineSeparator || '\n'), lintGutter(), remoteCursors, languageFor(path), EditorView.lineWrapping,
                editable.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
                updateListener,
            ],
        }),
    });
    editors.set(id, session);
    return id;
}

function scheduleSelection(session) {
    clearTimeout(session.selectionTimer);
    session.selectionTimer = setTimeout(() => {
        const range = session.view.state.selection.main;
        session.circuit.invokeMethodAsync('LocalSelection', range.anchor, range.head);
    }, 150);
}

// A remote edit: number `n` of the remote edits, made after the circuit had taken in `localSeen` local edits.
export function applyRemote(id, epoch, n, localSeen, opsJson) {
    const session = editors.get(id);
    if (!session || session.epoch !== epoch) return;
    session.pending = session.pending.filter(p => p.seq > localSeen);
    const baseLength = session.pending.length > 0 ? session.pending[0].changes.length : session.view.state.doc.length;
    let incoming = toChanges(JSON.parse(opsJson), baseLength);
    for (const p of session.pending) {
        const mapped = incoming.map(p.changes);
        p.changes = p.changes.map(incoming, true);
        incoming = mapped;
    }
    session.remoteApplied = n;
    session.view.dispatch({ changes: incoming, annotations: [remote.of(true)], addToHistory: false });
}

// Replaces the whole text (after a resynchronisation with the server): local edits not yet taken in are dropped.
export function reset(id, epoch, text) {
    const session = editors.get(id);
    if (!session) return;
    session.epoch = epoch;
    session.pending = [];
    session.remoteApplied = 0;
    session.localSeq = 0;
    const view = session.view;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: [remote.of(true)], addToHistory: false });
}

// Other people's cursors: [{name, color, anchor, head}] in UTF-16 offsets of the current text.
export function showCursors(id, cursors) {
    const session = editors.get(id);
    if (session) session.view.dispatch({ effects: setCursors.of(cursors) });
}

// Validation markers: [{line, severity: "error"|"warning", message}], lines counted from 1 (0 = the whole file).
export function showDiagnostics(id, markers) {
    const session = editors.get(id);
    if (!session) return;
    const doc = session.view.state.doc;
    const diagnostics = markers.map(m => {
        const line = doc.line(Math.min(Math.max(m.line || 1, 1), doc.lines));
        return { from: line.from, to: line.to, severity: m.severity === 'error' ? 'error' : 'warning', message: m.message };
    });
    session.view.dispatch(setDiagnostics(session.view.state, diagnostics));
}

export function setReadOnly(id, readOnly) {
    const session = editors.get(id);
    if (session)
        session.view.dispatch({ effects: session.editable.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
}

// Selects a line (links to "file:line") and scrolls it into view.
export function selectLine(id, lineNumber) {
    const session = editors.get(id);
    if (!session) return false;
    const doc = session.view.state.doc;
    const line = doc.line(Math.min(Math.max(lineNumber, 1), doc.lines));
    session.view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
    session.view.focus();
    return true;
}

export function text(id) {
    return editors.get(id)?.view.state.doc.toString() ?? null;
}

export function destroy(id) {
    const session = editors.get(id);
    if (!session) return;
    clearTimeout(session.selectionTimer);
    session.view.destroy();
    editors.delete(id);
}
