import { parseHTML } from 'linkedom';

/**
 * The HTML report as a text outline, kept as __tests__/render/__outputs__/*.md so a change to
 * the report reads as a diff: the heading and reasons, the table's rows, the plots' titles, the
 * filters, and for each test its header, each side's status, failed checks and figures, and the
 * size of its output diff. Outputs themselves are left out (the report shows them in full).
 */
export function htmlOutline(html: string): string {
  const { document } = parseHTML(html);
  // The text of an element, its elements apart (a cell's "summarize v1.0<br>prompts/…" reads as two).
  type Node = { nodeType: number; textContent: string | null; childNodes: ArrayLike<Node> };
  const flat = (node: Node): string =>
    node.nodeType === 3 ? (node.textContent ?? '') : ` ${Array.from(node.childNodes).map(flat).join('')} `;
  const text = (node: unknown) =>
    node
      ? flat(node as Node)
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/ ([,.;:)])/g, '$1')
      : '';
  const lines: string[] = [];
  lines.push(`# ${text(document.querySelector('h1'))}`, '', text(document.querySelector('main > p.muted')), '');
  for (const list of document.querySelectorAll('main > h3')) {
    lines.push(`## ${text(list)}`, '');
    for (const item of list.nextElementSibling?.querySelectorAll('li') ?? []) lines.push(`- ${text(item)}`);
    lines.push('');
  }
  lines.push('## Folders × models', '');
  for (const row of document.querySelectorAll('table.suites tr'))
    lines.push(`| ${[...row.children].map((cell) => text(cell)).join(' | ')} |`);
  lines.push('', '## Plots', '');
  for (const figure of document.querySelectorAll('.plots > figure'))
    lines.push(
      `- ${text(figure.querySelector('figcaption'))}: inline SVG, ${figure.querySelectorAll('svg circle, svg path, svg rect, svg line').length} shapes`,
    );
  lines.push('', '## Tests', '');
  const form = document.querySelector('#filters');
  lines.push(`Filters: ${[...(form?.querySelectorAll('label') ?? [])].map((label) => text(label).replace(/ all.*$/, '')).join(', ')}`);
  for (const select of form?.querySelectorAll('select') ?? [])
    lines.push(`- ${select.getAttribute('name')}: ${[...select.querySelectorAll('option')].map((option) => text(option)).join(', ')}`);
  for (const card of document.querySelectorAll('section.test')) {
    const flags = ['failed', 'flipped', 'flaky', 'required'].filter((flag) => card.getAttribute(`data-${flag}`) === '1');
    lines.push(
      '',
      `### ${text(card.querySelector('header'))}`,
      '',
      `filters: ${flags.join(', ') || '—'} · folder ${card.getAttribute('data-folder')} · model ${card.getAttribute('data-model')}`,
    );
    for (const side of card.querySelectorAll('.side')) {
      lines.push(`- ${text(side.querySelector('h4'))}`);
      for (const turn of side.querySelectorAll('.turn')) lines.push(`  - ${text(turn)}`);
      for (const call of side.querySelectorAll('ol li')) lines.push(`  - tool call ${text(call)}`);
      for (const row of side.querySelectorAll('tr.check-failed'))
        lines.push(
          `  - ✗ ${[...row.children]
            .slice(1, 2)
            .map((cell) => text(cell))
            .join('')}`,
        );
      const runs = side.querySelectorAll('table:not(.checks) tbody tr').length;
      if (runs > 0) lines.push(`  - ${runs} runs`);
      const facts = side.querySelector('p.muted');
      if (facts) lines.push(`  - ${text(facts)}`);
    }
    const diff = card.querySelector('pre.diff');
    if (diff) lines.push(`- output diff: +${diff.querySelectorAll('.added').length} −${diff.querySelectorAll('.removed').length} lines`);
  }
  return `${lines.join('\n')}\n`;
}
