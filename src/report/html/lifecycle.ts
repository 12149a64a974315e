/**
 * The batch and Campaign request life cycles as state diagrams in inline SVG. States and transitions come
 * from the contract (`batchLifecycle(profile).edges`, built from `BATCH_TRANSITIONS` and the profile's
 * ABORT/FAIL readings; `CAMPAIGN_REQUEST_TRANSITIONS`); the layout is a plain deterministic one: a state's
 * column is its distance from the initial state, its row the order it was first reached in.
 */
import { CAMPAIGN_INITIAL_STATUS, CAMPAIGN_REQUEST_TRANSITIONS } from '../../contract/campaign.js';
import type { ProfileName } from '../../contract/profiles.js';
import { batchLifecycle, INITIAL_BATCH_STATUS } from '../../lifecycle/batch.js';
import { escapeHtml, token } from './escape.js';

export interface Edge {
  from: string;
  to: string;
  event: string;
}

export type EdgeMark = 'covered' | 'failed';

export interface LifecycleGraph {
  name: 'batch' | 'campaign';
  title: string;
  initial: string;
  edges: Edge[];
}

export const edgeKey = (e: Edge): string => `${e.from}->${e.to}:${e.event}`;

export function batchGraph(profile: ProfileName): LifecycleGraph {
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const e of batchLifecycle(profile).edges) {
    const edge = { from: e.from, to: e.to, event: e.event };
    if (e.from === e.to || seen.has(edgeKey(edge))) continue;
    seen.add(edgeKey(edge));
    edges.push(edge);
  }
  return { name: 'batch', title: `Batch life cycle (profile ${profile})`, initial: INITIAL_BATCH_STATUS, edges };
}

export function campaignGraph(): LifecycleGraph {
  return {
    name: 'campaign',
    title: 'Campaign ingestion request life cycle',
    initial: CAMPAIGN_INITIAL_STATUS,
    edges: CAMPAIGN_REQUEST_TRANSITIONS.map((t) => ({ from: t.from, to: t.to, event: t.event })),
  };
}

interface Placed {
  state: string;
  col: number;
  row: number;
  x: number;
  y: number;
}

const BOX_W = 104;
const BOX_H = 30;
const COL_GAP = 176;
const ROW_GAP = 62;
const PAD = 16;

/** Columns by breadth-first distance from the initial state; rows in the order states are first reached. */
export function layout(graph: LifecycleGraph): { placed: Map<string, Placed>; width: number; height: number } {
  const depth = new Map<string, number>([[graph.initial, 0]]);
  const order: string[] = [graph.initial];
  for (let i = 0; i < order.length; i++) {
    const from = order[i]!;
    for (const e of graph.edges) {
      if (e.from === from && !depth.has(e.to)) {
        depth.set(e.to, depth.get(from)! + 1);
        order.push(e.to);
      }
    }
  }
  // States no edge reaches from the initial one still get a place: after the last column.
  const last = Math.max(0, ...depth.values());
  for (const e of graph.edges) {
    for (const s of [e.from, e.to]) {
      if (!depth.has(s)) {
        depth.set(s, last + 1);
        order.push(s);
      }
    }
  }
  const rows = new Map<number, number>();
  const placed = new Map<string, Placed>();
  for (const state of order) {
    const col = depth.get(state)!;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    placed.set(state, { state, col, row, x: PAD + col * COL_GAP, y: PAD + 14 + row * ROW_GAP });
  }
  const cols = Math.max(...[...placed.values()].map((p) => p.col)) + 1;
  const maxRows = Math.max(...rows.values());
  return { placed, width: PAD * 2 + (cols - 1) * COL_GAP + BOX_W, height: PAD * 2 + 14 + (maxRows - 1) * ROW_GAP + BOX_H + 10 };
}

const MARK_COLOUR: Record<EdgeMark | 'none', string> = { covered: '#1a7f37', failed: '#cf222e', none: '#8c959f' };

