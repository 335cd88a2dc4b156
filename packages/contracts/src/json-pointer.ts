/**
 * Escapes one reference token of a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
 * @example
 * escapePointerToken('/v1/events'); // '~1v1~1events'
 */
export function escapePointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Builds a JSON pointer from tokens.
 * @example
 * toPointer(['paths', '/v1/events', 'post']); // '/paths/~1v1~1events/post'
 */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

/**
 * Splits a JSON pointer (or a `#/...` fragment) into unescaped tokens.
 * @example
 * pointerTokens('#/components/schemas/Sku'); // ['components', 'schemas', 'Sku']
 */
export function pointerTokens(pointer: string): string[] {
  const p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p === '') return [];
  return p
    .slice(1)
    .split('/')
    .map((t) => decodeURIComponent(t).replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * The value at a JSON pointer, or undefined.
 * @example
 * getAtPointer({ a: { b: [1, 2] } }, '/a/b/1'); // 2
 */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const t of pointerTokens(pointer)) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}
