// **Evaluation report**: the JSON record, a markdown table per task (scores with their 95% intervals), and a hand-made
// SVG bar chart (one panel per task, bars per metric, one colour per method).

import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import type { TaskResult } from './common.js';
import { BOOTSTRAP_RESAMPLES, type Interval } from './metrics.js';

export interface EvalReport {
  tool: string;
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; loadAverage?: number };
  graph: { file: string; triples: number };
  seed: number;
  tasks: TaskResult[];
}

export function machine(): EvalReport['machine'] {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown';
  // the load average says whether the timings were taken on a machine shared with other work
  return {
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  };
}

/** The report without wall-clock parts (date, machine, timings): equal for equal seeds. */
export function deterministicPart(r: EvalReport): object {
  return { ...r, date: undefined, machine: undefined, tasks: r.tasks.map((t) => ({ ...t, timing: undefined })) };
}

const TITLES = { rec: 'Recommendation', cls: 'Task classification', trace: 'Lineage tracing' } as const;

export function toMarkdown(r: EvalReport): string {
  const out: string[] = [
    '# HuggingBench-style evaluation of the canned queries',
    '',
    `- date: ${r.date}`,
    `- machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} ` +
      `GiB, ${r.machine.os}, Node ${r.machine.node}` +
      (r.machine.loadAverage !== undefined ? ` (load average ${r.machine.loadAverage} at the end of the run)` : ''),
    `- graph: ${r.graph.file} (${r.graph.triples.toLocaleString('en-US')} triples)`,
    `- seed: ${r.seed}`,
    '',
  ];
  for (const t of r.tasks) {
    out.push(
      `## ${TITLES[t.task]} — \`${t.query}\``,
      '',
      `Protocol: ${t.protocol}. ${t.cases} test cases; ${t.hiddenTriples} triples held out of the store.`,
      '',
    );
    out.push(...scoreTable(t));
    if (t.fitted)
      out.push(
        '',
        `Fitted on a validation split of the training edges (${t.fitted.validationCases} ` +
          `cases): ${fittedWeights(t.fitted)}.`,
      );
    if (t.intervals) out.push('', INTERVALS_NOTE);
    out.push(
      '',
      `Time: store load ${t.timing.loadMs} ms; query mean ${t.timing.queryMsMean} ` +
        `ms, p50 ${t.timing.queryMsP50} ms, max ${t.timing.queryMsMax} ` +
        `ms; task total ${(t.timing.totalMs / 1000).toFixed(1)} s.`,
      '',
    );
  }
  return out.join('\n');
}

/** A task's markdown table: one row per method (the canned query in bold), one column per metric, each score with its
 * interval (shared by this report and bench/eval-real.md). */
export function scoreTable(t: TaskResult): string[] {
  const metrics = Object.keys(t.methods.query ?? Object.values(t.methods)[0] ?? {});
  const rows = Object.entries(t.methods).map(([m, scores]) => {
    const cells = metrics.map((k) => withInterval(scores[k] ?? 0, t.intervals?.[m]?.[k])).join(' | ');
    return `| ${m === 'query' ? `**${t.query}**` : m} | ${cells} ` + `|`;
  });
  return [`| method | ${metrics.join(' | ')} |`, `|---|${metrics.map(() => '---:').join('|')}|`, ...rows];
}

/** The fitted weights as "name=value, ...". */
export function fittedWeights(fitted: NonNullable<TaskResult['fitted']>): string {
  return Object.entries(fitted.weights)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export const INTERVALS_NOTE =
  `In brackets: 95% intervals, percentile bootstrap over the test ` +
  `cases (${BOOTSTRAP_RESAMPLES.toLocaleString('en-US')} resamples, ` +
  `seeded; F1 recomputed on each resample; macro-F1's may sit above ` +
  `the score, as a resample holds fewer distinct tasks).`;

/** A score with its interval, "0.8433 [0.8011, 0.8800]" (the score alone when there is none). */
export function withInterval(value: number, interval: Interval | undefined): string {
  return interval ? `${value.toFixed(4)} [${interval[0].toFixed(4)}, ${interval[1].toFixed(4)}]` : value.toFixed(4);
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toSvg(r: EvalReport): string {
  const panelW = 520;
  const panelH = 240;
  const pad = { left: 40, top: 40, bottom: 50 };
  const width = panelW * Math.max(1, r.tasks.length) + 20;
  const height = panelH + pad.top + pad.bottom + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">Canned ` +
      `queries vs baselines (${esc(r.date.slice(0, 10))}, ${r.graph.triples.toLocaleString('en-US')} ` +
      `triples)</text>`,
  ];
  r.tasks.forEach((t, ti) => {
    const x0 = 10 + ti * panelW + pad.left;
    const y0 = pad.top + 10;
    const methods = Object.keys(t.methods);
    const metrics = Object.keys(t.methods[methods[0] ?? ''] ?? {});
    const plotW = panelW - pad.left - 20;
    const groupW = plotW / Math.max(1, metrics.length);
    const barW = (groupW - 8) / Math.max(1, methods.length);
    parts.push(`<text x="${x0}" y="${y0 - 6}" font-weight="bold">${esc(TITLES[t.task])} (${esc(t.query)})</text>`);
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      const y = y0 + panelH * (1 - tick);
      parts.push(
        `<line x1="${x0}" x2="${x0 + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/><text ` +
          `x="${x0 - 4}" y="${y + 4}" text-anchor="end">${tick}</text>`,
      );
    }
    metrics.forEach((metric, mi) => {
      const gx = x0 + mi * groupW + 4;
      methods.forEach((method, k) => {
        const v = Math.max(0, Math.min(1, t.methods[method]?.[metric] ?? 0));
        const h = panelH * v;
        parts.push(
          `<rect x="${(gx + k * barW).toFixed(1)}" y="${(y0 + panelH - h).toFixed(1)}" ` +
            `width="${(barW - 1).toFixed(1)}" height="${h.toFixed(1)}" ` +
            `fill="${COLOURS[k % COLOURS.length]}"><title>${esc(method)} ` +
            `${esc(metric)} = ${v.toFixed(4)}</title></rect>`,
        );
      });
      parts.push(
        `<text x="${(gx + groupW / 2 - 4).toFixed(1)}" y="${y0 + panelH + 14}" ` +
          `text-anchor="middle">${esc(metric)}</text>`,
      );
    });
    methods.forEach((method, k) => {
      const lx = x0 + k * 130;
      const ly = y0 + panelH + 34;
      parts.push(
        `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${COLOURS[k % COLOURS.length]}"/><text ` +
          `x="${lx + 14}" y="${ly}">${esc(method === 'query' ? t.query : method)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
