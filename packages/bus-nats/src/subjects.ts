/**
 * Encodes an id as one NATS subject token: letters, digits, `-` and `_` pass through, every other
 * character (including `.`, `*`, `>` and `~`) becomes `~XX` (its UTF-8 bytes in hex). Reversible.
 * @example
 * subjectToken('A.b/1'); // 'A~2Eb~2F1'
 */
export function subjectToken(id: string): string {
  if (id === '') return '~';
  let out = '';
  for (const ch of id) {
    if (/[A-Za-z0-9_-]/.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `~${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The subject tokens of an event type: `omnistock.stock.adjusted.v1` → `stock.adjusted.v1`
 * (other types keep every part, each encoded as a token).
 * @example
 * typeTokens('omnistock.sale.recorded.v1'); // 'sale.recorded.v1'
 */
export function typeTokens(type: string): string {
  const parts = type.split('.');
  const rest = parts[0] === 'omnistock' && parts.length > 1 ? parts.slice(1) : parts;
  return rest.map(subjectToken).join('.');
}

/**
 * The subject an event is published on: `<prefix>.<type tokens>.<partition key token>`, e.g.
 * `omnistock.events.stock.adjusted.v1.SKU-1`. Events without a partition key use `_`.
 * @example
 * eventSubjectFor('omnistock.events', 'omnistock.sale.recorded.v1', 'SKU-1'); // 'omnistock.events.sale.recorded.v1.SKU-1'
 */
export function eventSubjectFor(prefix: string, type: string, partitionKey: string | undefined): string {
  return `${prefix}.${typeTokens(type)}.${partitionKey === undefined ? '_' : subjectToken(partitionKey)}`;
}

/**
 * The filter subject of one event type (every partition key).
 * @example
 * typeFilter('omnistock.events', 'omnistock.sale.recorded.v1'); // 'omnistock.events.sale.recorded.v1.*'
 */
export function typeFilter(prefix: string, type: string): string {
  return `${prefix}.${typeTokens(type)}.*`;
}
