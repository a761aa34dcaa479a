// Small HTML helpers for the report: escaping, tables, inline SVG that can share a page with other SVGs.

export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface Cell {
  readonly html: string;
  /** Right-aligned, tabular figures. */
  readonly num?: boolean;
}

export function text(t: unknown, num = false): Cell {
  return { html: escapeHtml(t), num };
}

export function table(
  headers: readonly (string | Cell)[],
  rows: readonly (readonly Cell[])[],
  caption?: string,
): string {
  const th = headers
    .map((h) =>
      typeof h === 'string' ? `<th>${escapeHtml(h)}</th>` : `<th${h.num ? ' class="num"' : ''}>${h.html}</th>`,
    )
    .join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => `<td${c.num ? ' class="num"' : ''}>${c.html}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

/**
 * Make an SVG safe to inline beside others: every id gets `prefix` (Vega numbers its clip paths from 1 in each
 * chart, and ids are global to the page), and any XML prolog is dropped.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
  return body
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/((?:xlink:)?href)="#([^"]+)"/g, (_, attr: string, id: string) => `${attr}="#${prefix}${id}"`);
}

export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif; margin: 0; color: #1a1a1a;
  background: #ffffff; line-height: 1.5; }
main { max-width: 1000px; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
header.report { border-bottom: 3px solid #0072B2; margin-bottom: 1.5rem; padding-bottom: 0.75rem; }
h1 { font-size: 1.9rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 0.6rem; border-bottom: 1px solid #d0d0d0; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }
p.lede { font-size: 1.05rem; color: #333; margin: 0.2rem 0; }
ul.summary li { margin: 0.35rem 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.9rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid #e0e0e0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f6f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.clear td { background: #fff7ec; }
figure.chart { margin: 1.2rem 0 2rem; padding: 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart svg text { font-family: 'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif; }
figcaption { font-size: 0.85rem; color: #444; margin-top: 0.3rem; }
.rationale { border-left: 4px solid #E69F00; padding: 0.2rem 0.9rem; background: #fffaf0; margin: 0.5rem 0 1rem; }
.note { color: #6b4e00; background: #fff7dd; padding: 0.4rem 0.7rem; border-radius: 3px; }
details { margin: 0.4rem 0 1rem; }
summary { cursor: pointer; font-weight: bold; }
code, pre { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.85rem; }
pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }
footer.manifest { border-top: 1px solid #ccc; margin-top: 3rem; padding-top: 1rem; font-size: 0.85rem; color: #333; }
footer.manifest table { font-size: 0.8rem; }
nav.toc { font-size: 0.9rem; margin: 0.5rem 0 1rem; }
nav.toc a { margin-right: 1rem; color: #0072B2; }
@media print { figure.chart { break-inside: avoid; } nav.toc { display: none; } }
`;
