import { writeAnnotatedTag } from '../../src/release/git-tags.js';
import { formatTagMessage, type ModelRecord } from '../../src/release/tag-message.js';
import type { TempRepo } from './git-repo.js';

/**
 * Release tags as `promptgate release` writes them (its formatTagMessage, written by its git tag
 * plumbing), for the HTML report's plots across versions: support v1.0, v1.1 and v2.0 on three
 * models (`model-result:` lines), summarize v1.0 on one. Each tag points at a commit of its own.
 */
export async function writeReleaseTags(repo: TempRepo): Promise<void> {
  const models = (rates: [number, number, number], costs: [number, number, number]): ModelRecord[] =>
    (['openai:gpt-4o', 'anthropic:claude-haiku-4-5', 'openai:gpt-4o-mini'] as const).map((ref, i) => {
      const [provider, model] = ref.split(':') as [string, string];
      return { provider, model, passRate: rates[i]!, passed: Math.round(rates[i]! * 12), total: 12, costUsd: costs[i]! };
    });
  const releases = [
    { id: 'support', version: 'v1.0', models: models([0.833, 0.75, 0.833], [0.019, 0.021, 0.0012]) },
    { id: 'support', version: 'v1.1', models: models([0.917, 0.833, 0.917], [0.018, 0.02, 0.0011]) },
    { id: 'support', version: 'v2.0', models: models([1, 0.917, 1], [0.017, 0.019, 0.0011]) },
    { id: 'summarize', version: 'v1.0' },
  ];
  for (const release of releases) {
    await repo.write(`releases/${release.id}-${release.version}.txt`, `${release.id} ${release.version}\n`);
    const commit = await repo.commit(`${release.id} ${release.version}`);
    const first = release.models?.[0];
    const message = formatTagMessage({
      id: release.id,
      version: release.version,
      folder: `prompts/${release.id}/${release.version}`,
      passRate: first?.passRate ?? 1,
      passed: first?.passed ?? 8,
      total: first?.total ?? 8,
      costUsd: first?.costUsd ?? 0.0004,
      provider: first?.provider ?? 'openai',
      model: first?.model ?? 'gpt-4o-mini',
      commit,
      ...(release.models ? { models: release.models } : {}),
    });
    await writeAnnotatedTag(repo.dir, `prompts/${release.id}@${release.version}`, commit, message);
  }
}
