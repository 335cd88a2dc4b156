/** The package version `/healthz` reports by default (a test keeps it equal to package.json). */
export const SERVICE_VERSION = '0.1.0';
