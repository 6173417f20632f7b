import { createHash } from 'node:crypto';
import { esc } from './escape.js';

/**
 * The page around the report: one self-contained file. No request leaves it: no external
 * script, style, font or image, and a Content-Security-Policy that allows none (default-src
 * 'none'), inline styles (the plots carry their own), and only the page's own script, by its
 * hash, so no script in model output could run even if it became markup.
 */

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bad: #cf222e; --good: #1a7f37; --warn: #9a6700; --bg-bad: #ffebe9; --bg-good: #dafbe1; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.name { white-space: nowrap; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
pre { background: #f6f8fa; padding: 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; overflow: auto; }
.diff span { display: block; } .diff .added { background: var(--bg-good); } .diff .removed { background: var(--bg-bad); }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; border: 1px solid var(--line); white-space: nowrap; }
.passed { color: var(--good); } .failed, .error { color: var(--bad); } .flaky { color: var(--warn); }
.test { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 8px 12px; }
.test > header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.side { min-width: 0; }
.side h4 { margin: 8px 0 4px; font-size: 13px; }
.check-failed td { background: var(--bg-bad); }
.turn { margin: 2px 0; } .turn b { text-transform: capitalize; }
#filters { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 12px; align-items: center; z-index: 1; }
.plots { display: flex; flex-wrap: wrap; gap: 24px; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
`;

/** The filters: show the test cards that match every ticked box and chosen folder and model. */
export const FILTER_SCRIPT = `(() => {
  const form = document.getElementById('filters');
  const count = document.getElementById('shown');
  const cards = [...document.querySelectorAll('.test')];
  const apply = () => {
    const want = new FormData(form);
    let shown = 0;
    for (const card of cards) {
      const show = ['failed', 'flipped', 'flaky', 'required'].every((flag) => !want.get(flag) || card.dataset[flag] === '1')
        && (!want.get('folder') || card.dataset.folder === want.get('folder'))
        && (!want.get('model') || card.dataset.model === want.get('model'));
      card.hidden = !show;
      if (show) shown += 1;
    }
    count.textContent = shown + ' of ' + cards.length + ' tests shown';
  };
  form.addEventListener('change', apply);
  apply();
})();`;

export function page(title: string, body: string): string {
  const hash = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
  const policy = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title, 200)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}