/** One diagram; `marks` says, per edge key, whether the run covered it or saw it fail. */
export function lifecycleSvg(graph: LifecycleGraph, marks: ReadonlyMap<string, EdgeMark>): string {
  const { placed, width, height } = layout(graph);
  const parts: string[] = [];
  for (const mark of ['none', 'covered', 'failed'] as const) {
    parts.push(
      `<marker id="arrow-${graph.name}-${mark}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${MARK_COLOUR[mark]}"/></marker>`,
    );
  }
  const defs = `<defs>${parts.join('')}</defs>`;
  const edges: string[] = [];
  graph.edges.forEach((e, i) => {
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    const mark = marks.get(edgeKey(e)) ?? 'none';
    const colour = MARK_COLOUR[mark];
    let d: string;
    let lx: number;
    let ly: number;
    if (b.col > a.col) {
      const x1 = a.x + BOX_W;
      const y1 = a.y + BOX_H / 2;
      const x2 = b.x;
      const y2 = b.y + BOX_H / 2;
      const mid = (x1 + x2) / 2;
      d = `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
      lx = mid;
      ly = (y1 + y2) / 2 - 4;
    } else {
      // A backward or same-column edge: an arc above the boxes, bent a little more per edge so arcs stay apart.
      const x1 = a.x + BOX_W / 2;
      const x2 = b.x + BOX_W / 2 + (a.col === b.col ? 0 : 8);
      const y1 = a.y;
      const y2 = b.y;
      const lift = 22 + (i % 3) * 6;
      const top = Math.min(y1, y2) - lift;
      const cx = a.col === b.col ? x1 + BOX_W * 0.8 : (x1 + x2) / 2;
      d = `M${x1} ${y1}Q${cx} ${top} ${x2} ${y2}`;
      lx = cx;
      ly = top + lift / 2 - 2;
    }
    edges.push(
      `<g class="edge edge-${mark}" data-edge="${escapeHtml(edgeKey(e))}" data-mark="${mark}"><title>${escapeHtml(`${e.from} → ${e.to} (${e.event}): ${mark === 'none' ? 'not exercised' : mark}`)}</title>` +
        `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${mark === 'none' ? 1.3 : 2.6}"${mark === 'none' ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#arrow-${graph.name}-${mark})"/>` +
        `<text x="${lx}" y="${ly}" text-anchor="middle" fill="${colour}" font-size="11" paint-order="stroke" stroke="#ffffff" stroke-width="3">${escapeHtml(e.event)}</text></g>`,
    );
  });
  const nodes = [...placed.values()].map(
    (p) =>
      `<g class="state" data-state="${escapeHtml(token(p.state))}"><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${p.state === graph.initial ? '#ddf4ff' : '#ffffff'}" stroke="#57606a"/>` +
      `<text x="${p.x + BOX_W / 2}" y="${p.y + BOX_H / 2 + 4}" text-anchor="middle">${escapeHtml(p.state)}</text></g>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="lifecycle" data-lifecycle="${graph.name}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(graph.title)}">` +
    `${defs}${edges.join('')}${nodes.join('')}</svg>`
  );
}

/** The legend under the diagrams; `note` says how the marks were derived. */
export function lifecycleLegend(note: string): string {
  return (
    `<p class="legend"><span><i class="swatch" style="background:${MARK_COLOUR.covered}"></i>covered, passed</span>` +
    `<span><i class="swatch" style="background:${MARK_COLOUR.failed}"></i>failed</span>` +
    `<span><i class="swatch" style="background:${MARK_COLOUR.none}"></i>not exercised</span></p><p class="muted">${escapeHtml(note)}</p>`
  );
}

/** Both diagrams side by side, each in a figure with its caption. */
export function lifecycleSection(graphs: readonly { graph: LifecycleGraph; marks: ReadonlyMap<string, EdgeMark> }[], note: string): string {
  return (
    `<section id="lifecycles"><h2>Life cycles</h2><div class="diagrams">${graphs
      .map((g) => `<figure><figcaption>${escapeHtml(g.graph.title)}</figcaption>${lifecycleSvg(g.graph, g.marks)}</figure>`)
      .join('')}</div>${lifecycleLegend(note)}</section>`
  );
}

/**
 * Marks from results per group of edges: an edge is failed when a result that covers it failed, covered when
 * one passed, unmarked otherwise. `covers(result)` names the edges a result stands for (empty: none).
 */
export function marksFrom<T>(graph: LifecycleGraph, results: readonly T[], covers: (r: T, e: Edge) => boolean, status: (r: T) => string): Map<string, EdgeMark> {
  const marks = new Map<string, EdgeMark>();
  for (const e of graph.edges) {
    const mine = results.filter((r) => covers(r, e));
    if (mine.some((r) => status(r) === 'fail')) marks.set(edgeKey(e), 'failed');
    else if (mine.some((r) => status(r) === 'pass')) marks.set(edgeKey(e), 'covered');
  }
  return marks;
}
