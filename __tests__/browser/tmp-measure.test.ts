import { it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { launchChromium, commentPage, measureComment } from './chromium.js';
it('measure', async () => {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 868, height: 900 } });
  const md = readFileSync(process.env.MD!, 'utf8');
  await page.setContent(commentPage(md));
  const m = await measureComment(page);
  console.log(JSON.stringify({ chars: md.length, ...m }, null, 1));
  await page.screenshot({ path: process.env.MD + '.png', fullPage: true });
  await browser.close();
}, 60000);
