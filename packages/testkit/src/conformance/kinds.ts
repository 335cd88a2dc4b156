import { atpKind } from './kinds/atp';
import { ledgerKind } from './kinds/ledger';
import { reservationKind } from './kinds/reservation';
import type { KindHandler } from './types';

/**
 * Every conformance vector kind this project defines, by `kind`. To add a kind, write a
 * {@link KindHandler} in `kinds/<kind>.ts` and add it here.
 */
export const kinds: Readonly<Record<string, KindHandler>> = {
  [atpKind.kind]: atpKind,
  [ledgerKind.kind]: ledgerKind,
  [reservationKind.kind]: reservationKind,
};
