import { apiJs } from './browser/api';
import { decimalJs } from './browser/decimal';
import { domJs } from './browser/dom';
import { exceptionsJs } from './browser/exceptions';
import { explainBarJs } from './browser/explain-bar';
import { formatJs } from './browser/format';
import { freshnessJs } from './browser/freshness';
import { mainJs } from './browser/main';
import { quarantineJs } from './browser/quarantine';
import { reservationsJs } from './browser/reservations';
import { skuViewJs } from './browser/sku-view';
import { tilesJs } from './browser/tiles';

/**
 * `/dashboard.js`: the browser parts in dependency order, as one ES module (strict, its own scope,
 * deferred). Plain modern JavaScript that an evergreen browser runs as is: nothing is compiled at run time.
 */
export const dashboardJs = [
  '// omnistock operator dashboard',
  domJs,
  decimalJs,
  formatJs,
  apiJs,
  tilesJs,
  freshnessJs,
  exceptionsJs,
  reservationsJs,
  quarantineJs,
  explainBarJs,
  skuViewJs,
  mainJs,
  '',
].join('\n');
