// Structural checks of SVG and HTML without a DOM: tags must nest and close, attributes must be quoted.

const HTML_VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * Problems with the nesting of a document's tags (empty when well formed). In `html` mode, void elements need no
 * closing tag and the doctype is allowed; everything else (including inline SVG) must close or self-close.
 */
export function markupProblems(doc: string, mode: 'xml' | 'html'): string[] {
  const problems: string[] = [];
  const stack: { name: string; at: number }[] = [];
  let i = 0;
  let rawTextEnd: string | undefined;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    if (lt < 0) break;
    if (rawTextEnd) {
      // Inside <style> or <script>: only the matching end tag counts.
      const end = doc.indexOf(rawTextEnd, i);
      if (end < 0) {
        problems.push(`unclosed ${rawTextEnd}`);
        break;
      }
      i = end;
      rawTextEnd = undefined;
      continue;
    }
    if (doc.startsWith('<!--', lt)) {
      const end = doc.indexOf('-->', lt);
      if (end < 0) return [...problems, `unclosed comment at ${lt}`];
      i = end + 3;
      continue;
    }
    if (doc.startsWith('<!', lt) || doc.startsWith('<?', lt)) {
      if (mode === 'xml' && doc.startsWith('<!', lt)) problems.push(`declaration at ${lt}`);
      i = doc.indexOf('>', lt) + 1;
      continue;
    }
    // Find the end of the tag, skipping quoted attribute values.
    let j = lt + 1;
    let quote: string | undefined;
    while (j < doc.length) {
      const c = doc[j];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      else if (c === '<') {
        problems.push(`'<' inside a tag at ${j}`);
        break;
      }
      j++;
    }
    if (j >= doc.length) return [...problems, `unterminated tag at ${lt}`];
    const inner = doc.slice(lt + 1, j);
    i = j + 1;
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = stack.pop();
      if (!top) problems.push(`</${name}> without an opening tag at ${lt}`);
      else if (top.name !== name) problems.push(`</${name}> at ${lt} closes <${top.name}> opened at ${top.at}`);
      continue;
    }
    const m = /^([A-Za-z][\w:-]*)/.exec(inner);
    if (!m) {
      problems.push(`malformed tag <${inner.slice(0, 20)}> at ${lt}`);
      continue;
    }
    const name = m[1].toLowerCase();
    const attrs = inner
      .slice(m[1].length)
      .replace(/"[^"]*"|'[^']*'/g, '""')
      .replace(/\/\s*$/, '');
    const unquoted = /\s[\w:-]+=(?!["'])/.exec(attrs);
    if (unquoted) problems.push(`unquoted attribute in <${name}> at ${lt}`);
    const selfClosing = /\/\s*$/.test(inner);
    if (selfClosing || (mode === 'html' && HTML_VOID.has(name))) continue;
    if (mode === 'html' && (name === 'style' || name === 'script')) {
      rawTextEnd = `</${name}`;
      stack.push({ name, at: lt });
      continue;
    }
    stack.push({ name, at: lt });
  }
  for (const s of stack) problems.push(`<${s.name}> opened at ${s.at} is never closed`);
  return problems;
}

/** The root element's name of an XML document. */
export function rootElement(doc: string): string | undefined {
  return /^\s*(?:<\?[^>]*>\s*)?<([A-Za-z][\w:-]*)/.exec(doc)?.[1];
}

/** Width and height attributes of the root <svg>. */
export function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const w = Number(/\swidth="([\d.]+)"/.exec(tag)?.[1]);
  const h = Number(/\sheight="([\d.]+)"/.exec(tag)?.[1]);
  return { width: w, height: h };
}
