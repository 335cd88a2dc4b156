import { createHash } from 'node:crypto';
import { dashboardHtml } from './assets/page';
import { dashboardJs } from './assets/script';
import { dashboardCss } from './assets/styles';

/** One static file of the dashboard, ready to send. */
export interface DashboardAsset {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  /** A strong entity tag of the body, for `If-None-Match`. */
  readonly etag: string;
}

function asset(path: string, contentType: string, body: string): DashboardAsset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { path, contentType, body, etag };
}

/** The page, its script and its stylesheet. They are string constants, so src and dist serve the same bytes. */
export const dashboardAssets: readonly DashboardAsset[] = [
  asset('/', 'text/html; charset=utf-8', dashboardHtml),
  asset('/dashboard.js', 'text/javascript; charset=utf-8', dashboardJs),
  asset('/dashboard.css', 'text/css; charset=utf-8', dashboardCss),
];

/**
 * The page's Content-Security-Policy: only its own script, stylesheet and API calls; no inline code,
 * no framing. A second line of defence behind building the DOM with text nodes only.
 */
export const dashboardCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
