/** The journal's formulas (SPEC «Formulas»): small pure functions, no database, no i18n. */
export * from './marks.js';
export * from './rounding.js';
export * from './percent.js';
export * from './quality.js';
export * from './attendance.js';
export * from './rating.js';
