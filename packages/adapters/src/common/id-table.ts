/**
 * An id mapping given by the caller (a channel's id → an omnistock id): a `Map` or a plain record.
 * @example
 * const items: IdTable = { '30322695': 'MUG-1' };
 */
export type IdTable = ReadonlyMap<string, string> | Readonly<Record<string, string>>;
