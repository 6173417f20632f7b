import { isUtf8 } from 'node:buffer';

/**
 * The bytes as text when they are valid UTF-8, else undefined: what
 * `new TextDecoder('utf-8', { fatal: true })` answers (a leading BOM dropped, too), without
 * TextDecoder's ICU converter, whose first use costs every start-up time (docs/speed.md).
 */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
