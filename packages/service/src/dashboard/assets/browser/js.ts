/**
 * Tags browser source text: backslashes stay verbatim (it is `String.raw`), so a regex such as
 * `/\d+/` reaches the browser intact, and `${…}` interpolation is a type error, so the source is
 * exactly what the file shows.
 */
export const js: (source: TemplateStringsArray, ...interpolations: never[]) => string = String.raw;
