// The graph canvas of the Graph tab: cytoscape (bundled from npm into ../lib, never a CDN) drawing the nodes and
// edges the server sends. The .NET side owns the data; this module only draws, filters, searches and highlights.
import cytoscape from '../lib/cytoscape/cytoscape.esm.min.mjs';

const graphs = new WeakMap();

function style(dark) {
    const text = dark ? '#e0e0e0' : '#212121';
    return [
        { selector: 'node', style: {
            'background-color': 'data(colour)',
            'label': 'data(id)', 'color': text, 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3,
            'width': 18, 'height': 18, 'min-zoomed-font-size': 7, 'border-width': 0 } },
        { selector: 'node[?centre]', style: { 'width': 26, 'height': 26, 'border-width': 3, 'border-color': dark ? '#fff' : '#000' } },
        { selector: 'edge', style: {
            'width': 1.2, 'line-color': dark ? '#757575' : '#bdbdbd', 'target-arrow-color': dark ? '#757575' : '#bdbdbd',
            'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8,
            'label': 'data(rel)', 'font-size': 7, 'color': dark ? '#9e9e9e' : '#757575', 'min-zoomed-font-size': 9, 'text-rotation': 'autorotate' } },
        { selector: '.match', style: { 'border-width': 4, 'border-color': '#ff4081', 'width': 26, 'height': 26, 'z-index': 10 } },
        { selector: '.changed', style: { 'border-width': 5, 'border-color': '#d81b60', 'width': 28, 'height': 28 } },
        { selector: '.impacted', style: { 'background-color': '#fb8c00', 'width': 24, 'height': 24 } },
        { selector: '.stale', style: { 'background-color': '#e53935' } },
        { selector: '.faded', style: { 'opacity': 0.25 } },
        { selector: '.hidden', style: { 'display': 'none' } },
        { selector: 'node.viewed', style: { 'border-width': 4, 'border-color': 'data(viewerColour)', 'label': 'data(viewerLabel)' } },
    ];
}

// A force layout reads best but is slow on big graphs; beyond a few hundred nodes a concentric layout by type keeps
// the page responsive (a whole graph of thousands of nodes is shown only when asked for).
function layoutFor(count, centre) {
    if (count <= 250)
        return { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, numIter: 600 };
    const order = ['governance', 'feature', 'userstory', 'spec', 'task', 'service', 'package'];
    return { name: 'concentric', animate: false, minNodeSpacing: 6,
        concentric: node => node.id() === centre ? 100 : 10 - order.indexOf(node.data('type')), levelWidth: () => 1 };
}

/** Draws a graph in `element`: nodes `{id, type, colour, title, status}`, edges `{from, to, rel}`; clicking a node calls `OpenEntity(id)`. */
export function show(element, nodes, edges, centre, dark, dotNet) {
    dispose(element);
    const elements = [
        ...nodes.map(n => ({ group: 'nodes', data: { id: n.id, type: n.type, colour: n.colour, title: n.title, status: n.status, centre: n.id === centre } })),
        ...edges.map((e, i) => ({ group: 'edges', data: { id: `e${i}`, source: e.from, target: e.to, rel: e.rel } })),
    ];
    const cy = cytoscape({
        container: element, elements, style: style(dark), layout: layoutFor(nodes.length, centre),
        minZoom: 0.05, maxZoom: 3,
        hideEdgesOnViewport: nodes.length > 500, textureOnViewport: nodes.length > 500, pixelRatio: nodes.length > 1000 ? 1 : 'auto',
    });
    cy.on('tap', 'node', event => dotNet.invokeMethodAsync('OpenEntity', event.target.id()));
    cy.on('mouseover', 'node', event => { element.title = `${event.target.id()} — ${event.target.data('title') ?? ''}`; });
    cy.on('mouseout', 'node', () => { element.title = ''; });
    graphs.set(element, cy);
    element.dataset.nodes = String(nodes.length);
    element.dataset.edges = String(edges.length);
}

/** Shows only the nodes of the given types (and the edges between shown nodes). */
export function filterTypes(element, types) {
    const cy = graphs.get(element);
    if (!cy) return;
    const keep = new Set(types);
    cy.batch(() => cy.nodes().forEach(n => n.toggleClass('hidden', !keep.has(n.data('type')))));
}

/** Marks the nodes whose id or title contains `text`, fades the others and zooms to the matches; returns how many matched. */
export function search(element, text) {
    const cy = graphs.get(element);
    if (!cy) return 0;
    const words = (text ?? '').toLowerCase().split(/\s+/).filter(w => w.length > 0);
    let matches = cy.collection();
    cy.batch(() => {
        cy.elements().removeClass('match faded');
        if (words.length === 0) return;
        matches = cy.nodes().filter(n => words.every(w => n.id().toLowerCase().includes(w) || (n.data('title') ?? '').toLowerCase().includes(w)));
        matches.addClass('match');
        cy.elements().not(matches).not(matches.connectedEdges()).addClass('faded');
    });
    if (matches.length > 0)
        cy.animate({ fit: { eles: matches, padding: 80 }, duration: 250 });
    return matches.length;
}

/** Colours an impact analysis: the changed entities, those reached (impacted) and those flagged by a rule (stale). */
export function highlight(element, changed, impacted, stale) {
    const cy = graphs.get(element);
    if (!cy) return;
    const c = new Set(changed), i = new Set(impacted), s = new Set(stale);
    cy.batch(() => cy.nodes().forEach(n => {
        n.toggleClass('changed', c.has(n.id()));
        n.toggleClass('impacted', i.has(n.id()));
        n.toggleClass('stale', s.has(n.id()));
    }));
    element.dataset.impacted = String(cy.nodes('.impacted').length);
}

/** Who is looking at which entity: [{id, label, colour}] (their names, from presence); everyone else is cleared. */
export function showViewers(element, viewers) {
    const cy = graphs.get(element);
    if (!cy) return;
    const byId = new Map(viewers.map(v => [v.id, v]));
    cy.batch(() => cy.nodes().forEach(n => {
        const viewer = byId.get(n.id());
        n.toggleClass('viewed', !!viewer);
        n.data('viewerLabel', viewer ? `${n.id()} · ${viewer.label}` : null);
        n.data('viewerColour', viewer ? viewer.colour : null);
    }));
    element.dataset.viewed = viewers.map(v => `${v.id}:${v.label}`).join(';');
}

export function fit(element) {
    graphs.get(element)?.fit(undefined, 30);
}

export function dispose(element) {
    const cy = graphs.get(element);
    if (cy) {
        cy.destroy();
        graphs.delete(element);
    }
}
