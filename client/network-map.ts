/**
 * The network map: an island on the network page. It draws the organisations and ties the
 * page's filters chose with WebGL (sigma.js), colours organisations by kind, lets a user focus
 * on one organisation and its neighbours one or two steps away, and opens a profile on click.
 * The page's tables hold the same content for anyone without JavaScript or a screen. It reads
 * its data from the container's `data-graph-url`, and draws arrows when `data-directed` is true.
 */
import { MultiGraph } from 'graphology';
import Sigma from 'sigma';
import type { MapData } from '../src/shared/network-map-data.js';

// Colours distinguishable for common colour-vision differences (Okabe–Ito), by wider system and kind.
const COLOURS: Record<string, string> = {
  school: '#0072B2',
  'academy-trust': '#009E73',
  federation: '#56B4E9',
  network: '#CC79A7',
  'local-authority': '#000000',
  'college-university': '#56B4E9',
  'national-body': '#999999',
  health: '#D55E00',
  'social-care': '#D55E00',
  police: '#D55E00',
  'family-centre': '#E69F00',
  employer: '#F0E442',
  'community-group': '#E69F00',
};

function start(container: HTMLElement) {
  const controls = document.getElementById('network-map-controls');
  const status = document.getElementById('network-status');
  const focus = document.getElementById('network-focus') as HTMLInputElement | null;
  const steps = document.getElementById('network-steps') as HTMLSelectElement | null;
  const clear = document.getElementById('network-clear');
  const names = document.getElementById('network-focus-names');
  const say = (text: string) => {
    if (status) status.textContent = text;
  };

  fetch(container.dataset.graphUrl!, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then((response) => {
      if (!response.ok) throw new Error(`The network could not be loaded (${response.status})`);
      return response.json() as Promise<MapData>;
    })
    .then((data) => {
      const graph = new MultiGraph();
      const n = data.nodes.key.length;
      for (let i = 0; i < n; i++) {
        graph.addNode(String(i), {
          x: data.nodes.x[i],
          y: data.nodes.y[i],
          size: data.nodes.size[i],
          label: data.nodes.label[i],
          color: COLOURS[data.nodes.kind[i]!] ?? '#666666',
          orgId: data.nodes.id[i],
        });
      }
      // A page whose edges run one way (a practice's spread: from the school it came from) asks for arrows.
      const directed = container.dataset.directed === 'true';
      for (let e = 0; e < data.edges.source.length; e++) {
        const ends = [String(data.edges.source[e]), String(data.edges.target[e])] as const;
        if (directed) graph.addDirectedEdge(...ends, { size: 2, color: '#505a5f', type: 'arrow' });
        else graph.addUndirectedEdge(...ends, { size: 0.5, color: '#b1b4b6', type: 'line' });
      }
      let renderer: Sigma;
      try {
        renderer = new Sigma(graph, container, { labelRenderedSizeThreshold: 8, defaultEdgeType: 'line' });
      } catch {
        container.textContent =
          'This browser cannot draw the map (it needs WebGL). The tables below hold the same content.';
        return;
      }
      container.dataset.ready = 'true';
      renderer.on('clickNode', ({ node }) => {
        window.location.href = `/organisations/${graph.getNodeAttribute(node, 'orgId')}`;
      });

      let shown: Set<string> | null = null;
      renderer.setSetting('nodeReducer', (node, attributes) =>
        shown && !shown.has(node) ? { ...attributes, hidden: true } : attributes,
      );
      renderer.setSetting('edgeReducer', (edge, attributes) =>
        shown && !(shown.has(graph.source(edge)) && shown.has(graph.target(edge)))
          ? { ...attributes, hidden: true }
          : attributes,
      );

      const byLabel = new Map<string, string>();
      graph.forEachNode((node, attributes) => byLabel.set(String(attributes.label).toLowerCase(), node));
      if (names) {
        const fragment = document.createDocumentFragment();
        graph.forEachNode((_, attributes) => {
          const option = document.createElement('option');
          option.value = String(attributes.label);
          fragment.appendChild(option);
        });
        names.appendChild(fragment);
      }
      const applyFocus = () => {
        const node = byLabel.get((focus?.value ?? '').trim().toLowerCase());
        if (!node) {
          if (focus?.value) say(`No organisation called “${focus.value}” is in this network.`);
          return;
        }
        const depth = Number(steps?.value ?? 1);
        shown = new Set([node]);
        let frontier = [node];
        for (let step = 0; step < depth; step++) {
          const next: string[] = [];
          for (const f of frontier) {
            for (const neighbour of graph.neighbors(f)) {
              if (shown.has(neighbour)) continue;
              shown.add(neighbour);
              next.push(neighbour);
            }
          }
          frontier = next;
        }
        renderer.refresh();
        say(
          `Showing ${graph.getNodeAttribute(node, 'label')} and ${shown.size - 1} organisations within ${depth} step${depth > 1 ? 's' : ''}.`,
        );
      };
      focus?.addEventListener('change', applyFocus);
      steps?.addEventListener('change', applyFocus);
      clear?.addEventListener('click', () => {
        shown = null;
        if (focus) focus.value = '';
        renderer.refresh();
        say(`Showing all ${graph.order} organisations and ${graph.size} ties.`);
      });
      if (controls) controls.hidden = false;
      say(`Showing all ${graph.order} organisations and ${graph.size} ties.`);
    })
    .catch((error: Error) => {
      container.textContent = `${error.message}. The tables below hold the same content.`;
    });
}

const container = document.getElementById('network-map');
if (container) start(container);
