import { micromark } from 'micromark';
import { gfmAutolinkLiteral, gfmAutolinkLiteralHtml } from 'micromark-extension-gfm-autolink-literal';
import { gfmStrikethrough, gfmStrikethroughHtml } from 'micromark-extension-gfm-strikethrough';
import { gfmTable, gfmTableHtml } from 'micromark-extension-gfm-table';
import { gfmTagfilterHtml } from 'micromark-extension-gfm-tagfilter';

/**
 * Markdown rendered as GitHub renders it: micromark with GitHub's extensions (table,
 * strikethrough, autolink literals, the tag filter), which renders these reports byte for byte
 * as cmark-gfm (GitHub's fork of cmark) does. `allowDangerousHtml` keeps raw HTML, as GitHub
 * does before its own sanitiser, so a tag that slipped through our escaping would show here.
 * An npm package, so `npm ci && npm test` needs nothing else on the machine.
 */
export function renderGfm(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfmTable(), gfmStrikethrough(), gfmAutolinkLiteral()],
    htmlExtensions: [gfmTableHtml(), gfmStrikethroughHtml(), gfmAutolinkLiteralHtml(), gfmTagfilterHtml()],
  });
}
/** The HTML with <pre> blocks and <code> spans removed: inside them nothing is live. */
export function outsideCodeHtml(html: string): string {
  return html.replace(/<pre[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');
}

/** Text of the HTML outside code, tags stripped and the entities GitHub would decode, decoded. */
export function visibleText(html: string): string {
  return outsideCodeHtml(html)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** Rows of the first table body, as arrays of cell HTML. */
export function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!));
}
