import { readFile } from 'node:fs/promises';
import { ChannelPolicySetSchema } from '@omnistock/atp';
import {
  ChannelIdSchema,
  formatPath,
  issuesFromZod,
  ItemSchema,
  LocationGroupSchema,
  LocationSchema,
} from '@omnistock/core';
import { z } from 'zod';
import { UsageError } from '../command';

/**
 * A catalog file for `omnistock serve --catalog`: what the service sells, where, in which channels
 * and under which policies, and optionally the CloudEvents that stock it at start (`seedEvents`).
 * Every reference (group members, policy scopes and protections) must name something declared.
 */
export const CatalogFileSchema = z
  .strictObject({
    items: z.array(ItemSchema).min(1),
    locations: z.array(LocationSchema).min(1),
    groups: z.array(LocationGroupSchema).default([]),
    channels: z.array(ChannelIdSchema).min(1),
    policies: ChannelPolicySetSchema.default({ rules: [] }),
    seedEvents: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .superRefine((c, ctx) => {
    const unique = (ids: readonly string[], path: string, what: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id))
          ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicate ${what} "${id}"` });
        seen.add(id);
      });
      return seen;
    };
    const skus = unique(
      c.items.map((i) => i.sku),
      'items',
      'sku',
    );
    const locations = unique(
      c.locations.map((l) => l.id),
      'locations',
      'location',
    );
    unique(
      c.groups.map((g) => g.id),
      'groups',
      'group',
    );
    const channels = unique(c.channels, 'channels', 'channel');
    c.groups.forEach((g, i) => {
      g.locations.forEach((l, j) => {
        if (!locations.has(l)) {
          ctx.addIssue({
            code: 'custom',
            path: ['groups', i, 'locations', j],
            message: `unknown location "${l}"`,
          });
        }
      });
    });
    c.policies.rules.forEach((r, i) => {
      const check = (value: string | undefined, known: Set<string>, field: string, what: string) => {
        if (value !== undefined && !known.has(value)) {
          ctx.addIssue({
            code: 'custom',
            path: ['policies', 'rules', i, 'scope', field],
            message: `unknown ${what} "${value}"`,
          });
        }
      };
      check(r.scope.sku, skus, 'sku', 'sku');
      check(r.scope.location, locations, 'location', 'location');
      check(r.scope.channel, channels, 'channel', 'channel');
      for (const ch of Object.keys(r.protections ?? {})) {
        if (!channels.has(ch)) {
          ctx.addIssue({
            code: 'custom',
            path: ['policies', 'rules', i, 'protections', ch],
            message: `unknown channel "${ch}"`,
          });
        }
      }
    });
  });

/** A validated catalog file. */
export type CatalogFile = z.infer<typeof CatalogFileSchema>;

/**
 * Reads and validates a catalog file; every problem is a `UsageError` naming the file and the path.
 * @example
 * const catalog = await readCatalogFile('catalog.json', 'catalog.json');
 */
export async function readCatalogFile(path: string, shown: string): Promise<CatalogFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `--catalog: cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--catalog: ${shown} is not JSON: ${(e as Error).message}`);
  }
  const r = CatalogFileSchema.safeParse(json);
  if (r.success) return r.data;
  const issues = issuesFromZod(r.error);
  const shownIssues = issues.slice(0, 10).map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  const more = issues.length > 10 ? [`  ... and ${issues.length - 10} more`] : [];
  throw new UsageError(
    `--catalog: ${shown} is not a valid catalog:\n${[...shownIssues, ...more].join('\n')}`,
  );
}
