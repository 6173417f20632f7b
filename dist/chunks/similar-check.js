import { C as truncate, P as ProviderError } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/*
 * `similar`: the cosine similarity of the answer's embedding to the reference text's, at or above
 * `threshold` (0.8 by default). Both texts are embedded in one request of kind `embedding`,
 * through the same answer source as every call: recorded in the folder's recordings.json under
 * its own key (model and both texts), so a replay compares for free and the same way.
 */
const DEFAULT_SIMILARITY_THRESHOLD = 0.8;
/** The embedding request of a check: the reference first, then the answer. */
function embeddingRequest(model, reference, answer) {
    return {
        kind: 'embedding',
        provider: model.provider,
        model: model.model,
        messages: [
            { role: 'user', content: reference },
            { role: 'user', content: answer },
        ],
    };
}
/** The text the check embeds: the output as shown, or the field at `path` (JSON text when not text). */
function similarText(subject) {
    if (!subject.ok)
        return undefined;
    return typeof subject.value === 'string' ? subject.value : JSON.stringify(subject.value);
}
function cosineSimilarity(a, b) {
    if (a.length === 0 || a.length !== b.length)
        return undefined;
    let dot = 0;
    let normA = 0;
    let normB = 0;
    for (let index = 0; index < a.length; index += 1) {
        dot += a[index] * b[index];
        normA += a[index] * a[index];
        normB += b[index] * b[index];
    }
    if (normA === 0 || normB === 0)
        return undefined;
    return dot / Math.sqrt(normA * normB);
}
function similarWords(assertion) {
    const threshold = assertion.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
    return {
        name: `${assertion.path ?? 'output'} similar to ${JSON.stringify(truncate(assertion.value, 60))}`,
        expected: `cosine similarity >= ${threshold}`,
    };
}
/** The check on the vectors the provider gave (reference first). */
function similarOutcome(assertion, vectors) {
    const { name, expected } = similarWords(assertion);
    const [reference, answer] = vectors ?? [];
    const similarity = reference && answer ? cosineSimilarity(reference, answer) : undefined;
    if (similarity === undefined) {
        const errored = `the embeddings answer held no two vectors of one length to compare (got ${vectors?.length ?? 0})`;
        return { name, passed: false, expected, actual: null, message: errored, undecided: true, errored };
    }
    const threshold = assertion.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
    const actual = Math.round(similarity * 10_000) / 10_000;
    const passed = similarity >= threshold;
    return { name, passed, expected, actual, ...(passed ? {} : { message: `cosine similarity ${actual} is below ${threshold}` }) };
}
/** A check whose embeddings could not be had: no verdict, and the test errors. */
function similarFailed(assertion, error) {
    if (!(error instanceof ProviderError))
        throw error;
    const { name, expected } = similarWords(assertion);
    const errored = `no embeddings to compare: ${error.message}`;
    return { name, passed: false, expected, actual: null, message: errored, undecided: true, errored };
}

export { DEFAULT_SIMILARITY_THRESHOLD, cosineSimilarity, embeddingRequest, similarFailed, similarOutcome, similarText, similarWords };
