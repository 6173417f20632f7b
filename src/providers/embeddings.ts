import type { Provider } from './types.js';

/*
 * Embeddings (the `similar` check) travel as requests of kind `embedding` through the same
 * answer sources as every answer: recorded, replayed and counted alike. A provider that has an
 * embeddings API answers them through a second adapter (openai-embeddings.ts), loaded on the
 * first such request only; everything else goes to the provider as before. Anthropic has no
 * embeddings API, so it is never given one (the loader refuses `embedding_model: anthropic:…`).
 */

export function withEmbeddings(provider: Provider, load: () => Promise<Provider>): Provider {
  let embedder: Promise<Provider> | undefined;
  return {
    name: provider.name,
    async complete(request, options) {
      if (request.kind !== 'embedding') return provider.complete(request, options);
      embedder ??= load();
      return (await embedder).complete(request, options);
    },
  };
}
