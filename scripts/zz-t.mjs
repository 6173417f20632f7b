import { parseFastYaml } from '../src/fast-yaml.ts';
import YAML from 'yaml';
for (const t of ['a: abc\u00a0\n', 'a: [x\u00a0, y]\n', 'a:\n\u00a0 b: 1\n', 'a: |\n  x\n  \u3000\n', 'a: \u2003b\n']) {
  let y; try { y = JSON.stringify(YAML.parse(t)); } catch (e) { y = 'ERR ' + e.message.split('\n')[0]; }
  console.log(JSON.stringify(t), JSON.stringify(parseFastYaml(t)?.value), y);
}
