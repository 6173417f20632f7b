import { execFileSync } from 'node:child_process';

/**
 * Markdown rendered as GitHub renders it: Debian's cmark-gfm (GitHub's fork of cmark) with
 * GitHub's extensions. `--unsafe` keeps raw HTML, as GitHub does before its own sanitiser, so
 * a tag that slipped through our escaping would show here. Required, not optional: a test that
 * skips when the tool is missing would pass on a machine that checks nothing.
 */
export function renderGfm(markdown: string): string {
  try {
    return execFileSync('cmark-gfm', ['--unsafe', '-e', 'table', '-e', 'strikethrough', '-e', 'autolink', '-e', 'tagfilter'], {
      input: markdown,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('cmark-gfm is not installed: these tests render the report as GitHub does. Install it with `apt-get install -y cmark-gfm`.');
    }
    throw error;
  }
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
