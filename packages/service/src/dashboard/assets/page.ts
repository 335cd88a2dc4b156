/**
 * `/`: the page shell. Static headings and landmarks; `/dashboard.js` fills the panels. Asset URLs
 * are relative so the dashboard also works behind a path prefix.
 */
export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>omnistock · operator dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="dashboard.css">
<script type="module" src="dashboard.js"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <h1 class="brand"><span class="brand-name">omnistock</span> <span class="brand-sub">operator dashboard</span></h1>
  <div class="controls" id="controls" hidden>
    <span id="updated" class="updated" data-testid="updated">Loading…</span>
    <button type="button" id="refresh-now" class="secondary" data-testid="refresh-now">Refresh now</button>
    <button type="button" id="pause" class="secondary" aria-pressed="false" data-testid="pause">Pause auto-refresh</button>
    <button type="button" id="forget-key" class="secondary" data-testid="forget-key">Forget key</button>
  </div>
</header>
<main id="main">
  <section id="key-panel" class="panel key-panel" aria-labelledby="key-heading" data-testid="key-panel" hidden>
    <h2 id="key-heading">Admin API key</h2>
    <p>The dashboard calls the service with an admin key, kept in this tab's session storage only.
      A link of the form <code>/#key=…</code> works too.</p>
    <form id="key-form" data-testid="key-form">
      <label for="key-input">API key</label>
      <input id="key-input" name="key" type="password" autocomplete="off" required>
      <button type="submit">Open dashboard</button>
    </form>
    <div id="key-error"></div>
  </section>
  <div id="dashboard" hidden>
    <div id="error-banner" data-testid="error-banner"></div>
    <section aria-labelledby="summary-heading" data-testid="panel-summary">
      <h2 id="summary-heading" class="visually-hidden">Summary</h2>
      <div id="tiles"></div>
    </section>
    <div class="grid">
      <section class="panel span-2" aria-labelledby="freshness-heading" data-testid="panel-freshness">
        <h2 id="freshness-heading">Freshness and event lag per source</h2>
        <div id="freshness"></div>
      </section>
      <section class="panel span-2" aria-labelledby="quarantine-heading" data-testid="panel-quarantine">
        <h2 id="quarantine-heading">Quarantine</h2>
        <p id="quarantine-outcome" class="outcome" role="status" aria-live="polite" tabindex="-1"
          data-testid="quarantine-outcome"></p>
        <div id="quarantine-error"></div>
        <div id="quarantine-list"></div>
      </section>
      <section class="panel span-2" aria-labelledby="sku-heading" data-testid="panel-sku">
        <h2 id="sku-heading">Availability per sku: why is ATP what it is?</h2>
        <form id="sku-form" class="pickers">
          <label for="sku-select">Sku</label>
          <select id="sku-select" data-testid="sku-select"></select>
          <label for="channel-select">Channel</label>
          <select id="channel-select" data-testid="channel-select"></select>
        </form>
        <div id="sku-result" aria-live="off"></div>
      </section>
      <section class="panel" aria-labelledby="oversold-heading" data-testid="panel-oversold">
        <h2 id="oversold-heading">Oversold positions</h2>
        <div id="oversold"></div>
      </section>
      <section class="panel" aria-labelledby="dead-letters-heading" data-testid="panel-dead-letters">
        <h2 id="dead-letters-heading">Dead letters</h2>
        <div id="dead-letters"></div>
      </section>
      <section class="panel span-2" aria-labelledby="reconciliation-heading" data-testid="panel-reconciliation">
        <h2 id="reconciliation-heading">Reconciliation exceptions (latest report)</h2>
        <div id="reconciliation"></div>
      </section>
      <section class="panel span-2" aria-labelledby="reservations-heading" data-testid="panel-reservations">
        <h2 id="reservations-heading">Live reservations</h2>
        <div id="reservations"></div>
      </section>
    </div>
  </div>
  <noscript><p>The dashboard needs JavaScript.</p></noscript>
</main>
</body>
</html>
`;
